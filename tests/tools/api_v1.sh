#!/bin/bash
# flowmeterd's /api/v1 against nfdump and against the CLI: softflowd (v5)
# reads a pcap made here (flows 100 s apart, three hours ago) and exports
# to flowmeterd (SQLite store) and nfcapd at once; nfreplay then sends the
# same records to a second store. With flowmeterd restarted on each store
# (its rollups all written), store_truth.py's whole check runs through the
# API (flowmeter --server: every dimension, every tier, per bucket, equal
# to nfdump's numbers), and for top, series, flows and nat the API's body
# is byte for byte what `flowmeter ... --db FILE --json` prints, and what
# `flowmeter --server` prints back. Bad parameters are 400s with a reason;
# with api.listen the APIs and /metrics are on listeners apart.
. "$(dirname "$0")/lib/common.sh"
. "$LIB/store.sh"
. "$LIB/api.sh"
need softflowd nfcapd nfdump nfreplay curl python3 sqlite3
export BIN	# store_truth.py runs flowmeter

now=$(date +%s)
H=$(( (now / 3600 - 3) * 3600 ))
python3 "$LIB/mkpcap.py" "$FM_OUT/flows.pcap" 11 100 $((H + 50)) > "$FM_OUT/truth.txt"
want=$(wc -l < "$FM_OUT/truth.txt")
PORT=$(free_port)
HTTP=$(free_port)

ingested() {
	wait_for "[ \$(metric 'flowmeterd_exporter_records_total{exporter=\"127.0.0.1\",kind=\"flow\"}') -ge $want ]" 20
	wait_for "[ \$(store_metric records_total) -ge $want ]" 20
	assert_eq "$(store_metric records_total)" "$want" "records stored"
}

# same NAME URL_PATH CLI_ARGS...: the API's body = the CLI's --db --json output, byte for byte,
# and = flowmeter --server's; its status 200.
same() {
	local name=$1 path=$2 code
	shift 2
	code=$(curl -s -o "$FM_OUT/api.json" -w '%{http_code}' "http://127.0.0.1:$HTTP$path")
	assert_eq "$code" 200 "$name: HTTP status"
	"$BIN/flowmeter" "$@" --db "$o/flows.db" --json > "$FM_OUT/cli.json" || [ $? = 1 ] ||
		fail "$name: flowmeter $* --db failed"
	cmp "$FM_OUT/api.json" "$FM_OUT/cli.json" || {
		diff "$FM_OUT/api.json" "$FM_OUT/cli.json" | head -20
		fail "$name: the API and flowmeter --db differ"
	}
	"$BIN/flowmeter" "$@" --server "http://127.0.0.1:$HTTP" --json > "$FM_OUT/srv.json" || [ $? = 1 ] ||
		fail "$name: flowmeter $* --server failed"
	cmp "$FM_OUT/api.json" "$FM_OUT/srv.json" || fail "$name: flowmeter --server prints otherwise"
	echo "ok: $name: API = CLI --db = CLI --server ($(wc -c < "$FM_OUT/api.json") bytes)"
}

# bad NAME URL_PATH WORD: a 400 whose JSON error mentions WORD.
bad() {
	local code
	code=$(curl -s -o "$FM_OUT/err.json" -w '%{http_code}' "http://127.0.0.1:$HTTP$2")
	assert_eq "$code" 400 "$1: HTTP status"
	python3 -c 'import json, sys; e = json.load(open(sys.argv[1]))["error"]; assert sys.argv[2] in e, e; print("  error:", e)' \
		"$FM_OUT/err.json" "$3" || fail "$1: the error does not say '$3'"
}

# api_checks NAME OUTDIR NFCAPD_DIR: the store in OUTDIR, through a restarted flowmeterd.
api_checks() {
	local name=$1 nfd=$3 lo=$(( (H - 3600) * 1000 )) hi=$(( (H + 3 * 3600) * 1000 )) d b t
	o=$2
	fmd_start "$o/flows.yaml"
	# Through the API: nfdump's numbers, per dimension, tier and bucket.
	store_check "$name via /api/v1" "$nfd" "--server http://127.0.0.1:$HTTP"
	TZ=UTC nfdump -R "$nfd" -o csv > "$o/nfdump.csv" 2>/dev/null
	for d in all protocol source_ip destination_port; do
		same "$name: top by $d, whole hours" "/api/v1/top?by=$d&from=$lo&to=$hi&n=100000" \
			top --by $d --from $lo --to $hi -n 100000
		same "$name: top by $d, ragged" "/api/v1/top?by=$d&from=$((lo + 1000))&to=$((hi - 1000))&n=3&order=packets" \
			top --by $d --from $((lo + 1000)) --to $((hi - 1000)) -n 3 --packets
	done
	same "$name: flows" "/api/v1/flows?from=$lo&to=$hi&n=1000000" flows --from $lo --to $hi -n 1000000
	same "$name: flows, udp, 5 newest" "/api/v1/flows?from=$lo&to=$hi&n=5&proto=udp" \
		flows --from $lo --to $hi -n 5 --proto udp
	b=$(sed -n 1p "$FM_OUT/truth.txt" | awk '{ print $2 }')
	same "$name: flows from $b" "/api/v1/flows?from=$lo&to=$hi&src=$b" flows --from $lo --to $hi --src $b
	same "$name: nat (none kept)" "/api/v1/nat?addr=198.51.100.7&port=40001&at=$((H * 1000))" \
		nat 198.51.100.7:40001 --at $((H * 1000))
	# The API's own question, series: every 5-minute point is nfdump's records ending in it.
	curl -sf "http://127.0.0.1:$HTTP/api/v1/series?from=$lo&to=$hi&step=5m" > "$FM_OUT/series.json" ||
		fail "$name: series"
	python3 -c 'import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    print(p["time"], p["bytes"], p["packets"], p["flows"])' "$FM_OUT/series.json" > "$FM_OUT/points.txt"
	assert_eq "$(wc -l < "$FM_OUT/points.txt")" 48 "$name: series points in 4 hours"
	n=0
	for ((b = lo; b < hi; b += 300000)); do
		t=$(python3 "$LIB/store_truth.py" records "$o/nfdump.csv" all $b $((b + 300000)) | cut -f2- | tr '\t' ' ')
		d=$(awk -v i=$(( (b - lo) / 300000 + 1 )) 'NR == i { print $2, $3, $4 }' "$FM_OUT/points.txt")
		[ "${t:-0 0 0}" = "$d" ] || fail "$name: series point at $b is '$d', nfdump's records there '$t'"
		[ -z "$t" ] || n=$((n + 1))
	done
	[ $n -ge 4 ] || fail "$name: only $n buckets hold records"
	echo "ok: $name: 48 series points = nfdump's per bucket ($n with records)"
	bad "$name: unknown attribute" "/api/v1/top?by=nonsense" "by"
	bad "$name: bad time" "/api/v1/top?by=all&from=yesterday-ish" "from"
	bad "$name: unknown parameter" "/api/v1/flows?limit=5" "unknown parameter"
	bad "$name: empty range" "/api/v1/top?from=$hi&to=$lo" "range"
	bad "$name: nat without an address" "/api/v1/nat?port=5" "address"
	assert_eq "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP/api/v1/everything")" 404 "$name: unknown question"
	assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "http://127.0.0.1:$HTTP/api/v1/top")" 405 "$name: DELETE"
	fmd_stop
}

o=$FM_OUT/v5
mkdir -p "$o"
api_conf "$o"
fmd_start "$o/flows.yaml"
capture_start "$o"
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$TEE_PORT -v 5 > "$o/softflowd.log" 2>&1
ingested
capture_stop "$o"
fmd_stop
api_checks "softflowd -v 5" "$o" "$o/nfcapd"

o=$FM_OUT/nfreplay
mkdir -p "$o"
api_conf "$o"
fmd_start "$o/flows.yaml"
nfreplay -r "$(ls "$FM_OUT"/v5/nfcapd/nfcapd.2* | head -1)" -H 127.0.0.1 -p $PORT -v 9 > "$o/nfreplay.log" 2>&1
ingested
fmd_stop
api_checks nfreplay "$o" "$FM_OUT/v5/nfcapd"

# api.listen: the APIs on a listener of their own, /metrics not there, they not beside it.
API=$(free_port)
echo "  listen: 127.0.0.1:$API" >> "$o/flows.yaml"
fmd_start "$o/flows.yaml"
code() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1$2"; }
assert_eq "$(code $API "/api/v1/top?by=all&since=1d")" 200 "api.listen: /api/v1 there"
assert_eq "$(code $API /health)" 200 "api.listen: /health there"
assert_eq "$(code $API /metrics)" 404 "api.listen: no /metrics there"
assert_eq "$(code $HTTP "/api/v1/top?by=all&since=1d")" 404 "api.listen: no /api/v1 on telemetry_endpoint"
assert_eq "$(code $HTTP /metrics)" 200 "api.listen: /metrics on telemetry_endpoint"
fmd_stop
