# ClickHouse servers of the test's own (Debian's clickhouse-server), each
# with a configuration and data in a temporary directory, HTTP and native
# ports free on loopback; sourced after common.sh and store.sh. As root a
# server runs as the clickhouse user. ch_stop_all on exit.
command -v clickhouse-server >/dev/null || skip "no clickhouse-server here"
CH_DIRS=()

# ch_start NAME [REMOTE_SERVERS_XML]: server NAME; CH_HTTP_NAME, CH_TCP_NAME.
ch_start() {
	local name=$1 dir http tcp
	dir=$(mktemp -d /tmp/fm-ch.XXXXXX)
	http=$(free_port)
	tcp=$(free_port)
	CH_DIRS+=("$dir")
	cat > "$dir/config.xml" <<EOT
<yandex>
  <logger><level>warning</level><log>$dir/server.log</log><errorlog>$dir/error.log</errorlog></logger>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <timezone>UTC</timezone>
  <remote_servers>${2:-}</remote_servers>
</yandex>
EOT
	cat > "$dir/users.xml" <<EOT
<yandex>
  <profiles><default></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
EOT
	[ "$(id -u)" = 0 ] && chown -R clickhouse: "$dir"
	eval "CH_HTTP_$name=$http CH_TCP_$name=$tcp CH_DIR_$name=$dir"
	ch_run "$name"
}

# (Re)start server NAME as ch_start made it.
ch_run() {
	local dir http
	eval "dir=\$CH_DIR_$1 http=\$CH_HTTP_$1"
	if [ "$(id -u)" = 0 ]; then
		runuser -u clickhouse -- clickhouse-server --config-file="$dir/config.xml" \
			> "$dir/stdout" 2>&1 &
	else
		clickhouse-server --config-file="$dir/config.xml" > "$dir/stdout" 2>&1 &
	fi
	eval "CH_PID_$1=$!"
	wait_for "curl -sf http://127.0.0.1:$http/ping >/dev/null" 60 || { cat "$dir/error.log"; fail "clickhouse $1 did not start"; }
}

# Stop server NAME (connections cut).
ch_kill() {
	local pid
	eval "pid=\${CH_PID_$1:-}"
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	eval "CH_PID_$1="
}

ch_stop_all() {
	local v d
	for v in $(compgen -v CH_PID_); do ch_kill "${v#CH_PID_}"; done
	for d in "${CH_DIRS[@]}"; do rm -rf "$d"; done
}

# ch_q NAME SQL: a statement on server NAME, its answer.
ch_q() {
	local http
	eval "http=\$CH_HTTP_$1"
	curl -sf "http://127.0.0.1:$http/" --data-binary "$2" || fail "clickhouse $1: $2"
}
