// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg compare --caches [CGROUP]: per cache, kmemcg's bytes in the
 * subtree of CGROUP (default all), whether the kernel's memcg accounts the
 * cache, and the bytes it leaves unaccounted; the largest unaccounted
 * first, and their total.
 *
 * From one read each of the policy file (the granularity), the top-level
 * caches file (name -> accounted, pagesperslab; caches.c parses it) and
 * the top-level
 * slabinfo (per (cache, cgroup) figures): the rows and the total are
 * computed from those reads alone, so the total is exactly the sum of the
 * rows with accounted 0.
 *
 * kmemcg_bytes is the object view's (the objects' slot bytes) under
 * object and shadow granularity, else the page view's: the slabs the
 * subtree owns times the cache's pages per slab (as /proc/slabinfo
 * counts them).  Lines of the pseudo groups (<unscoped>, <unaccounted>,
 * <dead:N>) belong to no cgroup and are left out, and so is the root's
 * own line (km_in_subtree()): CGROUP "/" means every cgroup below it.
 *
 * accounted is the cache's SLAB_ACCOUNT: the kernel charges every object
 * of such a cache.  It also charges single allocations made with
 * __GFP_ACCOUNT in other caches (mm/slub.c memcg_slab_pre_alloc_hook()
 * on 6.1, memcg_slab_post_alloc_hook() on 6.12 and later; external
 * dentry names in kmalloc-rcl-*, xarray nodes in radix_tree_node).  The
 * object view tells those apart: the module records __GFP_ACCOUNT per
 * object and the slabinfo's accounted_object_bytes sums them, so there
 * the unaccounted bytes of a cache are its objects allocated without it.
 * The page view cannot (a page holds objects of both kinds): there they
 * are all the cache's bytes, an upper bound of what the kernel leaves
 * out, and compare's diff_bytes is the measured gap.
 *
 * <large-kmalloc> (pages from kmalloc() above the largest size class) is
 * in no cache: the kernel charges it only when the caller passed
 * __GFP_ACCOUNT, which kmemcg does not record per allocation, so its
 * accounted is unknown, its unaccounted bytes too, and it is left out of
 * the total.  So is a cache the caches file does not list (created
 * between the two reads), and a name the file lists twice with different
 * flags or layouts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include "kmemcg.h"

/* accounted (-1 unknown) and pagesperslab (0 unknown) of a cache name */
static void km_cmp_lookup(const struct km_caches *cs, const char *name,
			     int *accounted, u64 *pagesperslab)
{
	bool found = false;
	size_t i;

	*accounted = -1;
	*pagesperslab = 0;
	for (i = 0; i < cs->n; i++) {
		const struct km_cache *c = &cs->c[i];

		if (strcmp(c->name, name))
			continue;
		if (found && (*accounted != c->accounted || *pagesperslab != c->pagesperslab)) {
			*accounted = -1;	/* the same name, told apart by nothing */
			*pagesperslab = 0;
			return;
		}
		found = true;
		*accounted = c->accounted;
		*pagesperslab = c->pagesperslab;
	}
}

/*
 * In the subtree of cgpath: the path itself or one below it.  Never the
 * root's own line: the kernel charges nothing to the root memory cgroup
 * (mm/memcontrol.c: get_obj_cgroup_from_current() on 6.1,
 * __get_obj_cgroup_from_memcg() on 6.12 and later, stop at the root), so
 * what kmemcg charges the root is no charge it could compare.
 */
static bool km_in_subtree(const char *path, const char *cgpath)
{
	size_t n = strlen(cgpath);

	if (path[0] != '/' || !strcmp(path, "/"))
		return false;		/* a pseudo group, or the root's own */
	if (!strcmp(cgpath, "/"))
		return true;
	return !strncmp(path, cgpath, n) && (path[n] == '\0' || path[n] == '/');
}

struct km_acc {
	const char *name;
	u64 slabs, object_bytes, accounted_object_bytes;
	bool no_accounted;	/* a line without accounted_object_bytes */
};

static int km_cmp_cache_cmp(const void *pa, const void *pb)
{
	const struct km_cmp_cache *a = pa, *b = pb;
	u64 ua = 0, ub = 0, ba = a->has_bytes ? a->bytes : 0, bb = b->has_bytes ? b->bytes : 0;

	km_cmp_cache_unaccounted(a, &ua);
	km_cmp_cache_unaccounted(b, &ub);
	if (ua != ub)
		return ua < ub ? 1 : -1;
	if (ba != bb)
		return ba < bb ? 1 : -1;
	return strcmp(a->name, b->name);
}

void km_cmp_caches_compute(const struct km_slabs *all, const struct km_caches *caches,
			   const char *cgpath, bool object_view, u64 page_size,
			   struct km_cmp_caches *out)
{
	struct km_acc *acc = km_alloc((all->n ? all->n : 1) * sizeof(*acc));
	size_t i, j, na = 0;

	memset(out, 0, sizeof(*out));
	out->object_view = object_view;
	for (i = 0; i < all->n; i++) {
		const struct km_slab *y = &all->s[i];

		if (!km_in_subtree(y->cgroup, cgpath))
			continue;
		for (j = 0; j < na && strcmp(acc[j].name, y->name); j++)
			;
		if (j == na)
			acc[na++] = (struct km_acc){ .name = y->name };
		acc[j].slabs += y->num_slabs;
		acc[j].object_bytes += y->object_bytes;
		acc[j].accounted_object_bytes += y->accounted_object_bytes;
		acc[j].no_accounted |= !y->has_accounted;
	}
	out->c = km_alloc((na ? na : 1) * sizeof(*out->c));
	for (j = 0; j < na; j++) {
		struct km_cmp_cache c = { .has_bytes = true };
		u64 pps, v;

		if (!strcmp(acc[j].name, KMEMCG_SLABINFO_LARGE)) {
			c.accounted = -1;	/* a "slab" of the large line is a page */
			c.bytes = acc[j].slabs * page_size;
		} else {
			km_cmp_lookup(caches, acc[j].name, &c.accounted, &pps);
			if (object_view) {
				c.bytes = acc[j].object_bytes;
				c.has_kernel_bytes = !acc[j].no_accounted;
				c.kernel_bytes = acc[j].accounted_object_bytes;
			} else if (pps) {
				c.bytes = acc[j].slabs * pps * page_size;
			} else {
				c.has_bytes = false;
			}
		}
		if (c.has_bytes && !c.bytes)
			continue;	/* nothing in this view */
		c.name = km_strdup(acc[j].name);
		if (!km_cmp_cache_unaccounted(&c, &v))
			out->unaccounted_total += v;
		out->c[out->n++] = c;
	}
	free(acc);
	if (out->n > 1)	/* none: out->c may be NULL, which qsort may not get */
		qsort(out->c, out->n, sizeof(*out->c), km_cmp_cache_cmp);
}

int km_cmp_cache_unaccounted(const struct km_cmp_cache *c, u64 *v)
{
	*v = 0;
	if (c->accounted == 1)
		return 0;
	if (c->accounted == 0 && c->has_bytes) {
		/* The objects of the cache allocated without __GFP_ACCOUNT */
		*v = c->bytes - (c->has_kernel_bytes ? c->kernel_bytes : 0);
		return 0;
	}
	return -1;
}

void km_cmp_caches_free(struct km_cmp_caches *cc)
{
	size_t i;

	for (i = 0; i < cc->n; i++)
		free(cc->c[i].name);
	free(cc->c);
	cc->c = NULL;
	cc->n = 0;
}

static struct json_object *km_cmp_cache_json(const struct km_cmp_cache *c, const char *cgpath)
{
	struct json_object *o = json_object_new_object();
	u64 u;
	bool known = !km_cmp_cache_unaccounted(c, &u);

	json_object_object_add(o, KMEMCG_CMP_CGROUP, json_object_new_string(cgpath));
	json_object_object_add(o, KMEMCG_CMP_CACHE, json_object_new_string(c->name));
	json_object_object_add(o, KMEMCG_CMP_KMEMCG_BYTES,
			       c->has_bytes ? json_object_new_uint64(c->bytes) : NULL);
	json_object_object_add(o, KMEMCG_CMP_ACCOUNTED,
			       c->accounted < 0 ? NULL : json_object_new_int(c->accounted));
	json_object_object_add(o, KMEMCG_CMP_UNACCOUNTED_BYTES,
			       known ? json_object_new_uint64(u) : NULL);
	return o;
}

static void km_cmp_caches_json(FILE *f, const struct km_cmp_caches *cc, const char *cgpath,
			       const struct km_policy *p)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();
	enum km_view view = cc->object_view ? KM_VIEW_OBJECT : KM_VIEW_PAGE;
	size_t i;

	json_object_object_add(o, KMEMCG_CMP_CGROUP, json_object_new_string(cgpath));
	km_json_policy(o, p);
	json_object_object_add(o, "kmemcg_view",
			       json_object_new_string(km_view_name(view)));
	for (i = 0; i < cc->n; i++)
		json_object_array_add(a, km_cmp_cache_json(&cc->c[i], cgpath));
	json_object_object_add(o, "caches", a);
	json_object_object_add(o, KMEMCG_CMP_UNACCOUNTED_TOTAL,
			       json_object_new_uint64(cc->unaccounted_total));
	km_json_print(f, o, true);
}

void km_cmp_caches_render(FILE *f, const struct km_cmp_caches *cc, const char *cgpath,
			  const struct km_policy *p, enum km_cmp_fmt fmt, bool raw)
{
	static const char *const acc[] = { "?", "no", "yes" };
	char t[32];
	size_t i;

	if (fmt == KM_CMP_JSON) {
		km_cmp_caches_json(f, cc, cgpath, p);
		return;
	}
	if (fmt == KM_CMP_CSV)
		fputs(KMEMCG_CMP_CACHES_CSV_HEADER "\n", f);
	else
		fprintf(f, "%12s %9s %12s  %s\n", "KMEMCG", "ACCOUNTED", "UNACCOUNTED", "CACHE");
	for (i = 0; i < cc->n; i++) {
		const struct km_cmp_cache *c = &cc->c[i];
		bool known;
		char b[32], u[32];
		u64 v;

		known = !km_cmp_cache_unaccounted(c, &v);
		if (fmt == KM_CMP_CSV) {
			km_csv_field(f, cgpath);
			fputc(',', f);
			km_csv_field(f, c->name);
			fputc(',', f);
			if (c->has_bytes)
				fprintf(f, "%llu", (unsigned long long)c->bytes);
			fputc(',', f);
			if (c->accounted >= 0)
				fprintf(f, "%d", c->accounted);
			fputc(',', f);
			if (known)
				fprintf(f, "%llu", (unsigned long long)v);
			fputc('\n', f);
			continue;
		}
		fprintf(f, "%12s %9s %12s  %s\n",
			c->has_bytes ? km_size(b, sizeof(b), c->bytes, raw) : "-",
			acc[c->accounted + 1], known ? km_size(u, sizeof(u), v, raw) : "-",
			c->name);
	}
	if (fmt == KM_CMP_TABLE)
		fprintf(f, "unaccounted by the kernel: %s (%s, %s view)\n",
			km_size(t, sizeof(t), cc->unaccounted_total, raw), cgpath,
			cc->object_view ? "object" : "page");
}

int km_compare_caches(const char *cgpath, enum km_cmp_fmt fmt, bool raw)
{
	struct km_cmp_caches cc;
	struct km_caches caches = { 0 };
	struct km_slabs all = { 0 };
	unsigned int line = 0;
	const char *why = "";
	struct km_policy policy;
	char path[4352];
	struct km_snap s;
	size_t len;
	char *buf;
	long pg;
	int ret;

	/* The module, its policy and the cgroup; the figures come from below. */
	if (km_snapshot(&s, cgpath, 0))
		return KM_EXIT_FAIL;
	policy = s.policy;
	km_snap_free(&s);
	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_CACHES);
	ret = km_read_file(path, &buf, &len);
	if (ret == -ENOENT) {
		km_err("the loaded module has no %s file (it predates compare --caches); update the kmemcg module",
		       KMEMCG_FILE_CACHES);
		return KM_EXIT_FAIL;
	}
	if (ret)
		return km_report_errno("cannot read", path, -ret);
	ret = km_parse_caches(buf, len, &caches, &line, &why);
	free(buf);
	if (ret) {
		km_malformed(path, line, why);
		return KM_EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_ALL_SLABINFO);
	if (km_read_slabinfo(path, true, &all)) {
		km_caches_free(&caches);
		return KM_EXIT_FAIL;
	}
	pg = sysconf(_SC_PAGESIZE);
	km_cmp_caches_compute(&all, &caches, cgpath, policy.gran != KM_GRAN_PAGE,
			      pg > 0 ? (u64)pg : 4096, &cc);
	km_cmp_caches_render(stdout, &cc, cgpath, &policy, fmt, raw);
	km_cmp_caches_free(&cc);
	km_slabs_free(&all);
	km_caches_free(&caches);
	return KM_EXIT_OK;
}
