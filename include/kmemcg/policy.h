/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy seam: every decision about *whether*, *to whom* and *how* an
 * allocation is charged, and what cgroup removal does with remaining
 * charges, is taken here and nowhere else.  The hooks describe the
 * allocation (struct kmemcg_alloc_ctx) and carry out the verdicts.
 *
 * Today's policy is the seeds' (002 with 001's reparenting):
 *  - pages allocated outside task context (hardirq, softirq, NMI) go to the
 *    root group and are counted as unattributed;
 *  - kernel threads and tasks of the root cgroup go to the root group;
 *  - everything else goes to the task's memory cgroup;
 *  - a charge over a limit fails the allocation, except for __GFP_NOFAIL,
 *    a task with a fatal signal pending, a task in memory reclaim
 *    (PF_MEMALLOC), and a task stuck in a kernel retry loop (kmemcg/stuck.h),
 *    whose charges are forced past the limit ("bypassed");
 *  - a removed cgroup's charges move to its parent.
 * The roadmap's alternatives (count-only, flat charging, other deletion
 * policies, per-object granularity) are fields of struct kmemcg_policy.
 *
 * Pure C, no kernel dependency: unit-tested on the host.
 */
#ifndef KMEMCG_POLICY_H
#define KMEMCG_POLICY_H

#include "shim.h"

enum kmemcg_delete_policy {
	KMEMCG_DELETE_REPARENT,		/* 001: charges move to the parent */
};

struct kmemcg_policy {
	bool enforce;			/* fail allocations over the limit */
	enum kmemcg_delete_policy on_delete;
};

/* What the hook knows about the allocation being charged. */
struct kmemcg_alloc_ctx {
	bool in_task;		/* not hardirq/softirq/NMI */
	bool kthread;		/* current is a kernel thread */
	bool root_cgroup;	/* current's memory cgroup is the root */
	bool nofail;		/* __GFP_NOFAIL */
	bool dying;		/* fatal signal pending */
	bool memalloc;		/* PF_MEMALLOC: reclaim must not fail */
	bool stuck;		/* refused on and on: a kernel retry loop */
};

enum kmemcg_target {
	KMEMCG_TARGET_GROUP,		/* current's memory cgroup */
	KMEMCG_TARGET_ROOT,		/* root group, attributed */
	KMEMCG_TARGET_UNATTRIBUTED,	/* root group, no task to blame */
};

enum kmemcg_over_limit {
	KMEMCG_OVER_FAIL,		/* refuse: the allocation fails */
	KMEMCG_OVER_FORCE,		/* charge past the limit: bypassed */
};

extern const struct kmemcg_policy kmemcg_default_policy;

enum kmemcg_target kmemcg_policy_target(const struct kmemcg_policy *p,
					const struct kmemcg_alloc_ctx *ctx);

enum kmemcg_over_limit kmemcg_policy_over_limit(const struct kmemcg_policy *p,
						const struct kmemcg_alloc_ctx *ctx);

#endif /* KMEMCG_POLICY_H */
