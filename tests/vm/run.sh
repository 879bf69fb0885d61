#!/bin/bash
# Boot a Debian kernel under QEMU (TCG) with our module and run e2e tests.
#   tests/vm/run.sh KVER [TEST...]          TAP lines, then "N passed, N failed"
#   tests/vm/run.sh --demo KVER             run tests/demo.sh in the guest
#   tests/vm/run.sh --bench KVER SCRIPT     run a benchmark script, 1 vCPU, icount
# Environment: FM_CACHE (downloads), FM_TIMEOUT (per test, s), FM_SMP.
set -euo pipefail
mode=tests
case ${1:-} in
--demo) mode=demo; shift ;;
--bench) mode=bench; shift ;;
esac
kver=${1:?usage: run.sh [--demo|--bench] KVER [TEST...]}
shift
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

ko=build/$kver/ipt_NETFLOW.ko
[ -f "$ko" ] || { echo "run.sh: $ko not built (make modules)" >&2; exit 2; }
kdir=$(tests/vm/kernel.sh "$kver")
# Tests, demo and bench may run at once: each has its own VM directory.
vm=build/vm/$kver
[ "$mode" = tests ] || vm=build/vm/$kver-$mode
mkdir -p "$vm"

# The guest's module tree: the kernel's own (hard links into the cache) plus
# our freshly built module.
rm -rf "$vm/modules"
cp -al "$kdir/modules" "$vm/modules" 2>/dev/null || cp -a "$kdir/modules" "$vm/modules"
mkdir -p "$vm/modules/lib/modules/$kver/extra"
cp "$ko" "$vm/modules/lib/modules/$kver/extra/"
depmod -b "$vm/modules" "$kver"

if [ ! -f "$vm/initramfs.cpio.gz" ] || [ tests/vm/init -nt "$vm/initramfs.cpio.gz" ] ||
	[ tests/vm/initramfs.sh -nt "$vm/initramfs.cpio.gz" ]; then
	tests/vm/initramfs.sh "$kdir" "$kver" "$vm/initramfs.cpio.gz"
fi

# A hang guard, not a time limit: nft_local took 237 s of TCG on a loaded
# host (100 s on a quiet one).
per_test=${FM_TIMEOUT:-480}
smp=${FM_SMP:-2}
icount=()
case $mode in
tests)
	if [ $# -gt 0 ]; then
		tests="$*"
	else
		tests=$(cd tests/e2e && ls ./*.sh | sed 's|^\./||; s|\.sh$||' | grep -v '^lib$' | tr '\n' ' ')
	fi
	total_timeout=$((60 + per_test * $(echo "$tests" | wc -w)))
	script=
	;;
demo)
	tests= script=$top/tests/demo.sh per_test=${FM_TIMEOUT:-600}
	total_timeout=$((per_test + 60))
	;;
bench)
	tests= script=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") per_test=${FM_TIMEOUT:-1800}
	total_timeout=$((per_test + 60))
	smp=1
	# One guest instruction = one ns of guest time: repeatable pps figures.
	icount=(-icount shift=0,align=off,sleep=on)
	;;
esac

cat > "$vm/run.env" <<ENV
FM_TOP='$top'
FM_MODDIR='$top/$vm/modules'
FM_MODE='$mode'
FM_TESTS='$tests'
FM_SCRIPT='$script'
FM_TIMEOUT='$per_test'
ENV
# Knobs for the script inside (FM_BENCH_*, FM_DEMO_*) travel the same way.
env | grep -E '^FM_(BENCH|DEMO)_[A-Z_]*=' | sed "s/=\(.*\)/='\1'/" >> "$vm/run.env" || true

boot() {
rm -f "$vm/console.log" "$vm/results.log"
rm -rf "$vm/artifacts"
mkdir -p "$vm/artifacts"
timeout -k 10 "$total_timeout" qemu-system-x86_64 \
	-accel "tcg${FM_TCG_OPTS:+,$FM_TCG_OPTS}" -cpu max -smp "$smp" -m "${FM_VM_MEM:-2048}" "${icount[@]}" \
	-nodefaults -display none -no-reboot -monitor none \
	-kernel "$kdir/vmlinuz" -initrd "$vm/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 quiet loglevel=4 fm_run=$top/$vm/run.env ${FM_APPEND:-}" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$vm/artifacts,mount_tag=artifacts,security_model=none,multidevs=remap" \
	-serial "file:$vm/console.log" -serial "file:$vm/results.log" \
	-device virtio-rng-pci \
	</dev/null
}

# A boot that dies before the test runner starts (TCG now and then trips
# over the kernel's early code patching) is no test result: boot again.
set +e
for attempt in 1 2 3; do
	boot
	qrc=$?
	grep -q '^# vm-start' "$vm/results.log" 2>/dev/null && break
	echo "[$kver] # boot $attempt died before the tests started (qemu exit $qrc):" >&2
	grep -m1 -E 'Oops|panic|BUG' "$vm/console.log" | sed "s/^/[$kver] #   /" >&2
	cp "$vm/console.log" "$vm/console.boot$attempt.log"
done
set -e
# The guest's serial line ends lines with CR LF.
[ -f "$vm/results.log" ] && sed -i 's/\r$//' "$vm/results.log"

if [ "$mode" != tests ]; then
	cat "$vm/results.log"
	grep -q '^exit 0$' "$vm/results.log"
	exit
fi

pass=$(grep -c '^ok ' "$vm/results.log" || true)
fail=$(grep -c '^not ok ' "$vm/results.log" || true)
sed "s/^/[$kver] /" "$vm/results.log"
if ! grep -q '^# vm-done' "$vm/results.log"; then
	echo "[$kver] VM did not finish (qemu exit $qrc); console tail:"
	tail -n 40 "$vm/console.log" | sed "s/^/[$kver] #   /"
	ran=$((pass + fail))
	for t in $tests; do
		ran=$((ran - 1))
		[ $ran -lt 0 ] && fail=$((fail + 1))
	done
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
