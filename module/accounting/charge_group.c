// SPDX-License-Identifier: GPL-2.0
/*
 * Charging a group, and what a limit's refusal leads to.
 *
 * A charge a limit refuses takes the policy's over-limit steps
 * (kmemcg/policy.h, kmemcg_policy_over_limit()), asked again after each:
 * forced past the limit (bypassed; unaccounted_forced too for what the
 * kernel does not account, under over_limit=fail and reclaim), let
 * through (over_limit=count,
 * would_fail), from the critical reserve above the limit (seed 003),
 * after reclaim from the cgroup and one more try (over_limit=reclaim,
 * reclaim.c), or refused.
 *
 * A task refused on and on with no charge of its own succeeding is taken
 * to be stuck in a kernel retry loop and gets one charge forced through
 * (the livelock breaker, kmemcg/stuck.h); the refusals are tracked per CPU.
 *
 * Locking: none.  Counters are atomic (lib/counter.c).  The per-CPU stuck
 * trackers are used in task context only, with preemption off
 * (get_cpu_ptr), so an interrupt, whose charges never consult them, cannot
 * interleave.  Everything here runs in any context and never allocates;
 * it sleeps only to reclaim, where the allocation may
 * (kmemcg_charge_ctx_init()), after leaving the RCU read-side section with
 * the owner pinned and a css reference on the cgroup reclaimed from
 * (css_tryget_online(), kmemcg_reclaim_css_put()).
 */
#include <linux/memcontrol.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/pfn.h>
#include <linux/rcupdate.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include "kmemcg/policy.h"
#include "kmemcg/stuck.h"
#include "charge.h"
#include "group.h"
#include "kmemcg.h"

static unsigned int stuck_ms = KMEMCG_STUCK_WINDOW_MS;
module_param(stuck_ms, uint, 0400);
MODULE_PARM_DESC(stuck_ms,
		 "Force one charge for a task refused without pause for this many ms (a kernel retry loop); 0: never (default 100)");

static DEFINE_PER_CPU(struct kmemcg_stuck, kmemcg_stuck_tracker);

static struct kmemcg_stuck_params kmemcg_stuck_params(void)
{
	return (struct kmemcg_stuck_params){
		.window = (u64)stuck_ms * NSEC_PER_MSEC,
		.gap = KMEMCG_STUCK_GAP_MS * NSEC_PER_MSEC,
		.min_refusals = KMEMCG_STUCK_MIN,
	};
}

/* Task context: note a refusal of current; true if it is stuck. */
static bool kmemcg_stuck_check(void)
{
	const struct kmemcg_stuck_params p = kmemcg_stuck_params();
	struct kmemcg_stuck *t = get_cpu_ptr(&kmemcg_stuck_tracker);
	bool stuck = kmemcg_stuck_refused(t, &p, (unsigned long)current, local_clock());

	put_cpu_ptr(&kmemcg_stuck_tracker);
	return stuck;
}

/* Task context: whether current was refused within the gap (this CPU's view). */
static bool kmemcg_stuck_in_streak(void)
{
	const struct kmemcg_stuck_params p = kmemcg_stuck_params();
	struct kmemcg_stuck *t = get_cpu_ptr(&kmemcg_stuck_tracker);
	bool streak = kmemcg_stuck_streak(t, &p, (unsigned long)current, local_clock());

	put_cpu_ptr(&kmemcg_stuck_tracker);
	return streak;
}

/*
 * Task context: a charge of current went through; it is not stuck.  On
 * every charge, so the common case (no task refused on this CPU) is one
 * per-CPU load; a migration after it only leaves a slot to age out.
 */
static void kmemcg_stuck_clear_current(void)
{
	if (likely(!this_cpu_read(kmemcg_stuck_tracker.used)))
		return;
	kmemcg_stuck_progress(get_cpu_ptr(&kmemcg_stuck_tracker), (unsigned long)current);
	put_cpu_ptr(&kmemcg_stuck_tracker);
}

/* What kmemcg_charge_try() did. */
enum kmemcg_try {
	KMEMCG_TRY_CHARGED,	/* within the limit, or past it as the policy said */
	KMEMCG_TRY_REFUSED,	/* nothing charged: the allocation fails */
	KMEMCG_TRY_RECLAIM,	/* nothing charged: reclaim, then try again */
};

/*
 * A refused charge forced past the limit: counted as bypassed, and as
 * unaccounted_forced when @unaccounted (the kernel does not account it).
 */
static void kmemcg_charge_bypass(struct kmemcg_group *g, struct kmemcg_counter *ec,
				 enum kmemcg_view ev, unsigned long eamt,
				 const struct kmemcg_alloc_ctx *ctx, bool unaccounted)
{
	unsigned long bytes = kmemcg_view_bytes(ev, eamt);

	kmemcg_counter_charge(ec, eamt);
	atomic_long_inc(&g->stat.bypassed);
	atomic_long_add(bytes, &g->stat.bypassed_bytes);
	atomic_long_inc(&kmemcg_stat.bypassed);
	if (ctx->stuck) {
		atomic_long_inc(&g->stat.stuck_forced);
		atomic_long_inc(&kmemcg_stat.stuck_forced);
	}
	if (unaccounted) {
		atomic_long_inc(&g->stat.unaccounted_forced);
		atomic_long_add(bytes, &g->stat.unaccounted_forced_bytes);
		atomic_long_inc(&kmemcg_stat.unaccounted_forced);
	}
}

/*
 * Charge @g in every view the policy tracks, taking the over-limit steps
 * the policy gives (kmemcg_policy_over_limit()) until one charges or
 * refuses, or it asks for reclaim, which the caller does (it sleeps).
 * A refusal is counted (failures, refused, and the livelock breaker,
 * after reclaim if any) once per allocation: not again on the try after
 * reclaim.  The refusing level's failcnt counts each refused try, as
 * upstream's page_counter does on each retry of try_charge_memcg().
 * *@over names the level that refused, for reclaim, and *@view the view
 * its counter is of; @after_reclaim says
 * this is the try after a reclaim that ran (a fit is a reclaim success).
 * Any context, inside rcu_read_lock(); never sleeps.
 */
static enum kmemcg_try kmemcg_charge_try(struct kmemcg_group *g, unsigned long pages,
					 unsigned long bytes, struct kmemcg_alloc_ctx *ctx,
					 struct kmemcg_counter **over, enum kmemcg_view *view,
					 bool after_reclaim)
{
	const struct kmemcg_policy *p = kmemcg_policy;
	/* Read once: *@over is a counter of this view (shadow_enforce may switch). */
	enum kmemcg_view ev = *view = kmemcg_policy_enforced_view(p);
	enum kmemcg_view ov = ev == KMEMCG_VIEW_PAGE ? KMEMCG_VIEW_OBJECT : KMEMCG_VIEW_PAGE;
	unsigned long eamt = ev == KMEMCG_VIEW_PAGE ? pages : bytes;
	unsigned long oamt = ov == KMEMCG_VIEW_PAGE ? pages : bytes;
	struct kmemcg_counter *ec = kmemcg_group_counter(g, ev);

	if (!eamt || kmemcg_counter_try_charge(ec, eamt, over)) {
		if (eamt && after_reclaim) {
			atomic_long_inc(&g->stat.reclaim_successes);
			atomic_long_inc(&kmemcg_stat.reclaim_successes);
		}
		goto charged;
	}
	if (!ctx->reclaimed) {
		atomic_long_inc(&g->stat.failures);
		atomic_long_inc(&kmemcg_stat.refused);
		/*
		 * Refused again within the gap of its last refusal, a task is
		 * not reclaimed for again: reclaim did not make room for it a
		 * moment ago, and a kernel retry loop must go round fast
		 * enough for the livelock breaker to see it (reclaim sleeps).
		 */
		if (ctx->may_reclaim && kmemcg_stuck_in_streak())
			ctx->may_reclaim = false;
	}
	/* The breaker hears of each refused allocation once: after reclaim, if any. */
	if (ctx->in_task && kmemcg_policy_over_limit(p, ctx) != KMEMCG_OVER_RECLAIM)
		ctx->stuck = kmemcg_stuck_check();
	for (;;) {
		enum kmemcg_over_limit step = kmemcg_policy_over_limit(p, ctx);

		switch (step) {
		case KMEMCG_OVER_RECLAIM:
			return KMEMCG_TRY_RECLAIM;
		case KMEMCG_OVER_RESERVE:
			ctx->reserve_tried = true;
			if (kmemcg_counter_try_charge_reserve(ec, eamt, over)) {
				atomic_long_inc(&g->stat.reserve_charges);
				atomic_long_inc(&kmemcg_stat.reserve_charges);
				goto charged;
			}
			/* A refusal of a reserve, not of a level without one. */
			if (READ_ONCE((*over)->reserve)) {
				atomic_long_inc(&g->stat.reserve_refusals);
				atomic_long_inc(&kmemcg_stat.reserve_refusals);
			}
			break;
		case KMEMCG_OVER_FORCE:
		case KMEMCG_OVER_FORCE_UNACCOUNTED:
			kmemcg_charge_bypass(g, ec, ev, eamt, ctx,
					     step == KMEMCG_OVER_FORCE_UNACCOUNTED);
			goto charged;
		case KMEMCG_OVER_COUNT:
			kmemcg_counter_charge(ec, eamt);
			atomic_long_inc(&g->stat.would_fail);
			atomic_long_inc(&kmemcg_stat.would_fail);
			goto charged;
		case KMEMCG_OVER_FAIL:
		default:
			return KMEMCG_TRY_REFUSED;
		}
	}
charged:
	if (oamt && kmemcg_policy_tracks(p, ov))
		kmemcg_counter_charge(kmemcg_group_counter(g, ov), oamt);
	if (ctx->in_task)
		kmemcg_stuck_clear_current();
	return KMEMCG_TRY_CHARGED;
}

/* Whether @amt more would fit within @c's limit now (racy: a hint).  RCU. */
static bool kmemcg_counter_fits(const struct kmemcg_counter *c, unsigned long amt)
{
	return kmemcg_counter_read(c) + amt <= kmemcg_counter_limit(c);
}

/* The group whose counter of view @v is @c. */
static struct kmemcg_group *kmemcg_counter_group(struct kmemcg_counter *c,
						 enum kmemcg_view v)
{
	return v == KMEMCG_VIEW_OBJECT ? container_of(c, struct kmemcg_group, obj_counter) :
					 container_of(c, struct kmemcg_group, counter);
}

/*
 * over_limit=reclaim: reclaim from the memory cgroup of @og, the group
 * whose limit refused @amt (@g's, or an ancestor's; in view @ev, the one
 * the refusal was made in), the way the memory
 * controller does for memory.max.  Inside rcu_read_lock(), which it drops
 * around the reclaim and takes again; task context, @gfp allows blocking
 * (ctx->may_reclaim).  @owner is pinned meanwhile, so the caller can read
 * its group again afterwards, and stays pinned on return (true) until
 * the caller has taken the pins of its charge or given up: a dead owner
 * whose pins fall to 0 in a section that began after its grace period
 * may be freed at once (owner_reap.c).  @og's memcg is held by a css reference,
 * taken while @og was found online in this RCU section (group.c: the
 * memcg outlives the readers that saw its group online).  Counts the
 * attempt, and as reclaimed_bytes the fall of @og's usage across it.
 * Return: true when it reclaimed (and @owner holds one more pin).
 */
static bool kmemcg_charge_reclaim(struct kmemcg_owner *owner, struct kmemcg_group *g,
				  struct kmemcg_group *og, unsigned long amt,
				  enum kmemcg_view ev, gfp_t gfp, struct kmemcg_alloc_ctx *ctx)
{
	struct mem_cgroup *memcg = READ_ONCE(og->dead) ? NULL : og->memcg;
	unsigned long before, after;

	gfp = kmemcg_reclaim_gfp(gfp);
	ctx->reclaimed = true;
	if (!memcg || og == kmemcg_root_group || !css_tryget_online(&memcg->css))
		return false;
	atomic_long_inc(&g->stat.reclaim_attempts);
	atomic_long_inc(&kmemcg_stat.reclaim_attempts);
	before = kmemcg_counter_read(kmemcg_group_counter(og, ev));
	atomic_long_inc(&owner->pins);
	rcu_read_unlock();

	kmemcg_reclaim(memcg, ev == KMEMCG_VIEW_PAGE ? amt : PFN_UP(amt), gfp);
	/*
	 * What the shrinkers freed (dentries: fs/dcache.c, dentry_free();
	 * inodes: fs/inode.c, destroy_inode()) goes back to the slab only
	 * after an RCU grace period, so the one more try would not see it.
	 * The memory controller retries reclaim up to MAX_RECLAIM_RETRIES
	 * times, which gives the callbacks time (try_charge_memcg()); we try
	 * once, so when the charge does not fit yet we wait for them (the
	 * fs shrinkers run only under __GFP_FS, memalloc_nofs_save() scopes
	 * applied: super_cache_scan(), current_gfp_context()).
	 */
	rcu_read_lock();
	/* @og only while it is still @memcg's group (not removed meanwhile). */
	if ((current_gfp_context(gfp) & __GFP_FS) && kmemcg_group_of_memcg(memcg) == og &&
	    !kmemcg_counter_fits(kmemcg_group_counter(og, ev), amt)) {
		rcu_read_unlock();
		rcu_barrier();
		rcu_read_lock();
	}
	if (kmemcg_group_of_memcg(memcg) == og) {
		after = kmemcg_counter_read(kmemcg_group_counter(og, ev));
		if (after < before) {
			g = rcu_dereference(owner->group);
			atomic_long_add(kmemcg_view_bytes(ev, before - after),
					&g->stat.reclaimed_bytes);
			atomic_long_add(kmemcg_view_bytes(ev, before - after),
					&kmemcg_stat.reclaimed_bytes);
		}
	}
	kmemcg_reclaim_css_put(memcg);
	return true;
}

/**
 * kmemcg_charge_group - charge an owner's group in every view the policy tracks
 * @owner: the owner the allocation will name (kmemcg_charge_target())
 * @pages: what the allocation takes in the page view, pages
 * @bytes: what it takes in the object view, bytes
 * @pins: pins to take on @owner when charged (the pages or objects that
 *	will name it, or are charged and about to)
 * @gfp: the allocation's gfp mask, for reclaim
 * @ctx: from kmemcg_charge_ctx_init() and kmemcg_charge_target()
 *
 * The view limits are enforced against is tried against them; the other
 * is charged regardless (shadow granularity: it only watches).  A view
 * not tracked, or an amount of 0, is left alone: a slab page never
 * fails under an object-enforced policy, an object never under a page one.
 * A refused charge takes the policy's over-limit steps (kmemcg/policy.h):
 * forced (bypassed), let through (would_fail), from the reserve, after
 * reclaim and one more try, or refused.
 *
 * Context: any, inside rcu_read_lock().  Only when ctx->may_reclaim
 * (task context, a gfp mask that may block, preemptible) does reclaim
 * happen: the RCU read lock is then dropped and taken again, so the
 * owner's group must be read again from @owner afterwards: it is returned.
 * Return: the group charged (perhaps forced past a limit, counted as
 * bypassed, or would_fail), NULL when refused (nothing charged; failures
 * counted).
 */
struct kmemcg_group *kmemcg_charge_group(struct kmemcg_owner *owner, unsigned long pages,
					 unsigned long bytes, long pins, gfp_t gfp,
					 struct kmemcg_alloc_ctx *ctx)
{
	struct kmemcg_group *g = rcu_dereference(owner->group);
	struct kmemcg_counter *over;
	bool reclaimed = false;
	enum kmemcg_view ev;
	enum kmemcg_try r;
	long pinned = 0;

	while ((r = kmemcg_charge_try(g, pages, bytes, ctx, &over, &ev, reclaimed)) ==
	       KMEMCG_TRY_RECLAIM) {
		reclaimed = kmemcg_charge_reclaim(owner, g, kmemcg_counter_group(over, ev),
						  ev == KMEMCG_VIEW_PAGE ? pages : bytes, ev,
						  gfp, ctx);
		pinned += reclaimed;
		g = rcu_dereference(owner->group);
	}
	if (r == KMEMCG_TRY_CHARGED)
		atomic_long_add(pins, &owner->pins);
	if (pinned)
		kmemcg_owner_unpin(owner, pinned);
	return r == KMEMCG_TRY_CHARGED ? g : NULL;
}

/**
 * kmemcg_uncharge_group - undo kmemcg_charge_group()
 * @g: the group (or the ancestor it was reparented to)
 * @pages: page-view pages
 * @bytes: object-view bytes
 *
 * Any context, inside rcu_read_lock().
 */
void kmemcg_uncharge_group(struct kmemcg_group *g, unsigned long pages,
			   unsigned long bytes)
{
	if (pages && kmemcg_policy_tracks(kmemcg_policy, KMEMCG_VIEW_PAGE))
		kmemcg_counter_uncharge(&g->counter, pages);
	if (bytes && kmemcg_policy_tracks(kmemcg_policy, KMEMCG_VIEW_OBJECT))
		kmemcg_counter_uncharge(&g->obj_counter, bytes);
}

/**
 * kmemcg_charge_group_force - charge a group past any limit
 * @g: the group
 * @pages: page-view pages (0 for none)
 * @bytes: object-view bytes (0 for none)
 *
 * Charges every view the policy tracks with no limit looked at and no
 * over-limit step taken: for the part of a charge already made elsewhere
 * (a folio bigger than its charge, an object estimate that fell short, an
 * object moved to another owner).  Undone by kmemcg_uncharge_group().
 *
 * Context: any context, inside rcu_read_lock() (@g is RCU-protected); never
 * sleeps or allocates.
 */
void kmemcg_charge_group_force(struct kmemcg_group *g, unsigned long pages,
			       unsigned long bytes)
{
	if (pages && kmemcg_policy_tracks(kmemcg_policy, KMEMCG_VIEW_PAGE))
		kmemcg_counter_charge(&g->counter, pages);
	if (bytes && kmemcg_policy_tracks(kmemcg_policy, KMEMCG_VIEW_OBJECT))
		kmemcg_counter_charge(&g->obj_counter, bytes);
}
