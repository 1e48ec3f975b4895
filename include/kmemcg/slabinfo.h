/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rendering of slabinfo lines: the per-cgroup memory.kmem.slabinfo file in
 * exactly the layout of /proc/slabinfo 2.1 (mm/slab_common.c cache_show()
 * as SLUB prints it: tunables 0), and the top-level slabinfo file's
 * "name cgroup active_objs num_objs active_slabs num_slabs objects
 * object_bytes accounted_object_bytes" lines (include/kmemcg/files.h).
 * Pure C: host unit tests compare the output byte for byte.
 */
#ifndef KMEMCG_SLABINFO_H
#define KMEMCG_SLABINFO_H

#include "shim.h"

/* The two header lines of /proc/slabinfo, newline included. */
#define KMEMCG_SLABINFO_HEADER						\
	"slabinfo - version: 2.1\n"					\
	"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>" \
	" : tunables <limit> <batchcount> <sharedfactor>"		\
	" : slabdata <active_slabs> <num_slabs> <sharedavail>\n"

/* The header line of the top-level slabinfo file. */
#define KMEMCG_ALL_SLABINFO_HEADER					\
	"# name cgroup active_objs num_objs active_slabs num_slabs objects object_bytes" \
	" accounted_object_bytes\n"

struct kmemcg_slabinfo_row {
	const char *name;
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned int objsize;		/* s->size: bytes an object takes */
	unsigned int objperslab;
	unsigned int pagesperslab;
	unsigned long num_slabs;	/* SLUB: every slab is active */
	/* Object view, top-level file: the cgroup's objects and their bytes */
	unsigned long objects;
	unsigned long object_bytes;
	/* of them, those the kernel's memcg charges too (files.h) */
	unsigned long accounted_object_bytes;
	unsigned long object_slabs;	/* slabs holding at least one of them */
};

/* One /proc/slabinfo line into buf; returns its length as snprintf does. */
int kmemcg_slabinfo_line(char *buf, size_t size, const struct kmemcg_slabinfo_row *r);

/* One top-level line for the cgroup at path; returns as snprintf does. */
int kmemcg_slabinfo_all_line(char *buf, size_t size, const char *path,
			     const struct kmemcg_slabinfo_row *r);

#endif /* KMEMCG_SLABINFO_H */
