#!/bin/bash
# The PostgreSQL store against nfdump and against SQLite: a cluster of the
# test's own (lib/pg.sh); softflowd (v5, v9, IPFIX) reads a pcap made here
# whose flows end 100 s apart in known 5-minute buckets three hours ago,
# its export going to flowmeterd (a PostgreSQL and a SQLite store at once)
# and to nfcapd. For each run, `flowmeter top --json --store postgresql://`
# equals nfdump per dimension, per range and per bucket (store_truth.py),
# and PostgreSQL's answers are SQLite's (store_same.py); then nfreplay.
# Last, the server is stopped mid-run and started again: flowmeterd keeps
# serving and counting, reconnects, the table holds exactly what it says
# it stored, dropped = offered - stored, and the rollups agree with the
# raw rows (what was written before the stop but not rolled up is
# recounted).
. "$(dirname "$0")/lib/common.sh"
. "$LIB/store.sh"
need softflowd nfcapd nfdump nfreplay curl python3 psql
. "$LIB/pg.sh"
export BIN
trap pg_stop EXIT

now=$(date +%s)
H=$(( (now / 3600 - 3) * 3600 ))
python3 "$LIB/mkpcap.py" "$FM_OUT/flows.pcap" 7 100 $((H + 50)) > "$FM_OUT/truth.txt"
want=$(wc -l < "$FM_OUT/truth.txt")

# conf OUTDIR DB: flowmeterd with a PostgreSQL store in database DB and a SQLite one in OUTDIR.
conf() {
	sed "s|@PORT@|$PORT|; s|@HTTP@|$(free_port)|; s|@OUT@|$1|" "$LIB/flows.yaml.in" > "$1/flows.yaml"
	cat >> "$1/flows.yaml" <<EOT
store:
  # The test's flows are hours old (IPFIX's are weeks ahead): keep them.
  retention: {raw: 3650d, 5m: 3650d, 1h: 3650d, 1d: 0}
  flush_interval: 1
  postgresql: {conninfo: "postgresql://flowmeter@127.0.0.1:$PG_PORT/$2"}
  sqlite: {path: $1/flows.db}
EOT
}

# ingested N: both stores committed N records, and say so exactly.
ingested() {
	wait_for "[ \$(store_metric records_total postgresql) -ge $1 ]" 30
	wait_for "[ \$(store_metric records_total sqlite) -ge $1 ]" 30
	store_invariant postgresql
	assert_eq "$(store_metric records_total postgresql)" "$1" "records stored in PostgreSQL"
	assert_eq "$(store_metric records_total sqlite)" "$1" "records stored in SQLite"
}

pg_start fm_v5
PORT=$(free_port)
for v in 5 9 10; do
	o=$FM_OUT/v$v
	mkdir -p "$o/nfcapd"
	[ $v = 5 ] || psql -q "postgresql://flowmeter@127.0.0.1:$PG_PORT/postgres" -c "CREATE DATABASE fm_v$v"
	conf "$o" "fm_v$v"
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
	url="postgresql://flowmeter@127.0.0.1:$PG_PORT/fm_v$v"
	assert_eq "$(psql -qAt "$url" -c 'SELECT count(*) FROM flows')" "$want" "v$v: rows in flows"
	# shellcheck disable=SC2046
	store_check "softflowd -v $v (postgresql)" "$o/nfcapd" "--store $url" $([ $v = 9 ] && echo --unwrap)
	python3 "$LIB/store_same.py" $(( (H - 3600) * 1000 )) $(( (H + 4 * 3600) * 1000 )) \
		"--store $url" "--db $o/flows.db" || fail "v$v: PostgreSQL and SQLite differ"
	# IPFIX's times are softflowd's own (weeks ahead): the same answers there too.
	if [ $v = 10 ]; then
		t=$(psql -qAt "$url" -c 'SELECT min(ts) / 3600000 * 3600000, (max(ts) / 3600000 + 1) * 3600000 FROM flows')
		python3 "$LIB/store_same.py" "${t%|*}" "${t#*|}" "--store $url" "--db $o/flows.db" \
			|| fail "v10: PostgreSQL and SQLite differ"
	fi
done

o=$FM_OUT/nfreplay
mkdir -p "$o"
psql -q "postgresql://flowmeter@127.0.0.1:$PG_PORT/postgres" -c "CREATE DATABASE fm_replay"
conf "$o" fm_replay
fmd_start "$o/flows.yaml"
nfreplay -r "$(ls "$FM_OUT"/v5/nfcapd/nfcapd.2* | head -1)" -H 127.0.0.1 -p $PORT -v 9 > "$o/nfreplay.log" 2>&1
ingested "$want"
fmd_stop
store_check "nfreplay (postgresql)" "$FM_OUT/v5/nfcapd" "--store postgresql://flowmeter@127.0.0.1:$PG_PORT/fm_replay"

# ---- the server stopped mid-run ----
o=$FM_OUT/restart
mkdir -p "$o"
psql -q "postgresql://flowmeter@127.0.0.1:$PG_PORT/postgres" -c "CREATE DATABASE fm_restart"
conf "$o" fm_restart
# Rollups only at the end: what was written before the stop must be recounted after it.
sed -i 's/^  flush_interval: 1$/  flush_interval: 1\n  rollup_interval: 1h/' "$o/flows.yaml"
fmd_start "$o/flows.yaml"
PG_URL="postgresql://flowmeter@127.0.0.1:$PG_PORT/fm_restart"
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$PORT -v 5 > "$o/softflowd1.log" 2>&1
wait_for "[ \$(store_metric records_total postgresql) -ge $want ]" 30
pg_ctl_stop
# While it is down: records come in and are dropped, counted; /metrics answers.
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$PORT -v 5 > "$o/softflowd2.log" 2>&1
wait_for "[ \$(metric 'flowmeterd_exporter_records_total{exporter=\"127.0.0.1\",kind=\"flow\"}') -ge $((2 * want)) ]" 20
wait_for "[ \$(store_metric offered_records_total postgresql) -ge $((2 * want)) ] && [ \$(store_metric queue_records postgresql) = 0 ]" 30
assert_eq "$(store_metric connected postgresql)" 0 "disconnected while the server is down"
kill -0 "$FMD_PID" || fail "flowmeterd died with its database"
pg_ctl_start
wait_for "[ \$(store_metric connected postgresql) = 1 ]" 30
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$PORT -v 5 > "$o/softflowd3.log" 2>&1
wait_for "[ \$(store_metric offered_records_total postgresql) -ge $((3 * want)) ] && [ \$(store_metric queue_records postgresql) = 0 ]" 30
store_invariant postgresql
stored=$(store_metric records_total postgresql)
offered=$(store_metric offered_records_total postgresql)
dropped=$(awk '/^flowmeterd_store_dropped_records_total\{store="postgresql",/ { n += $NF } END { print n + 0 }' "$FM_OUT/inv.txt")
fmd_stop
assert_eq "$(pg_val 'SELECT count(*) FROM flows')" "$stored" "rows = stored"
assert_eq "$dropped" "$((offered - stored))" "dropped = offered - stored"
[ "$stored" -ge $((2 * want)) ] || fail "stored $stored: the first and third rounds ($((2 * want))) should be in"
[ "$dropped" -ge 1 ] || fail "nothing dropped while the server was down"
# The rollups (written once, after the restart) hold every raw row, the first round's too.
for t in 5m 1h 1d; do
	assert_eq "$(pg_val "SELECT sum(bytes) || ' ' || sum(packets) || ' ' || sum(flows) FROM rollup_$t WHERE dim = 'all'")" \
		"$(pg_val 'SELECT sum(bytes) || '"' '"' || sum(packets) || '"' '"' || sum(flows) FROM flows')" "rollup $t = raw rows"
done
echo "restart: offered $offered, stored $stored, dropped $dropped"
