// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg_test_alloc, its kfree_rcu() commands: "rcu_free",
 * "kmalloc_rcu_free" and "rcu_barrier", and the wait at unload for the
 * objects still in flight.
 *
 * Locking: the callers hold kmemcg_test_lock (kmemcg_test_ctl.c), which
 * serialises the object arrays and the two flags below.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "kmemcg_test_alloc.h"

/*
 * kfree_rcu() was given objects of kmemcg_test (ever), kmallocs (since
 * the last "rcu_barrier" that had to flush their caches).
 */
static bool kmemcg_test_cache_rcu, kmemcg_test_kmalloc_rcu;

/**
 * kmemcg_test_rcu_free() - "rcu_free": every "alloc" object to kfree_rcu()
 *
 * Context: process, under kmemcg_test_lock; reschedules at every object.
 */
void kmemcg_test_rcu_free(void)
{
	while (kmemcg_test_nr) {
		struct kmemcg_test_obj *obj = kmemcg_test_objs[--kmemcg_test_nr];

		kfree_rcu(obj, rcu);
		kmemcg_test_cache_rcu = true;
		cond_resched();
	}
}

/**
 * kmemcg_test_kmalloc_rcu_free() - "kmalloc_rcu_free": every kmalloc to kfree_rcu()
 *
 * Context: process, under kmemcg_test_lock; reschedules at every object.
 *
 * Return: 0; -EINVAL, with nothing freed, if a kmalloc is too small to
 * hold an rcu_head (16 bytes; kmalloc(0) gives ZERO_SIZE_PTR, whose
 * ksize() is 0).
 */
int kmemcg_test_kmalloc_rcu_free(void)
{
	unsigned int i;

	for (i = 0; i < kmemcg_test_nkmallocs; i++)
		if (ksize(kmemcg_test_kmallocs[i]) < sizeof(struct kmemcg_test_obj))
			return -EINVAL;
	while (kmemcg_test_nkmallocs) {
		struct kmemcg_test_obj *obj = kmemcg_test_kmallocs[--kmemcg_test_nkmallocs];

		kfree_rcu(obj, rcu);
		kmemcg_test_kmalloc_rcu = true;
		cond_resched();
	}
	return 0;
}

/**
 * kmemcg_test_rcu_barrier() - wait until every kfree_rcu()'d object is freed
 *
 * rcu_barrier() alone does not: kfree_rcu() gathers objects in per-CPU
 * batches and frees a batch from a work item, a grace period after the
 * batch closes (up to 5 s after it opened).  6.12 exports
 * kvfree_rcu_barrier() for this.  7.x does not export it, and its
 * kfree_rcu() first puts an object in a per-CPU "rcu sheaf" of the
 * object's cache, handed to RCU only once full or flushed.  What a module
 * can do there: kmem_cache_shrink() flushes a cache's sheaves (and gives
 * its empty slabs back), and kmem_cache_destroy() begins by waiting for
 * the batches (kvfree_rcu_barrier_on_cache()), so
 * destroying a cache made for the purpose is the wait.  The kmallocs'
 * caches are taken to be kmalloc_caches[KMALLOC_NORMAL][] (GFP_KERNEL
 * without random or partitioned kmalloc caches, as Debian's 7.x is
 * built), every one of them shrunk.  6.1 has no such wait: rcu_barrier()
 * only, and tests poll there.
 *
 * Context: process, may sleep; under kmemcg_test_lock.
 *
 * Return: 0, or -ENOMEM if 7.x's cache for the wait could not be made.
 */
int kmemcg_test_rcu_barrier(void)
{
#if defined(HAVE_KVFREE_RCU_BARRIER)
	kvfree_rcu_barrier();
#elif defined(HAVE_SLAB_SHEAVES)
	struct kmem_cache *s;
	int i;

	if (kmemcg_test_cache_rcu)
		kmem_cache_shrink(kmemcg_test_cache);
	if (kmemcg_test_kmalloc_rcu) {
		for (i = 0; i <= KMALLOC_SHIFT_HIGH; i++)
			if (kmalloc_caches[KMALLOC_NORMAL][i])
				kmem_cache_shrink(kmalloc_caches[KMALLOC_NORMAL][i]);
		kmemcg_test_kmalloc_rcu = false;
	}
	s = kmem_cache_create("kmemcg_test_barrier", sizeof(struct kmemcg_test_obj), 0, 0,
			      kmemcg_test_ctor);
	if (!s)
		return -ENOMEM;
	kmem_cache_destroy(s);
#endif
	rcu_barrier();
	return 0;
}

/**
 * kmemcg_test_rcu_drain() - at unload, wait for kmemcg_test's objects in flight
 *
 * Once the helper has freed all it held, a slab of kmemcg_test that stays
 * holds kfree_rcu()'d objects still in flight: 6.12 and 7.x wait for those
 * in kmem_cache_destroy(), 6.1 does not and would free them into a
 * destroyed cache.  So: until the cache has no slab left, 30 s at most.
 * Nothing to wait for if none of its objects ever went to kfree_rcu().
 *
 * Context: module exit, may sleep.
 */
void kmemcg_test_rcu_drain(void)
{
	unsigned long end = jiffies + 30 * HZ;

	if (!kmemcg_test_cache_rcu)
		return;
	for (;;) {
		kmemcg_test_rcu_barrier();
		if (!kmem_cache_shrink(kmemcg_test_cache) || time_after(jiffies, end))
			return;
		msleep(100);
	}
}
