// SPDX-License-Identifier: GPL-2.0
/*
 * Both views of a cgroup's caches under shadow granularity, for kmemcg
 * slabinfo.  A cgroup's memory.kmem.slabinfo shows only the enforced view;
 * the top-level slabinfo has both for every (cache, cgroup): the page
 * view's slabs and objects in the slab pages the cgroup owns, and the
 * object view's objects and their slot bytes.  So:
 *
 *   page figures    memory.kmem.slabinfo under shadow_enforce page,
 *                   else the top-level file
 *   object figures  the top-level file
 *   layout          (objsize, objperslab, pagesperslab) memory.kmem.slabinfo
 *
 * Under shadow_enforce object a cache the cgroup owns pages of but has no
 * object in has no memory.kmem.slabinfo line, so no layout: its page bytes
 * are unknown (pagesperslab 0).  The two files are read at different
 * moments; a cache in only one of them keeps the figures that one has.
 */
#include <stdlib.h>
#include <string.h>
#include "kmemcg.h"

static struct km_slab *km_slabs_find(struct km_slabs *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->s[i].name, name))
			return &s->s[i];
	return NULL;
}

static void km_slabs_append(struct km_slabs *s, const struct km_slab *x)
{
	struct km_slab n = *x;

	n.name = km_strdup(x->name);
	n.cgroup = NULL;
	s->s = km_realloc(s->s, (s->n + 1) * sizeof(*s->s));
	s->s[s->n++] = n;
}

static bool km_in_scope(const struct km_snap *s, size_t nscope, const char *cgroup)
{
	size_t i;

	for (i = 0; i < nscope; i++)
		if (!strcmp(s->cg[i].path, cgroup))
			return true;
	return false;
}

/* The top-level file's lines of the cgroups in scope, same-named summed. */
static int km_read_scope(const struct km_snap *s, size_t nscope, struct km_slabs *out)
{
	struct km_slabs all = { 0 };
	char path[4352];
	size_t i;

	memset(out, 0, sizeof(*out));
	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_ALL_SLABINFO);
	if (km_read_slabinfo(path, true, &all))
		return -1;
	for (i = 0; i < all.n; i++) {
		const struct km_slab *y = &all.s[i];
		struct km_slab *x;

		if (!km_in_scope(s, nscope, y->cgroup))
			continue;
		x = km_slabs_find(out, y->name);
		if (!x) {
			km_slabs_append(out, y);
			continue;
		}
		x->active_objs += y->active_objs;
		x->num_objs += y->num_objs;
		x->active_slabs += y->active_slabs;
		x->num_slabs += y->num_slabs;
		x->objects += y->objects;
		x->object_bytes += y->object_bytes;
	}
	km_slabs_free(&all);
	return 0;
}

int km_slabs_shadow(struct km_slabs *enf, const struct km_snap *s, size_t nscope)
{
	bool obj = s->policy.view == KM_VIEW_OBJECT;
	struct km_slabs top;
	size_t i;

	if (km_read_scope(s, nscope, &top))
		return -1;
	if (!obj) {
		/* enf has the page figures and the layout: add the objects. */
		for (i = 0; i < enf->n; i++)
			enf->s[i].objects = enf->s[i].object_bytes = 0;
		for (i = 0; i < top.n; i++) {
			struct km_slab *x = km_slabs_find(enf, top.s[i].name);

			if (!x) {
				km_slabs_append(enf, &top.s[i]);
				continue;
			}
			x->objects = top.s[i].objects;
			x->object_bytes = top.s[i].object_bytes;
		}
		km_slabs_free(&top);
		return 0;
	}
	/* top has both views' figures: add the layout from enf. */
	for (i = 0; i < enf->n; i++) {
		const struct km_slab *y = &enf->s[i];
		struct km_slab *x = km_slabs_find(&top, y->name);

		if (!x) {
			struct km_slab n = { .name = y->name, .objsize = y->objsize,
					     .objperslab = y->objperslab,
					     .pagesperslab = y->pagesperslab,
					     .objects = y->objects,
					     .object_bytes = y->object_bytes };

			km_slabs_append(&top, &n);
			continue;
		}
		x->objsize = y->objsize;
		x->objperslab = y->objperslab;
		x->pagesperslab = y->pagesperslab;
	}
	for (i = 0; i < top.n; i++)
		top.s[i].obj_view = true;
	km_slabs_free(enf);
	*enf = top;
	return 0;
}
