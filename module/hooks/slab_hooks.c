// SPDX-License-Identifier: GPL-2.0
/*
 * Hooks on SLUB's page paths: a slab's folio is allocated in allocate_slab()
 * and freed in __free_slab() (directly, or from an RCU callback for
 * SLAB_TYPESAFE_BY_RCU caches); a large kmalloc (above the biggest kmalloc
 * cache) takes its folio in __kmalloc_large_node() (6.1) or
 * ___kmalloc_large_node() (6.12 and later), every large-kmalloc entry
 * point funnels through it, and gives it back in free_large_kmalloc(),
 * which kfree(), krealloc() and the bulk and kfree_rcu() frees all call
 * (seen with the function tracer on 6.1, 6.12 and 7.3: one call per
 * large folio freed, on each of those paths).  All are functions that
 * ftrace can hook (available_filter_functions).  Nothing here runs for
 * pages that are neither slabs nor large kmallocs: an earlier version
 * probed kmem:mm_page_free, which made every munmap() pay.
 *
 * struct slab is private to mm/, but it overlays struct folio by design
 * (mm/slab.h asserts the layout), so a slab pointer is read as its folio.
 *
 * The originals are called through static calls, never through pointers
 * (IBT: see hook.h).
 *
 * Under object granularity slab pages are not charged (their objects
 * are, hooks/object_hooks.c), but their frees still go through here: a
 * slab's owner vector goes with it.
 *
 * Locking: none of our own; see charge.c.  The wrappers run in whatever
 * context the kernel calls these functions (any, including softirq for
 * RCU-freed slabs, and NMI on kernels with kmalloc_nolock(): compat.h) and
 * hold nothing across the call to the original.  Nothing they call takes
 * a lock, sleeps, allocates or queues work directly (charge.c, group.c).
 */
#include <linux/mm.h>
#include "kmemcg/policy.h"
#include "charge.h"
#include "hook.h"
#include "kmemcg.h"

enum { HOOK_ALLOCATE_SLAB, HOOK_FREE_SLAB, HOOK_LARGE_ALLOC, HOOK_LARGE_FREE };
static struct kmemcg_hook kmemcg_slab_hooks[];

static KMEMCG_ALLOCATE_SLAB_PROTO(kmemcg_allocate_slab);
static KMEMCG_FREE_SLAB_PROTO(kmemcg_free_slab);
static void *kmemcg_large_alloc(size_t size, gfp_t flags, int node);
static void kmemcg_large_free(struct page *head, void *object);
KMEMCG_DEFINE_ORIG(allocate_slab, kmemcg_allocate_slab);
KMEMCG_DEFINE_ORIG(free_slab, kmemcg_free_slab);
KMEMCG_DEFINE_ORIG(large_alloc, kmemcg_large_alloc);
KMEMCG_DEFINE_ORIG(large_free, kmemcg_large_free);

static KMEMCG_ALLOCATE_SLAB_PROTO(kmemcg_allocate_slab)
{
	struct kmemcg_charge ch;
	struct folio *folio;
	struct slab *slab = NULL;

	kmemcg_hook_enter(&kmemcg_slab_hooks[HOOK_ALLOCATE_SLAB]);
	if (!kmemcg_policy_tracks(kmemcg_policy, KMEMCG_VIEW_PAGE)) {
		/* Object granularity: its objects are charged, not it. */
		slab = KMEMCG_ALLOCATE_SLAB_CALL(KMEMCG_CALL_ORIG(allocate_slab));
		goto out;
	}
	if (!kmemcg_charge_begin(&ch, s, flags, kmemcg_cache_max_pages(s),
				 KMEMCG_KIND_SLAB))
		goto out;
	slab = KMEMCG_ALLOCATE_SLAB_CALL(KMEMCG_CALL_ORIG(allocate_slab));
	folio = (struct folio *)slab;
	kmemcg_charge_end(&ch, slab ? folio_pfn(folio) : 0,
			  slab ? folio_nr_pages(folio) : 0, KMEMCG_KIND_SLAB);
out:
	kmemcg_hook_exit();
	return slab;
}

static KMEMCG_FREE_SLAB_PROTO(kmemcg_free_slab)
{
	struct folio *folio = (struct folio *)slab;

	kmemcg_hook_enter(&kmemcg_slab_hooks[HOOK_FREE_SLAB]);
	kmemcg_uncharge_folio(folio_pfn(folio), folio_nr_pages(folio));
	KMEMCG_FREE_SLAB_CALL(KMEMCG_CALL_ORIG(free_slab));
	kmemcg_hook_exit();
}

static void *kmemcg_large_alloc(size_t size, gfp_t flags, int node)
{
	struct kmemcg_charge ch;
	unsigned long nr = 1UL << get_order(size);
	void *ptr = NULL;

	kmemcg_hook_enter(&kmemcg_slab_hooks[HOOK_LARGE_ALLOC]);
	if (!kmemcg_charge_begin(&ch, NULL, flags, nr, KMEMCG_KIND_LARGE))
		goto out;
	ptr = KMEMCG_CALL_ORIG(large_alloc)(size, flags, node);
	kmemcg_charge_end(&ch, ptr ? page_to_pfn(virt_to_page(ptr)) : 0, nr,
			  KMEMCG_KIND_LARGE);
out:
	kmemcg_hook_exit();
	return ptr;
}

/*
 * free_large_kmalloc(folio, object) on 6.1 and 6.12, (page, object) on 7.x
 * (mm/slub.c; mm/slab_common.c on 6.1): a folio is its head page
 * (include/linux/mm_types.h, FOLIO_MATCH), so one pointer type serves
 * every line.  The folio is still whole here: its order is read before
 * the original frees it.
 */
static void kmemcg_large_free(struct page *head, void *object)
{
	kmemcg_hook_enter(&kmemcg_slab_hooks[HOOK_LARGE_FREE]);
	kmemcg_uncharge_large(page_to_pfn(head), folio_nr_pages((struct folio *)head));
	KMEMCG_CALL_ORIG(large_free)(head, object);
	kmemcg_hook_exit();
}

static struct kmemcg_hook kmemcg_slab_hooks[] = {
	[HOOK_ALLOCATE_SLAB] = KMEMCG_HOOK(allocate_slab, kmemcg_allocate_slab,
					   KMEMCG_ALLOCATE_SLAB_NARGS, "allocate_slab"),
	[HOOK_FREE_SLAB] = KMEMCG_HOOK(free_slab, kmemcg_free_slab,
				       KMEMCG_FREE_SLAB_NARGS, "__free_slab"),
	[HOOK_LARGE_ALLOC] = KMEMCG_HOOK(large_alloc, kmemcg_large_alloc, 3,
					 "___kmalloc_large_node", "__kmalloc_large_node"),
	[HOOK_LARGE_FREE] = KMEMCG_HOOK(large_free, kmemcg_large_free, 2,
					"free_large_kmalloc"),
};

struct kmemcg_hook_set kmemcg_slab_hook_set = {
	.hooks = kmemcg_slab_hooks,
	.n = ARRAY_SIZE(kmemcg_slab_hooks),
};
