#!/bin/bash
# Protocol 10 export of known IPv4/IPv6 flows, checked by nfdump, tshark and ipfixDump.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/export_case.sh"
export_case 10
