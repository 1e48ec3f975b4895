/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal reader of BTF (the kernel's type format, include/uapi/linux/btf.h):
 * just enough to find the byte offset and size of a named member of a named
 * struct, so kmemcg can read private structures (struct slab, and
 * struct kmem_cache on 6.12) of the running kernel without copying their
 * definitions per version.  Pure C: the module runs it over the kernel's
 * own BTF blob (__start_BTF..__stop_BTF); host tests run it over
 * /sys/kernel/btf/vmlinux and hand-made blobs.
 *
 * All lookups are bounds-checked: a truncated or corrupt blob gives an
 * error, never a read outside [data, data + size).
 */
#ifndef KMEMCG_BTF_H
#define KMEMCG_BTF_H

#include "shim.h"

struct kmemcg_btf {
	const u8 *data;		/* whole blob, header first */
	size_t size;
	const u8 *types;	/* type section */
	u32 types_len;
	const char *strs;	/* string section */
	u32 strs_len;
};

/* Check the header and sections.  0, or -EINVAL for a bad/short blob. */
int kmemcg_btf_open(struct kmemcg_btf *btf, const void *data, size_t size);

/*
 * Find member `member` of `struct name` (the first struct of that name,
 * members of anonymous struct/union members searched too, with their
 * offsets added).  On success returns 0 and sets *offset (bytes from the
 * start of the struct) and, if size is non-NULL, *size (bytes of the
 * member's type after resolving typedefs/const/volatile; 0 if unknown).
 * -ENOENT when the struct or member does not exist, -EINVAL for a bitfield
 * member or a corrupt blob.
 */
int kmemcg_btf_member(const struct kmemcg_btf *btf, const char *name,
		      const char *member, u32 *offset, u32 *size);

/*
 * Like kmemcg_btf_member(), but also for bitfields: *bit_offset is in bits
 * from the start of the struct and *bit_size the width in bits.
 */
int kmemcg_btf_member_bits(const struct kmemcg_btf *btf, const char *name,
			   const char *member, u32 *bit_offset, u32 *bit_size);

/*
 * A member inside members: path[] names them outermost first (NULL last);
 * an array on the way means its first element (7.x's per_node[].node).
 * 0 and *offset (and *size), -ENOENT, or -EINVAL.
 */
int kmemcg_btf_member_path(const struct kmemcg_btf *btf, const char *name,
			   const char *const *path, u32 *offset, u32 *size);

/*
 * The first of several names of a member (7.x's slab.flags, 6.x's
 * __page_flags): its index in members[] (NULL last), -ENOENT, or -EINVAL.
 */
int kmemcg_btf_member_any(const struct kmemcg_btf *btf, const char *name,
			  const char *const *members, u32 *offset, u32 *size);

/*
 * Parameters of function `name` (static ones too): 0 and *nargs, -ENOENT
 * when the blob does not describe it, -EINVAL when corrupt.
 */
int kmemcg_btf_func_nargs(const struct kmemcg_btf *btf, const char *name, u32 *nargs);

/*
 * Value of enumerator `enumerator` of enum `name`: 0 and *value, -ENOENT,
 * or -EINVAL when corrupt.
 */
int kmemcg_btf_enum_value(const struct kmemcg_btf *btf, const char *name,
			  const char *enumerator, int64_t *value);

/* Size in bytes of `struct name`: 0 and *size, or -ENOENT. */
int kmemcg_btf_struct_size(const struct kmemcg_btf *btf, const char *name, u32 *size);

#endif /* KMEMCG_BTF_H */
