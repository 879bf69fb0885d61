#!/bin/bash
# Protocol 5 export of known IPv4 flows, checked by nfdump, tshark.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/export_case.sh"
export_case 5
