#!/bin/bash
# Invalid parameters refuse the load with one kernel log line naming the
# parameter; nothing is left registered.
. "$(dirname "$0")/../lib/common.sh"

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
# Values that cannot be honoured: ms in an int, twice sndbuf in an int.
try_bad active_timeout=2147484
try_bad inactive_timeout=2147484
try_bad timeout_rate=35792
try_bad sndbuf=1073741824

# The reference module's own options line still loads.
modprobe ipt_NETFLOW destination=127.0.0.1:2055 protocol=10 natevents=1
grep -q '^Protocol version 10 (ipfix)' /proc/net/stat/ipt_netflow ||
	fail "protocol=10 not shown"
# Without maxflows=, flows may take 1/16 of RAM, at most 2000000.
size=$(sed -n 's/.*flow size \([0-9]*\) bytes.*/\1/p' /proc/net/stat/ipt_netflow)
mem=$(awk '/^MemTotal:/ { print $2 * 1024 }' /proc/meminfo)
want=$(( mem / 16 / size ))
[ $want -gt 2000000 ] && want=2000000
assert_eq "$(sysctl -n net.netflow.maxflows)" $want "default maxflows for $((mem >> 20)) MB"
# The same bounds at run time, with a message naming the sysctl.
dmesg -C
if sysctl -qw net.netflow.active_timeout=2147484 2>/dev/null; then
	fail "net.netflow.active_timeout=2147484 accepted"
fi
dmesg | grep -q 'net.netflow.active_timeout refused: must be 1 to 2147483' ||
	fail "no message for a refused sysctl: $(dmesg)"
rmmod ipt_NETFLOW
modprobe ipt_NETFLOW maxflows=1234
assert_eq "$(sysctl -n net.netflow.maxflows)" 1234 "explicit maxflows"
rmmod ipt_NETFLOW
echo "ok: reference options line loads"
