#!/bin/bash
# The module must build for 32-bit routers too (no 64-bit division helpers
# the kernel does not export). Debian's i386 ("686") headers of the same
# 6.1 release as the amd64 ones are downloaded once into the cache and used
# with the host's kbuild scripts: the host's gcc builds for i386 itself
# (arch/x86 passes -m32), so no i386 package is installed.
# Usage: build-32bit.sh [ABI]   (default: the newest installed 6.1 amd64 ABI)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${FM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flowmeter}/i386
abi=${1:-$(ls -d /usr/src/linux-headers-6.1.*-amd64 2>/dev/null | sed 's|.*/linux-headers-||; s|-amd64$||' | sort -V | tail -n 1)}
[ -n "$abi" ] || { echo "build-32bit.sh: no 6.1 amd64 headers installed"; exit 77; }
[ -d /usr/lib/linux-kbuild-6.1 ] || { echo "build-32bit.sh: linux-kbuild-6.1 missing"; exit 77; }
hdr=$cache/$abi/usr/src/linux-headers-$abi-686
if [ ! -f "$hdr/Makefile" ]; then
	dpkg --print-foreign-architectures | grep -qx i386 ||
		{ echo "build-32bit.sh: i386 not a dpkg architecture (make deps adds it)"; exit 77; }
	rm -rf "$cache/$abi" && mkdir -p "$cache/$abi/dl"
	(cd "$cache/$abi/dl" && apt-get download "linux-headers-$abi-686:i386" >/dev/null 2>&1) ||
		{ echo "build-32bit.sh: cannot download linux-headers-$abi-686:i386"; exit 1; }
	dpkg -x "$cache/$abi"/dl/*.deb "$cache/$abi"
	rm -rf "$cache/$abi/dl"
	mkdir -p "$cache/$abi/usr/lib"
	ln -sfn /usr/lib/linux-kbuild-6.1 "$cache/$abi/usr/lib/linux-kbuild-6.1"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -C "$top" kmod-tree DEST="$tmp"
if ! make -C "$hdr" M="$tmp" modules > "$tmp/build.log" 2>&1 ||
	grep -qiE 'warning:|undefined!' "$tmp/build.log"; then
	cat "$tmp/build.log"
	exit 1
fi
file "$tmp/ipt_NETFLOW.ko" | grep -q 'ELF 32-bit.*80386' ||
	{ echo "not an i386 module: $(file "$tmp/ipt_NETFLOW.ko")"; exit 1; }
echo "built ipt_NETFLOW.ko for $abi-686 (i386)"
