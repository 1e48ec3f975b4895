// SPDX-License-Identifier: GPL-2.0
/*
 * The module's policy file (files.h, KMEMCG_FILE_POLICY): "key value"
 * lines, one per axis.  Every command needs the granularity (page, object
 * or shadow) and, under shadow, the view limits are enforced against;
 * kmemcg policy and status show every axis.  The axes the CLI knows
 * (km_axes) are checked with the module's own parsers (lib/policy_names.c);
 * keys it does not know are axes of a newer module and are ignored; a
 * module without the file is page granularity.  The parser takes a buffer
 * so the unit tests can feed it malformed and truncated text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "kmemcg.h"

#define KM_STR_(x)	#x
#define KM_STR(x)	KM_STR_(x)

const struct km_axis_info km_axes[KM_AX_N] = {
	[KM_AX_GRANULARITY] = {
		KMEMCG_POLICY_GRANULARITY,
		KMEMCG_GRAN_PAGE ", " KMEMCG_GRAN_OBJECT " or " KMEMCG_GRAN_SHADOW,
		"the granularity is not " KMEMCG_GRAN_PAGE ", " KMEMCG_GRAN_OBJECT " or "
		KMEMCG_GRAN_SHADOW,
		KM_SET_AT_LOAD },
	[KM_AX_SHADOW_ENFORCE] = {
		KMEMCG_POLICY_SHADOW_ENFORCE, KMEMCG_GRAN_PAGE " or " KMEMCG_GRAN_OBJECT,
		KMEMCG_POLICY_SHADOW_ENFORCE " is not " KMEMCG_GRAN_PAGE " or " KMEMCG_GRAN_OBJECT,
		KM_SET_UNDER_SHADOW },
	[KM_AX_SCOPE] = {
		KMEMCG_POLICY_SCOPE,
		KMEMCG_SCOPE_ALL_NAME ", " KMEMCG_SCOPE_LIST_NAME " or " KMEMCG_SCOPE_KERNEL_NAME,
		KMEMCG_POLICY_SCOPE " is not " KMEMCG_SCOPE_ALL_NAME ", " KMEMCG_SCOPE_LIST_NAME
		" or " KMEMCG_SCOPE_KERNEL_NAME,
		KM_SET_ANY_TIME },
	[KM_AX_SCOPE_LIST] = {
		KMEMCG_POLICY_SCOPE_LIST,
		"up to " KM_STR(KMEMCG_SCOPE_LIST_MAX) " cache names (as /proc/slabinfo spells them, "
		"at most " KM_STR(KMEMCG_SCOPE_NAME_MAX) " characters each) separated by commas, or "
		KMEMCG_SCOPE_LIST_NONE " for none",
		KMEMCG_POLICY_SCOPE_LIST " is not a list of cache names separated by commas, or "
		KMEMCG_SCOPE_LIST_NONE,
		KM_SET_ANY_TIME },
	[KM_AX_ON_DELETE] = {
		KMEMCG_POLICY_ON_DELETE,
		KMEMCG_DELETE_REPARENT_NAME ", " KMEMCG_DELETE_UNACCOUNT_NAME " or "
		KMEMCG_DELETE_DEAD_NAME,
		KMEMCG_POLICY_ON_DELETE " is not " KMEMCG_DELETE_REPARENT_NAME ", "
		KMEMCG_DELETE_UNACCOUNT_NAME " or " KMEMCG_DELETE_DEAD_NAME,
		KM_SET_ANY_TIME },
	[KM_AX_HIERARCHY] = {
		KMEMCG_POLICY_HIERARCHY,
		KMEMCG_HIERARCHY_HIERARCHICAL_NAME " or " KMEMCG_HIERARCHY_FLAT_NAME,
		KMEMCG_POLICY_HIERARCHY " is not " KMEMCG_HIERARCHY_HIERARCHICAL_NAME " or "
		KMEMCG_HIERARCHY_FLAT_NAME,
		KM_SET_AT_LOAD },
	[KM_AX_OVER_LIMIT] = {
		KMEMCG_POLICY_OVER_LIMIT,
		KMEMCG_OVER_LIMIT_FAIL_NAME ", " KMEMCG_OVER_LIMIT_COUNT_NAME ", "
		KMEMCG_OVER_LIMIT_RECLAIM_NAME " or " KMEMCG_OVER_LIMIT_FAIL_ALL_NAME,
		KMEMCG_POLICY_OVER_LIMIT " is not " KMEMCG_OVER_LIMIT_FAIL_NAME ", "
		KMEMCG_OVER_LIMIT_COUNT_NAME ", " KMEMCG_OVER_LIMIT_RECLAIM_NAME " or "
		KMEMCG_OVER_LIMIT_FAIL_ALL_NAME,
		KM_SET_ANY_TIME },
};

int km_axis_find(const char *key)
{
	int a;

	for (a = 0; a < KM_AX_N; a++)
		if (!strcmp(key, km_axes[a].key))
			return a;
	return -1;
}

int km_axis_check(enum km_axis a, const char *val)
{
	enum kmemcg_granularity g;
	enum kmemcg_view v;
	enum kmemcg_scope sc;
	enum kmemcg_delete_policy d;
	enum kmemcg_hierarchy h;
	enum kmemcg_over_limit_mode o;

	switch (a) {
	case KM_AX_GRANULARITY:
		return kmemcg_granularity_parse(val, &g);
	case KM_AX_SHADOW_ENFORCE:
		return kmemcg_view_parse(val, &v);
	case KM_AX_SCOPE:
		return kmemcg_scope_parse(val, &sc);
	case KM_AX_SCOPE_LIST:
		return kmemcg_scope_list_parse(val, NULL);
	case KM_AX_ON_DELETE:
		return kmemcg_delete_parse(val, &d);
	case KM_AX_HIERARCHY:
		return kmemcg_hierarchy_parse(val, &h);
	case KM_AX_OVER_LIMIT:
		return kmemcg_over_limit_parse(val, &o);
	default:
		return -EINVAL;
	}
}

const char *km_gran_name(enum km_gran g)
{
	return g == KM_GRAN_SHADOW ? KMEMCG_GRAN_SHADOW :
	       g == KM_GRAN_OBJECT ? KMEMCG_GRAN_OBJECT : KMEMCG_GRAN_PAGE;
}

/* The views are named as the granularities that have only one of them. */
const char *km_view_name(enum km_view v)
{
	return v == KM_VIEW_OBJECT ? KMEMCG_GRAN_OBJECT : KMEMCG_GRAN_PAGE;
}

const char *km_policy_describe(char *buf, size_t size, const struct km_policy *p)
{
	if (p->gran == KM_GRAN_SHADOW)
		snprintf(buf, size, "%s granularity, limits on the %s view",
			 km_gran_name(p->gran), km_view_name(p->view));
	else
		snprintf(buf, size, "%s granularity", km_gran_name(p->gran));
	return buf;
}

int km_parse_policy(const char *buf, size_t len, struct km_policy *p,
		    unsigned int *line, const char **why)
{
	struct km_policy res;
	size_t pos = 0;

	*line = 0;
	if (!len) {
		*why = "empty file";
		return -EINVAL;
	}
	if (memchr(buf, '\0', len)) {
		*why = "binary data";
		return -EINVAL;
	}
	memset(&res, 0, sizeof(res));
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		char tmp[KMEMCG_POLICY_LINE_MAX], *tok[2];
		size_t n;
		int a;

		(*line)++;
		if (!nl) {
			*why = "truncated line (no newline)";
			return -EINVAL;
		}
		n = (size_t)(nl - (buf + pos));
		if (n >= sizeof(tmp)) {
			*why = "line too long";
			return -EINVAL;
		}
		memcpy(tmp, buf + pos, n);
		tmp[n] = '\0';
		pos += n + 1;
		if (km_split(tmp, tok, 2) != 2) {
			*why = "expected \"key value\"";
			return -EINVAL;
		}
		a = km_axis_find(tok[0]);
		if (a < 0)
			continue;	/* an axis of a newer module */
		if (km_axis_check(a, tok[1]) || strlen(tok[1]) >= KM_POLICY_VAL_MAX) {
			*why = km_axes[a].bad;
			return -EINVAL;
		}
		strcpy(res.val[a], tok[1]);
		res.has |= 1U << a;
	}
	if (!(res.has & (1U << KM_AX_GRANULARITY))) {
		*line = 0;	/* a whole-file problem: no line to name */
		*why = "no granularity line";
		return -EINVAL;
	}
	res.gran = !strcmp(res.val[KM_AX_GRANULARITY], KMEMCG_GRAN_SHADOW) ? KM_GRAN_SHADOW :
		   !strcmp(res.val[KM_AX_GRANULARITY], KMEMCG_GRAN_OBJECT) ? KM_GRAN_OBJECT :
		   KM_GRAN_PAGE;
	if (res.gran == KM_GRAN_SHADOW && !(res.has & (1U << KM_AX_SHADOW_ENFORCE))) {
		*line = 0;
		*why = "no shadow_enforce line under shadow granularity";
		return -EINVAL;
	}
	res.view = res.gran == KM_GRAN_OBJECT ? KM_VIEW_OBJECT :
		   res.gran == KM_GRAN_PAGE ? KM_VIEW_PAGE :
		   !strcmp(res.val[KM_AX_SHADOW_ENFORCE], KMEMCG_GRAN_OBJECT) ? KM_VIEW_OBJECT :
		   KM_VIEW_PAGE;
	res.file = true;
	*p = res;
	return 0;
}

int km_read_policy(struct km_policy *p)
{
	const char *why = "";
	unsigned int line = 0;
	char path[4352], *buf;
	size_t len;
	int ret;

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_POLICY);
	ret = km_read_file(path, &buf, &len);
	if (ret == -ENOENT)
		return 0;	/* a module before granularities: page */
	if (ret) {
		km_report_errno("cannot read", path, -ret);
		return -1;
	}
	ret = km_parse_policy(buf, len, p, &line, &why);
	free(buf);
	if (ret) {
		km_malformed(path, line, why);
		return -1;
	}
	return 0;
}
