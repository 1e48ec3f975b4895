// SPDX-License-Identifier: GPL-2.0
/*
 * JSON output (-o json, record's JSON Lines) through json-c, so quoting and
 * escaping are a library's business.  Field names are the debugfs names
 * without the "memory.kmem." prefix: one spelling everywhere.  A limit
 * that means "none" is null.
 */
#include <json-c/json.h>
#include "kmemcg.h"

struct json_object *km_json_cg(const struct km_cg *c)
{
	struct json_object *o = json_object_new_object();
	size_t i;

	json_object_object_add(o, "cgroup", json_object_new_string(c->path));
	json_object_object_add(o, "usage_bytes", json_object_new_uint64(c->usage));
	json_object_object_add(o, "limit_bytes", c->limit >= KM_UNLIMITED ? NULL :
			       json_object_new_uint64(c->limit));
	json_object_object_add(o, "max_usage_bytes", json_object_new_uint64(c->max_usage));
	json_object_object_add(o, "failcnt", json_object_new_uint64(c->failcnt));
	json_object_object_add(o, "independent_kmem_limit",
			       json_object_new_int(c->independent));
	if (c->stat.n) {
		struct json_object *st = json_object_new_object();

		for (i = 0; i < c->stat.n; i++)
			json_object_object_add(st, c->stat.kv[i].key,
					       json_object_new_int64(c->stat.kv[i].val));
		json_object_object_add(o, "stat", st);
	}
	return o;
}

struct json_object *km_json_slab(const struct km_slab *s)
{
	struct json_object *o = json_object_new_object();

	if (s->cgroup)
		json_object_object_add(o, "cgroup", json_object_new_string(s->cgroup));
	json_object_object_add(o, "name", json_object_new_string(s->name));
	json_object_object_add(o, "active_objs", json_object_new_uint64(s->active_objs));
	json_object_object_add(o, "num_objs", json_object_new_uint64(s->num_objs));
	if (!s->cgroup) {	/* the per-cgroup files have the layout too */
		json_object_object_add(o, "objsize", json_object_new_uint64(s->objsize));
		json_object_object_add(o, "objperslab", json_object_new_uint64(s->objperslab));
		json_object_object_add(o, "pagesperslab",
				       json_object_new_uint64(s->pagesperslab));
		json_object_object_add(o, "size_bytes", json_object_new_uint64(km_slab_bytes(s)));
	}
	json_object_object_add(o, "active_slabs", json_object_new_uint64(s->active_slabs));
	json_object_object_add(o, "num_slabs", json_object_new_uint64(s->num_slabs));
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
