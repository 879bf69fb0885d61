#!/bin/bash
# make deb: flowmeter's Debian packages of the committed tree, built with
# dpkg-buildpackage in a copy of it (build/deb/src: the package build's
# clean must not touch the tree others build in), checked with lintian,
# left in build/deb. No network: everything comes from Build-Depends.
# Usage: packaging/deb.sh [OUTDIR]   (default build/deb)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/deb}
version=$(cat "$top/VERSION")
log() { echo "deb: $*" >&2; }

# debian/changelog names the version the packages get; VERSION is what
# the module and the tools say. They must agree.
chversion=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
if [ "$chversion" != "$version" ]; then
	log "debian/changelog says $chversion, VERSION says $version: add a changelog entry (dch -v $version)"
	exit 1
fi
missing=$(cd "$top" && dpkg-checkbuilddeps 2>&1) || {
	log "${missing#dpkg-checkbuilddeps: }"
	log "install them: apt-get install debhelper dh-dkms lintian (make deps)"
	exit 1
}
command -v lintian >/dev/null || { log "lintian missing (make deps)"; exit 1; }

# The committed tree (HEAD): a package is of a commit, not of others'
# edits in progress. FM_DEB_OVERLAY="PATH..." lays those working-tree
# paths over it (trying packaging changes before committing them).
src=$out/src/flowmeter-$version
rm -rf "$out/src"
mkdir -p "$src"
git -C "$top" archive --format=tar HEAD | tar -x -C "$src"
for p in ${FM_DEB_OVERLAY:-}; do
	(cd "$top" && cp -a --parents "$p" "$src")
done

log "dpkg-buildpackage in $src"
jobs=$(nproc 2>/dev/null || echo 1)
[ "$jobs" -le 2 ] || jobs=2
(cd "$src" && DEB_BUILD_OPTIONS="parallel=$jobs ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -b -uc -us >"$out/build.log" 2>&1) || {
	tail -n 40 "$out/build.log" >&2
	log "failed: $out/build.log"
	exit 1
}
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
mv "$out"/src/*.deb "$out"/src/*.changes "$out"/src/*.buildinfo "$out"/

changes=$(ls "$out"/flowmeter_"$version"_*.changes)
# Every tag lintian shows by default (errors, warnings, info) is fixed or
# overridden with a reason (debian/*.lintian-overrides).
if ! lintian --fail-on error,warning,info --display-info "$changes" >"$out/lintian.log" 2>&1 ||
	grep -qE '^[EWI]: ' "$out/lintian.log"; then
	cat "$out/lintian.log" >&2
	log "lintian: not clean ($out/lintian.log)"
	exit 1
fi
rm -rf "$out/src"
ls -1 "$out"/*.deb
