#!/bin/bash
# shellcheck disable=SC2016 # backquotes are Markdown here
# SPDX-License-Identifier: GPL-2.0
# Host tests of make experiment's report generator (scripts/experiment-
# report.sh) against a fixture experiment directory, as scripts/
# experiment.sh and the guest (scripts/experiment-guest.sh) leave it:
# three policies on one workload, one that passed (page view), one whose
# workload failed (object view, figures still there), one whose boot timed
# out before the guest wrote anything.  TAP on stdout.
#
#   tests/cli/test_experiment.sh [KMEMCG_BINARY]
#
# Pass criteria: the exact figures below (peak, top caches in the enforced
# view, the summed unaccounted bytes, memory.stat beside them), a constant
# column count, one table row per policy, the reasons, exit status 1.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
export KMEMCG
d=$tmp/exp

mkdir -p "$d/page/w" "$d/object/w" "$d/dead/vm" "$d/page/vm" "$d/object/vm"
printf 'kernel_line\t6.12\nkernel\t6.12.1-amd64\ndebian\t6.12.1-1\ncommand\tmake experiment SCRIPT=w.sh POLICIES="page object deletion=dead"\nstarted\tnow\nscript\tw.sh\n' >"$d/meta"
printf 'page\tpage\tgranularity=page\nobject\tobject\tgranularity=object\ndead\tdeletion=dead\ton_delete=dead\n' >"$d/policies"
echo w >"$d/workloads"
echo "kmemcg 0.1.0" >"$d/page/version"
echo 0 >"$d/page/vm/status"
echo clean >"$d/page/vm/result"
echo 1 >"$d/object/vm/status"
echo clean >"$d/object/vm/result"
echo 124 >"$d/dead/vm/status"
echo "timeout after 240s" >"$d/dead/vm/result"

# page: passed; peak at t=11 (12288 bytes), two caches and a large kmalloc.
echo 0 >"$d/page/w/status"
printf 'usage_bytes 4096\nmax_usage_bytes 12288\nlimit_bytes 9223372036854771712\nfailcnt 2\nown_bytes 4096\nobject_bytes 0\nlarge_kmalloc_bytes 0\nwould_fail 3\nunaccounted_forced 5\nunaccounted_forced_bytes 20480\n' >"$d/page/w/final"
printf 'anon 0\nslab 5000\nslab_reclaimable 3000\nslab_unreclaimable 2000\nkernel 9000\nkernel_stack 0\npagetables 0\npercpu 8\nsock 0\n' >"$d/page/w/memory.stat"
cat >"$d/page/w/proc-slabinfo" <<'EOF'
slabinfo - version: 2.1
# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
dentry               100    100    192   21    1 : tunables    0    0    0 : slabdata      5      5      0
kmalloc-8k             4      4   8192    4    8 : tunables    0    0    0 : slabdata      1      1      0
EOF
cat >"$d/page/w/record.csv" <<'EOF'
time,cgroup,usage_bytes,limit_bytes,max_usage_bytes,failcnt,cache,active_objs,num_objs,active_slabs,num_slabs
10.000,/,100,,100,0,,,,,
10.000,/exp-w,0,,0,0,,,,,
10.500,/exp-w,8192,,8192,0,,,,,
10.500,/exp-w,,,,,dentry,21,21,1,1
11.000,/exp-w,12288,,12288,1,,,,,
11.000,/exp-w,,,,,dentry,42,42,1,1
11.000,/exp-w,,,,,kmalloc-8k,1,4,1,1
11.000,/exp-w,,,,,<large-kmalloc>,2,2,2,2
11.000,/other,,,,,dentry,1,1,9,9
11.500,/exp-w,4096,,12288,2,,,,,
EOF
cat >"$d/page/w/compare-caches.csv" <<'EOF'
cgroup,cache,kmemcg_bytes,accounted,unaccounted_bytes
/exp-w,dentry,4096,1,0
/exp-w,kmalloc-8k,32768,0,32768
/exp-w,<large-kmalloc>,8192,0,8192
/other,pid,4096,0,4096
EOF

# object: the workload failed; its figures are still reported.
echo "1 exit status 1: boom, with a | in it" >"$d/object/w/status"
printf 'usage_bytes 640\nmax_usage_bytes 960\nfailcnt 0\nobject_bytes 640\nwould_fail 0\n' >"$d/object/w/final"
cat >"$d/object/w/record.csv" <<'EOF'
time,cgroup,usage_bytes,limit_bytes,max_usage_bytes,failcnt,granularity,enforced_view,cache,active_objs,num_objs,active_slabs,num_slabs,objects,object_bytes
20.000,/exp-w,960,,960,0,object,object,,,,,,,
20.000,/exp-w,,,,,object,object,dentry,1,1,1,1,3,576
20.000,/exp-w,,,,,object,object,kmalloc-64,9,9,9,9,6,384
20.500,/exp-w,640,,960,0,object,object,,,,,,,
EOF

run_report() { "$top/scripts/experiment-report.sh" "$d" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
run_report
ok $((rc != 1)) "a failed workload makes the status 1 (got $rc: $(head -c 300 "$tmp/err"))"
for f in results.csv report.md usage-w.csv usage-w.svg page/w/final.csv object/w/final.csv; do
	[ -s "$d/$f" ]; ok $? "$f is written"
done
[ ! -e "$d/dead/w/final.csv" ]; ok $? "no final.csv where the guest left no directory"

want=policy,modparams,workload,cgroup,status,reason,usage_bytes,max_usage_bytes,failcnt,would_fail,unaccounted_forced,unaccounted_forced_bytes,own_bytes,object_bytes,large_kmalloc_bytes,peak_recorded_bytes,unaccounted_by_kernel_bytes,top_caches,memstat_slab,memstat_slab_reclaimable,memstat_slab_unreclaimable,memstat_kernel,memstat_kernel_stack,memstat_pagetables,memstat_percpu,memstat_sock
[ "$(head -n 1 "$d/results.csv")" = "$want" ]; ok $? "results.csv has the expected header"
python3 - "$d/results.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert len(rows) == 4, rows
assert all(len(r) == len(rows[0]) for r in rows), [len(r) for r in rows]
EOF
ok $? "results.csv: a row per policy, the same column count in each"
python3 - "$d/results.csv" <<'EOF'
import csv, sys
r = {x["policy"]: x for x in csv.DictReader(open(sys.argv[1]))}
p, o, d = r["page"], r["object"], r["deletion=dead"]
assert (p["status"], p["reason"], p["usage_bytes"], p["max_usage_bytes"], p["failcnt"],
        p["would_fail"]) == ("ok", "", "4096", "12288", "2", "3"), p
assert (p["unaccounted_forced"], p["unaccounted_forced_bytes"]) == ("5", "20480"), p
assert p["peak_recorded_bytes"] == "12288", p
# At the peak (t=11): kmalloc-8k 1 slab x 8 pages, <large-kmalloc> 2 x 1, dentry 1 x 1.
assert p["top_caches"] == "kmalloc-8k:32768;<large-kmalloc>:8192;dentry:4096", p["top_caches"]
assert p["unaccounted_by_kernel_bytes"] == "40960", p
assert (p["memstat_slab"], p["memstat_kernel"], p["memstat_percpu"], p["memstat_sock"]) == ("5000", "9000", "8", "0"), p
assert o["status"] == "failed" and o["reason"] == "exit status 1: boom, with a | in it", o
assert o["top_caches"] == "dentry:576;kmalloc-64:384", o["top_caches"]
assert o["usage_bytes"] == "640" and o["unaccounted_by_kernel_bytes"] == "" and o["memstat_slab"] == "", o
assert d["status"] == "failed" and d["reason"] == "no result from the guest (run.sh status 124: timeout after 240s)", d
assert d["modparams"] == "on_delete=dead" and d["usage_bytes"] == "", d
EOF
ok $? "results.csv: the figures, forced and unaccounted counts, peaks, top caches in the enforced view, unaccounted bytes and reasons"

rows=$(grep -c '^| `' "$d/report.md")
[ "$rows" -eq 3 ]; ok $? "report.md has one table row per policy (got $rows)"
grep -qF '| `page` | ok | 4.0 KiB | 12.0 KiB | 2 | 3 | 40.0 KiB | `kmalloc-8k` 32.0 KiB, `<large-kmalloc>` 8.0 KiB, `dentry` 4.0 KiB |' "$d/report.md"
ok $? "report.md: the passing policy's row"
grep -qF '| `object` | failed: exit status 1: boom, with a / in it | 640 B | 960 B | 0 | 0 | n/a |' "$d/report.md"
ok $? "report.md: the failed workload's row keeps its figures, its reason without a |"
grep -qF '| `deletion=dead` | failed: no result from the guest (run.sh status 124: timeout after 240s) |' "$d/report.md"
ok $? "report.md: the timed-out boot's row"
grep -qF -- '- Kernel: 6.12.1-amd64 (Debian 6.12.1-1, line 6.12); guest: kmemcg 0.1.0' "$d/report.md" &&
	grep -qF -- '- Command: `make experiment SCRIPT=w.sh POLICIES="page object deletion=dead"`' "$d/report.md" &&
	grep -qF -- '- Workloads: `w.sh`' "$d/report.md"
ok $? "report.md names the kernel, the command and the workload"
xmllint --noout "$d/usage-w.svg"; ok $? "xmllint accepts the SVG"
[ "$(grep -c '<polyline' "$d/usage-w.svg")" -eq 2 ]; ok $? "the SVG has a line per policy with a recording"
[ "$(sed -n 2p "$d/usage-w.csv")" = '0.000,/exp-w,"page",0,,0,0' ]; ok $? "the chart's CSV starts each policy at time 0"

echo "0 " >"$d/object/w/status"
echo clean >"$d/dead/vm/result"
echo 0 >"$d/dead/vm/status"
mkdir -p "$d/dead/w" && echo 0 >"$d/dead/w/status"
run_report
ok $((rc != 0)) "nothing failed: status 0"
echo 125 >"$d/dead/vm/status"
echo "kernel log has WARNING:" >"$d/dead/vm/result"
run_report
ok $((rc != 1)) "a kernel log that is not clean fails the policy's workloads"
grep -qF '| `deletion=dead` | failed: run.sh status 125: kernel log has WARNING: |' "$d/report.md"
ok $? "... with run.sh's diagnosis as the reason"
rm "$d/workloads"
run_report
[ $rc -eq 2 ] && grep -q "no $d/workloads" "$tmp/err"; ok $? "a directory that is not an experiment's: status 2"

echo "1..$n"
[ "$failed" -eq 0 ]
