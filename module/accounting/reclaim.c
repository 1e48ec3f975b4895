// SPDX-License-Identifier: GPL-2.0
/*
 * Reclaim from a memory cgroup, for over_limit=reclaim (kmemcg/policy.h):
 * a charge its limit refused asks the kernel to reclaim from the cgroup
 * over its limit, as the memory controller does before it gives up
 * (mm/memcontrol.c, try_charge_memcg(): try_to_free_mem_cgroup_pages()
 * with the allocation's gfp mask), then tries once more (charge.c).
 *
 * try_to_free_mem_cgroup_pages() (mm/vmscan.c) is not exported.  It is
 * found by name at load and called through a static call, a direct call,
 * never through a pointer (hooks/hook.h: IBT).  Its prototype differs by
 * line (compat.h); the running kernel's BTF must agree with the one built
 * in.  Without it (no such symbol, or another prototype) the module still
 * loads: over_limit=reclaim then never reclaims and acts as fail, and the
 * calls file has no line for it.
 *
 * Reclaim shrinks the cgroup's LRU pages and its memcg-aware slab caches
 * (dentries, inodes: shrink_slab_memcg()), which hold objects the kernel
 * itself charged to the cgroup (__GFP_ACCOUNT); it sets PF_MEMALLOC
 * around itself, so the allocations it makes are not sent back here.
 *
 * Locking: none of its own.  The static call is set once in init, before
 * any hook is installed, and only called afterwards.  kmemcg_reclaim()
 * sleeps: task context, no spinlock or RCU read lock held, a gfp mask
 * that allows blocking (the caller checks: charge.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/memcontrol.h>
#include <linux/seq_file.h>
#include <linux/static_call.h>
#include "compat.h"
#include "charge.h"
#include "hook.h"
#include "kmemcg.h"

#define KMEMCG_RECLAIM_FN	"try_to_free_mem_cgroup_pages"

DEFINE_STATIC_CALL_RET0(kmemcg_reclaim_call, kmemcg_reclaim_fn);
static unsigned long kmemcg_reclaim_addr;
/* mm/page_alloc.c's gfp_allowed_mask (not exported): read, never called */
static const gfp_t *kmemcg_gfp_allowed;

/**
 * kmemcg_reclaim_init - find try_to_free_mem_cgroup_pages() and set up its call
 *
 * Process context, after kmemcg_layout_init() (BTF), before any hook is
 * installed.  A kernel without it, or with another prototype, is not an
 * error: one pr_warn line, and kmemcg_reclaim_available() stays false.
 * Return: 0, or a negative errno when the static call cannot be set up
 * (the module then refuses to load, as for its hooks).
 */
int kmemcg_reclaim_init(void)
{
	unsigned long addr = kmemcg_lookup_name(KMEMCG_RECLAIM_FN);
	int ret;

	if (!addr) {
		pr_warn("kernel symbol %s not found: over_limit=reclaim will not reclaim\n",
			KMEMCG_RECLAIM_FN);
		return 0;
	}
	kmemcg_gfp_allowed = (const gfp_t *)kmemcg_lookup_name("gfp_allowed_mask");
	if (!kmemcg_gfp_allowed) {
		pr_warn("kernel symbol gfp_allowed_mask not found: over_limit=reclaim will not reclaim\n");
		return 0;
	}
	if (kmemcg_layout_check_func(KMEMCG_RECLAIM_FN, KMEMCG_RECLAIM_NARGS)) {
		pr_warn("over_limit=reclaim will not reclaim\n");
		return 0;
	}
	ret = kmemcg_static_call_set(&STATIC_CALL_KEY(kmemcg_reclaim_call),
				     STATIC_CALL_TRAMP_ADDR(kmemcg_reclaim_call), addr,
				     KMEMCG_RECLAIM_FN);
	if (ret)
		return ret;
	WRITE_ONCE(kmemcg_reclaim_addr, addr);
	return 0;
}

/**
 * kmemcg_reclaim_available - whether kmemcg_reclaim() can reclaim at all
 *
 * Any context.
 * Return: true once kmemcg_reclaim_init() set up the call.
 */
bool kmemcg_reclaim_available(void)
{
	return READ_ONCE(kmemcg_reclaim_addr);
}

/**
 * kmemcg_reclaim - reclaim from a memory cgroup and its descendants
 * @memcg: the cgroup over its limit; the caller holds a css reference
 * @nr_pages: what the refused charge needs, pages (the kernel reclaims at
 *	least SWAP_CLUSTER_MAX)
 * @gfp: the allocation's gfp mask: reclaim does what it allows (no fs
 *	shrinkers without __GFP_FS, as current_gfp_context() says)
 *
 * The memory controller's own call for a charge over memory.max
 * (try_charge_memcg(): swap allowed, the cgroup's swappiness).
 * Task context, may sleep; no spinlock, no RCU read lock held.
 * Return: pages the kernel reports reclaimed (LRU pages, and slab pages
 * its shrinkers freed), 0 when reclaim is not available.
 */
unsigned long kmemcg_reclaim(struct mem_cgroup *memcg, unsigned long nr_pages,
			     gfp_t gfp)
{
	if (!kmemcg_reclaim_available())
		return 0;
	might_sleep();
	return KMEMCG_RECLAIM_CALL(static_call(kmemcg_reclaim_call), memcg, nr_pages,
				   gfp, KMEMCG_RECLAIM_MAY_SWAP);
}

/**
 * kmemcg_reclaim_gfp - the gfp mask reclaim may use for an allocation
 * @gfp: the allocation's, as the hook saw it
 *
 * The hooks see the caller's mask before the page allocator applies
 * gfp_allowed_mask, which suspend narrows (pm_restrict_gfp_mask() clears
 * __GFP_IO and __GFP_FS while devices sleep); reclaim must not do more
 * than the allocation itself may (mm/page_alloc.c, __alloc_pages()).
 * Any context, after kmemcg_reclaim_available() said true.
 * Return: @gfp within the kernel's allowed mask.
 */
gfp_t kmemcg_reclaim_gfp(gfp_t gfp)
{
	return gfp & READ_ONCE(*kmemcg_gfp_allowed);
}

/**
 * kmemcg_reclaim_css_put - drop the reference kmemcg_charge_group() took
 * @memcg: the memory cgroup reclaimed from (css_tryget_online())
 *
 * Task context.  Out of line and alone on purpose: css_put() may call the
 * css's percpu_ref release function through a pointer (css_release(),
 * kernel/cgroup/cgroup.c, whose address percpu_ref_init() stored, so it
 * starts with ENDBR64 on every line): the one indirect branch kmemcg.ko
 * has, listed in tests/static/ibt-allowed.
 */
noinline void kmemcg_reclaim_css_put(struct mem_cgroup *memcg)
{
	css_put(&memcg->css);
}

/**
 * kmemcg_reclaim_show_calls - the calls-file line of try_to_free_mem_cgroup_pages()
 * @m: the calls file being read
 *
 * Written by kmemcg_calls_line(): the function's name, whether its static
 * call is set to it ("direct") and the kind of its entry.  No line when
 * the function was not found at load (reclaim is then not available).
 *
 * Context: process context, a seq_file show; no locks.
 */
void kmemcg_reclaim_show_calls(struct seq_file *m)
{
	unsigned long addr = READ_ONCE(kmemcg_reclaim_addr);

	kmemcg_calls_line(m, KMEMCG_RECLAIM_FN, &STATIC_CALL_KEY(kmemcg_reclaim_call),
			  addr, addr);
}
