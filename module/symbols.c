// SPDX-License-Identifier: GPL-2.0
/*
 * Resolving kernel symbols by name at load time.
 *
 * kallsyms_lookup_name() is not exported since 5.7; its address is found
 * once, through a kprobe registered on it by name (kprobes resolve symbol
 * names themselves), and the probe is removed straight away.
 *
 * Locking: none.  The pointer is written once in init, before any hook is
 * registered, and only read afterwards.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/module.h>
#include "kmemcg.h"

static unsigned long (*kmemcg_kallsyms_lookup_name)(const char *name);

int kmemcg_symbols_init(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	int ret;

	ret = register_kprobe(&kp);
	if (ret < 0) {
		pr_err("cannot load: kernel symbol kallsyms_lookup_name not found (kprobe: %d)\n",
		       ret);
		return ret;
	}
	kmemcg_kallsyms_lookup_name = (void *)kp.addr;
	unregister_kprobe(&kp);
	return 0;
}

/**
 * kmemcg_lookup_name - address of a kernel symbol
 * @name: symbol name as /proc/kallsyms spells it
 *
 * Return: the address, or 0 when the running kernel has no such symbol.
 */
unsigned long kmemcg_lookup_name(const char *name)
{
	return kmemcg_kallsyms_lookup_name(name);
}

static char *test_require_symbol;
module_param(test_require_symbol, charp, 0400);
MODULE_PARM_DESC(test_require_symbol,
		 "Test only: also require this kernel symbol, to exercise the refusal");

/*
 * Data symbols the module reads, resolved where they are used (owner.c,
 * group.c, layout.c); listed here so that a missing one is reported before
 * anything is set up.
 */
static const char *const kmemcg_data_symbols[] = {
	"max_pfn", "root_mem_cgroup", "__start_BTF", "__stop_BTF",
	"slab_caches", "slab_mutex",
};

/**
 * kmemcg_symbols_check - refuse early when the kernel lacks a symbol we use
 *
 * Return: 0, or -ENOENT after one pr_err line naming the missing symbol.
 */
int kmemcg_symbols_check(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kmemcg_data_symbols); i++)
		if (!kmemcg_lookup_name(kmemcg_data_symbols[i]))
			goto missing;
	if (test_require_symbol && !kmemcg_lookup_name(test_require_symbol)) {
		pr_err("cannot load: kernel symbol %s not found\n", test_require_symbol);
		return -ENOENT;
	}
	return 0;
missing:
	pr_err("cannot load: kernel symbol %s not found\n", kmemcg_data_symbols[i]);
	return -ENOENT;
}
