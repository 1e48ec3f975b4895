// SPDX-License-Identifier: GPL-2.0
/*
 * Errors, allocation, strict number parsing and cgroup paths for the CLI.
 * Every number a user or a module file gives is parsed here, with full
 * checks (whole string, range, errno); never atoi().
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "kmemcg.h"

void km_err(const char *fmt, ...)
{
	va_list ap;

	fputs("kmemcg: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int km_usage_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kmemcg%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "; see kmemcg %s --help\n", cmd);
	else
		fprintf(stderr, "; see kmemcg --help\n");
	return KM_EXIT_USAGE;
}

void *km_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p) {
		km_err("out of memory");
		exit(KM_EXIT_FAIL);
	}
	return p;
}

void *km_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		km_err("out of memory");
		exit(KM_EXIT_FAIL);
	}
	return p;
}

char *km_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(km_alloc(n), s, n);
}

int km_parse_u64(const char *s, u64 *v)
{
	unsigned long long x;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;		/* no sign, no space, not empty */
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end)
		return -EINVAL;
	*v = x;
	return 0;
}

int km_parse_s64(const char *s, long long *v)
{
	long long x;
	char *end;

	if (!s || !(isdigit((unsigned char)s[0]) ||
		    (s[0] == '-' && isdigit((unsigned char)s[1]))))
		return -EINVAL;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end)
		return -EINVAL;
	*v = x;
	return 0;
}

int km_parse_count(const char *s, unsigned long *v)
{
	u64 x;
	int ret = km_parse_u64(s, &x);

	if (ret)
		return ret;
	if (x < 1 || x > 1000000000ULL)
		return -ERANGE;
	*v = (unsigned long)x;
	return 0;
}

int km_parse_seconds(const char *s, double *v)
{
	double x;
	char *end;

	/* decimal only: strtod() takes hex ("0x8") too */
	if (!s || !(isdigit((unsigned char)s[0]) || s[0] == '.') ||
	    s[strspn(s, "0123456789.eE+-")])
		return -EINVAL;
	errno = 0;
	x = strtod(s, &end);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end || end == s || !isfinite(x))
		return -EINVAL;
	if (x < 0.01 || x > 86400)
		return -ERANGE;
	*v = x;
	return 0;
}

int km_cgroup_path(const char *arg, char *out, size_t size)
{
	static const char mnt[] = "/sys/fs/cgroup";
	size_t o = 0;
	const char *p = arg;

	if (!strncmp(p, mnt, sizeof(mnt) - 1) &&
	    (p[sizeof(mnt) - 1] == '/' || p[sizeof(mnt) - 1] == '\0'))
		p += sizeof(mnt) - 1;

	if (size < 2)
		return -ENAMETOOLONG;
	out[o++] = '/';
	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (!n)
			break;
		if ((n == 1 && p[0] == '.') || (n == 2 && !strncmp(p, "..", 2)))
			return -EINVAL;	/* no ".", "..": paths as users know them */
		if (o > 1)
			out[o++] = '/';
		if (o + n + 1 > size)
			return -ENAMETOOLONG;
		memcpy(out + o, p, n);
		o += n;
		p += n;
	}
	out[o] = '\0';
	return 0;
}

const char *km_size(char *buf, size_t size, u64 v, bool raw)
{
	if (v >= KM_UNLIMITED)
		snprintf(buf, size, "max");
	else if (raw)
		snprintf(buf, size, "%llu", (unsigned long long)v);
	else
		kmemcg_format_size(buf, size, v);
	return buf;
}

int km_split(char *line, char **tok, int max)
{
	int n = 0;
	char *p = line;

	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n == max)
			return max + 1;	/* too many */
		tok[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}
