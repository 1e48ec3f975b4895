/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What lib/btf.c (the blob and its types) and lib/btf_member.c (member
 * lookups) share; not an API.
 */
#ifndef KMEMCG_BTF_INTERNAL_H
#define KMEMCG_BTF_INTERNAL_H

#include "kmemcg/shim.h"
#include "kmemcg/btf.h"

#define KMEMCG_BTF_MAGIC	0xeB9F
#define KMEMCG_BTF_VERSION	1
#define KMEMCG_BTF_HDR_LEN	24	/* sizeof(struct btf_header) */
#define KMEMCG_BTF_TYPE_LEN	12	/* sizeof(struct btf_type) */
#define KMEMCG_BTF_MEMBER_LEN	12	/* sizeof(struct btf_member) */

/* Kinds (BTF_KIND_*): only the ones this reader treats specially. */
enum {
	KMEMCG_BTF_INT = 1,
	KMEMCG_BTF_PTR = 2,
	KMEMCG_BTF_ARRAY = 3,
	KMEMCG_BTF_STRUCT = 4,
	KMEMCG_BTF_UNION = 5,
	KMEMCG_BTF_ENUM = 6,
	KMEMCG_BTF_FWD = 7,
	KMEMCG_BTF_TYPEDEF = 8,
	KMEMCG_BTF_VOLATILE = 9,
	KMEMCG_BTF_CONST = 10,
	KMEMCG_BTF_RESTRICT = 11,
	KMEMCG_BTF_FUNC = 12,
	KMEMCG_BTF_FUNC_PROTO = 13,
	KMEMCG_BTF_VAR = 14,
	KMEMCG_BTF_DATASEC = 15,
	KMEMCG_BTF_FLOAT = 16,
	KMEMCG_BTF_DECL_TAG = 17,
	KMEMCG_BTF_TYPE_TAG = 18,
	KMEMCG_BTF_ENUM64 = 19,
};

/*
 * Bounds on chains a corrupt blob could make endless: typedef/modifier
 * chains (typedef of typedef of ...), arrays of arrays, and anonymous
 * struct/union members nested in one another.  Real kernels stay far
 * below these.
 */
#define KMEMCG_BTF_MAX_CHAIN	32
#define KMEMCG_BTF_MAX_NEST	16

/* A decoded type record: the common part and where it lives. */
struct kmemcg_btf_type {
	u32 off;		/* offset of the record in the type section */
	u32 name_off;
	u32 kind;
	u32 vlen;
	bool kflag;
	u32 size_type;		/* size or type, by kind */
};

int kmemcg_btf_u32(const u8 *sec, u32 len, u32 off, u32 *v);
int kmemcg_btf_type_by_id(const struct kmemcg_btf *btf, u32 id,
			  struct kmemcg_btf_type *t);
bool kmemcg_btf_name_is(const struct kmemcg_btf *btf, u32 name_off,
			const char *name);
bool kmemcg_btf_anon(const struct kmemcg_btf *btf, u32 name_off);
int kmemcg_btf_find_struct(const struct kmemcg_btf *btf,
			   const char *name, struct kmemcg_btf_type *t);
int kmemcg_btf_skip_mods(const struct kmemcg_btf *btf,
			 struct kmemcg_btf_type *t);
int kmemcg_btf_type_size(const struct kmemcg_btf *btf, u32 id, u32 *size);

#endif /* KMEMCG_BTF_INTERNAL_H */
