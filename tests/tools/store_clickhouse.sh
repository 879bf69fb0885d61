#!/bin/bash
# The ClickHouse store against nfdump and against SQLite, on servers of
# the test's own (lib/ch.sh). softflowd (v5, v9, IPFIX) reads a pcap made
# here whose flows end 100 s apart in known 5-minute buckets three hours
# ago; its export goes to flowmeterd (a ClickHouse and a SQLite store at
# once) and to nfcapd. `flowmeter top --json --store clickhouse://` equals
# nfdump per dimension, per range and per bucket (store_truth.py), and its
# answers are SQLite's (store_same.py). Then two shards: two servers on
# this machine, the first holding a cluster of both and the Distributed
# tables; flowmeterd writes batches to the shards in turn and asks through
# the first: the same answers, and each shard holds part of the rows. Last,
# the server is stopped mid-run and started again: flowmeterd keeps
# serving and counting, reconnects, the table holds exactly what it says
# it stored, dropped = offered - stored, and the rollups agree with the
# raw rows (what was written before the stop is recounted).
. "$(dirname "$0")/lib/common.sh"
. "$LIB/store.sh"
need softflowd nfcapd nfdump nfreplay curl python3
. "$LIB/ch.sh"
export BIN
trap ch_stop_all EXIT

now=$(date +%s)
H=$(( (now / 3600 - 3) * 3600 ))
python3 "$LIB/mkpcap.py" "$FM_OUT/flows.pcap" 7 100 $((H + 50)) > "$FM_OUT/truth.txt"
want=$(wc -l < "$FM_OUT/truth.txt")

# conf OUTDIR 'CLICKHOUSE KEYS': flowmeterd with a ClickHouse and a SQLite store.
conf() {
	sed "s|@PORT@|$PORT|; s|@HTTP@|$(free_port)|; s|@OUT@|$1|" "$LIB/flows.yaml.in" > "$1/flows.yaml"
	cat >> "$1/flows.yaml" <<EOT
store:
  # The test's flows are hours old (IPFIX's are weeks ahead): keep them.
  retention: {raw: 3650d, 5m: 3650d, 1h: 3650d, 1d: 0}
  flush_interval: 1
  clickhouse: {$2}
  sqlite: {path: $1/flows.db}
EOT
}

ingested() {
	wait_for "[ \$(store_metric records_total clickhouse) -ge $1 ]" 30
	wait_for "[ \$(store_metric records_total sqlite) -ge $1 ]" 30
	store_invariant clickhouse
	assert_eq "$(store_metric records_total clickhouse)" "$1" "records stored in ClickHouse"
	assert_eq "$(store_metric records_total sqlite)" "$1" "records stored in SQLite"
}

# run OUTDIR VERSION 'CLICKHOUSE KEYS': softflowd -v VERSION into flowmeterd and nfcapd.
run() {
	local o=$1 v=$2 nport tport tee
	mkdir -p "$o/nfcapd"
	conf "$o" "$3"
	fmd_start "$o/flows.yaml"
	nport=$(free_port)
	tport=$(free_port)
	nfcapd -w "$o/nfcapd" -p $nport -b 127.0.0.1 -t 3600 -P "$o/nfcapd.pid" -D >/dev/null 2>&1
	python3 "$LIB/tee.py" $tport "$o/tee.ready" $PORT $nport &
	tee=$!
	wait_for "[ -e $o/tee.ready ] && [ -s $o/nfcapd.pid ]"
	softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$tport -v $v > "$o/softflowd.log" 2>&1
	ingested "$want"
	kill "$tee"; wait "$tee" 2>/dev/null || true
	kill "$(cat "$o/nfcapd.pid")"
	wait_for "[ ! -e $o/nfcapd.pid ]"
	fmd_stop	# stopped, it has written its last rollups
}

# same URL OUTDIR: the store at URL answers as OUTDIR's SQLite store.
same() {
	python3 "$LIB/store_same.py" $(( (H - 3600) * 1000 )) $(( (H + 4 * 3600) * 1000 )) \
		"--store $1" "--db $2/flows.db" || fail "$1: ClickHouse and SQLite differ"
}

ch_start one
PORT=$(free_port)
for v in 5 9 10; do
	o=$FM_OUT/v$v
	run "$o" $v "url: 'http://127.0.0.1:$CH_HTTP_one/', database: fm_v$v"
	url="clickhouse://127.0.0.1:$CH_HTTP_one/fm_v$v"
	assert_eq "$(ch_q one "SELECT count() FROM fm_v$v.flows")" "$want" "v$v: rows in flows"
	# shellcheck disable=SC2046
	store_check "softflowd -v $v (clickhouse)" "$o/nfcapd" "--store $url" $([ $v = 9 ] && echo --unwrap)
	same "$url" "$o"
	# IPFIX's times are softflowd's own (weeks ahead): the same answers there too.
	if [ $v = 10 ]; then
		t=$(ch_q one "SELECT intDiv(min(ts), 3600000) * 3600000, (intDiv(max(ts), 3600000) + 1) * 3600000 FROM fm_v10.flows")
		python3 "$LIB/store_same.py" ${t%	*} ${t#*	} "--store $url" "--db $o/flows.db" \
			|| fail "v10: ClickHouse and SQLite differ"
	fi
done

o=$FM_OUT/nfreplay
mkdir -p "$o"
conf "$o" "url: 'http://127.0.0.1:$CH_HTTP_one/', database: fm_replay"
fmd_start "$o/flows.yaml"
nfreplay -r "$(ls "$FM_OUT"/v5/nfcapd/nfcapd.2* | head -1)" -H 127.0.0.1 -p $PORT -v 9 > "$o/nfreplay.log" 2>&1
ingested "$want"
fmd_stop
store_check "nfreplay (clickhouse)" "$FM_OUT/v5/nfcapd" "--store clickhouse://127.0.0.1:$CH_HTTP_one/fm_replay"

# ---- two shards: server "two" is the second; "one" is started again with the cluster ----
ch_start two
ch_kill one
shards="<two><shard><replica><host>127.0.0.1</host><port>$CH_TCP_one</port></replica></shard>"
shards="$shards<shard><replica><host>127.0.0.1</host><port>$CH_TCP_two</port></replica></shard></two>"
sed -i "s|<remote_servers></remote_servers>|<remote_servers>$shards</remote_servers>|" "$CH_DIR_one/config.xml"
ch_run one
o=$FM_OUT/shards
# A batch a second, so both shards get some.
run "$o" 9 "url: 'http://127.0.0.1:$CH_HTTP_one/', database: fm_shards, cluster: two, batch: 3, shards: 'http://127.0.0.1:$CH_HTTP_one/, http://127.0.0.1:$CH_HTTP_two/'"
n1=$(ch_q one "SELECT count() FROM fm_shards.flows_local")
n2=$(ch_q two "SELECT count() FROM fm_shards.flows_local")
echo "shards: $n1 + $n2 rows"
[ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] || fail "a shard holds no rows ($n1, $n2)"
assert_eq "$((n1 + n2))" "$want" "rows over both shards"
assert_eq "$(ch_q one "SELECT count() FROM fm_shards.flows")" "$want" "rows through the Distributed table"
url="clickhouse://127.0.0.1:$CH_HTTP_one/fm_shards"
store_check "softflowd -v 9 (clickhouse, two shards)" "$o/nfcapd" "--store $url" --unwrap
same "$url" "$o"

# ---- the server stopped mid-run ----
o=$FM_OUT/restart
mkdir -p "$o"
conf "$o" "url: 'http://127.0.0.1:$CH_HTTP_two/', database: fm_restart"
# Rollups only at the end: what was written before the stop must be recounted after it.
sed -i 's/^  flush_interval: 1$/  flush_interval: 1\n  rollup_interval: 1h/' "$o/flows.yaml"
fmd_start "$o/flows.yaml"
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$PORT -v 5 > "$o/softflowd1.log" 2>&1
wait_for "[ \$(store_metric records_total clickhouse) -ge $want ]" 30
ch_kill two
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$PORT -v 5 > "$o/softflowd2.log" 2>&1
wait_for "[ \$(store_metric offered_records_total clickhouse) -ge $((2 * want)) ] && [ \$(store_metric queue_records clickhouse) = 0 ]" 30
assert_eq "$(store_metric connected clickhouse)" 0 "disconnected while the server is down"
kill -0 "$FMD_PID" || fail "flowmeterd died with its database"
ch_run two
wait_for "[ \$(store_metric connected clickhouse) = 1 ]" 30
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$PORT -v 5 > "$o/softflowd3.log" 2>&1
wait_for "[ \$(store_metric offered_records_total clickhouse) -ge $((3 * want)) ] && [ \$(store_metric queue_records clickhouse) = 0 ]" 30
store_invariant clickhouse
stored=$(store_metric records_total clickhouse)
offered=$(store_metric offered_records_total clickhouse)
dropped=$(awk '/^flowmeterd_store_dropped_records_total\{store="clickhouse",/ { n += $NF } END { print n + 0 }' "$FM_OUT/inv.txt")
fmd_stop
assert_eq "$(ch_q two 'SELECT count() FROM fm_restart.flows')" "$stored" "rows = stored"
assert_eq "$dropped" "$((offered - stored))" "dropped = offered - stored"
[ "$stored" -ge $((2 * want)) ] || fail "stored $stored: the first and third rounds ($((2 * want))) should be in"
[ "$dropped" -ge 1 ] || fail "nothing dropped while the server was down"
raw=$(ch_q two "SELECT sum(bytes), sum(packets), sum(flows) FROM fm_restart.flows")
for t in 5m 1h 1d; do
	assert_eq "$(ch_q two "SELECT sum(bytes), sum(packets), sum(flows) FROM fm_restart.rollup_$t WHERE dim = 'all'")" \
		"$raw" "rollup $t = raw rows"
done
echo "restart: offered $offered, stored $stored, dropped $dropped"
