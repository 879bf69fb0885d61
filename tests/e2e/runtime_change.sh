#!/bin/bash
# net.netflow.protocol (5 -> 10) and .destination (a -> b) change under
# traffic: nothing the rule counted is lost; the two collectors together get
# all of it, a as v5 and IPFIX, b as IPFIX.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump python3

modprobe ipt_NETFLOW protocol=5 destination=127.0.0.1:2055 \
	inactive_timeout=600 active_timeout=1800
mkdir -p "$FM_OUT/a" "$FM_OUT/b"
nfcapd -w "$FM_OUT/a" -p 2055 -b 127.0.0.1 -t 3600 -P $FM_TMP/a.pid -D >/dev/null
nfcapd -w "$FM_OUT/b" -p 2057 -b 127.0.0.1 -t 3600 -P $FM_TMP/b.pid -D >/dev/null
wait_for "[ -s $FM_TMP/a.pid ] && [ -s $FM_TMP/b.pid ]"
topo_up
accounting_on v4
T=$LIB/traffic.py

metered() { rule_counters v4 | cut -d' ' -f1; }
ina python3 $T udp 10.2.0.2 7200 43001 60 300 0.1 &
sender=$!
# Each change comes while packets keep arriving; a flush before it makes
# sure each collector gets a part, whatever the VM's speed.
wait_for '[ "$(metered)" -ge 10 ]' 30
sysctl -qw net.netflow.flush=1
sysctl -qw net.netflow.protocol=10
assert_eq "$(sysctl -n net.netflow.protocol)" 10 "protocol after change"
wait_for '[ "$(metered)" -ge 30 ]' 30
sysctl -qw net.netflow.destination=127.0.0.1:2057
assert_eq "$(sysctl -n net.netflow.destination)" 127.0.0.1:2057 "destination after change"
wait $sender
sysctl -qw net.netflow.flush=1
read -r pkts bytes < <(rule_counters v4)
assert_eq "$pkts" 60 "packets the rule saw"
sleep 1
for c in a b; do
	pid=$(cat $FM_TMP/$c.pid)
	kill -TERM "$pid"
	wait_for "! kill -0 $pid 2>/dev/null" 20
	nfdump -R "$FM_OUT/$c" -o csv -N > "$FM_OUT/$c.csv"
done
cat "$FM_OUT/a.csv" "$FM_OUT/b.csv" > "$FM_OUT/nfdump.csv"
echo "17 10.1.0.2 43001 10.2.0.2 7200 60 $((60 * 328))" > "$FM_OUT/expect.txt"
python3 "$LIB/check.py" --protocol 10 --expect "$FM_OUT/expect.txt" \
	--rule-packets "$pkts" --rule-bytes "$bytes" --nfdump "$FM_OUT/nfdump.csv"
[ "$(grep -c '^20' "$FM_OUT/a.csv")" -ge 1 ] || fail "collector a got nothing"
[ "$(grep -c '^20' "$FM_OUT/b.csv")" -ge 1 ] || fail "collector b got nothing"
echo "ok: both collectors got part of the flow"
