// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slabinfo: which caches a cgroup's slab pages are in, or
 * under an object view, which caches its objects are in.
 *
 * Computed when a file is opened, the way SLUB computes /proc/slabinfo:
 * from the slabs themselves, here the slabs the owner table says a group
 * owns.  One pass over the table records (group, cache, objects in use,
 * objects, pages) per tracked folio into an array sized before the pass;
 * the records are sorted and summed, rendered (lib/slabinfo.c) into a
 * buffer, and reads are served from that buffer, so a reader sees one
 * consistent snapshot however it reads.  The pass's own buffers are
 * vmalloc()ed: large kmallocs would be charged to the reader's cgroup and
 * show up in the very snapshot they hold.  No hook is involved: the slab
 * fast paths pay nothing for slabinfo.
 *
 * A cache's objects "in use" are those SLUB counts so (slab->inuse): as in
 * /proc/slabinfo, objects on a per-CPU freelist count as active.
 *
 * Object view (object and shadow granularity): a slab with an owner
 * vector yields, besides its page record, one record per group with
 * objects in it: that group's objects there.  The per-cgroup file shows
 * the view limits are enforced against: under the object view a line's
 * active_objs and num_objs are the group's objects in the cache, objsize
 * the slot size charged for each, and its slabs the slabs holding at
 * least one of them (a slab shared by several groups counts for each).
 * The top-level file shows both views on each line.
 *
 * Locking:
 *  - slab_mutex (the kernel's; sleeping) is held for the whole pass: no
 *    cache is destroyed meanwhile, so a slab_cache pointer read from a
 *    slab may be trusted once it is found among the caches snapshotted
 *    under the same hold.  A slab freed and reused during the pass yields
 *    a pointer that is either not found (skipped) or a live cache (the
 *    record is then off by that slab, as /proc/slabinfo is when it races).
 *  - rcu_read_lock() around each chunk of table entries keeps owners and
 *    groups alive while they are looked at.
 *  - The top-level file takes kmemcg_groups_mutex (outside slab_mutex) to
 *    number the groups and keep them alive while it renders their paths.
 *    Per-cgroup files do not take it (see cgroup_files.c): their group
 *    lives as long as the file.
 */
#include <linux/bsearch.h>
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include "kmemcg/policy.h"
#include "kmemcg/slabinfo.h"
#include "group.h"
#include "kmemcg.h"
#include "object.h"

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
	sc->caches = vmalloc(array_size(max(n, 1U), sizeof(*sc->caches)));
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
			       const u32 *ids, const u32 *counts, unsigned int n,
			       bool first)
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
	u32 ids[KMEMCG_SCAN_OWNERS], counts[KMEMCG_SCAN_OWNERS];
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
		u32 id = READ_ONCE(v->slots[i]);

		if (!id)
			continue;
		for (j = 0; j < n && ids[j] != id; j++)
			;
		if (j == n) {
			if (n == KMEMCG_SCAN_OWNERS) {
				/* More owners than fit: spill, the slab counted once. */
				kmemcg_scan_owners(sc, cache, slot_size, ids, counts, n, first);
				first = false;
				n = 0;
				j = 0;
			}
			ids[n] = id;
			counts[n++] = 0;
		}
		counts[j]++;
	}
	kmemcg_scan_owners(sc, cache, slot_size, ids, counts, n, first);
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

/* Run a whole pass: records sorted by (group, cache).  Process context. */
static int kmemcg_scan_run(struct kmemcg_scan *sc)
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
	sc->recs = vmalloc(array_size(sc->maxrecs, sizeof(*sc->recs)));
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

static void kmemcg_scan_done(struct kmemcg_scan *sc)
{
	struct mutex *slab_mutex = (void *)kmemcg_lookup_name("slab_mutex");

	if (sc->caches)
		mutex_unlock(slab_mutex);
	vfree(sc->caches);
	vfree(sc->recs);
}

/* Sum the records [*i, ...) of one (group, cache) into @row. */
static void kmemcg_scan_row(const struct kmemcg_scan *sc, size_t *i,
			    struct kmemcg_slabinfo_row *row)
{
	const struct kmemcg_rec *first = &sc->recs[*i], *r;
	struct kmem_cache *s;

	memset(row, 0, sizeof(*row));
	for (r = first; r < sc->recs + sc->nrecs && !kmemcg_rec_cmp(r, first); r++) {
		if (r->obj_count) {
			row->objects += r->obj_count;
			row->object_bytes += (unsigned long)r->obj_count * r->slot_size;
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
}

/* A growing text buffer; a file's contents. */
struct kmemcg_text {
	char *buf;
	size_t len, size;
};

static int kmemcg_text_reserve(struct kmemcg_text *t, size_t more)
{
	size_t size;
	char *buf;

	if (t->len + more < t->size)
		return 0;
	size = max(2 * t->size, t->len + more + 4096);
	buf = vmalloc(size);
	if (!buf)
		return -ENOMEM;
	if (t->buf)
		memcpy(buf, t->buf, t->len);
	vfree(t->buf);
	t->buf = buf;
	t->size = size;
	return 0;
}

#define KMEMCG_LINE_MAX		(KMEMCG_PATH_MAX + 256)
#define KMEMCG_PATH_MAX		1024

static int kmemcg_text_row(struct kmemcg_text *t, const char *path,
			   const struct kmemcg_slabinfo_row *row)
{
	int ret = kmemcg_text_reserve(t, KMEMCG_LINE_MAX);

	if (ret)
		return ret;
	if (path)
		ret = kmemcg_slabinfo_all_line(t->buf + t->len, t->size - t->len, path, row);
	else
		ret = kmemcg_slabinfo_line(t->buf + t->len, t->size - t->len, row);
	t->len += min_t(size_t, ret, t->size - t->len - 1);
	return 0;
}

/*
 * Make @row show the view the limit files show; false when the cgroup
 * has nothing of the cache in that view (the row is dropped).  Large
 * kmallocs are pages, shown in either view.
 */
static bool kmemcg_slabinfo_view(struct kmemcg_slabinfo_row *row)
{
	if (kmemcg_policy_enforced_view(kmemcg_policy) == KMEMCG_VIEW_PAGE ||
	    !strcmp(row->name, KMEMCG_SLABINFO_LARGE))
		return row->num_objs;
	row->active_objs = row->objects;
	row->num_objs = row->objects;
	row->num_slabs = row->object_slabs;
	return row->objects;
}

/* The per-cgroup file's text: rows of @g sorted by name. */
static int kmemcg_slabinfo_group_text(struct kmemcg_group *g, struct kmemcg_text *t)
{
	struct kmemcg_scan sc = { .only = g };
	struct kmemcg_slabinfo_row *rows;
	size_t i = 0, n = 0, k;
	int ret;

	ret = kmemcg_scan_run(&sc);
	if (ret)
		goto out;
	rows = vmalloc(array_size(sc.ncaches + 1, sizeof(*rows)));
	ret = rows ? kmemcg_text_reserve(t, sizeof(KMEMCG_SLABINFO_HEADER)) : -ENOMEM;
	if (ret)
		goto free;
	memcpy(t->buf, KMEMCG_SLABINFO_HEADER, sizeof(KMEMCG_SLABINFO_HEADER) - 1);
	t->len = sizeof(KMEMCG_SLABINFO_HEADER) - 1;
	while (i < sc.nrecs) {
		kmemcg_scan_row(&sc, &i, &rows[n]);
		if (kmemcg_slabinfo_view(&rows[n]))
			n++;
	}
	/* By name: a stable order for people and diffs. */
	for (k = 0; k < n && !ret; k++) {
		size_t j, min = k;

		for (j = k + 1; j < n; j++)
			if (strcmp(rows[j].name, rows[min].name) < 0)
				min = j;
		swap(rows[k], rows[min]);
		ret = kmemcg_text_row(t, NULL, &rows[k]);
	}
free:
	vfree(rows);
out:
	kmemcg_scan_done(&sc);
	return ret;
}

/* "/a/b" of a group into buf; the root is "/".  Groups mutex held. */
static void kmemcg_group_path(const struct kmemcg_group *g, char *buf, size_t size)
{
	const char *names[64];
	int n = 0;

	for (; g && g->parent && n < ARRAY_SIZE(names); g = g->parent)
		names[n++] = g->name;
	buf[0] = '\0';
	if (!n)
		strscpy(buf, "/", size);
	while (n--) {
		strlcat(buf, "/", size);
		strlcat(buf, names[n], size);
	}
}

/* The top-level file's text: every (cache, group), by group then cache. */
static int kmemcg_slabinfo_all_text(struct kmemcg_text *t)
{
	struct kmemcg_group **groups = NULL, *g;
	struct kmemcg_scan sc = { };
	struct kmemcg_slabinfo_row row;
	unsigned int ngroups = 0;
	char *path = NULL;
	size_t i = 0;
	int ret;

	mutex_lock(&kmemcg_groups_mutex);
	groups = vmalloc(array_size(kmemcg_groups_count(), sizeof(*groups)));
	path = kmalloc(KMEMCG_PATH_MAX, GFP_KERNEL);
	ret = groups && path ? kmemcg_text_reserve(t, sizeof(KMEMCG_ALL_SLABINFO_HEADER)) :
			       -ENOMEM;
	if (ret)
		goto unlock;
	list_for_each_entry(g, &kmemcg_groups, node) {
		g->scan_idx = ngroups;
		groups[ngroups++] = g;
	}
	memcpy(t->buf, KMEMCG_ALL_SLABINFO_HEADER, sizeof(KMEMCG_ALL_SLABINFO_HEADER) - 1);
	t->len = sizeof(KMEMCG_ALL_SLABINFO_HEADER) - 1;
	ret = kmemcg_scan_run(&sc);
	while (!ret && i < sc.nrecs) {
		kmemcg_group_path(groups[sc.recs[i].group], path, KMEMCG_PATH_MAX);
		kmemcg_scan_row(&sc, &i, &row);
		ret = kmemcg_text_row(t, path, &row);
	}
	kmemcg_scan_done(&sc);
unlock:
	mutex_unlock(&kmemcg_groups_mutex);
	kfree(path);
	vfree(groups);
	return ret;
}

static int kmemcg_slabinfo_release(struct inode *inode, struct file *file)
{
	struct kmemcg_text *t = file->private_data;

	vfree(t->buf);
	kfree(t);
	return 0;
}

static int kmemcg_slabinfo_open_text(struct file *file, struct kmemcg_group *g)
{
	struct kmemcg_text *t = kzalloc(sizeof(*t), GFP_KERNEL);
	int ret;

	if (!t)
		return -ENOMEM;
	ret = g ? kmemcg_slabinfo_group_text(g, t) : kmemcg_slabinfo_all_text(t);
	if (ret) {
		vfree(t->buf);
		kfree(t);
		return ret;
	}
	file->private_data = t;
	return 0;
}

static int kmemcg_slabinfo_open(struct inode *inode, struct file *file)
{
	return kmemcg_slabinfo_open_text(file, inode->i_private);
}

static ssize_t kmemcg_slabinfo_read(struct file *file, char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	struct kmemcg_text *t = file->private_data;

	return simple_read_from_buffer(ubuf, len, ppos, t->buf, t->len);
}

static ssize_t kmemcg_slabinfo_write(struct file *file, const char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	return capable(CAP_SYS_ADMIN) ? -EINVAL : -EPERM;
}

/* For both files: i_private is the group, or NULL for the top level. */
const struct file_operations kmemcg_slabinfo_fops = {
	.owner = THIS_MODULE,
	.open = kmemcg_slabinfo_open,
	.read = kmemcg_slabinfo_read,
	.write = kmemcg_slabinfo_write,
	.release = kmemcg_slabinfo_release,
	.llseek = default_llseek,
};
