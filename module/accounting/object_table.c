// SPDX-License-Identifier: GPL-2.0
/*
 * Owner vectors: the side table of object-level accounting.
 *
 * A slab that holds an object charged by a hook gets a vector (object.h):
 * 4 bytes per object slot and a 16-byte header, half what the kernel pays
 * for its own per-object obj_cgroup pointers.  The slab's owner-table
 * entry (owner.c) then names the vector by a 30-bit handle, so nothing is
 * stored in the kernel's struct slab or in the objects, and a slab that no
 * hook ever charged an object in costs nothing.
 *
 * Vectors are made by the first charge of an object in a slab, in
 * whatever context that runs (NMI included, on 7.x's kmalloc_nolock()),
 * and freed with the slab.  The hooks cannot allocate (they would recurse
 * into the allocator they hook), so vectors are carved from a gen_pool,
 * whose allocations are lock-free and NMI-safe (lib/genalloc.c).  Its
 * chunks are 1 MiB of vmalloc()ed memory that a work item adds whenever
 * less than KMEMCG_POOL_LOW is free: the hooks only raise an irq_work.
 * Big chunks keep them few (gen_pool finds a vector's chunk by walking
 * them, on every free), and vmalloc() needs no contiguous pages.  A chunk
 * is never given back while the module is loaded, so a vector's memory
 * stays mapped even after it is freed, and the chunk array never changes
 * under a reader.  A handle is the chunk's
 * index and the vector's offset in 16-byte units.  When the pool is empty
 * the object is not recorded (object_charge.c counts it).
 *
 * Locking: the gen_pool has its own (lock-free allocation; a spinlock
 * only when a chunk is added).  kmemcg_pool_mutex serialises the refill
 * work and exit.  Chunk pointers are written once, before the chunk can
 * hand out a vector, and read without a lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/genalloc.h>
#include <linux/irq_work.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include "fault.h"
#include "object.h"
#include "kmemcg.h"

#define KMEMCG_CHUNK_BYTES	SZ_1M
#define KMEMCG_OFFSET_BITS	16	/* 1 MiB in 16-byte units */
#define KMEMCG_MAX_CHUNKS	(1U << (30 - KMEMCG_OFFSET_BITS))
/* gen_pool's own memory per chunk: its header and a bit per 16 bytes. */
#define KMEMCG_CHUNK_META	(KMEMCG_CHUNK_BYTES / KMEMCG_OBJVEC_ALIGN / 8 + 128)
/* Refill when less than LOW bytes are free, by one chunk. */
#define KMEMCG_POOL_LOW		(KMEMCG_CHUNK_BYTES / 2)
#define KMEMCG_POOL_HIGH	(KMEMCG_POOL_LOW + 1)

static_assert(sizeof(struct kmemcg_objvec) == KMEMCG_OBJVEC_ALIGN);
static_assert(KMEMCG_CHUNK_BYTES / KMEMCG_OBJVEC_ALIGN <= (1U << KMEMCG_OFFSET_BITS));
static_assert(KMEMCG_POOL_LOW < KMEMCG_CHUNK_BYTES);

static struct gen_pool *kmemcg_pool;
static void **kmemcg_chunks;		/* index -> chunk address */
static unsigned int kmemcg_nchunks, kmemcg_max_chunks;
static DEFINE_MUTEX(kmemcg_pool_mutex);
static bool kmemcg_pool_stopping;

static atomic_long_t kmemcg_vec_slabs, kmemcg_vec_slots, kmemcg_vec_bytes;
static atomic_long_t kmemcg_pool_bytes;	/* chunks' bytes, vectors can use */

static size_t kmemcg_objvec_bytes(unsigned int nr_slots)
{
	return ALIGN(sizeof(struct kmemcg_objvec) + nr_slots * sizeof(u32),
		     KMEMCG_OBJVEC_ALIGN);
}

/* Process context, kmemcg_pool_mutex held: add chunks up to HIGH free. */
static void kmemcg_pool_fill(void)
{
	while (atomic_long_read(&kmemcg_pool_bytes) - atomic_long_read(&kmemcg_vec_bytes) <
	       KMEMCG_POOL_HIGH && kmemcg_nchunks < kmemcg_max_chunks) {
		unsigned long addr = (unsigned long)kmemcg_fail_null(KMEMCG_FAULT_POOL_CHUNK,
								     vmalloc(KMEMCG_CHUNK_BYTES));
		unsigned int idx = kmemcg_nchunks;

		if (!addr) {
			atomic_long_inc(&kmemcg_stat.internal_failures);
			return;
		}
		/* Set before the pool can hand out a vector from it. */
		WRITE_ONCE(kmemcg_chunks[idx], (void *)addr);
		if (kmemcg_fail_errno(KMEMCG_FAULT_POOL_CHUNK,
				      gen_pool_add_owner(kmemcg_pool, addr, -1, KMEMCG_CHUNK_BYTES,
							 NUMA_NO_NODE,
							 (void *)(unsigned long)idx))) {
			WRITE_ONCE(kmemcg_chunks[idx], NULL);
			vfree((void *)addr);
			atomic_long_inc(&kmemcg_stat.internal_failures);
			return;
		}
		kmemcg_nchunks++;
		atomic_long_add(KMEMCG_CHUNK_BYTES, &kmemcg_pool_bytes);
	}
}

static void kmemcg_pool_refill(struct work_struct *work)
{
	mutex_lock(&kmemcg_pool_mutex);
	if (!kmemcg_pool_stopping)
		kmemcg_pool_fill();
	mutex_unlock(&kmemcg_pool_mutex);
}

static DECLARE_WORK(kmemcg_pool_work, kmemcg_pool_refill);

/* From any context, NMI included: queue the refill from an irq_work. */
static void kmemcg_pool_kick(struct irq_work *w)
{
	if (!READ_ONCE(kmemcg_pool_stopping))
		queue_work(system_unbound_wq, &kmemcg_pool_work);
}

static DEFINE_IRQ_WORK(kmemcg_pool_irq_work, kmemcg_pool_kick);

/**
 * kmemcg_objvec_init - the pool, filled to start with
 *
 * Process context, at load, only under object or shadow granularity.  At
 * most an eighth of RAM goes to vectors (one for every slab of 32-byte
 * objects would take that), and at most 2^14 chunks (the handle's bits).
 * Return: 0, or -ENOMEM after one pr_err line.
 */
int kmemcg_objvec_init(void)
{
	unsigned long ram_chunks = (totalram_pages() << PAGE_SHIFT) / 8 / KMEMCG_CHUNK_BYTES;

	kmemcg_max_chunks = clamp_t(unsigned long, ram_chunks, 64, KMEMCG_MAX_CHUNKS);
	kmemcg_pool_stopping = false;
	kmemcg_pool = kmemcg_fail_null(KMEMCG_FAULT_POOL,
				       gen_pool_create(ilog2(KMEMCG_OBJVEC_ALIGN), NUMA_NO_NODE));
	if (!kmemcg_pool)
		goto nomem;
	kmemcg_chunks = kmemcg_fail_null(KMEMCG_FAULT_POOL,
					 vzalloc(array_size(kmemcg_max_chunks,
							    sizeof(*kmemcg_chunks))));
	if (!kmemcg_chunks)
		goto destroy;
	mutex_lock(&kmemcg_pool_mutex);
	kmemcg_pool_fill();
	mutex_unlock(&kmemcg_pool_mutex);
	if (!kmemcg_nchunks)
		goto free_chunks;
	return 0;

free_chunks:
	vfree(kmemcg_chunks);
	kmemcg_chunks = NULL;
destroy:
	gen_pool_destroy(kmemcg_pool);
	kmemcg_pool = NULL;
nomem:
	pr_err("cannot load: no memory for the object owner pool\n");
	return -ENOMEM;
}

/**
 * kmemcg_objvec_exit - free the pool
 *
 * Process context, at unload, after every hook and probe is gone and
 * every vector was freed (kmemcg_owners_exit() frees those left in the
 * owner table): gen_pool_destroy() insists on it.
 */
void kmemcg_objvec_exit(void)
{
	unsigned int i;

	if (!kmemcg_pool)
		return;
	mutex_lock(&kmemcg_pool_mutex);
	WRITE_ONCE(kmemcg_pool_stopping, true);
	mutex_unlock(&kmemcg_pool_mutex);
	irq_work_sync(&kmemcg_pool_irq_work);
	cancel_work_sync(&kmemcg_pool_work);
	/* gen_pool_destroy() BUG()s on a vector left: leak the pool instead. */
	if (WARN_ONCE(atomic_long_read(&kmemcg_vec_slabs),
		      "kmemcg: %ld owner vectors left, their pool is leaked\n",
		      atomic_long_read(&kmemcg_vec_slabs)))
		return;
	gen_pool_destroy(kmemcg_pool);
	kmemcg_pool = NULL;
	for (i = 0; i < kmemcg_nchunks; i++)
		vfree(kmemcg_chunks[i]);
	kmemcg_nchunks = 0;
	atomic_long_set(&kmemcg_pool_bytes, 0);
	vfree(kmemcg_chunks);
	kmemcg_chunks = NULL;
}

/**
 * kmemcg_objvec_alloc - a zeroed vector for a slab
 * @nr_slots: the slab's objects
 * @slot_size: bytes charged per object
 * @page_entry: the slab's owner-table entry now, kept in the header
 * @handle: set to the vector's handle (without KMEMCG_ENTRY_VEC)
 *
 * Any context, NMI included; never sleeps, never allocates.  Below the
 * low mark, queues a refill.
 * Return: the vector, or NULL when the pool has no room for it.
 */
struct kmemcg_objvec *kmemcg_objvec_alloc(unsigned int nr_slots, unsigned int slot_size,
					  u32 page_entry, u32 *handle)
{
	size_t bytes = kmemcg_objvec_bytes(nr_slots);
	struct kmemcg_objvec *v;
	unsigned long addr;
	void *owner = NULL;
	unsigned long idx;

	addr = kmemcg_should_fail(KMEMCG_FAULT_VECTOR) ? 0 :
	       gen_pool_alloc_owner(kmemcg_pool, bytes, &owner);
	if (atomic_long_read(&kmemcg_pool_bytes) -
	    atomic_long_add_return(addr ? bytes : 0, &kmemcg_vec_bytes) < KMEMCG_POOL_LOW)
		irq_work_queue(&kmemcg_pool_irq_work);
	if (!addr) {
		atomic_long_inc(&kmemcg_stat.internal_failures);
		return NULL;
	}
	idx = (unsigned long)owner;
	v = (struct kmemcg_objvec *)addr;
	memset(v, 0, bytes);
	v->page_entry = page_entry;
	v->slot_size = slot_size;
	v->nr_slots = nr_slots;
	*handle = (idx << KMEMCG_OFFSET_BITS) |
		  ((addr - (unsigned long)kmemcg_chunks[idx]) / KMEMCG_OBJVEC_ALIGN);
	atomic_long_inc(&kmemcg_vec_slabs);
	atomic_long_add(nr_slots, &kmemcg_vec_slots);
	return v;
}

/**
 * kmemcg_objvec_free - give a vector back to the pool
 * @v: a vector no owner-table entry names any more
 *
 * Any context, NMI included.
 */
void kmemcg_objvec_free(struct kmemcg_objvec *v)
{
	size_t bytes = kmemcg_objvec_bytes(v->nr_slots);

	atomic_long_dec(&kmemcg_vec_slabs);
	atomic_long_sub(v->nr_slots, &kmemcg_vec_slots);
	atomic_long_sub(bytes, &kmemcg_vec_bytes);
	gen_pool_free(kmemcg_pool, (unsigned long)v, bytes);
}

/**
 * kmemcg_objvec_get - the vector a handle names
 * @handle: from an owner-table entry (KMEMCG_ENTRY_HANDLE bits)
 *
 * The memory stays mapped while the module is loaded, so a racing reader
 * of a freed vector reads stale ids, never faults.
 *
 * Context: any; lockless.
 * Return: the vector's address, computed from @handle (never NULL; not
 * checked against the vectors in use).
 */
struct kmemcg_objvec *kmemcg_objvec_get(u32 handle)
{
	char *chunk = READ_ONCE(kmemcg_chunks[handle >> KMEMCG_OFFSET_BITS]);

	return (struct kmemcg_objvec *)(chunk + (handle & ((1U << KMEMCG_OFFSET_BITS) - 1)) *
					KMEMCG_OBJVEC_ALIGN);
}

/**
 * kmemcg_objvec_max_slots - the most slots a vector at @handle can have
 * @handle: a vector's handle
 *
 * For readers of a vector that may be freed and reused under them: its
 * nr_slots may be anything then, but its chunk ends where it ends.
 *
 * Context: any; pure arithmetic.
 * Return: how many u32 slots fit between the vector's header and the end
 * of its chunk.
 */
unsigned int kmemcg_objvec_max_slots(u32 handle)
{
	u32 off = (handle & ((1U << KMEMCG_OFFSET_BITS) - 1)) * KMEMCG_OBJVEC_ALIGN;

	return (KMEMCG_CHUNK_BYTES - off - sizeof(struct kmemcg_objvec)) / sizeof(u32);
}

/**
 * kmemcg_objvec_usage - the object vectors' memory, for the stat file
 * @u: filled in: vectors in use (one per slab), their slots and bytes,
 *	and the pool's bytes with its chunks' metadata
 *
 * All zeros under page granularity, which makes no vectors.
 *
 * Context: any; lockless, so a racy snapshot of atomic counters.
 */
void kmemcg_objvec_usage(struct kmemcg_objvec_usage *u)
{
	long pool = atomic_long_read(&kmemcg_pool_bytes);

	u->slabs = atomic_long_read(&kmemcg_vec_slabs);
	u->slots = atomic_long_read(&kmemcg_vec_slots);
	u->vector_bytes = atomic_long_read(&kmemcg_vec_bytes);
	u->pool_bytes = pool + pool / KMEMCG_CHUNK_BYTES * KMEMCG_CHUNK_META;
}
