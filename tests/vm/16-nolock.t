#!/bin/sh
# Slab pages allocated and freed where nothing may lock, sleep or queue
# work (issue 10, point 3).  Since 6.18, kmalloc_nolock() lets code in any
# context (BPF programs, NMI handlers) allocate: SLUB then allocates and
# frees slab pages with spinning forbidden (allocate_slab() with
# SLAB_ALLOC_NOLOCK, __free_slab(..., allow_spin=false)), possibly in NMI
# context.  The helper allocates and frees with kmalloc_nolock() and
# kfree_nolock() from a hard interrupt (an hrtimer), in batches that need
# new slab pages.
# Pass: the hooks run there, charge the pages (interrupt context: to the
# root, as unattributed), uncharge them when freed, conservation holds
# exactly, and the guest log stays clean (a lock, sleep or allocation in
# the hook would show as a warning or a hang).  Kernels without
# kmalloc_nolock() (6.1, 6.12) have no such path: the test is skipped
# there, with that reason.
. /usr/share/kmemcg/lib.sh
CTL=/sys/kernel/debug/kmemcg_test/ctl

insmod /root/ko/kmemcg_test_alloc.ko
if [ "$( (echo 'nolock 1 64' >$CTL) 2>&1)" != "" ]; then
	# One skipped test (prove counts it as skipped, with the reason).
	echo "ok 1 # SKIP this kernel has no kmalloc_nolock() ($(uname -r))"
	echo "1..1"
	rmmod kmemcg_test_alloc
	exit 0
fi
echo nolock_free >$CTL

conserved() {
	awk '$1 == "charged_bytes" { c = $2 } $1 == "own_bytes_sum" { o = $2 }
	     $1 == "tracked_bytes" { t = $2 }
	     END { if (c != o || c != t) { print "charged " c " own " o " tracked " t; exit 1 } }' "$KM/stat"
}
allocs0=$(km_stat hook_allocate_slab)
un0=$(km_stat unattributed_bytes)
# 4,000 x 512 bytes: 2 MB, far more than the per-CPU sheaves and partial
# slabs hold, so SLUB must take new slab pages in the interrupt.
echo 'nolock 4000 512' >$CTL
held=$(awk '$1 == "nolock" { print $2 }' $CTL)
failed=$(awk '$1 == "nolock_failed" { print $2 }' $CTL)
diag "kmalloc_nolock in hard interrupt context: $held objects held, $failed NULL returns"
cmp_ok "$held" -ge 2000 "at least half of 4,000 kmalloc_nolock() calls succeeded"
allocs=$(($(km_stat hook_allocate_slab) - allocs0))
un=$(($(km_stat unattributed_bytes) - un0))
diag "slab pages taken: $allocs; unattributed bytes +$un"
cmp_ok "$allocs" -gt 0 "allocate_slab's wrapper ran under kmalloc_nolock()"
cmp_ok "$un" -ge $((held * 512 / 2)) "the interrupt's slab pages are charged, unattributed (+$un bytes)"
t "conservation holds with them charged" conserved
frees0=$(km_stat hook___free_slab)
echo nolock_free >$CTL
is "$(awk '$1 == "nolock" { print $2 }' $CTL)" 0 "kfree_nolock() freed every object"
drop_caches 3
sleep 1
# Free the now-empty slabs: a cache shrink runs with spinning allowed, so
# also run more nolock rounds, which discard slabs with allow_spin=false.
i=0
while [ $i -lt 5 ]; do echo 'nolock 2000 512' >$CTL; echo nolock_free >$CTL; i=$((i + 1)); done
frees=$(($(km_stat hook___free_slab) - frees0))
diag "slab frees seen since: $frees; unattributed bytes now $(km_stat unattributed_bytes) (was $un0)"
t "conservation holds after the frees" conserved
t "no figure is negative" sh -c "! grep ' -' $KM/stat"
rmmod kmemcg_test_alloc
t "the module unloads" rmmod kmemcg

done_testing
