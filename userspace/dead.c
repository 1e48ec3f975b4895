// SPDX-License-Identifier: GPL-2.0
/*
 * Dead groups (on_delete=dead, files.h): a removed cgroup that still has
 * charges keeps them in dead/<N> until its last page or object is freed.
 * Each has an info file ("key value" lines: path at removal, removed_s,
 * age_s, bytes still charged), memory.kmem.stat, memory.kmem.slabinfo and
 * memory.kmem.usage_in_bytes.  A dead group can go away while it is read:
 * it is then left out, quietly.
 *
 * kmemcg dead: a table of them, N, path, age, bytes and the caches
 * holding the most (its slabinfo, in the enforced view).  kmemcg tree
 * --dead: km_snap_add_dead() puts them in the tree, under their former
 * parent (or the nearest ancestor still there), after its live children.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "kmemcg.h"

#define KM_DEAD_TOP	3	/* caches named in the table */

const char *km_age(char *buf, size_t size, long long s)
{
	if (s < 0)
		snprintf(buf, size, "-");
	else if (s < 60)
		snprintf(buf, size, "%llds", s);
	else if (s < 3600)
		snprintf(buf, size, "%lldm%02llds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%lldh%02lldm", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, size, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
	return buf;
}

/* A number of the info file; -EINVAL with *why. */
static int km_dead_num(const char *v, long long *out, const char **why)
{
	u64 x;

	if (km_parse_u64(v, &x) || x > (u64)(~0ULL >> 1)) {
		*why = "value is not a number";
		return -EINVAL;
	}
	*out = (long long)x;
	return 0;
}

int km_parse_dead_info(const char *buf, size_t len, struct km_dead *d,
		       unsigned int *line, const char **why)
{
	long long bytes = -1;
	size_t pos = 0;
	char *path = NULL;

	*line = 0;
	d->removed_s = d->age_s = -1;
	if (memchr(buf, '\0', len)) {
		*why = "binary data";
		return -EINVAL;
	}
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		const char *sp, *k = buf + pos, *v;
		size_t n, kn;

		(*line)++;
		if (!nl) {
			*why = "truncated line (no newline)";
			goto bad;
		}
		n = (size_t)(nl - k);
		pos += n + 1;
		sp = memchr(k, ' ', n);
		if (!sp || sp == k || sp + 1 == nl) {
			*why = "expected \"key value\"";
			goto bad;
		}
		kn = (size_t)(sp - k);
		v = sp + 1;
		/* path: the rest of the line (a cgroup name may hold spaces) */
		if (kn == strlen(KMEMCG_DEAD_PATH) && !memcmp(k, KMEMCG_DEAD_PATH, kn)) {
			if (*v != '/') {
				*why = "the path is not a cgroup path";
				goto bad;
			}
			free(path);
			path = strndup(v, (size_t)(nl - v));
			if (!path) {
				km_err("out of memory");
				exit(KM_EXIT_FAIL);
			}
			continue;
		}
		{
			char tmp[32];
			long long *dst = NULL;

			if (kn == strlen(KMEMCG_DEAD_BYTES) && !memcmp(k, KMEMCG_DEAD_BYTES, kn))
				dst = &bytes;
			else if (kn == strlen(KMEMCG_DEAD_AGE) && !memcmp(k, KMEMCG_DEAD_AGE, kn))
				dst = &d->age_s;
			else if (kn == strlen(KMEMCG_DEAD_REMOVED) &&
				 !memcmp(k, KMEMCG_DEAD_REMOVED, kn))
				dst = &d->removed_s;
			if (!dst)
				continue;	/* a key of a newer module */
			if ((size_t)(nl - v) >= sizeof(tmp)) {
				*why = "value is not a number";
				goto bad;
			}
			memcpy(tmp, v, (size_t)(nl - v));
			tmp[nl - v] = '\0';
			if (km_dead_num(tmp, dst, why))
				goto bad;
		}
	}
	*line = 0;
	if (!path || bytes < 0) {
		*why = "no " KMEMCG_DEAD_PATH " or " KMEMCG_DEAD_BYTES " line";
		goto bad;
	}
	d->path = path;
	d->bytes = (u64)bytes;
	return 0;
bad:
	free(path);
	return -EINVAL;
}

static int km_dead_name(const struct dirent *e)
{
	u64 v;

	return !km_parse_u64(e->d_name, &v) && v > 0;
}

static int km_dead_cmp(const void *a, const void *b)
{
	const struct km_dead *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* One dead group's files: 0, KM_GONE, or -1 after an error message. */
static int km_read_one_dead(const char *dir, struct km_dead *d, const struct km_policy *p,
			    bool slabs)
{
	unsigned int line = 0;
	const char *why = "";
	char path[4700], *buf;
	size_t len;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, KMEMCG_FILE_DEAD_INFO);
	ret = km_read_file(path, &buf, &len);
	if (ret == -ENOENT)
		return KM_GONE;
	if (ret) {
		km_report_errno("cannot read", path, -ret);
		return -1;
	}
	ret = km_parse_dead_info(buf, len, d, &line, &why);
	free(buf);
	if (ret) {
		km_malformed(path, line, why);
		return -1;
	}
	if (!slabs)
		return 0;
	/*
	 * info is the group: it gone, the group is gone.  Without a slabinfo
	 * or stat (gone meanwhile, or a module that has none) it is shown
	 * with no caches.
	 */
	snprintf(path, sizeof(path), "%s/%s", dir, KMEMCG_FILE_SLABINFO);
	ret = km_read_file(path, &buf, &len);
	if (ret == -ENOENT)
		return 0;
	if (ret) {
		km_report_errno("cannot read", path, -ret);
		return -1;
	}
	ret = km_parse_slabinfo(buf, len, &d->slabs, &line, &why);
	free(buf);
	if (ret) {
		km_malformed(path, line, why);
		return -1;
	}
	if (p->view == KM_VIEW_OBJECT)
		km_slabs_object_view(&d->slabs);
	km_slabs_sort(&d->slabs, KM_SLAB_SIZE);
	snprintf(path, sizeof(path), "%s/%s", dir, KMEMCG_FILE_CGROUP_STAT);
	ret = km_read_kv_or_gone(path, &d->stat);
	return ret == KM_GONE ? 0 : ret;
}

int km_read_dead(struct km_deads *out, const struct km_policy *p, bool slabs)
{
	char dir[4352];
	struct dirent **names;
	int i, n, ret = 0;

	memset(out, 0, sizeof(*out));
	snprintf(dir, sizeof(dir), "%s/%s", km_root, KMEMCG_DIR_DEAD);
	n = scandir(dir, &names, km_dead_name, NULL);
	if (n < 0) {
		if (errno == ENOENT)
			return 0;	/* none yet, or a module before on_delete */
		km_report_errno("cannot read", dir, errno);
		return -1;
	}
	out->d = km_alloc((size_t)n * sizeof(*out->d));
	for (i = 0; i < n; i++) {
		struct km_dead *d = &out->d[out->n];
		char sub[4640];

		if (!ret) {
			memset(d, 0, sizeof(*d));
			km_parse_u64(names[i]->d_name, &d->id);
			snprintf(sub, sizeof(sub), "%s/%s", dir, names[i]->d_name);
			ret = km_read_one_dead(sub, d, p, slabs);
			if (!ret) {
				out->n++;
			} else {
				free(d->path);
				km_slabs_free(&d->slabs);
				km_kv_free(&d->stat);
				if (ret == KM_GONE)
					ret = 0;	/* freed its last page meanwhile */
			}
		}
		free(names[i]);
	}
	free(names);
	if (ret) {
		km_deads_free(out);
		return -1;
	}
	if (out->n > 1)	/* none: out->d is NULL, which qsort may not get */
		qsort(out->d, out->n, sizeof(*out->d), km_dead_cmp);
	return 0;
}

void km_deads_free(struct km_deads *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++) {
		free(ds->d[i].path);
		km_slabs_free(&ds->d[i].slabs);
		km_kv_free(&ds->d[i].stat);
	}
	free(ds->d);
	ds->d = NULL;
	ds->n = 0;
}

/* The nearest ancestor of path in s (path's own entry excluded), or -1. */
static ssize_t km_snap_ancestor(const struct km_snap *s, const char *path)
{
	char tmp[4096], *slash;
	size_t i;

	snprintf(tmp, sizeof(tmp), "%s", path);
	while ((slash = strrchr(tmp, '/'))) {
		if (slash == tmp)
			slash[1] = '\0';	/* "/a" -> "/" */
		else
			*slash = '\0';
		for (i = 0; i < s->n; i++)
			if (!s->cg[i].dead && !strcmp(s->cg[i].path, tmp))
				return (ssize_t)i;
		if (slash == tmp)
			break;
	}
	return -1;
}

void km_snap_add_dead(struct km_snap *s, const struct km_deads *ds)
{
	size_t *at = km_alloc((ds->n + 1) * sizeof(*at));
	size_t *anc = km_alloc((ds->n + 1) * sizeof(*anc));
	size_t *remap = km_alloc((s->n + 1) * sizeof(*remap));
	size_t i, j, o = 0, nd = 0, n = s->n;
	struct km_cg *out;

	/* Where each goes: before old index at[j], after its ancestor's subtree. */
	for (j = 0; j < ds->n; j++) {
		ssize_t a = km_snap_ancestor(s, ds->d[j].path);
		size_t q;

		at[j] = (size_t)-1;
		if (a < 0)
			continue;	/* outside the tree shown */
		for (q = (size_t)a + 1; q < n && s->cg[q].depth > s->cg[a].depth; q++)
			;
		at[j] = q;
		anc[j] = (size_t)a;
		nd++;
	}
	out = km_alloc((n + nd) * sizeof(*out));
	for (i = 0; i <= n; i++) {
		for (j = 0; j < ds->n; j++) {
			const struct km_dead *d = &ds->d[j];
			const struct km_cg *p;
			struct km_cg c = { 0 };

			if (at[j] != i)
				continue;
			p = &s->cg[anc[j]];
			c.path = km_strdup(d->path);
			c.depth = p->depth + 1;
			c.parent = anc[j];	/* remapped below */
			c.dead = d->id;
			c.rel = strlen(p->path) + (strcmp(p->path, "/") ? 1 : 0);
			c.usage = d->bytes;
			c.age = d->age_s;
			out[o++] = c;
		}
		if (i < n) {
			remap[i] = o;
			out[o++] = s->cg[i];
		}
	}
	for (i = 0; i < o; i++)
		if (out[i].parent != (size_t)-1)
			out[i].parent = remap[out[i].parent];
	free(s->cg);
	s->cg = out;
	s->n = o;
	free(at);
	free(anc);
	free(remap);
}

/* "dentry 24.0K, kmalloc-64 4.0K": the caches holding the most. */
static const char *km_dead_top(char *buf, size_t size, const struct km_dead *d, bool raw)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < d->slabs.n && i < KM_DEAD_TOP && o < size; i++) {
		char sz[32];

		o += (size_t)snprintf(buf + o, size - o, "%s%s %s", i ? ", " : "",
				      d->slabs.s[i].name,
				      km_size(sz, sizeof(sz), km_slab_bytes(&d->slabs.s[i]), raw));
	}
	if (!buf[0])
		snprintf(buf, size, "-");
	return buf;
}

void km_dead_render(FILE *f, const struct km_deads *ds, bool raw)
{
	size_t i;

	fprintf(f, "%6s %-32s %8s %12s  %s\n", "N", "CGROUP", "AGE", "BYTES", "TOP_CACHES");
	for (i = 0; i < ds->n; i++) {
		const struct km_dead *d = &ds->d[i];
		char age[32], b[32], top[512];

		fprintf(f, "%6llu %-32s %8s %12s  %s\n", (unsigned long long)d->id, d->path,
			km_age(age, sizeof(age), d->age_s), km_size(b, sizeof(b), d->bytes, raw),
			km_dead_top(top, sizeof(top), d, raw));
	}
}

static struct json_object *km_json_dead(const struct km_dead *d, const struct km_policy *p)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	size_t i;

	json_object_object_add(o, "dead", json_object_new_uint64(d->id));
	json_object_object_add(o, "cgroup", json_object_new_string(d->path));
	json_object_object_add(o, KMEMCG_DEAD_REMOVED, d->removed_s < 0 ? NULL :
			       json_object_new_int64(d->removed_s));
	json_object_object_add(o, KMEMCG_DEAD_AGE, d->age_s < 0 ? NULL :
			       json_object_new_int64(d->age_s));
	json_object_object_add(o, "usage_bytes", json_object_new_uint64(d->bytes));
	if (d->stat.n) {
		struct json_object *st = json_object_new_object();

		for (i = 0; i < d->stat.n; i++)
			json_object_object_add(st, d->stat.kv[i].key,
					       json_object_new_int64(d->stat.kv[i].val));
		json_object_object_add(o, "stat", st);
	}
	for (i = 0; i < d->slabs.n; i++)
		json_object_array_add(a, km_json_slab(&d->slabs.s[i], p));
	json_object_object_add(o, "caches", a);
	return o;
}

int cmd_dead(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bytes", no_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool raw = false, json = false;
	static struct km_policy p;
	struct km_deads ds;
	size_t i;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bo:h", opts, NULL)) != -1) {
		if (c == 'b')
			raw = true;
		else if (c == 'o' && !strcmp(optarg, "json"))
			json = true;
		else if (c == 'o')
			return km_usage_err("dead", "unknown output format '%s' (only json)", optarg);
		else
			return km_opt_unknown("dead", c, argv[optind - 1]);
	}
	if (optind != argc)
		return km_usage_err("dead", "unexpected argument '%s'", argv[optind]);
	if (km_check_root() || km_read_policy(&p) || km_read_dead(&ds, &p, true))
		return KM_EXIT_FAIL;
	if (json) {
		struct json_object *a = json_object_new_array();

		for (i = 0; i < ds.n; i++)
			json_object_array_add(a, km_json_dead(&ds.d[i], &p));
		km_json_print(stdout, a, true);
	} else if (!ds.n) {
		const char *del = p.has & (1U << KM_AX_ON_DELETE) ? p.val[KM_AX_ON_DELETE] : NULL;

		if (del && strcmp(del, KMEMCG_DELETE_DEAD_NAME))
			printf("no dead groups (on_delete is %s; with on_delete %s a removed cgroup's charges stay listed here: kmemcg policy set %s %s)\n",
			       del, KMEMCG_DELETE_DEAD_NAME, KMEMCG_POLICY_ON_DELETE,
			       KMEMCG_DELETE_DEAD_NAME);
		else
			printf("no dead groups\n");
	} else {
		km_dead_render(stdout, &ds, raw);
	}
	km_deads_free(&ds);
	return KM_EXIT_OK;
}
