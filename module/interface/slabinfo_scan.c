// SPDX-License-Identifier: GPL-2.0
/*
 * The slabinfo files' pass over the owner table (slabinfo.c says what the
 * files show).  Computed when a file is opened, the way SLUB computes
 * /proc/slabinfo: from the slabs themselves, here the slabs the owner
 * table says a group owns.  One pass records (group, cache, objects in
 * use, objects, pages) per tracked folio into an array sized before the
 * pass, and under the object view one record per group with objects in a
 * slab that has an owner vector; the records are sorted and summed into
 * rows.  The pass's buffers are vmalloc()ed: large kmallocs would be
 * charged to the reader's cgroup and show up in the very snapshot they
 * hold.  No hook is involved: the slab fast paths pay nothing for it.
 *
 * A cache's objects "in use" are those SLUB counts so (slab->inuse): as in
 * /proc/slabinfo, objects on a per-CPU freelist count as active.
 *
 * Locking:
 *  - slab_mutex (the kernel's; sleeping) is held for the whole pass and
 *    the rendering after it: no cache is destroyed meanwhile, so a
 *    slab_cache pointer read from a slab may be trusted once it is found
 *    among the caches snapshotted under the same hold.  A slab freed and
 *    reused during the pass yields a pointer that is either not found
 *    (skipped) or a live cache (the record is then off by that slab, as
 *    /proc/slabinfo is when it races).
 *  - rcu_read_lock() around each chunk of table entries keeps owners and
 *    groups alive while they are looked at; an owner vector freed under
 *    the pass stays mapped (object_table.c).
 */
#include <linux/bsearch.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include "fault.h"
#include "group.h"
#include "kmemcg.h"
#include "object.h"
#include "slabinfo_scan.h"

static int kmemcg_ptr_cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static int kmemcg_rec_cmp(const void *a, const void *b)
{
	const struct kmemcg_rec *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->cache < y->cache ? -1 : x->cache > y->cache;
}

/* slab_mutex held: snapshot the caches, sorted for lookups by address. */
static int kmemcg_scan_caches(struct kmemcg_scan *sc, struct list_head *head)
{
	struct list_head *pos;
	unsigned int n = 0;

	list_for_each(pos, head)
		n++;
	sc->caches = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF,
				      vmalloc(array_size(max(n, 1U), sizeof(*sc->caches))));
	if (!sc->caches)
		return -ENOMEM;
	list_for_each(pos, head)
		sc->caches[sc->ncaches++] = kmemcg_cache_of_list(pos);
	sort(sc->caches, sc->ncaches, sizeof(*sc->caches), kmemcg_ptr_cmp, NULL);
	return 0;
}

static long kmemcg_scan_find(const struct kmemcg_scan *sc, struct kmem_cache *s)
{
	struct kmem_cache **hit = bsearch(&s, sc->caches, sc->ncaches,
					  sizeof(*sc->caches), kmemcg_ptr_cmp);

	return hit ? hit - sc->caches : -1;
}

/* Inside rcu_read_lock(): record the folio at @pfn if @g is wanted. */
static void kmemcg_scan_pfn(struct kmemcg_scan *sc, unsigned long pfn,
			    const struct kmemcg_group *g)
{
	struct folio *folio = page_folio(pfn_to_page(pfn));
	struct kmemcg_rec *r;
	unsigned int inuse = 1, objects = 1;
	long cache = sc->ncaches;		/* large kmalloc */

	if (folio_test_slab(folio)) {
		cache = kmemcg_scan_find(sc, kmemcg_slab_cache((struct slab *)folio));
		if (cache < 0)
			return;		/* freed and reused under us */
		kmemcg_slab_counts((struct slab *)folio, &inuse, &objects);
		inuse = min(inuse, objects);
	}
	if (sc->nrecs == sc->maxrecs)
		return;			/* grew during the pass: a snapshot */
	r = &sc->recs[sc->nrecs++];
	memset(r, 0, sizeof(*r));
	r->group = sc->only ? 0 : g->scan_idx;
	r->cache = cache;
	r->inuse = inuse;
	r->objects = objects;
	r->pages = folio_nr_pages(folio);
}

/* Inside rcu_read_lock(): one record per owner of @n objects in a slab. */
static void kmemcg_scan_owners(struct kmemcg_scan *sc, long cache, u32 slot_size,
			       const u32 *ids, const u32 *counts, const u32 *account,
			       unsigned int n, bool first)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct kmemcg_owner *owner = kmemcg_owner_get_id(ids[i]);
		struct kmemcg_group *g = owner ? rcu_dereference(owner->group) : NULL;
		struct kmemcg_rec *r;

		if (!g || (sc->only && g != sc->only) || sc->nrecs == sc->maxrecs)
			continue;
		r = &sc->recs[sc->nrecs++];
		memset(r, 0, sizeof(*r));
		r->group = sc->only ? 0 : g->scan_idx;
		r->cache = cache;
		r->obj_count = counts[i];
		r->obj_account = account[i];
		r->obj_slabs = first;
		r->slot_size = slot_size;
	}
}

/*
 * Inside rcu_read_lock(): the object records of the slab at @pfn.  Its
 * vector may be freed under us: the memory stays the pool's, so the ids
 * read are at worst stale, like a slab's counts.
 */
static void kmemcg_scan_vec(struct kmemcg_scan *sc, unsigned long pfn, u32 handle)
{
	const struct kmemcg_objvec *v = kmemcg_objvec_get(handle);
	struct folio *folio = page_folio(pfn_to_page(pfn));
	u32 ids[KMEMCG_SCAN_OWNERS], counts[KMEMCG_SCAN_OWNERS], account[KMEMCG_SCAN_OWNERS];
	unsigned int i, j, n = 0, nr = READ_ONCE(v->nr_slots), inuse, objects;
	u32 slot_size = READ_ONCE(v->slot_size);
	bool first = true;
	long cache;

	if (!folio_test_slab(folio))
		return;
	cache = kmemcg_scan_find(sc, kmemcg_slab_cache((struct slab *)folio));
	if (cache < 0)
		return;
	/*
	 * A vector freed and reused under us may show any number there: never
	 * read past what a slab of this one's can have.
	 */
	kmemcg_slab_counts((struct slab *)folio, &inuse, &objects);
	nr = min3(nr, objects, kmemcg_objvec_max_slots(handle));
	for (i = 0; i < nr; i++) {
		u32 slot = READ_ONCE(v->slots[i]), id = slot & KMEMCG_SLOT_ID;

		if (!id)
			continue;
		for (j = 0; j < n && ids[j] != id; j++)
			;
		if (j == n) {
			if (n == KMEMCG_SCAN_OWNERS) {
				/* More owners than fit: spill, the slab counted once. */
				kmemcg_scan_owners(sc, cache, slot_size, ids, counts,
						   account, n, first);
				first = false;
				n = 0;
				j = 0;
			}
			ids[n] = id;
			account[n] = 0;
			counts[n++] = 0;
		}
		counts[j]++;
		account[j] += !!(slot & KMEMCG_SLOT_ACCOUNT);
	}
	kmemcg_scan_owners(sc, cache, slot_size, ids, counts, account, n, first);
}

/* slab_mutex held: one pass over the owner table. */
static void kmemcg_scan_table(struct kmemcg_scan *sc)
{
	unsigned long pfn, end = kmemcg_owner_table_size();
	struct kmemcg_owner *owner;
	struct kmemcg_group *g;
	u32 entry;

	rcu_read_lock();
	for (pfn = 0; pfn < end; pfn++) {
		if (!(pfn % 4096)) {
			rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
		}
		entry = kmemcg_owner_entry(pfn);
		if (!entry)
			continue;
		if (entry & KMEMCG_ENTRY_VEC)
			kmemcg_scan_vec(sc, pfn, entry & KMEMCG_ENTRY_HANDLE);
		owner = kmemcg_owner_peek(pfn);
		if (!owner)
			continue;
		g = rcu_dereference(owner->group);
		if (!sc->only || g == sc->only)
			kmemcg_scan_pfn(sc, pfn, g);
	}
	rcu_read_unlock();
}

/**
 * kmemcg_scan_run - one pass over the owner table
 * @sc: the scan, zeroed but for @sc->only (a group, or NULL for all)
 *
 * Process context; sleeps.  Takes slab_mutex and returns with it held
 * when it succeeds (rendering reads cache fields): kmemcg_scan_done()
 * drops it.  Records are sorted by (group, cache).
 * Return: 0, or -ENOMEM (nothing held then).
 */
int kmemcg_scan_run(struct kmemcg_scan *sc)
{
	struct mutex *slab_mutex = (void *)kmemcg_lookup_name("slab_mutex");
	struct list_head *slab_caches = (void *)kmemcg_lookup_name("slab_caches");
	int ret;

	struct kmemcg_objvec_usage u;

	/*
	 * Room for every entry now, a few owners per vector, and growth
	 * during the pass.
	 */
	kmemcg_objvec_usage(&u);
	sc->maxrecs = atomic_long_read(&kmemcg_stat.entries) + 4 * u.slabs;
	sc->maxrecs += sc->maxrecs / 8 + 1024;
	sc->recs = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF,
				    vmalloc(array_size(sc->maxrecs, sizeof(*sc->recs))));
	if (!sc->recs)
		return -ENOMEM;
	mutex_lock(slab_mutex);
	ret = kmemcg_scan_caches(sc, slab_caches);
	if (!ret)
		kmemcg_scan_table(sc);
	/* Rendering reads cache fields: the caller unlocks after it. */
	if (ret)
		mutex_unlock(slab_mutex);
	else
		sort(sc->recs, sc->nrecs, sizeof(*sc->recs), kmemcg_rec_cmp, NULL);
	return ret;
}

/**
 * kmemcg_scan_done - end a pass: drop slab_mutex and free its buffers
 * @sc: the scan kmemcg_scan_run() was given, whether it succeeded or not
 *
 * Drops slab_mutex when the pass holds it (it does exactly when its
 * cache snapshot was made, so a failed pass is ended here too), then
 * vfree()s the snapshot and the records.
 *
 * Context: process context, after the rendering that read cache fields;
 * may sleep (vfree()).
 */
void kmemcg_scan_done(struct kmemcg_scan *sc)
{
	struct mutex *slab_mutex = (void *)kmemcg_lookup_name("slab_mutex");

	if (sc->caches)
		mutex_unlock(slab_mutex);
	vfree(sc->caches);
	vfree(sc->recs);
}

/**
 * kmemcg_scan_row - sum the records of one (group, cache)
 * @sc: a pass that succeeded
 * @i: index of the first record; set past the last one summed
 * @row: filled with both views' figures and the cache's fields
 *
 * slab_mutex held (by the pass).
 */
void kmemcg_scan_row(const struct kmemcg_scan *sc, size_t *i,
		     struct kmemcg_slabinfo_row *row)
{
	const struct kmemcg_rec *first = &sc->recs[*i], *r;
	struct kmem_cache *s;

	memset(row, 0, sizeof(*row));
	for (r = first; r < sc->recs + sc->nrecs && !kmemcg_rec_cmp(r, first); r++) {
		if (r->obj_count) {
			row->objects += r->obj_count;
			row->object_bytes += (unsigned long)r->obj_count * r->slot_size;
			row->accounted_object_bytes += (unsigned long)r->obj_account *
						       r->slot_size;
			row->object_slabs += r->obj_slabs;
			continue;
		}
		row->active_objs += r->inuse;
		row->num_objs += r->objects;
		row->num_slabs += first->cache == sc->ncaches ? r->pages : 1;
	}
	*i = r - sc->recs;
	if (first->cache == sc->ncaches) {
		/* A "slab" of the large line is a page; objects are allocations. */
		row->name = KMEMCG_SLABINFO_LARGE;
		row->objsize = PAGE_SIZE;
		row->objperslab = 1;
		row->pagesperslab = 1;
		return;
	}
	s = sc->caches[first->cache];
	row->name = kmemcg_cache_name(s);
	row->objsize = kmemcg_cache_size(s);
	row->objperslab = kmemcg_cache_objperslab(s);
	row->pagesperslab = kmemcg_cache_max_pages(s);
	/* The kernel charges every object of a SLAB_ACCOUNT cache. */
	if (kmemcg_cache_accounted(s))
		row->accounted_object_bytes = row->object_bytes;
}

