// SPDX-License-Identifier: GPL-2.0
/*
 * Resolving kernel symbols by name at load time.
 *
 * kallsyms_lookup_name() is not exported since 5.7; its address is found
 * once, through a kprobe registered on it by name (kprobes resolve symbol
 * names themselves), and the probe is removed straight away.
 *
 * It is then called through a static call, a direct call, never through a
 * function pointer: its ENDBR64 is sealed at boot on IBT kernels (6.12,
 * 7.x), so an indirect call to it is a fatal "Missing ENDBR" fault on an
 * Intel host with indirect branch tracking (hook.h).  A kprobe's address
 * is the probed instruction, which is past the ENDBR64 (or its seal) when
 * the function has one (arch_adjust_kprobe_addr()); the function's own
 * lookup of its name gives its start, which is checked to be at most that
 * far back.
 *
 * Locking: none.  The static call is set once in init, before any hook is
 * registered, and only called afterwards.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/static_call.h>
#include "hook.h"
#include "kmemcg.h"

#define KMEMCG_KALLSYMS		"kallsyms_lookup_name"

/* The largest distance from a function's start to its kprobe address. */
#define KMEMCG_KPROBE_SKIP	16

/* Typed like kmemcg_lookup_name(), which has kallsyms_lookup_name()'s prototype. */
DEFINE_STATIC_CALL_RET0(kmemcg_kallsyms, kmemcg_lookup_name);
static unsigned long kmemcg_kallsyms_addr;

/**
 * kmemcg_symbols_init - set up the direct call to kallsyms_lookup_name()
 *
 * Process context.
 * Return: 0, or a negative errno after one pr_err line.
 */
int kmemcg_symbols_init(void)
{
	struct kprobe kp = { .symbol_name = KMEMCG_KALLSYMS };
	unsigned long probed, start;
	int ret;

	ret = register_kprobe(&kp);
	if (ret < 0) {
		pr_err("cannot load: kernel symbol %s not found (kprobe: %d)\n",
		       KMEMCG_KALLSYMS, ret);
		return ret;
	}
	probed = (unsigned long)kp.addr;
	unregister_kprobe(&kp);

	ret = kmemcg_static_call_set(&STATIC_CALL_KEY(kmemcg_kallsyms),
				     STATIC_CALL_TRAMP_ADDR(kmemcg_kallsyms), probed,
				     KMEMCG_KALLSYMS);
	if (ret)
		return ret;
	start = static_call(kmemcg_kallsyms)(KMEMCG_KALLSYMS);
	if (!start || start > probed || probed - start > KMEMCG_KPROBE_SKIP) {
		pr_err("cannot load: %s does not find itself where its kprobe is\n",
		       KMEMCG_KALLSYMS);
		return -ENOENT;
	}
	ret = kmemcg_static_call_set(&STATIC_CALL_KEY(kmemcg_kallsyms),
				     STATIC_CALL_TRAMP_ADDR(kmemcg_kallsyms), start,
				     KMEMCG_KALLSYMS);
	if (ret)
		return ret;
	kmemcg_kallsyms_addr = start;
	return 0;
}

/**
 * kmemcg_symbols_show_calls - the "calls" line of kallsyms_lookup_name()
 * @m: the file
 */
void kmemcg_symbols_show_calls(struct seq_file *m)
{
	kmemcg_calls_line(m, KMEMCG_KALLSYMS, &STATIC_CALL_KEY(kmemcg_kallsyms),
			  kmemcg_kallsyms_addr, kmemcg_kallsyms_addr);
}

/**
 * kmemcg_lookup_name - address of a kernel symbol
 * @name: symbol name as /proc/kallsyms spells it
 *
 * Process context (kallsyms_lookup_name() may take module_mutex).
 * Return: the address, or 0 when the running kernel has no such symbol,
 * or before kmemcg_symbols_init() succeeded.
 */
unsigned long kmemcg_lookup_name(const char *name)
{
	return static_call(kmemcg_kallsyms)(name);
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
	"max_pfn", "root_mem_cgroup", "cgroup_mutex", "__start_BTF", "__stop_BTF",
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
