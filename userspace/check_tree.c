// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg check, the checks that compare trees (check.h): every live
 * memory cgroup mirrored under the module's cgroup/ and no directory there
 * without one (README "The files": a cgroup has a directory when its
 * parent's cgroup.subtree_control enables memory), and under hierarchical
 * accounting no cgroup's usage below its children's sum.  Directories
 * that vanish while they are walked (cgroups removed meanwhile) are
 * skipped; the caller tries again and keeps what every try saw.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

struct km_paths {
	char **p;
	size_t n;
};

static void km_paths_add(struct km_paths *ps, const char *path)
{
	ps->p = km_realloc(ps->p, (ps->n + 1) * sizeof(*ps->p));
	ps->p[ps->n++] = km_strdup(path);
}

static void km_paths_free(struct km_paths *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		free(ps->p[i]);
	free(ps->p);
	ps->p = NULL;
	ps->n = 0;
}

static int km_path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the word "memory" is in dir's cgroup.subtree_control (absent: no). */
static bool km_subtree_memory(const char *dir)
{
	char path[4608], *buf, *tok[64];
	size_t len;
	int i, n;
	bool on = false;

	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dir);
	if (km_read_file(path, &buf, &len))
		return false;
	for (i = 0; i < (int)len; i++)
		if (buf[i] == '\n')
			buf[i] = ' ';
	n = km_split(buf, tok, 64);
	for (i = 0; i < n; i++)
		on |= !strcmp(tok[i], "memory");
	free(buf);
	return on;
}

/*
 * Walk the directories below base/rel (rel "" for the top); each one's
 * path ("/a/b") goes into ps when mem says so: always (the module's
 * tree), or when the parent enables memory (cgroupfs).  -1 when base
 * itself cannot be opened.
 */
static int km_walk(const char *base, const char *rel, bool cgroupfs, struct km_paths *ps)
{
	char dir[4352], sub[4352];
	struct dirent *d;
	bool mem = true;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s%s", base, rel);
	dp = opendir(dir);
	if (!dp)
		return *rel ? 0 : -1;	/* below the top: gone meanwhile */
	if (cgroupfs)
		mem = km_subtree_memory(dir);
	while ((d = readdir(dp))) {
		if (d->d_type != DT_DIR || !strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", rel, d->d_name) >= (int)sizeof(sub))
			continue;
		if (mem)
			km_paths_add(ps, sub);
		km_walk(base, sub, cgroupfs, ps);
	}
	closedir(dp);
	return 0;
}

static const char *km_key(char *buf, size_t size, const char *what, const char *path)
{
	snprintf(buf, size, "%s %s", what, path);
	return buf;
}

int km_check_mirror(const char *fs, struct km_viols *out, size_t *ncg, size_t *nmirror)
{
	struct km_paths live = { 0 }, mir = { 0 };
	char base[4352], key[4352];
	size_t i = 0, j = 0;

	snprintf(base, sizeof(base), "%s/%s", km_root, KMEMCG_DIR_CGROUP);
	if (km_walk(fs, "", true, &live)) {
		km_err("cannot read the cgroup filesystem %s: %s", fs, strerror(errno));
		return -1;
	}
	if (km_walk(base, "", false, &mir)) {
		km_err("cannot read %s: %s", base, strerror(errno));
		km_paths_free(&live);
		return -1;
	}
	qsort(live.p, live.n, sizeof(*live.p), km_path_cmp);
	qsort(mir.p, mir.n, sizeof(*mir.p), km_path_cmp);
	*ncg = live.n + 1;	/* and the root, which both always have */
	*nmirror = mir.n + 1;
	while (i < live.n || j < mir.n) {
		int c = i == live.n ? 1 : j == mir.n ? -1 : strcmp(live.p[i], mir.p[j]);

		if (c < 0)
			km_viol_add(out, km_key(key, sizeof(key), "missing", live.p[i]), "mirror: memory cgroup %s has no directory in %s",
				    live.p[i], base);
		else if (c > 0)
			km_viol_add(out, km_key(key, sizeof(key), "extra", mir.p[j]), "mirror: %s%s has no live memory cgroup in %s",
				    base, mir.p[j], fs);
		i += c <= 0;
		j += c >= 0;
	}
	km_paths_free(&live);
	km_paths_free(&mir);
	return 0;
}

int km_check_hierarchy(struct km_viols *out)
{
	struct km_paths mir = { 0 };
	char base[4352], path[4608];
	u64 *usage, *sum;
	bool *have;
	size_t k;

	snprintf(base, sizeof(base), "%s/%s", km_root, KMEMCG_DIR_CGROUP);
	if (km_walk(base, "", false, &mir)) {
		km_err("cannot read %s: %s", base, strerror(errno));
		return -1;
	}
	km_paths_add(&mir, "");	/* the root */
	qsort(mir.p, mir.n, sizeof(*mir.p), km_path_cmp);
	usage = km_alloc(mir.n * sizeof(*usage));
	sum = km_alloc(mir.n * sizeof(*sum));
	have = km_alloc(mir.n * sizeof(*have));
	/* Children first (the reverse of the sorted order), then each parent. */
	for (k = mir.n; k-- > 0;) {
		snprintf(path, sizeof(path), "%s%s/%s", base, mir.p[k], KMEMCG_FILE_USAGE);
		if (km_read_u64_or_gone(path, &usage[k]) == 0)
			have[k] = true;
	}
	for (k = 0; k < mir.n; k++) {
		char *slash = strrchr(mir.p[k], '/'), parent[4352], *key = parent, **hit;

		if (!have[k] || !slash)
			continue;
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - mir.p[k]), mir.p[k]);
		hit = bsearch(&key, mir.p, mir.n, sizeof(*mir.p), km_path_cmp);
		if (hit)
			sum[hit - mir.p] += usage[k];
	}
	for (k = 0; k < mir.n; k++)
		if (have[k] && sum[k] > usage[k])
			km_viol_add(out, mir.p[k][0] ? mir.p[k] : "/",
				    "hierarchy: %s usage %llu is below its children's sum %llu",
				    mir.p[k][0] ? mir.p[k] : "/", (unsigned long long)usage[k],
				    (unsigned long long)sum[k]);
	free(usage);
	free(sum);
	free(have);
	km_paths_free(&mir);
	return 0;
}
