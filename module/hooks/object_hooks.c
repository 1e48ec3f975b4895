// SPDX-License-Identifier: GPL-2.0
/*
 * Hooks on the slab allocator's object entry points, installed only under
 * object and shadow granularity (main.c): under page granularity the
 * object fast path runs exactly as without the module.
 *
 * Every way a kernel line hands out a slab object or takes one back goes
 * through one of these (checked against Debian's 6.1, 6.12 and 7.3 trees;
 * tests/vm/45-objects.t exercises each):
 *  - allocation: kmem_cache_alloc(), _lru(), _node(); kmalloc of a known
 *    cache (6.1: __kmem_cache_alloc_node(), which every kmalloc reaches;
 *    6.10+: __kmalloc_cache_noprof(), _node()) and of a size (6.10+:
 *    __kmalloc_noprof(), _node(), _node_track_caller(), which krealloc()
 *    uses for an object that moves); bulk allocation; 7.x also
 *    kmem_cache_alloc_from_sheaf(), kmalloc_nolock() (any context, NMI
 *    included), kvmalloc (which reaches the slab inline) and
 *    __kmalloc_flags_noprof() (mm/'s own; optional: it may be inlined);
 *  - free: kmem_cache_free(), kfree() (6.1: __kmem_cache_free()), bulk
 *    free (kfree_bulk(), which kfree_rcu() batches into, included); 7.x
 *    also kfree_nolock() and __kfree_rcu_sheaf(), where kfree_rcu() puts
 *    objects that the sheaf later frees without any entry point.
 * krealloc() that keeps the object needs nothing: its owner stays.  Large
 * kmallocs go on being charged by pages (slab_hooks.c): the commit skips
 * anything that is not a slab object.
 *
 * A wrapper charges before calling the original, so a refusal returns
 * NULL like a failed allocation, and commits what the original returned
 * (object_charge.c).  A free wrapper uncharges before the original, which
 * may hand the object to another CPU at once.
 *
 * ftrace enables the hooks one call site after another: an object
 * recorded while its free entry point is not hooked yet would be freed
 * unseen.  So allocations are only charged once every hook is in
 * (kmemcg_objects_arm(), after install); frees are always looked at.
 *
 * Locking: none of our own; see object_charge.c.  The wrappers run in the
 * context of the allocation (any, NMI included for kmalloc_nolock()),
 * never sleep, never allocate, and hold nothing across the original but
 * __kfree_rcu_sheaf()'s RCU read-side section (see there).
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include "hook.h"
#include "kmemcg.h"
#include "object.h"

enum {
	OH_CACHE_ALLOC, OH_CACHE_ALLOC_LRU, OH_CACHE_ALLOC_NODE,
	OH_BULK_ALLOC, OH_CACHE_FREE, OH_BULK_FREE,
#ifdef HAVE_KMALLOC_CACHE_NOPROF
	OH_KMALLOC_CACHE, OH_KMALLOC_CACHE_NODE, OH_KMALLOC, OH_KMALLOC_NODE,
	OH_KMALLOC_TRACK_CALLER, OH_KFREE,
#else
	OH_KMEM_CACHE_ALLOC_NODE, OH_KMEM_CACHE_FREE,
#endif
#ifdef HAVE_SLAB_SHEAF
	OH_ALLOC_FROM_SHEAF, OH_KFREE_RCU_SHEAF,
#endif
#ifdef HAVE_KMALLOC_NOLOCK
	OH_KMALLOC_NOLOCK, OH_KMALLOC_FLAGS, OH_KFREE_NOLOCK,
#endif
#ifdef HAVE_KVMALLOC_ALIGN
	OH_KVMALLOC,
#endif
	OH_NR
};

static struct kmemcg_hook kmemcg_object_hooks[];

static bool kmemcg_objects_armed;

/**
 * kmemcg_objects_arm - start charging objects
 *
 * Process context, once kmemcg_hooks_install() of the object hooks has
 * returned: every entry point, free ones included, is hooked by then.
 */
void kmemcg_objects_arm(void)
{
	WRITE_ONCE(kmemcg_objects_armed, true);
}

/*
 * Every allocation wrapper: begin charges @bytes for at most @nr objects
 * (0 bytes: not a slab allocation, nothing charged) and returns false to
 * refuse the allocation; the wrapper then calls the original, commits
 * each object it returned and ends.
 */
static __always_inline bool kmemcg_obj_begin(struct kmemcg_obj_charge *oc, int hook,
					     const struct kmem_cache *s, gfp_t gfp,
					     unsigned long bytes, unsigned int nr)
{
	kmemcg_hook_enter(&kmemcg_object_hooks[hook]);
	oc->owner = NULL;
	if (!bytes || !READ_ONCE(kmemcg_objects_armed))
		return true;
	if (kmemcg_obj_charge_begin(oc, s, gfp, bytes, nr))
		return true;
	kmemcg_hook_exit();
	return false;
}

static __always_inline void kmemcg_obj_end(struct kmemcg_obj_charge *oc)
{
	if (oc->owner)
		kmemcg_obj_charge_end(oc);
	kmemcg_hook_exit();
}

/* One object: commit it, end, and hand it on. */
static __always_inline void *kmemcg_obj_end_one(struct kmemcg_obj_charge *oc, void *obj)
{
	if (oc->owner)
		kmemcg_obj_charge_commit(oc, obj);
	kmemcg_obj_end(oc);
	return obj;
}

static void *kmemcg_cache_alloc(struct kmem_cache *s, gfp_t gfp);
static void *kmemcg_cache_alloc_lru(struct kmem_cache *s, struct list_lru *lru, gfp_t gfp);
static void *kmemcg_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node);
static KMEMCG_BULK_RET kmemcg_bulk_alloc(struct kmem_cache *s, gfp_t gfp, size_t size,
					 void **p);
static void kmemcg_cache_free(struct kmem_cache *s, void *x);
static void kmemcg_bulk_free(struct kmem_cache *s, size_t size, void **p);
KMEMCG_DEFINE_ORIG(cache_alloc, kmemcg_cache_alloc);
KMEMCG_DEFINE_ORIG(cache_alloc_lru, kmemcg_cache_alloc_lru);
KMEMCG_DEFINE_ORIG(cache_alloc_node, kmemcg_cache_alloc_node);
KMEMCG_DEFINE_ORIG(bulk_alloc, kmemcg_bulk_alloc);
KMEMCG_DEFINE_ORIG(cache_free, kmemcg_cache_free);
KMEMCG_DEFINE_ORIG(bulk_free, kmemcg_bulk_free);

static void *kmemcg_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	struct kmemcg_obj_charge oc;

	if (!kmemcg_obj_begin(&oc, OH_CACHE_ALLOC, s, gfp, kmemcg_cache_size(s), 1))
		return NULL;
	return kmemcg_obj_end_one(&oc, KMEMCG_CALL_ORIG(cache_alloc)(s, gfp));
}

static void *kmemcg_cache_alloc_lru(struct kmem_cache *s, struct list_lru *lru, gfp_t gfp)
{
	struct kmemcg_obj_charge oc;

	if (!kmemcg_obj_begin(&oc, OH_CACHE_ALLOC_LRU, s, gfp, kmemcg_cache_size(s), 1))
		return NULL;
	return kmemcg_obj_end_one(&oc, KMEMCG_CALL_ORIG(cache_alloc_lru)(s, lru, gfp));
}

static void *kmemcg_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node)
{
	struct kmemcg_obj_charge oc;

	if (!kmemcg_obj_begin(&oc, OH_CACHE_ALLOC_NODE, s, gfp, kmemcg_cache_size(s), 1))
		return NULL;
	return kmemcg_obj_end_one(&oc, KMEMCG_CALL_ORIG(cache_alloc_node)(s, gfp, node));
}

/* The whole request is charged; what was not allocated is given back. */
static KMEMCG_BULK_RET kmemcg_bulk_alloc(struct kmem_cache *s, gfp_t gfp, size_t size,
					 void **p)
{
	struct kmemcg_obj_charge oc;
	KMEMCG_BULK_RET ret;
	size_t i, n;

	if (!kmemcg_obj_begin(&oc, OH_BULK_ALLOC, s, gfp,
			      size <= UINT_MAX ? size * kmemcg_cache_size(s) : 0, size))
		return 0;
	ret = KMEMCG_CALL_ORIG(bulk_alloc)(s, gfp, size, p);
	n = KMEMCG_BULK_ALLOCATED(ret, size);
	for (i = 0; oc.owner && i < n; i++)
		kmemcg_obj_charge_commit(&oc, p[i]);
	kmemcg_obj_end(&oc);
	return ret;
}

static void kmemcg_cache_free(struct kmem_cache *s, void *x)
{
	kmemcg_hook_enter(&kmemcg_object_hooks[OH_CACHE_FREE]);
	kmemcg_obj_uncharge(x);
	KMEMCG_CALL_ORIG(cache_free)(s, x);
	kmemcg_hook_exit();
}

/* kfree_bulk() too (s == NULL): each object's slab names its cache. */
static void kmemcg_bulk_free(struct kmem_cache *s, size_t size, void **p)
{
	size_t i;

	kmemcg_hook_enter(&kmemcg_object_hooks[OH_BULK_FREE]);
	for (i = 0; i < size; i++)
		kmemcg_obj_uncharge(p[i]);
	KMEMCG_CALL_ORIG(bulk_free)(s, size, p);
	kmemcg_hook_exit();
}

#ifdef HAVE_KMALLOC_CACHE_NOPROF
static void *kmemcg_kmalloc_cache(struct kmem_cache *s, gfp_t gfp, size_t size);
static void *kmemcg_kmalloc_cache_node(struct kmem_cache *s, gfp_t gfp, int node, size_t size);
static void *kmemcg_kmalloc(KMEMCG_TOKEN_PARAMS, gfp_t gfp);
static void *kmemcg_kmalloc_node(KMEMCG_KMALLOC_PARAMS, gfp_t gfp, int node);
static void *kmemcg_kmalloc_track_caller(KMEMCG_KMALLOC_PARAMS, gfp_t gfp, int node,
					 unsigned long caller);
static void kmemcg_kfree(const void *x);
KMEMCG_DEFINE_ORIG(kmalloc_cache, kmemcg_kmalloc_cache);
KMEMCG_DEFINE_ORIG(kmalloc_cache_node, kmemcg_kmalloc_cache_node);
KMEMCG_DEFINE_ORIG(kmalloc, kmemcg_kmalloc);
KMEMCG_DEFINE_ORIG(kmalloc_node, kmemcg_kmalloc_node);
KMEMCG_DEFINE_ORIG(kmalloc_track_caller, kmemcg_kmalloc_track_caller);
KMEMCG_DEFINE_ORIG(kfree, kmemcg_kfree);

static void *kmemcg_kmalloc_cache(struct kmem_cache *s, gfp_t gfp, size_t size)
{
	struct kmemcg_obj_charge oc;

	if (!kmemcg_obj_begin(&oc, OH_KMALLOC_CACHE, s, gfp, kmemcg_cache_size(s), 1))
		return NULL;
	return kmemcg_obj_end_one(&oc, KMEMCG_CALL_ORIG(kmalloc_cache)(s, gfp, size));
}

static void *kmemcg_kmalloc_cache_node(struct kmem_cache *s, gfp_t gfp, int node, size_t size)
{
	struct kmemcg_obj_charge oc;

	if (!kmemcg_obj_begin(&oc, OH_KMALLOC_CACHE_NODE, s, gfp, kmemcg_cache_size(s), 1))
		return NULL;
	return kmemcg_obj_end_one(&oc, KMEMCG_CALL_ORIG(kmalloc_cache_node)(s, gfp, node, size));
}

static void *kmemcg_kmalloc(KMEMCG_TOKEN_PARAMS, gfp_t gfp)
{
	struct kmemcg_obj_charge oc;

	if (!kmemcg_obj_begin(&oc, OH_KMALLOC, NULL, gfp, kmemcg_kmalloc_estimate(size), 1))
		return NULL;
	return kmemcg_obj_end_one(&oc, KMEMCG_CALL_ORIG(kmalloc)(KMEMCG_TOKEN_ARGS, gfp));
}

static void *kmemcg_kmalloc_node(KMEMCG_KMALLOC_PARAMS, gfp_t gfp, int node)
{
	struct kmemcg_obj_charge oc;
	void *obj;

	if (!kmemcg_obj_begin(&oc, OH_KMALLOC_NODE, NULL, gfp, kmemcg_kmalloc_estimate(size), 1))
		return NULL;
	obj = KMEMCG_CALL_ORIG(kmalloc_node)(KMEMCG_KMALLOC_ARGS, gfp, node);
	return kmemcg_obj_end_one(&oc, obj);
}

static void *kmemcg_kmalloc_track_caller(KMEMCG_KMALLOC_PARAMS, gfp_t gfp, int node,
					 unsigned long caller)
{
	struct kmemcg_obj_charge oc;
	void *obj;

	if (!kmemcg_obj_begin(&oc, OH_KMALLOC_TRACK_CALLER, NULL, gfp,
			      kmemcg_kmalloc_estimate(size), 1))
		return NULL;
	obj = KMEMCG_CALL_ORIG(kmalloc_track_caller)(KMEMCG_KMALLOC_ARGS, gfp, node, caller);
	return kmemcg_obj_end_one(&oc, obj);
}

static void kmemcg_kfree(const void *x)
{
	kmemcg_hook_enter(&kmemcg_object_hooks[OH_KFREE]);
	kmemcg_obj_uncharge(x);
	KMEMCG_CALL_ORIG(kfree)(x);
	kmemcg_hook_exit();
}
#else
/* 6.1: every kmalloc of a slab size reaches these, with its cache. */
static void *kmemcg_kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node,
					  size_t orig_size, unsigned long caller);
static void kmemcg_kmem_cache_free(struct kmem_cache *s, void *x, unsigned long caller);
KMEMCG_DEFINE_ORIG(kmem_cache_alloc_node, kmemcg_kmem_cache_alloc_node);
KMEMCG_DEFINE_ORIG(kmem_cache_free, kmemcg_kmem_cache_free);

static void *kmemcg_kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node,
					  size_t orig_size, unsigned long caller)
{
	struct kmemcg_obj_charge oc;
	void *obj;

	if (!kmemcg_obj_begin(&oc, OH_KMEM_CACHE_ALLOC_NODE, s, gfp, kmemcg_cache_size(s), 1))
		return NULL;
	obj = KMEMCG_CALL_ORIG(kmem_cache_alloc_node)(s, gfp, node, orig_size, caller);
	return kmemcg_obj_end_one(&oc, obj);
}

static void kmemcg_kmem_cache_free(struct kmem_cache *s, void *x, unsigned long caller)
{
	kmemcg_hook_enter(&kmemcg_object_hooks[OH_KMEM_CACHE_FREE]);
	kmemcg_obj_uncharge(x);
	KMEMCG_CALL_ORIG(kmem_cache_free)(s, x, caller);
	kmemcg_hook_exit();
}
#endif

#ifdef HAVE_SLAB_SHEAF
static void *kmemcg_alloc_from_sheaf(struct kmem_cache *s, gfp_t gfp,
				     struct slab_sheaf *sheaf);
static bool kmemcg_kfree_rcu_sheaf(struct kmem_cache *s, void *obj, unsigned int free_flags);
KMEMCG_DEFINE_ORIG(alloc_from_sheaf, kmemcg_alloc_from_sheaf);
KMEMCG_DEFINE_ORIG(kfree_rcu_sheaf, kmemcg_kfree_rcu_sheaf);

/*
 * The sheaf was filled from slabs without a hook: charged as handed out.
 * A prefilled sheaf must not fail (the maple tree relies on it; the kernel
 * forces its own memcg charge here, mm/slub.c), so neither does the charge.
 */
static void *kmemcg_alloc_from_sheaf(struct kmem_cache *s, gfp_t gfp,
				     struct slab_sheaf *sheaf)
{
	struct kmemcg_obj_charge oc;

	if (!kmemcg_obj_begin(&oc, OH_ALLOC_FROM_SHEAF, s, gfp | __GFP_NOFAIL,
			      kmemcg_cache_size(s), 1))
		return NULL;
	return kmemcg_obj_end_one(&oc, KMEMCG_CALL_ORIG(alloc_from_sheaf)(s, gfp, sheaf));
}

/*
 * kfree_rcu() through a sheaf: the object is freed after a grace period,
 * by no entry point, and only if this returns true (otherwise the caller
 * queues it the usual way, which ends in kfree()).  So the object is
 * uncharged after the original returns true, inside an RCU read-side
 * section begun before it: the grace period cannot end, and the object
 * cannot be allocated again, before its slot is cleared.  The original
 * never sleeps (it may be called with a raw spinlock held).
 */
static bool kmemcg_kfree_rcu_sheaf(struct kmem_cache *s, void *obj, unsigned int free_flags)
{
	bool ret;

	kmemcg_hook_enter(&kmemcg_object_hooks[OH_KFREE_RCU_SHEAF]);
	rcu_read_lock();
	ret = KMEMCG_CALL_ORIG(kfree_rcu_sheaf)(s, obj, free_flags);
	if (ret)
		kmemcg_obj_uncharge(obj);
	rcu_read_unlock();
	kmemcg_hook_exit();
	return ret;
}
#endif

#ifdef HAVE_KMALLOC_NOLOCK
static void *kmemcg_kmalloc_nolock(KMEMCG_TOKEN_PARAMS, gfp_t gfp, int node);
static void *kmemcg_kmalloc_flags(KMEMCG_TOKEN_PARAMS, gfp_t gfp, unsigned int alloc_flags,
				  int node);
static void kmemcg_kfree_nolock(const void *x);
KMEMCG_DEFINE_ORIG(kmalloc_nolock, kmemcg_kmalloc_nolock);
KMEMCG_DEFINE_ORIG(kmalloc_flags, kmemcg_kmalloc_flags);
KMEMCG_DEFINE_ORIG(kfree_nolock, kmemcg_kfree_nolock);

static void *kmemcg_kmalloc_nolock(KMEMCG_TOKEN_PARAMS, gfp_t gfp, int node)
{
	struct kmemcg_obj_charge oc;
	void *obj;

	if (!kmemcg_obj_begin(&oc, OH_KMALLOC_NOLOCK, NULL, gfp, kmemcg_kmalloc_estimate(size), 1))
		return NULL;
	obj = KMEMCG_CALL_ORIG(kmalloc_nolock)(KMEMCG_TOKEN_ARGS, gfp, node);
	return kmemcg_obj_end_one(&oc, obj);
}

static void *kmemcg_kmalloc_flags(KMEMCG_TOKEN_PARAMS, gfp_t gfp, unsigned int alloc_flags,
				  int node)
{
	struct kmemcg_obj_charge oc;
	void *obj;

	if (!kmemcg_obj_begin(&oc, OH_KMALLOC_FLAGS, NULL, gfp, kmemcg_kmalloc_estimate(size), 1))
		return NULL;
	obj = KMEMCG_CALL_ORIG(kmalloc_flags)(KMEMCG_TOKEN_ARGS, gfp, alloc_flags, node);
	return kmemcg_obj_end_one(&oc, obj);
}

static void kmemcg_kfree_nolock(const void *x)
{
	kmemcg_hook_enter(&kmemcg_object_hooks[OH_KFREE_NOLOCK]);
	kmemcg_obj_uncharge(x);
	KMEMCG_CALL_ORIG(kfree_nolock)(x);
	kmemcg_hook_exit();
}
#endif

#ifdef HAVE_KVMALLOC_ALIGN
static void *kmemcg_kvmalloc(KMEMCG_KMALLOC_PARAMS, unsigned long align, gfp_t gfp, int node);
KMEMCG_DEFINE_ORIG(kvmalloc, kmemcg_kvmalloc);

/* A vmalloc fallback is not a slab object: the commit leaves it out. */
static void *kmemcg_kvmalloc(KMEMCG_KMALLOC_PARAMS, unsigned long align, gfp_t gfp, int node)
{
	struct kmemcg_obj_charge oc;
	void *obj;

	if (!kmemcg_obj_begin(&oc, OH_KVMALLOC, NULL, gfp, kmemcg_kmalloc_estimate(size), 1))
		return NULL;
	obj = KMEMCG_CALL_ORIG(kvmalloc)(KMEMCG_KMALLOC_ARGS, align, gfp, node);
	return kmemcg_obj_end_one(&oc, obj);
}
#endif

static struct kmemcg_hook kmemcg_object_hooks[] = {
	[OH_CACHE_ALLOC] = KMEMCG_HOOK(cache_alloc, kmemcg_cache_alloc, 2,
				       "kmem_cache_alloc_noprof", "kmem_cache_alloc"),
	[OH_CACHE_ALLOC_LRU] = KMEMCG_HOOK(cache_alloc_lru, kmemcg_cache_alloc_lru, 3,
					   "kmem_cache_alloc_lru_noprof", "kmem_cache_alloc_lru"),
	[OH_CACHE_ALLOC_NODE] = KMEMCG_HOOK(cache_alloc_node, kmemcg_cache_alloc_node, 3,
					    "kmem_cache_alloc_node_noprof",
					    "kmem_cache_alloc_node"),
	[OH_BULK_ALLOC] = KMEMCG_HOOK(bulk_alloc, kmemcg_bulk_alloc, 4,
				      "kmem_cache_alloc_bulk_noprof", "kmem_cache_alloc_bulk"),
	[OH_CACHE_FREE] = KMEMCG_HOOK(cache_free, kmemcg_cache_free, 2, "kmem_cache_free"),
	[OH_BULK_FREE] = KMEMCG_HOOK(bulk_free, kmemcg_bulk_free, 3, "kmem_cache_free_bulk"),
#ifdef HAVE_KMALLOC_CACHE_NOPROF
	[OH_KMALLOC_CACHE] = KMEMCG_HOOK(kmalloc_cache, kmemcg_kmalloc_cache, 3,
					 "__kmalloc_cache_noprof"),
	[OH_KMALLOC_CACHE_NODE] = KMEMCG_HOOK(kmalloc_cache_node, kmemcg_kmalloc_cache_node, 4,
					      "__kmalloc_cache_node_noprof"),
	[OH_KMALLOC] = KMEMCG_HOOK(kmalloc, kmemcg_kmalloc, 2 + KMEMCG_TOKEN_NARGS,
				   "__kmalloc_noprof"),
	[OH_KMALLOC_NODE] = KMEMCG_HOOK(kmalloc_node, kmemcg_kmalloc_node,
					KMEMCG_KMALLOC_NARGS + 2, "__kmalloc_node_noprof"),
	[OH_KMALLOC_TRACK_CALLER] = KMEMCG_HOOK(kmalloc_track_caller,
						kmemcg_kmalloc_track_caller,
						KMEMCG_KMALLOC_NARGS + 3,
						"__kmalloc_node_track_caller_noprof"),
	[OH_KFREE] = KMEMCG_HOOK(kfree, kmemcg_kfree, 1, "kfree"),
#else
	[OH_KMEM_CACHE_ALLOC_NODE] = KMEMCG_HOOK(kmem_cache_alloc_node,
						 kmemcg_kmem_cache_alloc_node, 5,
						 "__kmem_cache_alloc_node"),
	[OH_KMEM_CACHE_FREE] = KMEMCG_HOOK(kmem_cache_free, kmemcg_kmem_cache_free, 3,
					   "__kmem_cache_free"),
#endif
#ifdef HAVE_SLAB_SHEAF
	[OH_ALLOC_FROM_SHEAF] = KMEMCG_HOOK(alloc_from_sheaf, kmemcg_alloc_from_sheaf, 3,
					    "kmem_cache_alloc_from_sheaf_noprof"),
	[OH_KFREE_RCU_SHEAF] = KMEMCG_HOOK(kfree_rcu_sheaf, kmemcg_kfree_rcu_sheaf, 3,
					   "__kfree_rcu_sheaf"),
#endif
#ifdef HAVE_KMALLOC_NOLOCK
	[OH_KMALLOC_NOLOCK] = KMEMCG_HOOK(kmalloc_nolock, kmemcg_kmalloc_nolock,
					  3 + KMEMCG_TOKEN_NARGS, "_kmalloc_nolock_noprof"),
	[OH_KMALLOC_FLAGS] = KMEMCG_HOOK_OPTIONAL(kmalloc_flags, kmemcg_kmalloc_flags,
						  4 + KMEMCG_TOKEN_NARGS,
						  "__kmalloc_flags_noprof"),
	[OH_KFREE_NOLOCK] = KMEMCG_HOOK(kfree_nolock, kmemcg_kfree_nolock, 1, "kfree_nolock"),
#endif
#ifdef HAVE_KVMALLOC_ALIGN
	[OH_KVMALLOC] = KMEMCG_HOOK(kvmalloc, kmemcg_kvmalloc, KMEMCG_KMALLOC_NARGS + 3,
				    "__kvmalloc_node_noprof"),
#endif
};

static_assert(ARRAY_SIZE(kmemcg_object_hooks) == OH_NR);

struct kmemcg_hook_set kmemcg_object_hook_set = {
	.hooks = kmemcg_object_hooks,
	.n = ARRAY_SIZE(kmemcg_object_hooks),
};
