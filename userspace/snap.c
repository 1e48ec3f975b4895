// SPDX-License-Identifier: GPL-2.0
/*
 * A snapshot of the cgroup tree under kmemcg/cgroup/: the module's
 * granularity (its policy file, read first), each memory cgroup's usage,
 * limit, max usage, failcnt, independent flag, (optionally) its
 * memory.kmem.stat and, under shadow granularity, the usage of each view
 * summed from the subtree's own figures.  A cgroup removed while the tree
 * is walked is left out (its directory vanishes between readdir and open);
 * any other error fails the snapshot.  Then the orders the commands show
 * it in.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "kmemcg.h"

#define KM_VANISHED	KM_GONE	/* the cgroup went away while we read it */

static int km_read_cg_file(const char *dir, const char *file, u64 *v)
{
	char path[4352];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return km_read_u64_or_gone(path, v);
}

/*
 * A cgroup's own figure of each view from its memory.kmem.stat: page
 * own_bytes, object object_bytes + large_kmalloc_bytes; -1 after an error.
 */
static int km_own_views(struct km_cg *c, const char *path)
{
	long long own, obj, large;

	if (!km_kv_get(&c->stat, KMEMCG_CSTAT_OWN_BYTES, &own) ||
	    !km_kv_get(&c->stat, KMEMCG_CSTAT_OBJECT_BYTES, &obj) ||
	    !km_kv_get(&c->stat, KMEMCG_CSTAT_LARGE_BYTES, &large) ||
	    own < 0 || obj < 0 || large < 0) {
		km_malformed(path, 0, "no " KMEMCG_CSTAT_OWN_BYTES ", " KMEMCG_CSTAT_OBJECT_BYTES
			     " or " KMEMCG_CSTAT_LARGE_BYTES " figure under shadow granularity");
		return -1;
	}
	c->page_usage = (u64)own;
	c->object_usage = (u64)obj + (u64)large;
	return 0;
}

/* Read one cgroup's files into a new entry; KM_VANISHED, 0 or -1. */
static int km_read_cg(struct km_snap *s, const char *dir, const char *cgpath,
		      int depth, size_t parent, unsigned int flags)
{
	struct km_cg c = { .depth = depth, .parent = parent };
	u64 ind = 0;
	int ret;

	if ((ret = km_read_cg_file(dir, KMEMCG_FILE_USAGE, &c.usage)) ||
	    (ret = km_read_cg_file(dir, KMEMCG_FILE_LIMIT, &c.limit)) ||
	    (ret = km_read_cg_file(dir, KMEMCG_FILE_MAX_USAGE, &c.max_usage)) ||
	    (ret = km_read_cg_file(dir, KMEMCG_FILE_FAILCNT, &c.failcnt)) ||
	    (ret = km_read_cg_file(dir, KMEMCG_FILE_INDEPENDENT, &ind)))
		return ret;
	if (ind > 1) {
		km_err("%s/%s: expected 0 or 1; the module and the CLI (%s) may not match: check kmemcg status",
		       dir, KMEMCG_FILE_INDEPENDENT, KMEMCG_VERSION);
		return -1;
	}
	c.independent = (int)ind;
	if ((flags & KM_SNAP_STAT) || s->views) {
		char path[4352];

		snprintf(path, sizeof(path), "%s/%s", dir, KMEMCG_FILE_CGROUP_STAT);
		ret = km_read_kv_or_gone(path, &c.stat);
		if (ret)
			return ret;
		if (s->views && km_own_views(&c, path)) {
			km_kv_free(&c.stat);
			return -1;
		}
		if (!(flags & KM_SNAP_STAT))
			km_kv_free(&c.stat);
	}
	c.path = km_strdup(cgpath);
	s->cg = km_realloc(s->cg, (s->n + 1) * sizeof(*s->cg));
	s->cg[s->n++] = c;
	return 0;
}

static int km_walk(struct km_snap *s, const char *dir, const char *cgpath,
		   int depth, size_t parent, unsigned int flags)
{
	size_t self = s->n;
	struct dirent *d;
	DIR *dp;
	int ret = km_read_cg(s, dir, cgpath, depth, parent, flags);

	if (ret)
		return ret;
	dp = opendir(dir);
	if (!dp) {
		if (errno == ENOENT)
			return 0;
		km_report_errno("cannot list", dir, errno);
		return -1;
	}
	while ((d = readdir(dp))) {
		char sub[4352], subpath[4352];
		struct stat st;

		if (d->d_name[0] == '.' &&
		    (!d->d_name[1] || (d->d_name[1] == '.' && !d->d_name[2])))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, d->d_name);
		if (d->d_type != DT_DIR &&
		    (d->d_type != DT_UNKNOWN || stat(sub, &st) || !S_ISDIR(st.st_mode)))
			continue;
		snprintf(subpath, sizeof(subpath), "%s/%s",
			 strcmp(cgpath, "/") ? cgpath : "", d->d_name);
		if (km_walk(s, sub, subpath, depth + 1, self, flags) < 0) {
			closedir(dp);
			return -1;
		}
	}
	closedir(dp);
	return 0;
}

int km_snapshot(struct km_snap *s, const char *cgpath, unsigned int flags)
{
	char dir[4352];
	struct stat st;
	int ret;

	memset(s, 0, sizeof(*s));
	if (km_check_root() || km_read_policy(&s->policy))
		return -1;
	s->views = (flags & KM_SNAP_VIEWS) && s->policy.gran == KM_GRAN_SHADOW;
	km_cgroup_dir(dir, sizeof(dir), cgpath);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		km_err("no memory cgroup %s (is the memory controller enabled for it?); list them with: kmemcg tree",
		       cgpath);
		return -1;
	}
	ret = km_walk(s, dir, cgpath, 0, (size_t)-1, flags);
	if (ret == KM_VANISHED) {
		km_err("cgroup %s was removed while it was read; list them with: kmemcg tree",
		       cgpath);
		ret = -1;
	}
	if (ret)
		km_snap_free(s);
	else if (s->views)
		km_snap_sum_views(s);
	return ret ? -1 : 0;
}

/*
 * In depth-first order every descendant of cg[i] comes after it, so going
 * backwards each cgroup's subtree is complete when it is added to its
 * parent.  The sums are exact when the cgroups are idle; under load each
 * own figure is read at a slightly different moment.
 */
void km_snap_sum_views(struct km_snap *s)
{
	size_t i;

	for (i = s->n; i-- > 1;) {
		struct km_cg *c = &s->cg[i];

		if (c->parent < i) {
			s->cg[c->parent].page_usage += c->page_usage;
			s->cg[c->parent].object_usage += c->object_usage;
		}
	}
}

void km_snap_free(struct km_snap *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->cg[i].path);
		km_kv_free(&s->cg[i].stat);
	}
	free(s->cg);
	s->cg = NULL;
	s->n = 0;
}

int km_sort_key(const char *s, enum km_sort *key)
{
	static const struct { const char *name; enum km_sort key; } keys[] = {
		{ "usage", KM_SORT_USAGE }, { "name", KM_SORT_NAME },
		{ "growth", KM_SORT_GROWTH }, { "limit", KM_SORT_LIMIT },
		{ "failcnt", KM_SORT_FAILCNT }, { "max_usage", KM_SORT_MAX_USAGE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(s, keys[i].name)) {
			*key = keys[i].key;
			return 0;
		}
	return -EINVAL;
}

static enum km_sort km_cmp_key;

#define KM_DESC(a, b)	((a) < (b) ? 1 : (a) > (b) ? -1 : 0)

/* Largest first for figures, then by name, so the order is total. */
static int km_cg_cmp(const void *pa, const void *pb)
{
	const struct km_cg *a = pa, *b = pb;
	int r = 0;

	switch (km_cmp_key) {
	case KM_SORT_USAGE:
		r = KM_DESC(a->usage, b->usage);
		break;
	case KM_SORT_GROWTH:
		r = KM_DESC(a->growth, b->growth);
		break;
	case KM_SORT_LIMIT:
		r = KM_DESC(a->limit, b->limit);
		break;
	case KM_SORT_FAILCNT:
		r = KM_DESC(a->failcnt, b->failcnt);
		break;
	case KM_SORT_MAX_USAGE:
		r = KM_DESC(a->max_usage, b->max_usage);
		break;
	case KM_SORT_NAME:
		break;
	}
	return r ? r : strcmp(a->path, b->path);
}

void km_snap_sort_flat(struct km_snap *s, enum km_sort key)
{
	km_cmp_key = key;
	qsort(s->cg, s->n, sizeof(*s->cg), km_cg_cmp);
}

/* Append old[i]'s subtree to out in order; children sorted by km_cmp_key. */
static void km_tree_visit(const struct km_snap *old, size_t i, struct km_cg *out,
			  size_t *o, size_t newparent)
{
	struct km_cg *kids;
	size_t j, nk = 0, self = *o;

	out[(*o)++] = old->cg[i];
	out[self].parent = newparent;
	kids = km_alloc(old->n * sizeof(*kids));
	for (j = 0; j < old->n; j++)
		if (old->cg[j].parent == i)
			kids[nk++] = old->cg[j];
	qsort(kids, nk, sizeof(*kids), km_cg_cmp);
	for (j = 0; j < nk; j++) {
		/* Find the kid's old index again by its (unique) path. */
		size_t k;

		for (k = 0; k < old->n; k++)
			if (old->cg[k].path == kids[j].path)
				break;
		km_tree_visit(old, k, out, o, self);
	}
	free(kids);
}

void km_snap_sort_tree(struct km_snap *s, enum km_sort key)
{
	struct km_cg *out;
	size_t o = 0;

	if (!s->n)
		return;
	km_cmp_key = key;
	out = km_alloc(s->n * sizeof(*out));
	km_tree_visit(s, 0, out, &o, (size_t)-1);
	free(s->cg);
	s->cg = out;
	s->n = o;
}

const struct km_cg *km_snap_find(const struct km_snap *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->cg[i].path, path))
			return &s->cg[i];
	return NULL;
}
