// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg slabinfo CGROUP: a cgroup's slab caches from its
 * memory.kmem.slabinfo, with -r its descendants' summed in, sorted.  The
 * file shows the enforced view: under object granularity the table is
 * today's with the bytes column, OBJ_BYTES, the objects' slot bytes; under
 * shadow both views side by side (slab_views.c).
 */
#include <getopt.h>
#include <string.h>
#include <json-c/json.h>
#include "kmemcg.h"

/* Page figures (ACTIVE, OBJS, SLABS, PAGE_BYTES), then object figures. */
static void km_slabinfo_render_shadow(FILE *f, const struct km_slabs *s, bool raw)
{
	size_t i;

	fprintf(f, "%10s %10s %8s %10s %10s %10s  %s\n", "ACTIVE", "OBJS", "SLABS",
		"PAGE_BYTES", "OBJECTS", "OBJ_BYTES", "NAME");
	for (i = 0; i < s->n; i++) {
		const struct km_slab *c = &s->s[i];
		char pb[32], ob[32];

		if (!c->pagesperslab && c->num_slabs)
			snprintf(pb, sizeof(pb), "-");	/* no layout: see slab_views.c */
		else
			km_size(pb, sizeof(pb), km_slab_page_bytes(c), raw);
		fprintf(f, "%10llu %10llu %8llu %10s %10llu %10s  %s\n",
			(unsigned long long)c->active_objs,
			(unsigned long long)c->num_objs,
			(unsigned long long)c->num_slabs, pb,
			(unsigned long long)c->objects,
			km_size(ob, sizeof(ob), c->object_bytes, raw), c->name);
	}
}

void km_slabinfo_render(FILE *f, const struct km_slabs *s, const struct km_policy *p,
			bool raw)
{
	size_t i;

	if (p->gran == KM_GRAN_SHADOW) {
		km_slabinfo_render_shadow(f, s, raw);
		return;
	}
	fprintf(f, "%10s %10s %4s %8s %8s %8s %10s  %s\n", "ACTIVE", "OBJS", "USE",
		"OBJSIZE", "SLABS", "OBJ/SLAB", p->view == KM_VIEW_OBJECT ? "OBJ_BYTES" : "SIZE",
		"NAME");
	for (i = 0; i < s->n; i++) {
		const struct km_slab *c = &s->s[i];
		char sz[32];

		fprintf(f, "%10llu %10llu %3llu%% %8llu %8llu %8llu %10s  %s\n",
			(unsigned long long)c->active_objs,
			(unsigned long long)c->num_objs,
			(unsigned long long)(c->num_objs ?
					     c->active_objs * 100 / c->num_objs : 0),
			(unsigned long long)c->objsize,
			(unsigned long long)c->num_slabs,
			(unsigned long long)c->objperslab,
			km_size(sz, sizeof(sz), km_slab_bytes(c), raw), c->name);
	}
}

int cmd_slabinfo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "recursive", no_argument, NULL, 'r' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "sort", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum km_slab_sort key = KM_SLAB_SIZE;
	bool raw = false, json = false, rec = false;
	struct km_slabs all = { 0 };
	struct km_policy policy;
	char cgpath[4096];
	struct km_snap s;
	size_t i;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":rbs:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			rec = true;
			break;
		case 'b':
			raw = true;
			break;
		case 's':
			if (km_slab_sort_key(optarg, &key) || key == KM_SLAB_GROWTH)
				return km_usage_err("slabinfo", "unknown sort key '%s' (size, objs, active, objsize, slabs, name)",
						    optarg);
			break;
		case 'o':
			if (strcmp(optarg, "json"))
				return km_usage_err("slabinfo", "unknown output format '%s' (only json)",
						    optarg);
			json = true;
			break;
		default:
			return km_opt_unknown("slabinfo", c, argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return km_usage_err("slabinfo", "expected one CGROUP");
	if (km_cgroup_path(argv[optind], cgpath, sizeof(cgpath)))
		return km_usage_err("slabinfo", "bad cgroup path '%s'", argv[optind]);
	/* The snapshot checks the module and the cgroup, and lists the subtree. */
	if (km_snapshot(&s, cgpath, false))
		return KM_EXIT_FAIL;
	for (i = 0; i < (rec ? s.n : 1); i++) {
		struct km_slabs one;
		char path[4352];

		km_cgroup_dir(path, sizeof(path) - 32, s.cg[i].path);
		strcat(path, "/" KMEMCG_FILE_SLABINFO);
		if (km_read_slabinfo(path, false, &one)) {
			km_slabs_free(&all);
			km_snap_free(&s);
			return KM_EXIT_FAIL;
		}
		if (s.policy.view == KM_VIEW_OBJECT)
			km_slabs_object_view(&one);
		km_slabs_merge(&all, &one);
		km_slabs_free(&one);
	}
	if (s.policy.gran == KM_GRAN_SHADOW && km_slabs_shadow(&all, &s, rec ? s.n : 1)) {
		km_slabs_free(&all);
		km_snap_free(&s);
		return KM_EXIT_FAIL;
	}
	policy = s.policy;
	km_snap_free(&s);
	km_slabs_sort(&all, key);
	if (json) {
		struct json_object *o = json_object_new_object();
		struct json_object *a = json_object_new_array();

		json_object_object_add(o, "cgroup", json_object_new_string(cgpath));
		json_object_object_add(o, "recursive", json_object_new_boolean(rec));
		if (policy.gran != KM_GRAN_PAGE)
			km_json_policy(o, &policy);
		for (i = 0; i < all.n; i++)
			json_object_array_add(a, km_json_slab(&all.s[i], &policy));
		json_object_object_add(o, "caches", a);
		km_json_print(stdout, o, true);
	} else {
		km_slabinfo_render(stdout, &all, &policy, raw);
	}
	km_slabs_free(&all);
	return KM_EXIT_OK;
}
