#!/bin/bash
# make bench's smoke run (issue 14: "make check gains only a smoke run"):
# scripts/bench.sh with SMOKE=1 on one line (6.12) and two policies, page
# and object: three boots, one round of every workload, so that the
# benchmark cannot rot.  No figure is judged; each must be produced and
# parse.  Before that, bad arguments: status 2 and nothing booted.
# Pass criteria: status 0 (bench-report.py exits 1 when a figure is missing
# or does not parse); report.md names the kernel and says what TCG does
# not model; bench.csv has C/A, B/A, B/R and D/B rows for every workload
# under each policy, each with a positive median; memory.csv has the
# per-page, per-cgroup and per-slot figures; scale.csv a row for 1 and 10
# cgroups with load and unload times; xmllint accepts the SVG.
#   tests/harness/bench.t            (prove runs it from `make check`)
# shellcheck source=tests/harness/lib.sh
. "$(dirname "$0")/lib.sh"
bench() { # bench VAR=value...: scripts/bench.sh; status in $rc, output in bench.out
	env SMOKE=1 KERNELS=6.12 "$@" "$top/scripts/bench.sh" >"$work/bench.out" 2>&1
	rc=$?
}
show() { sed 's/^/#   /' "$work/bench.out" | tail -n 30; }

bench POLICIES="page objekt" OUT="$work/bad"
[ $rc -eq 2 ] && grep -q "bad policy 'objekt'" "$work/bench.out" && [ ! -e "$work/bad" ]
ok $? "a bad policy: status 2, the reason, nothing booted or written"
bench POLICIES=page ROUNDS=x OUT="$work/bad"
[ $rc -eq 2 ] && grep -q "ROUNDS must be" "$work/bench.out" && [ ! -e "$work/bad" ]
ok $? "a bad ROUNDS: status 2"
bench POLICIES=page SCALE="1 ten" OUT="$work/bad"
[ $rc -eq 2 ] && grep -q "SCALE takes cgroup counts" "$work/bench.out" && [ ! -e "$work/bad" ]
ok $? "a bad SCALE: status 2"

o=$work/out
bench POLICIES="page object" OUT="$o"
ok $rc "the smoke run: status 0 (every figure produced and parsed)"
[ $rc -eq 0 ] || show
grep -q "bench: figures in $o" "$work/bench.out"
ok $? "... and where the figures are is printed"
grep -q '^# kmemcg bench: 6\.12\.' "$o/report.md" && grep -q "no caches and no cross-CPU contention" "$o/report.md"
ok $? "report.md names the kernel and says what TCG does not model"

workloads="negdent open socket creat pipe fork fault munmap select"
for k in cache kmalloc; do for s in 64 512 4096; do for b in 1 16 256; do
	workloads="$workloads k$k-$s-$b"
done; done; done
missing=""
for w in $workloads; do
	for r in "page C/A" "object C/A" "- B/A" "- B/R" "page D/B" "object D/B"; do
		set -- $r
		awk -F, -v w="$w" -v p="$1" -v r="$2" '$3 == w && $4 == p && $5 == r && $6 > 0 { f = 1 }
			END { exit !f }' "$o/bench.csv" 2>/dev/null || missing="$missing $w:$1:$2"
	done
done
[ -z "$missing" ]; ok $? "bench.csv: every ratio of every workload${missing:+ (missing:$missing)}"
head -n 1 "$o/bench.csv" 2>/dev/null | grep -qx 'line,kernel,workload,policy,ratio,median,min,max,above_1,rounds'
ok $? "bench.csv has its header"

missing=""
for key in present_pages owner_table_bytes_per_page module_bytes_per_page \
	cgroup_kernel_bytes_module0 cgroup_kernel_bytes_module1 cgroup_module_bytes \
	object_slots object_vector_bytes_per_slot module_bytes_per_added_slab_page; do
	grep -q "^6\.12,$key,[0-9.]*$" "$o/memory.csv" 2>/dev/null || missing="$missing $key"
done
[ -z "$missing" ]; ok $? "memory.csv: every figure${missing:+ (missing:$missing)}"

for c in 1 10; do
	grep -Eq "^6\.12,$c,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+$" "$o/scale.csv" 2>/dev/null
	ok $? "scale.csv: $c cgroups, with ratios and load and unload times"
done
xmllint --noout "$o/ratios-6.12.svg" 2>/dev/null && grep -q 'C/A_object' "$o/ratios-6.12.svg"
ok $? "the chart is well-formed SVG with a series per policy"

done_testing
