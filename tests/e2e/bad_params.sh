#!/bin/bash
# Invalid parameters refuse the load with one kernel log line naming the
# parameter; nothing is left registered.
. "$(dirname "$0")/lib/common.sh"

try_bad() { # PARAM=VALUE
	local name=${1%%=*}
	dmesg -C
	if modprobe ipt_NETFLOW "$1" 2>$FM_TMP/modprobe.err; then
		rmmod ipt_NETFLOW
		fail "$1 was accepted"
	fi
	msg=$(dmesg | grep "ipt_NETFLOW: invalid parameter $name:" || true)
	[ "$(printf '%s\n' "$msg" | grep -c .)" = 1 ] ||
		fail "$1: expected one log line naming '$name', kernel log: $(dmesg)"
	echo "ok: $1 refused: $msg"
	[ ! -e /proc/net/stat/ipt_netflow ] || fail "$1 left the stat file behind"
}

try_bad protocol=7
try_bad destination=not-an-address
try_bad active_timeout=0
try_bad inactive_timeout=-1
try_bad destination=10.0.0.1:70000
try_bad destination=[::1:2055
try_bad refresh_rate=0
try_bad natevents=2

# The reference module's own options line still loads.
modprobe ipt_NETFLOW destination=127.0.0.1:2055 protocol=10 natevents=1
grep -q '^Protocol version 10 (ipfix)' /proc/net/stat/ipt_netflow ||
	fail "protocol=10 not shown"
rmmod ipt_NETFLOW
echo "ok: reference options line loads"
