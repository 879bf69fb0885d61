#!/bin/bash
# A flush makes PDUs far faster than a slow link drains them. The exporter
# waits for send-buffer space (bounded), so where the link keeps draining
# nothing is lost; where it cannot keep up, what does not go out is counted
# as lost, exactly: records received + lostFlows = flows flushed, and the
# packets likewise, against the NETFLOW rule's counters.
#
#   $NS_A --pktgen--> router (FORWARD, NETFLOW) --> $NS_B
#   router vc --tbf--> $NS_C: nfcapd (lib/topo.sh)
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
. "$(dirname "$0")/lib/pktgen.sh"
need nfcapd nfdump tc
BIG=${FM_FLUSH_FLOWS:-1000000}
SMALL=20000

# received DIR: records and packets $NS_C's nfcapd wrote, once stopped.
received() {
	nfcapd_c_stop
	nfdump -R "$FM_OUT/$1" -q -o 'fmt:%pkt' -N 2>/dev/null |
		awk '{ n++; p += $1 } END { print n + 0, p + 0 }'
}
collector_host_up
nfcapd_c phase1
ping -c 1 -W 2 10.3.0.2 >/dev/null

modprobe ipt_NETFLOW protocol=10 destination=10.3.0.2:2055 sndbuf=16384 refresh_rate=1 \
	maxflows=0 inactive_timeout=3600 active_timeout=3600
topo_up
accounting_on v4
sysctl -qw net.core.netdev_max_backlog=100000
mac=$(cat /sys/class/net/va/address)
pktgen_on "$NS_A" eth0

# 1. A link that drains a PDU in well under the wait: nothing lost.
tc qdisc add dev vc root tbf rate 20mbit burst 16kb limit 16mb
pktgen_run 10.2.0.2 "$mac" 10.1.0.2 $SMALL $SMALL >/dev/null
read -r p1 b1 < <(rule_counters v4)
flows=$(snmp hashFlows)
assert_eq "$flows" "$p1" "flows = packets the rule counted (one packet each)"
sysctl -qw net.netflow.flush=1
read -r n1 rp1 < <(received phase1)
assert_eq "$(snmp lostFlows)" 0 "lostFlows after a flush into a draining link"
assert_eq "$n1 $rp1" "$flows $p1" "records and packets nfcapd received"
out1=$(snmp outFlows)
nfcapd_c phase2

# 2. A link too slow for the wait (a 1500-byte PDU takes 190 ms): most of
# a big table cannot go out, and is counted.
tc qdisc change dev vc root tbf rate 64kbit burst 4kb limit 16mb
pktgen_run 10.2.0.2 "$mac" 10.1.0.2 "$BIG" "$BIG" >/dev/null
read -r p2 b2 < <(rule_counters v4)
flows=$(snmp hashFlows)
assert_eq "$flows" $((p2 - p1)) "flows = new packets the rule counted"
echo "flushing $flows flows"
t0=$(date +%s)
sysctl -qw net.netflow.flush=1
echo "flush took $(( $(date +%s) - t0 ))s"
assert_eq "$(snmp hashFlows)" 0 "flows left after the flush"
read -r n2 rp2 < <(received phase2)
lf=$(snmp lostFlows) lp=$(snmp lostPackets) lb=$(snmp lostBytes)
echo "received $n2 records, lost $lf flows"
grep -E '^(Export|Templates|sock0)' /proc/net/stat/ipt_netflow
[ "$lf" -gt 0 ] || fail "nothing lost into a 64 kbit/s link: the test tests nothing"
assert_eq $((n2 + lf)) "$flows" "records received + lostFlows"
assert_eq $((rp2 + lp)) $((p2 - p1)) "packets received + lostPackets"
assert_eq $(( $(snmp outFlows) - out1 )) "$n2" "outFlows = records the collector received"
[ "$lb" -gt 0 ] || fail "lostBytes is 0"
