# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The fuzz runs' common part (tests/fuzz/smoke.t, long.t): every target
# of tests/fuzz/Makefile fuzzed for SECONDS from its corpus, new inputs
# kept in build/fuzz/<run>/<target>/ (never in the tree: `make -C
# tests/fuzz corpus` merges them, for review).  TAP: one test per target,
# passing when the fuzzer found no crash, leak, sanitizer report or
# timeout; its executions, coverage and corpus size as a diagnostic, and
# the end of its log when it failed.
#   fuzz_all RUN SECONDS
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0 failed=0
fuzz_all() {
	local secs=$2 out=$top/build/fuzz/$1 t bin log done_line
	rm -rf "$out" && mkdir -p "$out"
	for t in $(sed -n 's/^TARGETS := //p' "$top/tests/fuzz/Makefile"); do
		n=$((n + 1))
		bin=$top/build/fuzz/fuzz_$t log=$out/$t.log
		mkdir -p "$out/$t"
		if [ -x "$bin" ] && "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix="$out/$t-" \
			"$out/$t" "$top/tests/fuzz/corpus/$t" >"$log" 2>&1; then
			echo "ok $n - fuzz_$t: no crash in $secs s"
		else
			echo "not ok $n - fuzz_$t: no crash in $secs s (log: $log)"
			tail -25 "$log" | sed 's/^/# /'
			failed=$((failed + 1))
		fi
		done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
		echo "# fuzz_$t: ${done_line:-no DONE line}"
	done
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
