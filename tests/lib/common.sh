# Helpers for every test suite (e2e in the VM, tools on the host); sourced.
# e2e tests run inside the VM as root, one at a time; the runner resets
# iptables, namespaces and the module after each.
set -euo pipefail

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || skip "$t not installed"
	done
}
# assert_eq ACTUAL EXPECTED WHAT
assert_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
	echo "ok: $3 = $2"
}
# Wait up to $2 seconds (default 10) for command $1 to succeed.
wait_for() {
	local i n=$(( ${2:-10} * 10 ))
	for ((i = 0; i < n; i++)); do
		eval "$1" && return 0
		sleep 0.1
	done
	fail "timed out waiting for: $1"
}
# A free TCP/UDP port on 127.0.0.1 (bound and let go: good enough on loopback).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
