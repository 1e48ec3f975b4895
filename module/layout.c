// SPDX-License-Identifier: GPL-2.0
/*
 * Offsets of fields of structures private to mm/ (struct kmem_cache is
 * private on 6.12, struct slab on every line), read from the running
 * kernel's own BTF (the blob between __start_BTF and __stop_BTF that
 * /sys/kernel/btf/vmlinux exposes) at load time, so no struct definition
 * is copied per kernel version.  A missing field refuses the load.
 *
 * Locking: none; written once in init, read-only afterwards.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/string.h>
#include "kmemcg/btf.h"
#include "kmemcg.h"

/* SLUB packs a slab's order above the object count (mm/slub.c OO_SHIFT). */
#define KMEMCG_OO_SHIFT		16

static char *test_require_field;
module_param(test_require_field, charp, 0400);
MODULE_PARM_DESC(test_require_field,
		 "Test only: also require this STRUCT.MEMBER in the kernel's BTF");

static u32 kmemcg_cache_oo_offset;

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

int kmemcg_layout_init(void)
{
	const void *start = (void *)kmemcg_lookup_name("__start_BTF");
	const void *stop = (void *)kmemcg_lookup_name("__stop_BTF");
	struct kmemcg_btf btf;
	int ret;

	if (!start || !stop || stop <= start) {
		pr_err("cannot load: the kernel has no BTF (__start_BTF/__stop_BTF; CONFIG_DEBUG_INFO_BTF=y is needed)\n");
		return -ENOENT;
	}
	ret = kmemcg_btf_open(&btf, start, stop - start);
	if (ret) {
		pr_err("cannot load: the kernel's BTF is unreadable (%d)\n", ret);
		return ret;
	}
	ret = kmemcg_layout_field(&btf, "kmem_cache", "oo", sizeof(u32),
				  &kmemcg_cache_oo_offset);
	if (ret)
		return ret;
	return kmemcg_layout_test_field(&btf);
}

/**
 * kmemcg_cache_max_pages - pages of a slab of @s at its preferred order
 * @s: a SLUB cache
 *
 * Any context.  SLUB may fall back to a smaller order (s->min); callers
 * charge this maximum first and give back the difference.
 */
unsigned long kmemcg_cache_max_pages(const struct kmem_cache *s)
{
	u32 oo = READ_ONCE(*(const u32 *)((const char *)s + kmemcg_cache_oo_offset));

	return 1UL << (oo >> KMEMCG_OO_SHIFT);
}
