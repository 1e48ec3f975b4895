// SPDX-License-Identifier: GPL-2.0
/*
 * Hierarchical kmem counter, after the kernel's mm/page_counter.c: usage is
 * an atomic per level that includes every descendant, a charge is applied
 * speculatively level by level up to the root and undone exactly where it
 * was applied when some level goes over its limit.  No locks: chargers run
 * in any context (slab hooks, IRQ included) and never sleep here.
 *
 * The same source builds into kmemcg.ko and into the host unit tests
 * (tests/unit/test_counter.c); it uses only what kmemcg/shim.h provides.
 */

#include "kmemcg/shim.h"
#include "kmemcg/counter.h"

/**
 * kmemcg_counter_init - initialise a counter
 * @c: counter to initialise
 * @parent: the level above, or NULL for a root
 *
 * Usage, watermark, reserve and failcnt start at zero; the own limit starts at
 * %KMEMCG_COUNTER_MAX (no limit) and no bound limit is set.
 *
 * Serialisation: the caller's; @c must not be visible to chargers yet.
 */
void kmemcg_counter_init(struct kmemcg_counter *c, struct kmemcg_counter *parent)
{
	atomic_long_set(&c->usage, 0);
	c->max = KMEMCG_COUNTER_MAX;
	c->bound = NULL;
	c->bound_shift = 0;
	c->watermark = 0;
	c->reserve = 0;
	atomic_long_set(&c->failcnt, 0);
	c->parent = parent;
}

/**
 * kmemcg_counter_limit - the limit in force on one level
 * @c: counter
 *
 * Return: *@c->bound << @c->bound_shift when a bound limit is set (the
 * bound is in pages, the counter's unit may be bytes), the own limit
 * otherwise, in the counter's units.  Both are read racily: a concurrent
 * limit change may or may not be seen, which is the accepted cost of a
 * lock-free charge path.
 *
 * Serialisation: none needed; safe from any context.
 */
unsigned long kmemcg_counter_limit(const struct kmemcg_counter *c)
{
	const unsigned long *bound = READ_ONCE(c->bound);

	if (bound)
		return READ_ONCE(*bound) << READ_ONCE(c->bound_shift);
	return READ_ONCE(c->max);
}

/*
 * Take @nr pages out of one level, clamping at zero.  A compare-and-swap
 * loop rather than page_counter_cancel()'s sub-then-reset: the usage never
 * goes negative, not even for a moment (a reader would see a huge unsigned
 * value), and a reset to zero cannot wipe out a charge that raced with an
 * unbalanced uncharge.  Going below zero is a caller bug, warned once.
 */
static void kmemcg_counter_cancel(struct kmemcg_counter *c, unsigned long nr)
{
	long old = atomic_long_read(&c->usage);
	long new;

	do {
		if (unlikely((unsigned long)old < nr)) {
			WARN_ONCE(1, "kmemcg: counter underflow: usage %ld, uncharge %lu\n",
				  old, nr);
			new = 0;
		} else {
			new = old - (long)nr;
		}
	} while (!atomic_long_try_cmpxchg(&c->usage, &old, new));
}

/*
 * Raise the watermark of one level to @usage if it is higher.  This is
 * racy, as upstream: two chargers can both pass the test and the lower
 * value can be written last, so the watermark can miss a peak by one
 * racing charge.  It is a statistic, and a lock here is not worth it.
 * As upstream too, a level's watermark is raised as the charge passes it,
 * so it can include a charge that a level above then refused; it never
 * exceeds the level's own limit through try_charge.
 */
static void kmemcg_counter_update_watermark(struct kmemcg_counter *c,
					    unsigned long usage)
{
	if (usage > READ_ONCE(c->watermark))
		WRITE_ONCE(c->watermark, usage);
}

/*
 * The most a level may hold: its limit, plus its reserve for a critical
 * charge, saturating (an unlimited limit or reserve stays unlimited).
 */
static unsigned long kmemcg_counter_ceiling(const struct kmemcg_counter *c,
					    bool reserve)
{
	unsigned long limit = kmemcg_counter_limit(c);
	unsigned long r = reserve ? READ_ONCE(c->reserve) : 0;

	return limit > ~0UL - r ? ~0UL : limit + r;
}

/*
 * The charge of try_charge and try_charge_reserve: up to each level's
 * ceiling (@reserve: limit + reserve); only a plain try counts a failcnt.
 */
static bool kmemcg_counter_charge_within(struct kmemcg_counter *c, unsigned long nr,
					 struct kmemcg_counter **fail, bool reserve)
{
	struct kmemcg_counter *it, *refused;
	unsigned long new;

	for (it = c; it; it = it->parent) {
		new = atomic_long_add_return((long)nr, &it->usage);
		if (new > kmemcg_counter_ceiling(it, reserve)) {
			/* Undo the speculative charge on the refusing level. */
			kmemcg_counter_cancel(it, nr);
			if (!reserve)
				atomic_long_inc(&it->failcnt);
			refused = it;
			goto failed;
		}
		kmemcg_counter_update_watermark(it, new);
	}
	return true;

failed:
	/* Undo exactly the levels below the refusing one. */
	for (it = c; it != refused; it = it->parent)
		kmemcg_counter_cancel(it, nr);
	if (fail)
		*fail = refused;
	return false;
}

/**
 * kmemcg_counter_try_charge - charge pages up the hierarchy within limits
 * @c: the level the charge originates at
 * @nr: pages to charge
 * @fail: if non-NULL, set to the level that refused the charge
 *
 * Each level is charged speculatively (an add, then a look at the limit)
 * rather than with a compare-and-swap: a charge that is going to fail may
 * briefly make a racing smaller charge fail too, by at most its own size,
 * as upstream accepts.  atomic_long_add_return() is a full barrier between
 * the add and the read of the limit, which kmemcg_counter_set_max() relies
 * on.
 *
 * Return: true when @nr pages were charged at @c and every ancestor.  On
 * false nothing stays charged anywhere, the failcnt of the refusing level
 * (and only that level) was incremented, and *@fail names it.
 *
 * Serialisation: none needed; lock-free, safe from any context.
 */
bool kmemcg_counter_try_charge(struct kmemcg_counter *c, unsigned long nr,
			       struct kmemcg_counter **fail)
{
	return kmemcg_counter_charge_within(c, nr, fail, false);
}

/**
 * kmemcg_counter_try_charge_reserve - charge a critical allocation, reserve included
 * @c: the level the charge originates at
 * @nr: pages (the counter's units) to charge
 * @fail: if non-NULL, set to the level that refused the charge
 *
 * As kmemcg_counter_try_charge(), but each level may go up to its limit
 * plus its reserve (seed 003's critical reserve: room above the limit
 * that only allocations allowed to dip into the kernel's own reserves
 * may use).  Meant to be called after kmemcg_counter_try_charge() refused
 * the same charge, which already counted that refusal in a failcnt: this
 * one counts nothing.  What the reserve holds is not tracked apart: a
 * level's usage above its limit is it (kmemcg_counter_reserve_used()),
 * and it goes back as frees bring the usage down.
 *
 * Return: true when @nr was charged at @c and every ancestor; on false
 * nothing stays charged and *@fail names the level whose limit and
 * reserve could not hold it.
 *
 * Serialisation: none needed; lock-free, safe from any context.
 */
bool kmemcg_counter_try_charge_reserve(struct kmemcg_counter *c, unsigned long nr,
				       struct kmemcg_counter **fail)
{
	return kmemcg_counter_charge_within(c, nr, fail, true);
}

/**
 * kmemcg_counter_set_reserve - set the critical reserve of one level
 * @c: counter
 * @nr: room above the limit for critical charges, in the counter's units
 *	(%KMEMCG_COUNTER_MAX or more: no bound above the limit)
 *
 * Always succeeds, whatever the usage: a reserve lowered below what it
 * holds now only refuses further critical charges until frees bring the
 * usage down, as forced charges above a limit do.
 *
 * Return: nothing.
 *
 * Serialisation: the caller's, as kmemcg_counter_set_max(); chargers read
 * it racily and may see the old value once.
 */
void kmemcg_counter_set_reserve(struct kmemcg_counter *c, unsigned long nr)
{
	WRITE_ONCE(c->reserve, nr);
}

/**
 * kmemcg_counter_reserve_used - how much of a level's reserve is in use
 * @c: counter
 *
 * The usage above the limit, up to the reserve: what critical charges hold
 * beyond the limit (forced charges beyond limit + reserve are not in it).
 *
 * Return: min(reserve, max(0, usage - limit)), in the counter's units; a
 * racy snapshot.
 *
 * Serialisation: none needed; safe from any context.
 */
unsigned long kmemcg_counter_reserve_used(const struct kmemcg_counter *c)
{
	unsigned long usage = kmemcg_counter_read(c);
	unsigned long limit = kmemcg_counter_limit(c);
	unsigned long reserve = READ_ONCE(c->reserve);

	if (usage <= limit)
		return 0;
	return usage - limit < reserve ? usage - limit : reserve;
}

/**
 * kmemcg_counter_charge - charge pages up the hierarchy ignoring limits
 * @c: the level the charge originates at
 * @nr: pages to charge
 *
 * For charges that must not fail (forced or bypassed allocations): usage
 * may end up above a limit, and later try_charges fail until it drops.
 * Watermarks are updated as by kmemcg_counter_try_charge().
 *
 * Return: nothing; it always charges.
 *
 * Serialisation: none needed; lock-free, safe from any context.
 */
void kmemcg_counter_charge(struct kmemcg_counter *c, unsigned long nr)
{
	struct kmemcg_counter *it;

	for (it = c; it; it = it->parent) {
		unsigned long new = atomic_long_add_return((long)nr, &it->usage);

		kmemcg_counter_update_watermark(it, new);
	}
}

/**
 * kmemcg_counter_uncharge - uncharge pages up the hierarchy
 * @c: the level the charge was made at
 * @nr: pages to uncharge
 *
 * A level whose usage is below @nr is set to zero and warned about once
 * (more uncharges than charges is a bug in the caller); it never wraps.
 *
 * Return: nothing.
 *
 * Serialisation: none needed; lock-free, safe from any context.
 */
void kmemcg_counter_uncharge(struct kmemcg_counter *c, unsigned long nr)
{
	struct kmemcg_counter *it;

	for (it = c; it; it = it->parent)
		kmemcg_counter_cancel(it, nr);
}

/**
 * kmemcg_counter_set_max - set the own limit of one level
 * @c: counter
 * @nr: new limit, pages (%KMEMCG_COUNTER_MAX for none)
 *
 * Raising the limit (or setting the same one) always succeeds and needs no
 * ordering: what is committed fitted the old limit, so it fits the new one,
 * and a charger that still sees the old limit only fails needlessly once.
 * Usage is not looked at then, because it can be above the limit for
 * reasons that must not refuse a raise: charges that are about to fail
 * (speculative adds, many at once when a busy group sits at its limit,
 * which is exactly when an administrator raises it), and forced charges.
 *
 * Lowering it is page_counter_set_max()'s retry: read the usage, refuse
 * if it is already above @nr, then swap the limit in and read the usage
 * again.  Both xchg() and the chargers' atomic_long_add_return() are full
 * barriers, so a charger that still saw the old limit has its add visible
 * to the second read.  If that read is within @nr, every charge that
 * passed the old limit fits the new one: done.  Otherwise some of the
 * excess may only be speculative charges about to be undone, so put the
 * old limit back and start over; a level that really is above @nr gets
 * -EBUSY from the first read of the next round.  Under heavy charging
 * near @nr that first read can also see a transient excess and refuse:
 * the caller may retry.  The usage compared is the whole level's,
 * descendants included.
 *
 * Return: 0 when the limit is set; -EBUSY, with the limit unchanged, when
 * lowering it below the usage.
 *
 * Serialisation: the caller serialises calls on the same counter, so
 * c->max changes only here; chargers need not be excluded.  Any context,
 * a spinlock held included: it never sleeps.  The retry cannot spin on a
 * charge stuck half-way (say, preempted on this CPU between its add and
 * its undo): an excess that stays makes the next round's first read
 * return -EBUSY, so a round is repeated only when the usage came back
 * within @nr in the meantime, which is others making progress.
 */
int kmemcg_counter_set_max(struct kmemcg_counter *c, unsigned long nr)
{
	if (nr >= READ_ONCE(c->max)) {
		WRITE_ONCE(c->max, nr);
		return 0;
	}

	for (;;) {
		unsigned long old, usage;

		usage = kmemcg_counter_read(c);
		if (usage > nr)
			return -EBUSY;

		old = xchg(&c->max, nr);

		if (kmemcg_counter_read(c) <= nr)
			return 0;

		WRITE_ONCE(c->max, old);
		cpu_relax();
	}
}

/**
 * kmemcg_counter_reset_watermark - restart peak tracking from now
 * @c: counter
 *
 * Sets the watermark to the current usage.  A charge racing with the
 * reset may raise it right after, which is what a reset means anyway.
 *
 * Return: nothing.
 *
 * Serialisation: none needed; safe from any context.
 */
void kmemcg_counter_reset_watermark(struct kmemcg_counter *c)
{
	WRITE_ONCE(c->watermark, kmemcg_counter_read(c));
}

/**
 * kmemcg_counter_force_max - set the own limit of one level, whatever the usage
 * @c: counter
 * @nr: new limit, in the counter's units
 *
 * For a counter that is only charged with kmemcg_counter_charge() (a view
 * that limits are not enforced against): its usage may be above @nr, and
 * that must not refuse the limit, which the enforced view checked.
 *
 * Return: nothing.
 *
 * Serialisation: as kmemcg_counter_set_max().
 */
void kmemcg_counter_force_max(struct kmemcg_counter *c, unsigned long nr)
{
	WRITE_ONCE(c->max, nr);
}
