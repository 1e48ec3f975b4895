// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI's argument parsers (userspace/util.c and the commands'):
 * numbers (km_parse_u64/s64/count/seconds), cgroup paths
 * (km_cgroup_path() into a buffer of the size the first byte gives),
 * sort keys and recording file names.  Properties: an accepted number
 * is plain decimal (digits, and for seconds one fraction or exponent:
 * no hex, no sign, no space) within its documented range; a cgroup
 * path comes out absolute, without "//" or a trailing slash, fits its
 * buffer, and normalising it again gives itself.
 */
#include <math.h>
#include "fuzz.h"
#include "kmemcg.h"

static bool only(const char *s, const char *set)
{
	return s[strspn(s, set)] == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	enum km_slab_sort ss;
	unsigned long count;
	enum km_sort sk;
	long long sv;
	double secs;
	char *s;
	u64 v;

	if (!len)
		return 0;
	s = fuzz_str(data + 1, len - 1);
	if (!km_parse_u64(s, &v))
		FUZZ_CHECK(only(s, "0123456789") && *s);
	if (!km_parse_s64(s, &sv))
		FUZZ_CHECK(only(s[0] == '-' ? s + 1 : s, "0123456789") && *s);
	if (!km_parse_count(s, &count))
		FUZZ_CHECK(count >= 1 && count <= 1000000000UL);
	if (!km_parse_seconds(s, &secs))
		FUZZ_CHECK(only(s, "0123456789.eE+-") && isfinite(secs) &&
			   secs >= 0.01 && secs <= 86400);
	if (!km_sort_key(s, &sk))
		FUZZ_CHECK(*s);
	if (!km_slab_sort_key(s, &ss))
		FUZZ_CHECK(*s);
	km_rec_is_csv(s);
	{
		size_t size = data[0] % 64 + 1;
		char *out = malloc(size), again[4096];

		if (!out)
			abort();
		if (!km_cgroup_path(s, out, size)) {
			size_t n = strlen(out);

			FUZZ_CHECK(n < size && out[0] == '/' && !strstr(out, "//"));
			FUZZ_CHECK(n == 1 || out[n - 1] != '/');
			FUZZ_CHECK(!km_cgroup_path(out, again, sizeof(again)));
			FUZZ_CHECK(!strcmp(out, again) || !strncmp(out, "/sys/fs/cgroup", 14));
		}
		free(out);
	}
	free(s);
	return 0;
}
