#!/bin/bash
# A collector that is down costs counted send errors, never a stall; when it
# comes back it gets templates and data again without any reload.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump python3

modprobe ipt_NETFLOW protocol=9 destination=127.0.0.1:2055 inactive_timeout=1
topo_up
accounting_on v4
T=$LIB/traffic.py E=$FM_OUT/expect.txt

# Nothing listens: each PDU draws an ICMP port unreachable.
for i in 1 2 3; do
	ina python3 $T udp 10.2.0.2 7100 4200$i 2 100
	wait_for "[ \"\$(snmp outFlows)\" -ge $i ]" 10
done
err=$(snmp errTotal)
[ "$err" -ge 1 ] || fail "no send error counted while the collector was down"
echo "ok: $err send errors counted while down"
grep '^sock0:' /proc/net/stat/ipt_netflow

mkdir -p "$FM_OUT/nfcapd"
nfcapd -w "$FM_OUT/nfcapd" -p 2055 -b 127.0.0.1 -t 3600 -P $FM_TMP/nfcapd.pid -D >/dev/null
wait_for "[ -s $FM_TMP/nfcapd.pid ]"
sent=$(snmp outFlows)
: > "$E"
for i in 4 5; do
	ina python3 $T udp 10.2.0.2 7100 4200$i 3 150
	echo "17 10.1.0.2 4200$i 10.2.0.2 7100 3 $((3 * 178))" >> "$E"
done
wait_for "[ \"\$(snmp outFlows)\" -ge $((sent + 2)) ]" 10
pid=$(cat $FM_TMP/nfcapd.pid)
sleep 1
kill -TERM "$pid"
wait_for "! kill -0 $pid 2>/dev/null" 20
nfdump -R "$FM_OUT/nfcapd" -o csv -N > "$FM_OUT/nfdump.csv"
python3 "$LIB/check.py" --protocol 9 --expect "$E" --rule-packets 6 \
	--rule-bytes $((6 * 178)) --nfdump "$FM_OUT/nfdump.csv"
