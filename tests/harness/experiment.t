#!/bin/bash
# shellcheck disable=SC2016 # backquotes are Markdown here
# make experiment end to end, from the host (scripts/experiment.sh; issue
# 13, test 4): two policies, page and object, on one reference workload
# (workloads/pipes.sh) on 6.12, two boots.  The workload is made to fail
# under object on purpose (a line appended to it), so one run shows both a
# policy's results and a failed policy reported as such, the other's kept.
# Before that, bad arguments: status 2 and nothing booted.
# Pass criteria: every output file exists; results.csv has the expected
# header and a constant column count; xmllint accepts the SVG; report.md
# has exactly one table row per policy; object's row says failed, with
# the workload's reason; page's passed with its figures; status 1.
#   tests/harness/experiment.t            (prove runs it from `make check`)
# shellcheck source=tests/harness/lib.sh
. "$(dirname "$0")/lib.sh"
exp() { # exp VAR=value...: scripts/experiment.sh; status in $rc, output in exp.out
	env KERNEL=6.12 WL_TIMEOUT=60 "$@" "$top/scripts/experiment.sh" >"$work/exp.out" 2>&1
	rc=$?
}
show() { sed 's/^/#   /' "$work/exp.out" | tail -n 30; }

exp POLICIES="page objekt" OUT="$work/bad" SCRIPT="$top/workloads/pipes.sh"
[ $rc -eq 2 ] && grep -q "bad policy 'objekt'" "$work/exp.out" && [ ! -e "$work/bad" ]
ok $? "a bad policy: status 2, the reason, nothing booted or written"
exp POLICIES="page" OUT="$work/bad" SCRIPT="$work/none.sh"
[ $rc -eq 2 ] && grep -q "no workload script" "$work/exp.out" && [ ! -e "$work/bad" ]
ok $? "a missing workload: status 2"
[ $failed -eq 0 ] || show

# pipes, failing under object only.
{
	cat "$top/workloads/pipes.sh"
	echo 'if grep -q "^granularity object" /sys/kernel/debug/kmemcg/policy; then'
	echo '	echo "pipes: failing under object on purpose" >&2; exit 3'
	echo 'fi'
} >"$work/pipes.sh"
o=$work/out
exp POLICIES="page object" OUT="$o" SCRIPT="$work/pipes.sh"
ok $((rc != 1)) "a workload failing under one policy: status 1 (got $rc)"
grep -q "experiment: report: $o/report.md" "$work/exp.out"; ok $? "... and the report's path is printed"
missing=""
for f in report.md results.csv usage-pipes.csv usage-pipes.svg meta policies \
	page/version page/policy page/vm/console.log page/vm/status \
	object/version object/policy object/vm/console.log object/vm/status; do
	[ -s "$o/$f" ] || missing="$missing $f"
done
for p in page object; do
	for f in status workload.log record.csv final final.csv memory.stat \
		memory.kmem.slabinfo slabinfo proc-slabinfo tree.json status.json; do
		[ -s "$o/$p/pipes/$f" ] || missing="$missing $p/pipes/$f"
	done
done
[ -z "$missing" ]; ok $? "every output file exists${missing:+ (missing:$missing)}"
want=policy,modparams,workload,cgroup,status,reason,usage_bytes,max_usage_bytes,failcnt,would_fail,unaccounted_forced,unaccounted_forced_bytes,own_bytes,object_bytes,large_kmalloc_bytes,peak_recorded_bytes,unaccounted_by_kernel_bytes,top_caches,memstat_slab,memstat_slab_reclaimable,memstat_slab_unreclaimable,memstat_kernel,memstat_kernel_stack,memstat_pagetables,memstat_percpu,memstat_sock
[ "$(head -n 1 "$o/results.csv" 2>/dev/null)" = "$want" ] &&
	[ "$(head -n 1 "$o/page/pipes/final.csv" 2>/dev/null)" = "$want" ]
ok $? "results.csv and final.csv have the expected header"
python3 - "$o/results.csv" "$o/page/pipes/final.csv" "$o/object/pipes/final.csv" <<'EOF'
import csv, sys
for f, want in zip(sys.argv[1:], (3, 2, 2)):
    rows = list(csv.reader(open(f)))
    assert len(rows) == want, (f, len(rows))
    assert all(len(r) == len(rows[0]) for r in rows), (f, [len(r) for r in rows])
EOF
ok $? "the CSVs parse, a row per policy, the same column count in each"
xmllint --noout "$o/usage-pipes.svg"; ok $? "xmllint accepts the SVG"
[ "$(grep -c '<polyline' "$o/usage-pipes.svg")" -eq 2 ]; ok $? "... which has a line per policy"
rows=$(grep -c '^| `' "$o/report.md")
[ "$rows" -eq 2 ]; ok $? "report.md has exactly one table row per policy (got $rows)"
grep -q '^| `object` | failed: exit status 3: pipes: failing under object on purpose |' "$o/report.md"
ok $? "report.md: object failed, with the workload's reason"
grep -q '^| `page` | ok | ' "$o/report.md"; ok $? "report.md: page passed"
python3 - "$o/results.csv" <<'EOF'
import csv, sys
r = {x["policy"]: x for x in csv.DictReader(open(sys.argv[1]))}
p, o = r["page"], r["object"]
# pipes allocates slab in its cgroup under both policies (pipe_inode_info,
# the pipe buffer arrays); the object run's figures are kept though it failed.
for x in (p, o):
    assert int(x["max_usage_bytes"]) > 0 and int(x["peak_recorded_bytes"]) > 0 and x["top_caches"], x
    assert x["memstat_slab"] != "", x
assert p["status"] == "ok" and o["status"] == "failed", (p, o)
assert o["object_bytes"] != "", o
EOF
ok $? "both policies' figures are kept: max usage, the recorded peak, top caches, memory.stat"
grep -q '^granularity object' "$o/object/policy" && grep -q '^granularity page' "$o/page/policy"
ok $? "each boot ran under its policy (the module's policy file)"
[ $failed -eq 0 ] || show

done_testing
