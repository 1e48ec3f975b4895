// SPDX-License-Identifier: GPL-2.0
/*
 * The policy's names: every axis's values as the policy file, the module
 * parameters and the CLI spell them (include/kmemcg/files.h), and the
 * scope list's text.  Stateless; no locking.
 */
#include "kmemcg/files.h"
#include "kmemcg/policy.h"

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

static const char *const kmemcg_scope_names[] = {
	[KMEMCG_SCOPE_ALL] = KMEMCG_SCOPE_ALL_NAME,
	[KMEMCG_SCOPE_LIST] = KMEMCG_SCOPE_LIST_NAME,
	[KMEMCG_SCOPE_KERNEL] = KMEMCG_SCOPE_KERNEL_NAME,
};

static const char *const kmemcg_delete_names[] = {
	[KMEMCG_DELETE_REPARENT] = KMEMCG_DELETE_REPARENT_NAME,
	[KMEMCG_DELETE_UNACCOUNT] = KMEMCG_DELETE_UNACCOUNT_NAME,
	[KMEMCG_DELETE_DEAD] = KMEMCG_DELETE_DEAD_NAME,
};

static const char *const kmemcg_hierarchy_names[] = {
	[KMEMCG_HIERARCHY_HIERARCHICAL] = KMEMCG_HIERARCHY_HIERARCHICAL_NAME,
	[KMEMCG_HIERARCHY_FLAT] = KMEMCG_HIERARCHY_FLAT_NAME,
};

static const char *const kmemcg_over_limit_names[] = {
	[KMEMCG_OVER_LIMIT_FAIL] = KMEMCG_OVER_LIMIT_FAIL_NAME,
	[KMEMCG_OVER_LIMIT_COUNT] = KMEMCG_OVER_LIMIT_COUNT_NAME,
	[KMEMCG_OVER_LIMIT_RECLAIM] = KMEMCG_OVER_LIMIT_RECLAIM_NAME,
	[KMEMCG_OVER_LIMIT_FAIL_ALL] = KMEMCG_OVER_LIMIT_FAIL_ALL_NAME,
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
 * kmemcg_scope_parse - a scope from its name
 * @s: "all", "list" or "kernel" (include/kmemcg/files.h), NUL-terminated
 * @v: set on success
 *
 * Return: 0, or -EINVAL for any other string (@v unchanged).
 */
int kmemcg_scope_parse(const char *s, enum kmemcg_scope *v)
{
	int i = kmemcg_name_index(kmemcg_scope_names, ARRAY_SIZE(kmemcg_scope_names), s);

	if (i < 0)
		return i;
	*v = i;
	return 0;
}

/**
 * kmemcg_scope_name - the name of a scope, as kmemcg_scope_parse() takes it
 * @v: the value; must be one of its enum's values (no check: an array index)
 *
 * Context: any; stateless.
 * Return: "all", "list" or "kernel" (include/kmemcg/files.h), a static string.
 */
const char *kmemcg_scope_name(enum kmemcg_scope v)
{
	return kmemcg_scope_names[v];
}

/**
 * kmemcg_delete_parse - a deletion policy from its name
 * @s: "reparent", "unaccount" or "dead" (include/kmemcg/files.h), NUL-terminated
 * @v: set on success
 *
 * Return: 0, or -EINVAL for any other string (@v unchanged).
 */
int kmemcg_delete_parse(const char *s, enum kmemcg_delete_policy *v)
{
	int i = kmemcg_name_index(kmemcg_delete_names, ARRAY_SIZE(kmemcg_delete_names), s);

	if (i < 0)
		return i;
	*v = i;
	return 0;
}

/**
 * kmemcg_delete_name - the name of a deletion policy, as kmemcg_delete_parse() takes it
 * @v: the value; must be one of its enum's values (no check: an array index)
 *
 * Context: any; stateless.
 * Return: "reparent", "unaccount" or "dead" (include/kmemcg/files.h), a static string.
 */
const char *kmemcg_delete_name(enum kmemcg_delete_policy v)
{
	return kmemcg_delete_names[v];
}

/**
 * kmemcg_hierarchy_parse - a hierarchy mode from its name
 * @s: "hierarchical" or "flat" (include/kmemcg/files.h), NUL-terminated
 * @v: set on success
 *
 * Return: 0, or -EINVAL for any other string (@v unchanged).
 */
int kmemcg_hierarchy_parse(const char *s, enum kmemcg_hierarchy *v)
{
	int i = kmemcg_name_index(kmemcg_hierarchy_names, ARRAY_SIZE(kmemcg_hierarchy_names), s);

	if (i < 0)
		return i;
	*v = i;
	return 0;
}

/**
 * kmemcg_hierarchy_name - the name of a hierarchy mode, as kmemcg_hierarchy_parse() takes it
 * @v: the value; must be one of its enum's values (no check: an array index)
 *
 * Context: any; stateless.
 * Return: "hierarchical" or "flat" (include/kmemcg/files.h), a static string.
 */
const char *kmemcg_hierarchy_name(enum kmemcg_hierarchy v)
{
	return kmemcg_hierarchy_names[v];
}

/**
 * kmemcg_over_limit_parse - an over-limit action from its name
 * @s: "fail", "count", "reclaim" or "fail_all" (include/kmemcg/files.h),
 *     NUL-terminated
 * @v: set on success
 *
 * Return: 0, or -EINVAL for any other string (@v unchanged).
 */
int kmemcg_over_limit_parse(const char *s, enum kmemcg_over_limit_mode *v)
{
	int i = kmemcg_name_index(kmemcg_over_limit_names, ARRAY_SIZE(kmemcg_over_limit_names), s);

	if (i < 0)
		return i;
	*v = i;
	return 0;
}

/**
 * kmemcg_over_limit_name - the name of an over-limit action, as kmemcg_over_limit_parse() takes it
 * @v: the value; must be one of its enum's values (no check: an array index)
 *
 * Context: any; stateless.
 * Return: "fail", "count", "reclaim" or "fail_all" (include/kmemcg/files.h),
 * a static string.
 */
const char *kmemcg_over_limit_name(enum kmemcg_over_limit_mode v)
{
	return kmemcg_over_limit_names[v];
}

/* A character a cache name in the scope list may not hold. */
static bool kmemcg_scope_name_bad(char c)
{
	return c == KMEMCG_SCOPE_LIST_SEP || c <= ' ' || c > '~';
}

/**
 * kmemcg_scope_list_parse - the scope list from its text
 * @s: "-" for none, or cache names (as /proc/slabinfo spells them)
 *	separated by single commas; NUL-terminated
 * @l: set on success; may be NULL to check @s only
 *
 * Return: 0, or -EINVAL for an empty name, a blank or control character,
 * a name longer than %KMEMCG_SCOPE_NAME_MAX, a name given twice, or more
 * than %KMEMCG_SCOPE_LIST_MAX names (@l unchanged).
 */
int kmemcg_scope_list_parse(const char *s, struct kmemcg_scope_list *l)
{
	const char *names[KMEMCG_SCOPE_LIST_MAX];
	size_t lens[KMEMCG_SCOPE_LIST_MAX];
	unsigned int n = 0, i, j;

	if (!strcmp(s, KMEMCG_SCOPE_LIST_NONE))
		goto done;
	for (;;) {
		size_t len = 0;

		while (s[len] && !kmemcg_scope_name_bad(s[len]))
			len++;
		if (!len || len > KMEMCG_SCOPE_NAME_MAX || n == KMEMCG_SCOPE_LIST_MAX)
			return -EINVAL;
		for (j = 0; j < n; j++)
			if (lens[j] == len && !memcmp(names[j], s, len))
				return -EINVAL;
		names[n] = s;
		lens[n++] = len;
		s += len;
		if (!*s)
			break;
		if (*s++ != KMEMCG_SCOPE_LIST_SEP)
			return -EINVAL;
	}
done:
	if (!l)
		return 0;
	l->n = n;
	for (i = 0; i < n; i++) {
		memcpy(l->name[i], names[i], lens[i]);
		l->name[i][lens[i]] = '\0';
	}
	return 0;
}

/**
 * kmemcg_scope_list_show - the scope list as text, the way parse takes it
 * @l: the list
 * @buf: where to write, NUL-terminated (truncated if @size is too small)
 * @size: bytes at @buf
 *
 * Return: the length of the whole text (as snprintf).
 */
size_t kmemcg_scope_list_show(const struct kmemcg_scope_list *l, char *buf,
			      size_t size)
{
	size_t len = 0;
	unsigned int i;

	if (!l->n)
		return snprintf(buf, size, "%s", KMEMCG_SCOPE_LIST_NONE);
	if (size)
		buf[0] = '\0';
	for (i = 0; i < l->n; i++)
		len += snprintf(buf + (len < size ? len : size),
				len < size ? size - len : 0, "%s%s",
				i ? "," : "", l->name[i]);
	return len;
}

/**
 * kmemcg_scope_list_has - whether a cache is in the scope list
 * @l: the list
 * @name: the cache's name (a merged cache answers to the name of the
 *	cache it was merged into, as in /proc/slabinfo)
 *
 * Cost: one strcmp per name listed, at most %KMEMCG_SCOPE_LIST_MAX.
 * Return: true when listed.
 */
bool kmemcg_scope_list_has(const struct kmemcg_scope_list *l, const char *name)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->name[i], name))
			return true;
	return false;
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

/**
 * kmemcg_granularity_name - the name of a granularity, as kmemcg_granularity_parse() takes it
 * @g: the value; must be one of its enum's values (no check: an array index)
 *
 * Context: any; stateless.
 * Return: "page", "object" or "shadow" (KMEMCG_GRAN_*) (include/kmemcg/files.h), a static string.
 */
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

/**
 * kmemcg_view_name - the name of a view, as kmemcg_view_parse() takes it
 * @v: the value; must be one of its enum's values (no check: an array index)
 *
 * Context: any; stateless.
 * Return: "page" or "object", named like the granularity that tracks only
 * it (include/kmemcg/files.h), a static string.
 */
const char *kmemcg_view_name(enum kmemcg_view v)
{
	return kmemcg_view_names[v];
}
