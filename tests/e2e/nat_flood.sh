#!/bin/bash
# NAT events faster than they are exported must not starve the exporter:
# the worker that drains them lets go of the export lock after a budget of
# messages. 10000 MASQUERADE-d connections are destroyed at once, and the
# collector's link (500 kbit/s) takes seconds to carry their records; while
# they drain, a flow that went idle is still exported on time and /proc
# still answers. No event is lost (the queue holds them all).
#
#   $NS_A --FORWARD, MASQUERADE--> $NS_B
#   router vc --tbf 500kbit--> $NS_C: nfcapd (lib/topo.sh)
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd conntrack python3 tc
N=${FM_NAT_FLOOD:-10000}
T=$LIB/traffic.py
collector_host_up
nfcapd_c nfcapd
tc qdisc add dev vc root tbf rate 500kbit burst 16kb limit 16mb
# Only the test's connections in conntrack: not the export traffic.
iptables-$IPT -t raw -A OUTPUT -o vc -j NOTRACK
modprobe ipt_NETFLOW protocol=9 destination=10.3.0.2:2055 natevents=1 inactive_timeout=1
topo_up
accounting_on v4
iptables-$IPT -t nat -A POSTROUTING -o vb -j MASQUERADE
# Every connection must still be there at the flush: a slow guest (the
# debug kernel) takes longer than UDP's 30 s to open them all.
udp_timeout=$(sysctl -n net.netfilter.nf_conntrack_udp_timeout)
trap 'sysctl -qw net.netfilter.nf_conntrack_udp_timeout=$udp_timeout' EXIT
sysctl -qw net.netfilter.nf_conntrack_udp_timeout=3600
sysctl -qw net.netflow.natevents_queue=$((64 << 20))
ina python3 $T udp-many 10.2.0.2 5001 20000 "$N"
wait_for "[ \$(snmp natCreated) -ge $N ]" 60
wait_for "[ \$(snmp hashFlows) = 0 ]" 20
wait_for "tc -s qdisc show dev vc | grep -q 'backlog 0b 0p'" 60
snap() { awk '$1 == "outFlows" { o = $2 } $1 == "natDeleted" { d = $2 } $1 == "natLost" { l = $2 }
	END { print o, d, l }' /proc/net/stat/ipt_netflow_snmp; }
read -r of0 d0 _ < <(snap)

# The probe flow goes idle while the destroy events drain; its own
# connection is one more.
ina python3 $T udp 10.2.0.2 5002 59999 1 10
tp=$(date +%s%N)
N=$((N + 1))
c=$(conntrack -C)
[ "$c" -ge "$N" ] || fail "$c connections before the flush, not $N: some expired before it"
# Sampled while the flush runs too: on a slow kernel most of the drain
# happens before conntrack -F returns.
conntrack -F >/dev/null 2>&1 &
flush=$!
t0=$(date +%s%N)
seen=
while :; do
	# One read, under the exporter's lock: flows sent and events drained
	# are of the same moment.
	read -r of del lost < <(snap)
	del=$((del - d0))
	[ "$lost" = 0 ] || fail "$lost events lost (conntrack's queue overflowed) while draining"
	if [ -z "$seen" ] && [ "$of" -gt "$of0" ] && [ "$del" -lt "$N" ]; then
		seen="$del of $N destroy events drained, $(( ($(date +%s%N) - tp) / 1000000 )) ms after the probe"
	fi
	[ "$del" -lt "$N" ] || break
	[ $(( $(date +%s%N) - t0 )) -lt 120000000000 ] ||
		fail "events still draining after 120 s: $del of $N, $(snmp natDrainYields) yields"
	sleep 0.2
done
echo "drained $N destroy events in $(( ($(date +%s%N) - t0) / 1000000 )) ms from the flush's start"
wait "$flush"
[ -n "$seen" ] || fail "the idle flow was not exported while events drained"
echo "ok: idle flow exported with $seen"
echo "natDrainYields $(snmp natDrainYields)"
[ "$(snmp natDrainYields)" -gt 0 ] || fail "the drain never reached its budget: the test tests nothing"
assert_eq "$(snmp natLost)" 0 "events lost"
assert_eq $(( $(snmp natDeleted) - d0 )) "$N" "destroy events"
nfcapd_c_stop
