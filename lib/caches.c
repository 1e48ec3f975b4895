// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering of the caches file; see include/kmemcg/caches.h.  Stateless.
 */
#include "kmemcg/caches.h"
#include "kmemcg/files.h"

#ifndef __KERNEL__
#include <stdio.h>
#endif

/**
 * kmemcg_caches_line - a line of the top-level caches file
 * @buf: output
 * @size: bytes in @buf
 * @r: the cache's fields
 *
 * "name object_size slot_size objperslab pagesperslab accounted
 * reclaimable aliases" (KMEMCG_CACHES_HEADER), aliases "-" when none.
 * Return: the length of the whole line, as snprintf() returns it.
 */
int kmemcg_caches_line(char *buf, size_t size, const struct kmemcg_caches_row *r)
{
	return snprintf(buf, size, "%s %u %u %u %u %d %d %s\n", r->name, r->object_size,
			r->slot_size, r->objperslab, r->pagesperslab, r->accounted,
			r->reclaimable, r->aliases && r->aliases[0] ? r->aliases :
			KMEMCG_CACHES_NO_ALIAS);
}

/**
 * kmemcg_caches_aliases - the names SLUB merged into one cache
 * @buf: output, NUL-terminated whenever @size is not 0
 * @size: bytes in @buf
 * @links: the links of /sys/kernel/slab and what they resolve to
 * @n: entries in @links
 * @dir: the cache's own directory there (its kobject's name)
 * @own: the cache's name, left out (a mergeable cache's own name is a
 *	 link to its ":..." directory too, mm/slub.c sysfs_slab_add())
 *
 * Return: the length of the whole comma-separated list, as snprintf()
 * returns it: a result of @size or more means it was cut short.
 */
int kmemcg_caches_aliases(char *buf, size_t size, const struct kmemcg_slab_link *links,
			  size_t n, const char *dir, const char *own)
{
	size_t i, len = 0;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strcmp(links[i].target, dir) || !strcmp(links[i].name, own))
			continue;
		len += snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0,
				"%s%s", len ? "," : "", links[i].name);
	}
	return len;
}
