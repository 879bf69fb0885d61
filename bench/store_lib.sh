# The store benchmarks' common part (bench/store_pg.sh, store_clickhouse.sh);
# sourced. bench/gen_export.py's datagrams go to flowmeterd with one store;
# the run lasts until the store has committed every record. The figure is
# records per second per core: records / (flowmeterd's CPU + the database
# server's CPU, user + system, every thread and process), the whole pass,
# decode included; the line is invalid unless every record was stored and
# none dropped. Servers are the tests' (tests/tools/lib/pg.sh, ch.sh).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FM_OUT=${FM_OUT:-$top/build/bench/$BENCH}
mkdir -p "$FM_OUT"
LIB=$top/tests/tools/lib
. "$top/tests/tools/lib/common.sh"
. "$LIB/store.sh"
N=${FM_BENCH_RECORDS:-500000}
FMD=$top/build/tools/flowmeterd
python3 "$top/bench/gen_export.py" "$FM_OUT/set.bin" "$N" >/dev/null

# cpu PID...: centiseconds of user+system of these processes, their threads and children.
cpu() {
	local p t=0
	for p in "$@" $(for q in "$@"; do pgrep -P "$q" || true; done); do
		[ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
	done
	echo $t
}

# bench_store NAME 'STORE YAML' SERVER_PID...: one pass, one line.
bench_store() {
	local name=$1 yaml=$2 port http c0 c1 d0 d1 t0 t1 i stored dropped note=""
	shift 2
	port=$(free_port)
	http=$(free_port)
	cat > "$FM_OUT/fmd.yaml" <<EOT
netflow_endpoint: 127.0.0.1:$port
telemetry_endpoint: 127.0.0.1:$http
state_file: ""
workers: 1
receive_buffer: 33554432
user: root
store:
  queue: 2000000
  batch: 20000
  flush_interval: 1
  retention: {raw: 3650d, 5m: 3650d, 1h: 3650d, 1d: 0}
$yaml
EOT
	"$FMD" -c "$FM_OUT/fmd.yaml" 2>"$FM_OUT/fmd-$name.log" &
	FMD_PID=$!
	FMD_HTTP=127.0.0.1:$http
	wait_for "curl -sf http://$FMD_HTTP/health >/dev/null" 30
	wait_for "[ \$(metric 'flowmeterd_store_connected{store=\"$name\"}') = 1 ]" 30
	c0=$(cpu $FMD_PID)
	d0=$(cpu "$@")
	t0=$(date +%s.%N)
	python3 "$top/bench/send.py" "$FM_OUT/set.bin" "$port" >/dev/null
	for ((i = 0; i < 3000; i++)); do
		[ "$(metric "flowmeterd_store_records_total{store=\"$name\"}")" -ge "$N" ] && break
		[ "$(metric "flowmeterd_store_offered_records_total{store=\"$name\"}")" -ge "$N" ] &&
			[ "$(metric "flowmeterd_store_queue_records{store=\"$name\"}")" = 0 ] && break
		sleep 0.1
	done
	t1=$(date +%s.%N)
	c1=$(cpu $FMD_PID)
	d1=$(cpu "$@")
	stored=$(metric "flowmeterd_store_records_total{store=\"$name\"}")
	dropped=$(metrics | awk -v s="$name" 'index($0, "flowmeterd_store_dropped_records_total{store=\"" s "\",") == 1 { n += $NF } END { print n + 0 }')
	[ "$stored" = "$N" ] && [ "$dropped" = 0 ] || note="  (stored $stored, dropped $dropped: invalid)"
	kill $FMD_PID; wait $FMD_PID || true
	awk -v n="$name" -v r="$N" -v f=$((c1 - c0)) -v d=$((d1 - d0)) -v w="$(echo "$t1 - $t0" | bc)" -v note="$note" 'BEGIN {
		printf "%-11s %d records: flowmeterd %.2f s CPU + server %.2f s CPU = %.0f records/s/core; %.1f s wall, %.0f records/s%s\n",
			n, r, f / 100, d / 100, r / ((f + d) / 100), w, r / w, note }'
}
