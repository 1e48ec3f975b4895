// SPDX-License-Identifier: GPL-2.0
/*
 * Offsets of fields of structures private to mm/ (struct kmem_cache is
 * private on 6.12, struct slab on every line), read from the running
 * kernel's own BTF (the blob between __start_BTF and __stop_BTF that
 * /sys/kernel/btf/vmlinux exposes) at load time, so no struct definition
 * is copied per kernel version.  A missing field refuses the load.  The
 * SLAB_* flags the module tests (SLAB_ACCOUNT, SLAB_RECLAIM_ACCOUNT) are
 * resolved here too, from the same BTF where the kernel numbers them in
 * an enum.
 *
 * Locking: none; written once in init, read-only afterwards.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "kmemcg/btf.h"
#include "kmemcg.h"

/* SLUB packs a slab's order above the object count (mm/slub.c OO_SHIFT). */
#define KMEMCG_OO_SHIFT		16

static char *test_require_field;
module_param(test_require_field, charp, 0400);
MODULE_PARM_DESC(test_require_field,
		 "Test only: also require this STRUCT.MEMBER in the kernel's BTF");

/* The kernel's own BTF: its blob lives as long as the kernel. */
static struct kmemcg_btf kmemcg_btf;

static u32 kmemcg_cache_oo_offset, kmemcg_cache_flags_offset;
static u32 kmemcg_cache_name_offset, kmemcg_cache_size_offset, kmemcg_cache_list_offset;
static u32 kmemcg_cache_object_size_offset, kmemcg_cache_kobj_offset;
/* SLAB_ACCOUNT and SLAB_RECLAIM_ACCOUNT of the running kernel (0: none) */
static slab_flags_t kmemcg_flag_account, kmemcg_flag_reclaim;
static u32 kmemcg_slab_cache_offset;
static u32 kmemcg_slab_inuse_bit, kmemcg_slab_inuse_width;
static u32 kmemcg_slab_objects_bit, kmemcg_slab_objects_width;

static int kmemcg_layout_field(const struct kmemcg_btf *btf, const char *st,
			       const char *member, u32 want_size, u32 *offset)
{
	u32 size;
	int ret;

	ret = kmemcg_btf_member(btf, st, member, offset, &size);
	if (ret) {
		pr_err("cannot load: field %s.%s not found in the kernel's BTF (%d)\n",
		       st, member, ret);
		return -ENOENT;
	}
	if (want_size && size != want_size) {
		pr_err("cannot load: field %s.%s is %u bytes, expected %u\n",
		       st, member, size, want_size);
		return -ENOENT;
	}
	return 0;
}

/* A bitfield (or small member) of a struct: its bit position and width. */
static int kmemcg_layout_bits(const struct kmemcg_btf *btf, const char *st,
			      const char *member, u32 *bit, u32 *width)
{
	int ret = kmemcg_btf_member_bits(btf, st, member, bit, width);

	if (ret || !*width || *width > 32) {
		pr_err("cannot load: field %s.%s not found in the kernel's BTF (%d)\n",
		       st, member, ret ? ret : -EINVAL);
		return -ENOENT;
	}
	return 0;
}

/*
 * The SLAB_* flag numbered @enumerator.  6.12 and later number the flags
 * in enum _slab_flag_bits (include/linux/slab.h: SLAB_ACCOUNT is
 * __SLAB_FLAG_BIT(_SLAB_ACCOUNT)), whose members come and go with the
 * config (CONFIG_MEMCG, CONFIG_SLUB_TINY, ...): the flag is the bit the
 * running kernel's BTF gives, or none (__SLAB_FLAG_UNUSED, 0) when the
 * enum lacks the enumerator.  6.1 defines the flags as constants, no
 * enum: the value of the headers the module was built against (@header).
 */
static int kmemcg_layout_flag(const struct kmemcg_btf *btf, const char *enumerator,
			      slab_flags_t header, slab_flags_t *flag)
{
	s64 bit, last;
	int ret;

	ret = kmemcg_btf_enum_value(btf, "_slab_flag_bits", "_SLAB_FLAGS_LAST_BIT", &last);
	if (ret == -ENOENT) {
		*flag = header;
		return 0;
	}
	if (!ret)
		ret = kmemcg_btf_enum_value(btf, "_slab_flag_bits", enumerator, &bit);
	if (ret == -ENOENT) {
		*flag = 0;
		return 0;
	}
	if (ret || bit < 0 || bit >= last || bit >= 8 * sizeof(slab_flags_t)) {
		pr_err("cannot load: enum _slab_flag_bits.%s unusable in the kernel's BTF (%d)\n",
		       enumerator, ret ? ret : -ERANGE);
		return -ENOENT;
	}
	*flag = (__force slab_flags_t)(1U << bit);
	return 0;
}

/* "struct.member" from the test parameter. */
static int kmemcg_layout_test_field(const struct kmemcg_btf *btf)
{
	char st[64], *dot;
	u32 offset;

	if (!test_require_field)
		return 0;
	strscpy(st, test_require_field, sizeof(st));
	dot = strchr(st, '.');
	if (!dot) {
		pr_err("cannot load: test_require_field=%s is not STRUCT.MEMBER\n", st);
		return -EINVAL;
	}
	*dot = '\0';
	return kmemcg_layout_field(btf, st, dot + 1, 0, &offset);
}

/**
 * kmemcg_layout_init - read the private fields' layout from the kernel's BTF
 *
 * Finds the kernel's BTF blob (__start_BTF..__stop_BTF, by name), then the
 * offsets of the struct kmem_cache fields (oo, flags, name, size, list,
 * object_size, kobj; mm/slab.h on 6.12 and 7.x, include/linux/slub_def.h
 * on 6.1) and struct slab fields (slab_cache, the inuse and objects
 * bitfields; mm/slab.h) the module reads, each checked against the size
 * this build expects, and the bits of SLAB_ACCOUNT and
 * SLAB_RECLAIM_ACCOUNT (enum _slab_flag_bits where the kernel has it).
 * Also requires test_require_field when set.
 *
 * Context: process context, at load, before anything reads a private
 * field; no locks (the results are written once, read-only afterwards).
 * Return: 0; -ENOENT after one pr_err line when the kernel has no BTF or
 * lacks a field or flag (or it has another size); the BTF reader's
 * -EINVAL for an unreadable blob; -EINVAL for a test_require_field not
 * of the form STRUCT.MEMBER.
 */
int kmemcg_layout_init(void)
{
	const void *start = (void *)kmemcg_lookup_name("__start_BTF");
	const void *stop = (void *)kmemcg_lookup_name("__stop_BTF");
	struct kmemcg_btf *btf = &kmemcg_btf;
	int ret;

	if (!start || !stop || stop <= start) {
		pr_err("cannot load: the kernel has no BTF (__start_BTF/__stop_BTF; CONFIG_DEBUG_INFO_BTF=y is needed)\n");
		return -ENOENT;
	}
	ret = kmemcg_btf_open(btf, start, stop - start);
	if (ret) {
		pr_err("cannot load: the kernel's BTF is unreadable (%d)\n", ret);
		return ret;
	}
	ret = kmemcg_layout_field(btf, "kmem_cache", "oo", sizeof(u32),
				  &kmemcg_cache_oo_offset) ?:
	      kmemcg_layout_field(btf, "kmem_cache", "flags", sizeof(slab_flags_t),
				  &kmemcg_cache_flags_offset) ?:
	      kmemcg_layout_field(btf, "kmem_cache", "name", sizeof(void *),
				  &kmemcg_cache_name_offset) ?:
	      kmemcg_layout_field(btf, "kmem_cache", "size", sizeof(u32),
				  &kmemcg_cache_size_offset) ?:
	      kmemcg_layout_field(btf, "kmem_cache", "list", sizeof(struct list_head),
				  &kmemcg_cache_list_offset) ?:
	      kmemcg_layout_field(btf, "kmem_cache", "object_size", sizeof(u32),
				  &kmemcg_cache_object_size_offset) ?:
	      kmemcg_layout_field(btf, "kmem_cache", "kobj", sizeof(struct kobject),
				  &kmemcg_cache_kobj_offset) ?:
	      kmemcg_layout_flag(btf, "_SLAB_ACCOUNT", SLAB_ACCOUNT, &kmemcg_flag_account) ?:
	      kmemcg_layout_flag(btf, "_SLAB_RECLAIM_ACCOUNT", SLAB_RECLAIM_ACCOUNT,
				 &kmemcg_flag_reclaim) ?:
	      kmemcg_layout_field(btf, "slab", "slab_cache", sizeof(void *),
				  &kmemcg_slab_cache_offset) ?:
	      kmemcg_layout_bits(btf, "slab", "inuse", &kmemcg_slab_inuse_bit,
				 &kmemcg_slab_inuse_width) ?:
	      kmemcg_layout_bits(btf, "slab", "objects", &kmemcg_slab_objects_bit,
				 &kmemcg_slab_objects_width);
	if (ret)
		return ret;
	return kmemcg_layout_test_field(btf);
}

/**
 * kmemcg_layout_check_func - check a hook target's parameter count
 * @name: the kernel function
 * @nargs: the parameters its wrapper passes on
 *
 * Process context, after kmemcg_layout_init().  A function the kernel's
 * BTF does not describe is taken as it is (pahole leaves out functions it
 * cannot describe the same way everywhere).
 * Return: 0, or -ENOENT after one pr_err line when the counts differ.
 */
int kmemcg_layout_check_func(const char *name, unsigned int nargs)
{
	u32 n;

	if (kmemcg_btf_func_nargs(&kmemcg_btf, name, &n) || n == nargs)
		return 0;
	pr_err("cannot load: kernel function %s takes %u arguments, this build expects %u\n",
	       name, n, nargs);
	return -ENOENT;
}

/**
 * kmemcg_cache_max_pages - pages of a slab of @s at its preferred order
 * @s: a SLUB cache
 *
 * SLUB may fall back to a smaller order (s->min); callers charge this
 * maximum first and give back the difference.  The order is s->oo's upper
 * bits (mm/slub.c, oo_order(), OO_SHIFT).
 *
 * Context: any; @s kept alive by the caller.
 * Return: 2^order pages.
 */
unsigned long kmemcg_cache_max_pages(const struct kmem_cache *s)
{
	u32 oo = READ_ONCE(*(const u32 *)((const char *)s + kmemcg_cache_oo_offset));

	return 1UL << (oo >> KMEMCG_OO_SHIFT);
}

/**
 * kmemcg_cache_name - a cache's name
 * @s: a SLUB cache, kept alive by the caller
 *
 * s->name, as /proc/slabinfo shows it (a merged cache answers to the name
 * of the cache it was merged into).
 *
 * Context: any.
 * Return: the NUL-terminated name, owned by the cache.
 */
const char *kmemcg_cache_name(const struct kmem_cache *s)
{
	return READ_ONCE(*(const char *const *)((const char *)s + kmemcg_cache_name_offset));
}

/**
 * kmemcg_cache_size - the bytes an object takes in a cache's slabs
 * @s: a SLUB cache, kept alive by the caller
 *
 * s->size: the object with SLUB's metadata and alignment
 * (/proc/slabinfo's <objsize>, mm/slub.c get_slabinfo()).
 *
 * Context: any.
 * Return: bytes.
 */
unsigned int kmemcg_cache_size(const struct kmem_cache *s)
{
	return READ_ONCE(*(const u32 *)((const char *)s + kmemcg_cache_size_offset));
}

/* s->flags, private to mm/ on 6.12 and later (mm/slab.h). */
static slab_flags_t kmemcg_cache_flags(const struct kmem_cache *s)
{
	return READ_ONCE(*(const slab_flags_t *)((const char *)s + kmemcg_cache_flags_offset));
}

/**
 * kmemcg_cache_accounted - whether the kernel's memcg charges a cache's objects
 * @s: a SLUB cache, kept alive by the caller
 *
 * Any context.  s->flags has SLAB_ACCOUNT, the bit of the running kernel
 * (kmemcg_layout_flag()): mm/slub.c charges the objects of such a cache
 * (memcg_slab_post_alloc_hook(), memcg_slab_pre_alloc_hook() on 6.1).
 * Return: true for a SLAB_ACCOUNT cache.
 */
bool kmemcg_cache_accounted(const struct kmem_cache *s)
{
	return kmemcg_cache_flags(s) & kmemcg_flag_account;
}

/**
 * kmemcg_cache_reclaimable - whether a cache's slabs count as reclaimable
 * @s: a SLUB cache, kept alive by the caller
 *
 * Any context.  s->flags has SLAB_RECLAIM_ACCOUNT, the bit of the running
 * kernel (kmemcg_layout_flag()); mm/slab.h cache_vmstat_idx() counts such
 * slabs as NR_SLAB_RECLAIMABLE_B.
 * Return: true for a SLAB_RECLAIM_ACCOUNT cache.
 */
bool kmemcg_cache_reclaimable(const struct kmem_cache *s)
{
	return kmemcg_cache_flags(s) & kmemcg_flag_reclaim;
}

/**
 * kmemcg_cache_object_size - the object size a cache's creator asked for
 * @s: a SLUB cache, kept alive by the caller
 *
 * Any context.  s->object_size (mm/slab.h; include/linux/slub_def.h on
 * 6.1), without SLUB's metadata, which kmemcg_cache_size() includes.
 * Return: bytes.
 */
unsigned int kmemcg_cache_object_size(const struct kmem_cache *s)
{
	return READ_ONCE(*(const u32 *)((const char *)s + kmemcg_cache_object_size_offset));
}

/**
 * kmemcg_cache_kobj - a cache's kobject
 * @s: a SLUB cache, kept alive by the caller
 *
 * Any context.  &s->kobj: its directory in /sys/kernel/slab once
 * registered (mm/slub.c sysfs_slab_add(): named after the cache, or its
 * unique id when mergeable).
 * Return: the kobject, inside @s.
 */
const struct kobject *kmemcg_cache_kobj(const struct kmem_cache *s)
{
	return (const struct kobject *)((const char *)s + kmemcg_cache_kobj_offset);
}

/**
 * kmemcg_cache_objperslab - objects in a slab of a cache's preferred order
 * @s: a SLUB cache, kept alive by the caller
 *
 * s->oo's low 16 bits (mm/slub.c, oo_objects(), OO_SHIFT); the order is
 * above them.
 *
 * Context: any.
 * Return: objects per slab (/proc/slabinfo's <objperslab>).
 */
unsigned int kmemcg_cache_objperslab(const struct kmem_cache *s)
{
	u32 oo = READ_ONCE(*(const u32 *)((const char *)s + kmemcg_cache_oo_offset));

	return oo & ((1U << KMEMCG_OO_SHIFT) - 1);
}

/**
 * kmemcg_cache_of_list - the cache of a slab_caches list entry
 * @entry: &s->list of a cache on the kernel's slab_caches list
 *
 * container_of() with the offset of s->list read from BTF.
 *
 * Context: slab_mutex held, so the cache stays on the list and alive
 * (mm/slab_common.c walks slab_caches under it).
 * Return: the cache.
 */
struct kmem_cache *kmemcg_cache_of_list(struct list_head *entry)
{
	return (struct kmem_cache *)((char *)entry - kmemcg_cache_list_offset);
}

/**
 * kmemcg_slab_cache - the cache a slab belongs to
 * @slab: a slab (the struct page memory of its head page)
 *
 * slab->slab_cache (mm/slab.h).  The page may be freed and reused at any
 * time by another CPU: the value is then meaningless but the read is safe
 * (struct page memory is always mapped), and callers check it against
 * the caches they know before trusting it.
 *
 * Context: any; lockless.
 * Return: the cache pointer read, or NULL/garbage for a page that is not
 * (or no longer) a slab.
 */
struct kmem_cache *kmemcg_slab_cache(const struct slab *slab)
{
	return READ_ONCE(*(struct kmem_cache *const *)((const char *)slab +
						       kmemcg_slab_cache_offset));
}

static u32 kmemcg_read_bits(const void *base, u32 bit, u32 width)
{
	u64 word;

	memcpy(&word, (const char *)base + bit / 8, sizeof(word));
	return (word >> (bit % 8)) & ((1ULL << width) - 1);
}

/**
 * kmemcg_slab_counts - a slab's objects in use and objects
 * @slab: a slab (the struct page memory of its head page)
 * @inuse: objects allocated, those on a per-CPU freelist included
 *	(slab->inuse, as /proc/slabinfo counts active objects)
 * @objects: objects the slab holds (slab->objects)
 *
 * Reads the two bitfields of struct slab (mm/slab.h) at the bit offsets
 * found in BTF.  As for kmemcg_slab_cache(), a slab freed under the
 * caller gives meaningless but safe values.
 *
 * Context: any; lockless.
 */
void kmemcg_slab_counts(const struct slab *slab, unsigned int *inuse,
			unsigned int *objects)
{
	*inuse = kmemcg_read_bits(slab, kmemcg_slab_inuse_bit, kmemcg_slab_inuse_width);
	*objects = kmemcg_read_bits(slab, kmemcg_slab_objects_bit,
				    kmemcg_slab_objects_width);
}
