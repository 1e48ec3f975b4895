// SPDX-License-Identifier: GPL-2.0
/*
 * The module's accounting granularity, from its policy file (files.h,
 * KMEMCG_FILE_POLICY): "key value" lines whose values are words.  The CLI
 * needs two: the granularity (page, object or shadow) and, under shadow,
 * the view limits are enforced against.  Keys it does not know are other
 * policy axes and are ignored; a module without the file is page
 * granularity.  The parser takes a buffer so the unit tests can feed it
 * malformed and truncated text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "kmemcg.h"

#define KM_POLICY_LINE_MAX	256

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
	bool got_gran = false, got_enforce = false;
	enum km_gran gran = KM_GRAN_PAGE;
	enum km_view enforce = KM_VIEW_PAGE;
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
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		char tmp[KM_POLICY_LINE_MAX], *tok[2];
		size_t n;

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
		if (!strcmp(tok[0], KMEMCG_POLICY_GRANULARITY)) {
			if (!strcmp(tok[1], KMEMCG_GRAN_PAGE)) {
				gran = KM_GRAN_PAGE;
			} else if (!strcmp(tok[1], KMEMCG_GRAN_OBJECT)) {
				gran = KM_GRAN_OBJECT;
			} else if (!strcmp(tok[1], KMEMCG_GRAN_SHADOW)) {
				gran = KM_GRAN_SHADOW;
			} else {
				*why = "the granularity is not page, object or shadow";
				return -EINVAL;
			}
			got_gran = true;
		} else if (!strcmp(tok[0], KMEMCG_POLICY_SHADOW_ENFORCE)) {
			if (!strcmp(tok[1], KMEMCG_GRAN_PAGE)) {
				enforce = KM_VIEW_PAGE;
			} else if (!strcmp(tok[1], KMEMCG_GRAN_OBJECT)) {
				enforce = KM_VIEW_OBJECT;
			} else {
				*why = "shadow_enforce is not page or object";
				return -EINVAL;
			}
			got_enforce = true;
		}
		/* any other key: another policy axis, not the CLI's business */
	}
	if (!got_gran) {
		*line = 0;	/* a whole-file problem: no line to name */
		*why = "no granularity line";
		return -EINVAL;
	}
	if (gran == KM_GRAN_SHADOW && !got_enforce) {
		*line = 0;
		*why = "no shadow_enforce line under shadow granularity";
		return -EINVAL;
	}
	p->gran = gran;
	p->view = gran == KM_GRAN_SHADOW ? enforce :
		  gran == KM_GRAN_OBJECT ? KM_VIEW_OBJECT : KM_VIEW_PAGE;
	p->file = true;
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
