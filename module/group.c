// SPDX-License-Identifier: GPL-2.0
/*
 * Groups: one per memory cgroup, mirroring the memcg hierarchy.
 *
 * kmemcg_groups_sync() makes the set of groups match the online memory
 * cgroups: it creates a group (and its debugfs directory) for each new one
 * and removes the groups of cgroups that went away, reparenting their
 * charges (001): each removed group's owners are repointed to the parent,
 * so pages keep their owner-table entries and later frees uncharge the
 * parent; the removed group's own figures are added to the parent's.  Its
 * hierarchical usage needs no move: the parent's usage already included it.
 * Sync runs at load, synchronously in the cgroup_mkdir/rmdir hooks (so a
 * group exists before mkdir returns to user space), and from a work item
 * that the charge path kicks when it meets a memcg without a group (the
 * memory controller enabled on an existing cgroup).
 *
 * Locking:
 *  - kmemcg_groups_mutex (sleeping; process context only) serialises sync,
 *    the kmemcg_groups list, every group's owners list and parent/dir
 *    fields, and limit changes.  It nests inside the VFS directory lock
 *    held around cgroup_mkdir/rmdir and outside cgroup_mutex and the
 *    debugfs locks; it is never taken in a hook.
 *  - kmemcg_groups_xa maps css id -> group for the hooks' lockless lookups
 *    (RCU); groups are freed only after synchronize_rcu().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/memcontrol.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include "group.h"
#include "kmemcg.h"

/* Serialises sync, the group list and owner lists: see above. */
DEFINE_MUTEX(kmemcg_groups_mutex);
LIST_HEAD(kmemcg_groups);		/* parents before children */
struct kmemcg_group *kmemcg_root_group;
struct kmemcg_owner *kmemcg_unattributed_owner;
static DEFINE_XARRAY(kmemcg_groups_xa);
static struct mem_cgroup *kmemcg_root_memcg;
static unsigned long kmemcg_ngroups;

static void kmemcg_groups_sync_work(struct work_struct *work)
{
	kmemcg_groups_sync();
}

static DECLARE_WORK(kmemcg_sync_work, kmemcg_groups_sync_work);

/* Any context: ask for a sync soon. */
void kmemcg_groups_kick(void)
{
	if (!work_pending(&kmemcg_sync_work))
		schedule_work(&kmemcg_sync_work);
}

/**
 * kmemcg_group_of_memcg - the group that accounts for @memcg
 * @memcg: a memory cgroup, or NULL
 *
 * Any context, inside rcu_read_lock().  A memcg without a group of its own
 * yet is accounted to its nearest ancestor that has one, and a sync is
 * requested.
 * Return: a group; the root group at worst.
 */
struct kmemcg_group *kmemcg_group_of_memcg(struct mem_cgroup *memcg)
{
	struct cgroup_subsys_state *css;
	struct kmemcg_group *g;

	for (css = memcg ? &memcg->css : NULL; css; css = css->parent) {
		g = xa_load(&kmemcg_groups_xa, css->id);
		if (likely(g))
			return g;
		kmemcg_groups_kick();
	}
	return kmemcg_root_group;
}

static struct kmemcg_group *kmemcg_group_alloc(struct kmemcg_group *parent,
					       struct mem_cgroup *memcg)
{
	struct kmemcg_group *g = kzalloc(sizeof(*g), GFP_KERNEL);

	if (!g) {
		atomic_long_inc(&kmemcg_stat.internal_failures);
		return NULL;
	}
	kmemcg_counter_init(&g->counter, parent ? &parent->counter : NULL);
	INIT_LIST_HEAD(&g->owners);
	g->parent = parent;
	g->memcg = memcg;
	g->css_id = memcg->css.id;
	g->independent = true;
	g->owner = kmemcg_owner_new(g);
	if (!g->owner) {
		kfree(g);
		return NULL;
	}
	atomic_long_add(sizeof(*g), &kmemcg_stat.module_bytes);
	return g;
}

/* Mutex held.  Takes over the caller's css reference on success. */
static int kmemcg_group_create(struct kmemcg_group *parent, struct mem_cgroup *memcg)
{
	struct kmemcg_group *g = kmemcg_group_alloc(parent, memcg);
	int ret;

	if (!g)
		return -ENOMEM;
	ret = xa_insert(&kmemcg_groups_xa, g->css_id, g, GFP_KERNEL);
	if (ret) {
		atomic_long_inc(&kmemcg_stat.internal_failures);
		goto free;
	}
	kmemcg_group_files_create(g, memcg->css.cgroup->kn->name);
	g->seen = true;
	list_add_tail(&g->node, &kmemcg_groups);
	kmemcg_ngroups++;
	return 0;
free:
	list_del(&g->owner->node);
	kmemcg_owner_free(g->owner);
	atomic_long_sub(sizeof(*g), &kmemcg_stat.module_bytes);
	kfree(g);
	return ret;
}

/* Mutex held: create groups for online memcgs that have none. */
static void kmemcg_groups_add_new(void)
{
	struct cgroup_subsys_state *root = &kmemcg_root_memcg->css, *pos;
	struct kmemcg_group *g, *parent;
	struct mem_cgroup *memcg;

	rcu_read_lock();
	css_for_each_descendant_pre(pos, root) {
		if (pos == root)
			continue;
		g = xa_load(&kmemcg_groups_xa, pos->id);
		if (g) {
			g->seen = !css_is_dying(pos);
			continue;
		}
		parent = xa_load(&kmemcg_groups_xa, pos->parent->id);
		if (!parent || !parent->seen || !css_tryget_online(pos))
			continue;
		/*
		 * The reference keeps pos accessible, which is all that
		 * css_next_descendant_pre() needs to go on after we leave the
		 * RCU section to allocate and create files.
		 */
		memcg = mem_cgroup_from_css(pos);
		rcu_read_unlock();
		if (kmemcg_group_create(parent, memcg))
			css_put(pos);
		rcu_read_lock();
	}
	rcu_read_unlock();
}

/* Mutex held: point @g's owners at its parent. */
static void kmemcg_group_reparent_owners(struct kmemcg_group *g)
{
	struct kmemcg_owner *o;

	g->owner->dead = true;
	list_for_each_entry(o, &g->owners, node)
		rcu_assign_pointer(o->group, g->parent);
	list_splice_tail_init(&g->owners, &g->parent->owners);
}

/* Mutex held, after a grace period: nobody charges @g any more. */
static void kmemcg_group_move_stat(struct kmemcg_group *g)
{
	struct kmemcg_group_stat *from = &g->stat, *to = &g->parent->stat;
	long own = atomic_long_read(&from->own_pages);

	atomic_long_add(own, &to->own_pages);
	atomic_long_add(own, &to->reparented_pages);
	atomic_long_add(atomic_long_read(&from->slab_pages), &to->slab_pages);
	atomic_long_add(atomic_long_read(&from->large_pages), &to->large_pages);
}

static void kmemcg_group_free(struct kmemcg_group *g)
{
	kmemcg_group_files_remove(g);
	if (g->memcg)
		css_put(&g->memcg->css);
	atomic_long_sub(sizeof(*g), &kmemcg_stat.module_bytes);
	kfree(g);
}

/* Mutex held: free the owners of removed groups that no page names. */
static void kmemcg_groups_reap_owners(void)
{
	struct kmemcg_owner *o, *tmp;
	struct kmemcg_group *g;

	list_for_each_entry(g, &kmemcg_groups, node)
		list_for_each_entry_safe(o, tmp, &g->owners, node)
			if (o->dead && !atomic_long_read(&o->pages)) {
				list_del(&o->node);
				kmemcg_owner_free(o);
			}
}

/**
 * kmemcg_groups_sync - make the groups match the online memory cgroups
 *
 * Process context; sleeps (allocation, debugfs, synchronize_rcu()).
 */
void kmemcg_groups_sync(void)
{
	struct kmemcg_group *g, *tmp;
	LIST_HEAD(dying);

	mutex_lock(&kmemcg_groups_mutex);
	list_for_each_entry(g, &kmemcg_groups, node)
		g->seen = (g == kmemcg_root_group);
	kmemcg_groups_add_new();

	/* Children first: the list has parents before children. */
	list_for_each_entry_safe_reverse(g, tmp, &kmemcg_groups, node) {
		if (g->seen)
			continue;
		xa_erase(&kmemcg_groups_xa, g->css_id);
		kmemcg_group_reparent_owners(g);
		list_move_tail(&g->node, &dying);
		kmemcg_ngroups--;
	}
	if (!list_empty(&dying)) {
		/* Wait out every hook that may still charge a dying group. */
		synchronize_rcu();
		list_for_each_entry_safe(g, tmp, &dying, node) {
			kmemcg_group_move_stat(g);
			list_del(&g->node);
			kmemcg_group_free(g);
		}
	}
	kmemcg_groups_reap_owners();
	mutex_unlock(&kmemcg_groups_mutex);
}

int kmemcg_groups_init(void)
{
	struct mem_cgroup **root_p = (void *)kmemcg_lookup_name("root_mem_cgroup");
	struct kmemcg_group *root;

	if (!root_p) {
		pr_err("cannot load: kernel symbol root_mem_cgroup not found\n");
		return -ENOENT;
	}
	kmemcg_root_memcg = READ_ONCE(*root_p);
	if (!kmemcg_root_memcg) {
		pr_err("cannot load: the memory cgroup controller is disabled (cgroup_disable=memory?)\n");
		return -ENODEV;
	}

	mutex_lock(&kmemcg_groups_mutex);
	root = kmemcg_group_alloc(NULL, kmemcg_root_memcg);
	if (!root)
		goto nomem;
	kmemcg_unattributed_owner = kmemcg_owner_new(root);
	if (!kmemcg_unattributed_owner)
		goto free_root;
	if (xa_insert(&kmemcg_groups_xa, root->css_id, root, GFP_KERNEL))
		goto free_unattributed;
	root->memcg = NULL;		/* the root memcg never goes away */
	root->seen = true;
	kmemcg_root_group = root;
	list_add(&root->node, &kmemcg_groups);
	kmemcg_ngroups = 1;
	kmemcg_group_files_create(root, KMEMCG_DIR_CGROUP);
	mutex_unlock(&kmemcg_groups_mutex);

	kmemcg_groups_sync();
	return 0;

free_unattributed:
	list_del(&kmemcg_unattributed_owner->node);
	kmemcg_owner_free(kmemcg_unattributed_owner);
	kmemcg_unattributed_owner = NULL;
free_root:
	list_del(&root->owner->node);
	kmemcg_owner_free(root->owner);
	atomic_long_sub(sizeof(*root), &kmemcg_stat.module_bytes);
	kfree(root);
nomem:
	mutex_unlock(&kmemcg_groups_mutex);
	return -ENOMEM;
}

/* After every hook is gone: no sync may start any more. */
void kmemcg_groups_stop(void)
{
	cancel_work_sync(&kmemcg_sync_work);
}

/*
 * After the debugfs tree is gone (with every group's files): free
 * everything; pages still owned are forgotten.
 */
void kmemcg_groups_exit(void)
{
	struct kmemcg_group *g, *tmp;
	struct kmemcg_owner *o, *otmp;

	mutex_lock(&kmemcg_groups_mutex);
	list_for_each_entry_safe_reverse(g, tmp, &kmemcg_groups, node) {
		xa_erase(&kmemcg_groups_xa, g->css_id);
		list_for_each_entry_safe(o, otmp, &g->owners, node) {
			list_del(&o->node);
			kmemcg_owner_free(o);
		}
		list_del(&g->node);
		g->dir = NULL;		/* removed with the whole tree */
		kmemcg_group_free(g);
	}
	kmemcg_root_group = NULL;
	kmemcg_unattributed_owner = NULL;
	kmemcg_ngroups = 0;
	mutex_unlock(&kmemcg_groups_mutex);
	/* kfree_rcu()'d owners must be gone before the module text is. */
	rcu_barrier();
	WARN_ONCE(!xa_empty(&kmemcg_groups_xa), "kmemcg: groups left in the index\n");
	xa_destroy(&kmemcg_groups_xa);
}

/* Racy snapshots for stat files. */
unsigned long kmemcg_groups_count(void)
{
	return READ_ONCE(kmemcg_ngroups);
}

unsigned long kmemcg_groups_dead_owners(void)
{
	struct kmemcg_owner *o;
	struct kmemcg_group *g;
	unsigned long n = 0;

	mutex_lock(&kmemcg_groups_mutex);
	list_for_each_entry(g, &kmemcg_groups, node)
		list_for_each_entry(o, &g->owners, node)
			n += o->dead;
	mutex_unlock(&kmemcg_groups_mutex);
	return n;
}
