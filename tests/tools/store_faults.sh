#!/bin/bash
# The SQLite store when things go wrong; flowmeterd must keep running and
# account for every record: offered = stored + dropped + queued, exactly.
#  1. The store's directory read-only (a read-only tmpfs in a mount
#     namespace of flowmeterd's own: as root, permissions would not stop
#     it, and flowmeterd's start would chown them away): every record is
#     dropped as "disconnected"; made writable, flowmeterd reconnects and
#     stores what comes next.
#  2. Disk full: a 640 KiB tmpfs (the same way) fills: batches fail as
#     write_error, what was committed reads back, integrity_check passes.
#  3. kill -9 in the middle of ingest: integrity_check passes, every record
#     flowmeterd_store_records_total had counted is there; restarted, the
#     5-minute rollups equal the raw rows (those written but not yet rolled
#     up when it died are recounted).
#  4. Retention: records 5 days old land in partitions maintain() drops
#     (raw 1d, 5m 2d), the hourly and daily rollups keep their totals, and
#     a question that needs the raw rows says "approximate".
#  5. The size cap: the oldest raw partitions go until the store fits;
#     today's stays.
. "$(dirname "$0")/lib/common.sh"
. "$LIB/store.sh"
need python3 sqlite3 curl unshare nsenter
[ "$(id -u)" = 0 ] || skip "needs root: a mount namespace of its own for the read-only and full tmpfs"

PORT=$(free_port)
now=$(date +%s)
# conf NAME DIR [STORE YAML LINES]: $FM_OUT/NAME.yaml, the store in DIR.
conf() {
	cat > "$FM_OUT/$1.yaml" <<EOT
netflow_endpoint: 127.0.0.1:$PORT
telemetry_endpoint: 127.0.0.1:$(free_port)
state_file: $FM_OUT/$1.state
store:
  flush_interval: 1s
  rollup_interval: 2s
  sqlite: {path: $2/flows.db}
${3:-}
EOT
}

# send COUNT END_MS [SPREAD_MS [RATE]]: ipfixgen.py's records; "records bytes packets".
send() { python3 "$LIB/ipfixgen.py" "$PORT" "$@"; }

# decoded N: flowmeterd has decoded N flow records in all, and queued none.
decoded() {
	wait_for "[ \$(metric 'flowmeterd_exporter_records_total{exporter=\"127.0.0.1\",kind=\"flow\"}') -ge $1 ]" 30
	wait_for "[ \$(store_metric queue_records) = 0 ]" 30
	assert_eq "$(metric 'flowmeterd_exporter_records_total{exporter="127.0.0.1",kind="flow"}')" "$1" "records decoded"
	assert_eq "$(store_metric offered_records_total)" "$1" "records offered to the store"
}

# sqlite3, read-only, in flowmeterd's mount namespace when NS is its pid
# (not through /proc/PID/root: SQLite resolves that link, to our own /).
sq() {
	local db=$1
	shift
	${NS:+nsenter -t "$NS" -m} sqlite3 "file:$db?mode=ro" "$@"
}

# rows DB: raw flow rows in every partition.
rows() {
	local t n=0
	for t in $(sq "$1" "SELECT name FROM partitions WHERE kind = 'raw'"); do
		n=$((n + $(sq "$1" "SELECT count(*) FROM $t")))
	done
	echo $n
}

integrity() { assert_eq "$(sq "$1" 'PRAGMA integrity_check')" ok "$2: integrity_check"; }

# on_tmpfs NAME OPTS: flowmeterd with $FM_OUT/NAME.yaml's store on a tmpfs
# (mount OPTS) of a mount namespace of its own; d is the directory.
on_tmpfs() {
	d=$FM_OUT/$1
	mkdir -p "$d"
	conf "$1" "$d"
	fmd_start "$FM_OUT/$1.yaml" unshare -m --propagation private \
		sh -c "mount -t tmpfs -o $2 tmpfs \"\$0\" && exec \"\$@\"" "$d"
}

echo "# 1. read-only directory"
on_tmpfs ro size=64m,ro
send 500 $(( (now - 60) * 1000 )) > /dev/null
decoded 500
store_invariant
assert_eq "$(store_metric dropped_records_total sqlite disconnected)" 500 "dropped while read-only"
assert_eq "$(store_metric records_total)" 0 "stored while read-only"
assert_eq "$(store_metric connected)" 0 "connected while read-only"
curl -sf "http://$FMD_HTTP/health" > /dev/null || fail "flowmeterd stopped answering"
nsenter -t "$FMD_PID" -m mount -o remount,rw "$d"
wait_for "[ \$(store_metric connected) = 1 ]" 20
send 500 $(( (now - 60) * 1000 )) > /dev/null
decoded 1000
store_invariant
assert_eq "$(store_metric records_total)" 500 "stored once writable"
assert_eq "$(NS=$FMD_PID rows "$d/flows.db")" 500 "raw rows once writable"
fmd_stop

echo "# 2. disk full"
on_tmpfs full size=640k
send 20000 $(( (now - 60) * 1000 )) 1000 5000 > /dev/null
decoded 20000
store_invariant
stored=$(store_metric records_total)
full=$(store_metric dropped_records_total sqlite write_error)
echo "stored $stored, dropped as write errors $full; $(nsenter -t "$FMD_PID" -m df -k "$d" | tail -1)"
[ "$full" -gt 0 ] || fail "the disk never filled (640k took 20000 records?)"
[ "$stored" -gt 0 ] || fail "nothing stored before the disk filled"
assert_eq "$(store_metric dropped_records_total sqlite queue_full)" 0 "queue_full drops"
assert_eq "$((stored + full))" 20000 "stored + write errors"
grep -q "database or disk is full" "$FM_OUT/flowmeterd.log" || fail "no word of the full disk in the log"
curl -sf "http://$FMD_HTTP/health" > /dev/null || fail "flowmeterd stopped answering"
NS=$FMD_PID integrity "$d/flows.db" "full disk"
assert_eq "$(NS=$FMD_PID rows "$d/flows.db")" "$stored" "raw rows on the full disk"
fmd_stop

echo "# 3. kill -9 during ingest"
d=$FM_OUT/kill
mkdir -p "$d"
conf kill "$d"
fmd_start "$FM_OUT/kill.yaml"
# One 5-minute bucket, 10 minutes ago: 80000 records over 4 s.
b=$(( (now / 300 - 2) * 300 * 1000 ))
send 80000 $((b + 60000)) 120000 > "$FM_OUT/sent.txt" &
sender=$!
kill_at_exit $sender
wait_for "[ \$(store_metric records_total) -ge 20000 ]" 30
committed=$(store_metric records_total)
kill -9 "$FMD_PID"
wait "$FMD_PID" 2>/dev/null || true
wait $sender
n=$(rows "$d/flows.db")
integrity "$d/flows.db" "after kill -9"
echo "records_total said $committed before the kill; $n raw rows after it"
[ "$n" -ge "$committed" ] || fail "committed $committed, only $n rows after kill -9"
[ "$n" -le 80000 ] || fail "$n rows, 80000 sent"
fmd_start "$FM_OUT/kill.yaml"
fmd_stop
integrity "$d/flows.db" "restarted"
"$BIN/flowmeter" top --db "$d/flows.db" --by all --from $b --to $((b + 300000)) --json > "$FM_OUT/top.json"
raw=$(for t in $(sqlite3 "$d/flows.db" "SELECT name FROM partitions WHERE kind = 'raw'"); do
	sqlite3 "$d/flows.db" "SELECT sum(bytes), sum(packets), count(*) FROM $t WHERE ts >= $b AND ts < $((b + 300000))"
done | awk -F'|' '{ b += $1; p += $2; f += $3 } END { print b, p, f }')
got=$(python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); t = j["total"]
print(t["bytes"], t["packets"], t["flows"], " ".join(x["tier"] for x in j["read"]))' "$FM_OUT/top.json")
assert_eq "$got" "$raw 5m" "5-minute rollups after kill -9 and restart = raw rows (bytes packets flows, tier)"
[ "${raw##* }" = "$n" ] || fail "raw rows in the bucket: ${raw##* }, in all $n"

echo "# 4. retention"
d=$FM_OUT/ret
mkdir -p "$d"
conf ret "$d" "  retention: {raw: 1d, nat: 1d, 5m: 2d, 1h: 30d, 1d: 0}"
old=$(( (now / 86400 - 5) * 86400 ))
oldday=$(date -u -d @$old +%Y%m%d)
fmd_start "$FM_OUT/ret.yaml"
read -r _ obytes opkts < <(send 300 $(( (old + 3600) * 1000 )) 3600000)
send 200 $(( (now - 600) * 1000 )) > /dev/null
decoded 500
wait_for "[ \$(store_metric records_total) = 500 ]" 20
# maintain() runs every 10 s: the old day's raw and 5-minute partitions go.
wait_for "! sq '$d/flows.db' .tables | grep -q 'flows_$oldday\\|rollup_5m_$oldday'" 30
store_invariant
fmd_stop
tables=$(sqlite3 "$d/flows.db" .tables)
echo "$tables" | grep -q "rollup_1h_${oldday:0:6}" || fail "the hourly rollups of $oldday are gone: $tables"
assert_eq "$(rows "$d/flows.db")" 200 "raw rows kept (today's)"
"$BIN/flowmeter" top --db "$d/flows.db" --by all --from $((old * 1000)) --to $(( (old + 86400) * 1000 )) --json > "$FM_OUT/top.json"
got=$(python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); t = j["total"]
print(t["bytes"], t["packets"], t["flows"], j["approximate"])' "$FM_OUT/top.json")
assert_eq "$got" "$obytes $opkts 300 False" "the old day from the daily rollups"
"$BIN/flowmeter" top --db "$d/flows.db" --by all --from $(( (old + 3600) * 1000 + 1000 )) \
	--to $(( (old + 7200) * 1000 )) --json > "$FM_OUT/top.json"
assert_eq "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["approximate"])' "$FM_OUT/top.json")" \
	True "a ragged range of the old day: approximate"

echo "# 5. the size cap"
d=$FM_OUT/cap
mkdir -p "$d"
conf cap "$d" "  max_size: 3MB
  retention: {raw: 30d}"
fmd_start "$FM_OUT/cap.yaml"
# ~4.7 MB in all: 4000 records a day on three past days, 1000 today; what
# covers now (today's raw and 5-minute, this month's hourly, this year's
# daily rollups) is ~1.7 MB.
for k in 3 2 1; do
	send 4000 $(( (now / 86400 - k) * 86400000 + 3600000 )) 60000 5000 > /dev/null
done
send 1000 $(( (now - 600) * 1000 )) > /dev/null
decoded 13000
wait_for "[ \$(store_metric records_total) = 13000 ]" 20
store_invariant
today=$(date -u -d @$((now - 600)) +%Y%m%d)
first=$(date -u -d @$((now - 3 * 86400)) +%Y%m%d)
# Bytes in use (free pages are not); maintain() looks every 10 s, the
# rollups come every 2 s: wait for the store to fit.
used() {
	sq "$d/flows.db" 'SELECT ((SELECT page_count FROM pragma_page_count) -
		(SELECT freelist_count FROM pragma_freelist_count)) * (SELECT page_size FROM pragma_page_size)'
}
wait_for "[ \$(used) -le 3000000 ]" 40
fmd_stop
used=$(used)
sq "$d/flows.db" .tables | grep -q "flows_$first" && fail "the oldest raw partition is still there"
parts=$(sq "$d/flows.db" "SELECT group_concat(name, ' ') FROM (SELECT name FROM partitions ORDER BY kind, name)")
echo "in use: $used bytes; partitions: $parts"
[ "$used" -le 3000000 ] || fail "the store uses $used bytes, the cap is 3MB"
case " $parts " in *" flows_$today "*) ;; *) fail "today's raw partition went too" ;; esac
# Raw first: a 5-minute partition went only once every past raw one had.
if [ "$(sq "$d/flows.db" "SELECT count(*) FROM partitions WHERE kind = '5m'")" -lt 4 ]; then
	assert_eq "$(sq "$d/flows.db" "SELECT group_concat(name) FROM partitions WHERE kind = 'raw'")" \
		"flows_$today" "raw partitions left when 5-minute ones went"
fi
want=0
for t in $(sq "$d/flows.db" "SELECT name FROM partitions WHERE kind = 'raw'"); do
	want=$((want + $([ "$t" = "flows_$today" ] && echo 1000 || echo 4000)))
done
assert_eq "$(rows "$d/flows.db")" $want "raw rows left: every record of the partitions left"
