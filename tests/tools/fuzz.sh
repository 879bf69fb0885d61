#!/bin/bash
# The libFuzzer harnesses (tests/fuzz, make fuzz), a minute each, side by
# side, from the seed corpora: a crash, a sanitizer report, a leak or a
# harness assertion fails the test with the input that did it.
# FM_FUZZ_SECONDS changes the minute.
. "$(dirname "$0")/lib/common.sh"
need clang
secs=${FM_FUZZ_SECONDS:-60}
make -s -C "$TOP" fuzz > "$FM_OUT/build.log" 2>&1 || { cat "$FM_OUT/build.log"; fail "make fuzz"; }
FZ=$TOP/build/fuzz
# libFuzzer reports on its own; ASan's exit code setting would hide its.
unset ASAN_OPTIONS UBSAN_OPTIONS

pids=()
names=()
for h in "$FZ"/fuzz_*; do
	[ -x "$h" ] || continue
	n=${h##*/fuzz_}
	seeds=$TOP/tests/fuzz/corpus/$n
	[ -d "$seeds" ] || fail "no seed corpus for $n ($seeds)"
	mkdir -p "$FM_OUT/$n"
	# The seeds alone first: what once crashed stays fixed.
	"$h" -runs=0 "$seeds" > "$FM_OUT/$n.seeds.log" 2>&1 ||
		{ tail -n 40 "$FM_OUT/$n.seeds.log"; fail "fuzz_$n: a seed fails"; }
	"$h" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$FM_OUT/$n-" -print_final_stats=1 \
		"$FM_OUT/$n" "$seeds" > "$FM_OUT/$n.log" 2>&1 &
	pids+=($!)
	names+=("$n")
done
[ ${#pids[@]} -gt 0 ] || fail "make fuzz built no harness"
bad=0
for i in "${!pids[@]}"; do
	n=${names[$i]}
	if wait "${pids[$i]}"; then
		echo "ok: fuzz_$n: $(awk '/stat::number_of_executed_units/ { print $2 }' "$FM_OUT/$n.log") runs" \
			"in ${secs}s, nothing found"
	else
		bad=1
		echo "FAIL: fuzz_$n:"
		grep -m1 -A30 -E '^==[0-9]+==ERROR|runtime error|^==[0-9]+== ?ERROR|deadly signal|Test unit written' \
			"$FM_OUT/$n.log" || tail -n 30 "$FM_OUT/$n.log"
		ls "$FM_OUT/$n"-* 2>/dev/null | sed 's/^/  input: /'
	fi
done
[ $bad = 0 ] || fail "a fuzzer found something (inputs above; reproduce: build/fuzz/fuzz_NAME INPUT)"
