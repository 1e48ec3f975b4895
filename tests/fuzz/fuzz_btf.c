// SPDX-License-Identifier: GPL-2.0
/*
 * The module's BTF reader (lib/btf.c, lib/btf_member.c), which runs over
 * the kernel's own BTF at load: any blob, then every lookup the module
 * makes (module/layout.c's names) and lookups of the blob's own first
 * strings against each other, so that the fuzzer reaches the struct,
 * member, enum and function walks.  Properties: no read outside the
 * blob (an exact-size copy under AddressSanitizer), no endless walk
 * (libFuzzer's -timeout), only the documented results: 0, -ENOENT or
 * -EINVAL; a member found lies inside a struct whose size is known.
 */
#include "fuzz.h"
#include "kmemcg/btf.h"

#define NAMES	12

static const char *const fixed[] = {
	"slab", "kmem_cache", "_slab_flag_bits", "flags", "inuse", "kobj", "list",
	"name", "object_size", "objects", "oo", "size", "slab_cache",
	"__page_flags", "counters", "per_node", "node", "_SLAB_FLAGS_LAST_BIT",
};

static bool ok(int ret)
{
	return ret == 0 || ret == -ENOENT || ret == -EINVAL;
}

static void query(const struct kmemcg_btf *b, const char *st, const char *m)
{
	const char *const path[] = { m, st, NULL };
	const char *const any[] = { "nope", m, NULL };
	u32 off, sz, ssz, bits, width, nargs;
	int64_t val;
	int ret;

	ret = kmemcg_btf_member(b, st, m, &off, &sz);
	FUZZ_CHECK(ok(ret));
	FUZZ_CHECK(ok(kmemcg_btf_member_bits(b, st, m, &bits, &width)));
	FUZZ_CHECK(ok(kmemcg_btf_member_path(b, st, path, &off, &sz)));
	ret = kmemcg_btf_member_any(b, st, any, &off, &sz);
	FUZZ_CHECK(ret == 1 || ret == 0 || ret == -ENOENT || ret == -EINVAL);
	FUZZ_CHECK(ok(kmemcg_btf_struct_size(b, st, &ssz)));
	FUZZ_CHECK(ok(kmemcg_btf_func_nargs(b, st, &nargs)));
	FUZZ_CHECK(ok(kmemcg_btf_enum_value(b, st, m, &val)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *names[NAMES + ARRAY_SIZE(fixed)];
	struct kmemcg_btf b;
	size_t n = 0, i, j;
	u32 off;
	char *blob = fuzz_buf(data, len);

	if (kmemcg_btf_open(&b, blob, len)) {
		free(blob);
		return 0;
	}
	for (off = 1; off < b.strs_len && n < NAMES; off += strlen(b.strs + off) + 1)
		if (b.strs[off])
			names[n++] = b.strs + off;
	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		names[n++] = fixed[i];
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i < NAMES || j < NAMES)
				query(&b, names[i], names[j]);
	free(blob);
	return 0;
}
