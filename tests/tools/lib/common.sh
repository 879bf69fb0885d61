# Helpers for the tools' tests; sourced.
. "$(dirname "${BASH_SOURCE[0]}")/../../e2e/lib/common.sh"
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
