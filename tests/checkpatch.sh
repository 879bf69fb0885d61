#!/bin/bash
# Kernel style check of the module's files with checkpatch.pl from Debian's
# linux-source-6.1 tarball (unpacked once into the cache).
set -euo pipefail
cache=${FM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flowmeter}/checkpatch
if [ ! -x "$cache/scripts/checkpatch.pl" ]; then
	tarball=$(ls /usr/src/linux-source-6.1*.tar.xz 2>/dev/null | head -n 1)
	[ -n "$tarball" ] || { echo "checkpatch.sh: install linux-source-6.1" >&2; exit 2; }
	top=$(basename "$tarball" .tar.xz)
	mkdir -p "$cache"
	tar -xJf "$tarball" -C "$cache" --strip-components=1 \
		"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch"
fi
"$cache/scripts/checkpatch.pl" --no-tree --terse --show-types -f "$@"
