// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg tree [CGROUP]: the memory cgroup tree with each cgroup's usage,
 * limit, max usage and failcnt; siblings ordered by a key.  Those figures
 * are the enforced view: under page granularity the table is as it always
 * was; under object the usage column is OBJECT_USAGE; under shadow it is
 * named for the enforced view (PAGE_USAGE or OBJECT_USAGE) and two more
 * columns, PAGE and OBJECT, give each view's usage summed from the
 * subtree's own figures.  With --dead, the dead groups (on_delete=dead,
 * dead.c) are rows of their own under their former parent, after its live
 * children, named "NAME <dead:N>": their usage is the bytes still charged
 * to them; they have no limit, max usage or failcnt ("-").
 */
#include <getopt.h>
#include <string.h>
#include <json-c/json.h>
#include "kmemcg.h"

void km_tree_render(FILE *f, const struct km_snap *s, bool raw)
{
	const char *usage = s->policy.gran == KM_GRAN_PAGE ? "USAGE" :
			    s->policy.view == KM_VIEW_OBJECT ? "OBJECT_USAGE" : "PAGE_USAGE";
	size_t i;

	fprintf(f, "%-32s %12s %12s %12s %10s", "CGROUP", usage, "LIMIT",
		"MAX_USAGE", "FAILCNT");
	if (s->views)
		fprintf(f, " %12s %12s", "PAGE", "OBJECT");
	fputc('\n', f);
	for (i = 0; i < s->n; i++) {
		const struct km_cg *c = &s->cg[i];
		const char *base = strrchr(c->path, '/');
		char name[512], u[32], l[32], m[32], pv[32], ov[32];

		if (c->dead) {
			char mark[48];

			snprintf(mark, sizeof(mark), KMEMCG_PATH_DEAD_FMT, (unsigned long)c->dead);
			snprintf(name, sizeof(name), "%*s%s %s", 2 * (c->depth - s->cg[0].depth),
				 "", c->path + c->rel, mark);
			fprintf(f, "%-32s %12s %12s %12s %10s", name,
				km_size(u, sizeof(u), c->usage, raw), "-", "-", "-");
			if (s->views)
				fprintf(f, " %12s %12s", "-", "-");
			fputc('\n', f);
			continue;
		}
		/* The first line names the whole path; below it, indented names. */
		if (i == 0 || !base || !base[1])
			snprintf(name, sizeof(name), "%s", c->path);
		else
			snprintf(name, sizeof(name), "%*s%s", 2 * (c->depth - s->cg[0].depth),
				 "", base + 1);
		fprintf(f, "%-32s %12s %12s %12s %10llu", name,
			km_size(u, sizeof(u), c->usage, raw),
			km_size(l, sizeof(l), c->limit, raw),
			km_size(m, sizeof(m), c->max_usage, raw),
			(unsigned long long)c->failcnt);
		if (s->views)
			fprintf(f, " %12s %12s", km_size(pv, sizeof(pv), c->page_usage, raw),
				km_size(ov, sizeof(ov), c->object_usage, raw));
		fputc('\n', f);
	}
}

int cmd_tree(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bytes", no_argument, NULL, 'b' },
		{ "sort", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "dead", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum km_sort key = KM_SORT_NAME;
	char cgpath[4096] = "/";
	bool raw = false, json = false, dead = false;
	struct km_snap s;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bs:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			raw = true;
			break;
		case 's':
			if (km_sort_key(optarg, &key) || key == KM_SORT_GROWTH)
				return km_usage_err("tree", "unknown sort key '%s' (usage, name, limit, max_usage, failcnt)",
						    optarg);
			break;
		case 'o':
			if (strcmp(optarg, "json"))
				return km_usage_err("tree", "unknown output format '%s' (only json)", optarg);
			json = true;
			break;
		case 'D':
			dead = true;
			break;
		default:
			return km_opt_unknown("tree", c, argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return km_usage_err("tree", "too many arguments");
	if (optind < argc && km_cgroup_path(argv[optind], cgpath, sizeof(cgpath)))
		return km_usage_err("tree", "bad cgroup path '%s'", argv[optind]);
	if (km_snapshot(&s, cgpath, KM_SNAP_VIEWS))
		return KM_EXIT_FAIL;
	km_snap_sort_tree(&s, key);
	if (dead) {
		struct km_deads ds;

		if (km_read_dead(&ds, &s.policy, false)) {
			km_snap_free(&s);
			return KM_EXIT_FAIL;
		}
		km_snap_add_dead(&s, &ds);
		km_deads_free(&ds);
	}
	if (json) {
		struct json_object *a = json_object_new_array();
		size_t i;

		for (i = 0; i < s.n; i++)
			json_object_array_add(a, km_json_cg(&s, &s.cg[i]));
		km_json_print(stdout, a, true);
	} else {
		km_tree_render(stdout, &s, raw);
	}
	km_snap_free(&s);
	return KM_EXIT_OK;
}
