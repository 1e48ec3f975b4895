/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Groups (one per memory cgroup), owners (the indirection a page's owner
 * entry points at, repointed when a group is removed) and the owner table.
 */
#ifndef KMEMCG_GROUP_H
#define KMEMCG_GROUP_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include "kmemcg/counter.h"
#include "kmemcg/policy.h"
#include "charge.h"
#include "kmemcg.h"

struct mem_cgroup;
struct dentry;
struct cgroup_subsys_state;

/* Own (non-hierarchical) figures of a group; all atomics, any context. */
struct kmemcg_group_stat {
	atomic_long_t own_pages;	/* pages charged here, not below */
	atomic_long_t slab_pages;	/* of which slab pages */
	atomic_long_t large_pages;	/* of which large-kmalloc pages */
	atomic_long_t charges;		/* successful charges (incl. forced) */
	atomic_long_t uncharges;
	atomic_long_t failures;		/* charges refused (any level's limit) */
	atomic_long_t bypassed;		/* charges forced past a limit */
	atomic_long_t bypassed_bytes;
	atomic_long_t stuck_forced;	/* of the bypassed: a task was stuck */
	/* of the bypassed: the kernel does not account it (over_limit=fail) */
	atomic_long_t unaccounted_forced;
	atomic_long_t unaccounted_forced_bytes;
	atomic_long_t reparented_pages;	/* own pages taken over from children */
	/* Object view (object and shadow granularity) */
	atomic_long_t object_bytes;	/* own objects, at their slot sizes */
	atomic_long_t objects;
	atomic_long_t object_charges;
	atomic_long_t object_uncharges;
	/* Policies (kmemcg/policy.h) */
	atomic_long_t would_fail;	/* over_limit=count: refused, let through */
	atomic_long_t reclaim_attempts;	/* over_limit=reclaim */
	atomic_long_t reclaim_successes;
	atomic_long_t reclaimed_bytes;
	atomic_long_t reserve_charges;	/* critical charges the reserve held */
	atomic_long_t reserve_refusals;	/* critical charges it could not */
};

/* "No limit" of an object-view counter: the page view's, in bytes. */
#define KMEMCG_OBJ_COUNTER_MAX	(KMEMCG_COUNTER_MAX << PAGE_SHIFT)

struct kmemcg_group {
	struct kmemcg_counter counter;		/* page view, pages */
	struct kmemcg_counter obj_counter;	/* object view, bytes */
	struct kmemcg_group_stat stat;
	struct kmemcg_group *parent;	/* NULL for the root */
	/* No reference held: used only while the group is online (listed). */
	struct mem_cgroup *memcg;
	char *name;			/* its cgroup's; NULL for the root */
	int css_id;
	bool independent;		/* memory.kmem.independent_kmem_limit */
	bool dead;			/* removed; kmemcg_groups_mutex */
	refcount_t refs;		/* its own until freed, + removed-or-live children */
	unsigned int scan_idx;		/* slabinfo scans, kmemcg_groups_mutex */
	struct kmemcg_owner *owner;	/* the owner new pages get */
	struct list_head owners;	/* owners pointing here; groups mutex */
	struct list_head node;		/* kmemcg_groups, pre-order */
	struct dentry *dir;
	struct rcu_work free_work;	/* after removal, see group.c */
	/* Removed under on_delete=dead, until its last page or object goes: */
	unsigned long dead_seq;		/* N of dead/<N>; 0 otherwise */
	u64 removed_ns;			/* when, CLOCK_BOOTTIME */
	char *dead_path;		/* its cgroup path then */
	struct dentry *dead_dir;
	struct list_head dead_node;	/* kmemcg_dead_groups; groups mutex */
	/*
	 * Removed under on_delete=unaccount, or reparent under flat: where its
	 * usage moves, and the snapshot of each view's moved at removal (the
	 * rest follows after a grace period, see group.c).  Groups mutex.
	 */
	struct kmemcg_group *moved_to;
	unsigned long moved[2];		/* by enum kmemcg_view */
	unsigned int pending;		/* removed children whose free_work has to run */
	bool waiting;			/* its free_work waits for them */
	/* A pseudo group outside the hierarchy (sink.c), or KMEMCG_SINK_NONE */
	int sink;
};

/*
 * Pseudo groups (sink.c): charges that belong to no cgroup.  Outside the
 * hierarchy: no parent, no limit, no directory, not on kmemcg_groups;
 * named KMEMCG_PATH_* in the top-level slabinfo.
 */
enum kmemcg_sink {
	KMEMCG_SINK_NONE = -1,
	KMEMCG_SINK_UNSCOPED,		/* out of scope (scope=list, kernel) */
	KMEMCG_SINK_UNACCOUNTED,	/* of cgroups removed under on_delete=unaccount */
	KMEMCG_SINK_NR,
};

/*
 * What an owner-table entry names.  A group's own owner is repointed to the
 * parent when the group is removed (001's reparenting without walking
 * pages); it is freed once its last page is.
 */
struct kmemcg_owner {
	struct kmemcg_group __rcu *group;
	atomic_long_t pins;		/* pages and objects naming it, and charges in flight */
	u32 id;
	bool dead;			/* its group is gone */
	unsigned long dead_since;	/* RCU state cookie, when it died */
	struct list_head node;		/* on group->owners */
	struct list_head dead_node;	/* on the dead-owner list, if dead */
	struct rcu_head rcu;
};

extern struct kmemcg_group *kmemcg_root_group;
extern struct kmemcg_owner *kmemcg_unattributed_owner;
extern struct mutex kmemcg_groups_mutex;
extern struct list_head kmemcg_groups;
extern struct list_head kmemcg_dead_groups;	/* on_delete=dead; groups mutex */
extern struct kmemcg_group *kmemcg_sinks[KMEMCG_SINK_NR];

/* sink.c */
int kmemcg_sinks_init(void);
void kmemcg_sinks_exit(void);
const char *kmemcg_sink_path(enum kmemcg_sink s);

/* group.c: shared with group_remove.c only; groups mutex */
extern struct xarray kmemcg_groups_xa;		/* css id -> group (RCU) */
extern struct workqueue_struct *kmemcg_groups_wq;
extern unsigned long kmemcg_ngroups, kmemcg_ndead_groups;
void kmemcg_group_kfree(struct kmemcg_group *g);
void kmemcg_group_put(struct kmemcg_group *g);

/* group.c */
int kmemcg_groups_init(void);
void kmemcg_groups_populate(void);
void kmemcg_groups_stop(void);
void kmemcg_groups_exit(void);
void kmemcg_group_online(struct cgroup_subsys_state *css);
void kmemcg_group_offline(struct cgroup_subsys_state *css);
void kmemcg_group_owner_reaped(struct kmemcg_group *g, struct list_head *done);
void kmemcg_groups_dead_done(struct list_head *done);
unsigned long kmemcg_groups_dead_count(void);
struct kmemcg_group *kmemcg_group_of_memcg(struct mem_cgroup *memcg);

/* owner_reap.c */
void kmemcg_owner_unpin(struct kmemcg_owner *owner, long nr);
void kmemcg_owner_kill(struct kmemcg_owner *o);
void kmemcg_owner_forget(struct kmemcg_owner *o);
void kmemcg_owners_reap_kick(void);
void kmemcg_owners_reap_start(void);
void kmemcg_owners_reap_stop(void);
unsigned long kmemcg_groups_count(void);
unsigned long kmemcg_groups_dead_owners(void);

/* owner.c */
int kmemcg_owners_init(void);
void kmemcg_owners_exit(void);
struct kmemcg_owner *kmemcg_owner_new(struct kmemcg_group *group);
void kmemcg_owner_free(struct kmemcg_owner *owner);
struct kmemcg_owner *kmemcg_owner_get_id(u32 id);
bool kmemcg_owner_record(unsigned long pfn, struct kmemcg_owner *owner,
			 enum kmemcg_kind kind);
u32 kmemcg_owner_take(unsigned long pfn);
u32 kmemcg_owner_entry(unsigned long pfn);
bool kmemcg_owner_entry_replace(unsigned long pfn, u32 old, u32 new);
unsigned long kmemcg_owner_table_bytes(void);
unsigned long kmemcg_owner_table_size(void);
struct kmemcg_owner *kmemcg_owner_peek(unsigned long pfn);

/* The counter of view @v. */
static inline struct kmemcg_counter *kmemcg_group_counter(struct kmemcg_group *g,
							  enum kmemcg_view v)
{
	return v == KMEMCG_VIEW_OBJECT ? &g->obj_counter : &g->counter;
}

/* A figure of view @v's counters (pages or bytes), in bytes. */
static inline unsigned long kmemcg_view_bytes(enum kmemcg_view v, unsigned long n)
{
	return v == KMEMCG_VIEW_OBJECT ? n : n << PAGE_SHIFT;
}

/* Usage of the view limits are enforced against, descendants included. */
static inline unsigned long kmemcg_group_usage_bytes(struct kmemcg_group *g)
{
	enum kmemcg_view v = kmemcg_policy_enforced_view(kmemcg_policy);

	return kmemcg_view_bytes(v, kmemcg_counter_read(kmemcg_group_counter(g, v)));
}

/*
 * A group's own bytes (descendants apart) in the view limits are enforced
 * against: its own pages, or its objects and large kmallocs.  Racy.
 */
static inline unsigned long kmemcg_group_own_bytes(struct kmemcg_group *g)
{
	if (kmemcg_policy_enforced_view(kmemcg_policy) == KMEMCG_VIEW_PAGE)
		return atomic_long_read(&g->stat.own_pages) << PAGE_SHIFT;
	return atomic_long_read(&g->stat.object_bytes) +
	       (atomic_long_read(&g->stat.large_pages) << PAGE_SHIFT);
}

/* Each group's usage covers its own charges only (hierarchy=flat). */
static inline bool kmemcg_flat(void)
{
	return kmemcg_policy->hierarchy == KMEMCG_HIERARCHY_FLAT;
}

#endif /* KMEMCG_GROUP_H */
