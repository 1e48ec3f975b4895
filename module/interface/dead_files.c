// SPDX-License-Identifier: GPL-2.0
/*
 * dead/<N>/: a group removed under on_delete=dead (group.c), listed until
 * its last page or object is freed, as 002's dead caches were.  Names in
 * include/kmemcg/files.h: an info file (its cgroup path at removal, when,
 * its age, the bytes still charged to it), and the read-only files of a
 * live group's directory that still mean something: memory.kmem.stat,
 * memory.kmem.slabinfo and memory.kmem.usage_in_bytes (the same file
 * operations, cgroup_files.c and slabinfo.c).
 *
 * Locking: none taken.  The directory is made by the removal (cgroup_mutex
 * held, kmemcg_groups_mutex not) before the group's own owner dies, and
 * removed (waiting for readers) before the group is freed (group.c,
 * kmemcg_groups_dead_done()), so i_private's group lives as long as the
 * files.  dead_seq, removed_ns and dead_path are set before the files
 * exist and never change.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/timekeeping.h>
#include "group.h"
#include "kmemcg.h"

static int kmemcg_dead_info_show(struct seq_file *m, void *v)
{
	struct kmemcg_group *g = m->private;
	u64 now = ktime_get_boottime_ns();

	seq_printf(m, "%s %s\n", KMEMCG_DEAD_PATH, g->dead_path);
	seq_printf(m, "%s %llu\n", KMEMCG_DEAD_REMOVED, g->removed_ns / NSEC_PER_SEC);
	seq_printf(m, "%s %llu\n", KMEMCG_DEAD_AGE,
		   (now > g->removed_ns ? now - g->removed_ns : 0) / NSEC_PER_SEC);
	seq_printf(m, "%s %lu\n", KMEMCG_DEAD_BYTES, kmemcg_group_own_bytes(g));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kmemcg_dead_info);

/**
 * kmemcg_dead_files_create - dead/<N>/ of a group just removed
 * @g: the group, with dead_seq, removed_ns and dead_path set
 *
 * Process context, cgroup_mutex held, kmemcg_groups_mutex not held (group.c,
 * kmemcg_group_offline()).  Sets @g->dead_dir.  debugfs failures are not
 * fatal (counted, kmemcg_debugfs_dir()): the group still accounts and
 * still goes when empty.
 */
void kmemcg_dead_files_create(struct kmemcg_group *g)
{
	char name[24];
	struct dentry *d;

	snprintf(name, sizeof(name), "%lu", g->dead_seq);
	d = kmemcg_debugfs_dir(name, kmemcg_debugfs_dead);
	g->dead_dir = d;
	kmemcg_debugfs_file(KMEMCG_FILE_DEAD_INFO, 0400, d, g, &kmemcg_dead_info_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_USAGE, 0400, d, g, kmemcg_usage_file_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_CGROUP_STAT, 0400, d, g, kmemcg_cgroup_stat_file_fops);
	kmemcg_debugfs_file(KMEMCG_FILE_SLABINFO, 0400, d, g, &kmemcg_slabinfo_fops);
}
