#!/bin/bash
# Fetch and unpack a Debian kernel image once, into the cache:
#   $FM_CACHE/kernels/$KVER/{vmlinuz,modules/lib/modules/$KVER}
# Usage: kernel.sh KVER   (prints the directory)
set -euo pipefail
kver=$1
cache=${FM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flowmeter}
dir=$cache/kernels/$kver
if [ -f "$dir/.done" ]; then
	echo "$dir"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/dl" "$dir/root"
(
	cd "$dir/dl"
	# The unsigned package is the same kernel without the signature wrapper;
	# either will boot.
	apt-get download "linux-image-$kver-unsigned" >/dev/null 2>&1 ||
		apt-get download "linux-image-$kver" >/dev/null 2>&1 || {
		echo "kernel.sh: cannot download linux-image-$kver (apt-get update?)" >&2
		exit 1
	}
)
dpkg -x "$dir"/dl/*.deb "$dir/root"
mv "$dir/root/boot/vmlinuz-$kver" "$dir/vmlinuz"
mkdir -p "$dir/modules/lib/modules"
mods=$dir/root/lib/modules/$kver
[ -d "$mods" ] || mods=$dir/root/usr/lib/modules/$kver
mv "$mods" "$dir/modules/lib/modules/$kver"
rm -rf "$dir/root" "$dir/dl"
depmod -b "$dir/modules" "$kver"
touch "$dir/.done"
echo "$dir"
