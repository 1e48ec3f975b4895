// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal BTF reader: the offset and size of a named member of a named
 * struct, read from the running kernel's own BTF at module load (or, on
 * the host, from /sys/kernel/btf/vmlinux and hand-made test blobs).
 *
 * Format (include/uapi/linux/btf.h): a header, then a type section of
 * variable-length records (a 12-byte common part, then kind-specific
 * data), type ids numbered from 1 in section order (0 is void), and a
 * string section of NUL-terminated names.  There is no index: finding
 * type N means walking the section from the start.  Nothing here may
 * allocate portably, and it runs a handful of times at load, so the walks
 * are linear; a lookup costs a few passes over the ~5 MB vmlinux BTF.
 *
 * Every read goes through kmemcg_btf_u32(), which checks it against the
 * section length; a corrupt or truncated blob gives -EINVAL, never a read
 * outside it.  Multi-byte fields are in the blob's (native) byte order; a
 * blob of the other order has a swapped magic and is refused.
 */

#include "kmemcg/shim.h"
#include "kmemcg/btf.h"
#include "btf_internal.h"

/* Native-order u32 at p, whatever p's alignment. */
static u32 kmemcg_btf_load32(const u8 *p)
{
	u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/**
 * kmemcg_btf_u32() - read a u32 of a BTF section, bounds-checked
 * @sec: the section's bytes
 * @len: the section's length in bytes
 * @off: byte offset of the u32 in @sec
 * @v: where the value goes, in the blob's (native) byte order
 *
 * Every read of the blob goes through here (see the top of this file).
 *
 * Context: any; no locks, no allocation.
 * Return: 0, or -EINVAL when the 4 bytes at @off do not all lie inside
 * @len (@v is then untouched).
 */
int kmemcg_btf_u32(const u8 *sec, u32 len, u32 off, u32 *v)
{
	if (off > len || len - off < 4)
		return -EINVAL;
	*v = kmemcg_btf_load32(sec + off);
	return 0;
}

/* Bytes of kind-specific data after the common part, or -EINVAL. */
static int kmemcg_btf_extra(u32 kind, u32 vlen, u32 *extra)
{
	switch (kind) {
	case KMEMCG_BTF_INT:
	case KMEMCG_BTF_VAR:
	case KMEMCG_BTF_DECL_TAG:
		*extra = 4;
		return 0;
	case KMEMCG_BTF_PTR:
	case KMEMCG_BTF_FWD:
	case KMEMCG_BTF_TYPEDEF:
	case KMEMCG_BTF_VOLATILE:
	case KMEMCG_BTF_CONST:
	case KMEMCG_BTF_RESTRICT:
	case KMEMCG_BTF_FUNC:
	case KMEMCG_BTF_FLOAT:
	case KMEMCG_BTF_TYPE_TAG:
		*extra = 0;
		return 0;
	case KMEMCG_BTF_ARRAY:
		*extra = 12;		/* struct btf_array */
		return 0;
	case KMEMCG_BTF_STRUCT:
	case KMEMCG_BTF_UNION:
	case KMEMCG_BTF_DATASEC:
	case KMEMCG_BTF_ENUM64:
		*extra = vlen * 12;	/* btf_member, btf_var_secinfo, btf_enum64 */
		return 0;
	case KMEMCG_BTF_ENUM:
	case KMEMCG_BTF_FUNC_PROTO:
		*extra = vlen * 8;	/* btf_enum, btf_param */
		return 0;
	default:
		return -EINVAL;		/* unknown kind: its length is unknown */
	}
}

/*
 * Decode the record at *off and advance *off past it, kind-specific data
 * included.  0, or -EINVAL when it does not fit in the section or its
 * kind is unknown.
 */
static int kmemcg_btf_next(const struct kmemcg_btf *btf, u32 *off,
			   struct kmemcg_btf_type *t)
{
	u32 info, extra;
	int err;

	t->off = *off;
	err = kmemcg_btf_u32(btf->types, btf->types_len, *off, &t->name_off);
	if (!err)
		err = kmemcg_btf_u32(btf->types, btf->types_len, *off + 4, &info);
	if (!err)
		err = kmemcg_btf_u32(btf->types, btf->types_len, *off + 8,
				     &t->size_type);
	if (err)
		return err;
	t->kind = (info >> 24) & 0x1f;
	t->vlen = info & 0xffff;
	t->kflag = info >> 31;
	if (kmemcg_btf_extra(t->kind, t->vlen, &extra))
		return -EINVAL;
	/* *off + 12 fitted above; vlen * 12 < 2^20, so no u32 overflow. */
	if (btf->types_len - (*off + KMEMCG_BTF_TYPE_LEN) < extra)
		return -EINVAL;
	*off += KMEMCG_BTF_TYPE_LEN + extra;
	return 0;
}

/**
 * kmemcg_btf_type_by_id() - decode the type record of a BTF type id
 * @btf: the blob's sections
 * @id: the type id (numbered from 1 in section order, 0 is void)
 * @t: the decoded record
 *
 * A linear walk from id 1, acceptable at load time (see the top of this
 * file); ids are numbered as include/uapi/linux/btf.h describes.
 *
 * Context: any; no locks, no allocation.
 * Return: 0, -ENOENT for void (id 0, which has no record), or -EINVAL for
 * an id past the last type or a corrupt section.
 */
int kmemcg_btf_type_by_id(const struct kmemcg_btf *btf, u32 id,
			  struct kmemcg_btf_type *t)
{
	u32 off = 0, i;
	int err;

	if (!id)
		return -ENOENT;
	for (i = 1; off < btf->types_len; i++) {
		err = kmemcg_btf_next(btf, &off, t);
		if (err)
			return err;
		if (i == id)
			return 0;
	}
	return -EINVAL;
}

/**
 * kmemcg_btf_name_is() - compare a BTF string with a name
 * @btf: the blob's sections
 * @name_off: byte offset of the string in the string section
 * @name: the NUL-terminated name to compare with
 *
 * Reads only inside the string section, whatever @name_off.
 *
 * Context: any; no locks, no allocation.
 * Return: true when the string at @name_off is exactly @name; false when
 * it differs, is unterminated or lies outside the section.
 */
bool kmemcg_btf_name_is(const struct kmemcg_btf *btf, u32 name_off,
			const char *name)
{
	u32 i;

	for (i = 0; ; i++) {
		if (name_off >= btf->strs_len || btf->strs_len - name_off <= i)
			return false;	/* unterminated, or outside */
		if (btf->strs[name_off + i] != name[i])
			return false;
		if (name[i] == '\0')
			return true;
	}
}

/**
 * kmemcg_btf_anon() - whether a BTF name is empty (an anonymous type)
 * @btf: the blob's sections
 * @name_off: byte offset of the name in the string section
 *
 * Context: any; no locks, no allocation.
 * Return: true when the string at @name_off is "", false otherwise or when
 * @name_off lies outside the string section.
 */
bool kmemcg_btf_anon(const struct kmemcg_btf *btf, u32 name_off)
{
	return kmemcg_btf_name_is(btf, name_off, "");
}

/**
 * kmemcg_btf_find_struct() - find a struct type by name
 * @btf: the blob's sections
 * @name: the struct's name (without "struct "); "" matches nothing
 * @t: the struct's decoded record when found
 *
 * A linear walk of the type section; the first struct of that name wins.
 *
 * Context: any; no locks, no allocation.
 * Return: 0, -ENOENT when no struct has that name (or @name is empty), or
 * -EINVAL when the section is corrupt.
 */
int kmemcg_btf_find_struct(const struct kmemcg_btf *btf,
			   const char *name, struct kmemcg_btf_type *t)
{
	u32 off = 0;
	int err;

	if (!*name)
		return -ENOENT;		/* not the first anonymous struct */
	while (off < btf->types_len) {
		err = kmemcg_btf_next(btf, &off, t);
		if (err)
			return err;
		if (t->kind == KMEMCG_BTF_STRUCT &&
		    kmemcg_btf_name_is(btf, t->name_off, name))
			return 0;
	}
	return -ENOENT;
}

/**
 * kmemcg_btf_skip_mods() - resolve typedefs and qualifiers of a BTF type
 * @btf: the blob's sections
 * @t: the type to start from; on success, the type it resolves to
 *
 * Follows typedef, volatile, const, restrict and type tag records to the
 * type they name, at most KMEMCG_BTF_MAX_CHAIN of them.
 *
 * Context: any; no locks, no allocation.
 * Return: 0 (@t is the resolved type), -ENOENT when the chain ends in void,
 * -EINVAL when the section is corrupt or the chain is longer than the
 * limit (a loop).
 */
int kmemcg_btf_skip_mods(const struct kmemcg_btf *btf,
			 struct kmemcg_btf_type *t)
{
	int n, err;

	for (n = 0; n < KMEMCG_BTF_MAX_CHAIN; n++) {
		switch (t->kind) {
		case KMEMCG_BTF_TYPEDEF:
		case KMEMCG_BTF_VOLATILE:
		case KMEMCG_BTF_CONST:
		case KMEMCG_BTF_RESTRICT:
		case KMEMCG_BTF_TYPE_TAG:
			err = kmemcg_btf_type_by_id(btf, t->size_type, t);
			if (err)
				return err;
			break;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * kmemcg_btf_type_size() - size in bytes of a BTF type
 * @btf: the blob's sections
 * @id: the type id
 * @size: the size in bytes, typedefs and qualifiers resolved; 0 when it has
 *	no known size: void, a forward declaration, a function, or an array
 *	whose size would not fit in 32 bits
 *
 * Context: any; no locks, no allocation.
 * Return: 0 (@size set), or -EINVAL when the section is corrupt.
 */
int kmemcg_btf_type_size(const struct kmemcg_btf *btf, u32 id, u32 *size)
{
	struct kmemcg_btf_type t;
	u64 n = 1;
	int depth, err;
	u32 nelems;

	for (depth = 0; depth < KMEMCG_BTF_MAX_CHAIN; depth++) {
		err = kmemcg_btf_type_by_id(btf, id, &t);
		if (!err)
			err = kmemcg_btf_skip_mods(btf, &t);
		if (err == -ENOENT) {
			*size = 0;		/* void */
			return 0;
		}
		if (err)
			return err;

		switch (t.kind) {
		case KMEMCG_BTF_INT:
		case KMEMCG_BTF_ENUM:
		case KMEMCG_BTF_ENUM64:
		case KMEMCG_BTF_STRUCT:
		case KMEMCG_BTF_UNION:
		case KMEMCG_BTF_FLOAT:
			n *= t.size_type;
			*size = n > 0xffffffffULL ? 0 : (u32)n;
			return 0;
		case KMEMCG_BTF_PTR:
			/*
			 * BTF does not record pointer width; the BTF read is
			 * the running kernel's own (or, in host tests, that
			 * of a kernel of the host's architecture).
			 */
			n *= sizeof(void *);
			*size = n > 0xffffffffULL ? 0 : (u32)n;
			return 0;
		case KMEMCG_BTF_ARRAY:
			/* struct btf_array: type, index_type, nelems */
			err = kmemcg_btf_u32(btf->types, btf->types_len,
					     t.off + KMEMCG_BTF_TYPE_LEN, &id);
			if (!err)
				err = kmemcg_btf_u32(btf->types, btf->types_len,
						     t.off + KMEMCG_BTF_TYPE_LEN + 8,
						     &nelems);
			if (err)
				return err;
			n *= nelems;
			if (n > 0xffffffffULL) {
				*size = 0;
				return 0;
			}
			break;		/* on to the element type */
		default:
			*size = 0;	/* fwd, func, func_proto, var, ... */
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * kmemcg_btf_open - check a BTF blob and locate its sections
 * @btf: filled in on success
 * @data: the blob, header first
 * @size: bytes in @data
 *
 * Checks the header (magic in native order, version 1, header length),
 * that both sections lie inside @data, that the string section starts and
 * ends with a NUL, and that the type section is a whole sequence of
 * records of known kinds.  The blob is not copied: it must outlive @btf.
 *
 * Return: 0, or -EINVAL for a bad, short or corrupt blob (@btf untouched).
 *
 * Serialisation: none; it only reads @data.
 */
int kmemcg_btf_open(struct kmemcg_btf *btf, const void *data, size_t size)
{
	const u8 *p = data;
	struct kmemcg_btf tmp;
	struct kmemcg_btf_type t;
	u32 hdr_len, type_off, type_len, str_off, str_len, off;
	u64 avail;
	u16 magic;

	if (!p || size < KMEMCG_BTF_HDR_LEN)
		return -EINVAL;
	__builtin_memcpy(&magic, p, sizeof(magic));
	if (magic != KMEMCG_BTF_MAGIC)
		return -EINVAL;
	if (p[2] != KMEMCG_BTF_VERSION)
		return -EINVAL;
	hdr_len = kmemcg_btf_load32(p + 4);
	type_off = kmemcg_btf_load32(p + 8);
	type_len = kmemcg_btf_load32(p + 12);
	str_off = kmemcg_btf_load32(p + 16);
	str_len = kmemcg_btf_load32(p + 20);
	if (hdr_len < KMEMCG_BTF_HDR_LEN || hdr_len > size)
		return -EINVAL;

	/* Section offsets count from the end of the header. */
	avail = size - hdr_len;
	if ((u64)type_off + type_len > avail || (u64)str_off + str_len > avail)
		return -EINVAL;

	tmp.data = p;
	tmp.size = size;
	tmp.types = p + hdr_len + type_off;
	tmp.types_len = type_len;
	tmp.strs = (const char *)p + hdr_len + str_off;
	tmp.strs_len = str_len;

	if (!str_len || tmp.strs[0] != '\0' || tmp.strs[str_len - 1] != '\0')
		return -EINVAL;

	/* Walk every record once, so that lookups meet no surprise. */
	for (off = 0; off < type_len; )
		if (kmemcg_btf_next(&tmp, &off, &t))
			return -EINVAL;

	*btf = tmp;
	return 0;
}

/**
 * kmemcg_btf_struct_size - size of a struct
 * @btf: an opened blob
 * @name: struct tag (the first STRUCT record of that name is used)
 * @size: its size in bytes
 *
 * Return: 0 with *@size set; -ENOENT when there is no such struct;
 * -EINVAL when the blob is corrupt.
 *
 * Serialisation: none; it only reads the blob.
 */
int kmemcg_btf_struct_size(const struct kmemcg_btf *btf, const char *name, u32 *size)
{
	struct kmemcg_btf_type st;
	int err;

	err = kmemcg_btf_find_struct(btf, name, &st);
	if (err)
		return err;
	*size = st.size_type;
	return 0;
}

/**
 * kmemcg_btf_func_nargs - how many parameters a function has
 * @btf: an open blob
 * @name: the function's name (BTF_KIND_FUNC; static functions included)
 * @nargs: set to its parameter count (a trailing "..." is not counted)
 *
 * Return: 0, -ENOENT when the blob has no such function (pahole leaves out
 * functions it cannot describe), -EINVAL when corrupt.
 */
int kmemcg_btf_func_nargs(const struct kmemcg_btf *btf, const char *name, u32 *nargs)
{
	struct kmemcg_btf_type t;
	u32 off = 0, last_type;
	int err;

	while (off < btf->types_len) {
		err = kmemcg_btf_next(btf, &off, &t);
		if (err)
			return err;
		if (t.kind != KMEMCG_BTF_FUNC || !kmemcg_btf_name_is(btf, t.name_off, name))
			continue;
		err = kmemcg_btf_type_by_id(btf, t.size_type, &t);
		if (err)
			return err == -ENOENT ? -EINVAL : err;
		if (t.kind != KMEMCG_BTF_FUNC_PROTO)
			return -EINVAL;
		*nargs = t.vlen;
		/* Variadic: the last parameter has no name and type void. */
		if (t.vlen && !kmemcg_btf_u32(btf->types, btf->types_len,
					      t.off + KMEMCG_BTF_TYPE_LEN +
					      (t.vlen - 1) * 8 + 4, &last_type) &&
		    !last_type)
			(*nargs)--;
		return 0;
	}
	return -ENOENT;
}

/**
 * kmemcg_btf_enum_value - the value of an enumerator
 * @btf: an open blob
 * @name: the enum's name (BTF_KIND_ENUM or ENUM64)
 * @enumerator: the enumerator's name
 * @value: set to its value (signed or unsigned as the enum says, widened)
 *
 * For flag bits the kernel numbers in an enum that moves between lines,
 * such as 7.x's enum _slab_flag_bits.
 * Return: 0, -ENOENT when there is no such enum or enumerator, -EINVAL
 * when corrupt.
 */
int kmemcg_btf_enum_value(const struct kmemcg_btf *btf, const char *name,
			  const char *enumerator, int64_t *value)
{
	struct kmemcg_btf_type t;
	u32 off = 0, i, rec, name_off, lo, hi;
	int err;

	while (off < btf->types_len) {
		err = kmemcg_btf_next(btf, &off, &t);
		if (err)
			return err;
		if ((t.kind != KMEMCG_BTF_ENUM && t.kind != KMEMCG_BTF_ENUM64) ||
		    !kmemcg_btf_name_is(btf, t.name_off, name))
			continue;
		rec = t.kind == KMEMCG_BTF_ENUM ? 8 : 12;
		for (i = 0; i < t.vlen; i++) {
			u32 at = t.off + KMEMCG_BTF_TYPE_LEN + i * rec;

			err = kmemcg_btf_u32(btf->types, btf->types_len, at, &name_off);
			if (!err)
				err = kmemcg_btf_u32(btf->types, btf->types_len, at + 4, &lo);
			if (err)
				return err;
			if (!kmemcg_btf_name_is(btf, name_off, enumerator))
				continue;
			if (t.kind == KMEMCG_BTF_ENUM) {
				*value = t.kflag ? (int64_t)(int32_t)lo : (int64_t)lo;
				return 0;
			}
			err = kmemcg_btf_u32(btf->types, btf->types_len, at + 8, &hi);
			if (err)
				return err;
			*value = (int64_t)(((u64)hi << 32) | lo);
			return 0;
		}
		return -ENOENT;
	}
	return -ENOENT;
}
