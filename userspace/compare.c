// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg compare [CGROUP]: the kernel's own kmem figures of each memory
 * cgroup (its memory.stat under the cgroup filesystem) beside kmemcg's, and
 * the difference; --caches is compare_caches.c.  Column names are
 * include/kmemcg/compare.h's.
 *
 * Like with like: the kernel's memory.stat is hierarchical (the cgroup and
 * its descendants), so kmemcg's figures are its subtree's too, summed from
 * each cgroup's own figures in memory.kmem.stat (page view: own_bytes;
 * object view: object_bytes + large_kmalloc_bytes), whatever the module's
 * hierarchy policy.  Each file is read once.
 *
 * What reading memory.stat flushes (mm/memcontrol.c): memory_stat_format()
 * (6.1) and memcg_stat_format() (6.12, 7.3) call mem_cgroup_flush_stats()
 * first, which flushes the per-CPU counters into the cgroup's only past a
 * threshold: on 6.1 when more than MEMCG_CHARGE_BATCH (64) updates per
 * online CPU are pending anywhere (stats_flush_threshold, a global
 * flush), on 6.12 and 7.3 when the cgroup's own pending updates pass
 * MEMCG_CHARGE_BATCH x online CPUs (memcg_vmstats_needs_flush()); a
 * worker flushes everything every 2 s (FLUSH_TIME).  And slab bytes wait
 * in each CPU's object stock until they pass a page (mod_objcg_state(),
 * 7.3 __account_obj_stock()).  So the kernel's slab may lag by a page of
 * object stock plus up to 2 x 64 pages of updates per CPU (see
 * tests/vm/45-objects.t, test 6); compare reports what it reads.
 *
 * A cgroup whose memory.stat cannot be found (ENOENT) has no kernel
 * figures ("-", empty, null); a key the kernel does not print is missing
 * alone.  A malformed memory.stat is an error naming the line: the kernel
 * prints every line as "key value".
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "kmemcg.h"

#define KM_MEMSTAT	"memory.stat"

const char *const km_kstat_keys[KM_KS_N] = {
	[KM_KS_SLAB] = KMEMCG_CMP_SLAB,
	[KM_KS_SLAB_RECLAIMABLE] = KMEMCG_CMP_SLAB_RECLAIMABLE,
	[KM_KS_SLAB_UNRECLAIMABLE] = KMEMCG_CMP_SLAB_UNRECLAIMABLE,
	[KM_KS_KERNEL] = KMEMCG_CMP_KERNEL,
	[KM_KS_KERNEL_STACK] = KMEMCG_CMP_KERNEL_STACK,
	[KM_KS_PAGETABLES] = KMEMCG_CMP_PAGETABLES,
	[KM_KS_PERCPU] = KMEMCG_CMP_PERCPU,
	[KM_KS_SOCK] = KMEMCG_CMP_SOCK,
};

/* Table headings, in the same order */
static const char *const km_kstat_heads[KM_KS_N] = {
	"SLAB", "SLAB_RECL", "SLAB_UNRECL", "KERNEL", "KSTACK", "PAGETABLES",
	"PERCPU", "SOCK",
};

static int km_memstat_line(char *s, struct km_memstat *m, const char **why)
{
	char *sp = strchr(s, ' ');
	u64 v;
	int k;

	if (!sp || sp == s) {
		*why = "expected \"key value\"";
		return -EINVAL;
	}
	*sp = '\0';
	if (km_parse_u64(sp + 1, &v)) {
		*why = "the value is not a number";
		return -EINVAL;
	}
	for (k = 0; k < KM_KS_N; k++) {
		if (strcmp(s, km_kstat_keys[k]))
			continue;
		if (m->has & (1U << k)) {
			*why = "a key twice";
			return -EINVAL;
		}
		m->has |= 1U << k;
		m->v[k] = v;
	}
	return 0;
}

int km_parse_memstat(const char *buf, size_t len, struct km_memstat *m,
		     unsigned int *line, const char **why)
{
	size_t pos = 0;

	memset(m, 0, sizeof(*m));
	*line = 0;
	if (!len || memchr(buf, '\0', len)) {
		*why = len ? "binary data" : "empty file";
		return -EINVAL;
	}
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n;
		char *s;
		int ret;

		(*line)++;
		if (!nl) {
			*why = "truncated line (no newline)";
			goto bad;
		}
		n = (size_t)(nl - (buf + pos));
		s = km_alloc(n + 1);
		memcpy(s, buf + pos, n);
		s[n] = '\0';
		ret = km_memstat_line(s, m, why);
		free(s);
		if (ret)
			goto bad;
		pos += n + 1;
	}
	return 0;
bad:
	memset(m, 0, sizeof(*m));
	return -EINVAL;
}

/* The cgroup's memory.stat into m (m->has 0 when it has none); 0 or -1. */
static int km_read_memstat(const char *cgpath, struct km_memstat *m)
{
	const char *fs = getenv("KMEMCG_CGROUPFS");
	unsigned int line = 0;
	const char *why = "";
	char path[4352];
	size_t len;
	char *buf;
	int ret;

	memset(m, 0, sizeof(*m));
	if (!fs || !*fs)
		fs = KM_CGROUPFS;
	snprintf(path, sizeof(path), "%s%s/%s", fs, strcmp(cgpath, "/") ? cgpath : "",
		 KM_MEMSTAT);
	ret = km_read_file(path, &buf, &len);
	if (ret == -ENOENT)
		return 0;
	if (ret) {
		km_report_errno("cannot read", path, -ret);
		return -1;
	}
	ret = km_parse_memstat(buf, len, m, &line, &why);
	free(buf);
	if (ret) {
		if (line)
			km_err("%s: line %u: %s; not the kernel's memory.stat", path, line, why);
		else
			km_err("%s: %s; not the kernel's memory.stat", path, why);
		return -1;
	}
	return 0;
}

int km_cmp_kmemcg(const struct km_snap *s, struct km_cmp_row *rows)
{
	bool page = s->policy.gran != KM_GRAN_OBJECT;
	bool object = s->policy.gran != KM_GRAN_PAGE;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct km_cg *c = &s->cg[i];
		long long own = 0, obj = 0, large = 0;

		if ((page && !km_kv_get(&c->stat, KMEMCG_CSTAT_OWN_BYTES, &own)) ||
		    (object && (!km_kv_get(&c->stat, KMEMCG_CSTAT_OBJECT_BYTES, &obj) ||
				!km_kv_get(&c->stat, KMEMCG_CSTAT_LARGE_BYTES, &large))) ||
		    own < 0 || obj < 0 || large < 0) {
			char path[4352];

			km_cgroup_dir(path, sizeof(path) - 32, c->path);
			strcat(path, "/" KMEMCG_FILE_CGROUP_STAT);
			km_malformed(path, 0, "no " KMEMCG_CSTAT_OWN_BYTES ", "
				     KMEMCG_CSTAT_OBJECT_BYTES " or " KMEMCG_CSTAT_LARGE_BYTES
				     " figure for the granularity");
			return -1;
		}
		rows[i].cgroup = c->path;
		rows[i].has_page = page;
		rows[i].has_object = object;
		rows[i].page = (u64)own;
		rows[i].object = (u64)obj + (u64)large;
	}
	/* Depth-first order: each subtree is whole when it is added to its parent. */
	for (i = s->n; i-- > 1;) {
		size_t p = s->cg[i].parent;

		if (p < i) {
			rows[p].page += rows[i].page;
			rows[p].object += rows[i].object;
		}
	}
	return 0;
}

void km_cmp_diff(struct km_cmp_row *r)
{
	u64 ours = r->has_object ? r->object : r->page;

	r->has_diff = (r->has_object || r->has_page) && (r->k.has & (1U << KM_KS_SLAB));
	r->diff = r->has_diff ? (long long)ours - (long long)r->k.v[KM_KS_SLAB] : 0;
}

/* A signed size for people: "-1.5M" */
static const char *km_ssize(char *buf, size_t size, long long v, bool raw)
{
	if (v >= 0)
		return km_size(buf, size, (u64)v, raw);
	buf[0] = '-';
	km_size(buf + 1, size - 1, (u64)-v, raw);
	return buf;
}

static void km_cmp_row_csv(FILE *f, const struct km_cmp_row *r)
{
	int k;

	km_csv_field(f, r->cgroup);
	for (k = 0; k < KM_KS_N; k++) {
		fputc(',', f);
		if (r->k.has & (1U << k))
			fprintf(f, "%llu", (unsigned long long)r->k.v[k]);
	}
	fputc(',', f);
	if (r->has_page)
		fprintf(f, "%llu", (unsigned long long)r->page);
	fputc(',', f);
	if (r->has_object)
		fprintf(f, "%llu", (unsigned long long)r->object);
	fputc(',', f);
	if (r->has_diff)
		fprintf(f, "%lld", r->diff);
	fputc('\n', f);
}

static struct json_object *km_cmp_row_json(const struct km_cmp_row *r)
{
	struct json_object *o = json_object_new_object();
	int k;

	json_object_object_add(o, KMEMCG_CMP_CGROUP, json_object_new_string(r->cgroup));
	for (k = 0; k < KM_KS_N; k++)
		json_object_object_add(o, km_kstat_keys[k], r->k.has & (1U << k) ?
				       json_object_new_uint64(r->k.v[k]) : NULL);
	json_object_object_add(o, KMEMCG_CMP_PAGE_BYTES,
			       r->has_page ? json_object_new_uint64(r->page) : NULL);
	json_object_object_add(o, KMEMCG_CMP_OBJECT_BYTES,
			       r->has_object ? json_object_new_uint64(r->object) : NULL);
	json_object_object_add(o, KMEMCG_CMP_DIFF_BYTES,
			       r->has_diff ? json_object_new_int64(r->diff) : NULL);
	return o;
}

static void km_cmp_row_table(FILE *f, const struct km_cmp_row *r, bool raw)
{
	char b[32];
	int k;

	for (k = 0; k < KM_KS_N; k++)
		fprintf(f, "%*s ", k == KM_KS_SLAB_UNRECLAIMABLE ? 11 : 10, r->k.has & (1U << k) ?
			km_size(b, sizeof(b), r->k.v[k], raw) : "-");
	fprintf(f, "%12s ", r->has_page ? km_size(b, sizeof(b), r->page, raw) : "-");
	fprintf(f, "%12s ", r->has_object ? km_size(b, sizeof(b), r->object, raw) : "-");
	fprintf(f, "%11s  %s\n", r->has_diff ? km_ssize(b, sizeof(b), r->diff, raw) : "-",
		r->cgroup);
}

void km_cmp_render(FILE *f, const struct km_cmp_row *rows, size_t n,
		   const struct km_policy *p, enum km_cmp_fmt fmt, bool raw)
{
	struct json_object *o, *a;
	size_t i;
	int k;

	switch (fmt) {
	case KM_CMP_CSV:
		fputs(KMEMCG_CMP_CSV_HEADER "\n", f);
		for (i = 0; i < n; i++)
			km_cmp_row_csv(f, &rows[i]);
		return;
	case KM_CMP_JSON:
		o = json_object_new_object();
		a = json_object_new_array();
		km_json_policy(o, p);
		for (i = 0; i < n; i++)
			json_object_array_add(a, km_cmp_row_json(&rows[i]));
		json_object_object_add(o, "cgroups", a);
		km_json_print(f, o, true);
		return;
	case KM_CMP_TABLE:
		break;
	}
	for (k = 0; k < KM_KS_N; k++)
		fprintf(f, "%*s ", k == KM_KS_SLAB_UNRECLAIMABLE ? 11 : 10, km_kstat_heads[k]);
	fprintf(f, "%12s %12s %11s  %s\n", "KMEMCG_PAGE", "KMEMCG_OBJ", "DIFF", "CGROUP");
	for (i = 0; i < n; i++)
		km_cmp_row_table(f, &rows[i], raw);
}

static int km_compare(const char *cgpath, enum km_cmp_fmt fmt, bool raw)
{
	struct km_cmp_row *rows;
	struct km_snap s;
	size_t i;
	int ret = KM_EXIT_FAIL;

	if (km_snapshot(&s, cgpath, KM_SNAP_STAT))
		return KM_EXIT_FAIL;
	km_snap_sort_tree(&s, KM_SORT_NAME);
	rows = calloc(s.n ? s.n : 1, sizeof(*rows));
	if (!rows) {
		km_err("out of memory");
		goto out;
	}
	if (km_cmp_kmemcg(&s, rows))
		goto out;
	for (i = 0; i < s.n; i++) {
		if (km_read_memstat(s.cg[i].path, &rows[i].k))
			goto out;
		km_cmp_diff(&rows[i]);
	}
	km_cmp_render(stdout, rows, s.n, &s.policy, fmt, raw);
	ret = KM_EXIT_OK;
out:
	free(rows);
	km_snap_free(&s);
	return ret;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "caches", no_argument, NULL, 'c' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum km_cmp_fmt fmt = KM_CMP_TABLE;
	bool raw = false, caches = false;
	char cgpath[4096] = "/";
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bo:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			caches = true;
			break;
		case 'b':
			raw = true;
			break;
		case 'o':
			if (!strcmp(optarg, "json"))
				fmt = KM_CMP_JSON;
			else if (!strcmp(optarg, "csv"))
				fmt = KM_CMP_CSV;
			else
				return km_usage_err("compare",
						    "unknown output format '%s' (json or csv)",
						    optarg);
			break;
		default:
			return km_opt_unknown("compare", c, argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return km_usage_err("compare", "expected at most one CGROUP");
	if (argc - optind == 1 && km_cgroup_path(argv[optind], cgpath, sizeof(cgpath)))
		return km_usage_err("compare", "bad cgroup path '%s'", argv[optind]);
	return caches ? km_compare_caches(cgpath, fmt, raw) : km_compare(cgpath, fmt, raw);
}
