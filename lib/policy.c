// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg's accounting policy: see include/kmemcg/policy.h.  Stateless; no
 * locking.
 */
#include "kmemcg/files.h"
#include "kmemcg/policy.h"

const struct kmemcg_policy kmemcg_default_policy = {
	.enforce = true,
	.on_delete = KMEMCG_DELETE_REPARENT,
	.granularity = KMEMCG_GRANULARITY_PAGE,
	.shadow_enforce = KMEMCG_VIEW_PAGE,
};

static const char *const kmemcg_granularity_names[] = {
	[KMEMCG_GRANULARITY_PAGE] = KMEMCG_GRAN_PAGE,
	[KMEMCG_GRANULARITY_OBJECT] = KMEMCG_GRAN_OBJECT,
	[KMEMCG_GRANULARITY_SHADOW] = KMEMCG_GRAN_SHADOW,
};

/* A view is named like the granularity that tracks only it. */
static const char *const kmemcg_view_names[] = {
	[KMEMCG_VIEW_PAGE] = KMEMCG_GRAN_PAGE,
	[KMEMCG_VIEW_OBJECT] = KMEMCG_GRAN_OBJECT,
};

static int kmemcg_name_index(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -EINVAL;
}

/**
 * kmemcg_granularity_parse - a granularity from its name
 * @s: "page", "object" or "shadow" (KMEMCG_GRAN_*), NUL-terminated
 * @g: set on success
 *
 * Return: 0, or -EINVAL for any other string (@g unchanged).
 */
int kmemcg_granularity_parse(const char *s, enum kmemcg_granularity *g)
{
	int i = kmemcg_name_index(kmemcg_granularity_names,
				  ARRAY_SIZE(kmemcg_granularity_names), s);

	if (i < 0)
		return i;
	*g = i;
	return 0;
}

/* The name of @g (KMEMCG_GRAN_*). */
const char *kmemcg_granularity_name(enum kmemcg_granularity g)
{
	return kmemcg_granularity_names[g];
}

/**
 * kmemcg_view_parse - a view from its name
 * @s: "page" or "object", NUL-terminated
 * @v: set on success
 *
 * Return: 0, or -EINVAL for any other string (@v unchanged).
 */
int kmemcg_view_parse(const char *s, enum kmemcg_view *v)
{
	int i = kmemcg_name_index(kmemcg_view_names, ARRAY_SIZE(kmemcg_view_names), s);

	if (i < 0)
		return i;
	*v = i;
	return 0;
}

/* The name of @v. */
const char *kmemcg_view_name(enum kmemcg_view v)
{
	return kmemcg_view_names[v];
}

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
 * kmemcg_policy_show - the policy file's text
 * @p: policy
 * @buf: where to write, NUL-terminated (truncated if @size is too small)
 * @size: bytes at @buf
 *
 * One "key value" line per axis, names from include/kmemcg/files.h.
 * shadow_enforce names the enforced view under every granularity.
 * Return: the length of the whole text (as snprintf).
 */
size_t kmemcg_policy_show(const struct kmemcg_policy *p, char *buf, size_t size)
{
	return snprintf(buf, size, "%s %s\n%s %s\n",
			KMEMCG_POLICY_GRANULARITY, kmemcg_granularity_name(p->granularity),
			KMEMCG_POLICY_SHADOW_ENFORCE,
			kmemcg_view_name(kmemcg_policy_enforced_view(p)));
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
 * @buf: what was written (not NUL-terminated)
 * @len: its length
 * @key: set to the key changed, for the caller's log line (on success)
 *
 * What can change at run time, and exactly: shadow_enforce under shadow
 * granularity (the next charge is checked against the other view).  The
 * granularity is fixed at load (the object hooks are installed or not).
 * Writing the value already in force succeeds and changes nothing.
 *
 * Return: 0; -EINVAL for malformed input, an unknown key or value, or
 * more than one line; -EBUSY for a change that cannot be made at run
 * time (the granularity, or shadow_enforce outside shadow granularity).
 * Serialisation: the caller's (one writer at a time).
 */
int kmemcg_policy_write(struct kmemcg_policy *p, const char *buf, size_t len,
			const char **key)
{
	char line[64], *k, *v;
	enum kmemcg_granularity g;
	enum kmemcg_view view;

	if (len >= sizeof(line) || memchr(buf, '\0', len))
		return -EINVAL;
	memcpy(line, buf, len);
	line[len] = '\0';
	if (kmemcg_policy_split(line, &k, &v))
		return -EINVAL;
	if (!strcmp(k, KMEMCG_POLICY_GRANULARITY)) {
		if (kmemcg_granularity_parse(v, &g))
			return -EINVAL;
		if (g != p->granularity)
			return -EBUSY;
		*key = KMEMCG_POLICY_GRANULARITY;
		return 0;
	}
	if (!strcmp(k, KMEMCG_POLICY_SHADOW_ENFORCE)) {
		if (kmemcg_view_parse(v, &view))
			return -EINVAL;
		if (view == kmemcg_policy_enforced_view(p)) {
			*key = KMEMCG_POLICY_SHADOW_ENFORCE;
			return 0;
		}
		if (p->granularity != KMEMCG_GRANULARITY_SHADOW)
			return -EBUSY;
		WRITE_ONCE(p->shadow_enforce, view);
		*key = KMEMCG_POLICY_SHADOW_ENFORCE;
		return 0;
	}
	return -EINVAL;
}

/**
 * kmemcg_policy_target - who is charged for an allocation
 * @p: policy
 * @ctx: what the hook saw
 *
 * Return: the group to charge (002: "allocations that cannot be attributed
 * are not charged" to a cgroup; they land on the root, counted apart).
 */
enum kmemcg_target kmemcg_policy_target(const struct kmemcg_policy *p,
					const struct kmemcg_alloc_ctx *ctx)
{
	(void)p;
	if (!ctx->in_task)
		return KMEMCG_TARGET_UNATTRIBUTED;
	if (ctx->kthread || ctx->root_cgroup)
		return KMEMCG_TARGET_ROOT;
	return KMEMCG_TARGET_GROUP;
}

/**
 * kmemcg_policy_over_limit - what to do with a charge a limit refuses
 * @p: policy
 * @ctx: what the hook saw
 *
 * Return: KMEMCG_OVER_FAIL to fail the allocation, or KMEMCG_OVER_FORCE to
 * charge it anyway (counted as bypassed): 002 patch 11 never fails
 * __GFP_NOFAIL or a dying task; like upstream memcg, reclaim (PF_MEMALLOC)
 * is not failed either, since failing it would deepen the shortage; nor
 * is a task that the livelock breaker found stuck in a kernel retry loop
 * (kmemcg/stuck.h), which would otherwise spin there for good.
 */
enum kmemcg_over_limit kmemcg_policy_over_limit(const struct kmemcg_policy *p,
						const struct kmemcg_alloc_ctx *ctx)
{
	if (!p->enforce || ctx->nofail || ctx->dying || ctx->memalloc || ctx->stuck)
		return KMEMCG_OVER_FORCE;
	return KMEMCG_OVER_FAIL;
}
