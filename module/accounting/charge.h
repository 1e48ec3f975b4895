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
struct mem_cgroup;
struct seq_file;

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
void kmemcg_charge_ctx_init(struct kmemcg_alloc_ctx *ctx, gfp_t gfp);
struct kmemcg_group *kmemcg_charge_group(struct kmemcg_owner *owner, unsigned long pages,
					 unsigned long bytes, long pins, gfp_t gfp,
					 struct kmemcg_alloc_ctx *ctx);
void kmemcg_uncharge_group(struct kmemcg_group *g, unsigned long pages,
			   unsigned long bytes);
void kmemcg_charge_group_force(struct kmemcg_group *g, unsigned long pages,
			       unsigned long bytes);
void kmemcg_uncharge_folio(unsigned long pfn, unsigned long nr);
void kmemcg_uncharge_large(unsigned long pfn, unsigned long nr);

/* reclaim.c: over_limit=reclaim's call into the kernel */
int kmemcg_reclaim_init(void);
bool kmemcg_reclaim_available(void);
void kmemcg_reclaim_css_put(struct mem_cgroup *memcg);
gfp_t kmemcg_reclaim_gfp(gfp_t gfp);
unsigned long kmemcg_reclaim(struct mem_cgroup *memcg, unsigned long nr_pages,
			     gfp_t gfp);
void kmemcg_reclaim_show_calls(struct seq_file *m);

#endif /* KMEMCG_CHARGE_H */
