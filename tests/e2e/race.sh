#!/bin/bash
# Exact counts under concurrency: two senders pinned to different CPUs feed
# the same flow (one source port, SO_REUSEPORT) while flows are expired every
# second and flushed in a loop. Every packet the rule counted must come out
# in exactly one record: sum of records = rule counters, to the byte.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump tshark python3 taskset
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs"

meter_up v4 protocol=10 inactive_timeout=1 active_timeout=1
T=$LIB/traffic.py

flusher() { while :; do sysctl -qw net.netflow.flush=1; sleep 0.05; done; }
flusher &
fl=$!
ina taskset -c 0 python3 $T udp 10.2.0.2 7400 45000 3000 100 &
s0=$!
ina taskset -c 1 python3 $T udp 10.2.0.2 7400 45000 3000 300 &
s1=$!
ina taskset -c 1 python3 $T udp 10.2.0.2 7401 45001 2000 50 &
s2=$!
wait $s0 $s1 $s2
kill $fl
wait $fl 2>/dev/null || true
sysctl -qw net.netflow.flush=1
read -r pkts bytes < <(rule_counters v4)
assert_eq "$pkts" 8000 "packets the rule saw"
collectors_stop
decode_all 10
cat > "$FM_OUT/expect.txt" <<EXP
17 10.1.0.2 45000 10.2.0.2 7400 6000 $((3000 * 128 + 3000 * 328))
17 10.1.0.2 45001 10.2.0.2 7401 2000 $((2000 * 78))
EXP
python3 "$LIB/check.py" --protocol 10 --expect "$FM_OUT/expect.txt" \
	--rule-packets "$pkts" --rule-bytes "$bytes" \
	--nfdump "$FM_OUT/nfdump.csv" --tshark "$FM_OUT/tshark.json"
echo "ok: $(records | wc -l) records for the 2 flows"
