#!/bin/bash
# Fetch and unpack a Debian kernel image once, into the cache:
#   $FM_CACHE/kernels/$KVER/{vmlinuz,modules/lib/modules/$KVER}
# Debian 13's kernels come through the trixie chroot's apt (the host's apt
# knows bookworm only); from 7.x they are split into linux-binary-* (the
# image), linux-modules-* and linux-base-* (modules.builtin, config).
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
# The unsigned packages are the same kernel without the signature wrapper;
# either will boot.
fetch() { # APT-GET-PREFIX...: download into the current directory
	"$@" download "linux-image-$kver-unsigned" >/dev/null 2>&1 ||
		"$@" download "linux-binary-unsigned-$kver" "linux-modules-$kver" "linux-base-$kver" >/dev/null 2>&1 ||
		"$@" download "linux-image-$kver" >/dev/null 2>&1
}
case $kver in
*+deb13-*)
	root=$("$(dirname "$0")/../trixie-chroot.sh")
	rm -rf "$root/tmp/fm-dl" && mkdir -p "$root/tmp/fm-dl"
	(cd "$root/tmp/fm-dl" && fetch chroot "$root" sh -c 'cd /tmp/fm-dl && exec apt-get "$@"' apt-get) ||
		{ echo "kernel.sh: cannot download the $kver kernel in the trixie chroot" >&2; exit 1; }
	mv "$root"/tmp/fm-dl/*.deb "$dir/dl/"
	;;
*)
	(cd "$dir/dl" && fetch apt-get) ||
		{ echo "kernel.sh: cannot download linux-image-$kver (apt-get update?)" >&2; exit 1; }
	;;
esac
for deb in "$dir"/dl/*.deb; do
	dpkg -x "$deb" "$dir/root"
done
mods=$dir/root/lib/modules/$kver
[ -d "$mods" ] || mods=$dir/root/usr/lib/modules/$kver
# The image: /boot/vmlinuz-KVER, or beside the modules from 7.x.
for img in "$dir/root/boot/vmlinuz-$kver" "$mods/vmlinuz.unsigned" "$mods/vmlinuz"; do
	[ -f "$img" ] && { mv "$img" "$dir/vmlinuz"; break; }
done
[ -f "$dir/vmlinuz" ] || { echo "kernel.sh: no kernel image in the $kver packages" >&2; exit 1; }
mkdir -p "$dir/modules/lib/modules"
mv "$mods" "$dir/modules/lib/modules/$kver"
rm -rf "$dir/root" "$dir/dl"
depmod -b "$dir/modules" "$kver"
touch "$dir/.done"
echo "$dir"
