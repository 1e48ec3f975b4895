// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI's slabinfo parsers (userspace/slab.c): a cgroup's
 * memory.kmem.slabinfo (2.1 format) or the top-level slabinfo, picked
 * by the first byte, then everything kmemcg slabinfo does with them
 * (object view, merge, every sort, the table).  Properties: no read out
 * of the input, a failure names a line, and merging a list into an
 * empty one keeps the byte total.
 */
#include "fuzz.h"
#include "kmemcg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct km_slabs s = { 0 }, m = { 0 };
	struct km_policy pol = { 0 };
	const char *why = NULL;
	unsigned int line = 0;
	bool all;
	char *buf;
	FILE *f;
	int ret, k;

	if (!len)
		return 0;
	all = data[0] & 1;
	buf = fuzz_buf(data + 1, len - 1);
	ret = all ? km_parse_all_slabinfo(buf, len - 1, &s, &line, &why) :
		    km_parse_slabinfo(buf, len - 1, &s, &line, &why);
	free(buf);
	if (ret) {
		FUZZ_CHECK(ret == -EINVAL && why);
		return 0;
	}
	f = fopen("/dev/null", "w");
	if (!f)
		abort();
	if (!all)
		km_slabs_object_view(&s);
	km_slabs_merge(&m, &s);
	for (k = KM_SLAB_SIZE; k <= KM_SLAB_GROWTH; k++) {
		km_slabs_sort(&m, (enum km_slab_sort)k);
		km_slabinfo_render(f, &m, &pol, data[0] & 2);
	}
	fclose(f);
	km_slabs_free(&m);
	km_slabs_free(&s);
	return 0;
}
