// SPDX-License-Identifier: GPL-2.0
/*
 * Groups: one per memory cgroup, following the memory controller's own
 * per-cgroup state.
 *
 * A group is created when its memory cgroup's css comes online and removed
 * when the css goes offline (cgroup_hooks.c hooks mem_cgroup_css_online()
 * and mem_cgroup_css_offline()), so every way a memory cgroup appears or
 * goes is followed: mkdir and rmdir, +memory and -memory in any
 * cgroup.subtree_control, at any level.  At load, every online memory
 * cgroup gets its group (kmemcg_groups_populate()).  Each creation or
 * removal touches that group and its parent only.
 *
 * Removal does what on_delete says: group_remove.c.
 *
 * No reference on any css is held: a group's memcg is used only while the
 * group is online (its files exist only then), and the memcg outlives the
 * RCU readers that may still see the group (css_free_rwork_fn() runs after
 * a grace period that follows the offline).  The group keeps a copy of
 * its cgroup's name, taken under cgroup_mutex.
 *
 * Owners of removed groups ("dead" owners) are freed by the reaper
 * (owner_reap.c) once no page names them.
 *
 * Locking:
 *  - cgroup_mutex (the kernel's; sleeping) is held around every creation
 *    and removal: by the kernel around css_online/css_offline, and by
 *    kmemcg_groups_populate() at load.  So no two run at once, a memcg's
 *    css and cgroup name are stable meanwhile, and a group whose
 *    directory is in the tree cannot be removed under a creation.
 *  - kmemcg_groups_mutex (sleeping; process context only) nests inside
 *    cgroup_mutex and outside the debugfs locks and slab_mutex.  It
 *    serialises the kmemcg_groups list, every group's owners list, the
 *    dead-owner list (owner_reap.c), and parent/dir/dead fields against
 *    the readers of the top-level files.  It is never taken in a slab hook, and debugfs
 *    removal (which waits for readers) is done without it.
 *    The dead-group list and count are under it too.
 *  - kmemcg_groups_xa maps css id -> group for the hooks' lockless lookups
 *    (RCU); groups and owners are freed after a grace period.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/memcontrol.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include "compat.h"
#include "fault.h"
#include "group.h"
#include "kmemcg.h"

/* Serialises the group list and owner lists: see above. */
DEFINE_MUTEX(kmemcg_groups_mutex);
LIST_HEAD(kmemcg_groups);		/* parents before children */
struct kmemcg_group *kmemcg_root_group;
struct kmemcg_owner *kmemcg_unattributed_owner;
DEFINE_XARRAY(kmemcg_groups_xa);
static struct mem_cgroup *kmemcg_root_memcg;
static struct mutex *kmemcg_cgroup_mutex;
unsigned long kmemcg_ngroups;

/* Removed groups' frees run here; drained at exit. */
struct workqueue_struct *kmemcg_groups_wq;

/**
 * kmemcg_group_of_memcg - the group that accounts for @memcg
 * @memcg: a memory cgroup, or NULL
 *
 * Any context, inside rcu_read_lock().  A memcg without a group (going
 * offline, or whose group could not be allocated) is accounted to its
 * nearest ancestor that has one.
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
	}
	return kmemcg_root_group;
}

static struct kmemcg_group *kmemcg_group_alloc(struct kmemcg_group *parent,
					       struct mem_cgroup *memcg)
{
	struct kmemcg_group *g = kmemcg_fail_null(KMEMCG_FAULT_GROUP,
						  kzalloc(sizeof(*g), GFP_KERNEL));

	if (!g) {
		atomic_long_inc(&kmemcg_stat.internal_failures);
		return NULL;
	}
	/* Flat: every counter stands alone, limits cover own charges only. */
	kmemcg_counter_init(&g->counter, parent && !kmemcg_flat() ? &parent->counter : NULL);
	kmemcg_counter_init(&g->obj_counter,
			    parent && !kmemcg_flat() ? &parent->obj_counter : NULL);
	g->obj_counter.max = KMEMCG_OBJ_COUNTER_MAX;
	g->obj_counter.bound_shift = PAGE_SHIFT;	/* memory.max is in pages */
	INIT_LIST_HEAD(&g->owners);
	INIT_LIST_HEAD(&g->dead_node);
	g->sink = KMEMCG_SINK_NONE;
	refcount_set(&g->refs, 1);
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

/**
 * kmemcg_group_kfree - free a group's struct (its owners are gone)
 * @g: the group
 *
 * Process context, groups mutex held; counted out of module_bytes.
 */
void kmemcg_group_kfree(struct kmemcg_group *g)
{
	atomic_long_sub(sizeof(*g), &kmemcg_stat.module_bytes);
	kfree(g->dead_path);
	kfree(g->name);
	kfree(g);
}

/**
 * kmemcg_group_put - drop a reference to a group
 * @g: the group, or NULL
 *
 * Process context, groups mutex held.  The last reference frees it, and
 * drops the one it held on its parent, up the tree.
 */
void kmemcg_group_put(struct kmemcg_group *g)
{
	while (g && refcount_dec_and_test(&g->refs)) {
		struct kmemcg_group *parent = g->parent;

		kmemcg_group_kfree(g);
		g = parent;
	}
}

/*
 * cgroup_mutex held, groups mutex not: the directory @name under @parent
 * belongs to a sibling whose css is being killed (rmdir then mkdir of the
 * same name, or -memory then +memory) but is not offline yet.  Its
 * directory goes now, so the new group can take the name; the rest of it
 * goes at its offline.
 */
static void kmemcg_group_take_name(struct kmemcg_group *parent, const char *name)
{
	struct kmemcg_group *old = kmemcg_group_files_lookup(parent, name);
	struct kmemcg_group *g, *a;
	struct dentry *dir = NULL;

	if (!old)
		return;
	mutex_lock(&kmemcg_groups_mutex);
	if (old->parent == parent && !old->dead && css_is_dying(&old->memcg->css)) {
		dir = old->dir;
		old->dir = NULL;
		/*
		 * Its descendants are being killed too but may not be offline
		 * yet (rmdir a/p/c; rmdir a/p; mkdir a/p): their directories go
		 * with this one, so none may keep a pointer to them.  Rare
		 * enough for a walk of every group.
		 */
		list_for_each_entry(g, &kmemcg_groups, node)
			for (a = g->parent; a; a = a->parent)
				if (a == old) {
					g->dir = NULL;
					break;
				}
	}
	mutex_unlock(&kmemcg_groups_mutex);
	kmemcg_group_files_remove_dir(dir);
}

/* cgroup_mutex held; @css's parent has a group: give @css one. */
static void kmemcg_group_create(struct cgroup_subsys_state *css)
{
	struct kmemcg_group *parent = xa_load(&kmemcg_groups_xa, css->parent->id);
	struct kmemcg_group *g;

	mutex_lock(&kmemcg_groups_mutex);
	g = kmemcg_group_alloc(parent, mem_cgroup_from_css(css));
	if (!g)
		goto unlock;
	/*
	 * The cgroup's name, copied while cgroup_mutex keeps it still (a
	 * rename frees the kernfs name): readers of the tree use the copy.
	 */
	g->name = kmemcg_fail_null(KMEMCG_FAULT_NAME, kstrdup(kmemcg_css_name(css), GFP_KERNEL));
	if (!g->name) {
		atomic_long_inc(&kmemcg_stat.internal_failures);
		kmemcg_owner_forget(g->owner);
		kmemcg_group_kfree(g);
		goto unlock;
	}
	if (kmemcg_fail_errno(KMEMCG_FAULT_INDEX,
			      xa_insert(&kmemcg_groups_xa, g->css_id, g, GFP_KERNEL))) {
		atomic_long_inc(&kmemcg_stat.internal_failures);
		kmemcg_owner_forget(g->owner);
		kmemcg_group_kfree(g);
		goto unlock;
	}
	refcount_inc(&parent->refs);
	list_add_tail(&g->node, &kmemcg_groups);
	kmemcg_ngroups++;
	mutex_unlock(&kmemcg_groups_mutex);

	/* Files outside the mutex: debugfs may wait for a reader holding it. */
	kmemcg_group_take_name(parent, g->name);
	kmemcg_group_files_create(g, g->name);
	return;
unlock:
	mutex_unlock(&kmemcg_groups_mutex);
}

/* cgroup_mutex held: make sure @css has a group, ancestors first. */
static void kmemcg_group_ensure(struct cgroup_subsys_state *css)
{
	struct cgroup_subsys_state *pos;

	while (!xa_load(&kmemcg_groups_xa, css->id)) {
		/* The topmost ancestor without a group (loading: rare). */
		for (pos = css; !xa_load(&kmemcg_groups_xa, pos->parent->id);
		     pos = pos->parent)
			;
		kmemcg_group_create(pos);
		if (!xa_load(&kmemcg_groups_xa, pos->id))
			return;		/* counted; charges go to the ancestor */
	}
}

/**
 * kmemcg_group_online - a memory cgroup came online: give it a group
 * @css: its memory css
 *
 * Process context, cgroup_mutex held (the mem_cgroup_css_online() hook).
 * Sleeps.  Its directory exists when this returns, so before the mkdir or
 * the cgroup.subtree_control write returns to user space.  An allocation
 * failure is counted; the cgroup is then accounted to its parent.
 */
void kmemcg_group_online(struct cgroup_subsys_state *css)
{
	if (css->parent)
		kmemcg_group_ensure(css);
}

/**
 * kmemcg_groups_init - the root group and the work queue
 *
 * Process context.  The other groups come with kmemcg_groups_populate(),
 * once the css hooks are in.
 * Return: 0, or a negative errno after one pr_err line.
 */
int kmemcg_groups_init(void)
{
	struct mem_cgroup **root_p = (void *)kmemcg_lookup_name("root_mem_cgroup");
	struct kmemcg_group *root;

	kmemcg_cgroup_mutex = (void *)kmemcg_lookup_name("cgroup_mutex");
	if (!root_p || !kmemcg_cgroup_mutex) {
		pr_err("cannot load: kernel symbol %s not found\n",
		       root_p ? "cgroup_mutex" : "root_mem_cgroup");
		return -ENOENT;
	}
	kmemcg_root_memcg = READ_ONCE(*root_p);
	if (!kmemcg_root_memcg) {
		pr_err("cannot load: the memory cgroup controller is disabled (cgroup_disable=memory?)\n");
		return -ENODEV;
	}
	kmemcg_owners_reap_start();
	kmemcg_groups_wq = kmemcg_fail_null(KMEMCG_FAULT_WORKQUEUE,
					    alloc_workqueue(KBUILD_MODNAME, WQ_UNBOUND, 0));
	if (!kmemcg_groups_wq) {
		pr_err("cannot load: no memory for the groups' workqueue\n");
		return -ENOMEM;
	}

	mutex_lock(&kmemcg_groups_mutex);
	root = kmemcg_group_alloc(NULL, kmemcg_root_memcg);
	if (!root)
		goto unlock;
	kmemcg_unattributed_owner = kmemcg_owner_new(root);
	if (!kmemcg_unattributed_owner)
		goto free_root;
	if (kmemcg_fail_errno(KMEMCG_FAULT_INDEX,
			      xa_insert(&kmemcg_groups_xa, root->css_id, root, GFP_KERNEL))) {
		atomic_long_inc(&kmemcg_stat.internal_failures);
		goto free_unattributed;
	}
	kmemcg_root_group = root;
	list_add(&root->node, &kmemcg_groups);
	kmemcg_ngroups = 1;
	mutex_unlock(&kmemcg_groups_mutex);
	kmemcg_group_files_create(root, KMEMCG_DIR_CGROUP);
	return 0;

free_unattributed:
	kmemcg_owner_forget(kmemcg_unattributed_owner);
	kmemcg_unattributed_owner = NULL;
free_root:
	kmemcg_owner_forget(root->owner);
	kmemcg_group_kfree(root);
unlock:
	mutex_unlock(&kmemcg_groups_mutex);
	destroy_workqueue(kmemcg_groups_wq);
	pr_err("cannot load: no memory for the root group\n");
	return -ENOMEM;
}

/**
 * kmemcg_groups_populate - a group for every memory cgroup online now
 *
 * Process context; takes cgroup_mutex, so no css comes online or goes
 * offline meanwhile.  Call once the css hooks are installed: a cgroup
 * made after this took the mutex gets its group from the hook.  A css
 * being killed (not offline yet) gets none: its charges go to its parent.
 */
void kmemcg_groups_populate(void)
{
	struct cgroup_subsys_state *pos;

	mutex_lock(kmemcg_cgroup_mutex);
	/* cgroup_mutex alone protects the walk (css_next_descendant_pre()). */
	css_for_each_descendant_pre(pos, &kmemcg_root_memcg->css)
		if (pos->parent && (pos->flags & CSS_ONLINE) && !css_is_dying(pos))
			kmemcg_group_ensure(pos);
	mutex_unlock(kmemcg_cgroup_mutex);
}

/**
 * kmemcg_groups_stop - stop the groups' background work, at unload
 *
 * Stops the dead-owner reaper, waits for the queue_rcu_work() callbacks
 * already queued (rcu_barrier()) and drains the groups' workqueue, so
 * every removed group's deferred free has run.  Call after every hook is
 * gone: no group is created or removed any more.
 *
 * Context: process context, at unload or on a failed load; sleeps.  Takes
 * no lock of its own.
 */
void kmemcg_groups_stop(void)
{
	kmemcg_owners_reap_stop();
	rcu_barrier();			/* queue_rcu_work()'s callbacks queued */
	drain_workqueue(kmemcg_groups_wq);
}

/**
 * kmemcg_groups_exit - free every group and owner, at unload
 *
 * Frees the dead groups, then the live ones, and their owners; pages
 * still owned are forgotten (their charges go with the groups).  Warns
 * once if a dead owner or an index entry is left.  Call after
 * kmemcg_groups_stop() and after the debugfs tree (with every group's
 * files) is gone.  Ends with rcu_barrier(), so kfree_rcu()'d owners are
 * gone before the module text is, and destroys the workqueue.
 *
 * Context: process context; sleeps.  Takes kmemcg_groups_mutex.
 */
void kmemcg_groups_exit(void)
{
	struct kmemcg_group *g, *tmp;
	struct kmemcg_owner *o, *otmp;

	mutex_lock(&kmemcg_groups_mutex);
	/* Dead ones first: putting them touches their ancestors. */
	list_for_each_entry_safe(g, tmp, &kmemcg_dead_groups, dead_node) {
		list_for_each_entry_safe(o, otmp, &g->owners, node)
			kmemcg_owner_forget(o);
		list_del_init(&g->dead_node);
		g->dead_dir = NULL;	/* removed with the whole tree */
		kmemcg_group_put(g);
	}
	kmemcg_ndead_groups = 0;
	list_for_each_entry_safe_reverse(g, tmp, &kmemcg_groups, node) {
		xa_erase(&kmemcg_groups_xa, g->css_id);
		list_for_each_entry_safe(o, otmp, &g->owners, node)
			kmemcg_owner_forget(o);
		list_del(&g->node);
		g->dir = NULL;		/* removed with the whole tree */
		kmemcg_group_kfree(g);
	}
	WARN_ONCE(kmemcg_groups_dead_owners(), "kmemcg: %lu dead owners left\n",
		  kmemcg_groups_dead_owners());
	kmemcg_root_group = NULL;
	kmemcg_unattributed_owner = NULL;
	kmemcg_ngroups = 0;
	mutex_unlock(&kmemcg_groups_mutex);
	/* kfree_rcu()'d owners must be gone before the module text is. */
	rcu_barrier();
	WARN_ONCE(!xa_empty(&kmemcg_groups_xa), "kmemcg: groups left in the index\n");
	xa_destroy(&kmemcg_groups_xa);
	destroy_workqueue(kmemcg_groups_wq);
}

/**
 * kmemcg_groups_count - the number of live groups, for the stat file
 *
 * Context: any; lockless, so a racy snapshot (READ_ONCE()).
 * Return: the groups of online memory cgroups, the root's included.
 */
unsigned long kmemcg_groups_count(void)
{
	return READ_ONCE(kmemcg_ngroups);
}
