// SPDX-License-Identifier: GPL-2.0
/*
 * Charging objects (object and shadow granularity), as upstream memcg has
 * since 5.9 (mm/memcontrol.c, __memcg_slab_post_alloc_hook() and
 * __memcg_slab_free_hook()), but from hooks on the allocator's entry
 * points (hooks/object_hooks.c) and with owners in the module's own side
 * table (object_table.c) instead of the kernel's slab->obj_exts.
 *
 * An allocation is charged before the original runs, so a refusal fails
 * it (the hook returns NULL), like the page path: begin charges what the
 * request will take at most (bulk: every object; kmalloc: an estimate of
 * the size class).  Each object the original returns is then committed:
 * its owner id goes into its slot of its slab's vector (made by the first
 * commit in a slab), and the charge is corrected to its slot size.  End
 * gives back what was not committed.  A free uncharges the owner recorded
 * in the object's slot, whoever frees it and in whatever context.
 *
 * Objects are charged at their slot size (s->size: the object, its
 * metadata and alignment), the memory they take from a slab, where the
 * kernel charges s->size plus its 8-byte obj_cgroup pointer.
 *
 * Locking: none.  A slot is written with xchg(): set by the commit of the
 * allocation that returned the object, cleared by the free hook before
 * the object is given back to the allocator (so before it can be
 * allocated again).  Global figures are per-CPU counters.  Any context,
 * NMI included; nothing here sleeps or allocates.
 */
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "kmemcg/policy.h"
#include "charge.h"
#include "group.h"
#include "kmemcg.h"
#include "object.h"

/* Global object figures: objects recorded and their bytes. */
static DEFINE_PER_CPU(long, kmemcg_obj_count);
static DEFINE_PER_CPU(long, kmemcg_obj_bytes);
static DEFINE_PER_CPU(long, kmemcg_obj_unattributed);

/**
 * kmemcg_kmalloc_estimate - bytes to charge ahead for a kmalloc of @size
 * @size: the size asked of kmalloc(), bytes
 *
 * An upper bound of the slot the kmalloc caches give @size: the next power
 * of two, from 8 (KMALLOC_MIN_SIZE on x86_64), as kmalloc_index() in
 * include/linux/slab.h picks a cache; the 96 and 192 byte caches are
 * smaller than the bound.  The charge is settled to the real slot size
 * once the object is known (a short estimate, with a debug slot size, is
 * forced up).
 *
 * Context: any; pure arithmetic.
 * Return: the estimate in bytes; 0 for @size 0 or above
 * KMALLOC_MAX_CACHE_SIZE, whose kmalloc takes pages from the page
 * allocator, not an object (mm/slub.c, ___kmalloc_large_node()).
 */
unsigned long kmemcg_kmalloc_estimate(size_t size)
{
	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return 0;
	return roundup_pow_of_two(max_t(size_t, size, 8));
}

/**
 * kmemcg_obj_charge_begin - charge objects before they are allocated
 * @oc: the charge in flight, filled in
 * @s: the cache, NULL for a kmalloc of a size (its cache is chosen inside
 *     the allocation)
 * @gfp: the allocation's flags
 * @bytes: what the objects will take at most, bytes
 * @nr: how many objects at most
 *
 * Scope: a kmalloc of a size is in scope=kernel exactly when @gfp has
 * __GFP_ACCOUNT (that is what picks a kmalloc-cg-* cache); under
 * scope=list it is charged out of scope here and moved by the commit if
 * its cache, known by then, is listed (kmemcg_obj_rescope()).
 * Any context; sleeps (in reclaim) only where @gfp allows it, in a
 * preemptible task (kmemcg_charge_ctx_init()): the hooked entry points
 * (kmem_cache_alloc(), kmalloc(), ...) may sleep themselves then.
 * Return: true to go on with the allocation (charged, or forced past a
 * limit), false to fail it (refused, counted).
 */
bool kmemcg_obj_charge_begin(struct kmemcg_obj_charge *oc, const struct kmem_cache *s,
			     gfp_t gfp, unsigned long bytes, unsigned int nr)
{
	struct kmemcg_alloc_ctx ctx;
	bool ok;

	kmemcg_charge_ctx_init(&ctx, gfp);
	oc->unattributed = false;
	oc->gfp_account = gfp & __GFP_ACCOUNT;
	rcu_read_lock();
	oc->owner = kmemcg_charge_target(&ctx, s, gfp, &oc->unattributed);
	oc->scope_late = !s && ctx.scope == KMEMCG_SCOPE_LIST;
	ok = kmemcg_charge_group(oc->owner, 0, bytes, nr, gfp, &ctx);
	if (ok) {
		oc->left = bytes;
		oc->left_objs = nr;
	}
	rcu_read_unlock();
	return ok;
}

/*
 * The vector of the slab of @folio, made if it has none.  Any context,
 * inside rcu_read_lock(); @obj is allocated, so the slab stays.
 */
static struct kmemcg_objvec *kmemcg_obj_vector(struct folio *folio)
{
	unsigned long pfn = folio_pfn(folio);
	struct kmemcg_objvec *v;
	unsigned int inuse, objects;
	struct kmem_cache *s;
	u32 entry, handle;

	entry = kmemcg_owner_entry(pfn);
	if (likely(entry & KMEMCG_ENTRY_VEC))
		return kmemcg_objvec_get(entry & KMEMCG_ENTRY_HANDLE);

	s = kmemcg_slab_cache((struct slab *)folio);
	kmemcg_slab_counts((struct slab *)folio, &inuse, &objects);
	v = kmemcg_objvec_alloc(objects, kmemcg_cache_size(s), entry, &handle);
	if (!v)
		return NULL;
	if (kmemcg_owner_entry_replace(pfn, entry, KMEMCG_ENTRY_VEC | handle))
		return v;
	/* Another charge in this slab was first (or beyond the table). */
	kmemcg_objvec_free(v);
	entry = kmemcg_owner_entry(pfn);
	return entry & KMEMCG_ENTRY_VEC ? kmemcg_objvec_get(entry & KMEMCG_ENTRY_HANDLE) : NULL;
}

/* The slot of @obj in @v, or NULL if it lies outside. */
static u32 *kmemcg_obj_slot(struct kmemcg_objvec *v, struct folio *folio, const void *obj)
{
	unsigned long idx = ((unsigned long)obj - (unsigned long)folio_address(folio)) /
			    v->slot_size;

	return idx < v->nr_slots ? &v->slots[idx] : NULL;
}

/* Uncharge one object of @owner.  Inside rcu_read_lock(). */
static void kmemcg_obj_uncharge_owner(struct kmemcg_owner *owner, unsigned int slot_size)
{
	struct kmemcg_group *g = rcu_dereference(owner->group);

	kmemcg_uncharge_group(g, 0, slot_size);
	atomic_long_sub(slot_size, &g->stat.object_bytes);
	atomic_long_dec(&g->stat.objects);
	atomic_long_inc(&g->stat.object_uncharges);
	this_cpu_sub(kmemcg_obj_count, 1);
	this_cpu_sub(kmemcg_obj_bytes, slot_size);
	if (owner == kmemcg_unattributed_owner)
		this_cpu_sub(kmemcg_obj_unattributed, slot_size);
	kmemcg_owner_unpin(owner, 1);
}

/*
 * scope=list, a kmalloc of a size, begun out of scope: if the cache the
 * object came from is listed, the object goes to the owner it would have
 * had (under the policy now), its charge forced (the object exists: too late to refuse it, so
 * limits do not hold such objects back, they only count them).  The begin
 * owner's share stays in @oc for end to give back.  Inside
 * rcu_read_lock().  Return: the object's owner; *@unattributed set.
 */
static struct kmemcg_owner *kmemcg_obj_rescope(struct kmemcg_obj_charge *oc,
					       struct folio *folio, unsigned int slot_size,
					       bool *unattributed)
{
	struct kmemcg_alloc_ctx ctx = { };
	struct kmemcg_owner *owner;
	struct kmem_cache *s = kmemcg_slab_cache((struct slab *)folio);

	if (!s)
		return oc->owner;
	*unattributed = false;
	owner = kmemcg_charge_target(&ctx, s, 0, unattributed);
	if (owner == oc->owner) {
		*unattributed = oc->unattributed;
		return owner;	/* not listed: out of scope, as begun */
	}
	atomic_long_inc(&owner->pins);
	kmemcg_charge_group_force(rcu_dereference(owner->group), 0, slot_size);
	/* The begin owner's pin for it goes; its bytes stay in oc->left. */
	oc->left_objs--;
	kmemcg_owner_unpin(oc->owner, 1);
	return owner;
}

/**
 * kmemcg_obj_charge_commit - record one object the allocation returned
 * @oc: from kmemcg_obj_charge_begin() that returned true
 * @obj: the object (NULL, or not a slab object, is ignored)
 *
 * Any context.  An object no owner slot can be had for (the pool is
 * empty, or the page lies beyond the owner table) is not charged:
 * counted in object_record_failures, its charge given back by end.
 */
void kmemcg_obj_charge_commit(struct kmemcg_obj_charge *oc, const void *obj)
{
	struct kmemcg_owner *owner = oc->owner;
	bool unattributed = oc->unattributed;
	struct kmemcg_objvec *v;
	struct kmemcg_group *g;
	struct folio *folio;
	u32 *slot, old;

	if (ZERO_OR_NULL_PTR(obj) || is_vmalloc_addr(obj) || !oc->left_objs)
		return;
	folio = virt_to_folio(obj);
	if (!folio_test_slab(folio))
		return;		/* a large kmalloc: its page hook charged it */

	rcu_read_lock();
	v = kmemcg_obj_vector(folio);
	slot = v ? kmemcg_obj_slot(v, folio, obj) : NULL;
	if (!slot) {
		atomic_long_inc(&kmemcg_stat.object_record_failures);
		goto out;
	}
	if (unlikely(oc->scope_late))
		owner = kmemcg_obj_rescope(oc, folio, v->slot_size, &unattributed);
	old = xchg(slot, owner->id | (oc->gfp_account ? KMEMCG_SLOT_ACCOUNT : 0));
	if (unlikely(old)) {
		/* Its last free went through a path we do not hook. */
		struct kmemcg_owner *prev = kmemcg_owner_get_id(old & KMEMCG_SLOT_ID);

		atomic_long_inc(&kmemcg_stat.stale_objects);
		if (prev)
			kmemcg_obj_uncharge_owner(prev, v->slot_size);
	}
	g = rcu_dereference(owner->group);
	if (owner == oc->owner) {
		oc->left -= v->slot_size;
		oc->left_objs--;
		if (oc->left < 0) {
			/* The estimate was short (a debug slot size): force the rest. */
			kmemcg_charge_group_force(g, 0, -oc->left);
			oc->left = 0;
		}
	}
	atomic_long_add(v->slot_size, &g->stat.object_bytes);
	atomic_long_inc(&g->stat.objects);
	atomic_long_inc(&g->stat.object_charges);
	this_cpu_add(kmemcg_obj_count, 1);
	this_cpu_add(kmemcg_obj_bytes, v->slot_size);
	if (unattributed)
		this_cpu_add(kmemcg_obj_unattributed, v->slot_size);
out:
	rcu_read_unlock();
}

/**
 * kmemcg_obj_charge_end - give back what was charged and not committed
 * @oc: from kmemcg_obj_charge_begin() that returned true
 *
 * Any context.
 */
void kmemcg_obj_charge_end(struct kmemcg_obj_charge *oc)
{
	struct kmemcg_group *g;

	if (!oc->left && !oc->left_objs)
		return;
	rcu_read_lock();
	g = rcu_dereference(oc->owner->group);
	if (oc->left)
		kmemcg_uncharge_group(g, 0, oc->left);
	if (oc->left_objs)
		kmemcg_owner_unpin(oc->owner, oc->left_objs);
	rcu_read_unlock();
}

/**
 * kmemcg_obj_uncharge - an object is being freed: uncharge its owner
 * @obj: the object, or any address inside it
 *
 * Call before the object is given back to the allocator.  Any context.
 * NULL, large kmallocs (their page hook uncharges them) and objects the
 * side table does not hold (older than the module) are left alone; the
 * last are counted in object_untracked_frees.
 */
void kmemcg_obj_uncharge(const void *obj)
{
	struct kmemcg_owner *owner;
	struct kmemcg_objvec *v;
	struct folio *folio;
	u32 entry, *slot, id;

	if (unlikely(ZERO_OR_NULL_PTR(obj)))
		return;
	folio = virt_to_folio(obj);
	if (!folio_test_slab(folio))
		return;
	entry = kmemcg_owner_entry(folio_pfn(folio));
	if (!(entry & KMEMCG_ENTRY_VEC))
		goto untracked;
	rcu_read_lock();
	v = kmemcg_objvec_get(entry & KMEMCG_ENTRY_HANDLE);
	slot = kmemcg_obj_slot(v, folio, obj);
	id = slot ? xchg(slot, 0) & KMEMCG_SLOT_ID : 0;
	owner = id ? kmemcg_owner_get_id(id) : NULL;
	if (owner)
		kmemcg_obj_uncharge_owner(owner, v->slot_size);
	rcu_read_unlock();
	if (owner)
		return;
untracked:
	atomic_long_inc(&kmemcg_stat.object_untracked_frees);
}

/**
 * kmemcg_objvec_release - a slab with a vector is being freed
 * @v: its vector, already taken out of the owner table
 *
 * Every object should have been freed, its slot cleared; one still set was
 * freed through a path we do not hook: it is uncharged and counted as a
 * stale object.  Then the vector goes back to the pool.  Any context,
 * inside rcu_read_lock().
 */
void kmemcg_objvec_release(struct kmemcg_objvec *v)
{
	unsigned int i;

	for (i = 0; i < v->nr_slots; i++) {
		struct kmemcg_owner *owner;
		u32 id = READ_ONCE(v->slots[i]);

		if (likely(!id))
			continue;
		atomic_long_inc(&kmemcg_stat.stale_objects);
		owner = kmemcg_owner_get_id(id & KMEMCG_SLOT_ID);
		if (owner)
			kmemcg_obj_uncharge_owner(owner, v->slot_size);
	}
	kmemcg_objvec_free(v);
}

/**
 * kmemcg_obj_stat_sum - the global object figures, for the stat file
 * @objects: objects recorded
 * @bytes: their bytes (slot sizes)
 * @unattributed: of @bytes, those charged outside a task (to the
 *	unattributed owner)
 *
 * Sums the per-CPU figures of every possible CPU.
 *
 * Context: any; lockless, so a racy sum (a figure may be counted on one
 * CPU and uncounted on another meanwhile).
 */
void kmemcg_obj_stat_sum(long *objects, long *bytes, long *unattributed)
{
	int cpu;

	*objects = *bytes = *unattributed = 0;
	for_each_possible_cpu(cpu) {
		*objects += per_cpu(kmemcg_obj_count, cpu);
		*bytes += per_cpu(kmemcg_obj_bytes, cpu);
		*unattributed += per_cpu(kmemcg_obj_unattributed, cpu);
	}
}
