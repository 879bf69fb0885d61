#!/bin/bash
# dkms builds the module from the tree 'make dkms-install' would copy, in
# private dkms/source trees so the host's dkms state is not touched.
# Usage: dkms-build.sh KVER
set -euo pipefail
kver=$1
command -v dkms >/dev/null || { echo "dkms not installed"; exit 77; }
[ -e "/lib/modules/$kver/build" ] || [ -e "/usr/src/linux-headers-$kver" ] ||
	{ echo "no headers for $kver on this host (Debian 13's build in the trixie chroot)"; exit 77; }
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ver=$(cat "$top/VERSION")
make -s -C "$top" dkms-install DESTDIR="$tmp/root" >/dev/null
mkdir -p "$tmp/dkms" "$tmp/install"
src=$tmp/root/usr/src
dk=(dkms --dkmstree "$tmp/dkms" --sourcetree "$src" --installtree "$tmp/install")
"${dk[@]}" add -m flowmeter -v "$ver" >/dev/null
"${dk[@]}" build -m flowmeter -v "$ver" -k "$kver"
ko=$(find "$tmp/dkms/flowmeter/$ver/$kver" -name 'ipt_NETFLOW.ko*' | head -n 1)
[ -n "$ko" ] || { echo "dkms produced no ipt_NETFLOW.ko"; exit 1; }
modinfo -F vermagic "$ko" | grep -q "^$kver " ||
	{ echo "vermagic $(modinfo -F vermagic "$ko") is not $kver"; exit 1; }
echo "dkms built $(basename "$ko") for $kver"
