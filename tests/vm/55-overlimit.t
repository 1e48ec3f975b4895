#!/bin/sh
# vm: TIMEOUT=900
# Over-limit actions and the critical reserve (issue 12, tests 4 and 5):
# over_limit=count, over_limit=reclaim, memory.kmem.reserve_in_bytes.
# One boot; the action is switched at run time through the policy file
# (the next refused charge takes it), each part in cgroups of its own.
# fail and reclaim fail only allocations the kernel accounts (the tmpfs
# workloads' dentries and inodes); the helper's cache and kmallocs are not
# accounted, so the parts that need them refused use fail_all.
. /usr/share/kmemcg/lib.sh
CTL=/sys/kernel/debug/kmemcg_test/ctl
L=memory.kmem.limit_in_bytes
R=memory.kmem.reserve_in_bytes
M=1048576
MAXPAGE=9223372036854771712

insmod /root/ko/kmemcg_test_alloc.ko
policy() { echo "over_limit $1" >"$KM/policy"; }
is "$(awk '$1 == "over_limit" { print $2 }' "$KM/policy")" fail "the default action is fail"
is "$(awk '$1 == "try_to_free_mem_cgroup_pages" { print $2 }' "$KM/calls")" direct \
	"the kernel's reclaim is called directly (static call)"

# helper CGROUP COMMAND: the helper's COMMAND by a task in CGROUP, on CPU
# 0, which only writes once inside (21-stuck.t: a fork or exec in a full
# cgroup would fail before the helper is asked anything).
helper() {
	taskset 1 sh -c 'echo $$ >"$0/cgroup.procs" && echo "$1" >"$2"' \
		"$CG/$1" "$2" "$CTL" 2>&1
}
enomem() { case $1 in *"Cannot allocate memory"*) return 0 ;; *) return 1 ;; esac; }
limit_err() {
	case $1 in "Cannot allocate memory" | "No space left on device") return 0 ;; *) return 1 ;; esac
}

# --- 4a. count: a workload that fail stops runs to completion ---------
# mkfiles (tmpfs, stops at its first error) under a 4 MiB limit: fail
# stops it at F files; count lets the same workload make 3F files with no
# error, counting what the limit refused as would_fail.
cg_create cf
km_write cf $L 4M >/dev/null
ff=$(cg_run cf sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/cf 100000')
err=$(mkfiles_err /tmp/cf)
diag "fail: $ff files, then: $err"
limit_err "$err"
ok $? "fail stops the workload (ENOMEM/ENOSPC)"
is "$(km_stat would_fail cf)" 0 "fail counts no would_fail"

policy count
cg_create cc
km_write cc $L 4M >/dev/null
n=$((3 * ff))
fc=$(cg_run cc sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/cc "$0"' "$n")
err=$(mkfiles_err /tmp/cc)
diag "count: $fc of $n files, error '$err'; usage $(usage cc), would_fail $(km_stat would_fail cc)"
is "$fc" "$n" "count: the same workload runs to completion (3x what fail allowed)"
is "$err" "" "... with no error"
cmp_ok "$(usage cc)" -gt $((4 * M)) "... past the limit"
cmp_ok "$(km_stat would_fail cc)" -gt 0 "would_fail counts what the limit refused"
is "$(km_stat failures cc)" "$(($(km_stat would_fail cc) + $(km_stat bypassed cc)))" \
	"every refusal was let through as would_fail (or forced, as before)"
cmp_ok "$(km_stat would_fail)" -ge "$(km_stat would_fail cc)" "the global stat counts it"
rm -rf /tmp/cf /tmp/cc

# --- 4b. would_fail against failcnt, on the same workload -------------
# 256 writes "kmalloc 1 16384" (one large kmalloc, 4 pages, each) from a
# shell in a cgroup limited to 1 MiB, which goes on after a failed write.
# Under fail_all (the helper's kmallocs are not accounted: fail would
# force them), each allocation past the limit is refused (failcnt); under
# count, each is let through (would_fail).  Criterion: the two counts
# are within a factor of 2 of each other (the same order of magnitude;
# expected nearly equal: about 256 - 1 MiB / 16 KiB = 192 each).
kmloop() {
	taskset 1 sh -c 'echo $$ >"$0/cgroup.procs" && exec 3>"$1" 2>/dev/null
		i=0; while [ $i -lt 256 ]; do echo "kmalloc 1 16384" >&3; i=$((i + 1)); done' \
		"$CG/$1" "$CTL"
}
# kmloop_under ACTION CGROUP: kmloop in a new CGROUP with a 1 MiB limit
# under over_limit ACTION; held: how many kmallocs it held (then freed)
kmloop_under() {
	policy "$1"
	cg_create "$2"
	km_write "$2" $L 1M >/dev/null
	kmloop "$2"
	held=$(awk '$1 == "kmallocs" { print $2 }' $CTL)
	echo free >$CTL
}
kmloop_under fail_all wf
held_f=$held failcnt=$(km wf memory.kmem.failcnt)
kmloop_under count wc
held_c=$held wf=$(km_stat would_fail wc)
diag "fail_all: $held_f of 256 kmallocs held, failcnt $failcnt; count: $held_c held, would_fail $wf"
is "$held_c" 256 "count: every allocation succeeds"
cmp_ok "$held_f" -lt 256 "fail_all: some were refused"
cmp_ok "$failcnt" -gt 0 "fail_all counts failcnt"
cmp_ok $((2 * wf)) -ge "$failcnt" "would_fail is at least half of failcnt under fail_all"
cmp_ok "$wf" -le $((2 * failcnt)) "... and at most twice it"
# Tolerance 2: the two shells' own kernel memory may differ by a page or two.
values_close "$((held_c - wf))" "$held_f" 2
ok $? "count let through as many as it held past the limit: $((held_c - wf)) fit, fail_all held $held_f"

# The same loop under fail (the default): none of the kmallocs is
# accounted by the kernel, so none is refused; each one past the limit is
# forced and counted in unaccounted_forced.
kmloop_under fail wd
held_d=$held
diag "fail: $held_d held, unaccounted_forced $(km_stat unaccounted_forced wd)"
is "$held_d" 256 "fail: no unaccounted allocation is refused"
cmp_ok "$(km_stat unaccounted_forced wd)" -gt 0 "... those past the limit are counted in unaccounted_forced"
cmp_ok "$(km_stat unaccounted_forced_bytes wd)" -gt 0 "... with their bytes"
cmp_ok "$(km_stat bypassed wd)" -ge "$(km_stat unaccounted_forced wd)" "... of the bypassed"
cmp_ok "$(km_stat unaccounted_forced)" -ge "$(km_stat unaccounted_forced wd)" "the global stat counts them"

# --- 4c. reclaim ------------------------------------------------------
# Workload: in a cgroup limited to 4 MiB, 30000 lookups of missing sysfs
# names (negative dentries with external names, which the dentry LRU
# keeps and reclaim can free: as tools/testing/selftests/cgroup/
# test_kmem.c), then empty files in a tmpfs (which nothing can reclaim)
# until the first error.  One shell, which opens its error file first
# and forks nothing afterwards.  Under fail, the dentries fill the limit
# and few files follow; under reclaim, the dentries are reclaimed to make
# room, and the files go on until the limit is full of what cannot be
# reclaimed, where the workload still stops.
# Criteria: reclaim makes at least 1000 more files than fail (a quarter
# of the limit at about 1 KiB of slab per tmpfs file), reclaimed_bytes > 0,
# and it ends with ENOMEM/ENOSPC at the limit (usage within the limit,
# plus what was forced as bypassed).
work='exec 2>"$0.err"; i=0
while [ $i -lt 30000 ]; do
	[ -e /sys/kmemcg-55-a-long-missing-name-to-get-an-external-dentry-$1-$i ]
	i=$((i + 1))
done
n=0; while [ $n -lt 100000 ]; do true >"$0/f$n" || break; n=$((n + 1)); done; echo $n'
policy fail
cg_create rf
km_write rf $L 4M >/dev/null
mkdir -p /tmp/rf /tmp/rr
nf=$(cg_run rf sh -c "$work" /tmp/rf rf)
ef=$(mkfiles_err /tmp/rf)
diag "fail: $nf files after the dentries, then '$ef'; usage $(usage rf), failcnt $(km rf memory.kmem.failcnt)"
is "$(km_stat reclaim_attempts rf)" 0 "fail does not reclaim"

policy reclaim
cg_create rr
km_write rr $L 4M >/dev/null
t0=$(date +%s)
nr=$(cg_run rr sh -c "$work" /tmp/rr rr)
er=$(mkfiles_err /tmp/rr)
t1=$(date +%s)
ra=$(km_stat reclaim_attempts rr)
rs=$(km_stat reclaim_successes rr)
rb=$(km_stat reclaimed_bytes rr)
diag "reclaim: $nr files after the dentries, then '$er' ($((t1 - t0)) s); usage $(usage rr)"
diag "reclaim: attempts $ra, successes $rs, reclaimed $rb bytes; failures $(km_stat failures rr)"
# On the debug kernel reclaim frees no page: KASAN's quarantine
# (mm/kasan/quarantine.c, up to 1/32 of memory) holds the dentries the
# shrinkers free, and their slab pages with them, so nothing uncharges
# (6.12-debug: 4,060 attempts, 0 bytes).  Measured there: 20,000 negative
# dentries charged 68.8 MB; drop_caches 2 left 48.9 MB, and only
# shrinking every cache, which empties the quarantine, 1.7 MB.  Attempts
# are still counted.
cmp_ok "$ra" -gt 0 "reclaim attempts are counted"
if debug_kernel; then
	diag "reclaim against fail, successes, reclaimed bytes: not measured on the debug kernel ($nr files against $nf, $rs, $rb)"
else
	cmp_ok "$nr" -ge $((nf + 1000)) "reclaim gets further than fail ($nr files against $nf)"
	cmp_ok "$rs" -gt 0 "reclaim attempts succeed"
	cmp_ok "$rb" -gt 0 "reclaimed bytes > 0"
fi
limit_err "$er"
ok $? "reclaim: the workload still stops at the limit when nothing can be reclaimed"
cmp_ok "$(usage rr)" -le $((4 * M + $(km_stat bypassed_bytes rr))) "usage stays within the limit"
cmp_ok "$(km_stat reclaimed_bytes)" -ge "$rb" "the global stat counts reclaimed bytes"
rm -rf /tmp/rf /tmp/rr

# --- 4d. reclaim, then an unaccounted allocation is forced -------------
# 21-stuck.t's kernel retry loop (the helper's "retry 10": one object,
# retried at once on failure) in a cgroup full of the helper's objects
# (filled under fail_all), which nothing can reclaim.  The helper's cache
# is not accounted by the kernel, so under reclaim it is reclaimed for
# and then forced, not failed.  Criterion: the loop gets its object at
# the first attempt (retries 0), reclaim was tried, the charge counted in
# unaccounted_forced, and the livelock breaker had nothing to do.  (That
# the breaker comes before reclaim: tests/unit/test_policy.c; the breaker
# itself: 21-stuck.t.)
fill() {
	km_write "$1" $L "$(($(usage "$1") + 262144))" >/dev/null
	helper "$1" 'alloc 100000'
}
cg_create sr
policy fail_all
fill sr >/dev/null
policy reclaim
t "reclaim: an unaccounted allocation at the limit succeeds" helper sr 'retry 10'
diag "refused $(awk '$1 == "retries" { print $2 }' $CTL) times;" \
	"reclaim attempts $(km_stat reclaim_attempts sr), unaccounted_forced $(km_stat unaccounted_forced sr)"
is "$(awk '$1 == "retries" { print $2 }' $CTL)" 0 "... at the first attempt"
cmp_ok "$(km_stat reclaim_attempts sr)" -ge 1 "... after reclaim was tried"
cmp_ok "$(km_stat unaccounted_forced sr)" -ge 1 "... forced, counted in unaccounted_forced"
is "$(km_stat stuck_forced sr)" 0 "... and the livelock breaker forced nothing"
echo free >$CTL
policy fail

# --- 5. the critical reserve -------------------------------------------
# Under fail_all (the helper's cache is not accounted: fail would force
# it).  The helper's cache (256-byte objects), on CPU 0.  Fill to a limit 256
# KiB above usage, set a 64 KiB reserve; then ordinary allocations are
# refused at the limit, critical ones (__GFP_HIGH, __GFP_NOFAIL) come
# from the reserve, counted in reserve_charges and reserve_used_bytes
# (usage above the limit, 0 < it <= 64 KiB), with nothing forced.  With
# the reserve exhausted, __GFP_HIGH is refused (reserve_refusals) and
# __GFP_NOFAIL forced (bypassed), as before.  After freeing, the reserve
# in use is exactly 0.
policy fail_all
cg_create rs
is "$(km rs $R)" 0 "a new cgroup's reserve is 0"
km_write rs $L "$(($(usage rs) + 262144))" >/dev/null
e=$(helper rs 'alloc 100000')
enomem "$e"
ok $? "ordinary allocations run into the limit"
is "$(km_write rs $R 64K)" "" "reserve 64K accepted"
is "$(km rs $R)" 65536 "... and reads back"
is "$(km_stat reserve_used_bytes rs)" 0 "nothing of it is used yet"
e=$(helper rs 'alloc 1')
enomem "$e"
ok $? "an ordinary allocation still fails at the limit"
lim=$(km rs $L)
e=$(helper rs 'alloc_gfp 8 high')
is "$e" "" "a __GFP_HIGH allocation succeeds from the reserve"
u=$(usage rs)
used=$(km_stat reserve_used_bytes rs)
diag "limit $lim, usage $u, reserve used $used, reserve_charges $(km_stat reserve_charges rs)"
cmp_ok "$(km_stat reserve_charges rs)" -ge 1 "it is counted in reserve_charges"
cmp_ok "$used" -gt 0 "reserve_used_bytes > 0"
is "$used" "$((u - lim))" "reserve_used_bytes is the usage above the limit"
cmp_ok "$used" -le 65536 "... at most the reserve"
is "$(km_stat bypassed rs)" 0 "nothing was forced"
e=$(helper rs 'alloc_gfp 1 nofail')
is "$e" "" "a __GFP_NOFAIL allocation succeeds with room in the reserve"
is "$(km_stat bypassed rs)" 0 "... and is not forced"
e=$(helper rs 'alloc_gfp 100000 high')
enomem "$e"
ok $? "__GFP_HIGH allocations are refused once the reserve is exhausted"
cmp_ok "$(km_stat reserve_refusals rs)" -ge 1 "reserve_refusals counts it"
cmp_ok "$(usage rs)" -le $((lim + 65536)) "usage stays within limit + reserve"
diag "exhausted: usage $(usage rs), reserve used $(km_stat reserve_used_bytes rs)"
e=$(helper rs 'alloc_gfp 20 nofail')
is "$e" "" "__GFP_NOFAIL still succeeds with the reserve exhausted"
cmp_ok "$(km_stat bypassed rs)" -ge 1 "... forced, and counted as bypassed"
cmp_ok "$(km_stat reserve_charges)" -ge 1 "the global stat counts reserve charges"
cmp_ok "$(km_stat reserve_refusals)" -ge 1 "... and refusals"
echo free >$CTL
echo shrink >$CTL
diag "after free: usage $(usage rs), limit $lim"
is "$(km_stat reserve_used_bytes rs)" 0 "the reserve's usage returns to 0 after the free"

# Count mode: a critical allocation still takes the reserve first (and is
# not counted as would_fail).  Filled under fail_all, so that the per-CPU slab
# is full and the next allocation needs a new slab.
km_write rs $L "$(($(usage rs) + 65536))" >/dev/null
helper rs 'alloc 100000' >/dev/null
policy count
rc0=$(km_stat reserve_charges rs)
wf0=$(km_stat would_fail rs)
e=$(helper rs 'alloc_gfp 8 high')
is "$e" "" "count: a __GFP_HIGH allocation at the limit succeeds"
cmp_ok "$(km_stat reserve_charges rs)" -gt "$rc0" "... from the reserve (the reserve is tried before count)"
is "$(km_stat would_fail rs)" "$wf0" "... and is not counted as would_fail"
echo free >$CTL
echo shrink >$CTL
policy fail

# --- 5b. reserve_in_bytes: parsing and errors ----------------------------
# Criterion: each malformed write fails with EINVAL (too long: 64 bytes
# or more; embedded NUL; junk), without CAP_SYS_ADMIN with EPERM, on the
# root with EINVAL, and the reserve reads back unchanged each time.
reserve_is() {
	is "$(km_write rs $R "$1")" "" "reserve '$1' accepted"
	is "$(km rs $R)" "$2" "reserve '$1' reads back as $2"
}
reserve_is 4097 4096
reserve_is 8k 8192
reserve_is max $MAXPAGE
reserve_is -1 $MAXPAGE
reserve_is 0 0
km_write rs $R 1M >/dev/null
long=$(printf '%070d' 1)
for bad in 1.0 1xx xx -5 '' 4KB k 123456789012345678901234567890 18446744073709551616 \
	16777216T ' 5' "$long"; do
	e=$(km_write rs $R "$bad")
	case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
	ok $r "reserve '$bad' is rejected with EINVAL"
	is "$(km rs $R)" 1048576 "... and the reserve is unchanged"
done
# (busybox echo reports write errors; its printf does not)
for bad in '8K\0junk' '8K\n\n' '8K\njunk'; do
	# shellcheck disable=SC2205,SC3037 # a subshell; busybox echo takes -n, -e
	e=$( (echo -ne "$bad" >"$KM/cgroup/rs/$R") 2>&1)
	case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
	ok $r "reserve '$bad' (echo -ne) is rejected with EINVAL"
	is "$(km rs $R)" 1048576 "... and the reserve is unchanged"
done
# A value split over two write() calls: each is parsed on its own, as the
# limit's (and upstream's cgroup files): the head alone is a value (2
# bytes, rounded down to 0), the tail alone is junk.
# shellcheck disable=SC3037
e=$( (echo -n 2 >"$KM/cgroup/rs/$R"; echo -n M >"$KM/cgroup/rs/$R") 2>&1)
case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
ok $r "a value split over two writes: its tail alone is junk (EINVAL)"
is "$(km rs $R)" 0 "... and its head alone is a value of its own (2 bytes: 0)"
km_write rs $R 1M >/dev/null
e=$(kmemcg-test-priv --drop-sys-admin sh -c "echo 0 > $KM/cgroup/rs/$R" 2>&1)
case $e in *"Operation not permitted"*) r=0 ;; *) r=1 ;; esac
ok $r "root without CAP_SYS_ADMIN cannot write the reserve (EPERM)"
[ $r -eq 0 ] || diag "got: $e"
is "$(km rs $R)" 1048576 "... and the reserve is unchanged"
e=$(km_write / $R 1M)
case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
ok $r "the root's reserve cannot be set (EINVAL)"

done_testing
