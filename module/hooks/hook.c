// SPDX-License-Identifier: GPL-2.0
/*
 * The hook engine.
 *
 * A hook redirects every call of a kernel function to a wrapper of ours
 * with the same prototype, which does its accounting and calls the
 * original.  The mechanism is ftrace with FTRACE_OPS_FL_IPMODIFY: the
 * function's fentry call lands in kmemcg_hook_thunk(), which rewrites the
 * instruction pointer to return to, to the wrapper.  The wrapper calls the
 * original just past its fentry call (as BPF trampolines do): the call is
 * not traced again, so it needs no test of who calls, and every other
 * call, the module's own included, is redirected alike.  (Telling the
 * wrappers' calls apart by the caller's address would not do: a function
 * that tail-calls a hooked one, kfree() on 6.1, passes on its caller's.)
 * IPA register allocation, which would let a caller assume a static
 * function preserves more registers than the ABI says, is off in the
 * kernel's -pg builds, so the wrappers' ABI holds; and they never
 * tail-call the original (Kbuild builds this module with
 * -fno-optimize-sibling-calls), so their own frame stays to return to.
 *
 * The wrapper calls the original through a static call (hook.h says why
 * never through a pointer): install points the static call at the
 * resolved address before the ftrace ops is registered, and checks that
 * the kernel took it.  The "calls" debugfs file shows, for every function
 * called by name, how it is called and what its first instruction is.
 *
 * Locking: none of our own.  Install and removal run in init/exit only.
 * The thunk runs in any context with ftrace's recursion protection
 * (FTRACE_OPS_FL_RECURSION) and touches nothing shared.
 *
 * Unload: after the ftrace ops are unregistered no new call is redirected,
 * but a task may still be inside a wrapper (the original may sleep in
 * reclaim, for minutes).  Wrappers count themselves in kmemcg_inflight;
 * kmemcg_hooks_wait_inflight() waits for Tasks RCU (a task redirected but
 * preempted before its increment has not passed a voluntary context
 * switch yet), then for the count to drain, then for Tasks RCU again (a
 * task between its decrement and its return).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/rcupdate_wait.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include "compat.h"
#include "fault.h"
#include "hook.h"
#include "kmemcg.h"

DEFINE_PER_CPU(long, kmemcg_inflight);

/*
 * The fentry call site of a function is at its start, or just after its
 * ENDBR instruction (4 bytes) with IBT; 16 bytes covers both.
 */
#define KMEMCG_FENTRY_SLACK	16

/* The 5-byte NOP ftrace leaves at an unused fentry site, and a call. */
static const u8 kmemcg_nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
#define KMEMCG_CALL_REL32	0xe8
#define KMEMCG_FENTRY_SIZE	5

static void notrace kmemcg_hook_thunk(unsigned long ip, unsigned long parent_ip,
				      struct ftrace_ops *ops,
				      struct ftrace_regs *fregs)
{
	struct kmemcg_hook_set *set = container_of(ops, struct kmemcg_hook_set, ops);
	size_t i;

	for (i = 0; i < set->n; i++) {
		if (ip - set->hooks[i].addr < KMEMCG_FENTRY_SLACK) {
			kmemcg_ftrace_redirect(fregs, (unsigned long)set->hooks[i].wrapper);
			return;
		}
	}
}

/**
 * kmemcg_static_call_set - point a static call at a kernel function
 * @key: the static call's key (STATIC_CALL_KEY())
 * @tramp: its trampoline (STATIC_CALL_TRAMP_ADDR())
 * @addr: the function's address, from kallsyms
 * @name: the function's name, for the error line
 *
 * The kernel patches the trampoline and every call site of @key into a
 * direct call to @addr (kernel/static_call_inline.c, __static_call_update()).
 * Process context; sleeps (text_mutex).  Never called once the call can
 * be reached (before its hook is registered).
 *
 * Return: 0, or -EINVAL after one pr_err line if the key does not hold
 * @addr afterwards: the module then refuses to load rather than call the
 * function any other way.
 */
int kmemcg_static_call_set(struct static_call_key *key, void *tramp,
			   unsigned long addr, const char *name)
{
	__static_call_update(key, tramp, (void *)addr);
	if (READ_ONCE(key->func) != (void *)addr) {
		pr_err("cannot load: static call to %s could not be set up\n", name);
		return -EINVAL;
	}
	return 0;
}

/**
 * kmemcg_entry_kind - what a kernel function's first instruction is
 * @addr: the function's address
 *
 * Reads 4 bytes of kernel text without faulting.  Any context.
 * Return: "endbr64", "sealed" (the kernel's poison of an unused ENDBR64,
 * either line's, see hook.h), "none" or "unreadable".
 * An indirect branch to anything but "endbr64" faults with IBT enforced.
 */
const char *kmemcg_entry_kind(unsigned long addr)
{
	u32 insn;

	if (get_kernel_nofault(insn, (u32 *)addr))
		return "unreadable";
	if (insn == KMEMCG_ENDBR64 || insn == KMEMCG_ENDBR32)
		return "endbr64";
	if (insn == KMEMCG_ENDBR_POISON || insn == KMEMCG_ENDBR_POISON_UDB)
		return "sealed";
	return "none";
}

/*
 * Where a wrapper calls the function at @addr: just past its fentry call,
 * which follows its ENDBR64 (or the seal the kernel put there) if it has
 * one.  Process context.  Return: the address, or 0 if the instruction
 * there is neither ftrace's NOP nor a call (not an fentry site).
 */
static unsigned long kmemcg_past_fentry(unsigned long addr)
{
	const char *entry = kmemcg_entry_kind(addr);
	u8 insn[KMEMCG_FENTRY_SIZE];

	if (!strcmp(entry, "endbr64") || !strcmp(entry, "sealed"))
		addr += 4;
	if (copy_from_kernel_nofault(insn, (void *)addr, sizeof(insn)))
		return 0;
	if (memcmp(insn, kmemcg_nop5, sizeof(insn)) && insn[0] != KMEMCG_CALL_REL32)
		return 0;
	return addr + KMEMCG_FENTRY_SIZE;
}

/**
 * kmemcg_calls_line - one line of the "calls" file
 * @m: the file
 * @name: the kernel function
 * @key: the static call the module calls it through
 * @addr: the function's address
 * @target: where the static call should go (@addr, or past its fentry)
 *
 * "direct" when the static call targets @target, else "unset" (before
 * install, or after a failed one).  Process context.
 */
void kmemcg_calls_line(struct seq_file *m, const char *name,
		       const struct static_call_key *key, unsigned long addr,
		       unsigned long target)
{
	if (!addr)
		return;
	seq_printf(m, "%s %s %s\n", name,
		   target && READ_ONCE(key->func) == (void *)target ? "direct" : "unset",
		   kmemcg_entry_kind(addr));
}

/**
 * kmemcg_hooks_resolve - find every hook's target in the running kernel
 * @set: the hooks
 *
 * Return: 0, or -ENOENT after one pr_err line naming the symbol (or the
 * candidate names) that the running kernel lacks.
 */
int kmemcg_hooks_resolve(const struct kmemcg_hook_set *set)
{
	size_t i, j;

	for (i = 0; i < set->n; i++) {
		struct kmemcg_hook *h = &set->hooks[i];

		for (j = 0; j < KMEMCG_HOOK_NAMES && h->names[j]; j++) {
			h->addr = kmemcg_lookup_name(h->names[j]);
			if (h->addr) {
				h->name = h->names[j];
				break;
			}
		}
		if (!h->addr && !h->optional) {
			pr_err("cannot load: kernel symbol %s%s%s%s%s not found\n",
			       h->names[0],
			       h->names[1] ? " (or " : "",
			       h->names[1] ? h->names[1] : "",
			       h->names[2] ? ", " : "",
			       h->names[2] ? h->names[2] : "");
			return -ENOENT;
		}
	}
	return 0;
}

/**
 * kmemcg_hooks_check - check each target's prototype in the kernel's BTF
 * @set: the hooks, resolved
 *
 * A wrapper with the wrong number of parameters would pass garbage to the
 * original: refuse to load instead.  Process context, after layout init.
 * Return: 0, or -ENOENT after one pr_err line naming the function.
 */
int kmemcg_hooks_check(const struct kmemcg_hook_set *set)
{
	size_t i;
	int ret;

	for (i = 0; i < set->n; i++) {
		if (!set->hooks[i].addr)
			continue;	/* optional, absent */
		ret = kmemcg_layout_check_func(set->hooks[i].name, set->hooks[i].nargs);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * kmemcg_hooks_install - install a set of hooks, all or none
 * @set: the hooks, already resolved
 *
 * Filter first, then register; undo in reverse on failure.
 * Return: 0 or an error, after a pr_err line.  Process context.
 */
int kmemcg_hooks_install(struct kmemcg_hook_set *set)
{
	size_t i;
	int ret;

	for (i = 0; i < set->n; i++) {
		struct kmemcg_hook *h = &set->hooks[i];

		h->hits = kmemcg_fail_null(KMEMCG_FAULT_PERCPU, alloc_percpu(unsigned long));
		if (!h->hits) {
			pr_err("cannot load: no memory for the call counter of %s\n",
			       h->name ?: h->names[0]);
			ret = -ENOMEM;
			goto free;
		}
		if (!h->addr)
			continue;	/* optional, absent */
		h->call_addr = kmemcg_past_fentry(h->addr);
		if (!h->call_addr) {
			pr_err("cannot load: no fentry call at the start of %s\n", h->name);
			ret = -ENOENT;
			goto free;
		}
		ret = kmemcg_static_call_set(h->orig_key, h->orig_tramp, h->call_addr, h->name);
		if (ret)
			goto free;
	}
	set->ops.func = kmemcg_hook_thunk;
	set->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION |
			 FTRACE_OPS_FL_IPMODIFY;
	for (i = 0; i < set->n; i++) {
		if (!set->hooks[i].addr)
			continue;
		ret = ftrace_set_filter_ip(&set->ops, set->hooks[i].addr, 0, 0);
		if (ret) {
			pr_err("cannot hook %s: ftrace_set_filter_ip: %d\n",
			       set->hooks[i].name, ret);
			goto clear_filter;
		}
	}
	ret = register_ftrace_function(&set->ops);
	if (ret) {
		pr_err("cannot hook %s...: register_ftrace_function: %d\n",
		       set->hooks[0].name, ret);
		i = set->n;
		goto clear_filter;
	}
	set->installed = true;
	return 0;

clear_filter:
	while (i--)
		if (set->hooks[i].addr)
			ftrace_set_filter_ip(&set->ops, set->hooks[i].addr, 1, 0);
	i = set->n;
free:
	kmemcg_hooks_free(set);
	return ret;
}

/**
 * kmemcg_hooks_remove - unregister a set of hooks
 * @set: the hooks
 *
 * Callers must kmemcg_hooks_wait_inflight() before freeing anything the
 * wrappers use.  The per-hook hit counters live until then too, so they
 * are freed by kmemcg_hooks_free().
 */
void kmemcg_hooks_remove(struct kmemcg_hook_set *set)
{
	size_t n = set->n;
	int ret;

	if (!set->installed)
		return;
	ret = unregister_ftrace_function(&set->ops);
	WARN(ret, "kmemcg: unregister_ftrace_function(%s...): %d\n",
	     set->hooks[0].name, ret);
	while (n--)
		if (set->hooks[n].addr)
			ftrace_set_filter_ip(&set->ops, set->hooks[n].addr, 1, 0);
	set->installed = false;
}

/**
 * kmemcg_hooks_free - free what install allocated; after wait_inflight
 * @set: the hooks
 */
void kmemcg_hooks_free(const struct kmemcg_hook_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free_percpu(set->hooks[i].hits);
		set->hooks[i].hits = NULL;
	}
}

static long kmemcg_inflight_sum(void)
{
	long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(kmemcg_inflight, cpu);
	return sum;
}

/**
 * kmemcg_hooks_wait_inflight - wait until no task runs in any wrapper
 *
 * Call after every hook is removed.  May sleep for as long as the slowest
 * original call (reclaim).  See the top of this file for why each step.
 */
void kmemcg_hooks_wait_inflight(void)
{
	unsigned int waited = 0;

	synchronize_rcu_tasks();
	/*
	 * No wrapper is entered any more, so the sum only falls; a reader
	 * seeing a decrement without its increment cannot happen because
	 * every increment happened before synchronize_rcu_tasks() returned.
	 */
	while (kmemcg_inflight_sum() > 0) {
		usleep_range(10000, 20000);
		if (++waited % 500 == 0)
			pr_info("unload: still waiting for %ld task(s) in hooked allocator calls\n",
				kmemcg_inflight_sum());
	}
	synchronize_rcu_tasks();
}

static unsigned long kmemcg_hook_hits(const struct kmemcg_hook *hook)
{
	unsigned long sum = 0;
	int cpu;

	if (!hook->hits)
		return 0;
	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(hook->hits, cpu);
	return sum;
}

/**
 * kmemcg_hooks_show_calls - the "calls" lines of a set's originals
 * @m: the file
 * @set: the hooks
 */
void kmemcg_hooks_show_calls(struct seq_file *m, const struct kmemcg_hook_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		kmemcg_calls_line(m, set->hooks[i].name, set->hooks[i].orig_key,
				  set->hooks[i].addr, set->hooks[i].call_addr);
}

/**
 * kmemcg_hooks_show - the stat file's hook lines of a hook set
 * @m: the stat file being read
 * @set: the hooks
 *
 * One "hook_<target> <calls>" line (KMEMCG_STAT_HOOK_PREFIX) per hook
 * whose target was found, by the name found; <calls> is the number of
 * times the hook ran, summed over every possible CPU (racy).  Nothing for
 * a hook whose target the running kernel lacks.
 *
 * Context: process context, a seq_file show; no locks.
 */
void kmemcg_hooks_show(struct seq_file *m, const struct kmemcg_hook_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->hooks[i].addr)
			seq_printf(m, "%s%s %lu\n", KMEMCG_STAT_HOOK_PREFIX,
				   set->hooks[i].name, kmemcg_hook_hits(&set->hooks[i]));
}
