# Helpers for the tools' tests; sourced.
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/common.sh"
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
LIB=$TOP/tests/tools/lib
BIN=${FM_BIN:-$TOP/build/tools-san}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98

# fmd_start CONFIG [WRAPPER...]: flowmeterd in the background; waits for /health.
fmd_start() {
	local cfg=$1
	shift
	"$@" "$BIN/flowmeterd" -c "$cfg" > "$FM_OUT/flowmeterd.log" 2>&1 &
	FMD_PID=$!
	FMD_HTTP=$(awk '/^telemetry_endpoint:/ { print $2 }' "$cfg")
	wait_for "curl -sf http://$FMD_HTTP/health >/dev/null" 30
}

# Stop it; it must exit 0 (sanitizers report through the exit status).
fmd_stop() {
	kill -TERM "$FMD_PID"
	local rc=0
	wait "$FMD_PID" || rc=$?
	if [ $rc -ne 0 ]; then
		cat "$FM_OUT/flowmeterd.log"
		fail "flowmeterd exited $rc"
	fi
}

metrics() { curl -sf "http://$FMD_HTTP/metrics"; }

# The value of one exact series line (name{labels}), or 0.
metric() {
	metrics | awk -v k="$1" 'index($0, k " ") == 1 { v = $NF } END { print v + 0 }'
}

# prom_start TARGET PORT: a real Prometheus scraping TARGET every second,
# its HTTP API on 127.0.0.1:PORT; PROM_PID.
prom_start() {
	cat > "$FM_OUT/prometheus.yml" <<EOT
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: flowmeterd
    static_configs:
      - targets: ['$1']
EOT
	prometheus --config.file="$FM_OUT/prometheus.yml" --storage.tsdb.path="$FM_OUT/tsdb" \
		--web.listen-address=127.0.0.1:$2 > "$FM_OUT/prometheus.log" 2>&1 &
	PROM_PID=$!
	wait_for "curl -sf http://127.0.0.1:$2/-/ready >/dev/null" 60
}

prom_stop() {
	kill "$PROM_PID"
	wait "$PROM_PID" 2>/dev/null || true
}
