#!/bin/bash
# PostgreSQL store benchmark (bench/store_lib.sh says how): a cluster of
# its own on loopback (tests/tools/lib/pg.sh), fsync off as in the tests
# (the figure is the store's work, not this machine's disk).
BENCH=store_pg
. "$(dirname "$0")/store_lib.sh"
. "$LIB/pg.sh"
trap pg_stop EXIT
pg_start fm_bench
pids=$(head -1 "$PG_DIR/data/postmaster.pid")
bench_store postgresql "  postgresql: {conninfo: \"$PG_URL\"}" $pids
echo "# rows: $(pg_val 'SELECT count(*) FROM flows'), on disk: $(pg_val "SELECT pg_size_pretty(sum(pg_total_relation_size(name::regclass))) FROM partitions")"
