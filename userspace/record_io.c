// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a recording (kmemcg record) back, for kmemcg plot: the cgroup
 * rows of a CSV file (RFC 4180 quoting; columns found by header name) or
 * of a JSON Lines file (json-c).  Per-cache rows are skipped.  Any
 * malformed row is an error naming its line; a time must be Unix
 * seconds (finite, 0 to 1e11).  A CSV file with a policy
 * column (make experiment's usage-WORKLOAD.csv: one cgroup under several
 * policies) has one series per policy instead of per cgroup.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "kmemcg.h"

#define KM_CSV_MAXF	32	/* 17 in a --caches recording under shadow */
#define KM_REC_TIME_MAX	1e11	/* seconds: the year 5138 */

int km_rec_is_csv(const char *file)
{
	const char *dot = strrchr(file, '.');

	if (!dot || strchr(dot, '/'))
		return -1;
	if (!strcmp(dot, ".csv"))
		return 1;
	if (!strcmp(dot, ".jsonl") || !strcmp(dot, ".json") || !strcmp(dot, ".ndjson"))
		return 0;
	return -1;
}

/*
 * Split one CSV record starting at *pos into fields (unquoted in place in
 * buf); advances *pos past its newline.  Returns the field count or -1.
 */
static int km_csv_record(char *buf, size_t len, size_t *pos, char **f, int max)
{
	size_t i = *pos;
	int n = 0;

	for (;;) {
		char *w = buf + i;

		if (n == max)
			return -1;
		f[n++] = w;
		if (i < len && buf[i] == '"') {
			for (i++;; i++) {
				if (i >= len)
					return -1;	/* unterminated quote */
				if (buf[i] == '"' && i + 1 < len && buf[i + 1] == '"')
					*w++ = buf[i++];
				else if (buf[i] == '"')
					break;
				else
					*w++ = buf[i];
			}
			i++;
			if (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r')
				return -1;
		} else {
			while (i < len && buf[i] != ',' && buf[i] != '\n')
				*w++ = buf[i++];
			if (w > f[n - 1] && w[-1] == '\r')
				w--;
		}
		if (i < len && buf[i] == '\r')
			i++;
		if (i >= len || buf[i] == '\n') {
			*w = '\0';
			*pos = i + 1;
			return i >= len ? -2 - n : n;	/* no newline: truncated */
		}
		*w = '\0';
		i++;	/* the comma */
	}
}

/*
 * Unix seconds, as kmemcg record writes them: no NaN, no infinity, none
 * negative or beyond the year 5000 (plot's time axis needs t + 1 > t).
 */
static bool km_rec_time_ok(double t)
{
	return isfinite(t) && t >= 0 && t <= KM_REC_TIME_MAX;
}

static void km_rec_add(struct km_recording *r, const struct km_sample *s)
{
	r->s = km_realloc(r->s, (r->n + 1) * sizeof(*r->s));
	r->s[r->n++] = *s;
}

static int km_rec_csv(char *buf, size_t len, struct km_recording *r,
		      unsigned int *line, const char **why)
{
	int it = -1, ic = -1, iu = -1, il = -1, ik = -1, ip = -1, n, i;
	char *f[KM_CSV_MAXF];
	size_t pos = 0;

	*line = 1;
	n = km_csv_record(buf, len, &pos, f, KM_CSV_MAXF);
	if (n < 0) {
		*why = "bad header";
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		it = strcmp(f[i], "time") ? it : i;
		ic = strcmp(f[i], "cgroup") ? ic : i;
		iu = strcmp(f[i], "usage_bytes") ? iu : i;
		il = strcmp(f[i], "limit_bytes") ? il : i;
		ik = strcmp(f[i], "cache") ? ik : i;
		ip = strcmp(f[i], "policy") ? ip : i;
	}
	if (it < 0 || ic < 0 || iu < 0 || il < 0) {
		*why = "the header lacks time, cgroup, usage_bytes or limit_bytes";
		return -EINVAL;
	}
	while (pos < len) {
		struct km_sample s = { 0 };
		char *end;
		int m;

		(*line)++;
		m = km_csv_record(buf, len, &pos, f, KM_CSV_MAXF);
		if (m < -1) {
			*why = "truncated row (no newline)";
			return -EINVAL;
		}
		if (m != n) {
			*why = "wrong number of fields";
			return -EINVAL;
		}
		if (ik >= 0 && f[ik][0])
			continue;	/* a per-cache row */
		errno = 0;
		s.time = strtod(f[it], &end);
		if (errno || end == f[it] || *end || !km_rec_time_ok(s.time) ||
		    km_parse_u64(f[iu], &s.usage) ||
		    (f[il][0] && km_parse_u64(f[il], &s.limit)) || f[ic][0] != '/') {
			*why = "a field is not a number, or the cgroup not a path";
			return -EINVAL;
		}
		if (ip >= 0 && !f[ip][0]) {
			*why = "an empty policy";
			return -EINVAL;
		}
		if (!f[il][0])
			s.limit = KM_UNLIMITED;
		s.cgroup = km_strdup(ip >= 0 ? f[ip] : f[ic]);	/* the series' name */
		km_rec_add(r, &s);
	}
	return 0;
}

static int km_rec_jsonl(const char *buf, size_t len, struct km_recording *r,
			unsigned int *line, const char **why)
{
	size_t pos = 0;

	*line = 0;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		struct json_object *o, *t, *c, *u, *l, *k;
		struct km_sample s = { 0 };
		enum json_tokener_error jerr;
		struct json_tokener *tok;

		(*line)++;
		if (!nl) {
			*why = "truncated row (no newline)";
			return -EINVAL;
		}
		tok = json_tokener_new();
		o = json_tokener_parse_ex(tok, buf + pos, (int)(nl - (buf + pos)));
		jerr = json_tokener_get_error(tok);
		json_tokener_free(tok);
		pos = (size_t)(nl - buf) + 1;
		if (!o || jerr != json_tokener_success ||
		    !json_object_is_type(o, json_type_object)) {
			json_object_put(o);
			*why = "not a JSON object";
			return -EINVAL;
		}
		if (json_object_object_get_ex(o, "cache", &k)) {
			json_object_put(o);
			continue;
		}
		if (!json_object_object_get_ex(o, "time", &t) ||
		    !json_object_object_get_ex(o, "cgroup", &c) ||
		    !json_object_object_get_ex(o, "usage_bytes", &u) ||
		    !json_object_object_get_ex(o, "limit_bytes", &l) ||
		    !json_object_is_type(c, json_type_string) ||
		    !json_object_is_type(u, json_type_int) ||
		    !(json_object_is_type(t, json_type_double) ||
		      json_object_is_type(t, json_type_int)) ||
		    !(l == NULL || json_object_is_type(l, json_type_int))) {
			json_object_put(o);
			*why = "missing or mistyped time, cgroup, usage_bytes or limit_bytes";
			return -EINVAL;
		}
		s.time = json_object_get_double(t);
		if (!km_rec_time_ok(s.time)) {
			json_object_put(o);
			*why = "the time is not Unix seconds";
			return -EINVAL;
		}
		s.usage = json_object_get_uint64(u);
		s.limit = l ? json_object_get_uint64(l) : KM_UNLIMITED;
		s.cgroup = km_strdup(json_object_get_string(c));
		json_object_put(o);
		km_rec_add(r, &s);
	}
	return 0;
}

int km_rec_parse(const char *buf, size_t len, bool csv, struct km_recording *r,
		 unsigned int *line, const char **why)
{
	char *copy;
	int ret;

	memset(r, 0, sizeof(*r));
	*line = 0;
	if (!len) {
		*why = "empty file";
		return -EINVAL;
	}
	if (memchr(buf, '\0', len)) {
		*why = "binary data";
		return -EINVAL;
	}
	copy = km_alloc(len + 1);
	memcpy(copy, buf, len);
	ret = csv ? km_rec_csv(copy, len, r, line, why) : km_rec_jsonl(copy, len, r, line, why);
	free(copy);
	if (!ret && !r->n) {
		*why = "no samples";
		ret = -EINVAL;
	}
	if (ret)
		km_rec_free(r);
	return ret;
}

void km_rec_free(struct km_recording *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->s[i].cgroup);
	free(r->s);
	r->s = NULL;
	r->n = 0;
}
