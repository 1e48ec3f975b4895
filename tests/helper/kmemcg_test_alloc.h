/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmemcg_test_alloc: what its three files share.  kmemcg_test_ctl.c holds
 * the commands, the caches and the object arrays; kmemcg_test_rcu.c the
 * kfree_rcu() commands and the wait for them; kmemcg_test_irq.c the
 * allocations in hard interrupt context (kmalloc_nolock()).
 *
 * Locking: kmemcg_test_lock (kmemcg_test_ctl.c) serialises every command,
 * and so every array and count declared here; readers of the counts take
 * no lock (READ_ONCE()).
 */
#ifndef KMEMCG_TEST_ALLOC_H
#define KMEMCG_TEST_ALLOC_H

#include <linux/rcupdate.h>
#include <linux/types.h>

struct kmem_cache;

/* What kfree_rcu() needs of an object: an rcu_head, here at its start. */
struct kmemcg_test_obj {
	struct rcu_head rcu;
};

/* kmemcg_test_ctl.c: the "kmemcg_test" cache, its objects, the kmallocs. */
extern struct kmem_cache *kmemcg_test_cache;
extern void **kmemcg_test_objs;
extern unsigned int kmemcg_test_nr;
extern void **kmemcg_test_kmallocs;
extern unsigned int kmemcg_test_nkmallocs;
void kmemcg_test_ctor(void *obj);

/* kmemcg_test_rcu.c */
void kmemcg_test_rcu_free(void);
int kmemcg_test_kmalloc_rcu_free(void);
int kmemcg_test_rcu_barrier(void);
void kmemcg_test_rcu_drain(void);

/* kmemcg_test_irq.c: kmalloc_nolock()'d objects and the failed calls. */
extern unsigned int kmemcg_test_nnolock, kmemcg_test_nolock_failed;
int kmemcg_test_in_irq(unsigned int n, unsigned int bytes, bool free);
int kmemcg_test_irq_init(unsigned int max_objects);
void kmemcg_test_irq_exit(void);

#endif /* KMEMCG_TEST_ALLOC_H */
