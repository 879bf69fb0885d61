#!/bin/bash
# A collector behind a VRF, as VyOS configures it: destination=
# ADDR:PORT%mgmt binds the export socket to the VRF device, so it is routed
# by the VRF's table; without it the collector is unreachable and the flows
# are counted as lost. A device that does not exist is refused.
#
#   router vc (in VRF mgmt, table 10) 10.3.0.1 --veth-- $NS_C 10.3.0.2 nfcapd
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump ping
collector_host_up
ip link add mgmt type vrf table 10
ip link set mgmt up
ip link set vc master mgmt
ip route get 10.3.0.2 >/dev/null 2>&1 && fail "10.3.0.2 is routed outside the VRF"
nfcapd_c vrf

modprobe ipt_NETFLOW protocol=10 destination=10.3.0.2:2055@10.3.0.1%mgmt
iptables-legacy -A OUTPUT -o lo -p icmp -j NETFLOW
ping -c 3 -i 0.2 -q 127.0.0.1 >/dev/null
sysctl -qw net.netflow.flush=1
assert_eq "$(snmp outFlows) $(snmp lostFlows)" "2 0" "flows exported through the VRF (echo, reply)"

# Without the device: no route, nothing sent, the flows counted as lost.
sysctl -qw net.netflow.destination=10.3.0.2:2055
ping -c 2 -i 0.2 -q 127.0.0.1 >/dev/null
sysctl -qw net.netflow.flush=1
assert_eq "$(snmp outFlows) $(snmp lostFlows)" "2 2" "flows lost without the VRF"
rc=0
sysctl -qw net.netflow.destination=10.3.0.2:2055%nosuch 2>/dev/null || rc=$?
[ "$rc" -ne 0 ] || fail "a destination on a missing device was accepted"
dmesg | grep -q 'no device nosuch' || fail "no kernel message names the missing device"
nfcapd_c_stop
assert_eq "$(nfdump -R "$FM_OUT/vrf" -q -N -o 'fmt:%pr %sa %da %pkt' 2>/dev/null |
	awk '{ $1 = $1; print }' | sort | tr '\n' ';')" \
	"1 127.0.0.1 127.0.0.1 3;1 127.0.0.1 127.0.0.1 3;" "the VRF collector's records"
