#!/bin/bash
# make bench: one VM boot per kernel (1 vCPU, -icount shift=0) running
# bench/forward.sh; the reference module is built by dkms where it builds
# (6.1). Prints the tables for docs/benchmarks.md.
set -euo pipefail
kver=$1
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mkdir -p build/bench
rm -f build/bench/ref.path
if bench/ref.sh "$kver" > build/bench/ref.path.tmp 2> build/bench/ref-$kver.log; then
	mv build/bench/ref.path.tmp build/bench/ref.path
else
	echo "# reference ipt-netflow does not build for $kver (see build/bench/ref-$kver.log)"
	rm -f build/bench/ref.path.tmp
fi
FM_APPEND="slab_nomerge" tests/vm/run.sh --bench "$kver" bench/forward.sh | tee "build/bench/result-$kver.txt"
