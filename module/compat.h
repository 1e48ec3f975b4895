/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where kernel-version differences are papered over.  Only
 * HAVE_* macros from module/compat.mk are tested here, each with the change
 * it covers; no other file tests kernel versions.
 *
 * Differences that are about *names* of hook targets (e.g. 6.12's
 * ___kmalloc_large_node vs 6.1's __kmalloc_large_node) are not here: the
 * hook tables list every candidate name and the first that the running
 * kernel has is used (module/hook.c).
 */
#ifndef KMEMCG_COMPAT_H
#define KMEMCG_COMPAT_H

#include <linux/cgroup.h>
#include <linux/ftrace.h>
#include <linux/kernfs.h>
#include <linux/memcontrol.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/types.h>

struct kmem_cache;
struct slab;

/* Send the traced function's caller to @ip instead (IPMODIFY ops). */
static __always_inline void kmemcg_ftrace_redirect(struct ftrace_regs *fregs,
						   unsigned long ip)
{
#ifdef HAVE_FTRACE_REGS_SET_INSTRUCTION_POINTER
	ftrace_regs_set_instruction_pointer(fregs, ip);	/* 6.2+ */
#else
	ftrace_instruction_pointer_set(fregs, ip);
#endif
}

/*
 * SLUB's slab page functions, which kmalloc_nolock() (6.18) extended:
 * allocate_slab(s, flags, alloc_flags, node) and __free_slab(s, slab,
 * allow_spin).  *_PROTO(fn) declares a function with the running line's
 * prototype (the wrapper); *_CALL(fn) calls fn with the wrapper's own
 * arguments (the original); *_NARGS is what the kernel's BTF must say.
 * Without allow_spin, a slab may be freed in NMI context.
 */
#ifdef HAVE_KMALLOC_NOLOCK
#define KMEMCG_ALLOCATE_SLAB_PROTO(fn)	struct slab *(fn)(struct kmem_cache *s, \
		gfp_t flags, unsigned int alloc_flags, int node)
#define KMEMCG_ALLOCATE_SLAB_CALL(fn)	fn(s, flags, alloc_flags, node)
#define KMEMCG_ALLOCATE_SLAB_NARGS	4
#define KMEMCG_FREE_SLAB_PROTO(fn)	void (fn)(struct kmem_cache *s, struct slab *slab, \
		bool allow_spin)
#define KMEMCG_FREE_SLAB_CALL(fn)	fn(s, slab, allow_spin)
#define KMEMCG_FREE_SLAB_NARGS		3
#else
#define KMEMCG_ALLOCATE_SLAB_PROTO(fn)	struct slab *(fn)(struct kmem_cache *s, \
		gfp_t flags, int node)
#define KMEMCG_ALLOCATE_SLAB_CALL(fn)	fn(s, flags, node)
#define KMEMCG_ALLOCATE_SLAB_NARGS	3
#define KMEMCG_FREE_SLAB_PROTO(fn)	void (fn)(struct kmem_cache *s, struct slab *slab)
#define KMEMCG_FREE_SLAB_CALL(fn)	fn(s, slab)
#define KMEMCG_FREE_SLAB_NARGS		2
#endif

/*
 * Object entry points (hooks/object_hooks.c).  The kmalloc functions that
 * take a size (6.10+) have a bucket argument with CONFIG_SLAB_BUCKETS and,
 * on 7.x, a token argument with kmalloc partitioning: the kernel's own
 * parameter macros declare whichever its config asks for, so a wrapper
 * declared with them has the running kernel's prototype exactly.
 * *_NARGS count those arguments for the BTF check (hook.c).
 */
#ifdef HAVE_KMALLOC_CACHE_NOPROF
#ifdef HAVE_KMALLOC_TOKEN
#define KMEMCG_KMALLOC_PARAMS		DECL_KMALLOC_PARAMS(size, b, token)
#define KMEMCG_KMALLOC_ARGS		PASS_KMALLOC_PARAMS(size, b, token)
#define KMEMCG_TOKEN_PARAMS		DECL_TOKEN_PARAMS(size, token)
#define KMEMCG_TOKEN_ARGS		PASS_TOKEN_PARAMS(size, token)
#define KMEMCG_TOKEN_NARGS		IS_ENABLED(CONFIG_KMALLOC_PARTITION_CACHES)
#else
#define KMEMCG_KMALLOC_PARAMS		DECL_BUCKET_PARAMS(size, b)
#define KMEMCG_KMALLOC_ARGS		PASS_BUCKET_PARAMS(size, b)
#define KMEMCG_TOKEN_PARAMS		size_t size
#define KMEMCG_TOKEN_ARGS		size
#define KMEMCG_TOKEN_NARGS		0
#endif
#define KMEMCG_KMALLOC_NARGS		(1 + IS_ENABLED(CONFIG_SLAB_BUCKETS) + KMEMCG_TOKEN_NARGS)
#endif

/* kmem_cache_alloc_bulk(): a count, or on 7.x all-or-nothing as a bool. */
#ifdef HAVE_ALLOC_BULK_BOOL
#define KMEMCG_BULK_RET				bool
#define KMEMCG_BULK_ALLOCATED(ret, size)	((ret) ? (size) : 0)
#else
#define KMEMCG_BULK_RET				int
#define KMEMCG_BULK_ALLOCATED(ret, size)	min_t(size_t, max((ret), 0), (size))
#endif

/*
 * Whether the kernel accounts kernel memory to memory cgroups at all: a
 * static key enabled when the first non-root memory cgroup comes online,
 * never under cgroup.memory=nokmem or cgroup_disable=memory
 * (mm/memcontrol.c memcg_online_kmem()).  Any context.
 */
#ifdef HAVE_MEMCG_KMEM_ONLINE
#define kmemcg_kernel_kmem_online()	memcg_kmem_online()
#else
#define kmemcg_kernel_kmem_online()	memcg_kmem_enabled()
#endif

/*
 * try_to_free_mem_cgroup_pages(memcg, nr_pages, gfp_mask, reclaim_options
 * [, swappiness]) (mm/vmscan.c), called from accounting/reclaim.c.  The
 * type of its static call; *_CALL passes NULL swappiness (the cgroup's,
 * as the memory controller's own charge path does); *_NARGS is what the
 * kernel's BTF must say.  MEMCG_RECLAIM_MAY_SWAP is 1 << 1 on every line,
 * in include/linux/swap.h up to 6.x, mm/internal.h on 7.x.
 */
struct mem_cgroup;
#if defined(HAVE_RECLAIM_SWAPPINESS) || !defined(HAVE_RECLAIM_IN_SWAP_H)
typedef unsigned long (kmemcg_reclaim_fn)(struct mem_cgroup *memcg,
		unsigned long nr_pages, gfp_t gfp_mask, unsigned int reclaim_options,
		int *swappiness);
#define KMEMCG_RECLAIM_CALL(fn, memcg, nr, gfp, opts)	fn(memcg, nr, gfp, opts, NULL)
#define KMEMCG_RECLAIM_NARGS		5
#else
typedef unsigned long (kmemcg_reclaim_fn)(struct mem_cgroup *memcg,
		unsigned long nr_pages, gfp_t gfp_mask, unsigned int reclaim_options);
#define KMEMCG_RECLAIM_CALL(fn, memcg, nr, gfp, opts)	fn(memcg, nr, gfp, opts)
#define KMEMCG_RECLAIM_NARGS		4
#endif
#ifdef MEMCG_RECLAIM_MAY_SWAP
#define KMEMCG_RECLAIM_MAY_SWAP		MEMCG_RECLAIM_MAY_SWAP
#else
#define KMEMCG_RECLAIM_MAY_SWAP		BIT(1)
#endif

/*
 * The name of @css's cgroup.  cgroup_mutex held: a cgroup rename takes it
 * too, so the name stays put while it is held.
 */
static inline const char *kmemcg_css_name(struct cgroup_subsys_state *css)
{
#ifdef HAVE_KERNFS_RCU_NAME
	return rcu_dereference_protected(css->cgroup->kn->name, 1);	/* 6.15+ */
#else
	return css->cgroup->kn->name;
#endif
}

#endif /* KMEMCG_COMPAT_H */
