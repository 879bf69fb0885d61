# shellcheck shell=bash
# Helpers of the package tests (tests/pkg/*.sh), sourced: the cached base
# chroots, a throwaway system on top of one (overlayfs: the base is never
# changed), commands run inside it, checks that say what failed.
# Root only: debootstrap, mounts, chroot.

cache=${FM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flowmeter}
pkg_src=/etc/apt/sources.list.d/debian.sources
pkg_mirror=$(awk '/^URIs:/ { print $2; exit }' "$pkg_src" 2>/dev/null)
pkg_mirror=${pkg_mirror:-http://deb.debian.org/debian}
pkg_key=$(awk '/^Signed-By:/ { print $2; exit }' "$pkg_src" 2>/dev/null)
pkg_key=${pkg_key:-/usr/share/keyrings/debian-archive-keyring.gpg}
# What every base holds besides the system: dkms and the compiler it
# pulls, iptables (saved rules), and the reference package's files
# downloaded (the test installs it).
pkg_base_pkgs="dkms iptables kmod"
# The kernel bookworm's test upgrades to (image and headers: downloaded
# into the base, installed by the test).
pkg_upgrade_kernel=linux-headers-6.12-amd64

plog() { echo "pkg: $*" >&2; }
fail() { echo "pkg: FAIL: $*" >&2; exit 1; }
ok() { echo "pkg: ok: $*" >&2; }

# inr ROOT CMD...: a command in the chroot, with a clean environment.
inr() {
	local r=$1
	shift
	chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"
}

apt_in() {
	local r=$1
	shift
	inr "$r" apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends "$@"
}

mount_api() {
	mountpoint -q "$1/proc" || mount -t proc proc "$1/proc"
	mountpoint -q "$1/dev" || mount --bind /dev "$1/dev"
}

umount_api() {
	local m
	for m in dev proc; do
		! mountpoint -q "$1/$m" || umount -l "$1/$m"
	done
}

# The base system of DIST (bookworm, trixie), made once: prints its path.
# bookworm: debootstrap'd from /etc/apt's mirror and key, with its
# sources, Debian's 6.1 headers (linux-headers-amd64). trixie: a copy of
# tests/trixie-chroot.sh's chroot (its 6.12 and 7.3 headers; the original
# is left alone).
pkg_base() {
	local dist=$1 root=$cache/pkg-$1
	if [ -f "$root/.pkg-done" ]; then
		echo "$root"
		return
	fi
	rm -rf "$root"
	mkdir -p "$root"
	case $dist in
	bookworm)
		plog "debootstrap bookworm into $root (once)"
		debootstrap --variant=minbase --keyring="$pkg_key" bookworm "$root" "$pkg_mirror" \
			>"$cache/pkg-bookworm-debootstrap.log" 2>&1 ||
			{ tail -n 20 "$cache/pkg-bookworm-debootstrap.log" >&2; return 1; }
		# The host's suites (bookworm-updates and -security carry the
		# 6.12 kernel of the upgrade step).
		cp "$pkg_src" "$root/etc/apt/sources.list.d/debian.sources"
		rm -f "$root/etc/apt/sources.list"
		;;
	trixie)
		local t=$cache/trixie
		[ -f "$t/.done" ] ||
			"$(dirname "${BASH_SOURCE[0]}")/../trixie-chroot.sh" >/dev/null || return 1
		plog "copying $t to $root (once)"
		# Not its mounts (/proc, /dev).
		tar -C "$t" --one-file-system -cf - . | tar -C "$root" -xf -
		rm -f "$root/.done"
		;;
	*)
		plog "no base for $dist"
		return 1
		;;
	esac
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	mount_api "$root"
	# shellcheck disable=SC2086
	{ apt_in "$root" update && apt_in "$root" install $pkg_base_pkgs &&
		{ [ "$dist" != bookworm ] || { apt_in "$root" install linux-headers-amd64 &&
			apt_in "$root" install --download-only $pkg_upgrade_kernel; }; } &&
		apt_in "$root" install --download-only iptables-netflow-dkms; } \
		>"$cache/pkg-$dist-base.log" 2>&1 ||
		{ umount_api "$root"; tail -n 20 "$cache/pkg-$dist-base.log" >&2; return 1; }
	umount_api "$root"
	touch "$root/.pkg-done"
	echo "$root"
}

# A writable system over BASE in a new directory: sets $sys (its root) and
# $scratch; pkg_sys_done unmounts and deletes them.
pkg_sys() {
	scratch=$(mktemp -d /var/tmp/fm-pkg.XXXXXX)
	mkdir "$scratch/upper" "$scratch/work" "$scratch/root"
	mount -t overlay overlay \
		-o "lowerdir=$1,upperdir=$scratch/upper,workdir=$scratch/work" "$scratch/root"
	sys=$scratch/root
	mount_api "$sys"
}

pkg_sys_done() {
	[ -n "${scratch:-}" ] || return 0
	if [ -n "${FM_PKG_KEEP:-}" ]; then
		plog "kept $sys (umount it and rm -rf $scratch when done)"
		return 0
	fi
	umount_api "$sys"
	! mountpoint -q "$sys" || umount -l "$sys"
	rm -rf "$scratch"
	scratch=
}

# Every path of ROOT but what apt, dpkg and the test itself churn.
pkg_paths() {
	inr "$1" find / -xdev \( -path /proc -o -path /dev -o -path /sys -o -path /run \
		-o -path /tmp -o -path /var/tmp -o -path /var/cache -o -path /var/lib/apt \
		-o -path /var/lib/dpkg -o -path /var/log -o -path /root \) -prune -o -print |
		LC_ALL=C sort
}

# Paths some installed package owns, under /usr too for merged /usr's
# aliases (dpkg says /lib/x, find sees /usr/lib/x).
pkg_owned() {
	inr "$1" sh -c 'cat /var/lib/dpkg/info/*.list' |
		awk '{ print } /^\/(lib|lib64|bin|sbin)(\/|$)/ { print "/usr" $0 }' | LC_ALL=C sort -u
}

# The ipt_NETFLOW modules built for KVER in ROOT, one a line.
pkg_modules() {
	inr "$1" find "/lib/modules/$2" -name 'ipt_NETFLOW.ko*' 2>/dev/null | LC_ALL=C sort
}

# Kernels of ROOT with headers (what dkms can build for).
pkg_kernels() {
	inr "$1" sh -c 'for d in /lib/modules/*/build; do
		[ -e "$d/Makefile" ] && basename "$(dirname "$d")"; done' | sort -V
}
