# A PostgreSQL server of the test's own: initdb in a temporary directory,
# loopback on a free port, trust authentication; sourced after common.sh
# and store.sh. As root the server runs as the postgres user (it refuses
# root). PG_URL is a database's conninfo; pg_stop on exit.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PG_BIN/initdb" ] || skip "no PostgreSQL server (postgresql-15) here"

pg_as() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DB: a fresh cluster with database DB; PG_DIR, PG_PORT, PG_URL.
pg_start() {
	PG_DIR=$(mktemp -d /tmp/fm-pg.XXXXXX)
	PG_PORT=$(free_port)
	[ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U flowmeter -E UTF8 --no-sync \
		> "$FM_OUT/initdb.log" 2>&1 || { cat "$FM_OUT/initdb.log"; fail "initdb"; }
	pg_ctl_start
	psql -q "postgresql://flowmeter@127.0.0.1:$PG_PORT/postgres" -c "CREATE DATABASE $1" \
		|| fail "createdb"
	PG_URL="postgresql://flowmeter@127.0.0.1:$PG_PORT/$1"
}

# Start (again) the cluster pg_start made.
pg_ctl_start() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
		-o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start \
		> /dev/null || { cat "$PG_DIR/log"; fail "postgres did not start"; }
}

# Stop it, fast: connections are cut, as a crash or a restart does.
pg_ctl_stop() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] || return 0
	pg_ctl_stop 2>/dev/null || true
	rm -rf "$PG_DIR"
	PG_DIR=
}

# One value: pg_val SQL
pg_val() { psql -qAt "$PG_URL" -c "$1"; }
