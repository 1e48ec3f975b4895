/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hierarchical kmem counter, modelled on the kernel's page_counter: usage
 * of a level includes its descendants, a charge is tried at every level up
 * to the root and undone exactly where it was applied if some level is
 * over its limit.  Units are pages.  Lock-free: usage is atomic, limits and
 * watermarks are plain words written with WRITE_ONCE; the races accepted
 * are commented where they happen (lib/counter.c).
 *
 * Units are the caller's: pages for the page view, bytes for the object
 * view (kmemcg counts the same charges both ways under shadow
 * granularity).  Only the bound limit has a fixed unit, pages, since it
 * is the memory controller's memory.max; bound_shift converts it.
 */
#ifndef KMEMCG_COUNTER_H
#define KMEMCG_COUNTER_H

#include "shim.h"

/* "No limit": the largest page count, as PAGE_COUNTER_MAX is upstream. */
#define KMEMCG_COUNTER_MAX	(__LONG_MAX__ / 4096)

struct kmemcg_counter {
	atomic_long_t usage;		/* pages charged here and below */
	unsigned long max;		/* own limit, pages */
	/*
	 * When non-NULL, the limit is *bound (read racily at each charge)
	 * instead of max: independent_kmem_limit=0 points it at the memory
	 * cgroup's memory.max.
	 */
	const unsigned long *bound;
	unsigned int bound_shift;	/* limit = *bound << bound_shift */
	unsigned long watermark;	/* highest usage seen, pages */
	/*
	 * Critical reserve (seed 003): room above the limit that only
	 * kmemcg_counter_try_charge_reserve() may use; 0 by default.
	 */
	unsigned long reserve;
	atomic_long_t failcnt;		/* charges refused at this level */
	struct kmemcg_counter *parent;
};

void kmemcg_counter_init(struct kmemcg_counter *c, struct kmemcg_counter *parent);

/*
 * Set the own limit without looking at the usage, for a counter whose
 * charges are never refused (the view limits are not enforced against
 * under shadow granularity): it may be below the usage.
 */
void kmemcg_counter_force_max(struct kmemcg_counter *c, unsigned long nr);

static inline unsigned long kmemcg_counter_read(const struct kmemcg_counter *c)
{
	return atomic_long_read(&c->usage);
}

/* The limit in force now: *bound << bound_shift when set, max otherwise. */
unsigned long kmemcg_counter_limit(const struct kmemcg_counter *c);

/*
 * Charge nr pages to c and its ancestors unless some level would go above
 * its limit.  Returns true when charged.  On false nothing stays charged,
 * the refusing level's failcnt is incremented and *fail (if fail) names it.
 */
bool kmemcg_counter_try_charge(struct kmemcg_counter *c, unsigned long nr,
			       struct kmemcg_counter **fail);

/*
 * The same for a critical charge: each level may go up to its limit plus
 * its reserve.  No failcnt is counted (the plain try counted the refusal).
 */
bool kmemcg_counter_try_charge_reserve(struct kmemcg_counter *c, unsigned long nr,
				       struct kmemcg_counter **fail);

/* Set the own reserve (never refused, whatever the usage). */
void kmemcg_counter_set_reserve(struct kmemcg_counter *c, unsigned long nr);

/*
 * The part of the reserve in use: min(reserve, max(0, usage - limit)).
 * Usage above the limit is what the reserve holds; it goes back as frees
 * bring the usage down.
 */
unsigned long kmemcg_counter_reserve_used(const struct kmemcg_counter *c);

/* Charge nr pages at every level regardless of limits (forced/bypassed). */
void kmemcg_counter_charge(struct kmemcg_counter *c, unsigned long nr);

/*
 * Uncharge nr pages from c and its ancestors.  A level that would go below
 * zero is clamped at zero and warned about once (it is a bug in the
 * caller), never wrapped.
 */
void kmemcg_counter_uncharge(struct kmemcg_counter *c, unsigned long nr);

/*
 * Set the own limit to nr pages.  Returns 0, or -EBUSY when lowering it
 * below the usage (nothing changes then).  Raising it, or setting the same
 * value, always succeeds, even while usage is above nr: usage can exceed
 * the limit transiently (charges about to fail) or by forced charges, and
 * neither may refuse a raise.
 */
int kmemcg_counter_set_max(struct kmemcg_counter *c, unsigned long nr);

/* Reset the watermark to the current usage. */
void kmemcg_counter_reset_watermark(struct kmemcg_counter *c);

#endif /* KMEMCG_COUNTER_H */
