// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg check: verify the module's invariants (check.h) and say which
 * ones do not hold, one line each; exit 0 when all hold, 1 on a
 * violation, 2 when the check itself could not be made.
 *
 *   conservation  in one read of stat (the module sums in one pass):
 *                 own_bytes_sum = charged_bytes, tracked_bytes =
 *                 charged_bytes + unscoped_bytes + unaccounted_bytes when
 *                 limits are on the page view (the pseudo groups' figures
 *                 are in the enforced view: in the object view only
 *                 tracked_bytes >= charged_bytes holds); and
 *                 in the object view object_charged_bytes =
 *                 object_view_bytes_sum, object_bytes = object_bytes_sum +
 *                 pseudo_object_bytes (tests/vm/50-conservation.t,
 *                 56-scope.t, 57-delete.t).  Charges in flight unbalance a
 *                 read, so reads are retried until one balances.
 *   negative      no figure in any file of the tree is negative.
 *   stale         stale_entries and stale_objects are 0.
 *   mirror        check_tree.c, retried.
 *   hierarchy     check_tree.c, retried; not under hierarchy flat.
 *
 * Not checked: usage <= limit + reserve.  It is no invariant even under
 * over_limit fail: __GFP_NOFAIL charges, dying tasks, tasks in reclaim,
 * allocations the kernel does not account and the livelock breaker force
 * charges past a limit (README "What is
 * charged"), scope list charges listed kmalloc objects after the fact,
 * and count lets everything through.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>
#include "check.h"

#define KM_CHECK_PAUSE_US	200000	/* between tries, as tests/vm/lib.sh retry() */

void km_viol_add(struct km_viols *vs, const char *key, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vs->v = km_realloc(vs->v, (vs->n + 1) * sizeof(*vs->v));
	vs->v[vs->n].key = km_strdup(key);
	vs->v[vs->n].msg = km_strdup(msg);
	vs->n++;
}

void km_viols_free(struct km_viols *vs)
{
	size_t i;

	for (i = 0; i < vs->n; i++) {
		free(vs->v[i].key);
		free(vs->v[i].msg);
	}
	free(vs->v);
	vs->v = NULL;
	vs->n = 0;
}

void km_viols_intersect(struct km_viols *old, struct km_viols *b)
{
	struct km_viols keep = { 0 };
	size_t i, j;

	for (i = 0; i < old->n; i++)
		for (j = 0; j < b->n; j++)
			if (!strcmp(old->v[i].key, b->v[j].key)) {
				km_viol_add(&keep, b->v[j].key, "%s", b->v[j].msg);
				break;
			}
	km_viols_free(old);
	km_viols_free(b);
	*old = keep;
}

static long long km_get(const struct km_kvs *kv, const char *key)
{
	long long v = 0;

	km_kv_get(kv, key, &v);
	return v;
}

/*
 * One read of the policy, then of stat: the conservation violations into
 * out; 0 or -1.  The policy first: shadow_enforce may change meanwhile,
 * and a read that mixes the two views is retried like any other.
 */
static int km_conservation(struct km_kvs *stat, struct km_viols *out)
{
	struct km_policy pol;
	char path[4352];
	long long c, o, t, p;

	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_STAT);
	km_kv_free(stat);
	if (km_read_policy(&pol) || km_read_kv(path, stat))
		return -1;
	if (!km_kv_get(stat, KMEMCG_STAT_OWN_BYTES_SUM, &o)) {
		km_err("%s has no %s: the module predates kmemcg check; update it", path,
		       KMEMCG_STAT_OWN_BYTES_SUM);
		return -1;
	}
	c = km_get(stat, KMEMCG_STAT_CHARGED_BYTES);
	t = km_get(stat, KMEMCG_STAT_TRACKED_BYTES);
	p = km_get(stat, KMEMCG_STAT_UNSCOPED_BYTES) + km_get(stat, KMEMCG_STAT_UNACCOUNTED_BYTES);
	if (o != c)
		km_viol_add(out, "own", "conservation: %s %lld != %s %lld",
			    KMEMCG_STAT_OWN_BYTES_SUM, o, KMEMCG_STAT_CHARGED_BYTES, c);
	if (pol.view == KM_VIEW_PAGE && t != c + p)
		km_viol_add(out, "tracked", "conservation: %s %lld != %s %lld + %s and %s %lld",
			    KMEMCG_STAT_TRACKED_BYTES, t, KMEMCG_STAT_CHARGED_BYTES, c,
			    KMEMCG_STAT_UNSCOPED_BYTES, KMEMCG_STAT_UNACCOUNTED_BYTES, p);
	else if (t < c)
		km_viol_add(out, "tracked", "conservation: %s %lld < %s %lld",
			    KMEMCG_STAT_TRACKED_BYTES, t, KMEMCG_STAT_CHARGED_BYTES, c);
	c = km_get(stat, KMEMCG_STAT_OBJECT_CHARGED_BYTES);
	o = km_get(stat, KMEMCG_STAT_OBJECT_VIEW_SUM);
	if (c != o)
		km_viol_add(out, "object-view", "conservation: %s %lld != %s %lld",
			    KMEMCG_STAT_OBJECT_CHARGED_BYTES, c, KMEMCG_STAT_OBJECT_VIEW_SUM, o);
	t = km_get(stat, KMEMCG_STAT_OBJECT_BYTES);
	o = km_get(stat, KMEMCG_STAT_OBJECT_BYTES_SUM);
	p = km_get(stat, KMEMCG_STAT_SINK_OBJECT_BYTES);
	if (t != o + p)
		km_viol_add(out, "objects", "conservation: %s %lld != %s %lld + %s %lld",
			    KMEMCG_STAT_OBJECT_BYTES, t, KMEMCG_STAT_OBJECT_BYTES_SUM, o,
			    KMEMCG_STAT_SINK_OBJECT_BYTES, p);
	return 0;
}

/* A token that is a negative number: "-" and a digit. */
static bool km_negative(const char *tok)
{
	return tok[0] == '-' && tok[1] >= '0' && tok[1] <= '9';
}

/* Every file below the module's root/rel: negative figures into out. */
static void km_scan(const char *rel, struct km_viols *out, size_t *nfiles)
{
	char dir[4352], sub[4352], path[8704];
	struct dirent *d;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s%s", km_root, rel);
	dp = opendir(dir);
	if (!dp)
		return;		/* gone meanwhile */
	while ((d = readdir(dp))) {
		char *buf, *line, *save = NULL;
		unsigned int ln = 0;
		size_t len;

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", rel, d->d_name) >= (int)sizeof(sub))
			continue;
		if (d->d_type == DT_DIR) {
			km_scan(sub, out, nfiles);
			continue;
		}
		snprintf(path, sizeof(path), "%s%s", km_root, sub);
		if (km_read_file(path, &buf, &len))
			continue;	/* gone, or not readable: nothing to check */
		(*nfiles)++;
		for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char copy[160], *tok[64];
			int i, n;

			ln++;
			snprintf(copy, sizeof(copy), "%s", line);
			n = km_split(line, tok, 64);
			for (i = 0; i < n && !km_negative(tok[i]); i++)
				;
			if (i < n) {
				char key[8800];

				snprintf(key, sizeof(key), "%s:%u", sub + 1, ln);
				km_viol_add(out, key, "negative: %s: line %u: %s", sub + 1, ln, copy);
			}
		}
		free(buf);
	}
	closedir(dp);
}

static void km_stale(const struct km_kvs *stat, struct km_viols *out)
{
	static const char *const keys[] = { KMEMCG_STAT_STALE_ENTRIES, KMEMCG_STAT_STALE_OBJECTS };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (km_get(stat, keys[i]))
			km_viol_add(out, keys[i], "stale: %s %lld", keys[i], km_get(stat, keys[i]));
}

struct km_check_run {
	unsigned long retries;
	const char *fs;
	struct km_kvs stat;
	struct km_viols all;
	unsigned long tries[3];	/* conservation, mirror, hierarchy */
	size_t ncg, nmirror, nfiles;
};

/*
 * A check, tried up to 1 + r->retries times: kind 0 conservation (until a
 * read balances; the last read's violations stand), 1 mirror and 2
 * hierarchy (until no violation was seen on every try so far).  What
 * stands goes into r->all.  0, or -1 when a try could not be made.
 */
static int km_retried(struct km_check_run *r, int kind, bool flat)
{
	struct km_viols seen = { 0 };
	unsigned long t;
	size_t i;

	for (t = 0; t <= r->retries; t++) {
		struct km_viols now = { 0 };
		int ret = kind == 0 ? km_conservation(&r->stat, &now) :
			  kind == 1 ? km_check_mirror(r->fs, &now, &r->ncg, &r->nmirror) :
			  flat ? 0 : km_check_hierarchy(&now);

		if (ret) {
			km_viols_free(&now);
			km_viols_free(&seen);
			return -1;
		}
		if (t == 0 || kind == 0) {
			km_viols_free(&seen);
			seen = now;
		} else {
			km_viols_intersect(&seen, &now);
		}
		r->tries[kind] = t + 1;
		if (!seen.n)
			break;
		if (t < r->retries)
			usleep(KM_CHECK_PAUSE_US);
	}
	for (i = 0; i < seen.n; i++)
		km_viol_add(&r->all, seen.v[i].key, "%s (%lu tries)", seen.v[i].msg,
			    r->tries[kind]);
	km_viols_free(&seen);
	return 0;
}

static void km_check_json(const struct km_check_run *r)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	struct json_object *st = json_object_new_object();
	size_t i;

	json_object_object_add(o, "time", json_object_new_int64((int64_t)time(NULL)));
	json_object_object_add(o, "clean", json_object_new_boolean(!r->all.n));
	for (i = 0; i < r->all.n; i++)
		json_object_array_add(a, json_object_new_string(r->all.v[i].msg));
	json_object_object_add(o, "violations", a);
	json_object_object_add(o, "conservation_tries", json_object_new_uint64(r->tries[0]));
	json_object_object_add(o, "mirror_tries", json_object_new_uint64(r->tries[1]));
	json_object_object_add(o, "hierarchy_tries", json_object_new_uint64(r->tries[2]));
	json_object_object_add(o, "memory_cgroups", json_object_new_uint64(r->ncg));
	json_object_object_add(o, "mirrors", json_object_new_uint64(r->nmirror));
	json_object_object_add(o, "files", json_object_new_uint64(r->nfiles));
	for (i = 0; i < r->stat.n; i++)
		json_object_object_add(st, r->stat.kv[i].key,
				       json_object_new_int64(r->stat.kv[i].val));
	json_object_object_add(o, "stat", st);
	km_json_print(stdout, o, false);	/* and puts it */
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "retries", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct km_check_run r = { .retries = 50 };
	bool json = false, quiet = false, flat;
	struct km_policy pol;
	size_t i;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:jqh", opts, NULL)) != -1) {
		if (c == 'r' && !strcmp(optarg, "0"))
			r.retries = 0;
		else if (c == 'r' && km_parse_count(optarg, &r.retries))
			return km_usage_err("check", "--retries wants a count, not '%s'", optarg);
		else if (c == 'j')
			json = true;
		else if (c == 'q')
			quiet = true;
		else if (c != 'r')
			return km_opt_unknown("check", c, argv[optind - 1]);
	}
	if (optind != argc)
		return km_usage_err("check", "unexpected argument '%s'", argv[optind]);
	r.fs = getenv("KMEMCG_CGROUPFS");
	if (!r.fs || !*r.fs)
		r.fs = KM_CGROUPFS;
	if (km_check_root() || km_read_policy(&pol))
		return KM_EXIT_USAGE;
	flat = (pol.has & (1U << KM_AX_HIERARCHY)) &&
	       !strcmp(pol.val[KM_AX_HIERARCHY], KMEMCG_HIERARCHY_FLAT_NAME);
	if (km_retried(&r, 0, flat))
		goto error;
	km_stale(&r.stat, &r.all);
	km_scan("", &r.all, &r.nfiles);
	if (km_retried(&r, 1, flat) || km_retried(&r, 2, flat))
		goto error;
	if (json) {
		km_check_json(&r);
	} else {
		for (i = 0; i < r.all.n; i++)
			printf("%s\n", r.all.v[i].msg);
		if (!quiet && r.all.n)
			printf("%zu violation%s\n", r.all.n, r.all.n == 1 ? "" : "s");
		else if (!quiet)
			printf("clean: conserved (try %lu), no negative figure in %zu files, no stale entry, %zu memory cgroups mirrored%s\n",
			       r.tries[0], r.nfiles, r.ncg,
			       flat ? "" : ", hierarchy sums hold");
	}
	c = r.all.n ? KM_EXIT_FAIL : KM_EXIT_OK;
	km_viols_free(&r.all);
	km_kv_free(&r.stat);
	return c;
error:
	km_viols_free(&r.all);
	km_kv_free(&r.stat);
	return KM_EXIT_USAGE;
}
