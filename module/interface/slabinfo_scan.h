/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One pass over the owner table for the slabinfo files (slabinfo_scan.c):
 * records per tracked folio and per (group, slab) of objects, summed into
 * rows per (group, cache) that slabinfo.c renders.
 */
#ifndef KMEMCG_SLABINFO_SCAN_H
#define KMEMCG_SLABINFO_SCAN_H

#include <linux/types.h>
#include "kmemcg/slabinfo.h"

struct kmem_cache;
struct kmemcg_group;

/*
 * One record of the pass: a tracked folio (page view), or one group's
 * objects in one slab (object view, obj_count > 0).
 */
struct kmemcg_rec {
	u32 group;		/* scan_idx of its group */
	u32 cache;		/* index in the cache snapshot; ncaches: large */
	u32 inuse;		/* page view: the folio's... */
	u32 objects;
	u32 pages;
	u32 obj_count;		/* object view: the group's objects in the slab */
	u32 obj_account;	/* of them, allocated with __GFP_ACCOUNT */
	u32 obj_slabs;		/* 1, or 0 for a second record of the same slab */
	u32 slot_size;
};

/* Distinct owners a slab's objects are summed by, before records spill. */
#define KMEMCG_SCAN_OWNERS	8

struct kmemcg_scan {
	struct kmem_cache **caches;	/* sorted by address */
	unsigned int ncaches;
	struct kmemcg_rec *recs;
	size_t nrecs, maxrecs;
	const struct kmemcg_group *only;	/* per-cgroup file; NULL: all */
};

int kmemcg_scan_run(struct kmemcg_scan *sc);
void kmemcg_scan_done(struct kmemcg_scan *sc);
void kmemcg_scan_row(const struct kmemcg_scan *sc, size_t *i,
		     struct kmemcg_slabinfo_row *row);

#endif /* KMEMCG_SLABINFO_SCAN_H */
