// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg: per-cgroup slab accounting and kmem limits for stock kernels.
 *
 * Load order, each step undone in reverse on failure and at unload:
 *   0. test_fail_alloc (fault.c; tests only), before any allocation;
 *   1. resolve every kernel symbol and hook target by name, and the private
 *      struct fields from BTF: a kernel that lacks one is refused before
 *      anything is set up;
 *   2. the owner table, the debugfs tree, the root group;
 *   3. the page-free tracepoint probe, the memory css hooks (memory cgroups
 *      coming online get groups), a group for every memory cgroup online
 *      already, then the slab hooks and, under object or shadow
 *      granularity, the object hooks: accounting starts.
 * Unload removes the hooks, waits until no task is inside a wrapper, and
 * frees everything; pages still owned are forgotten, and their frees after
 * that are the kernel's business alone.
 *
 * Locking: none of its own; see each other file's header (the policy:
 * policy_params.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "kmemcg/policy.h"
#include "fault.h"
#include "group.h"
#include "hook.h"
#include "kmemcg.h"
#include "object.h"

struct kmemcg_global_stat kmemcg_stat;

static struct kmemcg_hook_set *const kmemcg_hook_sets[] = {
	&kmemcg_cgroup_hook_set,	/* first: groups follow memory cgroups */
	&kmemcg_slab_hook_set,
	&kmemcg_object_hook_set,	/* object and shadow granularity only */
};

/* Whether set @i is used under the policy loaded. */
static bool kmemcg_hook_set_used(size_t i)
{
	return kmemcg_hook_sets[i] != &kmemcg_object_hook_set ||
	       kmemcg_policy_tracks(kmemcg_policy, KMEMCG_VIEW_OBJECT);
}

static void kmemcg_hooks_remove_all(size_t installed)
{
	while (installed--)
		kmemcg_hooks_remove(kmemcg_hook_sets[installed]);
	kmemcg_hooks_wait_inflight();
}

static void kmemcg_hooks_free_all(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kmemcg_hook_sets); i++)
		kmemcg_hooks_free(kmemcg_hook_sets[i]);
}

static int __init kmemcg_load(void)
{
	size_t i, installed = 0;
	int ret;

	ret = kmemcg_policy_init();
	if (ret)
		return ret;
	ret = kmemcg_symbols_init();
	if (ret)
		return ret;
	ret = kmemcg_symbols_check();
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(kmemcg_hook_sets); i++) {
		if (!kmemcg_hook_set_used(i))
			continue;
		ret = kmemcg_hooks_resolve(kmemcg_hook_sets[i]);
		if (ret)
			return ret;
	}
	ret = kmemcg_layout_init();
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(kmemcg_hook_sets); i++) {
		if (!kmemcg_hook_set_used(i))
			continue;
		ret = kmemcg_hooks_check(kmemcg_hook_sets[i]);
		if (ret)
			return ret;
	}
	ret = kmemcg_reclaim_init();
	if (ret)
		return ret;

	ret = kmemcg_scope_init();
	if (ret) {
		pr_err("cannot load: no memory for the scope list\n");
		return ret;
	}
	if (kmemcg_policy_tracks(kmemcg_policy, KMEMCG_VIEW_OBJECT)) {
		ret = kmemcg_objvec_init();
		if (ret)
			goto exit_objvec;
	}
	ret = kmemcg_owners_init();
	if (ret)
		goto exit_objvec;
	ret = kmemcg_debugfs_init();
	if (ret)
		goto exit_owners;
	ret = kmemcg_groups_init();
	if (ret)
		goto exit_debugfs;
	ret = kmemcg_sinks_init();
	if (ret)
		goto exit_groups;

	for (installed = 0; installed < ARRAY_SIZE(kmemcg_hook_sets); installed++) {
		if (!kmemcg_hook_set_used(installed))
			continue;
		ret = kmemcg_hooks_install(kmemcg_hook_sets[installed]);
		if (ret)
			goto remove_hooks;
		if (kmemcg_hook_sets[installed] == &kmemcg_cgroup_hook_set)
			kmemcg_groups_populate();	/* those online before the hook */
		if (kmemcg_hook_sets[installed] == &kmemcg_object_hook_set)
			kmemcg_objects_arm();		/* every free is seen now */
	}
	pr_info("loaded: version %s, granularity %s, %lu groups, %lu KiB of tables\n",
		KMEMCG_VERSION, kmemcg_granularity_name(kmemcg_policy->granularity),
		kmemcg_groups_count(), kmemcg_owner_table_bytes() >> 10);
	kmemcg_policy_log();
	return 0;

remove_hooks:
	kmemcg_hooks_remove_all(installed);
exit_groups:
	kmemcg_groups_stop();
	kmemcg_debugfs_exit();		/* the tree, group directories too */
	kmemcg_hooks_free_all();	/* after stat's readers are gone */
	kmemcg_sinks_exit();
	kmemcg_groups_exit();
	kmemcg_owners_exit();
	kmemcg_objvec_exit();
	kmemcg_scope_exit();
	return ret;
exit_debugfs:
	kmemcg_debugfs_exit();
exit_owners:
	kmemcg_owners_exit();
exit_objvec:
	kmemcg_objvec_exit();
	kmemcg_scope_exit();
	return ret;
}

static void __exit kmemcg_exit(void)
{
	kmemcg_hooks_remove_all(ARRAY_SIZE(kmemcg_hook_sets));
	kmemcg_groups_stop();
	kmemcg_debugfs_exit();
	kmemcg_hooks_free_all();
	kmemcg_sinks_exit();
	kmemcg_groups_exit();
	kmemcg_owners_exit();	/* vectors left go back to the pool... */
	kmemcg_objvec_exit();	/* ...before it goes */
	kmemcg_scope_exit();
	kmemcg_fault_exit();
	pr_info("unloaded\n");
}

static int __init kmemcg_init(void)
{
	int ret = kmemcg_fault_init();

	if (ret)
		return ret;
	ret = kmemcg_load();
	if (ret) {
		kmemcg_fault_load_failed();
		kmemcg_fault_exit();
	} else {
		kmemcg_fault_loaded();
	}
	return ret;
}

module_init(kmemcg_init);
module_exit(kmemcg_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("kmemcg developers");
MODULE_DESCRIPTION("Per-cgroup slab accounting and kmem limits for stock kernels");
MODULE_VERSION(KMEMCG_VERSION);
