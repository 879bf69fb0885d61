#!/bin/bash
# Build the debug kernel of 'make check-debug' once and cache it:
# Debian's linux-source-6.1 (the same upstream version as the stock 6.1
# kernel) with KASAN, lockdep, DEBUG_ATOMIC_SLEEP, DEBUG_PREEMPT, kmemleak
# and UBSAN, netfilter, nft_compat and 9p built in (tests/vm/debug.config).
# It lands where tests/vm/kernel.sh keeps Debian's kernels:
#   $FM_CACHE/kernels/KVER/{vmlinuz,modules/lib/modules/KVER,build}
# and prints KVER. About 18 minutes on 2 cores; a changed config builds
# again incrementally, a new source version from scratch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${FM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flowmeter}
tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)
[ -n "$tarball" ] || { echo "debug-kernel.sh: install linux-source-6.1 (make deps)" >&2; exit 2; }
srcver=$(dpkg-query -W -f '${Version}' linux-source-6.1)
stamp=$(cat "$here/debug.config" "$0" | sha1sum | cut -c1-12)-$srcver
src=$cache/debug/src-$srcver
obj=$cache/debug/build
jobs=${FM_JOBS:-$(nproc)}

find_done() {
	local d
	for d in "$cache"/kernels/*-fmdebug; do
		[ -f "$d/.done" ] && [ "$(cat "$d/.done")" = "$stamp" ] && { basename "$d"; return 0; }
	done
	return 1
}
if kver=$(find_done); then
	echo "$kver"
	exit 0
fi

log() { echo "debug-kernel: $*" >&2; }
if [ ! -f "$src/.unpacked" ]; then
	log "unpacking $tarball"
	rm -rf "$src"
	mkdir -p "$src"
	tar -xJf "$tarball" -C "$src" --strip-components=1
	touch "$src/.unpacked"
fi
# The object tree of the same source version is kept: kbuild rebuilds only
# what a changed configuration touches.
[ "$(cat "$obj/.srcver" 2>/dev/null)" = "$srcver" ] || rm -rf "$obj"
mkdir -p "$obj"
echo "$srcver" > "$obj/.srcver"
log "configuring in $obj"
make -s -C "$src" O="$obj" x86_64_defconfig kvm_guest.config >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$here/debug.config" >/dev/null
make -s -C "$src" O="$obj" olddefconfig >&2
# Every line of the fragment must have survived olddefconfig.
missing=$(grep -E '^CONFIG_' "$here/debug.config" | while IFS== read -r opt val; do
	have=$(sed -n "s/^$opt=//p" "$obj/.config")
	case $val in
	n) [ -z "$have" ] || echo "$opt=n (is $have)" ;;
	*) [ "$have" = "$val" ] || echo "$opt=$val (is ${have:-not set})" ;;
	esac
done)
[ -z "$missing" ] || { log "options that did not take:"; echo "$missing" >&2; exit 1; }
log "building with $jobs jobs (about 18 minutes on 2 cores)"
t0=$(date +%s)
make -s -C "$src" O="$obj" -j"$jobs" bzImage modules >"$obj/build.log" 2>&1 ||
	{ tail -n 40 "$obj/build.log" >&2; exit 1; }
kver=$(make -s -C "$src" O="$obj" kernelrelease)
dir=$cache/kernels/$kver
rm -rf "$dir"
mkdir -p "$dir/modules"
make -s -C "$src" O="$obj" INSTALL_MOD_PATH="$dir/modules" modules_install >&2
cp "$obj/arch/x86/boot/bzImage" "$dir/vmlinuz"
# The tree out-of-tree modules build against (make KVER=... finds it here).
rm -f "$dir/modules/lib/modules/$kver/build" "$dir/modules/lib/modules/$kver/source"
ln -s "$obj" "$dir/build"
depmod -b "$dir/modules" "$kver"
echo "$stamp" > "$dir/.done"
log "built $kver in $(( $(date +%s) - t0 ))s"
echo "$kver"
