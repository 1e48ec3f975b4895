/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hook engine: redirect a kernel function to a wrapper of ours through
 * ftrace (IPMODIFY), the wrapper calling the original.  See hook.c.
 */
#ifndef KMEMCG_HOOK_H
#define KMEMCG_HOOK_H

#include <linux/ftrace.h>
#include <linux/percpu.h>

struct seq_file;

#define KMEMCG_HOOK_NAMES	3

struct kmemcg_hook {
	/* Candidate symbol names, most recent kernel first; first found wins. */
	const char *names[KMEMCG_HOOK_NAMES];
	void *wrapper;			/* our replacement, same prototype */
	unsigned long *orig;		/* where the wrapper finds the original */
	/* Filled by kmemcg_hooks_resolve()/install(). */
	const char *name;
	unsigned long addr;
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

extern struct kmemcg_hook_set kmemcg_slab_hook_set;
extern struct kmemcg_hook_set kmemcg_cgroup_hook_set;

int kmemcg_hooks_resolve(const struct kmemcg_hook_set *set);
int kmemcg_hooks_install(struct kmemcg_hook_set *set);
void kmemcg_hooks_remove(struct kmemcg_hook_set *set);
void kmemcg_hooks_wait_inflight(void);
void kmemcg_hooks_free(const struct kmemcg_hook_set *set);
void kmemcg_hooks_show(struct seq_file *m, const struct kmemcg_hook_set *set);

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
