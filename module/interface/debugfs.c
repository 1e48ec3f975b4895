// SPDX-License-Identifier: GPL-2.0
/*
 * The kmemcg/ debugfs directory and its top-level files: version, stat
 * and calls (slabinfo is slabinfo.c's, policy policy_file.c's, the
 * caches file caches.c's).
 * The per-cgroup tree under kmemcg/cgroup/ is cgroup_files.c's.
 *
 * Locking: the files read atomics and take kmemcg_groups_mutex (through
 * kmemcg_groups_dead_owners()) in process context.  debugfs removal waits
 * for readers, so module exit removes this tree before freeing anything a
 * reader could touch.
 */
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>
#include "charge.h"
#include "fault.h"
#include "group.h"
#include "hook.h"
#include "kmemcg.h"
#include "object.h"

struct dentry *kmemcg_debugfs_root;
struct dentry *kmemcg_debugfs_dead;

static int kmemcg_version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "kmemcg %s\nkernel %s\n", KMEMCG_VERSION, init_utsname()->release);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kmemcg_version);

static void kmemcg_stat_line(struct seq_file *m, const char *key, long val)
{
	seq_printf(m, "%s %ld\n", key, val);
}

/* The conservation figures, read in one pass (see files.h), the pseudo groups' included. */
struct kmemcg_sums {
	long root_pages, own_pages;		/* page view */
	long root_obj_bytes, own_view_bytes;	/* object view */
	long obj_bytes, obj_bytes_sum;		/* objects: global, groups' */
	long objects, obj_unattributed;
	/* pseudo groups: enforced-view usage, and their objects' bytes */
	long sink_bytes[KMEMCG_SINK_NR], sink_obj_bytes;
	long dead_bytes;			/* dead groups' own, enforced view */
};

/* Add @g's own figures to @s; under flat, its usage to the totals. */
static void kmemcg_sums_add(struct kmemcg_sums *s, struct kmemcg_group *g)
{
	long ob = atomic_long_read(&g->stat.object_bytes);

	s->own_pages += atomic_long_read(&g->stat.own_pages);
	s->obj_bytes_sum += ob;
	s->own_view_bytes += ob + (atomic_long_read(&g->stat.large_pages) << PAGE_SHIFT);
	if (kmemcg_flat() && g != kmemcg_root_group) {
		s->root_pages += kmemcg_counter_read(&g->counter);
		s->root_obj_bytes += kmemcg_counter_read(&g->obj_counter);
	}
}

/*
 * Every group's own figures of both views, summed in one pass with the
 * root's usage of each and the global object figures (the groups mutex
 * keeps the list still): a quiet system balances them exactly.  Dead
 * groups (on_delete=dead) count: they hold charges.  Under flat the
 * root's usage is its own only: the totals are every group's usage.
 */
static void kmemcg_sums(struct kmemcg_sums *s)
{
	struct kmemcg_group *g;
	int i;

	memset(s, 0, sizeof(*s));
	mutex_lock(&kmemcg_groups_mutex);
	s->root_pages = kmemcg_counter_read(&kmemcg_root_group->counter);
	s->root_obj_bytes = kmemcg_counter_read(&kmemcg_root_group->obj_counter);
	kmemcg_obj_stat_sum(&s->objects, &s->obj_bytes, &s->obj_unattributed);
	list_for_each_entry(g, &kmemcg_groups, node)
		kmemcg_sums_add(s, g);
	list_for_each_entry(g, &kmemcg_dead_groups, dead_node) {
		kmemcg_sums_add(s, g);
		s->dead_bytes += kmemcg_group_own_bytes(g);
	}
	for (i = 0; i < KMEMCG_SINK_NR; i++) {
		s->sink_bytes[i] = kmemcg_group_usage_bytes(kmemcg_sinks[i]);
		s->sink_obj_bytes += atomic_long_read(&kmemcg_sinks[i]->stat.object_bytes);
	}
	mutex_unlock(&kmemcg_groups_mutex);
}

/* The object figures: global ones, then the side table's memory. */
static void kmemcg_stat_objects(struct seq_file *m, const struct kmemcg_sums *sum,
				const struct kmemcg_objvec_usage *u)
{
	struct kmemcg_global_stat *s = &kmemcg_stat;

	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_CHARGED_BYTES, sum->root_obj_bytes);
	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_VIEW_SUM, sum->own_view_bytes);
	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_BYTES, sum->obj_bytes);
	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_BYTES_SUM, sum->obj_bytes_sum);
	kmemcg_stat_line(m, KMEMCG_STAT_SINK_OBJECT_BYTES, sum->sink_obj_bytes);
	kmemcg_stat_line(m, KMEMCG_STAT_TRACKED_OBJECTS, sum->objects);
	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_UNATTRIBUTED_BYTES, sum->obj_unattributed);
	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_RECORD_FAILURES,
			 atomic_long_read(&s->object_record_failures));
	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_UNTRACKED_FREES,
			 atomic_long_read(&s->object_untracked_frees));
	kmemcg_stat_line(m, KMEMCG_STAT_STALE_OBJECTS, atomic_long_read(&s->stale_objects));
	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_SLABS, u->slabs);
	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_SLOTS, u->slots);
	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_VECTOR_BYTES, u->vector_bytes);
	kmemcg_stat_line(m, KMEMCG_STAT_OBJECT_POOL_BYTES, u->pool_bytes);
}

static int kmemcg_stat_show(struct seq_file *m, void *v)
{
	struct kmemcg_global_stat *s = &kmemcg_stat;
	unsigned long table = kmemcg_owner_table_bytes();
	struct kmemcg_objvec_usage u;
	struct kmemcg_sums sum;

	kmemcg_sums(&sum);
	kmemcg_objvec_usage(&u);
	kmemcg_stat_line(m, KMEMCG_STAT_CHARGED_BYTES, sum.root_pages << PAGE_SHIFT);
	kmemcg_stat_line(m, KMEMCG_STAT_OWN_BYTES_SUM, sum.own_pages << PAGE_SHIFT);
	kmemcg_stat_line(m, KMEMCG_STAT_TRACKED_PAGES, atomic_long_read(&s->tracked_pages));
	kmemcg_stat_line(m, KMEMCG_STAT_TRACKED_BYTES,
			 atomic_long_read(&s->tracked_pages) << PAGE_SHIFT);
	kmemcg_stat_line(m, KMEMCG_STAT_UNATTRIBUTED_BYTES,
			 atomic_long_read(&s->unattributed_pages) << PAGE_SHIFT);
	kmemcg_stat_line(m, KMEMCG_STAT_UNTRACKED_FREES, atomic_long_read(&s->untracked_frees));
	kmemcg_stat_line(m, KMEMCG_STAT_BEYOND_TABLE, atomic_long_read(&s->beyond_table));
	kmemcg_stat_line(m, KMEMCG_STAT_STALE_ENTRIES, atomic_long_read(&s->stale_entries));
	kmemcg_stat_line(m, KMEMCG_STAT_REFUSED, atomic_long_read(&s->refused));
	kmemcg_stat_line(m, KMEMCG_STAT_BYPASSED, atomic_long_read(&s->bypassed));
	kmemcg_stat_line(m, KMEMCG_STAT_STUCK_FORCED, atomic_long_read(&s->stuck_forced));
	kmemcg_stat_line(m, KMEMCG_STAT_UNACCOUNTED_FORCED,
			 atomic_long_read(&s->unaccounted_forced));
	kmemcg_stat_line(m, KMEMCG_STAT_WOULD_FAIL, atomic_long_read(&s->would_fail));
	kmemcg_stat_line(m, KMEMCG_STAT_RECLAIM_ATTEMPTS, atomic_long_read(&s->reclaim_attempts));
	kmemcg_stat_line(m, KMEMCG_STAT_RECLAIM_SUCCESSES,
			 atomic_long_read(&s->reclaim_successes));
	kmemcg_stat_line(m, KMEMCG_STAT_RECLAIMED_BYTES, atomic_long_read(&s->reclaimed_bytes));
	kmemcg_stat_line(m, KMEMCG_STAT_RESERVE_USED, atomic_long_read(&s->reserve_charges));
	kmemcg_stat_line(m, KMEMCG_STAT_RESERVE_REFUSALS,
			 atomic_long_read(&s->reserve_refusals));
	kmemcg_stat_line(m, KMEMCG_STAT_GROUPS, kmemcg_groups_count());
	kmemcg_stat_line(m, KMEMCG_STAT_DEAD_OWNERS, kmemcg_groups_dead_owners());
	kmemcg_stat_line(m, KMEMCG_STAT_UNSCOPED_BYTES, sum.sink_bytes[KMEMCG_SINK_UNSCOPED]);
	kmemcg_stat_line(m, KMEMCG_STAT_UNACCOUNTED_BYTES,
			 sum.sink_bytes[KMEMCG_SINK_UNACCOUNTED]);
	kmemcg_stat_line(m, KMEMCG_STAT_DEAD_GROUPS, kmemcg_groups_dead_count());
	kmemcg_stat_line(m, KMEMCG_STAT_DEAD_BYTES, sum.dead_bytes);
	kmemcg_stat_line(m, KMEMCG_STAT_OWNER_ENTRIES, atomic_long_read(&s->entries));
	kmemcg_stat_line(m, KMEMCG_STAT_OWNER_TABLE_BYTES, table);
	kmemcg_stat_line(m, KMEMCG_STAT_MODULE_BYTES,
			 table + atomic_long_read(&s->module_bytes) + u.pool_bytes);
	kmemcg_stat_line(m, KMEMCG_STAT_INTERNAL_FAILURES,
			 atomic_long_read(&s->internal_failures));
	kmemcg_stat_objects(m, &sum, &u);
	kmemcg_fault_show(m);
	kmemcg_hooks_show(m, &kmemcg_slab_hook_set);
	kmemcg_hooks_show(m, &kmemcg_cgroup_hook_set);
	kmemcg_hooks_show(m, &kmemcg_object_hook_set);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kmemcg_stat);

/* Every kernel function the module calls by name, and how (hook.h). */
static int kmemcg_calls_show(struct seq_file *m, void *v)
{
	seq_puts(m, KMEMCG_CALLS_HEADER "\n");
	kmemcg_symbols_show_calls(m);
	kmemcg_hooks_show_calls(m, &kmemcg_slab_hook_set);
	kmemcg_hooks_show_calls(m, &kmemcg_cgroup_hook_set);
	kmemcg_hooks_show_calls(m, &kmemcg_object_hook_set);
	kmemcg_reclaim_show_calls(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kmemcg_calls);

/**
 * kmemcg_debugfs_dir - make a debugfs directory of the module's
 * @name: its name
 * @parent: where, NULL for the debugfs root
 *
 * Unlike debugfs_create_dir()'s callers at large, the module checks: a
 * directory it cannot make is counted in internal_alloc_failures (for any
 * reason: no memory, or the name taken), and what would have gone in it
 * is not made (kmemcg_debugfs_file() under an error does nothing).  A
 * @parent that is an error was counted when it failed: the same error,
 * not counted again.
 *
 * Context: process context; sleeps.
 * Return: the directory, or an ERR_PTR().
 */
struct dentry *kmemcg_debugfs_dir(const char *name, struct dentry *parent)
{
	struct dentry *d;

	if (IS_ERR(parent))
		return parent;
	d = kmemcg_should_fail(KMEMCG_FAULT_DEBUGFS) ? ERR_PTR(-ENOMEM) :
						      debugfs_create_dir(name, parent);
	if (IS_ERR(d))
		atomic_long_inc(&kmemcg_stat.internal_failures);
	return d;
}

/**
 * kmemcg_debugfs_file - make a debugfs file of the module's
 * @name: its name
 * @mode: its mode
 * @parent: its directory: nothing is made under an error (counted already)
 * @data: its i_private
 * @fops: its file operations
 *
 * A file that cannot be made is counted in internal_alloc_failures; the
 * module goes on without it.
 *
 * Context: process context; sleeps.
 */
void kmemcg_debugfs_file(const char *name, umode_t mode, struct dentry *parent, void *data,
			 const struct file_operations *fops)
{
	struct dentry *d;

	if (IS_ERR(parent))
		return;
	d = kmemcg_should_fail(KMEMCG_FAULT_DEBUGFS) ? ERR_PTR(-ENOMEM) :
						      debugfs_create_file(name, mode, parent,
									  data, fops);
	if (IS_ERR(d))
		atomic_long_inc(&kmemcg_stat.internal_failures);
}

/**
 * kmemcg_debugfs_init - create the kmemcg/ debugfs directory, at load
 *
 * Creates kmemcg/ with its top-level files (version, stat, slabinfo,
 * calls and caches read-only to root, policy read-write to root) and the
 * dead/ directory.  A file or dead/ that cannot be
 * made is counted (kmemcg_debugfs_file()); the module goes on without it.
 *
 * Context: process context, at load; sleeps.
 * Return: 0, or debugfs_create_dir()'s error after one pr_err line:
 * -EPERM when debugfs=off (start_creating() in fs/debugfs/inode.c),
 * -ENOENT before debugfs is up, -EEXIST when
 * kmemcg/ is already there, -ENOMEM.
 */
int kmemcg_debugfs_init(void)
{
	kmemcg_debugfs_root = kmemcg_debugfs_dir(KMEMCG_DIR, NULL);
	if (IS_ERR(kmemcg_debugfs_root)) {
		pr_err(KBUILD_MODNAME ": cannot load: debugfs directory %s: %ld\n",
		       KMEMCG_DIR, PTR_ERR(kmemcg_debugfs_root));
		return PTR_ERR(kmemcg_debugfs_root);
	}
	kmemcg_debugfs_file(KMEMCG_FILE_VERSION, 0400, kmemcg_debugfs_root, NULL,
			    &kmemcg_version_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_STAT, 0400, kmemcg_debugfs_root, NULL,
			    &kmemcg_stat_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_ALL_SLABINFO, 0400, kmemcg_debugfs_root, NULL,
			    &kmemcg_slabinfo_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_CALLS, 0400, kmemcg_debugfs_root, NULL,
			    &kmemcg_calls_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_CACHES, 0400, kmemcg_debugfs_root, NULL,
			    &kmemcg_caches_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_POLICY, 0600, kmemcg_debugfs_root, NULL,
			    &kmemcg_policy_fops);
	kmemcg_debugfs_dead = kmemcg_debugfs_dir(KMEMCG_DIR_DEAD, kmemcg_debugfs_root);
	return 0;
}

/**
 * kmemcg_debugfs_exit - remove the kmemcg/ debugfs tree, at unload
 *
 * Removes everything under kmemcg/, the groups' directories too, and
 * returns once no reader is left in its files (debugfs_remove() waits),
 * so what they read may be freed afterwards.
 *
 * Context: process context, at unload or on a failed load; sleeps.  Call
 * without kmemcg_groups_mutex: the files' readers take it.
 */
void kmemcg_debugfs_exit(void)
{
	debugfs_remove(kmemcg_debugfs_root);
	kmemcg_debugfs_root = NULL;
	kmemcg_debugfs_dead = NULL;
}
