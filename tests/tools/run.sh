#!/bin/bash
# The tools' tests: each tests/tools/NAME.sh runs on this machine (userspace
# only) against build/tools-san (ASan/UBSan). One TAP line per test.
cd "$(dirname "$0")/../.."
out=build/tools-tests
rm -rf "$out"
mkdir -p "$out"
n=0 failed=0
for t in ${TOOLS_TESTS:-$(cd tests/tools && ls *.sh | grep -v '^run.sh$' | sed 's/\.sh$//')}; do
	n=$((n + 1))
	mkdir -p "$out/$t"
	start=$(date +%s)
	FM_OUT=$PWD/$out/$t timeout -k 5 300 bash "tests/tools/$t.sh" > "$out/$t.log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	# Whatever a failed test left running.
	pkill -f "$PWD/$out/$t" 2>/dev/null
	if [ $rc -eq 0 ]; then
		echo "ok $n tools/$t (${secs}s)"
	elif [ $rc -eq 77 ]; then
		echo "ok $n tools/$t # SKIP $(tail -n 1 "$out/$t.log")"
	else
		failed=$((failed + 1))
		echo "not ok $n tools/$t (exit $rc, ${secs}s)"
		sed 's/^/#   /' "$out/$t.log"
	fi
done
exit $((failed > 0))
