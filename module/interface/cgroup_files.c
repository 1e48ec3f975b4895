// SPDX-License-Identifier: GPL-2.0
/*
 * A group's debugfs directory, kmemcg/cgroup/<path>/, and its memory.kmem.*
 * files (names in include/kmemcg/files.h).
 *
 * The limit files show the view limits are enforced against (kmemcg/
 * policy.h): the page view under page granularity, the object view under
 * object, shadow_enforce's under shadow.  A limit is set in both views'
 * counters, so a switch of shadow_enforce keeps it: the enforced view's
 * is set like upstream's (EBUSY below its usage), the other's whatever
 * its usage.
 *
 * Locking: kmemcg_limit_lock (spinlock) serialises changes of a group's
 * limit, reserve and independent_kmem_limit.  File operations never take
 * cgroup_mutex (directly, or through cgroup_path() and the like): group
 * removal holds it while debugfs waits for running file operations to
 * finish, so taking it here would deadlock.  Removal frees a group only
 * after its files are gone, so file operations may use i_private's group
 * freely; its memcg is valid as long as its files exist.
 */
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/memcontrol.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include "kmemcg/policy.h"
#include "kmemcg/size.h"
#include "group.h"
#include "kmemcg.h"

static DEFINE_SPINLOCK(kmemcg_limit_lock);

/* Copy a short write from user space; the caller's errno on failure. */
static ssize_t kmemcg_copy_write(char *buf, size_t size, const char __user *ubuf,
				 size_t len)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (len >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	return len;
}

#define KMEMCG_GROUP_FILE(name, write_fn)					\
static int name##_open(struct inode *inode, struct file *file)		\
{									\
	return single_open(file, name##_show, inode->i_private);	\
}									\
static const struct file_operations name##_fops = {			\
	.owner = THIS_MODULE,						\
	.open = name##_open,						\
	.read = seq_read,						\
	.write = write_fn,						\
	.llseek = seq_lseek,						\
	.release = single_release,					\
}

static struct kmemcg_group *kmemcg_file_group(struct file *file)
{
	return ((struct seq_file *)file->private_data)->private;
}

/* Reads only; writes are refused before anything else is looked at. */
static ssize_t kmemcg_no_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	return capable(CAP_SYS_ADMIN) ? -EINVAL : -EPERM;
}

static int kmemcg_usage_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%lu\n", kmemcg_group_usage_bytes(m->private));
	return 0;
}

KMEMCG_GROUP_FILE(kmemcg_usage, kmemcg_no_write);

/* The counter of the view the limit files show, and that view. */
static struct kmemcg_counter *kmemcg_file_counter(struct kmemcg_group *g,
						  enum kmemcg_view *v)
{
	*v = kmemcg_policy_enforced_view(kmemcg_policy);
	return kmemcg_group_counter(g, *v);
}

static int kmemcg_limit_show(struct seq_file *m, void *v)
{
	enum kmemcg_view view;
	struct kmemcg_counter *c = kmemcg_file_counter(m->private, &view);

	seq_printf(m, "%lu\n", kmemcg_view_bytes(view, READ_ONCE(c->max)));
	return 0;
}

/*
 * The size written to a limit-like file of @g (limit_in_bytes,
 * reserve_in_bytes), in pages: bytes with an optional suffix, rounded
 * down; "max", -1 or anything too big is KMEMCG_COUNTER_MAX ("no
 * limit"), as upstream.  Return: 0, the copy's errno, or -EINVAL for junk
 * or the root group (which has neither).
 */
static ssize_t kmemcg_size_write(struct kmemcg_group *g, const char __user *ubuf,
				 size_t len, unsigned long *pages)
{
	bool unlimited;
	char buf[64];
	ssize_t ret;
	u64 bytes;

	ret = kmemcg_copy_write(buf, sizeof(buf), ubuf, len);
	if (ret < 0)
		return ret;
	if (g == kmemcg_root_group)
		return -EINVAL;
	if (kmemcg_parse_size(buf, len, &bytes, &unlimited))
		return -EINVAL;
	*pages = unlimited ? KMEMCG_COUNTER_MAX :
		 min_t(u64, bytes >> PAGE_SHIFT, KMEMCG_COUNTER_MAX);
	return 0;
}

/* kmemcg_limit_lock held: set @pages as the limit of both views. */
static int kmemcg_set_limit(struct kmemcg_group *g, unsigned long pages)
{
	enum kmemcg_view v = kmemcg_policy_enforced_view(kmemcg_policy);
	unsigned long bytes = pages == KMEMCG_COUNTER_MAX ? KMEMCG_OBJ_COUNTER_MAX :
			      pages << PAGE_SHIFT;
	int ret;

	if (v == KMEMCG_VIEW_PAGE) {
		ret = kmemcg_counter_set_max(&g->counter, pages);
		if (!ret)
			kmemcg_counter_force_max(&g->obj_counter, bytes);
	} else {
		ret = kmemcg_counter_set_max(&g->obj_counter, bytes);
		if (!ret)
			kmemcg_counter_force_max(&g->counter, pages);
	}
	return ret;
}

static ssize_t kmemcg_limit_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	struct kmemcg_group *g = kmemcg_file_group(file);
	unsigned long pages;
	ssize_t ret;

	ret = kmemcg_size_write(g, ubuf, len, &pages);
	if (ret)
		return ret;
	spin_lock(&kmemcg_limit_lock);
	ret = g->independent ? kmemcg_set_limit(g, pages) : -EINVAL;
	spin_unlock(&kmemcg_limit_lock);
	return ret ? ret : len;
}

KMEMCG_GROUP_FILE(kmemcg_limit, kmemcg_limit_write);

/* The reserve in the limit files' view; "max" reads back as the limit's does. */
static int kmemcg_reserve_show(struct seq_file *m, void *v)
{
	enum kmemcg_view view;
	struct kmemcg_counter *c = kmemcg_file_counter(m->private, &view);

	seq_printf(m, "%lu\n", kmemcg_view_bytes(view, READ_ONCE(c->reserve)));
	return 0;
}

/*
 * Seed 003's critical reserve: parsed, rounded and refused exactly as
 * limit_in_bytes (EPERM without CAP_SYS_ADMIN, EINVAL for junk, a write
 * too long, or the root group; nothing changes on error).  Unlike the
 * limit it is never refused for the usage (kmemcg_counter_set_reserve())
 * nor under independent_kmem_limit=0: it is room above whichever limit
 * is in force.  Set in both views' counters, as the limit is.
 */
static ssize_t kmemcg_reserve_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	struct kmemcg_group *g = kmemcg_file_group(file);
	unsigned long pages;
	ssize_t ret;

	ret = kmemcg_size_write(g, ubuf, len, &pages);
	if (ret)
		return ret;
	spin_lock(&kmemcg_limit_lock);
	kmemcg_counter_set_reserve(&g->counter, pages);
	kmemcg_counter_set_reserve(&g->obj_counter, pages == KMEMCG_COUNTER_MAX ?
				   KMEMCG_OBJ_COUNTER_MAX : pages << PAGE_SHIFT);
	spin_unlock(&kmemcg_limit_lock);
	return len;
}

KMEMCG_GROUP_FILE(kmemcg_reserve, kmemcg_reserve_write);

static int kmemcg_max_usage_show(struct seq_file *m, void *v)
{
	enum kmemcg_view view;
	struct kmemcg_counter *c = kmemcg_file_counter(m->private, &view);

	seq_printf(m, "%lu\n", kmemcg_view_bytes(view, READ_ONCE(c->watermark)));
	return 0;
}

static ssize_t kmemcg_max_usage_write(struct file *file, const char __user *ubuf,
				      size_t len, loff_t *ppos)
{
	char buf[64];
	ssize_t ret = kmemcg_copy_write(buf, sizeof(buf), ubuf, len);

	if (ret < 0)
		return ret;
	kmemcg_counter_reset_watermark(&kmemcg_file_group(file)->counter);
	kmemcg_counter_reset_watermark(&kmemcg_file_group(file)->obj_counter);
	return len;
}

KMEMCG_GROUP_FILE(kmemcg_max_usage, kmemcg_max_usage_write);

static int kmemcg_failcnt_show(struct seq_file *m, void *v)
{
	enum kmemcg_view view;
	struct kmemcg_counter *c = kmemcg_file_counter(m->private, &view);

	seq_printf(m, "%lu\n", atomic_long_read(&c->failcnt));
	return 0;
}

static ssize_t kmemcg_failcnt_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	char buf[64];
	ssize_t ret = kmemcg_copy_write(buf, sizeof(buf), ubuf, len);

	if (ret < 0)
		return ret;
	atomic_long_set(&kmemcg_file_group(file)->counter.failcnt, 0);
	atomic_long_set(&kmemcg_file_group(file)->obj_counter.failcnt, 0);
	return len;
}

KMEMCG_GROUP_FILE(kmemcg_failcnt, kmemcg_failcnt_write);

static int kmemcg_independent_show(struct seq_file *m, void *v)
{
	struct kmemcg_group *g = m->private;

	seq_printf(m, "%d\n", READ_ONCE(g->independent));
	return 0;
}

/*
 * 002: "1" enforces limit_in_bytes on its own; "0" removes the kmem limit
 * and bounds kmem by the memory cgroup's own limit (memory.max) instead.
 * A change either way leaves no kmem limit ("max").  Anything else ("1"
 * followed by a NUL and junk included), or the root group: EINVAL.
 */
static ssize_t kmemcg_independent_write(struct file *file, const char __user *ubuf,
					size_t len, loff_t *ppos)
{
	struct kmemcg_group *g = kmemcg_file_group(file);
	char buf[8];
	ssize_t ret;
	bool on;

	ret = kmemcg_copy_write(buf, sizeof(buf), ubuf, len);
	if (ret < 0)
		return ret;
	if (g == kmemcg_root_group)
		return -EINVAL;
	/* Exactly "0" or "1", one newline allowed: the length says, not a NUL */
	if ((len != 1 && (len != 2 || buf[1] != '\n')) || (buf[0] != '0' && buf[0] != '1'))
		return -EINVAL;
	on = buf[0] == '1';

	spin_lock(&kmemcg_limit_lock);
	if (on != g->independent) {
		WRITE_ONCE(g->counter.max, KMEMCG_COUNTER_MAX);
		WRITE_ONCE(g->counter.bound, on ? NULL : &g->memcg->memory.max);
		WRITE_ONCE(g->obj_counter.max, KMEMCG_OBJ_COUNTER_MAX);
		WRITE_ONCE(g->obj_counter.bound, on ? NULL : &g->memcg->memory.max);
		WRITE_ONCE(g->independent, on);
	}
	spin_unlock(&kmemcg_limit_lock);
	return len;
}

KMEMCG_GROUP_FILE(kmemcg_independent, kmemcg_independent_write);

static void kmemcg_cstat(struct seq_file *m, const char *key, long val)
{
	seq_printf(m, "%s %ld\n", key, val);
}

static int kmemcg_cgroup_stat_show(struct seq_file *m, void *v)
{
	struct kmemcg_group_stat *s = &((struct kmemcg_group *)m->private)->stat;
	enum kmemcg_view view;
	struct kmemcg_counter *c = kmemcg_file_counter(m->private, &view);

	kmemcg_cstat(m, KMEMCG_CSTAT_OWN_BYTES,
		     atomic_long_read(&s->own_pages) << PAGE_SHIFT);
	kmemcg_cstat(m, KMEMCG_CSTAT_SLAB_PAGES, atomic_long_read(&s->slab_pages));
	kmemcg_cstat(m, KMEMCG_CSTAT_LARGE_BYTES,
		     atomic_long_read(&s->large_pages) << PAGE_SHIFT);
	kmemcg_cstat(m, KMEMCG_CSTAT_CHARGES, atomic_long_read(&s->charges));
	kmemcg_cstat(m, KMEMCG_CSTAT_UNCHARGES, atomic_long_read(&s->uncharges));
	kmemcg_cstat(m, KMEMCG_CSTAT_FAILURES, atomic_long_read(&s->failures));
	kmemcg_cstat(m, KMEMCG_CSTAT_BYPASSED, atomic_long_read(&s->bypassed));
	kmemcg_cstat(m, KMEMCG_CSTAT_BYPASSED_BYTES, atomic_long_read(&s->bypassed_bytes));
	kmemcg_cstat(m, KMEMCG_CSTAT_STUCK_FORCED, atomic_long_read(&s->stuck_forced));
	kmemcg_cstat(m, KMEMCG_CSTAT_UNACCOUNTED_FORCED,
		     atomic_long_read(&s->unaccounted_forced));
	kmemcg_cstat(m, KMEMCG_CSTAT_UNACCOUNTED_FORCED_BYTES,
		     atomic_long_read(&s->unaccounted_forced_bytes));
	kmemcg_cstat(m, KMEMCG_CSTAT_REPARENTED_BYTES,
		     atomic_long_read(&s->reparented_pages) << PAGE_SHIFT);
	kmemcg_cstat(m, KMEMCG_CSTAT_OBJECT_BYTES, atomic_long_read(&s->object_bytes));
	kmemcg_cstat(m, KMEMCG_CSTAT_OBJECTS, atomic_long_read(&s->objects));
	kmemcg_cstat(m, KMEMCG_CSTAT_OBJECT_CHARGES, atomic_long_read(&s->object_charges));
	kmemcg_cstat(m, KMEMCG_CSTAT_OBJECT_UNCHARGES, atomic_long_read(&s->object_uncharges));
	kmemcg_cstat(m, KMEMCG_CSTAT_WOULD_FAIL, atomic_long_read(&s->would_fail));
	kmemcg_cstat(m, KMEMCG_CSTAT_RECLAIM_ATTEMPTS, atomic_long_read(&s->reclaim_attempts));
	kmemcg_cstat(m, KMEMCG_CSTAT_RECLAIM_SUCCESSES, atomic_long_read(&s->reclaim_successes));
	kmemcg_cstat(m, KMEMCG_CSTAT_RECLAIMED_BYTES, atomic_long_read(&s->reclaimed_bytes));
	kmemcg_cstat(m, KMEMCG_CSTAT_RESERVE_USED_BYTES,
		     kmemcg_view_bytes(view, kmemcg_counter_reserve_used(c)));
	kmemcg_cstat(m, KMEMCG_CSTAT_RESERVE_USED, atomic_long_read(&s->reserve_charges));
	kmemcg_cstat(m, KMEMCG_CSTAT_RESERVE_REFUSALS, atomic_long_read(&s->reserve_refusals));
	return 0;
}

KMEMCG_GROUP_FILE(kmemcg_cgroup_stat, kmemcg_no_write);

/* For dead_files.c: a dead group's directory keeps these two. */
const struct file_operations *const kmemcg_usage_file_fops = &kmemcg_usage_fops;
const struct file_operations *const kmemcg_cgroup_stat_file_fops = &kmemcg_cgroup_stat_fops;

/**
 * kmemcg_group_files_create - a group's directory and files
 * @g: the group; its parent's directory exists
 * @name: the directory's name
 *
 * Process context, cgroup_mutex held (group.c), kmemcg_groups_mutex not
 * held.  debugfs failures are not fatal: counted (kmemcg_debugfs_dir()),
 * and the group still accounts, without the files it could not have
 * (under a directory that failed, its children's go missing too).
 */
void kmemcg_group_files_create(struct kmemcg_group *g, const char *name)
{
	struct dentry *parent = g->parent ? g->parent->dir : kmemcg_debugfs_root;
	struct dentry *d;

	d = kmemcg_debugfs_dir(name, parent);
	g->dir = d;
	kmemcg_debugfs_file(KMEMCG_FILE_USAGE, 0400, d, g, &kmemcg_usage_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_LIMIT, 0600, d, g, &kmemcg_limit_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_MAX_USAGE, 0600, d, g, &kmemcg_max_usage_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_FAILCNT, 0600, d, g, &kmemcg_failcnt_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_INDEPENDENT, 0600, d, g, &kmemcg_independent_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_RESERVE, 0600, d, g, &kmemcg_reserve_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_CGROUP_STAT, 0400, d, g, &kmemcg_cgroup_stat_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_SLABINFO, 0400, d, g, &kmemcg_slabinfo_fops);
}

/**
 * kmemcg_group_files_lookup - the group whose directory is @name under @parent's
 * @parent: a group
 * @name: a directory name
 *
 * Process context, cgroup_mutex held, so the group found is not removed
 * meanwhile (its directory goes at its offline, under that mutex).  Every
 * file of a group's directory has the group as i_private.
 * Return: the group, or NULL when there is no such directory.
 */
struct kmemcg_group *kmemcg_group_files_lookup(struct kmemcg_group *parent,
					       const char *name)
{
	struct kmemcg_group *g = NULL;
	struct dentry *dir, *f;

	if (IS_ERR_OR_NULL(parent->dir))
		return NULL;
	dir = debugfs_lookup(name, parent->dir);
	if (!dir)
		return NULL;
	f = debugfs_lookup(KMEMCG_FILE_USAGE, dir);
	if (f) {
		g = d_inode(f)->i_private;
		dput(f);
	}
	dput(dir);
	return g;
}

/**
 * kmemcg_group_files_remove_dir - remove a group's directory
 * @dir: the directory, taken off its group (NULL: nothing to do)
 *
 * Process context, kmemcg_groups_mutex not held: waits for running file
 * operations on the group's files, which never take that mutex.
 */
void kmemcg_group_files_remove_dir(struct dentry *dir)
{
	debugfs_remove(dir);
}
