/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Charging and uncharging pages: the one path every allocation hook takes.
 */
#ifndef KMEMCG_CHARGE_H
#define KMEMCG_CHARGE_H

#include <linux/gfp.h>
#include <linux/types.h>

struct kmemcg_owner;
struct kmemcg_group;
struct kmemcg_alloc_ctx;
struct kmem_cache;

enum kmemcg_kind {
	KMEMCG_KIND_SLAB,	/* a slab folio */
	KMEMCG_KIND_LARGE,	/* a large-kmalloc folio */
};

/* A charge in flight, from before the allocation to after it. */
struct kmemcg_charge {
	struct kmemcg_owner *owner;	/* pins its group's figures */
	unsigned long nr;		/* pages charged */
	bool unattributed;
};

bool kmemcg_charge_begin(struct kmemcg_charge *ch, const struct kmem_cache *s,
			 gfp_t gfp, unsigned long nr, enum kmemcg_kind kind);
void kmemcg_charge_end(struct kmemcg_charge *ch, unsigned long pfn,
		       unsigned long nr, enum kmemcg_kind kind);
struct kmemcg_owner *kmemcg_charge_target(struct kmemcg_alloc_ctx *ctx,
					  const struct kmem_cache *s, gfp_t gfp,
					  bool *unattributed);
bool kmemcg_charge_group(struct kmemcg_group *g, unsigned long pages,
			 unsigned long bytes, struct kmemcg_alloc_ctx *ctx);
void kmemcg_uncharge_group(struct kmemcg_group *g, unsigned long pages,
			   unsigned long bytes);
void kmemcg_charge_group_force(struct kmemcg_group *g, unsigned long pages,
			       unsigned long bytes);
void kmemcg_uncharge_folio(unsigned long pfn, unsigned long nr);
void kmemcg_uncharge_freed_page(unsigned long pfn, unsigned long nr);

#endif /* KMEMCG_CHARGE_H */
