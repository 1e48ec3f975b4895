// SPDX-License-Identifier: GPL-2.0
/*
 * BTF member lookups: where a named member of a named struct lives, in
 * bytes, or in bits for bitfields (struct slab's counters).  Anonymous
 * struct/union members are searched through, their offsets added.  See
 * lib/btf.c for the format and the bounds-checking rule.
 */
#include "btf_internal.h"

/*
 * Search the members of the struct or union st for member, descending into
 * anonymous struct/union members.  base is st's offset in the outermost
 * struct, in bytes.  0 with *offset and *size set, -ENOENT, or -EINVAL.
 */
static int kmemcg_btf_find_member(const struct kmemcg_btf *btf,
				  const struct kmemcg_btf_type *st, u64 base,
				  const char *member, u32 *offset, u32 *size,
				  u32 *bitfield_width, int depth, u32 *type_out)
{
	struct kmemcg_btf_type mt;
	u32 i, m, name_off, type, bits, bit_off, bitfield;
	int err;

	if (depth > KMEMCG_BTF_MAX_NEST)
		return -EINVAL;

	for (i = 0; i < st->vlen; i++) {
		m = st->off + KMEMCG_BTF_TYPE_LEN + i * KMEMCG_BTF_MEMBER_LEN;
		err = kmemcg_btf_u32(btf->types, btf->types_len, m, &name_off);
		if (!err)
			err = kmemcg_btf_u32(btf->types, btf->types_len, m + 4, &type);
		if (!err)
			err = kmemcg_btf_u32(btf->types, btf->types_len, m + 8, &bits);
		if (err)
			return err;

		/* With kind_flag: bitfield size in the top 8 bits. */
		if (st->kflag) {
			bitfield = bits >> 24;
			bit_off = bits & 0xffffff;
		} else {
			bitfield = 0;
			bit_off = bits;
		}

		if (kmemcg_btf_anon(btf, name_off)) {
			err = kmemcg_btf_type_by_id(btf, type, &mt);
			if (!err)
				err = kmemcg_btf_skip_mods(btf, &mt);
			if (err == -ENOENT)
				continue;	/* unnamed void: nothing inside */
			if (err)
				return err;
			if (mt.kind != KMEMCG_BTF_STRUCT && mt.kind != KMEMCG_BTF_UNION)
				continue;	/* e.g. an unnamed bitfield pad */
			if (bitfield || bit_off % 8)
				return -EINVAL;
			err = kmemcg_btf_find_member(btf, &mt, base + bit_off / 8,
						     member, offset, size,
						     bitfield_width, depth + 1, type_out);
			if (err != -ENOENT)
				return err;
			continue;
		}

		if (!kmemcg_btf_name_is(btf, name_off, member))
			continue;

		if (bitfield_width && bitfield) {
			/* Bit mode, kind_flag bitfield: offset in bits. */
			if (base * 8 + bit_off > 0xffffffffULL)
				return -EINVAL;
			*offset = (u32)(base * 8 + bit_off);
			*bitfield_width = bitfield;
			return 0;
		}
		if (!bitfield_width && (bitfield || bit_off % 8))
			return -EINVAL;
		/*
		 * Without kind_flag, a bitfield is a member whose int type
		 * says so: a bit offset, or fewer bits than its bytes hold.
		 */
		if (!st->kflag) {
			err = kmemcg_btf_type_by_id(btf, type, &mt);
			if (!err)
				err = kmemcg_btf_skip_mods(btf, &mt);
			if (err && err != -ENOENT)
				return err;
			if (!err && mt.kind == KMEMCG_BTF_INT) {
				u32 enc;

				err = kmemcg_btf_u32(btf->types, btf->types_len,
						     mt.off + KMEMCG_BTF_TYPE_LEN, &enc);
				if (err)
					return err;
				if (((enc >> 16) & 0xff) || bit_off % 8 ||
				    (u64)(enc & 0xff) != (u64)mt.size_type * 8) {
					if (!bitfield_width)
						return -EINVAL;
					/* Bit mode, a bitfield the int type encodes. */
					bit_off += (enc >> 16) & 0xff;
					if (base * 8 + bit_off > 0xffffffffULL)
						return -EINVAL;
					*offset = (u32)(base * 8 + bit_off);
					*bitfield_width = enc & 0xff;
					return 0;
				}
			}
		}

		if (base + bit_off / 8 > 0xffffffffULL)
			return -EINVAL;
		if (bitfield_width) {
			/* A whole member in bit mode. */
			err = kmemcg_btf_type_size(btf, type, bitfield_width);
			if (err)
				return err;
			*bitfield_width *= 8;
			*offset = (u32)(base * 8 + bit_off);
			return 0;
		}
		if (size) {
			err = kmemcg_btf_type_size(btf, type, size);
			if (err)
				return err;
		}
		*offset = (u32)(base + bit_off / 8);
		if (type_out)
			*type_out = type;
		return 0;
	}
	return -ENOENT;
}

/*
 * Find member of struct name: in bytes (*width NULL; bitfields refused) or
 * in bits (width set).
 */
static int kmemcg_btf_lookup(const struct kmemcg_btf *btf, const char *name,
			     const char *member, u32 *offset, u32 *size, u32 *width)
{
	struct kmemcg_btf_type st;
	int err;

	err = kmemcg_btf_find_struct(btf, name, &st);
	if (err)
		return err;
	return kmemcg_btf_find_member(btf, &st, 0, member, offset, size, width, 0, NULL);
}

/**
 * kmemcg_btf_member - offset and size of a member of a struct
 * @btf: an opened blob
 * @name: struct tag (the first STRUCT record of that name is used)
 * @member: member name, searched in anonymous struct/union members too
 * @offset: byte offset from the start of the struct
 * @size: if non-NULL, bytes of the member's type, typedefs and
 *	qualifiers resolved (0 when unknown, e.g. a flexible array)
 *
 * Linear walks: one to find the struct, then one per type id followed
 * (anonymous members, modifiers, array elements).  Meant for load time.
 *
 * Return: 0 with *@offset (and *@size) set; -ENOENT when the struct or the
 * member does not exist; -EINVAL when the member is a bitfield or the
 * blob is corrupt.
 *
 * Serialisation: none; it only reads the blob.
 */
int kmemcg_btf_member(const struct kmemcg_btf *btf, const char *name,
		      const char *member, u32 *offset, u32 *size)
{
	u32 off = 0, sz = 0;
	int err;

	err = kmemcg_btf_lookup(btf, name, member, &off, size ? &sz : NULL, NULL);
	if (err)
		return err;
	*offset = off;
	if (size)
		*size = sz;
	return 0;
}

/**
 * kmemcg_btf_member_bits - bit position and width of a member, bitfield or not
 * @btf: an opened blob
 * @name: struct name
 * @member: member name (searched as kmemcg_btf_member() does)
 * @bit_offset: bits from the start of the struct
 * @bit_size: width in bits (a whole member: its type's size times 8)
 *
 * Return: 0, -ENOENT when the struct or member does not exist, -EINVAL for
 * a corrupt blob.
 *
 * Serialisation: none; it only reads the blob.
 */
int kmemcg_btf_member_bits(const struct kmemcg_btf *btf, const char *name,
			   const char *member, u32 *bit_offset, u32 *bit_size)
{
	u32 off = 0, width = 0;
	int err;

	err = kmemcg_btf_lookup(btf, name, member, &off, NULL, &width);
	if (err)
		return err;
	*bit_offset = off;
	*bit_size = width;
	return 0;
}

/* The struct or union that type id leads to, through modifiers and arrays. */
static int kmemcg_btf_aggregate(const struct kmemcg_btf *btf, u32 id,
				struct kmemcg_btf_type *t)
{
	int n, err;

	for (n = 0; n < KMEMCG_BTF_MAX_CHAIN; n++) {
		err = kmemcg_btf_type_by_id(btf, id, t);
		if (!err)
			err = kmemcg_btf_skip_mods(btf, t);
		if (err)
			return err;
		if (t->kind == KMEMCG_BTF_STRUCT || t->kind == KMEMCG_BTF_UNION)
			return 0;
		if (t->kind != KMEMCG_BTF_ARRAY)
			return -ENOENT;
		/* struct btf_array { type, index_type, nelems }: element 0 */
		err = kmemcg_btf_u32(btf->types, btf->types_len,
				     t->off + KMEMCG_BTF_TYPE_LEN, &id);
		if (err)
			return err;
	}
	return -EINVAL;
}

/**
 * kmemcg_btf_member_path - offset of a member inside members
 * @btf: an opened blob
 * @name: struct name
 * @path: member names, outermost first, NULL-terminated; each but the last
 *	must be a struct or union, or an array of them (its first element is
 *	meant, as in 7.x's kmem_cache.per_node[].node)
 * @offset: byte offset from the start of @name
 * @size: if non-NULL, bytes of the last member's type
 *
 * Each name is searched as kmemcg_btf_member() does, anonymous members
 * included.
 * Return: 0, -ENOENT when a step does not exist or cannot be entered,
 * -EINVAL for a bitfield or a corrupt blob.
 *
 * Serialisation: none; it only reads the blob.
 */
int kmemcg_btf_member_path(const struct kmemcg_btf *btf, const char *name,
			   const char *const *path, u32 *offset, u32 *size)
{
	struct kmemcg_btf_type st;
	u32 off = 0, step, sz = 0, type = 0;
	int err;

	err = kmemcg_btf_find_struct(btf, name, &st);
	if (err)
		return err;
	if (!path[0])
		return -ENOENT;
	for (; *path; path++) {
		err = kmemcg_btf_find_member(btf, &st, 0, *path, &step, &sz, NULL, 0, &type);
		if (err)
			return err;
		if ((u64)off + step > 0xffffffffULL)
			return -EINVAL;
		off += step;
		if (path[1]) {
			err = kmemcg_btf_aggregate(btf, type, &st);
			if (err)
				return err;
		}
	}
	*offset = off;
	if (size)
		*size = sz;
	return 0;
}

/**
 * kmemcg_btf_member_any - the first of several names a member has had
 * @btf: an opened blob
 * @name: struct name
 * @members: the names, NULL-terminated (e.g. 7.x's "flags", then 6.x's
 *	"__page_flags" for struct slab's page flags)
 * @offset: byte offset of the member found
 * @size: if non-NULL, bytes of its type
 *
 * Return: the index in @members of the name found, -ENOENT when none is a
 * member, -EINVAL for a bitfield or a corrupt blob.
 */
int kmemcg_btf_member_any(const struct kmemcg_btf *btf, const char *name,
			  const char *const *members, u32 *offset, u32 *size)
{
	int i, err;

	for (i = 0; members[i]; i++) {
		err = kmemcg_btf_member(btf, name, members[i], offset, size);
		if (err != -ENOENT)
			return err ? err : i;
	}
	return -ENOENT;
}
