// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI's readers of the module's small files (userspace/fs.c,
 * status.c): "key value" files (stat, memory.kmem.stat), one-number
 * files (usage, limit, failcnt...) and the version file; and the
 * kernel's memory.stat (userspace/compare.c); a dead group's info file
 * (userspace/dead.c).  The first byte picks the
 * parser.  Properties: no read out of the input; a failure says why.
 */
#include "fuzz.h"
#include "kmemcg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *why = NULL;
	unsigned int line = 0;
	char ver[64], kern[64], age[32];
	struct km_dead d;
	struct km_memstat ms;
	struct km_kvs kvs;
	long long val;
	char *buf;
	int ret;
	u64 v;

	if (!len)
		return 0;
	buf = fuzz_buf(data + 1, len - 1);
	switch (data[0] % 5) {
	case 0:
		ret = km_parse_kv(buf, len - 1, &kvs, &line, &why);
		if (!ret) {
			if (kvs.n)
				FUZZ_CHECK(km_kv_get(&kvs, kvs.kv[0].key, &val));
			km_kv_free(&kvs);
		}
		break;
	case 1:
		ret = km_parse_value(buf, len - 1, &v, &why);
		break;
	case 2:
		ret = km_parse_version(buf, len - 1, ver, sizeof(ver), kern, sizeof(kern), &why);
		if (!ret)
			FUZZ_CHECK(strlen(ver) < sizeof(ver) && strlen(kern) < sizeof(kern));
		break;
	case 3:
		ret = km_parse_memstat(buf, len - 1, &ms, &line, &why);
		break;
	default:
		memset(&d, 0, sizeof(d));
		ret = km_parse_dead_info(buf, len - 1, &d, &line, &why);
		if (!ret) {
			FUZZ_CHECK(d.path && d.path[0] == '/');
			km_age(age, sizeof(age), d.age_s);
			km_age(age, sizeof(age), d.removed_s);
			free(d.path);
		}
		break;
	}
	FUZZ_CHECK(ret == 0 || (ret == -EINVAL && why));
	free(buf);
	return 0;
}
