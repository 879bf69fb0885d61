#!/bin/bash
# The .debs of 'make deb' on a Debian system that ran ipt-netflow: in a
# throwaway system over the cached base of DIST (tests/pkg/lib.sh),
#  1. iptables-netflow-dkms installed with apt and built by dkms for every
#     kernel with headers; the user's modprobe.d options, sysctl.d line and
#     saved iptables rules written;
#  2. apt-get install ./flowmeter*.deb: the reference removed and its
#     module with it, ours built by dkms for every kernel with headers
#     (modinfo: our version, that kernel), the user's files unchanged;
#  3. a kernel upgrade (bookworm: linux-headers-6.12-amd64, which brings
#     its image) builds ours for the new kernel too;
#  4. apt-get remove: nothing of ours left but conffiles, the user's
#     files unchanged; purge: nothing left at all but the user's files.
# Loading the module needs a boot: FM_PKG_KEEP=1 keeps the system of step
# 2 for a VM to boot (tests/pkg/inside.sh runs there).
# Usage: tests/pkg/upgrade.sh DIST [DEBDIR]   (root; DEBDIR: build/deb)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/pkg/lib.sh
. "$here/lib.sh"
dist=$1
debs=${2:-$here/../../build/deb}
[ "$(id -u)" = 0 ] || { echo "pkg: SKIP: needs root (chroot, mounts)"; exit 77; }
command -v debootstrap >/dev/null || { echo "pkg: SKIP: debootstrap missing (make deps)"; exit 77; }
version=$(cat "$here/../../VERSION")
deb_tools=$(ls "$debs"/flowmeter_"$version"_*.deb 2>/dev/null) || fail "no flowmeter_$version .deb in $debs (make deb)"
deb_dkms=$(ls "$debs"/flowmeter-dkms_"$version"_all.deb 2>/dev/null) || fail "no flowmeter-dkms_$version .deb in $debs (make deb)"

base=$(pkg_base "$dist")
trap pkg_sys_done EXIT
pkg_sys "$base"
plog "$dist: system in $sys"
log=$scratch/apt.log
apt_log() { apt_in "$sys" "$@" >>"$log" 2>&1 || { tail -n 30 "$log" >&2; fail "apt-get $*"; }; }

mapfile -t kernels < <(pkg_kernels "$sys")
[ ${#kernels[@]} -gt 0 ] || fail "no kernel headers in $base"
plog "kernels with headers: ${kernels[*]}"
pkg_paths "$sys" > "$scratch/paths.before"

# --- 1. the reference ---------------------------------------------------
# Its postinst would build for every kernel (trixie's dkms) and fail the
# install on one it cannot build for (7.3): no autoinstall while it is
# installed; the test builds it kernel by kernel.
inr "$sys" sh -c 'mkdir -p /etc/dkms && touch /etc/dkms/no-autoinstall'
apt_log install iptables-netflow-dkms
inr "$sys" rm /etc/dkms/no-autoinstall
ref=$(inr "$sys" sh -c 'ls -d /usr/src/ipt-netflow-*' | head -n 1)
ref_version=${ref#/usr/src/ipt-netflow-}
[ -n "$ref_version" ] || fail "iptables-netflow-dkms put no /usr/src/ipt-netflow-*"
# One that it does not build for is the reference's limit, not ours; at
# least one must work.
ref_kernels=()
for k in "${kernels[@]}"; do
	if inr "$sys" dkms install -m ipt-netflow -v "$ref_version" -k "$k" >>"$log" 2>&1; then
		ref_kernels+=("$k")
	else
		plog "ipt-netflow $ref_version does not build for $k (its limit)"
	fi
done
[ ${#ref_kernels[@]} -gt 0 ] || fail "ipt-netflow $ref_version built for no kernel"
for k in "${ref_kernels[@]}"; do
	m=$(pkg_modules "$sys" "$k")
	[ -n "$m" ] && [ "$(inr "$sys" modinfo -F version "$m")" = "$ref_version" ] ||
		fail "ipt-netflow's module for $k: '$m'"
done
ok "iptables-netflow-dkms $ref_version built for ${ref_kernels[*]}"

# The user's configuration, as an ipt-netflow router has it.
inr "$sys" sh -c 'mkdir -p /etc/iptables /etc/sysctl.d &&
	echo "options ipt_NETFLOW destination=127.0.0.1:2055 protocol=10 natevents=1" \
		> /etc/modprobe.d/ipt_NETFLOW.conf &&
	printf "net.netflow.active_timeout = 120\nnet.netflow.inactive_timeout = 10\n" \
		> /etc/sysctl.d/60-ipt-netflow.conf &&
	printf "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -j NETFLOW\nCOMMIT\n" \
		> /etc/iptables/rules.v4 &&
	cp /etc/iptables/rules.v4 /etc/iptables/rules.v6'
user_files="/etc/modprobe.d/ipt_NETFLOW.conf /etc/sysctl.d/60-ipt-netflow.conf /etc/iptables/rules.v4 /etc/iptables/rules.v6"
# shellcheck disable=SC2086
inr "$sys" sha256sum $user_files > "$scratch/user.sha256"
user_unchanged() {
	inr "$sys" sha256sum --quiet -c - < "$scratch/user.sha256" >&2 ||
		fail "the user's files changed $1"
}

# --- 2. ours ------------------------------------------------------------
mkdir -p "$sys/tmp/debs"
cp "$deb_tools" "$deb_dkms" "$sys/tmp/debs/"
apt_log install "/tmp/debs/$(basename "$deb_tools")" "/tmp/debs/$(basename "$deb_dkms")"
for p in flowmeter flowmeter-dkms; do
	[ "$(inr "$sys" dpkg-query -W -f '${Status}' "$p")" = "install ok installed" ] ||
		fail "$p not installed"
done
st=$(inr "$sys" dpkg-query -W -f '${Status}' iptables-netflow-dkms 2>/dev/null || true)
case $st in
"" | "unknown ok not-installed" | "deinstall ok config-files") ;;
*) fail "iptables-netflow-dkms still '$st'" ;;
esac
inr "$sys" test ! -e "/usr/src/ipt-netflow-$ref_version" || fail "/usr/src/ipt-netflow-$ref_version left"
inr "$sys" test ! -e /var/lib/dkms/ipt-netflow || fail "ipt-netflow left in dkms's tree"
! inr "$sys" dkms status | grep -q ipt-netflow || fail "dkms still lists ipt-netflow"
ok "iptables-netflow-dkms replaced ($st)"

check_built() { # KVER
	local m n
	m=$(pkg_modules "$sys" "$1")
	n=$(printf '%s' "$m" | grep -c . || true)
	[ "$n" = 1 ] || fail "$1: $n ipt_NETFLOW modules: $m"
	case $m in
	/lib/modules/"$1"/updates/dkms/*) ;;
	*) fail "$1: module at $m, not dkms's updates/dkms" ;;
	esac
	[ "$(inr "$sys" modinfo -F version "$m")" = "$version" ] ||
		fail "$1: $m says version $(inr "$sys" modinfo -F version "$m")"
	inr "$sys" modinfo -F description "$m" | grep -q flowmeter ||
		fail "$1: $m is not flowmeter's"
	case $(inr "$sys" modinfo -F vermagic "$m") in
	"$1 "*) ;;
	*) fail "$1: $m built for '$(inr "$sys" modinfo -F vermagic "$m")'" ;;
	esac
	inr "$sys" dkms status -m flowmeter -v "$version" -k "$1" | grep -q ': installed' ||
		fail "$1: dkms status: $(inr "$sys" dkms status -m flowmeter)"
	ok "$1: $m, version $version, dkms installed"
}
for k in "${kernels[@]}"; do
	check_built "$k"
done
user_unchanged "installing ours"
for f in libipt_NETFLOW.so libip6t_NETFLOW.so; do
	f=/usr/lib/x86_64-linux-gnu/xtables/$f
	[ "$(inr "$sys" dpkg -S "$f" 2>&1)" = "flowmeter: $f" ] ||
		fail "$f: $(inr "$sys" dpkg -S "$f" 2>&1)"
done
inr "$sys" flowmeterd --check-config -c /etc/flowmeter/config.yaml >&2 ||
	fail "the packaged configuration does not load"
! inr "$sys" grep -qv '^#' /etc/modules-load.d/flowmeter.conf ||
	fail "modules-load.d/flowmeter.conf loads something by default"
for p in flowmeter:/etc/flowmeter/config.yaml flowmeter-dkms:/etc/modules-load.d/flowmeter.conf; do
	inr "$sys" dpkg-query -W -f '${Conffiles}' "${p%%:*}" | grep -q " ${p#*:} " ||
		fail "${p#*:} is no conffile of ${p%%:*}"
done
ok "extension, configuration, conffiles, modules-load.d off"
if [ -n "${FM_PKG_KEEP:-}" ]; then
	trap - EXIT
	pkg_sys_done
	exit 0
fi

# --- 3. a kernel upgrade --------------------------------------------------
if [ "$dist" = bookworm ]; then
	apt_log install "$pkg_upgrade_kernel"
	mapfile -t after < <(pkg_kernels "$sys")
	new=$(printf '%s\n' "${after[@]}" | grep -vxF -f <(printf '%s\n' "${kernels[@]}") | head -n 1)
	[ -n "$new" ] || fail "$pkg_upgrade_kernel brought no new kernel"
	check_built "$new"
	ok "kernel upgrade: built for $new by dkms's kernel hook"
	kernels+=("$new")
fi

# --- 4. remove, purge --------------------------------------------------
for p in flowmeter flowmeter-dkms; do
	inr "$sys" dpkg -L "$p" > "$scratch/$p.files"
	inr "$sys" dpkg-query -W -f '${Conffiles}\n' "$p" | awk 'NF { print $1 }' > "$scratch/$p.conffiles"
done
apt_log remove flowmeter flowmeter-dkms
left=$(cat "$scratch"/flowmeter.files "$scratch"/flowmeter-dkms.files |
	grep -vxF -f <(cat "$scratch"/*.conffiles) |
	inr "$sys" sh -c 'while read -r f; do
		[ -d "$f" ] && continue
		if [ -e "$f" ] || [ -L "$f" ]; then echo "$f"; fi
	done')
[ -z "$left" ] || fail "left after remove: $left"
while read -r f; do
	inr "$sys" test -e "$f" || fail "conffile $f gone after remove"
done < <(cat "$scratch"/*.conffiles)
inr "$sys" test ! -e "/usr/src/flowmeter-$version" || fail "/usr/src/flowmeter-$version left"
inr "$sys" test ! -e /var/lib/dkms/flowmeter || fail "flowmeter left in dkms's tree"
for k in "${kernels[@]}"; do
	[ -z "$(pkg_modules "$sys" "$k")" ] || fail "$k: $(pkg_modules "$sys" "$k") left"
done
user_unchanged "removing ours"
ok "remove: nothing left but conffiles ($(cat "$scratch"/*.conffiles | tr '\n' ' '))"

apt_log purge flowmeter flowmeter-dkms iptables-netflow-dkms
# The upgrade's kernel too (its initramfs is no package's file), and what
# the test's packages pulled in (initramfs-tools' generated files).
[ "$dist" != bookworm ] || apt_log purge 'linux-headers-6.12*' 'linux-image-6.12*'
apt_log autoremove --purge
pkg_paths "$sys" > "$scratch/paths.after"
pkg_owned "$sys" > "$scratch/owned"
# New paths no installed package owns: the user's files only. depmod's
# indexes (modules.dep...) are written by dkms for every kernel it
# installs into; a kernel's image package owns them on a booted system.
stray=$(LC_ALL=C comm -13 "$scratch/paths.before" "$scratch/paths.after" |
	LC_ALL=C comm -23 - "$scratch/owned" |
	grep -vxF -f <(printf '%s\n' $user_files /etc/iptables /etc/sysctl.d) |
	grep -vE '^(/usr)?/lib/modules/[^/]+(/modules\.[a-z.]+)?$' |
	inr "$sys" sh -c 'while read -r f; do
		case $f in
		# Alternatives for a file of a package still installed (the
		# kernel upgrade pulls cpio, whose mt is one).
		# One level: dpkg knows /bin/mt-gnu, not /usr/bin/mt-gnu.
		/etc/alternatives/*) dpkg -S "$(readlink "$f")" >/dev/null 2>&1 && continue ;;
		# The key dkms signs modules with, made at its first build
		# (trixie), kept for Secure Boot enrolment: dkms'"'"'s state.
		/var/lib/dkms/mok.key | /var/lib/dkms/mok.pub) continue ;;
		# shadow'"'"'s backups of the account files: the kernel upgrade'"'"'s
		# packages add groups; ours add no user (DynamicUser).
		/etc/passwd- | /etc/group- | /etc/shadow- | /etc/gshadow-) continue ;;
		esac
		echo "$f"
	done' || true)
[ -z "$stray" ] || fail "left after purge: $stray"
user_unchanged "purging ours"
ok "purge: nothing left but the user's files"
