// SPDX-License-Identifier: GPL-2.0
/*
 * The hooks' copy of the scope list (scope=list): which caches are
 * charged.  The policy file's writer publishes a new copy; hooks read the
 * current one inside rcu_read_lock(), so a list is freed only after a
 * grace period.  Matching is by cache name, at most KMEMCG_SCOPE_LIST_MAX
 * strcmp()s per charge, and only under scope=list.
 *
 * Locking: writers are serialised by the caller (kmemcg_policy_mutex,
 * policy_params.c); readers take none (RCU).
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "kmemcg/policy.h"
#include "fault.h"
#include "kmemcg.h"

struct kmemcg_scope_copy {
	struct rcu_head rcu;
	struct kmemcg_scope_list list;
};

static struct kmemcg_scope_copy __rcu *kmemcg_scope_current;

/**
 * kmemcg_scope_set - publish a new scope list to the hooks
 * @l: the list (copied)
 *
 * Process context; the caller serialises writers.  The copy is counted
 * in module_bytes.
 * Return: 0, or -ENOMEM (the old list stays).
 */
int kmemcg_scope_set(const struct kmemcg_scope_list *l)
{
	struct kmemcg_scope_copy *old, *c =
		kmemcg_fail_null(KMEMCG_FAULT_SCOPE, kmalloc(sizeof(*c), GFP_KERNEL));

	if (!c)
		return -ENOMEM;
	c->list = *l;
	atomic_long_add(sizeof(*c), &kmemcg_stat.module_bytes);
	old = rcu_replace_pointer(kmemcg_scope_current, c, true);
	if (old) {
		atomic_long_sub(sizeof(*old), &kmemcg_stat.module_bytes);
		kfree_rcu(old, rcu);
	}
	return 0;
}

/**
 * kmemcg_scope_listed - whether a cache is in the scope list
 * @name: the cache's name (kmemcg_cache_name())
 *
 * Any context; takes rcu_read_lock() itself.
 * Return: true when the current list names it.
 */
bool kmemcg_scope_listed(const char *name)
{
	const struct kmemcg_scope_copy *c;
	bool listed;

	rcu_read_lock();
	c = rcu_dereference(kmemcg_scope_current);
	listed = c && kmemcg_scope_list_has(&c->list, name);
	rcu_read_unlock();
	return listed;
}

/**
 * kmemcg_scope_init - publish the scope list of the module parameters
 *
 * Process context, at load (after kmemcg_policy_init()).
 * Return: 0, or -ENOMEM.
 */
int kmemcg_scope_init(void)
{
	return kmemcg_scope_set(&kmemcg_policy->scope_list);
}

/**
 * kmemcg_scope_exit - free the hooks' copy
 *
 * Process context, at unload once no hook runs (or when load fails).
 * Waits for readers (rcu_barrier()) so no kfree_rcu() of ours is left
 * pending when the module text goes.
 */
void kmemcg_scope_exit(void)
{
	struct kmemcg_scope_copy *c = rcu_replace_pointer(kmemcg_scope_current, NULL, true);

	if (c) {
		atomic_long_sub(sizeof(*c), &kmemcg_stat.module_bytes);
		kfree_rcu(c, rcu);
	}
	rcu_barrier();
}
