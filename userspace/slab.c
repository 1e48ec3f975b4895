// SPDX-License-Identifier: GPL-2.0
/*
 * The module's slabinfo files (files.h): a cgroup's memory.kmem.slabinfo,
 * in /proc/slabinfo 2.1 layout (the enforced view), and the top-level
 * slabinfo, one line per (cache, cgroup) with the page view's four figures
 * and, from modules with granularities, the object view's two.  Parsing is
 * strict: a wrong header, a short or long line, a field that is not a
 * number or a last line without its newline (a truncated read) is an
 * error naming the line.  The top-level file's cgroup column may also name
 * a pseudo group ("<unscoped>", "<unaccounted>", "<dead:N>", files.h):
 * charges of no live cgroup.  They are kept, named so; commands that
 * match rows to cgroups (slab_views.c) never match them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kmemcg.h"

#define KM_SLABINFO_HEAD	"slabinfo - version: 2.1"
#define KM_LINE_MAX		512

/* Next line of buf into tmp; 1 got one, 0 at the end, -EINVAL on error. */
static int km_next_line(const char *buf, size_t len, size_t *pos, char *tmp,
			unsigned int *line, const char **why)
{
	const char *nl;
	size_t n;

	if (*pos >= len)
		return 0;
	(*line)++;
	nl = memchr(buf + *pos, '\n', len - *pos);
	if (!nl) {
		*why = "truncated line (no newline)";
		return -EINVAL;
	}
	n = (size_t)(nl - (buf + *pos));
	if (n >= KM_LINE_MAX) {
		*why = "line too long";
		return -EINVAL;
	}
	memcpy(tmp, buf + *pos, n);
	tmp[n] = '\0';
	*pos += n + 1;
	return 1;
}

static void km_slabs_add(struct km_slabs *out, const struct km_slab *s)
{
	out->s = km_realloc(out->s, (out->n + 1) * sizeof(*out->s));
	out->s[out->n++] = *s;
}

int km_parse_slabinfo(const char *buf, size_t len, struct km_slabs *out,
		      unsigned int *line, const char **why)
{
	struct km_slabs res = { 0 };
	char tmp[KM_LINE_MAX];
	size_t pos = 0;
	int r;

	*line = 0;
	if (memchr(buf, '\0', len)) {
		*why = "binary data";
		return -EINVAL;
	}
	r = km_next_line(buf, len, &pos, tmp, line, why);
	if (r <= 0 || strcmp(tmp, KM_SLABINFO_HEAD)) {
		if (!r)
			*why = "empty file";
		else if (r > 0)
			*why = "not slabinfo version 2.1";
		return -EINVAL;
	}
	r = km_next_line(buf, len, &pos, tmp, line, why);
	if (r <= 0 || strncmp(tmp, "# name", 6)) {
		if (r >= 0)
			*why = "missing the \"# name\" header line";
		return -EINVAL;
	}
	while ((r = km_next_line(buf, len, &pos, tmp, line, why)) > 0) {
		/* name 5 numbers : tunables 3 numbers : slabdata 3 numbers */
		static const int num[] = { 1, 2, 3, 4, 5, 8, 9, 10, 13, 14, 15 };
		u64 v[ARRAY_SIZE(num)];
		struct km_slab s = { 0 };
		char *tok[16];
		size_t i;

		if (km_split(tmp, tok, 16) != 16 || strcmp(tok[6], ":") ||
		    strcmp(tok[7], "tunables") || strcmp(tok[11], ":") ||
		    strcmp(tok[12], "slabdata")) {
			*why = "not a slabinfo 2.1 line";
			goto bad;
		}
		for (i = 0; i < ARRAY_SIZE(num); i++)
			if (km_parse_u64(tok[num[i]], &v[i])) {
				*why = "a field is not a number";
				goto bad;
			}
		if (v[0] > v[1] || v[8] > v[9]) {
			*why = "more active than total objects or slabs";
			goto bad;
		}
		s.name = km_strdup(tok[0]);
		s.active_objs = v[0];
		s.num_objs = v[1];
		s.objsize = v[2];
		s.objperslab = v[3];
		s.pagesperslab = v[4];
		s.active_slabs = v[8];
		s.num_slabs = v[9];
		km_slabs_add(&res, &s);
	}
	if (r < 0)
		goto bad;
	*out = res;
	return 0;
bad:
	km_slabs_free(&res);
	return -EINVAL;
}

bool km_cgroup_pseudo(const char *path)
{
	unsigned long id;
	char again[48];

	if (!strcmp(path, KMEMCG_PATH_UNSCOPED) || !strcmp(path, KMEMCG_PATH_UNACCOUNTED))
		return true;
	/* "<dead:N>", N from 1: exactly as the module prints it */
	if (sscanf(path, KMEMCG_PATH_DEAD_FMT, &id) != 1 || !id)
		return false;
	snprintf(again, sizeof(again), KMEMCG_PATH_DEAD_FMT, id);
	return !strcmp(again, path);
}

int km_parse_all_slabinfo(const char *buf, size_t len, struct km_slabs *out,
			  unsigned int *line, const char **why)
{
	struct km_slabs res = { 0 };
	char tmp[KM_LINE_MAX];
	size_t pos = 0;
	bool header = false;
	int r;

	*line = 0;
	if (memchr(buf, '\0', len)) {
		*why = "binary data";
		return -EINVAL;
	}
	while ((r = km_next_line(buf, len, &pos, tmp, line, why)) > 0) {
		struct km_slab s = { 0 };
		char *tok[9];
		u64 v[7] = { 0 };
		int i, nt;

		/*
		 * The header is the first line: after it, a line starting with
		 * '#' is a cache's (names are the creator's choice)
		 */
		if (!header && tmp[0] == '#') {
			header = true;
			continue;
		}
		if (!header) {
			*why = "missing the \"#\" header line";
			goto bad;
		}
		/*
		 * 6 fields from a module before granularities, 8 before
		 * accounted_object_bytes, 9 since
		 */
		nt = km_split(tmp, tok, 9);
		if (nt != 6 && nt != 8 && nt != 9) {
			*why = "expected \"name cgroup active_objs num_objs active_slabs num_slabs [objects object_bytes [accounted_object_bytes]]\"";
			goto bad;
		}
		for (i = 0; i < nt - 2; i++)
			if (km_parse_u64(tok[2 + i], &v[i])) {
				*why = "a field is not a number";
				goto bad;
			}
		/* A path, or a pseudo group's name: "<unscoped>", "<dead:N>" */
		if (tok[1][0] != '/' && !km_cgroup_pseudo(tok[1])) {
			*why = "the cgroup is not a path";
			goto bad;
		}
		s.name = km_strdup(tok[0]);
		s.cgroup = km_strdup(tok[1]);
		s.active_objs = v[0];
		s.num_objs = v[1];
		s.active_slabs = v[2];
		s.num_slabs = v[3];
		s.objects = v[4];
		s.object_bytes = v[5];
		s.accounted_object_bytes = v[6];
		s.has_accounted = nt == 9;
		if (s.accounted_object_bytes > s.object_bytes) {
			*why = "accounted_object_bytes above object_bytes";
			free(s.name);
			free(s.cgroup);
			goto bad;
		}
		km_slabs_add(&res, &s);
	}
	if (r < 0)
		goto bad;
	if (!header) {
		*why = "empty file";
		goto bad;
	}
	*out = res;
	return 0;
bad:
	km_slabs_free(&res);
	return -EINVAL;
}

int km_read_slabinfo(const char *path, bool all, struct km_slabs *out)
{
	unsigned int line = 0;
	const char *why = "";
	size_t len;
	char *buf;
	int ret = km_read_file(path, &buf, &len);

	if (ret == -ENOENT) {
		km_err("the loaded module has no %s (it predates per-cache figures); update the kmemcg module",
		       path);
		return -1;
	}
	if (ret) {
		km_report_errno("cannot read", path, -ret);
		return -1;
	}
	ret = all ? km_parse_all_slabinfo(buf, len, out, &line, &why) :
		    km_parse_slabinfo(buf, len, out, &line, &why);
	free(buf);
	if (ret) {
		km_err("%s: line %u: %s; the module and the CLI (%s) may not match: check kmemcg status",
		       path, line, why, KMEMCG_VERSION);
		return -1;
	}
	return 0;
}

void km_slabs_merge(struct km_slabs *a, const struct km_slabs *b)
{
	size_t i, j;

	for (j = 0; j < b->n; j++) {
		const struct km_slab *y = &b->s[j];
		struct km_slab n;

		for (i = 0; i < a->n; i++) {
			struct km_slab *x = &a->s[i];

			if (!strcmp(x->name, y->name)) {
				x->active_objs += y->active_objs;
				x->num_objs += y->num_objs;
				x->active_slabs += y->active_slabs;
				x->num_slabs += y->num_slabs;
				x->objects += y->objects;
				x->object_bytes += y->object_bytes;
				break;
			}
		}
		if (i < a->n)
			continue;
		n = *y;
		n.name = km_strdup(y->name);
		n.cgroup = y->cgroup ? km_strdup(y->cgroup) : NULL;
		km_slabs_add(a, &n);
	}
}

int km_slab_sort_key(const char *s, enum km_slab_sort *key)
{
	static const struct { const char *name; enum km_slab_sort key; } keys[] = {
		{ "size", KM_SLAB_SIZE }, { "usage", KM_SLAB_SIZE },
		{ "objs", KM_SLAB_OBJS }, { "active", KM_SLAB_ACTIVE },
		{ "name", KM_SLAB_NAME }, { "objsize", KM_SLAB_OBJSIZE },
		{ "slabs", KM_SLAB_SLABS }, { "growth", KM_SLAB_GROWTH },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(s, keys[i].name)) {
			*key = keys[i].key;
			return 0;
		}
	return -EINVAL;
}

u64 km_slab_page_bytes(const struct km_slab *s)
{
	static u64 page;

	if (!page) {
		long p = sysconf(_SC_PAGESIZE);

		page = p > 0 ? (u64)p : 4096;
	}
	return s->num_slabs * s->pagesperslab * page;
}

u64 km_slab_bytes(const struct km_slab *s)
{
	return s->obj_view ? s->object_bytes : km_slab_page_bytes(s);
}

u64 km_slab_count(const struct km_slab *s)
{
	return s->obj_view ? s->objects : s->num_objs;
}

/*
 * Under the object view a 2.1 line's objects are the cgroup's own
 * (active_objs = num_objs) and objsize the slot size charged for each.
 */
void km_slabs_object_view(struct km_slabs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct km_slab *x = &s->s[i];

		x->obj_view = true;
		x->objects = x->num_objs;
		x->object_bytes = x->num_objs * x->objsize;
	}
}

static enum km_slab_sort km_slab_key;

#define KM_DESC(a, b)	((a) < (b) ? 1 : (a) > (b) ? -1 : 0)

static int km_slab_cmp(const void *pa, const void *pb)
{
	const struct km_slab *a = pa, *b = pb;
	int r = 0;

	/* top-level rows: the pseudo groups after the cgroups, apart */
	if (a->cgroup && b->cgroup) {
		r = (int)km_cgroup_pseudo(a->cgroup) - (int)km_cgroup_pseudo(b->cgroup);
		if (r)
			return r;
	}
	switch (km_slab_key) {
	case KM_SLAB_SIZE:
		r = KM_DESC(km_slab_bytes(a), km_slab_bytes(b));
		if (!r)		/* top --caches has no sizes: objects then */
			r = KM_DESC(km_slab_count(a), km_slab_count(b));
		break;
	case KM_SLAB_OBJS:
		r = KM_DESC(km_slab_count(a), km_slab_count(b));
		break;
	case KM_SLAB_ACTIVE:
		r = KM_DESC(a->obj_view ? a->objects : a->active_objs,
			    b->obj_view ? b->objects : b->active_objs);
		break;
	case KM_SLAB_OBJSIZE:
		r = KM_DESC(a->objsize, b->objsize);
		break;
	case KM_SLAB_SLABS:
		r = KM_DESC(a->num_slabs, b->num_slabs);
		break;
	case KM_SLAB_GROWTH:
		r = KM_DESC(a->growth, b->growth);
		break;
	case KM_SLAB_NAME:
		break;
	}
	if (!r && a->cgroup && b->cgroup)
		r = strcmp(a->cgroup, b->cgroup);
	return r ? r : strcmp(a->name, b->name);
}

void km_slabs_sort(struct km_slabs *s, enum km_slab_sort key)
{
	km_slab_key = key;
	if (s->n > 1)	/* an empty list's array is NULL, which qsort may not get */
		qsort(s->s, s->n, sizeof(*s->s), km_slab_cmp);
}

void km_slabs_free(struct km_slabs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->s[i].name);
		free(s->s[i].cgroup);
	}
	free(s->s);
	s->s = NULL;
	s->n = 0;
}
