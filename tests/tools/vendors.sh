#!/bin/bash
# What real exporters send (tests/tools/lib/vendors.py: each vendor's
# documented template, written by hand, with what its records must decode
# to): every case through flowmeter-dump -j, tshark and nfdump (nfcapd
# receives them) compared record by record with the truth; then through
# flowmeterd: flow records, connections, bytes, packets, NAT events, quirks
# by kind and decode errors per case, each case from an address of its own.
. "$(dirname "$0")/lib/common.sh"
need python3 tshark nfcapd nfdump curl
V=$LIB/vendors.py
python3 "$V" write "$FM_OUT"
cases=$(python3 "$V" cases)

free_port() {
	python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' "$1"
}
NF_PORT=$(free_port udp)
FM_PORT=$(free_port udp)
HTTP_PORT=$(free_port tcp)

cat > "$FM_OUT/flows.yaml" <<EOT
netflow_endpoint: 127.0.0.1:$FM_PORT
telemetry_endpoint: 127.0.0.1:$HTTP_PORT
state_file: $FM_OUT/templates.state
flush_interval: 600
workers: 1
pipeline:
  metrics:
    items:
      - name: by_exporter
        description: Traffic by exporter
        labels:
          - {name: sampler, value: sampler, converter: ipv4}
      - name: by_host
        description: Bytes by exporter and the flow's addresses
        counters: [bytes]
        labels:
          - {name: sampler, value: sampler, converter: ipv4}
          - {name: src, value: source_ip, converter: ipv4}
          - {name: dst, value: destination_ip, converter: ipv4}
EOT
mkdir -p "$FM_OUT/nfcapd"
NFCAPD_PID=
FMD_PID=
cleanup() {
	[ -z "$NFCAPD_PID" ] || kill "$NFCAPD_PID" 2>/dev/null || true
	[ -z "$FMD_PID" ] || kill "$FMD_PID" 2>/dev/null || true
}
trap cleanup EXIT
nfcapd -w "$FM_OUT/nfcapd" -p "$NF_PORT" -b 127.0.0.1 -t 3600 > "$FM_OUT/nfcapd.log" 2>&1 &
NFCAPD_PID=$!
fmd_start "$FM_OUT/flows.yaml"
sleep 0.5	# nfcapd has no readiness signal; it binds at once
python3 "$V" send all "$NF_PORT" "$FM_PORT"
want_dgrams=$(python3 "$V" expect all datagrams)
want_rec=$(python3 "$V" expect all records)
want_bytes=$(python3 "$V" expect all bytes)
sum_metric() { metrics | awk -v p="$1" 'index($0, p) == 1 { s += $NF } END { print s + 0 }'; }
wait_for "[ \$(metric flowmeterd_datagrams_total) -ge $want_dgrams ]" 20
# Then what the pipeline counts; short of it after 10 s, the cases below say where.
for ((i = 0; i < 100; i++)); do
	[ "$(metrics | awk '/^flowmeterd_exporter_records_total\{.*kind="flow"/ { s += $NF } END { print s + 0 }')" \
		-ge "$want_rec" ] &&
		[ "$(sum_metric 'netflow_flow_by_exporter{')" -ge "$want_bytes" ] && break
	sleep 0.1
done
metrics > "$FM_OUT/metrics.txt"
fmd_stop
FMD_PID=
kill "$NFCAPD_PID"
wait "$NFCAPD_PID" 2>/dev/null || true
NFCAPD_PID=
nfdump -R "$FM_OUT/nfcapd" -o json > "$FM_OUT/all.nfdump.json" 2> "$FM_OUT/nfdump.err" ||
	{ cat "$FM_OUT/nfdump.err"; fail "nfdump could not read nfcapd's file"; }
python3 "$V" split-nfdump "$FM_OUT/all.nfdump.json" "$FM_OUT"

tshark -r "$FM_OUT/all.pcap" -d udp.port==2055,cflow -T json > "$FM_OUT/all.tshark.json" 2> "$FM_OUT/tshark.err" ||
	{ cat "$FM_OUT/tshark.err"; fail "tshark could not read all.pcap"; }
for c in $cases; do
	"$BIN/flowmeter-dump" -j -r "$FM_OUT/$c.pcap" > "$FM_OUT/$c.dump.json" 2> "$FM_OUT/$c.dump.err" ||
		{ cat "$FM_OUT/$c.dump.err"; fail "$c: flowmeter-dump exited $?"; }
done
bad=0
python3 "$V" check "$FM_OUT" --metrics "$FM_OUT/metrics.txt" || bad=1
[ $bad = 0 ] || fail "a decoder disagrees with the truth (above)"
