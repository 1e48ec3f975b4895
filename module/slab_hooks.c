// SPDX-License-Identifier: GPL-2.0
/*
 * Hooks on SLUB's page paths: a slab's folio is allocated in allocate_slab()
 * and freed in __free_slab() (directly, or from an RCU callback for
 * SLAB_TYPESAFE_BY_RCU caches); a large kmalloc (above the biggest kmalloc
 * cache) takes its folio in __kmalloc_large_node() (6.1) or
 * ___kmalloc_large_node() (6.12), every large-kmalloc entry point funnels
 * through it.  All are static functions that ftrace can hook
 * (available_filter_functions).  Large-kmalloc folios are uncharged when
 * the page allocator frees them (page_free.c), because their free
 * function, free_large_kmalloc(), is inlined into kfree().
 *
 * struct slab is private to mm/, but it overlays struct folio by design
 * (mm/slab.h asserts the layout), so a slab pointer is read as its folio.
 *
 * Locking: none of our own; see charge.c.  The wrappers run in whatever
 * context the kernel calls these functions (any, including softirq for
 * RCU-freed slabs) and hold nothing across the call to the original.
 */
#include <linux/mm.h>
#include "charge.h"
#include "hook.h"
#include "kmemcg.h"

static unsigned long orig_allocate_slab, orig_free_slab;
static unsigned long orig_large_alloc;

enum { HOOK_ALLOCATE_SLAB, HOOK_FREE_SLAB, HOOK_LARGE_ALLOC };
static struct kmemcg_hook kmemcg_slab_hooks[];

static struct slab *kmemcg_allocate_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct slab *(*orig)(struct kmem_cache *s, gfp_t flags, int node) =
		(void *)orig_allocate_slab;
	struct kmemcg_charge ch;
	struct folio *folio;
	struct slab *slab = NULL;

	kmemcg_hook_enter(&kmemcg_slab_hooks[HOOK_ALLOCATE_SLAB]);
	if (!kmemcg_charge_begin(&ch, flags, kmemcg_cache_max_pages(s),
				 KMEMCG_KIND_SLAB))
		goto out;
	slab = orig(s, flags, node);
	folio = (struct folio *)slab;
	kmemcg_charge_end(&ch, slab ? folio_pfn(folio) : 0,
			  slab ? folio_nr_pages(folio) : 0, KMEMCG_KIND_SLAB);
out:
	kmemcg_hook_exit();
	return slab;
}

static void kmemcg_free_slab(struct kmem_cache *s, struct slab *slab)
{
	void (*orig)(struct kmem_cache *s, struct slab *slab) = (void *)orig_free_slab;
	struct folio *folio = (struct folio *)slab;

	kmemcg_hook_enter(&kmemcg_slab_hooks[HOOK_FREE_SLAB]);
	kmemcg_uncharge_folio(folio_pfn(folio), folio_nr_pages(folio));
	orig(s, slab);
	kmemcg_hook_exit();
}

static void *kmemcg_large_alloc(size_t size, gfp_t flags, int node)
{
	void *(*orig)(size_t size, gfp_t flags, int node) = (void *)orig_large_alloc;
	struct kmemcg_charge ch;
	unsigned long nr = 1UL << get_order(size);
	void *ptr = NULL;

	kmemcg_hook_enter(&kmemcg_slab_hooks[HOOK_LARGE_ALLOC]);
	if (!kmemcg_charge_begin(&ch, flags, nr, KMEMCG_KIND_LARGE))
		goto out;
	ptr = orig(size, flags, node);
	kmemcg_charge_end(&ch, ptr ? page_to_pfn(virt_to_page(ptr)) : 0, nr,
			  KMEMCG_KIND_LARGE);
out:
	kmemcg_hook_exit();
	return ptr;
}

static struct kmemcg_hook kmemcg_slab_hooks[] = {
	[HOOK_ALLOCATE_SLAB] = {
		.names = { "allocate_slab" },
		.wrapper = kmemcg_allocate_slab, .orig = &orig_allocate_slab,
	},
	[HOOK_FREE_SLAB] = {
		.names = { "__free_slab" },
		.wrapper = kmemcg_free_slab, .orig = &orig_free_slab,
	},
	[HOOK_LARGE_ALLOC] = {
		.names = { "___kmalloc_large_node", "__kmalloc_large_node" },
		.wrapper = kmemcg_large_alloc, .orig = &orig_large_alloc,
	},
};

struct kmemcg_hook_set kmemcg_slab_hook_set = {
	.hooks = kmemcg_slab_hooks,
	.n = ARRAY_SIZE(kmemcg_slab_hooks),
};
