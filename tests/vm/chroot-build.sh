#!/bin/bash
# Build the module for a Debian 13 kernel inside the trixie chroot
# (tests/trixie-chroot.sh): its headers need trixie's gcc-14 and kbuild.
# The tree 'make kmod-tree' makes is built in the chroot and the module and
# build log land in OUTDIR, as a host build would leave them.
# Usage: chroot-build.sh KVER OUTDIR
set -euo pipefail
kver=$1 out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
root=$("$top/tests/trixie-chroot.sh" "linux-headers-$kver")
work=/tmp/fm-build-$kver
rm -rf "$root$work"
make -s -C "$top" kmod-tree DEST="$root$work"
mkdir -p "$out"
if ! chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	make -C "/usr/src/linux-headers-$kver" M="$work" modules > "$out/build.log" 2>&1; then
	cat "$out/build.log"
	exit 1
fi
cp "$root$work/ipt_NETFLOW.ko" "$out/"
rm -rf "${root:?}$work"
