// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg_test_alloc, its "nolock" commands: kmalloc_nolock() and
 * kfree_nolock() (6.18+) from a hard interrupt, an hrtimer, the way BPF
 * programs allocate in any context.  Before 6.18 they fail with ENODEV.
 *
 * Locking: the callers hold kmemcg_test_lock (kmemcg_test_ctl.c), so one
 * request at a time runs; the hrtimer's handler owns the nolock array and
 * its counts while it runs, and the caller waits for it to complete.
 */
#include <linux/completion.h>
#include <linux/hrtimer.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "kmemcg_test_alloc.h"

static void **kmemcg_test_nolock;
unsigned int kmemcg_test_nnolock, kmemcg_test_nolock_failed;
static unsigned int kmemcg_test_nolock_max;

#ifdef HAVE_KMALLOC_NOLOCK
static struct {
	struct hrtimer timer;
	struct completion done;
	unsigned int n, size;
	bool free;
} kmemcg_test_irq;

static enum hrtimer_restart kmemcg_test_irq_fn(struct hrtimer *timer)
{
	unsigned int i;

	if (kmemcg_test_irq.free) {
		while (kmemcg_test_nnolock)
			kfree_nolock(kmemcg_test_nolock[--kmemcg_test_nnolock]);
	} else {
		for (i = 0; i < kmemcg_test_irq.n; i++) {
			void *p = kmalloc_nolock(kmemcg_test_irq.size, 0, NUMA_NO_NODE);

			if (p)
				kmemcg_test_nolock[kmemcg_test_nnolock++] = p;
			else
				kmemcg_test_nolock_failed++;
		}
	}
	complete(&kmemcg_test_irq.done);
	return HRTIMER_NORESTART;
}

/**
 * kmemcg_test_in_irq() - allocate or free with the nolock calls in a hard IRQ
 * @n: objects to allocate (unused with @free)
 * @bytes: size of each, 1 to PAGE_SIZE bytes
 * @free: kfree_nolock() every object held instead
 *
 * Context: process, under kmemcg_test_lock; sleeps until the hrtimer's
 * handler is done (10 s at most).  A NULL from kmalloc_nolock(), which it
 * may return in any context, is counted in kmemcg_test_nolock_failed.
 *
 * Return: 0; -ERANGE for a size out of range or more objects than
 * max_objects held; -ETIMEDOUT if the handler did not run in 10 s;
 * -ENODEV before 6.18 (no kmalloc_nolock()).
 */
int kmemcg_test_in_irq(unsigned int n, unsigned int bytes, bool free)
{
	if (!free && (n > kmemcg_test_nolock_max - kmemcg_test_nnolock ||
		      bytes > PAGE_SIZE || !bytes))
		return -ERANGE;
	kmemcg_test_irq.n = n;
	kmemcg_test_irq.size = bytes;
	kmemcg_test_irq.free = free;
	reinit_completion(&kmemcg_test_irq.done);
	hrtimer_start(&kmemcg_test_irq.timer, ns_to_ktime(1000), HRTIMER_MODE_REL_HARD);
	if (!wait_for_completion_timeout(&kmemcg_test_irq.done, 10 * HZ)) {
		hrtimer_cancel(&kmemcg_test_irq.timer);
		return -ETIMEDOUT;
	}
	return 0;
}

static void kmemcg_test_irq_setup(void)
{
	init_completion(&kmemcg_test_irq.done);
	hrtimer_setup(&kmemcg_test_irq.timer, kmemcg_test_irq_fn, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_HARD);
}
#else
int kmemcg_test_in_irq(unsigned int n, unsigned int bytes, bool free)
{
	return -ENODEV;
}

static void kmemcg_test_irq_setup(void)
{
}
#endif

/**
 * kmemcg_test_irq_init() - set up the nolock commands
 * @max_objects: most objects held at once from kmalloc_nolock()
 *
 * Context: module init.
 *
 * Return: 0, or -ENOMEM with nothing allocated.
 */
int kmemcg_test_irq_init(unsigned int max_objects)
{
	kmemcg_test_nolock = vzalloc(array_size(max_objects, sizeof(void *)));
	if (!kmemcg_test_nolock)
		return -ENOMEM;
	kmemcg_test_nolock_max = max_objects;
	kmemcg_test_irq_setup();
	return 0;
}

/**
 * kmemcg_test_irq_exit() - free the nolock array
 *
 * Context: module exit or init's unwinding, once every nolock object is
 * freed (kmemcg_test_in_irq() with @free); takes a NULL array.
 */
void kmemcg_test_irq_exit(void)
{
	vfree(kmemcg_test_nolock);
}
