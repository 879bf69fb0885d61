#!/bin/bash
# Active and inactive timeouts alone (no flush) export every flow: a long
# flow comes out in pieces ended by the active timeout whose sums are exact;
# a short flow comes out once, ended by the inactive timeout.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump tshark python3

meter_up v4 protocol=10 inactive_timeout=2 active_timeout=3
T=$LIB/traffic.py E=$FM_OUT/expect.txt

# 16 packets 0.4 s apart: more than two active timeouts long.
ina python3 $T udp 10.2.0.2 6001 41001 16 100 0.4
echo "17 10.1.0.2 41001 10.2.0.2 6001 16 $((16 * 128))" > "$E"
ina python3 $T udp 10.2.0.2 6002 41002 3 100
echo "17 10.1.0.2 41002 10.2.0.2 6002 3 $((3 * 128))" >> "$E"

wait_for '[ "$(snmp hashFlows)" = 0 ]' 10
read -r pkts bytes < <(rule_counters v4)
collectors_stop
decode_all 10
python3 "$LIB/check.py" --protocol 10 --expect "$E" --rule-packets "$pkts" \
	--rule-bytes "$bytes" --nfdump "$FM_OUT/nfdump.csv" --tshark "$FM_OUT/tshark.json"
records > "$FM_OUT/records.txt"
cat "$FM_OUT/records.txt"

long=$(awk '$5 == 6001' "$FM_OUT/records.txt" | wc -l)
active=$(awk '$5 == 6001 && $8 == 2' "$FM_OUT/records.txt" | wc -l)
[ "$long" -ge 2 ] || fail "long flow exported as $long record(s), expected pieces"
[ "$active" -ge 1 ] || fail "no piece of the long flow ended by active timeout"
echo "ok: long flow in $long pieces, $active by active timeout"
assert_eq "$(awk '$5 == 6002 { print $8 }' "$FM_OUT/records.txt")" 1 \
	"short flow's end reason (idle)"
assert_eq "$(snmp outFlows)" "$(wc -l < "$FM_OUT/records.txt")" "records sent = outFlows"
