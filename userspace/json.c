// SPDX-License-Identifier: GPL-2.0
/*
 * JSON output (-o json, record's JSON Lines) through json-c, so quoting and
 * escaping are a library's business.  Field names are the debugfs names
 * without the "memory.kmem." prefix: one spelling everywhere.  A limit
 * that means "none" is null.  Under object and shadow granularity a cgroup
 * says which view its usage is in ("enforced_view"); under shadow it has
 * both views' usage (page_usage_bytes, object_usage_bytes), and a cache
 * both views' figures.
 */
#include <json-c/json.h>
#include "kmemcg.h"

void km_json_policy(struct json_object *o, const struct km_policy *p)
{
	json_object_object_add(o, "granularity", json_object_new_string(km_gran_name(p->gran)));
	json_object_object_add(o, "enforced_view", json_object_new_string(km_view_name(p->view)));
}

struct json_object *km_json_cg(const struct km_snap *s, const struct km_cg *c)
{
	struct json_object *o = json_object_new_object();
	size_t i;

	json_object_object_add(o, "cgroup", json_object_new_string(c->path));
	if (c->dead) {	/* tree --dead: its N, age and bytes, nothing else */
		json_object_object_add(o, "dead", json_object_new_uint64(c->dead));
		json_object_object_add(o, KMEMCG_DEAD_AGE, c->age < 0 ? NULL :
				       json_object_new_int64(c->age));
		json_object_object_add(o, "usage_bytes", json_object_new_uint64(c->usage));
		return o;
	}
	json_object_object_add(o, "usage_bytes", json_object_new_uint64(c->usage));
	json_object_object_add(o, "limit_bytes", c->limit >= KM_UNLIMITED ? NULL :
			       json_object_new_uint64(c->limit));
	json_object_object_add(o, "max_usage_bytes", json_object_new_uint64(c->max_usage));
	json_object_object_add(o, "failcnt", json_object_new_uint64(c->failcnt));
	json_object_object_add(o, "independent_kmem_limit",
			       json_object_new_int(c->independent));
	if (s->policy.gran != KM_GRAN_PAGE)
		json_object_object_add(o, "enforced_view",
				       json_object_new_string(km_view_name(s->policy.view)));
	if (s->views) {
		json_object_object_add(o, "page_usage_bytes", json_object_new_uint64(c->page_usage));
		json_object_object_add(o, "object_usage_bytes",
				       json_object_new_uint64(c->object_usage));
	}
	if (c->stat.n) {
		struct json_object *st = json_object_new_object();

		for (i = 0; i < c->stat.n; i++)
			json_object_object_add(st, c->stat.kv[i].key,
					       json_object_new_int64(c->stat.kv[i].val));
		json_object_object_add(o, "stat", st);
	}
	return o;
}

/* A figure, or null when unknown. */
static struct json_object *km_json_u64_or_null(bool known, u64 v)
{
	return known ? json_object_new_uint64(v) : NULL;
}

/*
 * A cache.  Under shadow active_objs .. num_slabs are the page view and
 * objects, object_bytes the object view; the layout (objsize, objperslab,
 * pagesperslab) and page_bytes are null when no memory.kmem.slabinfo line
 * gave them (a cache the cgroup has pages of but no object in, under
 * shadow_enforce object).  size_bytes is the enforced view's bytes.
 */
struct json_object *km_json_slab(const struct km_slab *s, const struct km_policy *p)
{
	struct json_object *o = json_object_new_object();
	bool layout = p->gran != KM_GRAN_SHADOW || s->pagesperslab;

	if (s->cgroup)
		json_object_object_add(o, "cgroup", json_object_new_string(s->cgroup));
	json_object_object_add(o, "name", json_object_new_string(s->name));
	json_object_object_add(o, "active_objs", json_object_new_uint64(s->active_objs));
	json_object_object_add(o, "num_objs", json_object_new_uint64(s->num_objs));
	if (!s->cgroup) {	/* the per-cgroup files have the layout too */
		json_object_object_add(o, "objsize", km_json_u64_or_null(layout, s->objsize));
		json_object_object_add(o, "objperslab",
				       km_json_u64_or_null(layout, s->objperslab));
		json_object_object_add(o, "pagesperslab",
				       km_json_u64_or_null(layout, s->pagesperslab));
		json_object_object_add(o, "size_bytes", json_object_new_uint64(km_slab_bytes(s)));
	}
	json_object_object_add(o, "active_slabs", json_object_new_uint64(s->active_slabs));
	json_object_object_add(o, "num_slabs", json_object_new_uint64(s->num_slabs));
	if (!s->cgroup && p->gran == KM_GRAN_SHADOW)
		json_object_object_add(o, "page_bytes",
				       km_json_u64_or_null(layout || !s->num_slabs,
							   km_slab_page_bytes(s)));
	if (p->gran != KM_GRAN_PAGE) {
		json_object_object_add(o, "objects", json_object_new_uint64(s->objects));
		json_object_object_add(o, "object_bytes", json_object_new_uint64(s->object_bytes));
	}
	return o;
}

/* Print and free o: pretty for people, one line for JSON Lines. */
void km_json_print(FILE *f, struct json_object *o, bool pretty)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		    (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
			      JSON_C_TO_STRING_PLAIN);

	fprintf(f, "%s\n", json_object_to_json_string_ext(o, flags));
	json_object_put(o);
}
