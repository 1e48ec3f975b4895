// SPDX-License-Identifier: GPL-2.0
/*
 * Charging, as 002 did it at slab page allocation: charge first, then
 * allocate, then record the page's owner, or uncharge if the allocation
 * failed.  Frees look the owner up in the owner table and uncharge it.
 *
 * A charge in flight pins its owner (owner->pins includes the pages being
 * allocated), not its group: the allocation in between may sleep, and the
 * group may be removed meanwhile.  The group's figures are always reached
 * through owner->group inside an RCU read-side section, so a charge begun
 * on a group that is then removed ends, or is later freed, on its parent.
 *
 * Charges count in the views the granularity tracks (kmemcg/policy.h):
 * slab pages in the page view, objects in the object view
 * (object_charge.c), large kmallocs in both.  The view limits are enforced
 * against is tried; the other is charged regardless.
 *
 * What a limit's refusal leads to (the over-limit steps, the livelock
 * breaker, reclaim) is charge_group.c's.
 *
 * Locking: none.  Counters are atomic (lib/counter.c); owner-table entries
 * are claimed with xchg (owner.c).  Everything here runs in any context
 * and never allocates; it sleeps only where charge_group.c reclaims.
 */
#include <linux/memcontrol.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/pfn.h>
#include <linux/rcupdate.h>
#include <linux/sched/clock.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "kmemcg/policy.h"
#include "kmemcg/stuck.h"
#include "charge.h"
#include "compat.h"
#include "group.h"
#include "kmemcg.h"
#include "object.h"

static void kmemcg_stat_own(struct kmemcg_group *g, long nr, enum kmemcg_kind kind)
{
	if (kind == KMEMCG_KIND_LARGE)
		atomic_long_add(nr, &g->stat.large_pages);
	if (!kmemcg_policy_tracks(kmemcg_policy, KMEMCG_VIEW_PAGE))
		return;
	atomic_long_add(nr, &g->stat.own_pages);
	if (kind == KMEMCG_KIND_SLAB)
		atomic_long_add(nr, &g->stat.slab_pages);
}

/*
 * What the scope axis and the over-limit action need to know of an
 * allocation from @s (NULL: no cache, a large kmalloc, or a kmalloc whose
 * cache is not known yet) with @gfp, under every scope.  account_marked:
 * an object of a cache created with SLAB_ACCOUNT (the running kernel's
 * bit, layout.c; the kmalloc-cg-* caches included, which
 * mm/slab_common.c creates with it) or an allocation with __GFP_ACCOUNT
 * (mm/slub.c memcg_slab_pre_alloc_hook() on 6.1,
 * memcg_slab_post_alloc_hook() on 6.12 and later; large kmallocs:
 * mm/page_alloc.c __alloc_pages() charges __GFP_ACCOUNT pages): what
 * over_limit=fail fails, its callers being written for it.  accounted:
 * whether the kernel would charge it to a memory cgroup (what
 * scope=kernel charges): marked, provided the kernel accounts kernel
 * memory at all (compat.h: not under cgroup.memory=nokmem, nor before the
 * first memory cgroup comes online).  A slab page's @gfp has lost
 * __GFP_ACCOUNT (SLUB masks it before allocate_slab(): mm/slub.c
 * new_slab(), GFP_RECLAIM_MASK), so under page granularity only the
 * cache's SLAB_ACCOUNT marks a slab page.  Under list, listed: whether @s
 * is named in the scope list.  Any context.
 */
static void kmemcg_scope_fill(struct kmemcg_alloc_ctx *ctx, const struct kmem_cache *s,
			      gfp_t gfp)
{
	ctx->scope = READ_ONCE(kmemcg_policy->scope);
	ctx->account_marked = (gfp & __GFP_ACCOUNT) || (s && kmemcg_cache_accounted(s));
	ctx->accounted = ctx->account_marked && kmemcg_kernel_kmem_online();
	if (ctx->scope == KMEMCG_SCOPE_LIST)
		ctx->listed = s && kmemcg_scope_listed(kmemcg_cache_name(s));
}

/**
 * kmemcg_charge_ctx_init - what an allocation's gfp mask and context allow
 * @ctx: zeroed, then filled with nofail, critical and may_reclaim
 * @gfp: the allocation's flags
 *
 * critical: it may dip into the kernel's own reserves (__GFP_HIGH,
 * __GFP_MEMALLOC, a task in PF_MEMALLOC, as mm/page_alloc.c's
 * gfp_to_alloc_flags() and __gfp_pfmemalloc_flags() let it) or must not
 * fail (__GFP_NOFAIL): seed 003's users of the critical reserve.
 * may_reclaim: reclaim may run in it (as the memory controller's
 * try_charge_memcg() asks, gfpflags_allow_blocking()), in a task that is
 * not itself reclaiming (PF_MEMALLOC: no recursion), outside any RCU
 * read-side section, and the kernel's reclaim function was found
 * (reclaim.c).  A gfp mask that allows blocking is the caller's promise
 * that it may sleep, which the memory controller's own charge path relies
 * on too (preemptible() would read the flags through a paravirt pointer).
 * Context: any; called before the caller's rcu_read_lock().
 */
void kmemcg_charge_ctx_init(struct kmemcg_alloc_ctx *ctx, gfp_t gfp)
{
	bool task = in_task();
	bool memalloc = task && (current->flags & PF_MEMALLOC);

	*ctx = (struct kmemcg_alloc_ctx){ .nofail = gfp & __GFP_NOFAIL };
	ctx->critical = (gfp & (__GFP_HIGH | __GFP_MEMALLOC | __GFP_NOFAIL)) || memalloc;
	ctx->may_reclaim = task && !memalloc && gfpflags_allow_blocking(gfp) &&
			   !rcu_preempt_depth() && kmemcg_reclaim_available();
}

/**
 * kmemcg_charge_target - who pays for an allocation, as the policy says
 * @ctx: filled in with what the hook can see of the context
 * @s: the cache allocated from; NULL for a large kmalloc, or a kmalloc
 *     whose cache is not known before the allocation (never listed)
 * @gfp: the allocation's flags
 * @unattributed: set when there is no task to blame
 *
 * An allocation out of scope goes to the unscoped pseudo group's owner
 * (sink.c): charged to no cgroup, never refused, and its free uncharges
 * the pseudo group whatever the scope is by then.
 * Any context, inside rcu_read_lock().
 * Return: the owner charges go to.
 */
struct kmemcg_owner *kmemcg_charge_target(struct kmemcg_alloc_ctx *ctx,
					  const struct kmem_cache *s, gfp_t gfp,
					  bool *unattributed)
{
	struct mem_cgroup *memcg = NULL;
	struct kmemcg_group *g;

	kmemcg_scope_fill(ctx, s, gfp);
	ctx->in_task = in_task();
	if (ctx->in_task) {
		ctx->kthread = current->flags & PF_KTHREAD;
		ctx->memalloc = current->flags & PF_MEMALLOC;
		ctx->dying = fatal_signal_pending(current);
		memcg = mem_cgroup_from_task(current);
		ctx->root_cgroup = !memcg || !memcg->css.parent;
	}
	switch (kmemcg_policy_target(kmemcg_policy, ctx)) {
	case KMEMCG_TARGET_UNSCOPED:
		return kmemcg_sinks[KMEMCG_SINK_UNSCOPED]->owner;
	case KMEMCG_TARGET_UNATTRIBUTED:
		*unattributed = true;
		return kmemcg_unattributed_owner;
	case KMEMCG_TARGET_ROOT:
		return kmemcg_root_group->owner;
	case KMEMCG_TARGET_GROUP:
	default:
		g = kmemcg_group_of_memcg(memcg);
		return g->owner;
	}
}

/* A folio of @kind counts in the page view, and a large one in both. */
static unsigned long kmemcg_kind_bytes(enum kmemcg_kind kind, unsigned long nr)
{
	return kind == KMEMCG_KIND_LARGE ? nr << PAGE_SHIFT : 0;
}

/**
 * kmemcg_charge_begin - charge @nr pages before they are allocated
 * @ch: the charge in flight, filled in
 * @s: the cache of a slab page, NULL for a large kmalloc (scope)
 * @gfp: the allocation's flags
 * @nr: pages the allocation will take at most
 * @kind: slab or large kmalloc
 *
 * Slab pages count in the page view only, large kmallocs in both views
 * (they are pages, whatever the granularity).  Any context; sleeps (in
 * reclaim) only where @gfp allows it, in a preemptible task
 * (kmemcg_charge_ctx_init()): SLUB calls allocate_slab() so
 * (mm/slub.c, ___slab_alloc() puts its per-CPU pointer before new_slab()),
 * and the page allocator it calls sleeps there too.
 * Return: true to go on with the allocation (charged, or forced past a
 * limit), false to fail it (refused; failcnt counted).
 */
bool kmemcg_charge_begin(struct kmemcg_charge *ch, const struct kmem_cache *s,
			 gfp_t gfp, unsigned long nr, enum kmemcg_kind kind)
{
	struct kmemcg_alloc_ctx ctx;
	struct kmemcg_group *g;
	bool ok;

	kmemcg_charge_ctx_init(&ctx, gfp);
	ch->nr = nr;
	ch->unattributed = false;
	rcu_read_lock();
	ch->owner = kmemcg_charge_target(&ctx, s, gfp, &ch->unattributed);
	g = kmemcg_charge_group(ch->owner, nr, kmemcg_kind_bytes(kind, nr), nr, gfp, &ctx);
	ok = g;
	if (ok) {
		kmemcg_stat_own(g, nr, kind);
		atomic_long_inc(&g->stat.charges);
	}
	rcu_read_unlock();
	return ok;
}

/**
 * kmemcg_charge_end - finish a charge once the allocation returned
 * @ch: from kmemcg_charge_begin() that returned true
 * @pfn: head page of the folio allocated, 0 if the allocation failed
 * @nr: pages the folio really has (may be fewer than charged)
 * @kind: as given to begin
 *
 * Any context.
 */
void kmemcg_charge_end(struct kmemcg_charge *ch, unsigned long pfn,
		       unsigned long nr, enum kmemcg_kind kind)
{
	struct kmemcg_group *g;
	long excess;

	if (pfn && !kmemcg_owner_record(pfn, ch->owner, kind))
		pfn = 0;	/* beyond the table: leave it uncharged */

	excess = pfn ? (long)ch->nr - (long)nr : (long)ch->nr;

	rcu_read_lock();
	g = rcu_dereference(ch->owner->group);
	if (excess > 0) {
		kmemcg_uncharge_group(g, excess, kmemcg_kind_bytes(kind, excess));
		kmemcg_stat_own(g, -excess, kind);
		if (!pfn)
			atomic_long_inc(&g->stat.uncharges);
	} else if (excess < 0) {
		/* The folio is bigger than the charge: force the rest. */
		kmemcg_charge_group_force(g, -excess, kmemcg_kind_bytes(kind, -excess));
		kmemcg_stat_own(g, -excess, kind);
	}
	if (excess)
		kmemcg_owner_unpin(ch->owner, excess);
	rcu_read_unlock();
	if (pfn) {
		atomic_long_inc(&kmemcg_stat.entries);
		atomic_long_add(nr, &kmemcg_stat.tracked_pages);
		if (ch->unattributed)
			atomic_long_add(nr, &kmemcg_stat.unattributed_pages);
	}
}

/*
 * Uncharge a folio being freed, if tracked: its page charge, and under
 * object granularity its owner vector (whose objects should all have been
 * freed by now: those that were not are stale, uncharged and counted).
 * Any context.  Return: false for a page that was not tracked.
 */
static bool kmemcg_uncharge(unsigned long pfn, unsigned long nr,
			    enum kmemcg_kind *kind)
{
	struct kmemcg_owner *owner;
	struct kmemcg_group *g;
	u32 entry = kmemcg_owner_take(pfn);

	if (!entry)
		return false;
	*kind = KMEMCG_KIND_SLAB;
	rcu_read_lock();
	if (entry & KMEMCG_ENTRY_VEC) {
		struct kmemcg_objvec *v = kmemcg_objvec_get(entry & KMEMCG_ENTRY_HANDLE);

		entry = v->page_entry;
		kmemcg_objvec_release(v);
		if (!entry) {
			rcu_read_unlock();
			return true;	/* objects only: no page charge */
		}
	}
	if (entry & KMEMCG_ENTRY_LARGE)
		*kind = KMEMCG_KIND_LARGE;
	owner = kmemcg_owner_get_id(entry & ~KMEMCG_ENTRY_LARGE);
	if (WARN_ON_ONCE(!owner)) {
		rcu_read_unlock();
		return true;
	}
	g = rcu_dereference(owner->group);
	kmemcg_uncharge_group(g, nr, kmemcg_kind_bytes(*kind, nr));
	kmemcg_stat_own(g, -(long)nr, *kind);
	atomic_long_inc(&g->stat.uncharges);
	if (owner == kmemcg_unattributed_owner)
		atomic_long_sub(nr, &kmemcg_stat.unattributed_pages);
	atomic_long_dec(&kmemcg_stat.entries);
	atomic_long_sub(nr, &kmemcg_stat.tracked_pages);
	kmemcg_owner_unpin(owner, nr);
	rcu_read_unlock();
	return true;
}

/**
 * kmemcg_uncharge_folio - SLUB frees a slab folio (the __free_slab hook)
 * @pfn: its head page
 * @nr: its pages
 *
 * Any context.  Slabs that were never tracked (allocated before load, or
 * beyond the table) are counted and otherwise ignored.
 */
void kmemcg_uncharge_folio(unsigned long pfn, unsigned long nr)
{
	enum kmemcg_kind kind;

	if (!kmemcg_uncharge(pfn, nr, &kind))
		atomic_long_inc(&kmemcg_stat.untracked_frees);
}

/**
 * kmemcg_uncharge_large - a large kmalloc's folio is freed
 * @pfn: its head page
 * @nr: its pages
 *
 * Any context (the free_large_kmalloc() hook, before the original frees
 * the folio).  Folios that were never tracked (allocated before load, or
 * beyond the table) are counted in untracked_frees, as slabs are.
 */
void kmemcg_uncharge_large(unsigned long pfn, unsigned long nr)
{
	enum kmemcg_kind kind;

	if (!kmemcg_uncharge(pfn, nr, &kind))
		atomic_long_inc(&kmemcg_stat.untracked_frees);
}
