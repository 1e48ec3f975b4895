// SPDX-License-Identifier: GPL-2.0
/*
 * Hooks on the memory controller's own per-cgroup lifecycle, so that groups
 * follow memory cgroups exactly (group.c): mem_cgroup_css_online() runs
 * when a memory css comes online (mkdir in a cgroup whose parent enables
 * memory, or +memory written to a cgroup.subtree_control), and
 * mem_cgroup_css_offline() when it goes (rmdir, or -memory), children
 * before parents.  Both are static functions of mm/memcontrol.c, reached
 * through memory_cgrp_subsys's function pointers; ftrace can hook them on
 * every supported line.  The originals are called through static calls,
 * never through pointers (IBT: see hook.h).
 *
 * The wrappers run in process context with cgroup_mutex held by the
 * kernel (online_css(), offline_css()), and may sleep; see group.c for
 * lock nesting.  css_online runs inside the mkdir or subtree_control
 * write, so a group's directory exists before that returns to user space.
 */
#include <linux/cgroup.h>
#include "group.h"
#include "hook.h"
#include "kmemcg.h"

enum { HOOK_CSS_ONLINE, HOOK_CSS_OFFLINE };
static struct kmemcg_hook kmemcg_cgroup_hooks[];

static int kmemcg_css_online(struct cgroup_subsys_state *css);
static void kmemcg_css_offline(struct cgroup_subsys_state *css);
KMEMCG_DEFINE_ORIG(css_online, kmemcg_css_online);
KMEMCG_DEFINE_ORIG(css_offline, kmemcg_css_offline);

static int kmemcg_css_online(struct cgroup_subsys_state *css)
{
	int ret;

	kmemcg_hook_enter(&kmemcg_cgroup_hooks[HOOK_CSS_ONLINE]);
	ret = KMEMCG_CALL_ORIG(css_online)(css);
	if (!ret)
		kmemcg_group_online(css);
	kmemcg_hook_exit();
	return ret;
}

static void kmemcg_css_offline(struct cgroup_subsys_state *css)
{
	kmemcg_hook_enter(&kmemcg_cgroup_hooks[HOOK_CSS_OFFLINE]);
	KMEMCG_CALL_ORIG(css_offline)(css);
	kmemcg_group_offline(css);
	kmemcg_hook_exit();
}

static struct kmemcg_hook kmemcg_cgroup_hooks[] = {
	[HOOK_CSS_ONLINE] = KMEMCG_HOOK(css_online, kmemcg_css_online, 1,
					"mem_cgroup_css_online"),
	[HOOK_CSS_OFFLINE] = KMEMCG_HOOK(css_offline, kmemcg_css_offline, 1,
					 "mem_cgroup_css_offline"),
};

struct kmemcg_hook_set kmemcg_cgroup_hook_set = {
	.hooks = kmemcg_cgroup_hooks,
	.n = ARRAY_SIZE(kmemcg_cgroup_hooks),
};
