#!/bin/bash
# SQLite store benchmark (make bench, after collector.sh; on the host):
#  1. the writer: generated records through fm_store_write (rows, rollup
#     counting, the rollups written), one thread: records/s per core from
#     its CPU time; callgrind's instructions per record and per rollup row;
#  2. the sink (queue + writer thread) fed at fixed rates: what it stores
#     and drops;
#  3. a day at 10,000 records/s (store_bench day: the day's rollups from a
#     model of a network, raw rows where --since 24h reads them) and the
#     time of `flowmeter top --since 24h` over it, per dimension.
# Needs build/tools (make tools). CPU figures are CPU time: on a busy host
# wall time says little (the line with /proc/pressure/cpu says how busy).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench/store
B=$top/build/tools
mkdir -p "$out"
N=${FM_BENCH_STORE_RECORDS:-2000000}
cc -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -I"$top/include" -I"$top" -I"$top/tools/lib" \
	-I"$top/tools/collector" -I"$top/tools/store" -pthread -o "$out/store_bench" \
	"$top/bench/store_bench.c" "$B/collector/sink.o" "$B/collector/sink_store.o" \
	"$B/collector/attrs.o" "$B/libfmstore.a" "$B/libfmdecode.a" \
	$(pkg-config --libs sqlite3 jansson libpq libcurl)
SB=$out/store_bench
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }
echo "# $(nproc) CPUs; cpu pressure: $(head -1 /proc/pressure/cpu 2>/dev/null || echo n/a)"

fresh "$out/w.db"
"$SB" write "$out/w.db" "$N"

# callgrind: the writer's instructions per record (fm_store_write, rollup
# counting included) and per rollup row written (sq_write_rollups).
fresh "$out/cg.db"
valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" "$SB" write "$out/cg.db" 60000 \
	> /dev/null 2> "$out/cg.log"
rows=$(for t in $(sqlite3 "$out/cg.db" "SELECT name FROM partitions WHERE kind IN ('5m','1h','1d')"); do
	sqlite3 "$out/cg.db" "SELECT count(*) FROM $t"; done | awk '{ n += $1 } END { print n }')
callgrind_annotate --inclusive=yes "$out/cg.out" 2>/dev/null | awk -v rows="$rows" '
	/store.c:fm_store_write / { gsub(",", "", $1); w = $1 }
	/sqlite.c:sq_write_rollups / && !r { gsub(",", "", $1); r = $1 }
	END { printf "callgrind: %d instructions per record written (fm_store_write), %d per rollup row (%d rows)\n",
		w / 60000, r / rows, rows }'

for rate in 50000 100000 200000; do
	fresh "$out/s.db"
	"$SB" sink "$out/s.db" $rate 10 2>/dev/null
done

# A day at 10,000 records/s, then flowmeter top over it: --since 24h as
# asked at the generator's now (--from now-24h --to now, the same plan).
fresh "$out/day.db"
"$SB" day "$out/day.db" 10000 | tee "$out/day.txt"
now=$(awk '{ print $NF }' "$out/day.txt")
echo "db: $(du -m "$out/day.db" | cut -f1) MB"
ms() { date +%s%3N; }
topq() { # WHAT ARGS...: best of 3, seconds; the tiers read
	local what=$1 best=999999 t0 t1 i
	shift
	for i in 1 2 3; do
		t0=$(ms)
		"$B/flowmeter" top --db "$out/day.db" "$@" --json > "$out/top.json"
		t1=$(ms)
		[ $((t1 - t0)) -lt $best ] && best=$((t1 - t0))
	done
	printf "%-50s %6.3f s  read %s\n" "flowmeter top $what" "$(echo "$best / 1000" | bc -l)" \
		"$(python3 -c 'import json, sys; j = json.load(open(sys.argv[1]))
print(" ".join(x["tier"] for x in j["read"]) + ("  (approximate)" if j["approximate"] else ""))' "$out/top.json")"
}
for d in source_ip destination_ip source_port destination_port destination_country protocol; do
	topq "--since 24h --by $d" --from $((now - 86400000)) --to $now --by $d
done
h=$(( now / 3600000 * 3600000 ))
topq "whole hours, 23 h, --by destination_ip" --from $((h - 23 * 3600000)) --to $h --by destination_ip
