/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection into the module's own allocations (test_fail_alloc,
 * tests only; module/fault.c).  Every allocation site asks
 * kmemcg_should_fail() first; with the parameter unset that is a static
 * branch never taken, patched in once at load when it is set.
 */
#ifndef KMEMCG_FAULT_INTERNAL_H
#define KMEMCG_FAULT_INTERNAL_H

#include <linux/jump_label.h>
#include "kmemcg/fault.h"

struct seq_file;

DECLARE_STATIC_KEY_FALSE(kmemcg_fault_key);

bool __kmemcg_should_fail(enum kmemcg_fault_site site);

/*
 * Whether this allocation at @site is to fail on purpose: the caller then
 * behaves exactly as if it had failed.  Any context, NMI included.
 */
static __always_inline bool kmemcg_should_fail(enum kmemcg_fault_site site)
{
	return static_branch_unlikely(&kmemcg_fault_key) && __kmemcg_should_fail(site);
}

/* @expr, a pointer, or NULL when the allocation at @site is to fail. */
#define kmemcg_fail_null(site, expr)	(kmemcg_should_fail(site) ? NULL : (expr))
/* @expr, an errno, or -ENOMEM when the allocation at @site is to fail. */
#define kmemcg_fail_errno(site, expr)	(kmemcg_should_fail(site) ? -ENOMEM : (expr))

int kmemcg_fault_init(void);
void kmemcg_fault_loaded(void);
void kmemcg_fault_load_failed(void);
void kmemcg_fault_exit(void);
void kmemcg_fault_show(struct seq_file *m);

#endif /* KMEMCG_FAULT_INTERNAL_H */
