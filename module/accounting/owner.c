// SPDX-License-Identifier: GPL-2.0
/*
 * The owner table: which owner each tracked page belongs to.
 *
 * It is an array of u32 owner ids indexed by page frame number, in one
 * chunk per memory section (PAGES_PER_SECTION frames, 128 MiB on x86-64)
 * that holds memory at load: 4 bytes per page of RAM, 0.1%, the price the
 * kernel itself once paid for page_cgroup, and nothing for the holes
 * (the PCI hole below 4 GiB, gaps between nodes).  It is the only structure the
 * hooks write, and it never allocates: the allocation hooks cannot recurse
 * into the allocator they hook, and no allocation failure can lose an
 * entry.  Only the head page of a slab or large-kmalloc folio has an entry.
 *
 * Owner ids index kmemcg_owner_by_id, owner pointers in chunks of
 * KMEMCG_OWNER_CHUNK, each allocated when the first id in it is used
 * (ids are allocated lowest first), so the index costs what the groups
 * that exist need, not what max_owners allows; only the directory of
 * chunks is allocated at load.  Id 0 means "untracked"; the top bit
 * of an entry marks a large-kmalloc folio (ids stay below 2^24).  Under
 * object and shadow granularity a slab's entry may name its owner vector
 * instead (object.h, object_table.c), which keeps the page's own entry.
 *
 * Locking:
 *  - table entries: written with xchg() by the allocation and free hooks
 *    of the page, which the page allocator serialises (a page is allocated
 *    before it is freed); no lock.  A slab's entry is also replaced, once,
 *    by a vector with cmpxchg(), by the first object charge in it: that
 *    runs between the slab's allocation and its free (an object of it is
 *    allocated), and racing charges in the same slab agree by the cmpxchg.
 *  - kmemcg_owner_by_id and its chunks: written only under kmemcg_groups_mutex
 *    (owner_new/owner_free), read locklessly by the free hooks inside an
 *    RCU read-side section; owners are freed after a grace period.
 *  - the id allocator (IDA) has its own lock; process context only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/idr.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "charge.h"
#include "fault.h"
#include "group.h"
#include "kmemcg.h"
#include "object.h"

/* Owners can be live groups or removed ones with pages left. */
static unsigned int max_owners = 65536;
module_param(max_owners, uint, 0400);
MODULE_PARM_DESC(max_owners,
		 "Most groups, live or removed with pages left, tracked at once (default 65536)");

static u32 **kmemcg_owner_table;		/* a chunk per present section */
static unsigned long kmemcg_owner_table_pfns;	/* max_pfn at load */
static unsigned long kmemcg_owner_table_chunks;	/* chunks allocated */
/* One page of owner pointers per chunk. */
#define KMEMCG_OWNER_CHUNK	(PAGE_SIZE / sizeof(struct kmemcg_owner *))

static struct kmemcg_owner ***kmemcg_owner_by_id;	/* chunk directory */
static unsigned int kmemcg_owner_chunks;		/* chunks allocated */
static DEFINE_IDA(kmemcg_owner_ida);

/* Sections the table's directory covers: those below max_pfn at load. */
static unsigned long kmemcg_owner_sections(void)
{
	return DIV_ROUND_UP(kmemcg_owner_table_pfns, PAGES_PER_SECTION);
}

/* The entry of @pfn, or NULL for a frame with none (a hole, hot-added). */
static inline u32 *kmemcg_owner_slot_pfn(unsigned long pfn)
{
	u32 *chunk;

	if (unlikely(pfn >= kmemcg_owner_table_pfns))
		return NULL;
	chunk = kmemcg_owner_table[pfn_to_section_nr(pfn)];
	return likely(chunk) ? &chunk[pfn & (PAGES_PER_SECTION - 1)] : NULL;
}

static void kmemcg_owner_table_free(void)
{
	unsigned long nr;

	for (nr = 0; kmemcg_owner_table && nr < kmemcg_owner_sections(); nr++)
		vfree(kmemcg_owner_table[nr]);
	vfree(kmemcg_owner_table);
	kmemcg_owner_table = NULL;
	kmemcg_owner_table_chunks = 0;
}

/**
 * kmemcg_owners_init - allocate the owner table and the owner index, at load
 *
 * Sizes the table from the kernel's max_pfn (found by name: it is not
 * exported), 4 bytes per page frame of each memory section present
 * (valid_section(), include/linux/mmzone.h), and the id index's
 * directory from max_owners.  Memory hot-added later (a new section, or
 * beyond max_pfn) has no entries and stays uncharged (beyond_table_pages).
 *
 * Context: process context, at load, before any hook; sleeps (vzalloc()).
 * Return: 0; -ENOENT when max_pfn is not found, -ERANGE when max_owners is
 * outside 16..2^24, -ENOMEM when either array cannot be allocated.  Each
 * failure is logged and leaves nothing allocated.
 */
int kmemcg_owners_init(void)
{
	unsigned long *max_pfn_p = (void *)kmemcg_lookup_name("max_pfn");
	unsigned long nr;

	if (!max_pfn_p) {
		pr_err("cannot load: kernel symbol max_pfn not found\n");
		return -ENOENT;
	}
	if (max_owners < 16 || max_owners > (1U << 24)) {
		pr_err("cannot load: max_owners=%u out of range 16..%u\n",
		       max_owners, 1U << 24);
		return -ERANGE;
	}
	kmemcg_owner_table_pfns = READ_ONCE(*max_pfn_p);
	kmemcg_owner_table = kmemcg_fail_null(KMEMCG_FAULT_TABLE,
					      vzalloc(array_size(kmemcg_owner_sections(),
								 sizeof(*kmemcg_owner_table))));
	if (!kmemcg_owner_table)
		goto nomem;
	for (nr = 0; nr < kmemcg_owner_sections(); nr++) {
		if (!valid_section_nr(nr))
			continue;
		kmemcg_owner_table[nr] = kmemcg_fail_null(KMEMCG_FAULT_TABLE,
							  vzalloc(PAGES_PER_SECTION * sizeof(u32)));
		if (!kmemcg_owner_table[nr])
			goto free_table;
		kmemcg_owner_table_chunks++;
	}
	kmemcg_owner_by_id = kmemcg_fail_null(KMEMCG_FAULT_TABLE,
					      vzalloc(array_size(DIV_ROUND_UP(max_owners,
									      KMEMCG_OWNER_CHUNK),
								 sizeof(*kmemcg_owner_by_id))));
	if (!kmemcg_owner_by_id)
		goto free_table;
	return 0;

free_table:
	kmemcg_owner_table_free();
nomem:
	pr_err("cannot load: no memory for the owner table (%lu pages)\n",
	       kmemcg_owner_table_pfns);
	return -ENOMEM;
}

/**
 * kmemcg_owners_exit - free the owner table and the owner index, at unload
 *
 * Returns the object vectors still named by table entries (of slabs still
 * live) to their pool, then frees both arrays; pages still owned are
 * forgotten.  Warns once per owner left: the groups free every owner
 * first (kmemcg_groups_exit()).
 *
 * Context: process context, at unload or on a failed load, after every
 * hook is gone and before kmemcg_objvec_exit(); may sleep: cond_resched()
 * after every vector freed and every 2^12 pages of the table.  Each
 * gen_pool_free() walks the pool's chunks, so thousands of live vectors
 * took a 6.1 guest (no preemption) over 22 s in one go: a soft lockup in
 * the soak.
 */
void kmemcg_owners_exit(void)
{
	unsigned long pfn;
	unsigned int id;
	u32 *e;

	/* Vectors of slabs still live go back to their pool before it goes. */
	for (pfn = 0; pfn < kmemcg_owner_table_pfns; pfn++) {
		e = kmemcg_owner_slot_pfn(pfn);
		if (e && (*e & KMEMCG_ENTRY_VEC)) {
			kmemcg_objvec_free(kmemcg_objvec_get(*e & KMEMCG_ENTRY_HANDLE));
			cond_resched();
		} else if (!(pfn % 4096)) {
			cond_resched();
		}
	}

	/* Pages still owned are forgotten; owners are freed by the groups. */
	for (id = 0; id < DIV_ROUND_UP(max_owners, KMEMCG_OWNER_CHUNK); id++) {
		struct kmemcg_owner **chunk = kmemcg_owner_by_id[id];
		unsigned int i;

		if (!chunk)
			continue;
		for (i = 0; i < KMEMCG_OWNER_CHUNK; i++)
			WARN_ONCE(chunk[i], "kmemcg: owner %lu left at exit\n",
				  id * KMEMCG_OWNER_CHUNK + i);
		free_page((unsigned long)chunk);
	}
	kmemcg_owner_chunks = 0;
	vfree(kmemcg_owner_by_id);
	kmemcg_owner_table_free();
	ida_destroy(&kmemcg_owner_ida);
}

/**
 * kmemcg_owner_table_bytes - the memory the owner table and index take
 *
 * Context: any; a racy read of the chunk count is fine for a figure.
 * Return: bytes of the table (its directory, and 4 per page frame of each
 * section present), of the id index's
 * directory (one pointer per KMEMCG_OWNER_CHUNK possible owners) and of
 * its chunks allocated so far (one page each).
 */
unsigned long kmemcg_owner_table_bytes(void)
{
	return kmemcg_owner_sections() * sizeof(*kmemcg_owner_table) +
	       kmemcg_owner_table_chunks * PAGES_PER_SECTION * sizeof(u32) +
	       DIV_ROUND_UP(max_owners, KMEMCG_OWNER_CHUNK) * sizeof(*kmemcg_owner_by_id) +
	       (unsigned long)READ_ONCE(kmemcg_owner_chunks) * PAGE_SIZE;
}

/* The slot of @id in the index; allocates its chunk.  Groups mutex held. */
static struct kmemcg_owner **kmemcg_owner_slot(unsigned int id)
{
	struct kmemcg_owner ***dir = &kmemcg_owner_by_id[id / KMEMCG_OWNER_CHUNK];

	if (!*dir) {
		struct kmemcg_owner **chunk =
			kmemcg_fail_null(KMEMCG_FAULT_OWNER_CHUNK,
					 (void *)get_zeroed_page(GFP_KERNEL));

		if (!chunk)
			return NULL;
		/* Publish zeroed: pairs with READ_ONCE in kmemcg_owner_get_id. */
		smp_store_release(dir, chunk);
		WRITE_ONCE(kmemcg_owner_chunks, kmemcg_owner_chunks + 1);
	}
	return &(*dir)[id % KMEMCG_OWNER_CHUNK];
}

/**
 * kmemcg_owner_new - a new owner naming @group
 * @group: the group
 *
 * Process context, kmemcg_groups_mutex held.
 * Return: the owner, or NULL (counted as an internal failure).
 */
struct kmemcg_owner *kmemcg_owner_new(struct kmemcg_group *group)
{
	struct kmemcg_owner *owner, **slot;
	int id;

	owner = kmemcg_fail_null(KMEMCG_FAULT_OWNER, kzalloc(sizeof(*owner), GFP_KERNEL));
	if (!owner)
		goto fail;
	id = kmemcg_fail_errno(KMEMCG_FAULT_OWNER_ID,
			       ida_alloc_range(&kmemcg_owner_ida, 1, max_owners - 1, GFP_KERNEL));
	if (id < 0) {
		kfree(owner);
		goto fail;
	}
	slot = kmemcg_owner_slot(id);
	if (!slot) {
		ida_free(&kmemcg_owner_ida, id);
		kfree(owner);
		goto fail;
	}
	owner->id = id;
	RCU_INIT_POINTER(owner->group, group);
	list_add_tail(&owner->node, &group->owners);
	atomic_long_add(sizeof(*owner), &kmemcg_stat.module_bytes);
	/* Publish initialised: pairs with READ_ONCE in kmemcg_owner_get_id. */
	smp_store_release(slot, owner);
	return owner;
fail:
	atomic_long_inc(&kmemcg_stat.internal_failures);
	return NULL;
}

/**
 * kmemcg_owner_free - forget an owner no page names any more
 * @owner: owner, already off its group's list
 *
 * Process context, kmemcg_groups_mutex held.  Lockless readers may still
 * hold the pointer: it is freed after an RCU grace period.
 */
void kmemcg_owner_free(struct kmemcg_owner *owner)
{
	struct kmemcg_owner **chunk = kmemcg_owner_by_id[owner->id / KMEMCG_OWNER_CHUNK];

	WRITE_ONCE(chunk[owner->id % KMEMCG_OWNER_CHUNK], NULL);
	ida_free(&kmemcg_owner_ida, owner->id);
	atomic_long_sub(sizeof(*owner), &kmemcg_stat.module_bytes);
	kfree_rcu(owner, rcu);
}

/**
 * kmemcg_owner_get_id - the owner an id names
 * @id: an owner id, as in a table entry (flag bits cleared); 0 is untracked
 *
 * Context: any context, inside rcu_read_lock(): owners are freed after a
 * grace period (kmemcg_owner_free()), so the owner stays valid until the
 * read-side section ends.  Lockless; pairs with kmemcg_owner_new()'s
 * release store.
 * Return: the owner, or NULL for id 0, a free id or one of max_owners or
 * more.
 */
struct kmemcg_owner *kmemcg_owner_get_id(u32 id)
{
	struct kmemcg_owner **chunk;

	if (id >= max_owners)
		return NULL;
	chunk = READ_ONCE(kmemcg_owner_by_id[id / KMEMCG_OWNER_CHUNK]);
	return chunk ? READ_ONCE(chunk[id % KMEMCG_OWNER_CHUNK]) : NULL;
}

/**
 * kmemcg_owner_record - note that the page at @pfn belongs to @owner
 * @pfn: head page of a freshly allocated slab or large-kmalloc folio
 * @owner: its owner
 * @kind: which of the two
 *
 * Any context.
 *
 * Return: true when recorded; false when the page lies beyond the table
 * (memory hot-added after load): the caller then leaves it uncharged.
 */
bool kmemcg_owner_record(unsigned long pfn, struct kmemcg_owner *owner,
			 enum kmemcg_kind kind)
{
	u32 old, *e = kmemcg_owner_slot_pfn(pfn);

	if (unlikely(!e)) {
		atomic_long_inc(&kmemcg_stat.beyond_table);
		return false;
	}
	old = xchg(e,
		   owner->id | (kind == KMEMCG_KIND_LARGE ? KMEMCG_ENTRY_LARGE : 0));
	/*
	 * A page cannot be allocated twice; a stale entry means its free went
	 * through a path we do not hook.  Its charge cannot be found again, so
	 * count it: the conservation checks will show it.  An owner vector
	 * there would be named by no entry any more: it goes now, its objects
	 * counted stale.
	 */
	if (unlikely(old)) {
		atomic_long_inc(&kmemcg_stat.stale_entries);
		if (old & KMEMCG_ENTRY_VEC) {
			rcu_read_lock();
			kmemcg_objvec_release(kmemcg_objvec_get(old & KMEMCG_ENTRY_HANDLE));
			rcu_read_unlock();
		}
	}
	return true;
}

/**
 * kmemcg_owner_take - take the owner entry of a page being freed
 * @pfn: head page of the folio being freed
 *
 * Any context.  Clears the entry.  Called by the hooks that free slab and
 * large-kmalloc folios: an untracked folio costs one load.
 * Return: the entry (see object.h), 0 for a page that was not tracked.
 */
u32 kmemcg_owner_take(unsigned long pfn)
{
	u32 *e = kmemcg_owner_slot_pfn(pfn);

	if (unlikely(!e) || likely(!READ_ONCE(*e)))
		return 0;
	return xchg(e, 0);
}

/**
 * kmemcg_owner_entry - the owner entry of a page, as it is now
 * @pfn: a page frame number
 *
 * Any context.
 *
 * Return: the entry, 0 for an untracked page or one beyond the table.
 */
u32 kmemcg_owner_entry(unsigned long pfn)
{
	u32 *e = kmemcg_owner_slot_pfn(pfn);

	return likely(e) ? READ_ONCE(*e) : 0;
}

/**
 * kmemcg_owner_entry_replace - replace a slab's entry by its vector's
 * @pfn: head page of a slab with an object allocated
 * @old: the entry read before (its page charge, or 0)
 * @new: KMEMCG_ENTRY_VEC and the vector's handle
 *
 * Any context.
 *
 * Return: true when replaced; false when the entry is no longer @old
 * (another charge installed a vector first), or the page lies beyond the
 * table.
 */
bool kmemcg_owner_entry_replace(unsigned long pfn, u32 old, u32 new)
{
	u32 *e = kmemcg_owner_slot_pfn(pfn);

	if (unlikely(!e)) {
		atomic_long_inc(&kmemcg_stat.beyond_table);
		return false;
	}
	return cmpxchg(e, old, new) == old;
}

/**
 * kmemcg_owner_table_size - the page frames the owner table covers, for scans
 *
 * Context: any; fixed at load.
 * Return: max_pfn as it was at load: pfns 0 to this minus 1 may have
 * entries (those in holes have none: kmemcg_owner_entry() gives them 0).
 */
unsigned long kmemcg_owner_table_size(void)
{
	return kmemcg_owner_table_pfns;
}

/**
 * kmemcg_owner_peek - the owner of a page, without clearing the entry
 * @pfn: a page frame number below kmemcg_owner_table_size()
 *
 * Any context, inside rcu_read_lock().  For scans: the page may be freed
 * right after; the owner stays valid until the RCU section ends.
 * Return: the owner, or NULL for an untracked page.
 */
struct kmemcg_owner *kmemcg_owner_peek(unsigned long pfn)
{
	u32 id = kmemcg_owner_entry(pfn);

	if (id & KMEMCG_ENTRY_VEC)
		id = READ_ONCE(kmemcg_objvec_get(id & KMEMCG_ENTRY_HANDLE)->page_entry);
	id &= ~KMEMCG_ENTRY_LARGE;
	return id ? kmemcg_owner_get_id(id) : NULL;
}
