/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Object-level accounting (object and shadow granularity): the owner of
 * every object, kept in a vector per slab (object_table.c), and the
 * charges of objects (object_charge.c).
 */
#ifndef KMEMCG_OBJECT_H
#define KMEMCG_OBJECT_H

#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/types.h>

struct kmemcg_owner;

/*
 * Owner-table entries (owner.c), one u32 per slab or large-kmalloc folio:
 *  - 0: untracked;
 *  - an owner id, with KMEMCG_ENTRY_LARGE for a large-kmalloc folio: the
 *    folio's page charge;
 *  - KMEMCG_ENTRY_VEC | handle: a slab with an owner vector, whose header
 *    keeps the entry the slab had before (its page charge, under shadow).
 * Owner ids stay below 2^24, handles below 2^30.
 */
#define KMEMCG_ENTRY_LARGE	BIT(31)
#define KMEMCG_ENTRY_VEC	BIT(30)
#define KMEMCG_ENTRY_HANDLE	(KMEMCG_ENTRY_VEC - 1)

/*
 * The owners of one slab's objects: 4 bytes per object slot, after a
 * 16-byte header.  Slot i holds the owner id of the object at index i
 * (0: free, or not allocated through a hook), with KMEMCG_SLOT_ACCOUNT
 * when the allocation asked for __GFP_ACCOUNT: the kernel's memcg charges
 * such an object even in a cache without SLAB_ACCOUNT (mm/slub.c
 * memcg_slab_pre_alloc_hook() on 6.1, memcg_slab_post_alloc_hook() on
 * 6.12 and later), which the slabinfo scan reports per (cgroup, cache).
 */
struct kmemcg_objvec {
	u32 page_entry;		/* the slab's owner-table entry before */
	u32 slot_size;		/* bytes charged per object: s->size */
	u32 nr_slots;		/* the slab's objects */
	u32 reserved;
	u32 slots[];
};

#define KMEMCG_SLOT_ACCOUNT	BIT(31)
#define KMEMCG_SLOT_ID		(KMEMCG_SLOT_ACCOUNT - 1)	/* owner ids < 2^24 */

#define KMEMCG_OBJVEC_ALIGN	16	/* the pool's unit; the header's size */

/* object_table.c: the vectors and the pool they are carved from */
int kmemcg_objvec_init(void);
void kmemcg_objvec_exit(void);
struct kmemcg_objvec *kmemcg_objvec_alloc(unsigned int nr_slots, unsigned int slot_size,
					  u32 page_entry, u32 *handle);
void kmemcg_objvec_free(struct kmemcg_objvec *v);
struct kmemcg_objvec *kmemcg_objvec_get(u32 handle);
unsigned int kmemcg_objvec_max_slots(u32 handle);

/* Side-table memory, for the stat file. */
struct kmemcg_objvec_usage {
	unsigned long slabs, slots, vector_bytes, pool_bytes;
};

void kmemcg_objvec_usage(struct kmemcg_objvec_usage *u);

/* object_charge.c: charges of objects */

/* A charge of objects in flight, from before the allocation to after it. */
struct kmemcg_obj_charge {
	struct kmemcg_owner *owner;	/* pinned once per object asked for */
	long left;			/* bytes charged, not yet committed */
	unsigned int left_objs;		/* pins not yet committed */
	bool unattributed;
	bool gfp_account;		/* the allocation asked for __GFP_ACCOUNT */
	/* scope=list, cache unknown at begin: the commit looks at the list */
	bool scope_late;
};

bool kmemcg_obj_charge_begin(struct kmemcg_obj_charge *oc, const struct kmem_cache *s,
			     gfp_t gfp, unsigned long bytes, unsigned int nr);
void kmemcg_obj_charge_commit(struct kmemcg_obj_charge *oc, const void *obj);
void kmemcg_obj_charge_end(struct kmemcg_obj_charge *oc);
void kmemcg_obj_uncharge(const void *obj);
void kmemcg_objvec_release(struct kmemcg_objvec *v);
void kmemcg_obj_stat_sum(long *objects, long *bytes, long *unattributed);

/*
 * What one object of a kmalloc of @size is charged before the allocation
 * (the kmalloc cache is chosen inside it): the next power of two, which
 * every kmalloc size class fits in; the commit corrects it to the slot
 * size.  0 for sizes that are not slab objects (0 and large kmallocs).
 */
unsigned long kmemcg_kmalloc_estimate(size_t size);

#endif /* KMEMCG_OBJECT_H */
