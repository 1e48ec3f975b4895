// SPDX-License-Identifier: GPL-2.0
/*
 * The active policy: the module parameters that choose it at load, and
 * the policy file's writes that change it at run time (lib/policy.c says
 * what may change and how; the README's "Policies" why).
 *
 * Locking: kmemcg_policy_mutex (sleeping, process context) serialises
 * writers and the policy file's readers, who see scope_list, a string
 * too long to read racily.  The hooks take no lock: they read one field
 * at a time (READ_ONCE), each once per charge, and the scope list through
 * their own RCU copy (accounting/scope.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kstrtox.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "kmemcg/policy.h"
#include "kmemcg.h"

static char *enforce;
module_param(enforce, charp, 0400);
MODULE_PARM_DESC(enforce,
		 "Deprecated alias, to go in 0.3: enforce=N is over_limit=count, enforce=Y over_limit=fail");

static char *over_limit = KMEMCG_OVER_LIMIT_FAIL_NAME;
module_param(over_limit, charp, 0400);
MODULE_PARM_DESC(over_limit,
		 "A charge over a kmem limit: fail (default: fails what the kernel accounts, forces the rest), count (let through, counted as would_fail), reclaim (reclaim from the cgroup, then as fail) or fail_all (fails everything: some callers panic); switchable");

static char *granularity = KMEMCG_GRAN_PAGE;
module_param(granularity, charp, 0400);
MODULE_PARM_DESC(granularity,
		 "What is charged: page (slab pages, the default), object (each object) or shadow (both; limits apply to shadow_enforce)");

static char *shadow_enforce = KMEMCG_GRAN_PAGE;
module_param(shadow_enforce, charp, 0400);
MODULE_PARM_DESC(shadow_enforce,
		 "Under granularity=shadow, the view limits apply to: page (default) or object; switchable");

static char *scope = KMEMCG_SCOPE_ALL_NAME;
module_param(scope, charp, 0400);
MODULE_PARM_DESC(scope,
		 "Which allocations are charged: all (default), list (caches in scope_list) or kernel (SLAB_ACCOUNT caches and __GFP_ACCOUNT); switchable");

static char *scope_list = KMEMCG_SCOPE_LIST_NONE;
module_param(scope_list, charp, 0400);
MODULE_PARM_DESC(scope_list,
		 "The caches charged under scope=list: comma-separated /proc/slabinfo names, - for none (default); switchable");

static char *on_delete = KMEMCG_DELETE_REPARENT_NAME;
module_param(on_delete, charp, 0400);
MODULE_PARM_DESC(on_delete,
		 "Removing a cgroup: reparent (charges move to the parent, default), unaccount (they leave the hierarchy) or dead (kept, listed in dead/); switchable");

static char *hierarchy = KMEMCG_HIERARCHY_HIERARCHICAL_NAME;
module_param(hierarchy, charp, 0400);
MODULE_PARM_DESC(hierarchy,
		 "hierarchical (usage and limits include descendants, default) or flat (each cgroup's own charges)");

static struct kmemcg_policy kmemcg_active_policy;
const struct kmemcg_policy *kmemcg_policy = &kmemcg_active_policy;
static DEFINE_MUTEX(kmemcg_policy_mutex);

/* Writes are tried on this copy first (too big for the stack); mutex. */
static struct kmemcg_policy kmemcg_policy_scratch;

/* One "key=value" parameter into the active policy; false logs why not. */
static bool kmemcg_policy_param(const char *key, const char *value)
{
	static char line[KMEMCG_POLICY_LINE_MAX];
	const char *k;
	int ret;

	if (strlen(key) + 1 + strlen(value) >= sizeof(line)) {
		pr_err("cannot load: %s= is too long\n", key);
		return false;
	}
	snprintf(line, sizeof(line), "%s %s", key, value);
	/* At load the fixed axes are set like the others. */
	if (!strcmp(key, KMEMCG_POLICY_GRANULARITY))
		ret = kmemcg_granularity_parse(value, &kmemcg_active_policy.granularity);
	else if (!strcmp(key, KMEMCG_POLICY_HIERARCHY))
		ret = kmemcg_hierarchy_parse(value, &kmemcg_active_policy.hierarchy);
	else
		ret = kmemcg_policy_write(&kmemcg_active_policy, line, &k);
	if (ret == -EBUSY && !strcmp(key, KMEMCG_POLICY_SHADOW_ENFORCE))
		ret = 0;	/* shadow_enforce outside shadow: ignored */
	if (ret)
		pr_err("cannot load: %s=%s is not a valid value (see modinfo kmemcg)\n",
		       key, value);
	return !ret;
}

/**
 * kmemcg_policy_init - the module parameters, as the active policy
 *
 * Process context, at load, before any hook.  enforce=, the deprecated
 * alias of over_limit, is taken when given alone; given with a different
 * over_limit= the load is refused.
 * Return: 0, or -EINVAL after one pr_err line naming the parameter.
 */
int kmemcg_policy_init(void)
{
	bool on;

	kmemcg_active_policy = kmemcg_default_policy;
	if (enforce) {
		if (kstrtobool(enforce, &on)) {
			pr_err("cannot load: enforce=%s is not Y or N\n", enforce);
			return -EINVAL;
		}
		pr_warn("enforce= is deprecated and goes in 0.3: use over_limit=%s\n",
			on ? KMEMCG_OVER_LIMIT_FAIL_NAME : KMEMCG_OVER_LIMIT_COUNT_NAME);
		if (strcmp(over_limit, KMEMCG_OVER_LIMIT_FAIL_NAME) &&
		    strcmp(over_limit, on ? KMEMCG_OVER_LIMIT_FAIL_NAME :
				       KMEMCG_OVER_LIMIT_COUNT_NAME)) {
			pr_err("cannot load: enforce=%s contradicts over_limit=%s\n",
			       enforce, over_limit);
			return -EINVAL;
		}
		if (!on)
			over_limit = KMEMCG_OVER_LIMIT_COUNT_NAME;
	}
	if (!kmemcg_policy_param(KMEMCG_POLICY_GRANULARITY, granularity) ||
	    !kmemcg_policy_param(KMEMCG_POLICY_SHADOW_ENFORCE, shadow_enforce) ||
	    !kmemcg_policy_param(KMEMCG_POLICY_HIERARCHY, hierarchy) ||
	    !kmemcg_policy_param(KMEMCG_POLICY_SCOPE, scope) ||
	    !kmemcg_policy_param(KMEMCG_POLICY_SCOPE_LIST, scope_list) ||
	    !kmemcg_policy_param(KMEMCG_POLICY_ON_DELETE, on_delete) ||
	    !kmemcg_policy_param(KMEMCG_POLICY_OVER_LIMIT, over_limit))
		return -EINVAL;
	return 0;
}

/**
 * kmemcg_policy_log - one pr_info line with the policy loaded
 *
 * Process context.
 */
void kmemcg_policy_log(void)
{
	static char buf[KMEMCG_POLICY_LINE_MAX + 128];
	char *nl;

	mutex_lock(&kmemcg_policy_mutex);
	kmemcg_policy_show(&kmemcg_active_policy, buf, sizeof(buf));
	while ((nl = strchr(buf, '\n')))
		*nl = nl[1] ? ',' : '\0';
	pr_info("policy: %s\n", buf);
	mutex_unlock(&kmemcg_policy_mutex);
}

/**
 * kmemcg_policy_read - the policy file's text
 * @buf: where to write, NUL-terminated
 * @size: bytes at @buf
 *
 * Process context; sleeps (kmemcg_policy_mutex).
 * Return: the length of the whole text (as snprintf).
 */
size_t kmemcg_policy_read(char *buf, size_t size)
{
	size_t len;

	mutex_lock(&kmemcg_policy_mutex);
	len = kmemcg_policy_show(&kmemcg_active_policy, buf, size);
	mutex_unlock(&kmemcg_policy_mutex);
	return len;
}

/**
 * kmemcg_policy_update - apply a write to the policy file
 * @line: what was written, one "key value" line, NUL-terminated
 *	(changed: it is split in place)
 *
 * Process context; sleeps (kmemcg_policy_mutex).  The write is tried on a
 * copy first, so a refusal changes nothing; a new scope list is published
 * to the hooks (scope.c) before the policy shows it.  Logs every change
 * with one line.  Charges in flight finish under the policy they began
 * with.
 * Return: 0; kmemcg_policy_write()'s -EINVAL or -EBUSY; -ENOMEM when the
 * hooks' copy of a new scope list cannot be allocated (nothing changed).
 */
int kmemcg_policy_update(char *line)
{
	static char copy[KMEMCG_POLICY_LINE_MAX], before[KMEMCG_POLICY_LINE_MAX],
		after[KMEMCG_POLICY_LINE_MAX];
	const char *key;
	int ret;

	if (strlen(line) >= sizeof(copy))
		return -EINVAL;
	mutex_lock(&kmemcg_policy_mutex);
	strscpy(copy, line, sizeof(copy));
	kmemcg_policy_scratch = kmemcg_active_policy;
	ret = kmemcg_policy_write(&kmemcg_policy_scratch, copy, &key);
	if (ret)
		goto out;
	if (!strcmp(key, KMEMCG_POLICY_SCOPE_LIST)) {
		ret = kmemcg_scope_set(&kmemcg_policy_scratch.scope_list);
		if (ret)
			goto out;
	}
	kmemcg_policy_show_key(&kmemcg_active_policy, key, before, sizeof(before));
	ret = kmemcg_policy_write(&kmemcg_active_policy, line, &key);
	if (WARN_ON_ONCE(ret))	/* the same write just passed on the copy */
		goto out;
	kmemcg_policy_show_key(&kmemcg_active_policy, key, after, sizeof(after));
	if (strcmp(before, after))
		pr_info("policy: %s %s (was %s)\n", key, after, before);
out:
	mutex_unlock(&kmemcg_policy_mutex);
	return ret;
}
