#!/bin/sh
# Large kmallocs (above the biggest kmalloc cache, 8 KiB) are charged to
# the allocating task's cgroup and uncharged when freed, whichever path
# frees them (the free_large_kmalloc() hook: kfree, krealloc, bulk and
# kfree_rcu frees all call it).  The helper module allocates in the writer's
# context.  Exact: 100 x 64 KiB = 100 order-4 folios = 6,553,600 bytes.
. /usr/share/kmemcg/lib.sh
CTL=/sys/kernel/debug/kmemcg_test/ctl

insmod /root/ko/kmemcg_test_alloc.ko
cg_create big
before=$(km_stat large_kmalloc_bytes big)
cg_run big sh -c "echo 'kmalloc 100 65536' > $CTL"
after=$(km_stat large_kmalloc_bytes big)
is $((after - before)) 6553600 "100 large kmallocs of 64 KiB charge 6,553,600 bytes"
cmp_ok "$(usage big)" -ge 6553600 "usage includes them"
l=$(awk '$1 == "<large-kmalloc>"' "$KM/cgroup/big/memory.kmem.slabinfo")
diag "$l"
is "$(echo "$l" | awk '{ print $15 }')" 1600 "the slabinfo large-kmalloc line counts their 1600 pages"
echo free >$CTL
is "$(km_stat large_kmalloc_bytes big)" "$before" "freeing them uncharges every byte"

# The other ways a large kmalloc is freed: krealloc() to another size
# (frees the old folio, charges the new one) and kfree_rcu().
cg_run big sh -c "echo 'kmalloc 50 65536' > $CTL; echo 'krealloc 131072' > $CTL"
is "$(km_stat large_kmalloc_bytes big)" "$((before + 50 * 131072))" \
	"krealloc to 128 KiB: the old folios uncharged, the new ones charged"
echo kmalloc_rcu_free >$CTL
echo rcu_barrier >$CTL
i=0	# 6.1 has no rcu_barrier for kfree_rcu: its batches go within 5 s
while [ "$(km_stat large_kmalloc_bytes big)" != "$before" ] && [ $i -lt 50 ]; do
	usleep 200000
	i=$((i + 1))
done
is "$(km_stat large_kmalloc_bytes big)" "$before" "kfree_rcu() of them uncharges every byte"
cmp_ok "$(km_stat hook____kmalloc_large_node)$(km_stat hook___kmalloc_large_node)" -gt 0 \
	"the large-kmalloc hook saw the calls"

# A limit and a large kmalloc: 1M of headroom, a 4 MiB allocation.  The
# helper's kmalloc has no __GFP_ACCOUNT: the kernel would not account it,
# so the default over_limit=fail forces it past the limit, counted in
# unaccounted_forced; over_limit=fail_all refuses it.
km_write big memory.kmem.limit_in_bytes $(($(usage big) + 1048576)) >/dev/null
uf=$(km_stat unaccounted_forced_bytes big)
e=$(cg_run big sh -c "echo 'kmalloc 1 4194304' > $CTL" 2>&1)
is "$e" "" "fail: an unaccounted large kmalloc over the limit is not failed"
cmp_ok "$(($(km_stat unaccounted_forced_bytes big) - uf))" -ge 4194304 "... it is forced, its 4 MiB counted in unaccounted_forced_bytes"
echo free >$CTL
echo "over_limit fail_all" >"$KM/policy"
e=$(cg_run big sh -c "echo 'kmalloc 1 4194304' > $CTL" 2>&1)
case $e in *"Cannot allocate memory"*) r=0 ;; *) r=1 ;; esac
ok $r "fail_all: a large kmalloc over the limit fails with ENOMEM"
cmp_ok "$(km big memory.kmem.failcnt)" -gt 0 "... and failcnt counts it"
echo "over_limit fail" >"$KM/policy"
cmp_ok "$(km_stat hook_free_large_kmalloc)" -ge 100 "the large-kmalloc free hook saw the frees"
is "$(km_stat stale_entries)" 0 "no page was found still owned when it was allocated again (a missed free)"
rmmod kmemcg_test_alloc
done_testing
