#!/bin/bash
# Build the small busybox initramfs that mounts the host's / (read-only,
# 9p) under a tmpfs overlay and switch_roots into it.
# Usage: initramfs.sh KERNELDIR KVER OUT.cpio.gz
set -euo pipefail
kdir=$1 kver=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp"/{bin,dev,proc,sys,mods,lower,rw,newroot}
cp /bin/busybox "$tmp/bin/busybox"
: > "$tmp/mods/order"
for m in virtio_pci 9pnet_virtio 9p overlay; do
	modprobe -d "$kdir/modules" -S "$kver" --show-depends "$m" |
		awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r ko; do
	name=$(basename "$ko")
	case $name in
	*.xz) xz -dc "$ko" > "$tmp/mods/${name%.xz}"; name=${name%.xz} ;;
	*.zst) zstd -qdc "$ko" > "$tmp/mods/${name%.zst}"; name=${name%.zst} ;;
	*) cp "$ko" "$tmp/mods/$name" ;;
	esac
	echo "$name" >> "$tmp/mods/order"
done
cp "$here/init" "$tmp/init"
chmod +x "$tmp/init"
(cd "$tmp" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
