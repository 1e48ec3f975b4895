#!/bin/sh
# vm: CMDLINE=cgroup.memory=nokmem
# independent_kmem_limit=0 (issue 3, scenario 5): kmem is bounded by the
# memory cgroup's own limit, memory.max, as in 002 where kernel memory and
# user memory shared one limit.  The kernel's own memcg kmem accounting is
# off here (cgroup.memory=nokmem), as on a system that leaves kmem to
# kmemcg: otherwise the kernel's memcg, which counts kmem *and* user pages
# against memory.max, always reaches it first and OOM-kills the workload
# before kmemcg's bound can refuse anything.
# Pass: with memory.max 4M the workload's kmem ends at or below 4M, plus
# what over_limit=fail forced past it because the kernel does not account
# it (unaccounted_forced_bytes: 8 KiB once on 7.3), and kmemcg counts the
# refusals; back at independent 1 with no limit, the same workload goes
# past 4M.
. /usr/share/kmemcg/lib.sh
I=memory.kmem.independent_kmem_limit
M=1048576

cg_create d
is "$(km_write d $I 0)" "" "independent_kmem_limit 0 accepted"
echo 4M >"$CG/d/memory.max"
n=$(cg_run d sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/d 100000')
diag "$n files, then: $(mkfiles_err /tmp/d)"
uf=$(km_stat unaccounted_forced_bytes d)
diag "usage $(usage d), of which forced past the bound as unaccounted: $uf"
cmp_ok "$(usage d)" -le $((4 * M + uf)) "kmem is bounded by memory.max (4M), but for unaccounted_forced_bytes"
cmp_ok "$(usage d)" -ge $((4 * M - 256 * 1024)) "... and reaches it (within 256 KiB)"
cmp_ok "$(km d memory.kmem.failcnt)" -gt 0 "the refusals are counted in failcnt"
is "$(km_write d $I 1)" "" "independent_kmem_limit 1 accepted"
m=$(cg_run d sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/d 30000')
cmp_ok "$(usage d)" -gt $((4 * M)) "without the bound the same workload goes past 4M ($m files)"
rm -rf /tmp/d

done_testing
