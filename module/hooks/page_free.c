// SPDX-License-Identifier: GPL-2.0
/*
 * The catch-all free path: a probe on the kmem:mm_page_free tracepoint,
 * which the page allocator fires for every page it frees
 * (free_pages_prepare(), both kernel lines), before the page can be
 * reused.
 *
 * Large-kmalloc folios are uncharged here: free_large_kmalloc() is a
 * static function that the compiler inlines into kfree(), so hooking it
 * misses most frees.  Slab folios are normally uncharged earlier, by the
 * __free_slab() hook; one that reaches the page allocator still tracked
 * (a free path that bypassed that hook) is uncharged here too and counted
 * in late_frees.  For every other page the probe is one load from the
 * owner table.
 *
 * Locking: none; see charge.c.  Tracepoint probes run with preemption
 * disabled, in any context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include "charge.h"
#include "kmemcg.h"

#define KMEMCG_PAGE_FREE_TP	"mm_page_free"

static struct tracepoint *kmemcg_page_free_tp;

/* TP_PROTO(struct page *page, unsigned int order), include/trace/events/kmem.h */
static void kmemcg_page_free_probe(void *data, struct page *page, unsigned int order)
{
	kmemcg_uncharge_freed_page(page_to_pfn(page), 1UL << order);
}

static void kmemcg_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, KMEMCG_PAGE_FREE_TP))
		kmemcg_page_free_tp = tp;
}

/**
 * kmemcg_page_free_resolve - find the kmem:mm_page_free tracepoint, at load
 *
 * Refuses the load early, naming the tracepoint, when the running kernel
 * lacks it (it walks the core kernel's tracepoints,
 * for_each_kernel_tracepoint()).
 *
 * Context: process context, at load, before kmemcg_page_free_install().
 * Return: 0, or -ENOENT after one pr_err line when it is missing.
 */
int kmemcg_page_free_resolve(void)
{
	for_each_kernel_tracepoint(kmemcg_find_tp, NULL);
	if (!kmemcg_page_free_tp) {
		pr_err("cannot load: tracepoint kmem:%s not found\n", KMEMCG_PAGE_FREE_TP);
		return -ENOENT;
	}
	return 0;
}

/**
 * kmemcg_page_free_install - attach the probe to kmem:mm_page_free
 *
 * From then on every page the kernel frees goes through the probe, before
 * the first page is recorded (main.c installs it before the hooks).
 *
 * Context: process context, at load, after kmemcg_page_free_resolve()
 * succeeded; sleeps (tracepoint_probe_register() takes tracepoints_mutex).
 * Return: 0, or tracepoint_probe_register()'s error after one pr_err line:
 * -ENOMEM, or -EEXIST if already attached (kernel/tracepoint.c,
 * func_add()).
 */
int kmemcg_page_free_install(void)
{
	int ret = tracepoint_probe_register(kmemcg_page_free_tp,
					    kmemcg_page_free_probe, NULL);

	if (ret)
		pr_err("cannot attach to tracepoint kmem:%s: %d\n", KMEMCG_PAGE_FREE_TP, ret);
	return ret;
}

/**
 * kmemcg_page_free_remove - detach the probe from kmem:mm_page_free
 *
 * Returns after every running probe has finished
 * (tracepoint_synchronize_unregister()), so nothing of the module runs
 * from the tracepoint afterwards.
 *
 * Context: process context, at unload or on a failed load, after
 * kmemcg_page_free_install() succeeded; sleeps.
 */
void kmemcg_page_free_remove(void)
{
	tracepoint_probe_unregister(kmemcg_page_free_tp, kmemcg_page_free_probe, NULL);
	tracepoint_synchronize_unregister();
}
