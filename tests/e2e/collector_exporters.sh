#!/bin/bash
# flowmeterd against two exporters of the routed traffic: our module (IPFIX)
# and fprobe (NetFlow v5, libpcap on the WAN veth). Each export goes to a
# flowmeterd and to nfcapd at once; per flow, flowmeterd's packets and bytes
# equal nfdump's, and for the module their sum equals the NETFLOW rule's own
# iptables counters.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump fprobe curl python3
TOP=$(cd "$LIB/../../.." && pwd)
FMD=$TOP/build/tools-san/flowmeterd
TL=$TOP/tests/tools/lib
[ -x "$FMD" ] || fail "$FMD not built (make tools-san)"
export ASAN_OPTIONS=detect_leaks=1:exitcode=99
T=$LIB/traffic.py

fmd() { # NAME PORT HTTP
	sed "s|@PORT@|$2|; s|@HTTP@|$3|; s|@OUT@|$FM_OUT/$1|" "$TL/flows.yaml.in" |
		sed 's/^workers: 2/workers: 2\nuser: root/' > "$FM_OUT/$1.yaml"
	mkdir -p "$FM_OUT/$1"
	"$FMD" -c "$FM_OUT/$1.yaml" > "$FM_OUT/$1.log" 2>&1 &
	eval "PID_$1=$!"
	wait_for "curl -sf http://127.0.0.1:$3/health >/dev/null" 30
}
fmd_end() { # NAME HTTP
	curl -sf "http://127.0.0.1:$2/metrics" > "$FM_OUT/$1.metrics"
	local pid
	pid=$(eval echo "\$PID_$1")
	kill -TERM "$pid"
	wait "$pid" || { cat "$FM_OUT/$1.log"; fail "flowmeterd $1 exited $?"; }
}
# nfdump's flows as truth lines for check_metrics.py.
truth_of() { # NFCAPD_DIR OUT
	nfdump -R "$1" -o csv > "$2.csv" 2>/dev/null
	python3 - "$2.csv" > "$2" <<-'EOF'
		import sys
		from collections import defaultdict
		t = defaultdict(lambda: [0, 0]); cols = None
		for line in open(sys.argv[1]):
		    f = [x.strip() for x in line.split(",")]
		    if f[0] == "ts":
		        cols = {n: i for i, n in enumerate(f)}; continue
		    if not cols or len(f) < len(cols) or not f[0][:1].isdigit():
		        continue
		    pr = {"TCP": "6", "UDP": "17"}.get(f[cols["pr"]], f[cols["pr"]])
		    k = (pr, f[cols["sa"]], f[cols["sp"]], f[cols["da"]], f[cols["dp"]])
		    t[k][0] += int(f[cols["ipkt"]]); t[k][1] += int(f[cols["ibyt"]])
		for k, v in t.items():
		    print(*k, *v)
	EOF
}

meter_up v4 protocol=10
sysctl -qw net.netflow.destination=127.0.0.1:2055,127.0.0.1:2056,127.0.0.1:4331
fmd module 4331 4431
fmd fprobe 4332 4432
mkdir -p "$FM_OUT/nfcapd-fprobe"
nfcapd -w "$FM_OUT/nfcapd-fprobe" -p 2057 -b 127.0.0.1 -t 3600 -P $FM_TMP/nfcapd2.pid -D >/dev/null
fprobe -p -i vb -f ip -s 1 -d 2 -e 60 -l 0 127.0.0.1:4332 127.0.0.1:2057
wait_for "[ -s $FM_TMP/nfcapd2.pid ] && pgrep -x fprobe >/dev/null"
sleep 1

ina python3 $T udp 10.2.0.2 5001 40001 30 200
ina python3 $T udp 10.2.0.2 5002 40002 9 1200
inb python3 $T tcp-serve 5010 "$FM_OUT/tcp.ready" > "$FM_OUT/tcp.out" &
srv=$!
wait_for "[ -e $FM_OUT/tcp.ready ]"
ina python3 $T tcp-send 10.2.0.2 5010 40010 200000
wait $srv

sysctl -qw net.netflow.flush=1
read -r ipt_pkts ipt_bytes < <(rule_counters v4)
# fprobe sends a PDU when its flows time out (idle 2 s) or at exit, when it
# sees fit: give it a while for all four, then stop it (it flushes on exit).
fprobe_flows() {
	curl -sf http://127.0.0.1:4432/metrics |
		awk '/^flowmeterd_exporter_records_total.*kind="flow"/ { n += $NF } END { print n + 0 }'
}
for i in $(seq 1 60); do
	[ "$(fprobe_flows)" -ge 4 ] && break
	sleep 1
done
pkill -x fprobe
wait_for "! pgrep -x fprobe >/dev/null" 20
sleep 1
sleep 1
fmd_end module 4431
fmd_end fprobe 4432
collectors_stop
kill "$(cat $FM_TMP/nfcapd2.pid)"
sleep 1

truth_of "$FM_OUT/nfcapd" "$FM_OUT/module.truth"
truth_of "$FM_OUT/nfcapd-fprobe" "$FM_OUT/fprobe.truth"
echo "module (IPFIX):"
python3 "$TL/check_metrics.py" --truth "$FM_OUT/module.truth" \
	--metrics "$FM_OUT/module.metrics" --name netflow_flow_flows
read -r p b < <(awk '{ p += $6; b += $7 } END { print p, b }' "$FM_OUT/module.truth")
assert_eq "$p $b" "$ipt_pkts $ipt_bytes" "module: nfdump = flowmeterd totals = NETFLOW rule counters"
echo "fprobe (v5):"
python3 "$TL/check_metrics.py" --truth "$FM_OUT/fprobe.truth" \
	--metrics "$FM_OUT/fprobe.metrics" --name netflow_flow_flows
# The UDP flows fprobe saw on the WAN side: exactly what was sent.
assert_eq "$(awk '$1 == 17 && $3 == 40001 { print $6, $7 }' "$FM_OUT/fprobe.truth")" \
	"30 $((30 * 228))" "fprobe: UDP flow 40001"
