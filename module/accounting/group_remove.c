// SPDX-License-Identifier: GPL-2.0
/*
 * Removing a group: what happens to its charges when its memory cgroup
 * goes offline (kmemcg_group_offline(), from the css hook; group.c makes
 * groups and says how they follow the memory controller).
 *
 * Removal does what on_delete says (kmemcg/policy.h; read once per
 * removal, so a switch affects removals from then on).  It never waits for
 * a grace period, nor for the group's pages or objects.
 *
 *  - reparent (001): its owners are repointed to the parent, so pages keep
 *    their owner-table entries and later frees uncharge the parent; its
 *    own figures are added to the parent's.  Hierarchical: its usage needs
 *    no move, the parent's already includes it.  Flat: the parent's does
 *    not, so the usage is moved (below).
 *  - unaccount (002): the same, to the unaccounted pseudo group (sink.c):
 *    the charges leave the hierarchy and are counted as unaccounted until
 *    freed.  Its usage is moved into the sink, and out of the ancestors.
 *  - dead (002's dead caches): nothing moves.  Its owners keep naming it,
 *    its counter stays a child of its parent's (so, hierarchical, every
 *    ancestor's usage still includes it, as the kernel's offline memcgs
 *    do); it goes from kmemcg_groups to kmemcg_dead_groups, and its
 *    directory from cgroup/<path>/ to dead/<N>/ (dead_files.c), N counting
 *    such removals from 1.  When the reaper (owner_reap.c) frees its last
 *    owner, its last page or object is gone: kmemcg_group_owner_reaped()
 *    takes it off the list, kmemcg_groups_dead_done() removes its
 *    directory and frees it after a grace period.
 *
 * A hook that looked the group up before the removal may still add to its
 * figures, so the struct is freed, and what was added meanwhile moved on,
 * only after an RCU grace period, from a work item (free_work).  A removed
 * group's struct stays while removed children still point at it (refs),
 * so a late figure always finds a live ancestor.
 *
 * Moving usage (flat reparent, unaccount), from the group G to the target
 * T (the parent, or the sink; neither has a counter parent then, so a
 * charge of T charges T alone).  Frees and charges reach G's counter or
 * T's through owner->group under RCU, so while owners are repointed some
 * still hit G.  At removal, under the groups mutex: S = G's usage is read
 * and charged to T, and only then are the owners repointed, so a free
 * that finds T finds S there (T cannot dip below what it holds of G's).
 * After a grace period (free_work), nobody can reach G's counter: its
 * final usage F is what the old path left, and T gets F - S more (a
 * charge or an uncharge).  Hierarchical unaccount: the ancestors still
 * hold F of G's (every free through G uncharged them too): they are
 * uncharged F then, so the parent's usage drops one grace period after
 * the removal, never below what it really holds.  free_work waits for the
 * removed children's own (pending/waiting): a child's correction lands in
 * G's counter, and must be there before F is read.
 *
 * Residual race: a charge that looked G up before its removal and is
 * applied to G's counter after S was read (a few instructions apart, or
 * an allocation in flight across the removal that ends with more than it
 * began with) is not in S; if its object is then freed through T within
 * the same grace period, T goes below what it holds by that amount, and
 * lib/counter.c clamps at 0 (with its warning) if T held nothing else.
 * The correction at F makes T exact again in every other case.  Tests see
 * no warning and exact figures at quiescent points.
 *
 * Hierarchical unaccount of a group with dead descendants is done as a
 * reparent: their counters are children of the group's, so their frees
 * keep uncharging it and its ancestors, and its own part could not be
 * told from theirs without stopping them.  Under flat no counter has a
 * parent and there is no such case.
 *
 * Locking: as group.c's: cgroup_mutex (held by the kernel around
 * css_offline) outside kmemcg_groups_mutex, which serialises the group
 * and dead-group lists, every owners list and the removal fields; debugfs
 * directories are removed without it (removal waits for readers).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/memcontrol.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include "compat.h"
#include "fault.h"
#include "group.h"
#include "kmemcg.h"

LIST_HEAD(kmemcg_dead_groups);		/* in removal order */
unsigned long kmemcg_ndead_groups;
static unsigned long kmemcg_dead_seq;	/* last N of dead/<N> */

/*
 * Groups mutex held: the nearest ancestor of @g that is not removed, or
 * dead and still listed (its pages may be @g's reparented ones).
 */
static struct kmemcg_group *kmemcg_group_live_ancestor(struct kmemcg_group *g)
{
	do
		g = g->parent;
	while (g->dead && list_empty(&g->dead_node));
	return g;
}

/* Groups mutex held: add @from's own figures to @to's and clear them. */
static void kmemcg_group_move_stat(struct kmemcg_group *from, struct kmemcg_group *to)
{
	struct kmemcg_group_stat *f = &from->stat, *t = &to->stat;
	long own = atomic_long_xchg(&f->own_pages, 0);

	atomic_long_add(own, &t->own_pages);
	atomic_long_add(own, &t->reparented_pages);
	atomic_long_add(atomic_long_xchg(&f->slab_pages, 0), &t->slab_pages);
	atomic_long_add(atomic_long_xchg(&f->large_pages, 0), &t->large_pages);
	atomic_long_add(atomic_long_xchg(&f->object_bytes, 0), &t->object_bytes);
	atomic_long_add(atomic_long_xchg(&f->objects, 0), &t->objects);
}

/*
 * Groups mutex held: the rest of a move begun by kmemcg_group_move_out(),
 * now that nobody can reach @g's counters (see the top of this file).
 */
static void kmemcg_group_move_rest(struct kmemcg_group *g)
{
	struct kmemcg_group *t = g->moved_to;
	int v;

	for (v = KMEMCG_VIEW_PAGE; v <= KMEMCG_VIEW_OBJECT; v++) {
		unsigned long f = kmemcg_counter_read(kmemcg_group_counter(g, v));
		struct kmemcg_counter *tc = kmemcg_group_counter(t, v);

		if (f > g->moved[v])
			kmemcg_counter_charge(tc, f - g->moved[v]);
		else if (f < g->moved[v])
			kmemcg_counter_uncharge(tc, g->moved[v] - f);
		/* Hierarchical unaccount: out of the ancestors too. */
		if (f && kmemcg_group_counter(g, v)->parent)
			kmemcg_counter_uncharge(kmemcg_group_counter(g, v)->parent, f);
	}
	kmemcg_group_move_stat(g, t);
}

/* After a grace period since @g's removal: nobody can charge it any more. */
static void kmemcg_group_free_work(struct work_struct *work)
{
	struct kmemcg_group *g = container_of(to_rcu_work(work), struct kmemcg_group,
					      free_work);
	struct kmemcg_group *p = g->parent;

	mutex_lock(&kmemcg_groups_mutex);
	if (g->pending) {
		/* The last child's free_work queues this one again. */
		g->waiting = true;
		mutex_unlock(&kmemcg_groups_mutex);
		return;
	}
	if (g->moved_to)
		kmemcg_group_move_rest(g);
	else
		kmemcg_group_move_stat(g, kmemcg_group_live_ancestor(g));
	if (!--p->pending && p->waiting) {
		p->waiting = false;
		/* Chained from this work queue: allowed while it drains. */
		queue_work(kmemcg_groups_wq, &p->free_work.work);
	}
	kmemcg_group_put(g);
	mutex_unlock(&kmemcg_groups_mutex);
}

/*
 * Groups mutex held: point @g's owners at @to, and @g's own figures to
 * it.  The move of its usage, if any, is begun before (move_out).
 */
static void kmemcg_group_repoint(struct kmemcg_group *g, struct kmemcg_group *to)
{
	struct kmemcg_owner *o;

	kmemcg_owner_kill(g->owner);
	list_for_each_entry(o, &g->owners, node)
		rcu_assign_pointer(o->group, to);
	list_splice_tail_init(&g->owners, &to->owners);
	kmemcg_group_move_stat(g, to);
}

/*
 * Groups mutex held: @g's charges go to @t, which is outside @g's counter
 * chain (flat parent, or sink): the snapshot of its usage is charged to @t
 * before any owner names @t.  kmemcg_counter_charge() is a full barrier,
 * and rcu_assign_pointer() orders it before the owners' new group.
 */
static void kmemcg_group_move_out(struct kmemcg_group *g, struct kmemcg_group *t)
{
	int v;

	for (v = KMEMCG_VIEW_PAGE; v <= KMEMCG_VIEW_OBJECT; v++) {
		g->moved[v] = kmemcg_counter_read(kmemcg_group_counter(g, v));
		if (g->moved[v])
			kmemcg_counter_charge(kmemcg_group_counter(t, v), g->moved[v]);
	}
	g->moved_to = t;
	kmemcg_group_repoint(g, t);
}

/* Groups mutex held: whether a dead group lies below @g. */
static bool kmemcg_group_has_dead_below(struct kmemcg_group *g)
{
	struct kmemcg_group *d, *a;

	list_for_each_entry(d, &kmemcg_dead_groups, dead_node)
		for (a = d->parent; a; a = a->parent)
			if (a == g)
				return true;
	return false;
}

/*
 * Groups mutex held: @g becomes dead/<N>.  Its owners keep naming it; its
 * own owner is killed later (kmemcg_group_offline()), once its directory
 * exists, so the reaper cannot free it before.  Its memcg is not used
 * from now on (g->memcg is left for hooks that looked the group up before:
 * the memcg outlives them, see above), nor its memory.max (the caller
 * unbinds the limit, in every mode).
 */
static void kmemcg_group_bury(struct kmemcg_group *g, char *path)
{
	g->dead_seq = ++kmemcg_dead_seq;
	g->removed_ns = ktime_get_boottime_ns();
	g->dead_path = path;
	list_add_tail(&g->dead_node, &kmemcg_dead_groups);
	kmemcg_ndead_groups++;
}

/* cgroup_mutex held: @css's cgroup path, kmalloc()ed, or NULL. */
static char *kmemcg_css_path(struct cgroup_subsys_state *css)
{
	char *buf = kmemcg_fail_null(KMEMCG_FAULT_NAME, kmalloc(PATH_MAX, GFP_KERNEL));
	char *path = NULL;

	if (buf && cgroup_path(css->cgroup, buf, PATH_MAX) > 0)
		path = kmemcg_fail_null(KMEMCG_FAULT_NAME, kstrdup(buf, GFP_KERNEL));
	kfree(buf);
	if (!path)
		atomic_long_inc(&kmemcg_stat.internal_failures);
	return path;
}

/**
 * kmemcg_group_offline - a memory cgroup went offline: remove its group
 * @css: its memory css
 *
 * Process context, cgroup_mutex held (the mem_cgroup_css_offline() hook).
 * Sleeps only for debugfs readers of the group's own files, never for a
 * grace period: the rest is deferred (see the top of this file).  The
 * kernel offlines children before their parent, so the parent is live.
 * on_delete is read once, here.  Under dead, a failure to copy the path
 * is counted and the group reparented instead.
 */
void kmemcg_group_offline(struct cgroup_subsys_state *css)
{
	enum kmemcg_delete_policy mode = READ_ONCE(kmemcg_policy->on_delete);
	struct kmemcg_group *g;
	struct dentry *dir;
	char *path = NULL;

	if (mode == KMEMCG_DELETE_DEAD) {
		path = kmemcg_css_path(css);
		if (!path)
			mode = KMEMCG_DELETE_REPARENT;
	}
	mutex_lock(&kmemcg_groups_mutex);
	g = xa_load(&kmemcg_groups_xa, css->id);
	if (!g || g == kmemcg_root_group) {
		mutex_unlock(&kmemcg_groups_mutex);
		kfree(path);
		return;
	}
	xa_erase(&kmemcg_groups_xa, css->id);
	list_del(&g->node);
	kmemcg_ngroups--;
	g->dead = true;		/* its memcg is not to be used from now on */
	/*
	 * Nor its memory.max, in any mode: the struct may outlive the memcg
	 * (refs of dead or removing descendants keep it, and its counter
	 * stays their counters' parent), and a charge walking up must not
	 * read a freed memcg's limit.  Readers that saw the bound before
	 * this are inside RCU sections the memcg outlives.
	 */
	WRITE_ONCE(g->counter.bound, NULL);
	WRITE_ONCE(g->obj_counter.bound, NULL);
	dir = g->dir;
	g->dir = NULL;
	if (mode == KMEMCG_DELETE_UNACCOUNT && !kmemcg_flat() &&
	    kmemcg_group_has_dead_below(g))
		mode = KMEMCG_DELETE_REPARENT;
	if (mode == KMEMCG_DELETE_DEAD)
		kmemcg_group_bury(g, path);
	else if (mode == KMEMCG_DELETE_UNACCOUNT)
		kmemcg_group_move_out(g, kmemcg_sinks[KMEMCG_SINK_UNACCOUNTED]);
	else if (kmemcg_flat())
		kmemcg_group_move_out(g, g->parent);
	else
		kmemcg_group_repoint(g, g->parent);
	if (mode != KMEMCG_DELETE_DEAD)
		g->parent->pending++;
	mutex_unlock(&kmemcg_groups_mutex);

	kmemcg_group_files_remove_dir(dir);
	if (mode == KMEMCG_DELETE_DEAD) {
		kmemcg_dead_files_create(g);
		mutex_lock(&kmemcg_groups_mutex);
		kmemcg_owner_kill(g->owner);
		mutex_unlock(&kmemcg_groups_mutex);
	} else {
		INIT_RCU_WORK(&g->free_work, kmemcg_group_free_work);
		queue_rcu_work(kmemcg_groups_wq, &g->free_work);
	}
	kmemcg_owners_reap_kick();
}

/**
 * kmemcg_group_owner_reaped - the reaper freed an owner of @g
 * @g: the group the owner named
 * @done: where a dead group whose last owner that was is put (on its
 *	node, which it no longer uses on kmemcg_groups)
 *
 * Process context, kmemcg_groups_mutex held (the reaper, owner_reap.c).
 * A dead group's owners are its own and its reparented children's; once
 * the last is freed, no page or object is charged to it any more, and
 * none can be (its own owner died a grace period ago).  It leaves the
 * dead list; the caller hands @done to kmemcg_groups_dead_done() once
 * it has dropped the mutex.
 */
void kmemcg_group_owner_reaped(struct kmemcg_group *g, struct list_head *done)
{
	if (!g->dead_seq || !list_empty(&g->owners) || list_empty(&g->dead_node))
		return;
	list_del_init(&g->dead_node);
	kmemcg_ndead_groups--;
	/* Off kmemcg_groups since its removal: node is free to carry it. */
	list_add_tail(&g->node, done);
}

/* A grace period after a dead group's directory went: free it. */
static void kmemcg_group_dead_free_work(struct work_struct *work)
{
	struct kmemcg_group *g = container_of(to_rcu_work(work), struct kmemcg_group,
					      free_work);

	mutex_lock(&kmemcg_groups_mutex);
	kmemcg_group_put(g);
	mutex_unlock(&kmemcg_groups_mutex);
}

/**
 * kmemcg_groups_dead_done - remove dead groups that hold nothing any more
 * @done: the groups, from kmemcg_group_owner_reaped()
 *
 * Process context (the reaper), kmemcg_groups_mutex not held: removing
 * dead/<N>/ waits for its readers.  Each struct is freed after a grace
 * period (a scan may still look at it under RCU), or later while removed
 * children point at it (refs).
 */
void kmemcg_groups_dead_done(struct list_head *done)
{
	struct kmemcg_group *g, *tmp;

	list_for_each_entry_safe(g, tmp, done, node) {
		list_del(&g->node);
		kmemcg_group_files_remove_dir(g->dead_dir);
		g->dead_dir = NULL;
		INIT_RCU_WORK(&g->free_work, kmemcg_group_dead_free_work);
		queue_rcu_work(kmemcg_groups_wq, &g->free_work);
	}
}

/**
 * kmemcg_groups_dead_count - the number of dead groups, for the stat file
 *
 * Dead groups are those of cgroups removed under on_delete=dead, kept
 * until the reaper frees their last owner (see the top of this file).
 *
 * Context: any; lockless, so a racy snapshot (READ_ONCE()).
 * Return: the dead groups not freed yet.
 */
unsigned long kmemcg_groups_dead_count(void)
{
	return READ_ONCE(kmemcg_ndead_groups);
}
