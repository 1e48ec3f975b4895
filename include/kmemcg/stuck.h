/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stuck-task detection: the livelock breaker.
 *
 * Some kernel code retries an allocation until it succeeds instead of
 * returning -ENOMEM.  On 6.12, maple tree insertion (mas_nomem(), used by
 * tmpfs directories through simple_offset_add() and by every mmap) goes
 * round again whenever it holds any node from an earlier partial
 * allocation: a task at its kmem limit spins there for as long as the limit
 * refuses, which can be forever.  The kernel's own memcg never meets this,
 * because its GFP_KERNEL charges reclaim or OOM-kill rather than fail.
 *
 * So a task whose charges are refused over and over, with no charge of its
 * own succeeding in between, is taken to be stuck in such a loop: once its
 * refusals have gone on for a window (each no further apart than a gap),
 * one charge is forced past the limit, which lets the loop finish.  A
 * user-space program that retries ENOMEM in a tight loop looks the same,
 * and so gets at most one forced slab per window: the limit leaks by one
 * slab per window and no faster.
 *
 * A tracker is per CPU: a few slots, one per recently refused task.  The
 * caller serialises access to it (preemption off, task context only).
 *
 * Pure C, no kernel dependency: unit-tested on the host.
 */
#ifndef KMEMCG_STUCK_H
#define KMEMCG_STUCK_H

#include "shim.h"

#define KMEMCG_STUCK_SLOTS	4

struct kmemcg_stuck_params {
	u64 window;			/* refusals for this long: stuck; 0: never */
	u64 gap;			/* further apart than this: a new streak */
	unsigned int min_refusals;	/* and at least this many of them */
};

struct kmemcg_stuck_slot {
	unsigned long key;		/* the task; 0: free slot */
	u64 first;			/* time of the streak's first refusal */
	u64 last;			/* time of its latest refusal */
	unsigned int refusals;		/* refusals in the streak */
};

struct kmemcg_stuck {
	struct kmemcg_stuck_slot slot[KMEMCG_STUCK_SLOTS];
	unsigned int used;		/* slots with a key: a fast "nothing" */
};

/* Defaults: 100 ms of refusals at most 10 ms apart, 32 at least. */
#define KMEMCG_STUCK_WINDOW_MS	100
#define KMEMCG_STUCK_GAP_MS	10
#define KMEMCG_STUCK_MIN	32

bool kmemcg_stuck_refused(struct kmemcg_stuck *t,
			  const struct kmemcg_stuck_params *p,
			  unsigned long key, u64 now);
void kmemcg_stuck_progress(struct kmemcg_stuck *t, unsigned long key);
/* Whether key's latest refusal is within the gap of now; changes nothing. */
bool kmemcg_stuck_streak(const struct kmemcg_stuck *t,
			 const struct kmemcg_stuck_params *p,
			 unsigned long key, u64 now);

#endif /* KMEMCG_STUCK_H */
