#!/bin/bash
# Unloading while traffic still flows exports every flow still in the table:
# the collector gets exactly what the rule counted, with no flush asked for.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump tshark python3

meter_up both protocol=10 inactive_timeout=600 active_timeout=1800
T=$LIB/traffic.py

ina python3 $T udp 10.2.0.2 7300 44001 400 100 0.01 &
s4=$!
ina python3 $T udp fd02::2 7300 44002 400 100 0.01 &
s6=$!
# Both senders under way (python starts slowly under TCG).
wait_for '[ "$(snmp hashFlows)" -ge 2 ]' 30
sleep 1
# Stop metering in one step (the jump goes, traffic keeps flowing), read
# what the rules counted, then take the rules and the module away.
iptables-legacy -D FORWARD -j ACCEPTANDACCOUNT
ip6tables-legacy -D FORWARD -j ACCEPTANDACCOUNT
read -r pkts bytes < <(rule_counters both)
[ "$pkts" -gt 0 ] || fail "no traffic metered"
for t in iptables-legacy ip6tables-legacy; do
	$t -F ACCEPTANDACCOUNT
	$t -X ACCEPTANDACCOUNT
done
flows=$(snmp hashFlows)
[ "$flows" -ge 2 ] || fail "expected live flows before rmmod, have $flows"
rmmod ipt_NETFLOW
wait $s4 $s6
collectors_stop
decode_all 10
records | tee "$FM_OUT/records.txt"
read -r p b < <(awk '{ p += $6; b += $7 } END { print p + 0, b + 0 }' "$FM_OUT/records.txt")
assert_eq "$p $b" "$pkts $bytes" "exported at rmmod vs rule counters"
assert_eq "$(awk '$8 != 4' "$FM_OUT/records.txt" | wc -l)" 0 "records not ended as forced"
