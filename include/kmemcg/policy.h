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

/*
 * What a charge is for.  page: the slab page, to the cgroup that caused
 * it (the seeds); object: each object, to the cgroup that allocated it
 * (upstream since 5.9); shadow: both at once, on the same run.  Names in
 * include/kmemcg/files.h (KMEMCG_GRAN_*).
 */
enum kmemcg_granularity {
	KMEMCG_GRANULARITY_PAGE,
	KMEMCG_GRANULARITY_OBJECT,
	KMEMCG_GRANULARITY_SHADOW,
};

/* The two views a granularity tracks; limits apply to one of them. */
enum kmemcg_view {
	KMEMCG_VIEW_PAGE,
	KMEMCG_VIEW_OBJECT,
};

struct kmemcg_policy {
	bool enforce;			/* fail allocations over the limit */
	enum kmemcg_delete_policy on_delete;
	enum kmemcg_granularity granularity;	/* fixed at load */
	/* Under shadow: the view limits apply to (switchable at run time). */
	enum kmemcg_view shadow_enforce;
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

int kmemcg_granularity_parse(const char *s, enum kmemcg_granularity *g);
const char *kmemcg_granularity_name(enum kmemcg_granularity g);
int kmemcg_view_parse(const char *s, enum kmemcg_view *v);
const char *kmemcg_view_name(enum kmemcg_view v);

bool kmemcg_policy_tracks(const struct kmemcg_policy *p, enum kmemcg_view v);
enum kmemcg_view kmemcg_policy_enforced_view(const struct kmemcg_policy *p);

/* The policy file: render into buf (NUL-terminated); bytes written. */
size_t kmemcg_policy_show(const struct kmemcg_policy *p, char *buf, size_t size);
int kmemcg_policy_write(struct kmemcg_policy *p, const char *buf, size_t len,
			const char **key);

#endif /* KMEMCG_POLICY_H */
