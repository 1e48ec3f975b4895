// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI's reader of the module's top-level caches file
 * (userspace/caches.c, km_parse_caches()) and kmemcg caches' table.
 * Properties: no read out of the input; a failure names a line (but
 * for an empty or binary file) and says why; a parsed file holds no NUL byte (binary data is refused,
 * as by every other reader); the table renders.
 */
#include "fuzz.h"
#include "kmemcg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct km_caches cs = { 0 };
	const char *why = NULL;
	unsigned int line = 0;
	char *buf = fuzz_buf(data, len);
	int ret;

	ret = km_parse_caches(buf, len, &cs, &line, &why);
	free(buf);
	if (ret) {
		FUZZ_CHECK(ret == -EINVAL && why);
		/* line 0: the whole file (empty, binary) */
		FUZZ_CHECK(line >= 1 || !len || memchr(data, '\0', len));
		return 0;
	}
	FUZZ_CHECK(!memchr(data, '\0', len));
	{
		FILE *f = fopen("/dev/null", "w");

		if (!f)
			abort();
		km_cachelist_render(f, &cs);
		fclose(f);
	}
	km_caches_free(&cs);
	return 0;
}
