// SPDX-License-Identifier: GPL-2.0
/*
 * Pseudo groups: charges that belong to no memory cgroup.  Pages and
 * objects out of scope (scope=list, scope=kernel) are recorded with the
 * unscoped group's owner, and those of cgroups removed under
 * on_delete=unaccount end with the unaccounted group's, so that their
 * frees find an owner to uncharge and the top-level slabinfo can show them
 * per cache.  Neither is in the hierarchy: no parent (their charges reach
 * no ancestor's usage), no limit (never refused), no memcg, no directory,
 * not on kmemcg_groups; the global stat file shows what they hold.
 *
 * Locking: made at load and freed at unload under kmemcg_groups_mutex,
 * like the other groups; their counters are atomic (lib/counter.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include "kmemcg/files.h"
#include "fault.h"
#include "group.h"
#include "kmemcg.h"

struct kmemcg_group *kmemcg_sinks[KMEMCG_SINK_NR];
/* Groups removed under on_delete=dead (group.h); groups mutex. */

static const char *const kmemcg_sink_paths[KMEMCG_SINK_NR] = {
	[KMEMCG_SINK_UNSCOPED] = KMEMCG_PATH_UNSCOPED,
	[KMEMCG_SINK_UNACCOUNTED] = KMEMCG_PATH_UNACCOUNTED,
};

/**
 * kmemcg_sink_path - what a pseudo group is called in slabinfo
 * @s: which
 *
 * Return: KMEMCG_PATH_UNSCOPED or KMEMCG_PATH_UNACCOUNTED.
 */
const char *kmemcg_sink_path(enum kmemcg_sink s)
{
	return kmemcg_sink_paths[s];
}

/* Groups mutex held. */
static void kmemcg_sink_free(struct kmemcg_group *g)
{
	struct kmemcg_owner *o, *tmp;

	list_for_each_entry_safe(o, tmp, &g->owners, node)
		kmemcg_owner_forget(o);
	atomic_long_sub(sizeof(*g), &kmemcg_stat.module_bytes);
	kfree(g);
}

/**
 * kmemcg_sinks_init - make the pseudo groups
 *
 * Process context, at load, after the owner table (kmemcg_owners_init())
 * and before any hook.
 * Return: 0, or -ENOMEM after one pr_err line (nothing left made).
 */
int kmemcg_sinks_init(void)
{
	int i;

	mutex_lock(&kmemcg_groups_mutex);
	for (i = 0; i < KMEMCG_SINK_NR; i++) {
		struct kmemcg_group *g = kmemcg_fail_null(KMEMCG_FAULT_GROUP,
							  kzalloc(sizeof(*g), GFP_KERNEL));

		if (!g) {
			atomic_long_inc(&kmemcg_stat.internal_failures);
			goto fail;
		}
		kmemcg_counter_init(&g->counter, NULL);
		kmemcg_counter_init(&g->obj_counter, NULL);
		g->obj_counter.max = KMEMCG_OBJ_COUNTER_MAX;
		INIT_LIST_HEAD(&g->owners);
		INIT_LIST_HEAD(&g->dead_node);
		refcount_set(&g->refs, 1);
		g->css_id = -1;
		g->sink = i;
		atomic_long_add(sizeof(*g), &kmemcg_stat.module_bytes);
		g->owner = kmemcg_owner_new(g);
		if (!g->owner) {
			kmemcg_sink_free(g);
			goto fail;
		}
		kmemcg_sinks[i] = g;
	}
	mutex_unlock(&kmemcg_groups_mutex);
	return 0;
fail:
	while (i--) {
		kmemcg_sink_free(kmemcg_sinks[i]);
		kmemcg_sinks[i] = NULL;
	}
	mutex_unlock(&kmemcg_groups_mutex);
	pr_err("cannot load: no memory for the pseudo groups\n");
	return -ENOMEM;
}

/**
 * kmemcg_sinks_exit - free the pseudo groups and their owners
 *
 * Process context, at unload once no hook runs (kmemcg_groups_stop()):
 * pages and objects they still own are forgotten, as every group's are.
 */
void kmemcg_sinks_exit(void)
{
	int i;

	mutex_lock(&kmemcg_groups_mutex);
	for (i = 0; i < KMEMCG_SINK_NR; i++) {
		if (kmemcg_sinks[i])
			kmemcg_sink_free(kmemcg_sinks[i]);
		kmemcg_sinks[i] = NULL;
	}
	mutex_unlock(&kmemcg_groups_mutex);
}
