#!/bin/bash
# Build the reference ipt-netflow (Debian's iptables-netflow-dkms) for KVER
# with dkms, in private trees under the cache: the package itself is never
# installed (its postinst fails on kernels it does not support).
# Prints the path of its ipt_NETFLOW.ko.
set -euo pipefail
kver=$1
cache=${FM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flowmeter}/reference
mkdir -p "$cache"
cd "$cache"
if [ ! -d src ]; then
	rm -rf dl && mkdir dl
	(cd dl && apt-get download iptables-netflow-dkms >/dev/null 2>&1) ||
		{ echo "ref.sh: cannot download iptables-netflow-dkms" >&2; exit 1; }
	dpkg -x dl/*.deb pkg
	mkdir -p src
	cp -a pkg/usr/src/ipt-netflow-* src/
	rm -rf dl pkg
fi
ver=$(basename src/ipt-netflow-* | sed 's/^ipt-netflow-//')
ko=$(find dkms/ipt-netflow/"$ver"/"$kver" -name 'ipt_NETFLOW.ko*' 2>/dev/null | head -n 1 || true)
if [ -z "$ko" ]; then
	dk=(dkms --dkmstree "$cache/dkms" --sourcetree "$cache/src" --installtree "$cache/install")
	mkdir -p dkms install
	"${dk[@]}" add -m ipt-netflow -v "$ver" >/dev/null 2>&1 || true
	"${dk[@]}" build -m ipt-netflow -v "$ver" -k "$kver" >&2
	ko=$(find dkms/ipt-netflow/"$ver"/"$kver" -name 'ipt_NETFLOW.ko*' | head -n 1)
fi
[ -n "$ko" ] || { echo "ref.sh: dkms built no module" >&2; exit 1; }
echo "$cache/$ko"
