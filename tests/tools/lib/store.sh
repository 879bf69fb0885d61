# Helpers for the store tests, any backend; sourced after common.sh. A
# store is named by SRC, flowmeter's source options as one word-split string
# ("--db FILE", "--store URL", "--server URL"); nfdump's side is an nfcapd
# directory of the same records. The comparing is store_truth.py's.

# What a test started, stopped however it ends: `kill_at_exit PID...`;
# flowmeterd ($FMD_PID) always.
KILL_AT_EXIT=()
kill_at_exit() { KILL_AT_EXIT+=("$@"); }
at_exit() {
	local p
	for p in "${KILL_AT_EXIT[@]}" ${FMD_PID:-}; do
		kill -9 "$p" 2>/dev/null || true
	done
}
trap at_exit EXIT

# store_check NAME NFDUMP_DIR SRC [--unwrap] [--dims "..."]: the store
# holds exactly NFDUMP_DIR's records: per dimension, whole hours, whole 5
# minutes, ragged ends and per bucket, from the tier each should read, and
# flowmeter flows' count (store_truth.py says how).
store_check() { BIN=$BIN python3 "$LIB/store_truth.py" check "$@"; }

# store_truth DIR DIM: nfdump -s's totals per value ("VALUE\tbytes\tpackets\tflows").
store_truth() { python3 "$LIB/store_truth.py" stat "$@"; }

# A metric of the store named $2 (default sqlite): store_metric NAME [STORE] [REASON]
store_metric() {
	local l="store=\"${2:-sqlite}\""
	[ -z "${3:-}" ] || l="$l,reason=\"$3\""
	metric "flowmeterd_store_$1{$l}"
}

# offered = stored + dropped (every reason) + queued, exactly: store_invariant [STORE]
store_invariant() {
	local s=${1:-sqlite} off st dr q
	metrics > "$FM_OUT/inv.txt"
	off=$(inv_get offered_records_total "$s")
	st=$(inv_get records_total "$s")
	q=$(inv_get queue_records "$s")
	dr=$(awk -v s="$s" 'index($0, "flowmeterd_store_dropped_records_total{store=\"" s "\",") == 1 { n += $NF } END { print n + 0 }' "$FM_OUT/inv.txt")
	assert_eq "$off" "$((st + dr + q))" "offered = stored $st + dropped $dr + queued $q"
}
inv_get() {
	awk -v k="flowmeterd_store_$1{store=\"$2\"}" 'index($0, k " ") == 1 { v = $NF } END { print v + 0 }' "$FM_OUT/inv.txt"
}
