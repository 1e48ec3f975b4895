// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg_test_merge: a test-only module that creates two mergeable
 * SLAB_ACCOUNT caches of the same size, "kmemcg_test_merge_a" and
 * "kmemcg_test_merge_b", so VM tests see names SLUB merged (the caches
 * file's aliases).  No constructor, no usercopy region, no flag of
 * SLAB_NEVER_MERGE: mm/slab_common.c slab_unmergeable() lets them merge,
 * and find_mergeable() gives the second the first's cache (or both an
 * existing compatible cache's).  mm/slub.c sysfs_slab_alias() then links
 * each merged name in /sys/kernel/slab to that cache's directory.  Under
 * slab_nomerge nothing merges.  Nothing is ever allocated from them.
 * Never loaded outside tests.
 *
 * Locking: none; the caches are created in init and destroyed in exit.
 */
#include <linux/module.h>
#include <linux/slab.h>

static unsigned int size = 200;
module_param(size, uint, 0400);
MODULE_PARM_DESC(size, "Object size in bytes, 8 to PAGE_SIZE (default 200)");

static struct kmem_cache *kmemcg_merge_a, *kmemcg_merge_b;

static int __init kmemcg_merge_init(void)
{
	if (size < 8 || size > PAGE_SIZE)
		return -EINVAL;
	kmemcg_merge_a = kmem_cache_create("kmemcg_test_merge_a", size, 0, SLAB_ACCOUNT, NULL);
	kmemcg_merge_b = kmem_cache_create("kmemcg_test_merge_b", size, 0, SLAB_ACCOUNT, NULL);
	if (kmemcg_merge_a && kmemcg_merge_b)
		return 0;
	/* Each takes NULL. */
	kmem_cache_destroy(kmemcg_merge_b);
	kmem_cache_destroy(kmemcg_merge_a);
	return -ENOMEM;
}

static void __exit kmemcg_merge_exit(void)
{
	kmem_cache_destroy(kmemcg_merge_b);
	kmem_cache_destroy(kmemcg_merge_a);
}

module_init(kmemcg_merge_init);
module_exit(kmemcg_merge_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmemcg test helper: two mergeable SLAB_ACCOUNT caches (tests only)");
