// SPDX-License-Identifier: GPL-2.0
/*
 * lib/policy.c's kmemcg_policy_write(), what a write to the module's
 * policy file goes through, and every name parser of lib/policy_names.c
 * with it.  The first byte picks the policy written to (granularity and
 * hierarchy, fixed at load), the rest is the line.  Properties: a
 * refused write (-EINVAL, -EBUSY only) changes nothing; after an
 * accepted one, the policy file's text (kmemcg_policy_show()) written
 * back line by line into a fresh policy of the same load-time axes is
 * accepted and shows the same text.
 */
#include "fuzz.h"
#include "kmemcg/policy.h"

#define SHOW_MAX	8192

static void fresh(struct kmemcg_policy *p, uint8_t sel)
{
	*p = kmemcg_default_policy;
	p->granularity = (enum kmemcg_granularity)(sel % 3);
	p->hierarchy = (sel >> 2) & 1 ? KMEMCG_HIERARCHY_FLAT : KMEMCG_HIERARCHY_HIERARCHICAL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static char a[SHOW_MAX], b[SHOW_MAX];
	struct kmemcg_policy p, before, q;
	const char *key = NULL;
	char *line, *save, *l;
	size_t n;
	int ret;

	if (!len || len > 2 * KMEMCG_POLICY_LINE_MAX)
		return 0;
	fresh(&p, data[0]);
	before = p;
	line = fuzz_str(data + 1, len - 1);
	ret = kmemcg_policy_write(&p, line, &key);
	free(line);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -EBUSY);
	if (ret) {
		FUZZ_CHECK(!memcmp(&p, &before, sizeof(p)));
		return 0;
	}
	FUZZ_CHECK(key != NULL);
	n = kmemcg_policy_show(&p, a, sizeof(a));
	FUZZ_CHECK(n < sizeof(a) && strlen(a) == n);
	fresh(&q, data[0]);
	for (l = strtok_r(a, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char copy[SHOW_MAX];

		snprintf(copy, sizeof(copy), "%s\n", l);
		FUZZ_CHECK(kmemcg_policy_write(&q, copy, &key) == 0);
	}
	kmemcg_policy_show(&p, a, sizeof(a));
	kmemcg_policy_show(&q, b, sizeof(b));
	FUZZ_CHECK(!strcmp(a, b));
	return 0;
}
