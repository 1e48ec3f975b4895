// SPDX-License-Identifier: GPL-2.0
/*
 * Recordings read back for kmemcg plot (userspace/record_io.c: CSV with
 * RFC 4180 quoting, or JSON Lines through json-c, picked by the first
 * byte) and the SVG chart drawn from them (userspace/plot.c).
 * Properties: no read out of the input; a failure names a line and says
 * why; an accepted recording has samples, each with a series name, and
 * its chart renders.
 */
#include "fuzz.h"
#include "kmemcg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct km_recording r;
	const char *why = NULL;
	unsigned int line = 0;
	char *buf;
	size_t i;
	FILE *f;
	int ret;

	if (!len)
		return 0;
	buf = fuzz_buf(data + 1, len - 1);
	ret = km_rec_parse(buf, len - 1, data[0] & 1, &r, &line, &why);
	free(buf);
	if (ret) {
		FUZZ_CHECK(ret == -EINVAL && why && r.n == 0);
		return 0;
	}
	FUZZ_CHECK(r.n > 0);
	for (i = 0; i < r.n; i++)
		FUZZ_CHECK(r.s[i].cgroup != NULL);
	f = fopen("/dev/null", "w");
	if (!f)
		abort();
	km_plot_render(f, &r, "fuzz");
	fclose(f);
	km_rec_free(&r);
	return 0;
}
