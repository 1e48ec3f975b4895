// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI's reading of the module's policy file (userspace/policy_file.c,
 * km_parse_policy()) and of make experiment's policy tokens
 * (userspace/policy.c, km_policy_params()).  The first byte picks which.
 * Properties: a parsed policy has every value the CLI's checks accept
 * and a granularity line; its rendering (km_policy_render(),
 * km_json_policy_axes(), km_policy_describe()) stays in bounds; the
 * parameters of an accepted token are a NUL-terminated string that fits.
 */
#include <json-c/json.h>
#include "fuzz.h"
#include "kmemcg.h"

static FILE *sink(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	if (!f)
		abort();
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *why = NULL;
	unsigned int line = 0;
	struct km_policy p;
	char *buf;
	int a;

	if (!len)
		return 0;
	if (data[0] & 1) {
		char out[4096], w[256], *tok = fuzz_str(data + 1, len - 1);

		if (strlen(tok) < 4096 &&
		    !km_policy_params(tok, out, sizeof(out), w, sizeof(w))) {
			FUZZ_CHECK(strlen(out) < sizeof(out));
		}
		free(tok);
		return 0;
	}
	buf = fuzz_buf(data + 1, len - 1);
	if (km_parse_policy(buf, len - 1, &p, &line, &why)) {
		FUZZ_CHECK(why != NULL && line <= len);
	} else {
		char d[128];

		FUZZ_CHECK(p.file && (p.has & (1U << KM_AX_GRANULARITY)));
		for (a = 0; a < KM_AX_N; a++)
			if (p.has & (1U << a))
				FUZZ_CHECK(!km_axis_check(a, p.val[a]));
		km_policy_render(sink(), &p);
		json_object_put(km_json_policy_axes(&p));
		km_policy_describe(d, sizeof(d), &p);
	}
	free(buf);
	return 0;
}
