/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy seam: every decision about *whether*, *to whom* and *how* an
 * allocation is charged, and what cgroup removal does with remaining
 * charges, is taken here and nowhere else.  The hooks describe the
 * allocation (struct kmemcg_alloc_ctx) and carry out the verdicts.
 *
 * The default policy is the seeds' (002 with 001's reparenting):
 *  - every cache is in scope (scope=all);
 *  - pages allocated outside task context (hardirq, softirq, NMI) go to the
 *    root group and are counted as unattributed;
 *  - kernel threads and tasks of the root cgroup go to the root group;
 *  - everything else goes to the task's memory cgroup;
 *  - a charge counts against the cgroup and every ancestor (hierarchical);
 *  - a charge over a limit fails the allocation (over_limit=fail) only
 *    where the kernel's own memory controller could fail it: an
 *    allocation the kernel accounts (SLAB_ACCOUNT or __GFP_ACCOUNT),
 *    whose callers are written to survive the failure; any other is
 *    forced past the limit ("bypassed", and "unaccounted_forced"), as
 *    are __GFP_NOFAIL, a task with a fatal signal pending, a task in
 *    memory reclaim (PF_MEMALLOC), and a task stuck in a kernel retry
 *    loop (kmemcg/stuck.h).  over_limit=fail_all fails them all, as the
 *    seeds did: a research setting, fatal to some callers (README);
 *  - a removed cgroup's charges move to its parent (on_delete=reparent).
 * The other values of each axis are the roadmap's alternatives; the README
 * ("Policies") says where each comes from.  Names: include/kmemcg/files.h.
 *
 * Pure C, no kernel dependency: unit-tested on the host.
 */
#ifndef KMEMCG_POLICY_H
#define KMEMCG_POLICY_H

#include "shim.h"
#include "files.h"

/* What removing a cgroup does with the charges it still has. */
enum kmemcg_delete_policy {
	KMEMCG_DELETE_REPARENT,		/* 001: charges move to the parent */
	KMEMCG_DELETE_UNACCOUNT,	/* 002: they leave the hierarchy */
	KMEMCG_DELETE_DEAD,		/* 002's dead caches: kept, listed */
};

/* Which allocations are charged at all. */
enum kmemcg_scope {
	KMEMCG_SCOPE_ALL,		/* every cache (001, 002 by default) */
	KMEMCG_SCOPE_LIST,		/* caches named in the scope list (002) */
	KMEMCG_SCOPE_KERNEL,		/* what the kernel accounts: SLAB_ACCOUNT, __GFP_ACCOUNT */
};

enum kmemcg_hierarchy {
	KMEMCG_HIERARCHY_HIERARCHICAL,	/* usage and limits include descendants */
	KMEMCG_HIERARCHY_FLAT,		/* each group's own charges only */
};

/* The policy's answer to a charge a limit refuses (over_limit=). */
enum kmemcg_over_limit_mode {
	KMEMCG_OVER_LIMIT_FAIL,		/* an accounted allocation fails, others forced */
	KMEMCG_OVER_LIMIT_COUNT,	/* nothing fails; would_fail counted */
	KMEMCG_OVER_LIMIT_RECLAIM,	/* reclaim from the cgroup, try once more, as fail */
	KMEMCG_OVER_LIMIT_FAIL_ALL,	/* every allocation fails (the seeds): hazardous */
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

/* The caches charged under scope=list: /proc/slabinfo names. */
struct kmemcg_scope_list {
	unsigned int n;
	char name[KMEMCG_SCOPE_LIST_MAX][KMEMCG_SCOPE_NAME_MAX + 1];
};

/*
 * The hooks read single fields racily (READ_ONCE), each once per charge;
 * writers change one field at a time under the module's policy mutex.
 * scope_list is not read by hooks: the module keeps its own RCU copy.
 */
struct kmemcg_policy {
	enum kmemcg_over_limit_mode over_limit;
	enum kmemcg_delete_policy on_delete;
	enum kmemcg_scope scope;
	enum kmemcg_hierarchy hierarchy;	/* fixed at load */
	enum kmemcg_granularity granularity;	/* fixed at load */
	/* Under shadow: the view limits apply to (switchable at run time). */
	enum kmemcg_view shadow_enforce;
	struct kmemcg_scope_list scope_list;
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
	/* May use the critical reserve: __GFP_HIGH, __GFP_MEMALLOC, PF_MEMALLOC, __GFP_NOFAIL */
	bool critical;
	bool may_reclaim;	/* in a task, may sleep (gfp), not PF_MEMALLOC */
	/*
	 * Marked for accounting: a SLAB_ACCOUNT cache or __GFP_ACCOUNT, so
	 * its callers are written for a failed charge (every scope; what
	 * over_limit=fail fails), whether or not the kernel's own kmem
	 * accounting is on
	 */
	bool account_marked;
	/* The kernel accounts it: marked, with kernel memory accounting on */
	bool accounted;
	bool listed;		/* its cache is in the scope list (scope=list only) */
	/* The scope in force, read once by the hook: listed is for it */
	enum kmemcg_scope scope;
	/* Set by the charge path as it goes through the over-limit steps: */
	bool reclaimed;		/* reclaim was tried, the charge still did not fit */
	bool reserve_tried;	/* the reserve was tried and could not hold it */
};

enum kmemcg_target {
	KMEMCG_TARGET_GROUP,		/* current's memory cgroup */
	KMEMCG_TARGET_ROOT,		/* root group, attributed */
	KMEMCG_TARGET_UNATTRIBUTED,	/* root group, no task to blame */
	KMEMCG_TARGET_UNSCOPED,		/* out of scope: nobody, counted apart */
};

/* The next step for a charge a limit refused: see kmemcg_policy_over_limit(). */
enum kmemcg_over_limit {
	KMEMCG_OVER_FAIL,		/* refuse: the allocation fails */
	KMEMCG_OVER_FORCE,		/* charge past the limit: bypassed */
	/* charge past the limit: bypassed, unaccounted_forced (over_limit=fail) */
	KMEMCG_OVER_FORCE_UNACCOUNTED,
	KMEMCG_OVER_COUNT,		/* charge past the limit: would_fail */
	KMEMCG_OVER_RECLAIM,		/* reclaim, then set reclaimed and retry */
	KMEMCG_OVER_RESERVE,		/* try the reserve, then set reserve_tried */
};

extern const struct kmemcg_policy kmemcg_default_policy;

enum kmemcg_target kmemcg_policy_target(const struct kmemcg_policy *p,
					const struct kmemcg_alloc_ctx *ctx);
bool kmemcg_policy_in_scope(const struct kmemcg_policy *p,
			    const struct kmemcg_alloc_ctx *ctx);

enum kmemcg_over_limit kmemcg_policy_over_limit(const struct kmemcg_policy *p,
						const struct kmemcg_alloc_ctx *ctx);

int kmemcg_granularity_parse(const char *s, enum kmemcg_granularity *g);
const char *kmemcg_granularity_name(enum kmemcg_granularity g);
int kmemcg_view_parse(const char *s, enum kmemcg_view *v);
const char *kmemcg_view_name(enum kmemcg_view v);
int kmemcg_scope_parse(const char *s, enum kmemcg_scope *v);
const char *kmemcg_scope_name(enum kmemcg_scope v);
int kmemcg_delete_parse(const char *s, enum kmemcg_delete_policy *v);
const char *kmemcg_delete_name(enum kmemcg_delete_policy v);
int kmemcg_hierarchy_parse(const char *s, enum kmemcg_hierarchy *v);
const char *kmemcg_hierarchy_name(enum kmemcg_hierarchy v);
int kmemcg_over_limit_parse(const char *s, enum kmemcg_over_limit_mode *v);
const char *kmemcg_over_limit_name(enum kmemcg_over_limit_mode v);

int kmemcg_scope_list_parse(const char *s, struct kmemcg_scope_list *l);
size_t kmemcg_scope_list_show(const struct kmemcg_scope_list *l, char *buf,
			      size_t size);
bool kmemcg_scope_list_has(const struct kmemcg_scope_list *l, const char *name);

bool kmemcg_policy_tracks(const struct kmemcg_policy *p, enum kmemcg_view v);
enum kmemcg_view kmemcg_policy_enforced_view(const struct kmemcg_policy *p);

/* The longest line the policy file takes: a full scope list. */
#define KMEMCG_POLICY_LINE_MAX \
	(sizeof(KMEMCG_POLICY_SCOPE_LIST) + \
	 KMEMCG_SCOPE_LIST_MAX * (KMEMCG_SCOPE_NAME_MAX + 1) + 1)

/* The policy file: render into buf (NUL-terminated); bytes written. */
size_t kmemcg_policy_show(const struct kmemcg_policy *p, char *buf, size_t size);
size_t kmemcg_policy_show_key(const struct kmemcg_policy *p, const char *key,
			      char *buf, size_t size);
int kmemcg_policy_write(struct kmemcg_policy *p, char *line, const char **key);

#endif /* KMEMCG_POLICY_H */
