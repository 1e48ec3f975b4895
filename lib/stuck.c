// SPDX-License-Identifier: GPL-2.0
/*
 * The livelock breaker's bookkeeping (kmemcg/stuck.h says why it exists).
 *
 * The same source builds into kmemcg.ko and into the host unit tests
 * (tests/unit/test_stuck.c); it uses only what kmemcg/shim.h provides.
 */

#include "kmemcg/shim.h"
#include "kmemcg/stuck.h"

static struct kmemcg_stuck_slot *kmemcg_stuck_find(struct kmemcg_stuck *t,
						   unsigned long key)
{
	unsigned int i;

	for (i = 0; i < KMEMCG_STUCK_SLOTS; i++)
		if (t->slot[i].key == key)
			return &t->slot[i];
	return NULL;
}

static void kmemcg_stuck_clear(struct kmemcg_stuck *t, struct kmemcg_stuck_slot *s)
{
	s->key = 0;
	t->used--;
}

/* A slot for a task not tracked yet: a free one, or the longest idle. */
static struct kmemcg_stuck_slot *kmemcg_stuck_claim(struct kmemcg_stuck *t)
{
	struct kmemcg_stuck_slot *s = &t->slot[0];
	unsigned int i;

	for (i = 0; i < KMEMCG_STUCK_SLOTS; i++) {
		if (!t->slot[i].key) {
			t->used++;
			return &t->slot[i];
		}
		if (t->slot[i].last < s->last)
			s = &t->slot[i];
	}
	return s;
}

/**
 * kmemcg_stuck_refused - note that a charge of @key was refused
 * @t: the tracker (the caller serialises access)
 * @p: thresholds
 * @key: the task, nonzero
 * @now: a monotonic time, in the unit of @p's times
 *
 * Return: true when @key's refusals have gone on long enough that it must
 * be stuck: the caller then forces this charge, and the streak starts
 * over.
 */
bool kmemcg_stuck_refused(struct kmemcg_stuck *t,
			  const struct kmemcg_stuck_params *p,
			  unsigned long key, u64 now)
{
	struct kmemcg_stuck_slot *s = kmemcg_stuck_find(t, key);

	if (!s || now - s->last > p->gap) {
		/* A new streak; a clock gone backwards also starts one. */
		if (!s)
			s = kmemcg_stuck_claim(t);
		s->key = key;
		s->first = now;
		s->last = now;
		s->refusals = 1;
		return false;
	}
	s->last = now;
	s->refusals++;
	if (!p->window || now - s->first < p->window || s->refusals < p->min_refusals)
		return false;
	kmemcg_stuck_clear(t, s);
	return true;
}

/**
 * kmemcg_stuck_progress - a charge of @key succeeded: it is not stuck
 * @t: the tracker (the caller serialises access)
 * @key: the task
 *
 * Cheap when no task is tracked, which is the common case.
 */
void kmemcg_stuck_progress(struct kmemcg_stuck *t, unsigned long key)
{
	struct kmemcg_stuck_slot *s;

	if (!t->used)
		return;
	s = kmemcg_stuck_find(t, key);
	if (s)
		kmemcg_stuck_clear(t, s);
}

/**
 * kmemcg_stuck_streak - whether a task is in a streak of refusals now
 * @t: the tracker (of this CPU)
 * @p: gap (window and min_refusals are not looked at)
 * @key: the task
 * @now: the time, in @p's units
 *
 * Changes nothing.  over_limit=reclaim asks before it reclaims: a task
 * refused again within the gap of its last refusal is not reclaimed for
 * again, so that a kernel retry loop goes round as fast as under fail
 * and the breaker sees it (reclaim sleeps, and would space the refusals
 * wider than the gap).
 *
 * Return: true when @key has a slot whose latest refusal is at most
 * @p->gap before @now (a clock gone backwards: false).
 *
 * Serialisation: the caller's, as kmemcg_stuck_refused().
 */
bool kmemcg_stuck_streak(const struct kmemcg_stuck *t,
			 const struct kmemcg_stuck_params *p,
			 unsigned long key, u64 now)
{
	unsigned int i;

	if (!t->used)
		return false;
	for (i = 0; i < KMEMCG_STUCK_SLOTS; i++)
		if (t->slot[i].key == key)
			return now >= t->slot[i].last && now - t->slot[i].last <= p->gap;
	return false;
}
