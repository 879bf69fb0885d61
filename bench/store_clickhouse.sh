#!/bin/bash
# ClickHouse store benchmark (bench/store_lib.sh says how): a server of its
# own on loopback (tests/tools/lib/ch.sh).
BENCH=store_clickhouse
. "$(dirname "$0")/store_lib.sh"
. "$LIB/ch.sh"
trap ch_stop_all EXIT
ch_start one
bench_store clickhouse "  clickhouse: {url: 'http://127.0.0.1:$CH_HTTP_one/', database: fm_bench}" $CH_PID_one
echo "# rows: $(ch_q one 'SELECT count() FROM fm_bench.flows'), on disk: $(ch_q one "SELECT formatReadableSize(sum(bytes_on_disk)) FROM system.parts WHERE active AND database = 'fm_bench'")"
