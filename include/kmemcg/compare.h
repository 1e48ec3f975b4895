/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Column names of `kmemcg compare` (-o csv header, -o json keys), in one
 * place: the CLI prints them from here, and whatever consumes the CSV
 * (experiment runners, tests) should use these spellings.  Sizes are
 * bytes.  A figure the kernel or the module does not have is an empty CSV
 * field and a JSON null.
 *
 * kmemcg compare [CGROUP]: one row per memory cgroup (CGROUP and its
 * descendants, default all), every figure of the cgroup's subtree:
 *   cgroup               "/" or "/a/b"
 *   slab .. sock         the kernel's memory.stat keys of the same names
 *                        (hierarchical: the cgroup and its descendants)
 *   kmemcg_page_bytes    kmemcg's page view: own_bytes summed over the
 *                        subtree (page and shadow granularity)
 *   kmemcg_object_bytes  kmemcg's object view: object_bytes +
 *                        large_kmalloc_bytes summed over the subtree
 *                        (object and shadow granularity)
 *   diff_bytes           kmemcg_object_bytes (else kmemcg_page_bytes)
 *                        minus slab; signed
 *
 * kmemcg compare --caches [CGROUP]: one row per cache with kmemcg bytes in
 * the subtree of CGROUP (default "/"):
 *   cgroup               CGROUP
 *   cache                the cache's name, or <large-kmalloc>
 *   kmemcg_bytes         the object view's bytes where the granularity has
 *                        it, else the page view's
 *   accounted            1 when the kernel's memcg charges the cache
 *                        (SLAB_ACCOUNT, the caches file), 0 when not,
 *                        empty/null when unknown (<large-kmalloc>)
 *   unaccounted_bytes    kmemcg_bytes when accounted is 0, 0 when 1,
 *                        empty/null when unknown
 * and in JSON (and the table) the total of unaccounted_bytes.  The kernel
 * also charges single allocations made with __GFP_ACCOUNT in a cache
 * without SLAB_ACCOUNT (mm/slub.c memcg_slab_post_alloc_hook()): external
 * dentry names in kmalloc-rcl-*, xarray nodes in radix_tree_node.  kmemcg
 * does not record gfp flags per object, so unaccounted_bytes is an upper
 * bound of what the kernel leaves out; diff_bytes is the measured gap.
 */
#ifndef KMEMCG_COMPARE_H
#define KMEMCG_COMPARE_H

#define KMEMCG_CMP_CGROUP		"cgroup"
#define KMEMCG_CMP_SLAB			"slab"
#define KMEMCG_CMP_SLAB_RECLAIMABLE	"slab_reclaimable"
#define KMEMCG_CMP_SLAB_UNRECLAIMABLE	"slab_unreclaimable"
#define KMEMCG_CMP_KERNEL		"kernel"
#define KMEMCG_CMP_KERNEL_STACK		"kernel_stack"
#define KMEMCG_CMP_PAGETABLES		"pagetables"
#define KMEMCG_CMP_PERCPU		"percpu"
#define KMEMCG_CMP_SOCK			"sock"
#define KMEMCG_CMP_PAGE_BYTES		"kmemcg_page_bytes"
#define KMEMCG_CMP_OBJECT_BYTES		"kmemcg_object_bytes"
#define KMEMCG_CMP_DIFF_BYTES		"diff_bytes"

#define KMEMCG_CMP_CSV_HEADER						\
	KMEMCG_CMP_CGROUP "," KMEMCG_CMP_SLAB ","			\
	KMEMCG_CMP_SLAB_RECLAIMABLE "," KMEMCG_CMP_SLAB_UNRECLAIMABLE ","	\
	KMEMCG_CMP_KERNEL "," KMEMCG_CMP_KERNEL_STACK ","		\
	KMEMCG_CMP_PAGETABLES "," KMEMCG_CMP_PERCPU "," KMEMCG_CMP_SOCK ","	\
	KMEMCG_CMP_PAGE_BYTES "," KMEMCG_CMP_OBJECT_BYTES ","		\
	KMEMCG_CMP_DIFF_BYTES

#define KMEMCG_CMP_CACHE		"cache"
#define KMEMCG_CMP_KMEMCG_BYTES		"kmemcg_bytes"
#define KMEMCG_CMP_ACCOUNTED		"accounted"
#define KMEMCG_CMP_UNACCOUNTED_BYTES	"unaccounted_bytes"
/* JSON only: the sum of the rows' unaccounted_bytes (those with accounted 0) */
#define KMEMCG_CMP_UNACCOUNTED_TOTAL	"unaccounted_total_bytes"

#define KMEMCG_CMP_CACHES_CSV_HEADER					\
	KMEMCG_CMP_CGROUP "," KMEMCG_CMP_CACHE "," KMEMCG_CMP_KMEMCG_BYTES ","	\
	KMEMCG_CMP_ACCOUNTED "," KMEMCG_CMP_UNACCOUNTED_BYTES

#endif /* KMEMCG_COMPARE_H */
