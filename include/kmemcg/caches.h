/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rendering of the top-level caches file (include/kmemcg/files.h,
 * KMEMCG_FILE_CACHES): one line per slab cache, and the aliases column
 * computed from the links SLUB keeps in /sys/kernel/slab.
 * Pure C: host unit tests compare the output byte for byte.
 */
#ifndef KMEMCG_CACHES_H
#define KMEMCG_CACHES_H

#include "shim.h"

struct kmemcg_caches_row {
	const char *name;		/* s->name */
	unsigned int object_size;	/* s->object_size */
	unsigned int slot_size;		/* s->size */
	unsigned int objperslab;	/* oo_objects(s->oo) */
	unsigned int pagesperslab;	/* 1 << oo_order(s->oo) */
	bool accounted;			/* SLAB_ACCOUNT */
	bool reclaimable;		/* SLAB_RECLAIM_ACCOUNT */
	/* comma-separated names; NULL or "" for none (KMEMCG_CACHES_NO_ALIAS) */
	const char *aliases;
};

/*
 * A symbolic link of /sys/kernel/slab: its name, and the name of the
 * directory (a cache's kobject) it resolves to.
 */
struct kmemcg_slab_link {
	const char *name;
	const char *target;
};

/* One caches line into buf; returns its length as snprintf does. */
int kmemcg_caches_line(char *buf, size_t size, const struct kmemcg_caches_row *r);

/*
 * The aliases column of the cache whose sysfs directory is @dir and whose
 * own name is @own: the names of @links resolving to @dir, but @own,
 * comma-separated in @links' order, into buf ("" for none).  Returns the
 * length of the whole list as snprintf does.
 */
int kmemcg_caches_aliases(char *buf, size_t size, const struct kmemcg_slab_link *links,
			  size_t n, const char *dir, const char *own);

#endif /* KMEMCG_CACHES_H */
