// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering of slabinfo lines; see include/kmemcg/slabinfo.h.  Stateless.
 */
#include "kmemcg/slabinfo.h"

#ifndef __KERNEL__
#include <stdio.h>
#endif

/**
 * kmemcg_slabinfo_line - a /proc/slabinfo 2.1 line, as SLUB prints it
 * @buf: output
 * @size: bytes in @buf
 * @r: the figures
 *
 * Return: the length of the whole line, as snprintf() returns it.
 */
int kmemcg_slabinfo_line(char *buf, size_t size, const struct kmemcg_slabinfo_row *r)
{
	return snprintf(buf, size,
			"%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n",
			r->name, r->active_objs, r->num_objs, r->objsize,
			r->objperslab, (int)r->pagesperslab, 0U, 0U, 0U,
			r->num_slabs, r->num_slabs, 0UL);
}

/**
 * kmemcg_slabinfo_all_line - a line of the top-level slabinfo file
 * @buf: output
 * @size: bytes in @buf
 * @path: the cgroup, "/" or "/a/b"
 * @r: the figures
 *
 * Return: the length of the whole line, as snprintf() returns it.
 */
int kmemcg_slabinfo_all_line(char *buf, size_t size, const char *path,
			     const struct kmemcg_slabinfo_row *r)
{
	return snprintf(buf, size, "%s %s %lu %lu %lu %lu %lu %lu %lu\n", r->name, path,
			r->active_objs, r->num_objs, r->num_slabs, r->num_slabs,
			r->objects, r->object_bytes, r->accounted_object_bytes);
}
