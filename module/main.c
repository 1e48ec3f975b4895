// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg: per-cgroup slab accounting and kmem limits for stock kernels.
 *
 * Load order, each step undone in reverse on failure and at unload:
 *   1. resolve every kernel symbol and hook target by name, and the private
 *      struct fields from BTF: a kernel that lacks one is refused before
 *      anything is set up;
 *   2. the owner table, the debugfs tree, the root group;
 *   3. the page-free tracepoint probe, the memory css hooks (memory cgroups
 *      coming online get groups), a group for every memory cgroup online
 *      already, then the slab hooks: accounting starts.
 * Unload removes the hooks, waits until no task is inside a wrapper, and
 * frees everything; pages still owned are forgotten, and their frees after
 * that are the kernel's business alone.
 *
 * Locking: none here; see each file's header.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "kmemcg/policy.h"
#include "group.h"
#include "hook.h"
#include "kmemcg.h"

static bool enforce = true;
module_param(enforce, bool, 0400);
MODULE_PARM_DESC(enforce, "Fail allocations over a kmem limit (default Y); N only counts them");

struct kmemcg_global_stat kmemcg_stat;
static struct kmemcg_policy kmemcg_active_policy;
const struct kmemcg_policy *kmemcg_policy = &kmemcg_active_policy;

static struct kmemcg_hook_set *const kmemcg_hook_sets[] = {
	&kmemcg_cgroup_hook_set,	/* first: groups follow memory cgroups */
	&kmemcg_slab_hook_set,
};

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

static int __init kmemcg_init(void)
{
	size_t i, installed = 0;
	int ret;

	kmemcg_active_policy = kmemcg_default_policy;
	kmemcg_active_policy.enforce = enforce;

	ret = kmemcg_symbols_init();
	if (ret)
		return ret;
	ret = kmemcg_symbols_check();
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(kmemcg_hook_sets); i++) {
		ret = kmemcg_hooks_resolve(kmemcg_hook_sets[i]);
		if (ret)
			return ret;
	}
	ret = kmemcg_page_free_resolve();
	if (ret)
		return ret;
	ret = kmemcg_layout_init();
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(kmemcg_hook_sets); i++) {
		ret = kmemcg_hooks_check(kmemcg_hook_sets[i]);
		if (ret)
			return ret;
	}

	ret = kmemcg_owners_init();
	if (ret)
		return ret;
	ret = kmemcg_debugfs_init();
	if (ret)
		goto exit_owners;
	ret = kmemcg_groups_init();
	if (ret)
		goto exit_debugfs;
	/* Frees are seen before the first page is recorded. */
	ret = kmemcg_page_free_install();
	if (ret)
		goto exit_groups;

	for (installed = 0; installed < ARRAY_SIZE(kmemcg_hook_sets); installed++) {
		ret = kmemcg_hooks_install(kmemcg_hook_sets[installed]);
		if (ret)
			goto remove_hooks;
		if (kmemcg_hook_sets[installed] == &kmemcg_cgroup_hook_set)
			kmemcg_groups_populate();	/* those online before the hook */
	}
	pr_info("loaded: version %s, %lu groups, %lu KiB of tables\n",
		KMEMCG_VERSION, kmemcg_groups_count(), kmemcg_owner_table_bytes() >> 10);
	return 0;

remove_hooks:
	kmemcg_hooks_remove_all(installed);
	kmemcg_page_free_remove();
exit_groups:
	kmemcg_groups_stop();
	kmemcg_debugfs_exit();		/* the tree, group directories too */
	kmemcg_hooks_free_all();	/* after stat's readers are gone */
	kmemcg_groups_exit();
	kmemcg_owners_exit();
	return ret;
exit_debugfs:
	kmemcg_debugfs_exit();
exit_owners:
	kmemcg_owners_exit();
	return ret;
}

static void __exit kmemcg_exit(void)
{
	kmemcg_hooks_remove_all(ARRAY_SIZE(kmemcg_hook_sets));
	kmemcg_page_free_remove();
	kmemcg_groups_stop();
	kmemcg_debugfs_exit();
	kmemcg_hooks_free_all();
	kmemcg_groups_exit();
	kmemcg_owners_exit();
	pr_info("unloaded\n");
}

module_init(kmemcg_init);
module_exit(kmemcg_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("kmemcg developers");
MODULE_DESCRIPTION("Per-cgroup slab accounting and kmem limits for stock kernels");
MODULE_VERSION(KMEMCG_VERSION);
