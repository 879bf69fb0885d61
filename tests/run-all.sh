#!/bin/bash
# 'make check': unit tests (ASan/UBSan), kernel style, then the e2e tests in
# a VM for every kernel given. Prints TAP-like lines and, last, the total
# "N passed, N failed". TESTS="a b" limits the e2e tests; kernels listed in
# FM_SMOKE_KVERS run only FM_SMOKE_TESTS.
set -uo pipefail
cd "$(dirname "$0")/.."
pass=0 fail=0 skip=0
log=build/check
mkdir -p "$log"

tally() { # FILE: count its TAP lines
	local p f s
	p=$(grep -cE '^(\[[^]]*\] )?ok ' "$1")
	s=$(grep -cE '^(\[[^]]*\] )?ok .*# SKIP' "$1")
	f=$(grep -cE '^(\[[^]]*\] )?not ok ' "$1")
	pass=$((pass + p - s)) skip=$((skip + s)) fail=$((fail + f))
}

make -s -C tests/unit run > "$log/unit.log" 2>&1
make -s -C tools SAN=1 check >> "$log/unit.log" 2>&1
grep -vE '^make' "$log/unit.log"
tally "$log/unit.log"

# The collector against real exporters, real servers, its own config files;
# userspace only, so on this machine, while the VMs run: a TCG guest leaves
# the CPUs idle whenever its tests sleep, and no test here is timed.
tests/tools/run.sh > "$log/tools.log" 2>&1 &
tools_pid=$!

if tests/checkpatch.sh kmod/*.c kmod/*.h > "$log/style.log" 2>&1; then
	echo "ok style/checkpatch" | tee -a "$log/style.log"
else
	echo "not ok style/checkpatch" >> "$log/style.log"
	sed 's/^/#   /' "$log/style.log"
fi
tally "$log/style.log"

# 32-bit routers: the module builds for i386 (6.1 headers).
if tests/build-32bit.sh > "$log/build-32bit.log" 2>&1; then
	echo "ok build/i386"
elif [ $? -eq 77 ]; then
	echo "ok build/i386 # SKIP $(tail -n 1 "$log/build-32bit.log")"
else
	echo "not ok build/i386"
	sed 's/^/#   /' "$log/build-32bit.log"
fi > "$log/build-32bit.tap"
cat "$log/build-32bit.tap"
tally "$log/build-32bit.tap"

# One kernel's VM results: its TAP lines, counted; a run.sh that failed
# without a failing test (boot, timeout) is a failure of its own.
vm_report() { # KVER
	local k=$1 rc
	rc=$(cat "$log/vm-$k.rc")
	grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$log/vm-$k.log"
	tally "$log/vm-$k.log"
	if [ "$rc" -ne 0 ] && ! grep -qE '^\[[^]]*\] not ok ' "$log/vm-$k.log"; then
		echo "not ok vm/$k (run.sh exit $rc)"
		fail=$((fail + 1))
	fi
}
smoke_pids=() smoke_kvers=()
for k in "$@"; do
	if tests/dkms-build.sh "$k" > "$log/dkms-$k.log" 2>&1; then
		echo "ok dkms/build-$k"
	elif [ $? -eq 77 ]; then
		echo "ok dkms/build-$k # SKIP $(tail -n 1 "$log/dkms-$k.log")"
	else
		echo "not ok dkms/build-$k"
		sed 's/^/#   /' "$log/dkms-$k.log"
	fi > "$log/dkms-$k.tap"
	cat "$log/dkms-$k.tap"
	tally "$log/dkms-$k.tap"

	case " ${FM_SMOKE_KVERS:-} " in
	*" $k "*)
		# A few tests, mostly boot: beside the next kernel's suite.
		echo "# $k: smoke tests only ($FM_SMOKE_TESTS)"
		# shellcheck disable=SC2086
		{ tests/vm/run.sh "$k" $FM_SMOKE_TESTS > "$log/vm-$k.log" 2>&1; echo $? > "$log/vm-$k.rc"; } &
		smoke_pids+=($!) smoke_kvers+=("$k")
		;;
	*)
		# shellcheck disable=SC2086
		tests/vm/run.sh "$k" ${TESTS:-} > "$log/vm-$k.log" 2>&1
		echo $? > "$log/vm-$k.rc"
		vm_report "$k"
		;;
	esac
done
for i in "${!smoke_pids[@]}"; do
	wait "${smoke_pids[$i]}"
	vm_report "${smoke_kvers[$i]}"
done

wait "$tools_pid"
cat "$log/tools.log"
tally "$log/tools.log"

[ $skip -gt 0 ] && echo "($skip skipped)"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
