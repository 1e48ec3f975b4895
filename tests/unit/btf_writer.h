/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small BTF writer for host tests (test_btf.c, test_btf_layouts.c):
 * type records appended one by one, then a blob with header, types and
 * strings.  Format: include/uapi/linux/btf.h.
 */
#ifndef KMEMCG_TEST_BTF_WRITER_H
#define KMEMCG_TEST_BTF_WRITER_H

#include <stdint.h>
#include <string.h>

/* Kinds, from include/uapi/linux/btf.h. */
enum {
	K_INT = 1, K_PTR, K_ARRAY, K_STRUCT, K_UNION, K_ENUM, K_FWD, K_TYPEDEF,
	K_VOLATILE, K_CONST, K_RESTRICT, K_FUNC, K_FUNC_PROTO, K_VAR, K_DATASEC,
	K_FLOAT, K_DECL_TAG, K_TYPE_TAG, K_ENUM64,
};

struct bb {
	uint32_t types[4096];
	size_t ntw;		/* u32 words of types */
	char strs[4096];
	size_t nstr;
	uint32_t nid;		/* last type id */
	/* Where to write the header's fields, for corruption tests. */
	uint32_t hdr_len, magic, version;
};

static inline void bb_init(struct bb *b)
{
	memset(b, 0, sizeof(*b));
	b->nstr = 1;		/* offset 0: the empty name */
	b->hdr_len = 24;
	b->magic = 0xeB9F;
	b->version = 1;
}

static inline uint32_t bb_str(struct bb *b, const char *s)
{
	uint32_t off = (uint32_t)b->nstr;

	if (!s || !*s)
		return 0;
	memcpy(b->strs + b->nstr, s, strlen(s) + 1);
	b->nstr += strlen(s) + 1;
	return off;
}

static inline void bb_u32(struct bb *b, uint32_t v)
{
	b->types[b->ntw++] = v;
}

/* A type record's common part; returns its id. */
static inline uint32_t bb_type(struct bb *b, const char *name, int kind, int kflag,
			uint32_t vlen, uint32_t size_type)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, ((uint32_t)kflag << 31) | ((uint32_t)kind << 24) | vlen);
	bb_u32(b, size_type);
	return ++b->nid;
}

static inline uint32_t bb_int(struct bb *b, const char *name, uint32_t size, uint32_t bits,
		       uint32_t bit_off)
{
	uint32_t id = bb_type(b, name, K_INT, 0, 0, size);

	bb_u32(b, (bit_off << 16) | bits);
	return id;
}

static inline void bb_member(struct bb *b, const char *name, uint32_t type, uint32_t off)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, type);
	bb_u32(b, off);
}

/* The blob: header, then types, then strings. */
static inline size_t bb_blob(const struct bb *b, uint8_t *out, size_t cap)
{
	uint32_t tl = (uint32_t)(b->ntw * 4), sl = (uint32_t)b->nstr;
	uint32_t hdr[6];
	uint16_t magic = (uint16_t)b->magic;
	size_t total = b->hdr_len + tl + sl;

	assert_true(total <= cap);
	memset(out, 0, b->hdr_len);
	hdr[0] = 0;
	hdr[1] = b->hdr_len;
	hdr[2] = 0;		/* type_off */
	hdr[3] = tl;
	hdr[4] = tl;		/* str_off */
	hdr[5] = sl;
	memcpy(out, hdr, sizeof(hdr) < b->hdr_len ? sizeof(hdr) : b->hdr_len);
	memcpy(out, &magic, 2);
	out[2] = (uint8_t)b->version;
	memcpy(out + b->hdr_len, b->types, tl);
	memcpy(out + b->hdr_len + tl, b->strs, sl);
	return total;
}

#endif /* KMEMCG_TEST_BTF_WRITER_H */
