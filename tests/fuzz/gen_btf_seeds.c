// SPDX-License-Identifier: GPL-2.0
/*
 * Seeds of fuzz_btf: small BTF blobs in the shapes the module looks up
 * (struct slab with a bitfield union and an anonymous member, struct
 * kmem_cache with a kobject and an array, an enum, a function), written
 * with tests/unit/btf_writer.h into the directory given.  Run by seed.sh.
 */
#include <stdio.h>
#include <stdlib.h>

#define assert_true(c) do { if (!(c)) abort(); } while (0)
#include "btf_writer.h"

static void save(const char *dir, const char *name, const struct bb *b)
{
	static uint8_t out[40000];
	size_t n = bb_blob(b, out, sizeof(out));
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(out, 1, n, f) != n || fclose(f))
		abort();
}

int main(int argc, char **argv)
{
	uint32_t ulong, uint, ptr, bits, u, lh, arr, fp;
	struct bb b;

	if (argc != 2)
		return 2;
	bb_init(&b);
	ulong = bb_int(&b, "long unsigned int", 8, 64, 0);
	uint = bb_int(&b, "unsigned int", 4, 32, 0);
	ptr = bb_type(&b, NULL, K_PTR, 0, 0, 0);
	lh = bb_type(&b, "list_head", K_STRUCT, 0, 2, 16);
	bb_member(&b, "next", ptr, 0);
	bb_member(&b, "prev", ptr, 64);
	bits = bb_type(&b, NULL, K_STRUCT, 1, 3, 4);
	bb_member(&b, "inuse", uint, (16u << 24) | 0);
	bb_member(&b, "objects", uint, (15u << 24) | 16);
	bb_member(&b, "frozen", uint, (1u << 24) | 31);
	u = bb_type(&b, NULL, K_UNION, 0, 2, 8);
	bb_member(&b, "counters", ulong, 0);
	bb_member(&b, NULL, bits, 0);
	bb_type(&b, "slab", K_STRUCT, 0, 5, 64);
	bb_member(&b, "__page_flags", ulong, 0);
	bb_member(&b, "slab_list", lh, 64);
	bb_member(&b, "slab_cache", ptr, 192);
	bb_member(&b, NULL, u, 256);
	bb_member(&b, "memcg_data", ulong, 320);
	save(argv[1], "slab", &b);

	arr = bb_type(&b, NULL, K_ARRAY, 0, 0, 0);
	bb_u32(&b, ptr);
	bb_u32(&b, uint);
	bb_u32(&b, 4);
	bb_type(&b, "kmem_cache", K_STRUCT, 0, 6, 96);
	bb_member(&b, "flags", ulong, 0);
	bb_member(&b, "size", uint, 64);
	bb_member(&b, "object_size", uint, 96);
	bb_member(&b, "oo", uint, 128);
	bb_member(&b, "name", ptr, 192);
	bb_member(&b, "per_node", arr, 256);
	bb_type(&b, "_slab_flag_bits", K_ENUM, 0, 2, 4);
	bb_u32(&b, bb_str(&b, "_SLAB_CONSISTENCY_CHECKS"));
	bb_u32(&b, 0);
	bb_u32(&b, bb_str(&b, "_SLAB_FLAGS_LAST_BIT"));
	bb_u32(&b, 27);
	fp = bb_type(&b, NULL, K_FUNC_PROTO, 0, 2, uint);
	bb_u32(&b, bb_str(&b, "s"));
	bb_u32(&b, ptr);
	bb_u32(&b, bb_str(&b, "flags"));
	bb_u32(&b, uint);
	bb_type(&b, "slab_alloc_node", K_FUNC, 0, 0, fp);
	bb_type(&b, "kmem_cache_t", K_TYPEDEF, 0, 0, b.nid - 6);
	save(argv[1], "kmem_cache", &b);
	return 0;
}
