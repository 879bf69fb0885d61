#!/bin/bash
# maxflows bounds the table: packets that would need a flow past it are not
# metered into any flow but counted as dropped, exactly; flows that exist
# keep counting.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump tshark python3

meter_up v4 protocol=9 inactive_timeout=600 maxflows=5
T=$LIB/traffic.py E=$FM_OUT/expect.txt
: > "$E"
for i in 1 2 3 4 5; do
	ina python3 $T udp 10.2.0.2 7000 4100$i 3 100
	echo "17 10.1.0.2 4100$i 10.2.0.2 7000 3 $((3 * 128))" >> "$E"
done
assert_eq "$(snmp hashFlows)" 5 "flows in table"
for i in 6 7 8 9; do
	ina python3 $T udp 10.2.0.2 7000 4100$i 4 200
done
# The first flows still count.
ina python3 $T udp 10.2.0.2 7000 41001 2 100
sed -i "1s/.*/17 10.1.0.2 41001 10.2.0.2 7000 5 $((5 * 128))/" "$E"

assert_eq "$(snmp dropMaxflows)" 16 "packets dropped for maxflows"
assert_eq "$(snmp dropBytes)" $((16 * 228)) "bytes dropped for maxflows"
assert_eq "$(snmp hashFlows)" 5 "flows in table"
sysctl -qw net.netflow.flush=1
read -r pkts bytes < <(rule_counters v4)
collectors_stop
decode_all 9
# What the rule saw = what was exported + what was counted as dropped.
python3 "$LIB/check.py" --protocol 9 --expect "$E" \
	--rule-packets $((pkts - 16)) --rule-bytes $((bytes - 16 * 228)) \
	--nfdump "$FM_OUT/nfdump.csv" --tshark "$FM_OUT/tshark.json"
grep -q 'maxflows' /proc/net/stat/ipt_netflow
