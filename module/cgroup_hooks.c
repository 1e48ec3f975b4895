// SPDX-License-Identifier: GPL-2.0
/*
 * Hooks on cgroup creation and removal, so that a group and its debugfs
 * directory exist before mkdir returns to user space (no task can be moved
 * into the cgroup before that) and go away when rmdir does.
 *
 * The wrappers run in the mkdir/rmdir system call, in process context,
 * with the parent directory's inode lock held by the VFS and no cgroup
 * lock (cgroup_mkdir/rmdir take and drop cgroup_mutex themselves), so
 * kmemcg_groups_sync() may sleep here; see group.c for lock nesting.
 */
#include <linux/kernfs.h>
#include "group.h"
#include "hook.h"
#include "kmemcg.h"

enum { HOOK_MKDIR, HOOK_RMDIR };
static struct kmemcg_hook kmemcg_cgroup_hooks[];

static int kmemcg_cgroup_mkdir(struct kernfs_node *parent_kn, const char *name,
			       umode_t mode);
static int kmemcg_cgroup_rmdir(struct kernfs_node *kn);
KMEMCG_DEFINE_ORIG(cgroup_mkdir, kmemcg_cgroup_mkdir);
KMEMCG_DEFINE_ORIG(cgroup_rmdir, kmemcg_cgroup_rmdir);

static int kmemcg_cgroup_mkdir(struct kernfs_node *parent_kn, const char *name,
			       umode_t mode)
{
	int ret;

	kmemcg_hook_enter(&kmemcg_cgroup_hooks[HOOK_MKDIR]);
	ret = KMEMCG_CALL_ORIG(cgroup_mkdir)(parent_kn, name, mode);
	if (!ret)
		kmemcg_groups_sync();
	kmemcg_hook_exit();
	return ret;
}

static int kmemcg_cgroup_rmdir(struct kernfs_node *kn)
{
	int ret;

	kmemcg_hook_enter(&kmemcg_cgroup_hooks[HOOK_RMDIR]);
	ret = KMEMCG_CALL_ORIG(cgroup_rmdir)(kn);
	if (!ret)
		kmemcg_groups_sync();
	kmemcg_hook_exit();
	return ret;
}

static struct kmemcg_hook kmemcg_cgroup_hooks[] = {
	[HOOK_MKDIR] = KMEMCG_HOOK(cgroup_mkdir, kmemcg_cgroup_mkdir, "cgroup_mkdir"),
	[HOOK_RMDIR] = KMEMCG_HOOK(cgroup_rmdir, kmemcg_cgroup_rmdir, "cgroup_rmdir"),
};

struct kmemcg_hook_set kmemcg_cgroup_hook_set = {
	.hooks = kmemcg_cgroup_hooks,
	.n = ARRAY_SIZE(kmemcg_cgroup_hooks),
};
