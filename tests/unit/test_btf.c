// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of lib/btf.c: hand-made BTF blobs built here (every kind, so
 * that the walk's record lengths are exercised; anonymous members;
 * typedefs; both bitfield encodings; corrupt and truncated blobs, each
 * copied into an exact-size buffer so that the -asan build catches any
 * read past the end), and the running kernel's /sys/kernel/btf/vmlinux
 * when it can be read.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "tap.h"
#include "kmemcg/btf.h"

#include "btf_writer.h"

/* ------------------------------------------------------------------ */
/* The reference blob.                                                 */

static uint8_t ref[16384];
static size_t ref_len;
static uint32_t ref_types_len;

/*
 * struct inner  { int a; int b; };                           size 8
 * struct outer  {                                            size 88
 *	int x;                          0
 *	const myint t;                  4   (typedef int myint)
 *	int *p;                         8
 *	int arr[10];                   16   size 40
 *	union { long u1; int *u2; };   56   anonymous
 *	struct inner in;               64   size 8
 *	struct {                       72   anonymous
 *		myint deep;            72
 *		union { int deepest; }; 76  anonymous in anonymous
 *	};
 *	long tail;                     80
 * };
 * struct bits   { int f1:3; int f2:5; int whole; };  kind_flag encoding
 * struct oldbits { int3 ob; int odd @ bit 12; };     old encoding
 * struct mods   { volatile restrict tagged enum64 e; enum e32 f; double g;
 *                 char flex[]; struct fwdonly *fp; };
 * struct dup { int first; }  struct dup { long second; }   first wins
 * union onlyunion { int x; };  struct fwdonly (FWD only)
 * ...and one record of each other kind, in between.
 */
static void build_ref(void)
{
	struct bb *b = calloc(1, sizeof(*b));
	uint32_t t_int, t_long, t_myint, t_cmy, t_ptr, t_arr, t_anon_u, t_inner;
	uint32_t t_anon_s, t_anon_u2, t_int3, t_e64, t_tag, t_vol, t_res, t_e32;
	uint32_t t_dbl, t_char, t_flex, t_fwd, t_pfwd;

	assert_non_null(b);
	bb_init(b);
	t_int = bb_int(b, "int", 4, 32, 0);
	t_long = bb_int(b, "long", 8, 64, 0);
	t_myint = bb_type(b, "myint", K_TYPEDEF, 0, 0, t_int);
	t_cmy = bb_type(b, NULL, K_CONST, 0, 0, t_myint);
	t_ptr = bb_type(b, NULL, K_PTR, 0, 0, t_int);

	/* Kinds with trailing data of every length, before the structs. */
	t_e32 = bb_type(b, "e", K_ENUM, 0, 2, 4);
	bb_u32(b, bb_str(b, "E_A"));
	bb_u32(b, 0);
	bb_u32(b, bb_str(b, "E_B"));
	bb_u32(b, 1);
	t_arr = bb_type(b, NULL, K_ARRAY, 0, 0, 0);
	bb_u32(b, t_int);
	bb_u32(b, t_int);
	bb_u32(b, 10);
	bb_type(b, NULL, K_FUNC_PROTO, 0, 2, t_int);
	bb_u32(b, bb_str(b, "arg0"));
	bb_u32(b, t_int);
	bb_u32(b, 0);
	bb_u32(b, t_ptr);
	bb_type(b, "fn", K_FUNC, 0, 1, b->nid);
	bb_type(b, "var", K_VAR, 0, 0, t_int);
	bb_u32(b, 1);
	bb_type(b, ".data", K_DATASEC, 0, 1, 64);
	bb_u32(b, b->nid - 1);
	bb_u32(b, 0);
	bb_u32(b, 4);
	bb_type(b, "tag", K_DECL_TAG, 0, 0, t_int);
	bb_u32(b, (uint32_t)-1);

	t_anon_u = bb_type(b, NULL, K_UNION, 0, 2, 8);
	bb_member(b, "u1", t_long, 0);
	bb_member(b, "u2", t_ptr, 0);

	t_inner = bb_type(b, "inner", K_STRUCT, 0, 2, 8);
	bb_member(b, "a", t_int, 0);
	bb_member(b, "b", t_int, 32);

	/* Forward references: ids of the anonymous struct and union. */
	t_anon_s = b->nid + 2;
	t_anon_u2 = b->nid + 3;
	bb_type(b, "outer", K_STRUCT, 0, 8, 88);
	bb_member(b, "x", t_int, 0);
	bb_member(b, "t", t_cmy, 32);
	bb_member(b, "p", t_ptr, 64);
	bb_member(b, "arr", t_arr, 128);
	bb_member(b, NULL, t_anon_u, 448);
	bb_member(b, "in", t_inner, 512);
	bb_member(b, NULL, t_anon_s, 576);
	bb_member(b, "tail", t_long, 640);
	assert_int_equal(bb_type(b, NULL, K_STRUCT, 0, 2, 8), t_anon_s);
	bb_member(b, "deep", t_myint, 0);
	bb_member(b, NULL, t_anon_u2, 32);
	assert_int_equal(bb_type(b, NULL, K_UNION, 0, 1, 4), t_anon_u2);
	bb_member(b, "deepest", t_int, 0);

	bb_type(b, "bits", K_STRUCT, 1, 3, 8);
	bb_member(b, "f1", t_int, (3u << 24) | 0);
	bb_member(b, "f2", t_int, (5u << 24) | 3);
	bb_member(b, "whole", t_int, 32);

	t_int3 = bb_int(b, "int3", 4, 3, 0);
	bb_type(b, "oldbits", K_STRUCT, 0, 3, 8);
	bb_member(b, "ob", t_int3, 0);
	bb_member(b, "odd", t_int, 12);
	bb_member(b, "fine", t_int, 32);

	t_e64 = bb_type(b, "e64", K_ENUM64, 0, 1, 8);
	bb_u32(b, bb_str(b, "E64_A"));
	bb_u32(b, 1);
	bb_u32(b, 2);
	t_tag = bb_type(b, "rcu", K_TYPE_TAG, 0, 0, t_e64);
	t_res = bb_type(b, NULL, K_RESTRICT, 0, 0, t_tag);
	t_vol = bb_type(b, NULL, K_VOLATILE, 0, 0, t_res);
	t_dbl = bb_type(b, "double", K_FLOAT, 0, 0, 8);
	t_char = bb_int(b, "char", 1, 8, 0);
	t_flex = bb_type(b, NULL, K_ARRAY, 0, 0, 0);
	bb_u32(b, t_char);
	bb_u32(b, t_int);
	bb_u32(b, 0);
	t_fwd = bb_type(b, "fwdonly", K_FWD, 0, 0, 0);
	t_pfwd = bb_type(b, NULL, K_PTR, 0, 0, t_fwd);
	bb_type(b, "mods", K_STRUCT, 0, 5, 32);
	bb_member(b, "e", t_vol, 0);
	bb_member(b, "f", t_e32, 64);
	bb_member(b, "g", t_dbl, 128);
	bb_member(b, "fp", t_pfwd, 192);
	bb_member(b, "flex", t_flex, 256);
	bb_type(b, "fwdstruct", K_STRUCT, 0, 1, 8);
	bb_member(b, "opaque", t_fwd, 0);

	bb_type(b, "dup", K_STRUCT, 0, 1, 4);
	bb_member(b, "first", t_int, 0);
	bb_type(b, "dup", K_STRUCT, 0, 1, 8);
	bb_member(b, "second", t_long, 0);
	bb_type(b, "onlyunion", K_UNION, 0, 1, 4);
	bb_member(b, "x", t_int, 0);
	bb_type(b, "last", K_STRUCT, 0, 1, 4);
	bb_member(b, "end", t_int, 0);

	ref_types_len = (uint32_t)(b->ntw * 4);
	ref_len = bb_blob(b, ref, sizeof(ref));
	free(b);
}

static int ref_setup(void **state)
{
	(void)state;
	if (!ref_len)
		build_ref();
	return 0;
}

/* An exact-size heap copy of the first len bytes of p. */
static void *dup_exact(const void *p, size_t len)
{
	void *q = malloc(len ? len : 1);

	assert_non_null(q);
	memcpy(q, p, len);
	return q;
}

struct mcase {
	const char *st, *mb;
	int err;
	uint32_t off, size;
};

static const struct mcase mcases[] = {
	{ "outer", "x", 0, 0, 4 },
	{ "outer", "t", 0, 4, 4 },	/* const typedef'd int */
	{ "outer", "p", 0, 8, 8 },
	{ "outer", "arr", 0, 16, 40 },
	{ "outer", "u1", 0, 56, 8 },	/* in an anonymous union */
	{ "outer", "u2", 0, 56, 8 },
	{ "outer", "in", 0, 64, 8 },
	{ "outer", "deep", 0, 72, 4 },	/* anonymous struct, typedef */
	{ "outer", "deepest", 0, 76, 4 },	/* anonymous in anonymous */
	{ "outer", "tail", 0, 80, 8 },
	{ "inner", "b", 0, 4, 4 },
	{ "outer", "a", -ENOENT, 0, 0 },	/* member of a named member */
	{ "outer", "nope", -ENOENT, 0, 0 },
	{ "outer", "", -ENOENT, 0, 0 },
	{ "nope", "x", -ENOENT, 0, 0 },
	{ "onlyunion", "x", -ENOENT, 0, 0 },	/* a union is not a struct */
	{ "fwdonly", "x", -ENOENT, 0, 0 },	/* a FWD is not a struct */
	{ "myint", "x", -ENOENT, 0, 0 },
	{ "bits", "f1", -EINVAL, 0, 0 },	/* bitfield, kind_flag */
	{ "bits", "f2", -EINVAL, 0, 0 },
	{ "bits", "whole", 0, 4, 4 },
	{ "oldbits", "ob", -EINVAL, 0, 0 },	/* bitfield, int encoding */
	{ "oldbits", "odd", -EINVAL, 0, 0 },	/* not on a byte */
	{ "oldbits", "fine", 0, 4, 4 },
	{ "mods", "e", 0, 0, 8 },	/* volatile restrict type_tag enum64 */
	{ "mods", "f", 0, 8, 4 },
	{ "mods", "g", 0, 16, 8 },
	{ "mods", "fp", 0, 24, 8 },
	{ "mods", "flex", 0, 32, 0 },	/* flexible array: size unknown */
	{ "fwdstruct", "opaque", 0, 0, 0 },	/* incomplete type: unknown */
	{ "dup", "first", 0, 0, 4 },	/* the first struct of a name */
	{ "dup", "second", -ENOENT, 0, 0 },
	{ "last", "end", 0, 0, 4 },
};

static void check_mcases(const struct kmemcg_btf *btf)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mcases); i++) {
		const struct mcase *m = &mcases[i];
		uint32_t off = 0xaaaa, size = 0xbbbb;
		int err = kmemcg_btf_member(btf, m->st, m->mb, &off, &size);

		if (err != m->err || (!err && (off != m->off || size != m->size)))
			fail_msg("%s.%s: err %d off %u size %u, want err %d off %u size %u",
				 m->st, m->mb, err, off, size, m->err, m->off, m->size);
		/* size is optional. */
		off = 0xaaaa;
		err = kmemcg_btf_member(btf, m->st, m->mb, &off, NULL);
		assert_int_equal(err, m->err);
		if (!err)
			assert_int_equal(off, m->off);
	}
}

static void test_members(void **state)
{
	struct kmemcg_btf btf;
	void *blob = dup_exact(ref, ref_len);

	(void)state;
	assert_int_equal(kmemcg_btf_open(&btf, blob, ref_len), 0);
	assert_ptr_equal(btf.data, blob);
	assert_int_equal(btf.types_len, ref_types_len);
	check_mcases(&btf);
	free(blob);
}

/* Bit positions and widths, bitfields included (struct slab's counters). */
static void test_member_bits(void **state)
{
	static const struct { const char *st, *mb; int err; uint32_t off, width; } c[] = {
		{ "bits", "f1", 0, 0, 3 },		/* kind_flag bitfields */
		{ "bits", "f2", 0, 3, 5 },
		{ "bits", "whole", 0, 32, 32 },		/* a whole member */
		{ "oldbits", "ob", 0, 0, 3 },		/* int-encoded width */
		{ "oldbits", "odd", 0, 12, 32 },	/* not on a byte */
		{ "oldbits", "fine", 0, 32, 32 },
		{ "outer", "u2", 0, 56 * 8, 64 },	/* anonymous union */
		{ "bits", "nope", -ENOENT, 0, 0 },
		{ "nope", "f1", -ENOENT, 0, 0 },
	};
	struct kmemcg_btf btf;
	void *blob = dup_exact(ref, ref_len);
	size_t i;

	(void)state;
	assert_int_equal(kmemcg_btf_open(&btf, blob, ref_len), 0);
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		uint32_t off = 0xaaaa, width = 0xbbbb;
		int err = kmemcg_btf_member_bits(&btf, c[i].st, c[i].mb, &off, &width);

		if (err != c[i].err || (!err && (off != c[i].off || width != c[i].width)))
			fail_msg("%s.%s: err %d bit %u width %u, want err %d bit %u width %u",
				 c[i].st, c[i].mb, err, off, width, c[i].err,
				 c[i].off, c[i].width);
	}
	free(blob);
}

static void test_struct_size(void **state)
{
	struct kmemcg_btf btf;
	uint32_t size = 0;

	(void)state;
	assert_int_equal(kmemcg_btf_open(&btf, ref, ref_len), 0);
	assert_int_equal(kmemcg_btf_struct_size(&btf, "outer", &size), 0);
	assert_int_equal(size, 88);
	assert_int_equal(kmemcg_btf_struct_size(&btf, "inner", &size), 0);
	assert_int_equal(size, 8);
	assert_int_equal(kmemcg_btf_struct_size(&btf, "dup", &size), 0);
	assert_int_equal(size, 4);
	assert_int_equal(kmemcg_btf_struct_size(&btf, "onlyunion", &size), -ENOENT);
	assert_int_equal(kmemcg_btf_struct_size(&btf, "fwdonly", &size), -ENOENT);
	assert_int_equal(kmemcg_btf_struct_size(&btf, "", &size), -ENOENT);
}

/* A blob cut at every length is refused, reading nothing past the cut. */
static void test_truncated_blob(void **state)
{
	struct kmemcg_btf btf;
	size_t len;

	(void)state;
	for (len = 0; len < ref_len; len++) {
		void *blob = dup_exact(ref, len);
		int err = kmemcg_btf_open(&btf, blob, len);

		free(blob);
		if (err != -EINVAL)
			fail_msg("open of %zu of %zu bytes: %d", len, ref_len, err);
	}
}

/*
 * Lookups do their own bounds checks too (they do not trust open): run
 * every lookup over a type section, then a string section, cut at every
 * length, in exact-size buffers.  Each answer is an error or the right one.
 */
static void test_truncated_sections(void **state)
{
	const uint8_t *types = ref + 24;
	const char *strs = (const char *)ref + 24 + ref_types_len;
	uint32_t strs_len = (uint32_t)(ref_len - 24 - ref_types_len);
	uint32_t len, right = 0, cut;
	size_t i;

	(void)state;
	for (cut = 0; cut < 2; cut++) {
		uint32_t full = cut ? strs_len : ref_types_len;

		for (len = 0; len < full; len++) {
			struct kmemcg_btf btf = {
				.data = ref, .size = ref_len,
				.types = types, .types_len = ref_types_len,
				.strs = strs, .strs_len = strs_len,
			};
			void *copy = dup_exact(cut ? (const void *)strs : types, len);

			if (cut) {
				btf.strs = copy;
				btf.strs_len = len;
			} else {
				btf.types = copy;
				btf.types_len = len;
			}
			for (i = 0; i < ARRAY_SIZE(mcases); i++) {
				const struct mcase *m = &mcases[i];
				uint32_t off = 0, size = 0;
				int err = kmemcg_btf_member(&btf, m->st, m->mb, &off, &size);

				if (!err && (m->err || off != m->off || size != m->size))
					fail_msg("%s cut at %u: %s.%s gave off %u size %u",
						 cut ? "strings" : "types", len, m->st, m->mb,
						 off, size);
				if (err && err != -EINVAL && err != -ENOENT)
					fail_msg("%s cut at %u: %s.%s: %d",
						 cut ? "strings" : "types", len, m->st, m->mb, err);
				right += !err;
			}
			free(copy);
		}
	}
	/* Some lookups did succeed on partial sections. */
	assert_true(right > 0);
}

static void open_expect(struct bb *b, int want, const char *what)
{
	static uint8_t buf[16384];
	struct kmemcg_btf btf;
	size_t len = bb_blob(b, buf, sizeof(buf));
	void *blob = dup_exact(buf, len);
	int err = kmemcg_btf_open(&btf, blob, len);

	free(blob);
	if (err != want)
		fail_msg("%s: open gave %d, want %d", what, err, want);
}

static void test_bad_headers(void **state)
{
	struct bb *b = calloc(1, sizeof(*b));
	static uint8_t buf[16384];
	struct kmemcg_btf btf;
	uint32_t hdr[6];
	size_t len;

	(void)state;
	assert_non_null(b);
	bb_init(b);
	bb_int(b, "int", 4, 32, 0);
	open_expect(b, 0, "good");

	b->magic = 0x9FeB;		/* the other byte order */
	open_expect(b, -EINVAL, "swapped magic");
	b->magic = 0;
	open_expect(b, -EINVAL, "zero magic");
	b->magic = 0xeB9F;
	b->version = 2;
	open_expect(b, -EINVAL, "version 2");
	b->version = 1;
	b->hdr_len = 32;		/* a longer header, as a later version may have */
	open_expect(b, 0, "longer header");
	b->hdr_len = 24;

	/* Header fields out of range, written by hand. */
	len = bb_blob(b, buf, sizeof(buf));
	memcpy(hdr, buf, sizeof(hdr));
	hdr[1] = 20;			/* hdr_len below the header */
	memcpy(buf, hdr, sizeof(hdr));
	assert_int_equal(kmemcg_btf_open(&btf, buf, len), -EINVAL);
	hdr[1] = (uint32_t)len + 1;	/* past the blob */
	memcpy(buf, hdr, sizeof(hdr));
	assert_int_equal(kmemcg_btf_open(&btf, buf, len), -EINVAL);
	hdr[1] = 24;
	hdr[2] = 0xfffffff0;		/* type_off + type_len wraps in 32 bits */
	memcpy(buf, hdr, sizeof(hdr));
	assert_int_equal(kmemcg_btf_open(&btf, buf, len), -EINVAL);
	hdr[2] = 0;
	hdr[5] = 0xffffffff;		/* str_len */
	memcpy(buf, hdr, sizeof(hdr));
	assert_int_equal(kmemcg_btf_open(&btf, buf, len), -EINVAL);
	memcpy(hdr, buf, sizeof(hdr));
	len = bb_blob(b, buf, sizeof(buf));
	buf[len - 1] = 'x';		/* last string unterminated */
	assert_int_equal(kmemcg_btf_open(&btf, buf, len), -EINVAL);
	len = bb_blob(b, buf, sizeof(buf));
	buf[24 + 16] = 'x';		/* string section not starting with "" */
	assert_int_equal(kmemcg_btf_open(&btf, buf, len), -EINVAL);
	assert_int_equal(kmemcg_btf_open(&btf, NULL, 0), -EINVAL);

	/* Type records the walk cannot step over. */
	bb_init(b);
	bb_int(b, "int", 4, 32, 0);
	bb_type(b, "future", 20, 0, 0, 0);
	open_expect(b, -EINVAL, "kind 20");
	bb_init(b);
	bb_type(b, "unkn", 0, 0, 0, 0);
	open_expect(b, -EINVAL, "kind 0");
	bb_init(b);
	bb_int(b, "int", 4, 32, 0);
	bb_type(b, "s", K_STRUCT, 0, 3, 4);	/* 3 members announced, 1 given */
	bb_member(b, "a", 1, 0);
	open_expect(b, -EINVAL, "short struct");
	bb_init(b);
	bb_int(b, "int", 4, 32, 0);
	b->ntw--;				/* INT without its u32 */
	open_expect(b, -EINVAL, "short int");
	bb_init(b);
	bb_int(b, "int", 4, 32, 0);
	bb_u32(b, 0);				/* 4 stray bytes */
	open_expect(b, -EINVAL, "stray bytes");
	free(b);
}

/* References a corrupt blob can hold: out of range, cycles. */
static void test_corrupt_references(void **state)
{
	struct bb *b = calloc(1, sizeof(*b));
	static uint8_t buf[16384];
	struct kmemcg_btf btf;
	uint32_t off, size, t_int, s;
	size_t len;

	(void)state;
	assert_non_null(b);
	bb_init(b);
	t_int = bb_int(b, "int", 4, 32, 0);
	/* 2, 3: typedefs naming each other. */
	bb_type(b, "ta", K_TYPEDEF, 0, 0, 3);
	bb_type(b, "tb", K_TYPEDEF, 0, 0, 2);
	/* 4: an array of itself. */
	bb_type(b, NULL, K_ARRAY, 0, 0, 0);
	bb_u32(b, 4);
	bb_u32(b, t_int);
	bb_u32(b, 1);
	/* 5: an anonymous struct member of itself. */
	s = bb_type(b, "selfish", K_STRUCT, 0, 1, 4);
	bb_member(b, NULL, s, 0);
	bb_type(b, "s", K_STRUCT, 0, 5, 16);
	bb_member(b, "loop", 2, 0);
	bb_member(b, "arr", 4, 0);
	bb_member(b, "far", 999, 32);		/* no such type id */
	bb_member(b, "badname", t_int, 64);
	bb_member(b, "voidm", 0, 96);		/* type 0: void */
	/* A member name outside the string section. */
	b->types[b->ntw - 6] = 0x00ffffff;

	len = bb_blob(b, buf, sizeof(buf));
	assert_int_equal(kmemcg_btf_open(&btf, buf, len), 0);
	assert_int_equal(kmemcg_btf_member(&btf, "s", "loop", &off, &size), -EINVAL);
	assert_int_equal(kmemcg_btf_member(&btf, "s", "loop", &off, NULL), -EINVAL);
	assert_int_equal(kmemcg_btf_member(&btf, "s", "arr", &off, &size), -EINVAL);
	assert_int_equal(kmemcg_btf_member(&btf, "s", "far", &off, &size), -EINVAL);
	assert_int_equal(kmemcg_btf_member(&btf, "s", "badname", &off, &size), -ENOENT);
	assert_int_equal(kmemcg_btf_member(&btf, "s", "voidm", &off, &size), 0);
	assert_int_equal(off, 12);
	assert_int_equal(size, 0);
	assert_int_equal(kmemcg_btf_member(&btf, "selfish", "x", &off, &size), -EINVAL);
	free(b);
}

/*
 * The running kernel's BTF, when this machine exposes it (the environment
 * variable KMEMCG_VMLINUX_BTF names another file, e.g. to see the skip).
 */
#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

static void *read_file(const char *path, size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	/* sysfs reports no useful size: read until EOF. */
	while ((r = read(fd, buf + n, cap - n)) > 0) {
		n += (size_t)r;
		if (n == cap) {
			char *nb = realloc(buf, cap *= 2);

			if (!nb) {
				free(buf);
				close(fd);
				return NULL;
			}
			buf = nb;
		}
	}
	close(fd);
	if (r < 0) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static void test_vmlinux(void **state)
{
	struct kmemcg_btf btf;
	uint32_t off = 0, size = 0;
	size_t len = 0;
	const char *path = getenv("KMEMCG_VMLINUX_BTF");
	void *blob;

	(void)state;
	if (!path || !*path)
		path = VMLINUX_BTF;
	if (access(path, R_OK))
		tap_skip("%s not readable here (%s)", path, strerror(errno));
	blob = read_file(path, &len);
	if (!blob)
		tap_skip("%s could not be read (%s)", path, strerror(errno));

	assert_int_equal(kmemcg_btf_open(&btf, blob, len), 0);
	assert_int_equal(kmemcg_btf_member(&btf, "list_head", "next", &off, &size), 0);
	assert_int_equal(off, 0);
	assert_int_equal(size, 8);
	assert_int_equal(kmemcg_btf_member(&btf, "list_head", "prev", &off, &size), 0);
	assert_int_equal(off, 8);
	assert_int_equal(size, 8);
	assert_int_equal(kmemcg_btf_struct_size(&btf, "list_head", &size), 0);
	assert_int_equal(size, 16);
	assert_int_equal(kmemcg_btf_member(&btf, "task_struct", "pid", &off, &size), 0);
	assert_true(off > 0);
	assert_int_equal(size, 4);
	print_message("# vmlinux BTF: %zu bytes, task_struct.pid at %u\n", len, off);
	assert_int_equal(kmemcg_btf_member(&btf, "task_struct", "no_such_member",
					   &off, &size), -ENOENT);
	assert_int_equal(kmemcg_btf_struct_size(&btf, "no_such_struct_kmemcg", &size),
			 -ENOENT);
	free(blob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_members, ref_setup),
		cmocka_unit_test_setup(test_member_bits, ref_setup),
		cmocka_unit_test_setup(test_struct_size, ref_setup),
		cmocka_unit_test_setup(test_truncated_blob, ref_setup),
		cmocka_unit_test_setup(test_truncated_sections, ref_setup),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_corrupt_references),
		cmocka_unit_test(test_vmlinux),
	};

	tap_start();
	return cmocka_run_group_tests_name("btf", tests, NULL, NULL);
}
