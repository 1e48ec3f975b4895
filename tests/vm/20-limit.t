#!/bin/sh
# kmem limits (issue 3, scenarios 3 and 4).
. /usr/share/kmemcg/lib.sh
M=1048576

# 3. Limit 16M, then fill a tmpfs with files until an allocation fails.
#    The kernel reports a failed slab allocation to the creating task: tmpfs
#    turns a failed inode allocation into ENOSPC ("No space left on device",
#    mm/shmem.c) and a failed dentry into ENOMEM, so either text is the
#    limit at work; anything else (or no error) fails the test.
#    Tolerance: usage never exceeds the limit by more than what the
#    livelock breaker forced (21-stuck.t: on 6.12 a tmpfs directory's
#    maple tree can retry a refused node allocation without end) and what
#    over_limit=fail (the default) forced because the kernel does not
#    account it (unaccounted_forced: the files' dentries and inodes are
#    accounted and refused, some of their other allocations are not;
#    nothing here is __GFP_NOFAIL or otherwise bypassed), and the refused
#    charge was at most one slab (order 3 = 32 KiB) per cache the workload
#    allocates from (dentry, shmem inode, xattr/LSM and kmalloc caches: at
#    most 8), so usage ends within 256 KiB of the limit.
#    The workloads stop at 100,000 files (about 100 MB of slab, several
#    times what the limits allow), so a limit that does not hold fails the
#    checks below instead of running the guest out of memory and time.
cg_create l
is "$(km_write l memory.kmem.limit_in_bytes 16M)" "" "limit 16M accepted"
files=$(cg_run l sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/l 100000')
err=$(mkfiles_err /tmp/l)
diag "created $files files, then: $err"
case $err in
"Cannot allocate memory" | "No space left on device") r=0 ;;
*) r=1 ;;
esac
ok $r "the workload sees an allocation failure (ENOMEM/ENOSPC), not a crash"
u=$(usage l)
forced=$(km_stat bypassed_bytes l)
diag "forced past the limit: $forced bytes ($(km_stat stuck_forced l) by the livelock breaker, $(km_stat unaccounted_forced_bytes l) bytes not accounted by the kernel)"
cmp_ok "$u" -le $((16 * M + forced)) "usage ($u) stays within the limit"
cmp_ok "$u" -ge $((16 * M - 256 * 1024)) "usage ends within 256 KiB of the limit"
cmp_ok "$(km l memory.kmem.failcnt)" -gt 0 "failcnt counts the refusals"
cmp_ok "$(km_stat failures l)" -gt 0 "memory.kmem.stat counts the failures"
is "$(km_stat bypassed l)" "$(($(km_stat stuck_forced l) + $(km_stat unaccounted_forced l)))" \
	"nothing but the livelock breaker and unaccounted allocations forced a charge"
cmp_ok "$(km l memory.kmem.max_usage_in_bytes)" -le $((16 * M + forced)) "max usage within the limit"

is "$(km_write l memory.kmem.limit_in_bytes 32M)" "" "raising the limit to 32M"
more=$(cg_run l sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/l 100000')
diag "the same workload now reached $more files"
cmp_ok "$more" -gt "$files" "raising the limit lets the workload continue"
forced=$(km_stat bypassed_bytes l)
diag "forced by the livelock breaker so far: $(km_stat stuck_forced l) charges, $forced bytes"
cmp_ok "$(usage l)" -le $((32 * M + forced)) "usage stays within the raised limit"
is "$(km_stat bypassed l)" "$(($(km_stat stuck_forced l) + $(km_stat unaccounted_forced l)))" \
	"... and again only those forced a charge"

# 4. A limit on the parent constrains the child, and the parent's failcnt
#    (only) counts it: the child has no limit of its own.
cg_create q/c
is "$(km_write q memory.kmem.limit_in_bytes 8M)" "" "limit 8M on the parent"
cg_run q/c sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/q 100000' >/dev/null
forced=$(km_stat bypassed_bytes q/c)
diag "forced in q/c by the livelock breaker: $(km_stat stuck_forced q/c) charges, $forced bytes"
u=$(usage q/c)
cmp_ok "$u" -le $((8 * M + forced)) "the child is held to the parent's limit"
[ "$u" -le $((8 * M)) ] || diag "q/c usage $u, q usage $(usage q): $(tr '\n' ' ' <"$KM/cgroup/q/c/memory.kmem.stat")"
cmp_ok "$(km q memory.kmem.failcnt)" -gt 0 "the parent's failcnt counts it"
is "$(km q/c memory.kmem.failcnt)" 0 "the child's own failcnt does not"
cmp_ok "$(km_stat failures q/c)" -gt 0 "the child's stat shows its refused charges"

rm -rf /tmp/l /tmp/q
done_testing
