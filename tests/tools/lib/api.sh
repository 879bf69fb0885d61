# Helpers for the API tests (api_*.sh); sourced after common.sh and store.sh.

# api_conf DIR [AUTH SIGN]: flowmeterd's configuration DIR/flows.yaml: flows on
# $PORT, HTTP on $HTTP, a SQLite store that keeps everything, the registry in
# DIR; netflow.io's keys if given (else made up at start).
api_conf() {
	sed "s|@PORT@|$PORT|; s|@HTTP@|$HTTP|; s|@OUT@|$1|" "$LIB/flows.yaml.in" > "$1/flows.yaml"
	cat >> "$1/flows.yaml" <<EOT
store:
  retention: {raw: 3650d, 5m: 3650d, 1h: 3650d, 1d: 0}
  sqlite: {path: $1/flows.db}
api:
  registry: $1/senders.json
EOT
	[ -z "${2:-}" ] || printf '  auth_key: %s\n  sign_key: %s\n' "$2" "$3" >> "$1/flows.yaml"
}

# capture_start DIR: nfcapd writing DIR/nfcapd and a tee that sends what
# reaches 127.0.0.1:$TEE_PORT to flowmeterd ($PORT) and to nfcapd.
capture_start() {
	local nport
	mkdir -p "$1/nfcapd"
	nport=$(free_port)
	TEE_PORT=$(free_port)
	nfcapd -w "$1/nfcapd" -p $nport -b 127.0.0.1 -t 3600 -P "$1/nfcapd.pid" -D >/dev/null 2>&1
	python3 "$LIB/tee.py" $TEE_PORT "$1/tee.ready" $PORT $nport &
	TEE_PID=$!
	kill_at_exit $TEE_PID
	wait_for "[ -e $1/tee.ready ] && [ -s $1/nfcapd.pid ]"
	kill_at_exit "$(cat "$1/nfcapd.pid")"
}

# capture_stop DIR: both stopped, nfcapd's file closed.
capture_stop() {
	kill "$TEE_PID"
	wait "$TEE_PID" 2>/dev/null || true
	kill "$(cat "$1/nfcapd.pid")"
	wait_for "[ ! -e $1/nfcapd.pid ]"
}
