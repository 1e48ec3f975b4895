// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg export --prometheus: the current figures in the Prometheus text
 * exposition format (version 0.0.4), for node_exporter's textfile
 * collector.  Names follow Prometheus conventions: a kmemcg_ prefix, base
 * units (_bytes), _total on counters, one HELP and TYPE line per family,
 * and every sample of a family together.  A stat key this CLI does not
 * know (a newer module) is left out rather than given a guessed type.
 *
 * kmemcg_policy_info names the granularity and the enforced view (the view
 * kmemcg_usage_bytes, _limit_bytes, _max_usage_bytes and _failcnt_total
 * are in), and each other policy axis the module has, a label each.  The
 * policy figures (over_limit, reserve, pseudo and dead groups) are
 * exported when the module has them.  The object figures (per cgroup and global) are exported under
 * object and shadow granularity only, and under shadow each cgroup's usage
 * of each view (kmemcg_page_usage_bytes, kmemcg_object_usage_bytes).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "kmemcg.h"

struct km_metric {
	const char *key;	/* the files.h key */
	const char *name;	/* the metric, without the kmemcg_ prefix */
	const char *type;
	const char *help;
};

static const struct km_metric km_cg_metrics[] = {
	{ KMEMCG_CSTAT_OWN_BYTES, "own_bytes", "gauge",
	  "Slab memory charged to the cgroup itself, descendants apart." },
	{ KMEMCG_CSTAT_SLAB_PAGES, "slab_pages", "gauge",
	  "Slab pages charged to the cgroup itself." },
	{ KMEMCG_CSTAT_LARGE_BYTES, "large_kmalloc_bytes", "gauge",
	  "Large kmalloc memory charged to the cgroup itself." },
	{ KMEMCG_CSTAT_CHARGES, "charges_total", "counter", "Charges to the cgroup." },
	{ KMEMCG_CSTAT_UNCHARGES, "uncharges_total", "counter", "Uncharges from the cgroup." },
	{ KMEMCG_CSTAT_FAILURES, "charge_failures_total", "counter",
	  "Charges refused by a kmem limit." },
	{ KMEMCG_CSTAT_BYPASSED, "bypassed_total", "counter",
	  "Charges forced past a kmem limit." },
	{ KMEMCG_CSTAT_BYPASSED_BYTES, "bypassed_bytes_total", "counter",
	  "Bytes charged past a kmem limit." },
	{ KMEMCG_CSTAT_STUCK_FORCED, "stuck_forced_total", "counter",
	  "Charges forced past a kmem limit for a task stuck in a kernel retry loop." },
	{ KMEMCG_CSTAT_REPARENTED_BYTES, "reparented_bytes_total", "counter",
	  "Bytes taken over from removed child cgroups." },
};

/* Policy figures (over_limit, the reserve): each key the module has. */
static const struct km_metric km_cg_policy_metrics[] = {
	{ KMEMCG_CSTAT_UNACCOUNTED_FORCED, "unaccounted_forced_total", "counter",
	  "Charges forced past a kmem limit because the kernel does not account the allocation (over_limit fail, reclaim)." },
	{ KMEMCG_CSTAT_UNACCOUNTED_FORCED_BYTES, "unaccounted_forced_bytes_total", "counter",
	  "Bytes of those charges: how much of the limit was not enforced." },
	{ KMEMCG_CSTAT_WOULD_FAIL, "would_fail_total", "counter",
	  "Charges over a limit let through under over_limit count." },
	{ KMEMCG_CSTAT_RECLAIM_ATTEMPTS, "reclaim_attempts_total", "counter",
	  "Reclaims asked for by charges over a limit (over_limit reclaim)." },
	{ KMEMCG_CSTAT_RECLAIM_SUCCESSES, "reclaim_successes_total", "counter",
	  "Reclaims after which the charge fitted." },
	{ KMEMCG_CSTAT_RECLAIMED_BYTES, "reclaimed_bytes_total", "counter",
	  "Bytes freed by those reclaims." },
	{ KMEMCG_CSTAT_RESERVE_USED_BYTES, "reserve_used_bytes", "gauge",
	  "Bytes of the critical reserve in use." },
	{ KMEMCG_CSTAT_RESERVE_USED, "reserve_charges_total", "counter",
	  "Critical charges held by the reserve." },
	{ KMEMCG_CSTAT_RESERVE_REFUSALS, "reserve_refusals_total", "counter",
	  "Critical charges the reserve could not hold." },
};

/* Object and shadow granularity only (0 under page). */
static const struct km_metric km_cg_object_metrics[] = {
	{ KMEMCG_CSTAT_OBJECT_BYTES, "object_bytes", "gauge",
	  "Slot bytes of the objects charged to the cgroup itself." },
	{ KMEMCG_CSTAT_OBJECTS, "objects", "gauge",
	  "Objects charged to the cgroup itself." },
	{ KMEMCG_CSTAT_OBJECT_CHARGES, "object_charges_total", "counter",
	  "Object charges to the cgroup." },
	{ KMEMCG_CSTAT_OBJECT_UNCHARGES, "object_uncharges_total", "counter",
	  "Object uncharges from the cgroup." },
};

static const struct km_metric km_global_metrics[] = {
	{ KMEMCG_STAT_CHARGED_BYTES, "charged_bytes", "gauge",
	  "Slab memory charged to all cgroups." },
	{ KMEMCG_STAT_TRACKED_PAGES, "tracked_pages", "gauge", "Slab pages tracked." },
	{ KMEMCG_STAT_TRACKED_BYTES, "tracked_bytes", "gauge", "Slab memory tracked." },
	{ KMEMCG_STAT_UNATTRIBUTED_BYTES, "unattributed_bytes", "gauge",
	  "Tracked slab memory attributed to no cgroup." },
	{ KMEMCG_STAT_UNTRACKED_FREES, "untracked_frees_total", "counter",
	  "Frees of pages the module never saw allocated." },
	{ KMEMCG_STAT_BEYOND_TABLE, "beyond_table_pages_total", "counter",
	  "Pages beyond the owner table (past max_pfn at load)." },
	{ KMEMCG_STAT_STALE_ENTRIES, "stale_entries_total", "counter",
	  "Owner entries whose free was missed." },
	{ KMEMCG_STAT_REFUSED, "refused_total", "counter", "Charges refused over a limit." },
	{ KMEMCG_STAT_BYPASSED, "global_bypassed_total", "counter",
	  "Charges forced past a kmem limit, all cgroups." },
	{ KMEMCG_STAT_STUCK_FORCED, "global_stuck_forced_total", "counter",
	  "Charges forced past a kmem limit for stuck tasks, all cgroups." },
	{ KMEMCG_STAT_GROUPS, "groups", "gauge", "Memory cgroups the module tracks." },
	{ KMEMCG_STAT_DEAD_OWNERS, "dead_owners", "gauge",
	  "Removed cgroups still owning memory." },
	{ KMEMCG_STAT_OWNER_ENTRIES, "owner_table_entries", "gauge",
	  "Entries in the owner table." },
	{ KMEMCG_STAT_OWNER_TABLE_BYTES, "owner_table_bytes", "gauge",
	  "Memory of the owner table." },
	{ KMEMCG_STAT_MODULE_BYTES, "module_bytes", "gauge", "Memory the module uses." },
	{ KMEMCG_STAT_INTERNAL_FAILURES, "internal_alloc_failures_total", "counter",
	  "The module's own allocations that failed." },
};

/* Policy figures, all cgroups; named apart from the cgroups' as bypassed is. */
static const struct km_metric km_global_policy_metrics[] = {
	{ KMEMCG_STAT_UNACCOUNTED_FORCED, "global_unaccounted_forced_total", "counter",
	  "Charges forced past a kmem limit because the kernel does not account the allocation, all cgroups." },
	{ KMEMCG_STAT_WOULD_FAIL, "global_would_fail_total", "counter",
	  "Charges over a limit let through under over_limit count, all cgroups." },
	{ KMEMCG_STAT_RECLAIM_ATTEMPTS, "global_reclaim_attempts_total", "counter",
	  "Reclaims asked for by charges over a limit, all cgroups." },
	{ KMEMCG_STAT_RECLAIM_SUCCESSES, "global_reclaim_successes_total", "counter",
	  "Reclaims after which the charge fitted, all cgroups." },
	{ KMEMCG_STAT_RECLAIMED_BYTES, "global_reclaimed_bytes_total", "counter",
	  "Bytes freed by those reclaims, all cgroups." },
	{ KMEMCG_STAT_RESERVE_USED, "global_reserve_charges_total", "counter",
	  "Critical charges held by a reserve, all cgroups." },
	{ KMEMCG_STAT_RESERVE_REFUSALS, "global_reserve_refusals_total", "counter",
	  "Critical charges a reserve could not hold, all cgroups." },
	{ KMEMCG_STAT_UNSCOPED_BYTES, "unscoped_bytes", "gauge",
	  "Memory out of scope, charged to no cgroup." },
	{ KMEMCG_STAT_UNACCOUNTED_BYTES, "unaccounted_bytes", "gauge",
	  "Memory of cgroups removed under on_delete unaccount." },
	{ KMEMCG_STAT_DEAD_GROUPS, "dead_groups", "gauge",
	  "Cgroups removed under on_delete dead that still hold memory." },
	{ KMEMCG_STAT_DEAD_BYTES, "dead_bytes", "gauge",
	  "Memory still charged to dead groups." },
};

/* Object and shadow granularity only; object_bytes is named apart from the cgroups'. */
static const struct km_metric km_global_object_metrics[] = {
	{ KMEMCG_STAT_OBJECT_CHARGED_BYTES, "object_charged_bytes", "gauge",
	  "Objects and large kmallocs charged to all cgroups (the root's object view)." },
	{ KMEMCG_STAT_OBJECT_BYTES, "global_object_bytes", "gauge",
	  "Slot bytes of the objects in the side table." },
	{ KMEMCG_STAT_TRACKED_OBJECTS, "tracked_objects", "gauge",
	  "Objects in the side table." },
	{ KMEMCG_STAT_OBJECT_UNATTRIBUTED_BYTES, "object_unattributed_bytes", "gauge",
	  "Slot bytes of tracked objects attributed to no cgroup." },
	{ KMEMCG_STAT_OBJECT_RECORD_FAILURES, "object_record_failures_total", "counter",
	  "Objects left uncharged for want of an owner slot." },
	{ KMEMCG_STAT_OBJECT_UNTRACKED_FREES, "object_untracked_frees_total", "counter",
	  "Frees of objects the side table does not hold." },
	{ KMEMCG_STAT_STALE_OBJECTS, "stale_objects_total", "counter",
	  "Owner slots still set when their slab was freed." },
	{ KMEMCG_STAT_OBJECT_SLABS, "object_slabs", "gauge",
	  "Slabs with an owner vector." },
	{ KMEMCG_STAT_OBJECT_SLOTS, "object_slots", "gauge",
	  "Object slots in the owner vectors." },
	{ KMEMCG_STAT_OBJECT_VECTOR_BYTES, "object_vector_bytes", "gauge",
	  "Memory of the owner vectors." },
	{ KMEMCG_STAT_OBJECT_POOL_BYTES, "object_pool_bytes", "gauge",
	  "Memory of the pool the owner vectors are carved from." },
};

/* A label value: backslash, double quote and newline escaped. */
static void km_prom_label(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void km_prom_head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP kmemcg_%s %s\n# TYPE kmemcg_%s %s\n", name, help, name, type);
}

static void km_prom_cg(FILE *f, const char *name, const struct km_cg *c)
{
	fprintf(f, "kmemcg_%s{cgroup=\"", name);
	km_prom_label(f, c->path);
	fputs("\"} ", f);
}

/* Per-cgroup figures of memory.kmem.stat: a family for each key present. */
static void km_prom_cg_stat(FILE *f, const struct km_snap *s, const struct km_metric *t,
			    size_t nt)
{
	size_t m, i;
	long long v;

	for (m = 0; m < nt; m++) {
		bool head = false;

		for (i = 0; i < s->n; i++) {
			if (!km_kv_get(&s->cg[i].stat, t[m].key, &v))
				continue;
			if (!head)
				km_prom_head(f, t[m].name, t[m].type, t[m].help);
			head = true;
			km_prom_cg(f, t[m].name, &s->cg[i]);
			fprintf(f, "%lld\n", v);
		}
	}
}

/* Global figures of the stat file, each key present. */
static void km_prom_global(FILE *f, const struct km_kvs *stat, const struct km_metric *t,
			   size_t nt)
{
	size_t m;
	long long v;

	for (m = 0; m < nt; m++) {
		if (!km_kv_get(stat, t[m].key, &v))
			continue;
		km_prom_head(f, t[m].name, t[m].type, t[m].help);
		fprintf(f, "kmemcg_%s %lld\n", t[m].name, v);
	}
}

/* Shadow: each view's usage, summed from the subtree's own figures. */
static void km_prom_views(FILE *f, const struct km_snap *s)
{
	size_t i;

	km_prom_head(f, "page_usage_bytes", "gauge",
		     "Page view: slab pages charged to the cgroup and its descendants.");
	for (i = 0; i < s->n; i++) {
		km_prom_cg(f, "page_usage_bytes", &s->cg[i]);
		fprintf(f, "%llu\n", (unsigned long long)s->cg[i].page_usage);
	}
	km_prom_head(f, "object_usage_bytes", "gauge",
		     "Object view: objects and large kmallocs charged to the cgroup and its descendants.");
	for (i = 0; i < s->n; i++) {
		km_prom_cg(f, "object_usage_bytes", &s->cg[i]);
		fprintf(f, "%llu\n", (unsigned long long)s->cg[i].object_usage);
	}
}

enum { KM_USAGE, KM_LIMIT, KM_MAX, KM_FAILCNT, KM_IND };

void km_prom_render(FILE *f, const struct km_snap *s, const struct km_kvs *stat,
		    const char *version, const char *kernel)
{
	static const struct km_metric base[] = {
		{ NULL, "usage_bytes", "gauge",
		  "Slab memory charged to the cgroup and its descendants." },
		{ NULL, "limit_bytes", "gauge", "Kmem limit of the cgroup (+Inf: none)." },
		{ NULL, "max_usage_bytes", "gauge", "Highest usage since the last reset." },
		{ NULL, "failcnt_total", "counter",
		  "Charges refused by the limit since the last reset." },
		{ NULL, "independent_kmem_limit", "gauge",
		  "1: the cgroup has its own kmem limit; 0: bounded by memory.max." },
	};
	bool obj = s->policy.gran != KM_GRAN_PAGE;
	size_t m, i;
	int a;

	km_prom_head(f, "info", "gauge", "The kmemcg module's version and the kernel's.");
	fputs("kmemcg_info{version=\"", f);
	km_prom_label(f, version);
	fputs("\",kernel=\"", f);
	km_prom_label(f, kernel);
	fputs("\"} 1\n", f);
	km_prom_head(f, "policy_info", "gauge",
		     "The accounting policy: the granularity, the view usage and limits are in, and each other axis.");
	fprintf(f, "kmemcg_policy_info{granularity=\"%s\",enforced_view=\"%s\"",
		km_gran_name(s->policy.gran), km_view_name(s->policy.view));
	for (a = KM_AX_SCOPE; a < KM_AX_N; a++)	/* the other axes the module has */
		if (s->policy.has & (1U << a)) {
			fprintf(f, ",%s=\"", km_axes[a].key);
			km_prom_label(f, s->policy.val[a]);
			fputc('"', f);
		}
	fputs("} 1\n", f);

	for (m = 0; m < ARRAY_SIZE(base); m++) {
		km_prom_head(f, base[m].name, base[m].type, base[m].help);
		for (i = 0; i < s->n; i++) {
			const struct km_cg *c = &s->cg[i];

			km_prom_cg(f, base[m].name, c);
			switch (m) {
			case KM_USAGE:
				fprintf(f, "%llu\n", (unsigned long long)c->usage);
				break;
			case KM_LIMIT:
				if (c->limit >= KM_UNLIMITED)
					fputs("+Inf\n", f);
				else
					fprintf(f, "%llu\n", (unsigned long long)c->limit);
				break;
			case KM_MAX:
				fprintf(f, "%llu\n", (unsigned long long)c->max_usage);
				break;
			case KM_FAILCNT:
				fprintf(f, "%llu\n", (unsigned long long)c->failcnt);
				break;
			default:
				fprintf(f, "%d\n", c->independent);
			}
		}
	}
	if (s->views)
		km_prom_views(f, s);
	km_prom_cg_stat(f, s, km_cg_metrics, ARRAY_SIZE(km_cg_metrics));
	km_prom_cg_stat(f, s, km_cg_policy_metrics, ARRAY_SIZE(km_cg_policy_metrics));
	if (obj)
		km_prom_cg_stat(f, s, km_cg_object_metrics, ARRAY_SIZE(km_cg_object_metrics));
	km_prom_global(f, stat, km_global_metrics, ARRAY_SIZE(km_global_metrics));
	km_prom_global(f, stat, km_global_policy_metrics, ARRAY_SIZE(km_global_policy_metrics));
	if (obj)
		km_prom_global(f, stat, km_global_object_metrics,
			       ARRAY_SIZE(km_global_object_metrics));
	for (i = 0, m = 0; i < stat->n; i++) {
		const char *key = stat->kv[i].key;
		size_t pl = strlen(KMEMCG_STAT_HOOK_PREFIX);

		if (strncmp(key, KMEMCG_STAT_HOOK_PREFIX, pl))
			continue;
		if (!m++)
			km_prom_head(f, "hook_calls_total", "counter",
				     "Calls of each kernel function the module hooks.");
		fputs("kmemcg_hook_calls_total{hook=\"", f);
		km_prom_label(f, key + pl);
		fprintf(f, "\"} %lld\n", stat->kv[i].val);
	}
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "prometheus", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char path[4352], ver[64], kern[256], *buf;
	struct km_kvs stat = { 0 };
	bool prom = false;
	const char *why;
	struct km_snap s;
	size_t len;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'p')
			prom = true;
		else
			return km_opt_unknown("export", c, argv[optind - 1]);
	}
	if (optind != argc)
		return km_usage_err("export", "unexpected argument '%s'", argv[optind]);
	if (!prom)
		return km_usage_err("export", "choose a format: --prometheus");
	if (km_snapshot(&s, "/", KM_SNAP_STAT | KM_SNAP_VIEWS))
		return KM_EXIT_FAIL;
	km_snap_sort_tree(&s, KM_SORT_NAME);
	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_VERSION);
	ret = km_read_file(path, &buf, &len);
	if (ret) {
		km_snap_free(&s);
		return km_report_errno("cannot read", path, -ret);
	}
	ret = km_parse_version(buf, len, ver, sizeof(ver), kern, sizeof(kern), &why);
	free(buf);
	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_STAT);
	if (ret) {
		km_err("%s/%s: %s; the module and the CLI (%s) may not match: check kmemcg status",
		       km_root, KMEMCG_FILE_VERSION, why, KMEMCG_VERSION);
	} else if (!km_read_kv(path, &stat)) {
		km_prom_render(stdout, &s, &stat, ver, kern);
		km_kv_free(&stat);
	} else {
		ret = -1;
	}
	km_snap_free(&s);
	return ret ? KM_EXIT_FAIL : KM_EXIT_OK;
}
