#!/bin/bash
# The SQLite store against nfdump: softflowd (v5, v9, IPFIX) reads a pcap
# made here whose flows end 100 s apart, in the middle of known 5-minute
# buckets three hours ago; its export goes to flowmeterd (SQLite store) and
# to nfcapd at once. Then nfreplay sends the v5 capture's file to a fresh
# flowmeterd. For each run and dimension, `flowmeter top --json` must equal
# nfdump's numbers: over everything from the hourly rollups and from
# 5-minute ones (nfdump -s), over ragged ends from raw rows and rollups,
# and per bucket from the 5-minute rollups and from raw rows (nfdump's
# records by end time); `flowmeter flows` has as many records as nfdump
# (lib/store_truth.py's check, which other stores' tests share).
. "$(dirname "$0")/lib/common.sh"
. "$LIB/store.sh"
need softflowd nfcapd nfdump nfreplay sqlite3 curl python3

now=$(date +%s)
H=$(( (now / 3600 - 3) * 3600 ))
python3 "$LIB/mkpcap.py" "$FM_OUT/flows.pcap" 7 100 $((H + 50)) > "$FM_OUT/truth.txt"
want=$(wc -l < "$FM_OUT/truth.txt")

# conf OUTDIR: flowmeterd's configuration with the store in OUTDIR.
conf() {
	sed "s|@PORT@|$PORT|; s|@HTTP@|$(free_port)|; s|@OUT@|$1|" "$LIB/flows.yaml.in" > "$1/flows.yaml"
	cat >> "$1/flows.yaml" <<EOT
store:
  # The test's flows are hours old (IPFIX's are weeks ahead): keep them.
  retention: {raw: 3650d, 5m: 3650d, 1h: 3650d, 1d: 0}
  sqlite: {path: $1/flows.db}
EOT
}

# ingested: flowmeterd took every record and the store committed them all.
ingested() {
	wait_for "[ \$(metric 'flowmeterd_exporter_records_total{exporter=\"127.0.0.1\",kind=\"flow\"}') -ge $want ]" 20
	wait_for "[ \$(store_metric records_total) -ge $want ]" 20
	store_invariant
	assert_eq "$(store_metric records_total)" "$want" "records stored"
}

PORT=$(free_port)
for v in 5 9 10; do
	o=$FM_OUT/v$v
	mkdir -p "$o/nfcapd"
	conf "$o"
	fmd_start "$o/flows.yaml"
	nport=$(free_port)
	tport=$(free_port)
	nfcapd -w "$o/nfcapd" -p $nport -b 127.0.0.1 -t 3600 -P "$o/nfcapd.pid" -D >/dev/null 2>&1
	python3 "$LIB/tee.py" $tport "$o/tee.ready" $PORT $nport &
	tee=$!
	wait_for "[ -e $o/tee.ready ] && [ -s $o/nfcapd.pid ]"
	kill_at_exit $tee "$(cat "$o/nfcapd.pid")"
	softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$tport -v $v > "$o/softflowd.log" 2>&1
	ingested
	kill "$tee"; wait "$tee" 2>/dev/null || true
	kill "$(cat "$o/nfcapd.pid")"
	wait_for "[ ! -e $o/nfcapd.pid ]"
	# Stopped, it has written its last rollups.
	fmd_stop
	# shellcheck disable=SC2046
	store_check "softflowd -v $v" "$o/nfcapd" "--db $o/flows.db" $([ $v = 9 ] && echo --unwrap)
	sqlite3 "$o/flows.db" 'PRAGMA integrity_check' | grep -qx ok || fail "v$v: integrity_check"
done

o=$FM_OUT/nfreplay
mkdir -p "$o"
conf "$o"
fmd_start "$o/flows.yaml"
nfreplay -r "$(ls "$FM_OUT"/v5/nfcapd/nfcapd.2* | head -1)" -H 127.0.0.1 -p $PORT -v 9 > "$o/nfreplay.log" 2>&1
ingested
fmd_stop
store_check nfreplay "$FM_OUT/v5/nfcapd" "--db $o/flows.db"
