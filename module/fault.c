// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection into the module's own allocations, for tests: stock
 * kernels lack CONFIG_FAULT_INJECTION, and the module's unwind and
 * degraded paths need exercising all the same.
 *
 * test_fail_alloc (lib/fault.c has its syntax) counts every allocation
 * the module makes for itself, at every site (include/kmemcg/fault.h
 * lists them), from load: "nth:N" fails the Nth, "rate:P[:SEED]" fails
 * P in 1000 from the end of the load on (so that the load itself
 * succeeds; nth tests it).  The decision hashes the allocation's number,
 * so it takes no lock and is usable in any context, NMI included (owner
 * vectors are carved in the slab hooks).  Unset, every site costs a
 * static branch that is never taken.
 *
 * The stat file then shows test_alloc_calls and test_injected_<site>, so
 * that a test can check that each failure was counted once in
 * internal_alloc_failures (or returned to its caller, for the last sites).
 *
 * Locking: none; atomics.  The static key is enabled at load, before any
 * site can run, and the spec is written only then.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include "kmemcg/files.h"
#include "fault.h"

static char *test_fail_alloc;
module_param(test_fail_alloc, charp, 0400);
MODULE_PARM_DESC(test_fail_alloc,
		 "Tests only: make the module's own allocations fail: nth:N (the Nth from load) or rate:PERMILLE[:SEED] (after load)");

DEFINE_STATIC_KEY_FALSE(kmemcg_fault_key);

static struct kmemcg_fault_spec kmemcg_fault_spec;
static u64 kmemcg_fault_seed;
static bool kmemcg_fault_armed;		/* rate: from the end of the load */
static atomic64_t kmemcg_fault_calls;
static atomic_long_t kmemcg_fault_injected[KMEMCG_FAULT_NR];
static u64 kmemcg_fault_load_calls;
static long kmemcg_fault_load_injected;
static int kmemcg_fault_nth_site = -1;	/* nth: the site that failed */

/**
 * __kmemcg_should_fail - count an allocation at @site; whether it fails
 * @site: the allocation site
 *
 * The slow path of kmemcg_should_fail(), taken only with test_fail_alloc
 * set.  Nothing is logged here (the caller may hold any lock, an
 * allocator's included, and printk_deferred() is not exported): under
 * nth the site is kept for the load's log line.
 *
 * Context: any, NMI included; lock-free.
 * Return: true when the caller is to behave as if its allocation failed.
 */
bool __kmemcg_should_fail(enum kmemcg_fault_site site)
{
	u64 call = atomic64_inc_return(&kmemcg_fault_calls);

	if (kmemcg_fault_spec.mode == KMEMCG_FAULT_RATE && !READ_ONCE(kmemcg_fault_armed))
		return false;
	if (!kmemcg_fault_decide(&kmemcg_fault_spec, call, kmemcg_fault_seed))
		return false;
	atomic_long_inc(&kmemcg_fault_injected[site]);
	if (kmemcg_fault_spec.mode == KMEMCG_FAULT_NTH)
		WRITE_ONCE(kmemcg_fault_nth_site, site);
	return true;
}

static long kmemcg_fault_injected_sum(void)
{
	long sum = 0;
	int i;

	for (i = 0; i < KMEMCG_FAULT_NR; i++)
		sum += atomic_long_read(&kmemcg_fault_injected[i]);
	return sum;
}

/**
 * kmemcg_fault_init - parse test_fail_alloc and arm the sites, at load
 *
 * First thing at load, before any allocation of the module's.  A rate
 * without a seed gets a random one, logged so the run can be repeated.
 *
 * Context: process context; sleeps (static_branch_enable()).
 * Return: 0, or -EINVAL after one pr_err line for a malformed parameter.
 */
int kmemcg_fault_init(void)
{
	int i;

	atomic64_set(&kmemcg_fault_calls, 0);
	for (i = 0; i < KMEMCG_FAULT_NR; i++)
		atomic_long_set(&kmemcg_fault_injected[i], 0);
	kmemcg_fault_armed = false;
	kmemcg_fault_nth_site = -1;
	if (kmemcg_fault_parse(test_fail_alloc, &kmemcg_fault_spec)) {
		pr_err("cannot load: test_fail_alloc=%s: not nth:N or rate:PERMILLE[:SEED]\n",
		       test_fail_alloc);
		return -EINVAL;
	}
	if (kmemcg_fault_spec.mode == KMEMCG_FAULT_OFF)
		return 0;
	kmemcg_fault_seed = kmemcg_fault_spec.seed;
	if (kmemcg_fault_spec.mode == KMEMCG_FAULT_RATE && !kmemcg_fault_seed)
		kmemcg_fault_seed = get_random_u64() | 1;
	static_branch_enable(&kmemcg_fault_key);
	return 0;
}

/**
 * kmemcg_fault_loaded - the load succeeded: log what it allocated, arm a rate
 *
 * Logs how many allocations the load made and how many of them failed on
 * purpose (a test of each site of the load stops at a load with none).
 *
 * Context: process context, at the end of a successful load.
 */
void kmemcg_fault_loaded(void)
{
	if (!static_key_enabled(&kmemcg_fault_key))
		return;
	kmemcg_fault_load_calls = atomic64_read(&kmemcg_fault_calls);
	kmemcg_fault_load_injected = kmemcg_fault_injected_sum();
	pr_info("test_fail_alloc=%s: %llu allocations at load, %ld failed on purpose (%s); seed %llu\n",
		test_fail_alloc, kmemcg_fault_load_calls, kmemcg_fault_load_injected,
		kmemcg_fault_load_injected ? kmemcg_fault_site_name(kmemcg_fault_nth_site) : "-",
		kmemcg_fault_seed);
	WRITE_ONCE(kmemcg_fault_armed, true);
}

/**
 * kmemcg_fault_load_failed - the load failed: say whether on purpose
 *
 * Logs, under nth, the allocation that failed on purpose and its site,
 * next to the line the site's caller logged ("cannot load: ...").
 *
 * Context: process context, at the end of a failed load.
 */
void kmemcg_fault_load_failed(void)
{
	int site = READ_ONCE(kmemcg_fault_nth_site);

	if (site >= 0)
		pr_info("test_fail_alloc=%s: load failed after allocation %llu failed on purpose: %s\n",
			test_fail_alloc, kmemcg_fault_spec.nth, kmemcg_fault_site_name(site));
}

/**
 * kmemcg_fault_exit - disarm the sites, at unload or on a failed load
 *
 * Context: process context, once no site can run; sleeps.
 */
void kmemcg_fault_exit(void)
{
	if (static_key_enabled(&kmemcg_fault_key))
		static_branch_disable(&kmemcg_fault_key);
}

/**
 * kmemcg_fault_show - the stat file's test_* lines, with test_fail_alloc set
 * @m: the stat file being read
 *
 * KMEMCG_STAT_TEST_CALLS, the allocations counted so far, then one
 * KMEMCG_STAT_TEST_INJECTED_PREFIX<site> line per site: how many failed
 * on purpose.  Nothing without the parameter.
 *
 * Context: process context, a seq_file show; lockless (racy sums).
 */
void kmemcg_fault_show(struct seq_file *m)
{
	int i;

	if (!static_key_enabled(&kmemcg_fault_key))
		return;
	seq_printf(m, "%s %lld\n", KMEMCG_STAT_TEST_CALLS,
		   (long long)atomic64_read(&kmemcg_fault_calls));
	for (i = 0; i < KMEMCG_FAULT_NR; i++)
		seq_printf(m, "%s%s %ld\n", KMEMCG_STAT_TEST_INJECTED_PREFIX,
			   kmemcg_fault_site_name(i), atomic_long_read(&kmemcg_fault_injected[i]));
}
