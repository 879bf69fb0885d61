#!/bin/bash
# Streams benchmark: bench/gen_export.py's datagrams into flowmeterd with no
# output, with the kafka: output (librdkafka's mock cluster on loopback,
# tests/tools/lib/kafka_mock.c), and with the elasticsearch: output's NDJSON
# file. flowmeterd's CPU time (user + system, every thread) for the second
# pass of the set gives records/s per core; every record must be delivered
# (flowmeterd_kafka_records_total = offered, nothing dropped) or the line
# says so. The mock broker's own CPU is not counted.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench/streams
mkdir -p "$out"
N=${FM_BENCH_RECORDS:-200000}
FMD=$top/build/tools/flowmeterd
python3 "$top/bench/gen_export.py" "$out/set.bin" "$N" >/dev/null
cc -O2 -o "$out/kafka_mock" "$top/tests/tools/lib/kafka_mock.c" $(pkg-config --cflags --libs rdkafka)
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; exec 7>&- 2>/dev/null || true' EXIT
rm -f "$out/mock.ctl" "$out/mock.out"
mkfifo "$out/mock.ctl"
"$out/kafka_mock" flows:4 < "$out/mock.ctl" > "$out/mock.out" 2>/dev/null &
pids+=($!)
exec 7> "$out/mock.ctl"
while [ ! -s "$out/mock.out" ]; do sleep 0.1; done
B=$(head -1 "$out/mock.out")

cpu() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}
metric() {
	curl -sf "http://127.0.0.1:5711/metrics" | awk -v k="$1" 'index($0, k " ") == 1 { v = $NF } END { print v + 0 }'
}
run() { # NAME YAML-TAIL
	cat > "$out/fmd.yaml" <<EOT
netflow_endpoint: 127.0.0.1:5611
telemetry_endpoint: 127.0.0.1:5711
state_file: ""
workers: 1
receive_buffer: 33554432
user: root
$2
EOT
	"$FMD" -c "$out/fmd.yaml" 2>"$out/fmd-$1.log" &
	local p=$! c0 c1 note=""
	sleep 1
	python3 "$top/bench/send.py" "$out/set.bin" 5611 >/dev/null
	sleep 2
	c0=$(cpu $p)
	python3 "$top/bench/send.py" "$out/set.bin" 5611 >/dev/null
	# Until the output has written it all (or a minute): its work is the figure.
	local i
	for ((i = 0; i < 600; i++)); do
		case $1 in
		kafka) [ "$(metric 'flowmeterd_kafka_records_total{kafka="flows"}')" -ge $((2 * N)) ] && break;;
		ndjson) [ "$(metric 'flowmeterd_elasticsearch_records_total{elasticsearch="elasticsearch"}')" -ge $((2 * N)) ] && break;;
		*) [ "$(metric 'flowmeterd_exporter_records_total{exporter="127.0.0.1",kind="flow"}')" -ge $((2 * N)) ] && break;;
		esac
		sleep 0.1
	done
	c1=$(cpu $p)
	curl -sf http://127.0.0.1:5711/metrics > "$out/metrics-$1.txt" || true
	case $1 in
	kafka)
		local k='{kafka="flows"}' o d
		o=$(metric "flowmeterd_kafka_offered_records_total$k")
		d=$(metric "flowmeterd_kafka_records_total$k")
		[ "$o" = $((2 * N)) ] && [ "$d" = "$o" ] || note="  (offered $o, delivered $d: invalid)";;
	ndjson)
		[ "$(wc -l < "$out/flows.ndjson")" = $((2 * N)) ] || note="  ($(wc -l < "$out/flows.ndjson") documents: invalid)";;
	esac
	kill $p; wait $p || true
	awk -v n="$1" -v r="$N" -v c=$((c1 - c0)) -v note="$note" 'BEGIN {
		printf "%-8s %6.2f s CPU  %9.0f records/s/core%s\n", n, c / 100, r / (c / 100), note }'
}
echo "# $N records, second pass"
run none ""
run kafka "kafka: {brokers: \"$B\", topic: flows, queue: 1000000, batch: 10000}"
rm -f "$out/flows.ndjson"
run ndjson "elasticsearch: {file: $out/flows.ndjson, queue: 1000000, batch: 10000}"
