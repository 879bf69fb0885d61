#!/bin/bash
# PID 1 inside the test VM, after switch_root into the overlay of the host's
# root. Runs each test of $FM_TESTS with a timeout, checks the kernel log
# after it, and writes TAP lines to the results channel (second serial port).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
set -a
. "$fm_run"
set +a
# Fresh scratch space, except where it would hide the work tree (a clone
# under /tmp): the overlay root is writable there anyway.
for d in /run /tmp /var/tmp; do
	case $FM_TOP/ in
	"$d"/*) ;;
	*) mount -t tmpfs tmpfs "$d" ;;
	esac
done
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /run/netns /var/run
hostname fmvm
ip link set lo up
# Each test's own temporary files; emptied between tests.
export FM_TMP=/run/fm-tmp
mkdir -p $FM_TMP
# Files a test wants the host to see (captures, decoder output).
export FM_ARTIFACTS=/run/artifacts
mkdir -p $FM_ARTIFACTS
mount -t 9p -o trans=virtio,version=9p2000.L artifacts $FM_ARTIFACTS
exec 3>/dev/ttyS1
echo "# vm-start $(uname -r)" >&3
cd "$FM_TOP"

# Our iptables extension, where iptables looks for it.
xtdir=$(pkg-config --variable=xtlibdir xtables 2>/dev/null)
[ -n "$xtdir" ] || xtdir=/usr/lib/x86_64-linux-gnu/xtables
cp "$FM_TOP"/build/ext/*.so "$xtdir"/

poweroff_now() {
	sync
	echo o > /proc/sysrq-trigger
	sleep 10
}

# Undo whatever a test left behind, so one failure does not cascade.
reset_state() {
	local ns tbl
	for tbl in filter mangle raw nat; do
		iptables-legacy -t $tbl -F 2>/dev/null; iptables-legacy -t $tbl -X 2>/dev/null
		ip6tables-legacy -t $tbl -F 2>/dev/null; ip6tables-legacy -t $tbl -X 2>/dev/null
	done
	nft flush ruleset 2>/dev/null
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		ip netns del "$ns"
	done
	# Anything the test started and left running.
	# (tests run by relative path: match both spellings).
	pkill -9 -f "$FM_TOP/tests/" 2>/dev/null
	pkill -9 -f "tests/e2e/lib/" 2>/dev/null
	pkill -9 -x nfcapd 2>/dev/null
	pkill -9 -x tshark 2>/dev/null
	pkill -9 -x conntrack 2>/dev/null
	sleep 0.2
	rm -rf "$FM_TMP" && mkdir -p "$FM_TMP"
	rmmod ipt_NETFLOW 2>/dev/null
	conntrack -F >/dev/null 2>&1
	return 0
}

# What the checkers of a debug kernel (make check-debug) and stock kernels
# print when something is wrong; any of it fails the test that caused it.
BADLOG='WARNING:|BUG:|Oops|Call Trace|kmemleak|refcount_t|general protection|unreferenced object|UBSAN:|KASAN|INFO: task|rcu_.*stall|soft lockup|hard LOCKUP|inconsistent lock state|possible recursive locking|DEBUG_LOCKS_WARN_ON'

case $FM_MODE in
demo|bench)
	timeout "$FM_TIMEOUT" bash "$FM_SCRIPT" >&3 2>&1
	echo "exit $?" >&3
	dmesg | grep -E "$BADLOG" >&3
	poweroff_now
	;;
esac

n=0
for t in $FM_TESTS; do
	n=$((n + 1))
	script=tests/e2e/$t.sh
	dmesg -C
	echo "=== $t" > /dev/console
	start=$(date +%s)
	mkdir -p "$FM_ARTIFACTS/$t"
	FM_OUT=$FM_ARTIFACTS/$t FM_KVER=$(uname -r) timeout -k 5 "$FM_TIMEOUT" bash "$script" > /run/fm-test.out 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	reset_state
	cat /run/fm-test.out > /dev/console
	bad=$(dmesg | grep -E "$BADLOG")
	if [ $rc -eq 77 ]; then
		echo "ok $n $t # SKIP $(tail -n 1 /run/fm-test.out)" >&3
	elif [ $rc -eq 0 ] && [ -z "$bad" ]; then
		echo "ok $n $t (${secs}s)" >&3
	else
		[ $rc -eq 124 ] && echo "timed out after $FM_TIMEOUT s" >> /run/fm-test.out
		if [ -n "$bad" ]; then
			echo "kernel log has bad lines; full log:" >> /run/fm-test.out
			dmesg >> /run/fm-test.out
		fi
		echo "not ok $n $t (exit $rc, ${secs}s)" >&3
		sed 's/^/#   /' /run/fm-test.out >&3
	fi
done
echo "# vm-done" >&3
poweroff_now
