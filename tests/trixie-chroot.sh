#!/bin/bash
# A Debian 13 (trixie) chroot for building the module against trixie's
# kernels: their headers need trixie's gcc-14 and kbuild, which do not
# install on bookworm. Made once with debootstrap from the mirror and key
# /etc/apt uses, cached in $FM_CACHE/trixie (about 400 MB), with
# trixie-backports enabled. Prints the chroot's path.
# Usage: trixie-chroot.sh [PACKAGE...]   (installs the packages if missing)
#        trixie-chroot.sh --kernels       Debian 13's kernels we test: the
#                                         newest 6.12 and the newest backport
set -euo pipefail
cache=${FM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flowmeter}
root=$cache/trixie
src=/etc/apt/sources.list.d/debian.sources
mirror=$(awk '/^URIs:/ { print $2; exit }' "$src" 2>/dev/null)
mirror=${mirror:-http://deb.debian.org/debian}
key=$(awk '/^Signed-By:/ { print $2; exit }' "$src" 2>/dev/null)
key=${key:-/usr/share/keyrings/debian-archive-keyring.gpg}
log() { echo "trixie-chroot: $*" >&2; }

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }

if [ ! -f "$root/.done" ]; then
	command -v debootstrap >/dev/null || { log "install debootstrap (make deps)"; exit 2; }
	log "debootstrap trixie into $root (once)"
	rm -rf "$root"
	mkdir -p "$root"
	debootstrap --variant=minbase --keyring="$key" \
		--include=ca-certificates,make,gcc,libc6-dev,bc,flex,bison,libelf-dev,libssl-dev,kmod,cpio,xz-utils,zstd \
		trixie "$root" "$mirror" >"$cache/trixie-debootstrap.log" 2>&1 ||
		{ tail -n 20 "$cache/trixie-debootstrap.log" >&2; exit 1; }
	cat > "$root/etc/apt/sources.list.d/debian.sources" <<SRC
Types: deb
URIs: $mirror
Suites: trixie trixie-updates trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	rm -f "$root/etc/apt/sources.list"
	in_root apt-get update -q >/dev/null
	touch "$root/.done"
fi
if [ "${1:-}" = --kernels ]; then
	in_root apt-cache search --names-only '^linux-headers-[0-9.]+\+deb13-amd64$' |
		awk '{ sub("^linux-headers-", "", $1); print $1 }' | sort -V |
		awk '/^6\.12\./ { k612 = $0 } { last = $0 } END { print k612; if (last != k612) print last }'
	exit 0
fi
# /proc and /dev for apt and builds; unmounted by the caller's exit or left
# for the next build (bind mounts are cheap).
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
missing=()
for p in "$@"; do
	in_root dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	in_root apt-get update -q >/dev/null
	in_root apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
echo "$root"
