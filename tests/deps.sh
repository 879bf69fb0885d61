#!/bin/bash
# Install every Debian package flowmeter's build, tests and demo use.
# Idempotent; runs 'apt-get update' once per call.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "deps.sh: run as root (apt-get)" >&2; exit 1; }

# The 6.12 kernel comes from bookworm-backports: same mirror and key as the
# main entry.
src=/etc/apt/sources.list.d/debian.sources
if [ -f "$src" ] && ! grep -q 'bookworm-backports' "$src" &&
	! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/*.list; then
	uri=$(awk '/^URIs:/ { print $2; exit }' "$src")
	key=$(awk '/^Signed-By:/ { print $2; exit }' "$src")
	printf '\nTypes: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' \
		"${uri:-http://deb.debian.org/debian}" \
		"${key:-/usr/share/keyrings/debian-archive-keyring.gpg}" >> "$src"
fi

# The 32-bit build check downloads Debian's i386 kernel headers (nothing
# of i386 is installed): apt must know the architecture.
dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386

pkgs=(
	# build
	build-essential pkg-config libxtables-dev
	linux-headers-amd64 linux-headers-6.12-amd64 dkms
	# userspace tests
	libcmocka-dev
	libmnl-dev libnftnl-dev libmaxminddb-dev libmicrohttpd-dev libc-ares-dev libyaml-dev
	libsqlite3-dev libpq-dev libcurl4-openssl-dev libjansson-dev libssl-dev librdkafka-dev
	# stores and streams the tests run for real (started by the tests)
	sqlite3 postgresql-15 clickhouse-server clickhouse-client kcat
	# VM harness; debootstrap makes the trixie chroot for Debian 13's kernels
	qemu-system-x86 busybox-static cpio xz-utils zstd kmod debootstrap
	# inside the VM (the guest runs the host's userland)
	iptables nftables iproute2 iputils-ping conntrack python3 procps psmisc
	# referees and real exporters/collectors/scrapers for the tools' tests
	nfdump tshark libfixbuf-tools softflowd fprobe pmacct prometheus
	# libFuzzer harnesses (make fuzz, tests/tools/fuzz.sh): clang and its runtime
	clang libclang-rt-14-dev
	mmdb-bin libmaxmind-db-writer-perl valgrind dnsmasq-base curl
	# the page's browser test: chromium driven by playwright-core (npm, pinned in the test)
	chromium
	# netflow.io API test: HMAC-SHA256 the way its README makes it
	openssl
	# style: checkpatch.pl comes from the 6.1 source tarball, which also
	# builds the debug kernel of 'make check-debug'
	linux-source-6.1 flex bison bc libelf-dev libssl-dev
	# GRO/GSO test
	ethtool
	# make deb (dpkg-buildpackage, dh_dkms, lintian); make check-pkg
	# uses debootstrap (above)
	debhelper dh-dkms lintian
)
# Node.js and npm: a machine may already carry them from elsewhere
# (NodeSource's nodejs includes npm and conflicts with Debian's npm), so
# Debian's are installed only where the commands are missing.
command -v node >/dev/null || pkgs+=(nodejs)
command -v npm >/dev/null || pkgs+=(npm)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${pkgs[@]}"
# Debian 13's kernels: their headers, in the trixie chroot (made once).
kvers=$("$(dirname "$0")/trixie-chroot.sh" --kernels)
# shellcheck disable=SC2046
"$(dirname "$0")/trixie-chroot.sh" $(printf 'linux-headers-%s ' $kvers) >/dev/null
