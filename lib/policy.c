// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg's accounting policy: see include/kmemcg/policy.h.  Stateless; no
 * locking.
 */
#include "kmemcg/files.h"
#include "kmemcg/policy.h"

const struct kmemcg_policy kmemcg_default_policy = {
	.over_limit = KMEMCG_OVER_LIMIT_FAIL,
	.on_delete = KMEMCG_DELETE_REPARENT,
	.scope = KMEMCG_SCOPE_ALL,
	.hierarchy = KMEMCG_HIERARCHY_HIERARCHICAL,
	.granularity = KMEMCG_GRANULARITY_PAGE,
	.shadow_enforce = KMEMCG_VIEW_PAGE,
};

/**
 * kmemcg_policy_tracks - whether charges are counted in view @v
 * @p: policy
 * @v: view
 *
 * Return: true for the page view under page and shadow granularity, and
 * for the object view under object and shadow.
 */
bool kmemcg_policy_tracks(const struct kmemcg_policy *p, enum kmemcg_view v)
{
	if (p->granularity == KMEMCG_GRANULARITY_SHADOW)
		return true;
	return (v == KMEMCG_VIEW_OBJECT) == (p->granularity == KMEMCG_GRANULARITY_OBJECT);
}

/**
 * kmemcg_policy_enforced_view - the view limits are enforced against
 * @p: policy
 *
 * Also the view memory.kmem.usage_in_bytes and the other limit files show.
 * Return: the only view tracked, or under shadow p->shadow_enforce (read
 * once: it may change at run time).
 */
enum kmemcg_view kmemcg_policy_enforced_view(const struct kmemcg_policy *p)
{
	switch (p->granularity) {
	case KMEMCG_GRANULARITY_OBJECT:
		return KMEMCG_VIEW_OBJECT;
	case KMEMCG_GRANULARITY_SHADOW:
		return READ_ONCE(p->shadow_enforce);
	case KMEMCG_GRANULARITY_PAGE:
	default:
		return KMEMCG_VIEW_PAGE;
	}
}

/**
 * kmemcg_policy_show_key - the value of one key of the policy file
 * @p: policy
 * @key: a KMEMCG_POLICY_* key
 * @buf: where to write, NUL-terminated (truncated if @size is too small)
 * @size: bytes at @buf
 *
 * shadow_enforce names the enforced view under every granularity.
 * Return: the length of the whole value (as snprintf); 0 and an empty
 * string for an unknown key.
 */
size_t kmemcg_policy_show_key(const struct kmemcg_policy *p, const char *key,
			      char *buf, size_t size)
{
	const char *v = NULL;

	if (!strcmp(key, KMEMCG_POLICY_GRANULARITY))
		v = kmemcg_granularity_name(p->granularity);
	else if (!strcmp(key, KMEMCG_POLICY_SHADOW_ENFORCE))
		v = kmemcg_view_name(kmemcg_policy_enforced_view(p));
	else if (!strcmp(key, KMEMCG_POLICY_SCOPE))
		v = kmemcg_scope_name(READ_ONCE(p->scope));
	else if (!strcmp(key, KMEMCG_POLICY_SCOPE_LIST))
		return kmemcg_scope_list_show(&p->scope_list, buf, size);
	else if (!strcmp(key, KMEMCG_POLICY_ON_DELETE))
		v = kmemcg_delete_name(READ_ONCE(p->on_delete));
	else if (!strcmp(key, KMEMCG_POLICY_HIERARCHY))
		v = kmemcg_hierarchy_name(p->hierarchy);
	else if (!strcmp(key, KMEMCG_POLICY_OVER_LIMIT))
		v = kmemcg_over_limit_name(READ_ONCE(p->over_limit));
	return snprintf(buf, size, "%s", v ? v : "");
}

/* Every key of the policy file, in the order it shows them. */
static const char *const kmemcg_policy_keys[] = {
	KMEMCG_POLICY_GRANULARITY,
	KMEMCG_POLICY_SHADOW_ENFORCE,
	KMEMCG_POLICY_SCOPE,
	KMEMCG_POLICY_SCOPE_LIST,
	KMEMCG_POLICY_ON_DELETE,
	KMEMCG_POLICY_HIERARCHY,
	KMEMCG_POLICY_OVER_LIMIT,
};

/**
 * kmemcg_policy_show - the policy file's text
 * @p: policy
 * @buf: where to write, NUL-terminated (truncated if @size is too small)
 * @size: bytes at @buf
 *
 * One "key value" line per axis, names from include/kmemcg/files.h.
 * Return: the length of the whole text (as snprintf).
 */
size_t kmemcg_policy_show(const struct kmemcg_policy *p, char *buf, size_t size)
{
	size_t len = 0, i;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(kmemcg_policy_keys); i++) {
		const char *k = kmemcg_policy_keys[i];

		len += snprintf(buf + (len < size ? len : size),
				len < size ? size - len : 0, "%s ", k);
		len += kmemcg_policy_show_key(p, k, buf + (len < size ? len : size),
					      len < size ? size - len : 0);
		len += snprintf(buf + (len < size ? len : size),
				len < size ? size - len : 0, "\n");
	}
	return len;
}

/*
 * Split "key value" with an optional trailing newline: one or more blanks
 * between, none elsewhere.  Writes NULs into @line.
 */
static int kmemcg_policy_split(char *line, char **key, char **value)
{
	char *sp;
	size_t n = strlen(line);

	if (n && line[n - 1] == '\n')
		line[--n] = '\0';
	if (!n || strpbrk(line, "\n\r\f\v"))
		return -EINVAL;
	sp = strpbrk(line, " \t");
	if (!sp || sp == line)
		return -EINVAL;
	*key = line;
	*sp++ = '\0';
	sp += strspn(sp, " \t");
	if (!*sp || strpbrk(sp, " \t"))
		return -EINVAL;
	*value = sp;
	return 0;
}

/**
 * kmemcg_policy_write - apply one "key value" write to the policy file
 * @p: the policy, changed only on success
 * @line: what was written, NUL-terminated, at most
 *	%KMEMCG_POLICY_LINE_MAX bytes; it is written to
 * @key: set to the key written (on success), for the caller's log line
 *
 * What can change at run time, and exactly (README, "Policies"):
 *  - over_limit: the next refused charge takes the new action;
 *  - scope and scope_list: allocations from then on; what is charged
 *    stays charged to its owner and is uncharged from it when freed;
 *  - on_delete: removals from then on;
 *  - shadow_enforce, under shadow granularity: the next charge is
 *    checked against the other view (both are always charged).
 * granularity (whether the object hooks are installed) and hierarchy
 * (every counter's parent link, with charges present in all of them) are
 * fixed at load.  Writing the value in force succeeds and changes nothing.
 *
 * Return: 0; -EINVAL for malformed input, an unknown key or value, or
 * more than one line; -EBUSY for a change that cannot be made at run
 * time (granularity, hierarchy, or shadow_enforce outside shadow
 * granularity).
 * Serialisation: the caller's (one writer at a time).
 */
int kmemcg_policy_write(struct kmemcg_policy *p, char *line, const char **key)
{
	enum kmemcg_over_limit_mode ol;
	enum kmemcg_delete_policy del;
	enum kmemcg_granularity g;
	enum kmemcg_hierarchy h;
	enum kmemcg_scope sc;
	enum kmemcg_view view;
	char *k, *v;

	if (strlen(line) >= KMEMCG_POLICY_LINE_MAX || kmemcg_policy_split(line, &k, &v))
		return -EINVAL;
	if (!strcmp(k, KMEMCG_POLICY_GRANULARITY)) {
		if (kmemcg_granularity_parse(v, &g))
			return -EINVAL;
		if (g != p->granularity)
			return -EBUSY;
		*key = KMEMCG_POLICY_GRANULARITY;
	} else if (!strcmp(k, KMEMCG_POLICY_SHADOW_ENFORCE)) {
		if (kmemcg_view_parse(v, &view))
			return -EINVAL;
		if (view != kmemcg_policy_enforced_view(p)) {
			if (p->granularity != KMEMCG_GRANULARITY_SHADOW)
				return -EBUSY;
			WRITE_ONCE(p->shadow_enforce, view);
		}
		*key = KMEMCG_POLICY_SHADOW_ENFORCE;
	} else if (!strcmp(k, KMEMCG_POLICY_HIERARCHY)) {
		if (kmemcg_hierarchy_parse(v, &h))
			return -EINVAL;
		if (h != p->hierarchy)
			return -EBUSY;
		*key = KMEMCG_POLICY_HIERARCHY;
	} else if (!strcmp(k, KMEMCG_POLICY_SCOPE)) {
		if (kmemcg_scope_parse(v, &sc))
			return -EINVAL;
		WRITE_ONCE(p->scope, sc);
		*key = KMEMCG_POLICY_SCOPE;
	} else if (!strcmp(k, KMEMCG_POLICY_SCOPE_LIST)) {
		if (kmemcg_scope_list_parse(v, &p->scope_list))
			return -EINVAL;
		*key = KMEMCG_POLICY_SCOPE_LIST;
	} else if (!strcmp(k, KMEMCG_POLICY_ON_DELETE)) {
		if (kmemcg_delete_parse(v, &del))
			return -EINVAL;
		WRITE_ONCE(p->on_delete, del);
		*key = KMEMCG_POLICY_ON_DELETE;
	} else if (!strcmp(k, KMEMCG_POLICY_OVER_LIMIT)) {
		if (kmemcg_over_limit_parse(v, &ol))
			return -EINVAL;
		WRITE_ONCE(p->over_limit, ol);
		*key = KMEMCG_POLICY_OVER_LIMIT;
	} else {
		return -EINVAL;
	}
	return 0;
}

/**
 * kmemcg_policy_in_scope - whether an allocation is charged at all
 * @p: policy
 * @ctx: what the hook saw: the scope in force (read once, so that a
 *	switch cannot pair one scope with what was filled in for another),
 *	accounted, and listed under scope=list
 *
 * Return: true for every allocation under scope=all; under list, those of
 * a listed cache (002's per-cache opt-in, SLAB_MEMCG_ACCT); under kernel,
 * exactly those the kernel itself charges to a memcg (SLAB_ACCOUNT cache
 * or __GFP_ACCOUNT: mm/memcontrol.c, memcg_slab_post_alloc_hook() and
 * mm/slab.h, memcg_kmem_cache_charged()... of each line).
 */
bool kmemcg_policy_in_scope(const struct kmemcg_policy *p,
			    const struct kmemcg_alloc_ctx *ctx)
{
	(void)p;	/* the hook read p->scope once, into ctx->scope */
	switch (ctx->scope) {
	case KMEMCG_SCOPE_LIST:
		return ctx->listed;
	case KMEMCG_SCOPE_KERNEL:
		return ctx->accounted;
	case KMEMCG_SCOPE_ALL:
	default:
		return true;
	}
}

/**
 * kmemcg_policy_target - who is charged for an allocation
 * @p: policy
 * @ctx: what the hook saw
 *
 * Return: KMEMCG_TARGET_UNSCOPED for an allocation out of scope (nobody
 * pays, it is counted apart), else the group to charge (002: "allocations
 * that cannot be attributed are not charged" to a cgroup; they land on the
 * root, counted apart).
 */
enum kmemcg_target kmemcg_policy_target(const struct kmemcg_policy *p,
					const struct kmemcg_alloc_ctx *ctx)
{
	if (!kmemcg_policy_in_scope(p, ctx))
		return KMEMCG_TARGET_UNSCOPED;
	if (!ctx->in_task)
		return KMEMCG_TARGET_UNATTRIBUTED;
	if (ctx->kthread || ctx->root_cgroup)
		return KMEMCG_TARGET_ROOT;
	return KMEMCG_TARGET_GROUP;
}

/**
 * kmemcg_policy_over_limit - the next step for a charge a limit refused
 * @p: policy
 * @ctx: what the hook saw, and the steps already taken (reclaimed,
 *	reserve_tried)
 *
 * The charge path asks after each refusal and does what it is told:
 *  1. a task the livelock breaker found stuck in a kernel retry loop
 *     (kmemcg/stuck.h) is forced, whatever the mode: it would spin for good;
 *  2. over_limit=reclaim, where the allocation may sleep: reclaim from the
 *     cgroup and try once more, as the memory controller does before it
 *     gives up (mm/memcontrol.c, try_charge_memcg());
 *  3. a critical allocation (may dip into the kernel's reserves, or must
 *     not fail) tries the cgroup's reserve above its limit (seed 003);
 *  4. __GFP_NOFAIL, a dying task and reclaim (PF_MEMALLOC) are forced, as
 *     today (002 patch 11; upstream memcg does not fail reclaim either);
 *  5. over_limit=count lets the charge through, counted as would_fail;
 *  6. under fail and reclaim, an allocation not marked for accounting
 *     (no SLAB_ACCOUNT cache, no __GFP_ACCOUNT) is forced: the kernel's
 *     own memory controller never fails it, and its callers are not all
 *     written to survive a failure (TOMOYO's tomoyo_realpath_from_path()
 *     panics, security/tomoyo/memory.c tomoyo_warn_oom(); vmalloc's
 *     va_clip() WARNs, mm/vmalloc.c).  Marked ones fail even where the
 *     kernel's kmem accounting is off (cgroup.memory=nokmem): their
 *     callers handle the failure all the same;
 *  7. otherwise the allocation fails (over_limit=fail_all: every one).
 * Return: the step to take.
 */
enum kmemcg_over_limit kmemcg_policy_over_limit(const struct kmemcg_policy *p,
						const struct kmemcg_alloc_ctx *ctx)
{
	enum kmemcg_over_limit_mode mode = READ_ONCE(p->over_limit);

	if (ctx->stuck)
		return KMEMCG_OVER_FORCE;
	if (mode == KMEMCG_OVER_LIMIT_RECLAIM && ctx->may_reclaim && !ctx->reclaimed)
		return KMEMCG_OVER_RECLAIM;
	if (ctx->critical && !ctx->reserve_tried)
		return KMEMCG_OVER_RESERVE;
	if (ctx->nofail || ctx->dying || ctx->memalloc)
		return KMEMCG_OVER_FORCE;
	if (mode == KMEMCG_OVER_LIMIT_COUNT)
		return KMEMCG_OVER_COUNT;
	if (mode != KMEMCG_OVER_LIMIT_FAIL_ALL && !ctx->account_marked)
		return KMEMCG_OVER_FORCE_UNACCOUNTED;
	return KMEMCG_OVER_FAIL;
}
