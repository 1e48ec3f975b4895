#!/bin/sh
# Charging and the hierarchy (issue 3, scenarios 1 and 2).
# Charges are not batched per CPU: every figure is exact, so the batching
# tolerance is 0 pages.
. /usr/share/kmemcg/lib.sh

cg_create p/c
cg_create s1
cg_create s2
t "directories mirror the new cgroups" test -d "$KM/cgroup/p/c" -a -d "$KM/cgroup/s2"

# 1. 100,000 negative dentries with long names in p/c: its usage rises by
#    at least 1 MiB (a dentry plus an external name is ~300 bytes, so ~30 MB
#    is expected; 1 MiB is the issue's floor); p and the root include it.
before=$(usage p/c)
cg_run p/c sh -c '. /usr/share/kmemcg/lib.sh; negdentries 100000'
after=$(usage p/c)
diag "p/c usage $before -> $after bytes"
cmp_ok $((after - before)) -ge 1048576 "negative dentries raise the child's usage by >= 1 MiB"
cmp_ok "$(usage p)" -ge "$after" "the parent's usage includes the child's"
cmp_ok "$(usage /)" -ge "$(usage p)" "the root's usage includes the parent's"
cmp_ok "$(km_stat slab_pages p/c)" -gt 0 "the child's own slab pages are counted"
is "$(km_stat own_bytes p)" 0 "the parent itself charged nothing (own_bytes 0)"

# 2. Work in s1 only: s2, with no task, stays at exactly 0 (tolerance 0).
cg_run s1 sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/s1 3000' >/dev/null
cmp_ok "$(usage s1)" -gt 0 "the working sibling is charged"
is "$(usage s2)" 0 "the idle sibling stays at 0"
is "$(km_stat charges s2)" 0 "the idle sibling saw no charge"

done_testing
