/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hook engine: redirect a kernel function to a wrapper of ours through
 * ftrace (IPMODIFY), the wrapper calling the original.  See hook.c.
 *
 * Calling a kernel function found by name: ALWAYS through a static call,
 * NEVER through a function pointer.  Debian's 6.12 and 7.x kernels are
 * built with CONFIG_X86_KERNEL_IBT: on an Intel CPU with indirect branch
 * tracking every indirect call must land on an ENDBR64 instruction, and
 * the static functions we hook (allocate_slab, __free_slab, ...) have none,
 * while the kernel seals (overwrites) the ENDBR64 of functions nobody takes
 * the address of, such as kallsyms_lookup_name.  An indirect call to any of
 * them is a fatal "Missing ENDBR" fault on such a host, and the test VM
 * (QEMU TCG) cannot show it.  A static call is a direct call: the kernel
 * patches each call site (or the key's trampoline, itself reached by a
 * direct call) into "call <target>" when the target is set.
 *
 * To add a hook, in the file that holds its wrapper:
 *	KMEMCG_DEFINE_ORIG(name, wrapper);	the original's static call
 *	KMEMCG_CALL_ORIG(name)(args...)		in the wrapper
 *	KMEMCG_HOOK(name, wrapper, "symbol", ...) in the hook table
 * The static call must be defined in the file that calls it: objtool
 * records a module's call sites against a key it finds in the same object.
 * tests/static/ibt.t fails the build's check on any indirect branch in
 * kmemcg.ko that is not listed there with a reason.
 */
#ifndef KMEMCG_HOOK_H
#define KMEMCG_HOOK_H

#include <linux/ftrace.h>
#include <linux/percpu.h>
#include <linux/static_call.h>
#include "compat.h"

/* Without it, static_call() is a call through key->func: an indirect call. */
#ifndef CONFIG_HAVE_STATIC_CALL
#error "kmemcg needs CONFIG_HAVE_STATIC_CALL: it never calls kernel functions through pointers"
#endif

struct seq_file;

#define KMEMCG_HOOK_NAMES	3

struct kmemcg_hook {
	/* Candidate symbol names, most recent kernel first; first found wins. */
	const char *names[KMEMCG_HOOK_NAMES];
	unsigned int nargs;		/* parameters of the original */
	/*
	 * A kernel may lack an optional target (one the compiler may inline
	 * into all its callers): the hook is then left out, and what it
	 * would have seen goes through the entry points that remain.
	 */
	bool optional;
	void *wrapper;			/* our replacement, same prototype */
	/* The static call through which the wrapper calls the original. */
	struct static_call_key *orig_key;
	void *orig_tramp;
	/* Filled by kmemcg_hooks_resolve()/install(). */
	const char *name;
	unsigned long addr;
	unsigned long call_addr;	/* past its fentry call: see hook.c */
	unsigned long __percpu *hits;	/* calls that reached the wrapper */
};

/*
 * The hooks of one file (one concern), installed and removed together
 * through one ftrace_ops: ftrace waits for two Tasks RCU grace periods
 * when a module's ops is unregistered, so one ops per hook would make
 * unload slow.
 */
struct kmemcg_hook_set {
	struct kmemcg_hook *hooks;
	size_t n;
	struct ftrace_ops ops;
	bool installed;
};

/*
 * The original of a hooked function, as a static call typed like the
 * wrapper (which has the original's prototype).  Until install points it
 * at the original it returns 0, never a garbage value.
 */
#define KMEMCG_DEFINE_ORIG(name, wrapper) \
	DEFINE_STATIC_CALL_RET0(kmemcg_orig_##name, wrapper)

/* A direct call to the original of hook @name. */
#define KMEMCG_CALL_ORIG(name)	static_call(kmemcg_orig_##name)

/*
 * One hook table entry: the wrapper, the number of parameters the original
 * has (checked against the running kernel's BTF at load), then the
 * candidate symbol names.  KMEMCG_HOOK_OPTIONAL: see kmemcg_hook.optional.
 */
#define KMEMCG_HOOK_OPTIONAL(name, wrapper_fn, n_args, ...)		\
	{								\
		.names = { __VA_ARGS__ },				\
		.nargs = (n_args),					\
		.optional = true,					\
		.wrapper = (wrapper_fn),				\
		.orig_key = &STATIC_CALL_KEY(kmemcg_orig_##name),	\
		.orig_tramp = STATIC_CALL_TRAMP_ADDR(kmemcg_orig_##name), \
	}

#define KMEMCG_HOOK(name, wrapper_fn, n_args, ...)			\
	{								\
		.names = { __VA_ARGS__ },				\
		.nargs = (n_args),					\
		.wrapper = (wrapper_fn),				\
		.orig_key = &STATIC_CALL_KEY(kmemcg_orig_##name),	\
		.orig_tramp = STATIC_CALL_TRAMP_ADDR(kmemcg_orig_##name), \
	}

extern struct kmemcg_hook_set kmemcg_slab_hook_set;
extern struct kmemcg_hook_set kmemcg_cgroup_hook_set;
extern struct kmemcg_hook_set kmemcg_object_hook_set;
void kmemcg_objects_arm(void);

/*
 * First 4 bytes of ENDBR64/ENDBR32 and of the kernel's seals, little-endian
 * (arch/x86/include/asm/ibt.h gen_endbr_poison(): "osp nopl (%rax)" up to
 * 6.x, "nopl -42(%rax)" on 7.x).
 */
#define KMEMCG_ENDBR64		0xfa1e0ff3U
#define KMEMCG_ENDBR32		0xfb1e0ff3U
#define KMEMCG_ENDBR_POISON	0x001f0f66U
#define KMEMCG_ENDBR_POISON_UDB	0xd6401f0fU

int kmemcg_static_call_set(struct static_call_key *key, void *tramp,
			   unsigned long addr, const char *name);
const char *kmemcg_entry_kind(unsigned long addr);
void kmemcg_calls_line(struct seq_file *m, const char *name,
		       const struct static_call_key *key, unsigned long addr,
		       unsigned long target);
int kmemcg_hooks_resolve(const struct kmemcg_hook_set *set);
int kmemcg_hooks_check(const struct kmemcg_hook_set *set);
int kmemcg_hooks_install(struct kmemcg_hook_set *set);
void kmemcg_hooks_remove(struct kmemcg_hook_set *set);
void kmemcg_hooks_wait_inflight(void);
void kmemcg_hooks_free(const struct kmemcg_hook_set *set);
void kmemcg_hooks_show(struct seq_file *m, const struct kmemcg_hook_set *set);
void kmemcg_hooks_show_calls(struct seq_file *m, const struct kmemcg_hook_set *set);

DECLARE_PER_CPU(long, kmemcg_inflight);

/*
 * Every wrapper brackets its whole body, including the call to the
 * original, with enter/exit, so that unload can wait until no task is
 * inside module text (kmemcg_hooks_wait_inflight()).
 */
static __always_inline void kmemcg_hook_enter(struct kmemcg_hook *hook)
{
	this_cpu_inc(kmemcg_inflight);
	this_cpu_inc(*hook->hits);
}

static __always_inline void kmemcg_hook_exit(void)
{
	this_cpu_dec(kmemcg_inflight);
}

#endif /* KMEMCG_HOOK_H */
