#!/bin/bash
# make check-pkg: tests/pkg/upgrade.sh on bookworm and trixie (FM_PKG_DISTS
# picks), after 'make deb'. Prints each one's result and time.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dists=${FM_PKG_DISTS:-bookworm trixie}
failed=0 skipped=0
for d in $dists; do
	start=$(date +%s)
	"$here/upgrade.sh" "$d" "$@"
	rc=$?
	took=$(( $(date +%s) - start ))
	case $rc in
	0) echo "PASS pkg/$d (${took}s)" ;;
	77) echo "SKIP pkg/$d"; skipped=$((skipped + 1)) ;;
	*) echo "FAIL pkg/$d (${took}s)"; failed=$((failed + 1)) ;;
	esac
done
[ "$failed" = 0 ] || exit 1
[ "$skipped" = 0 ] || exit 77
