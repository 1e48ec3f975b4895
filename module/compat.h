/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where kernel-version differences are papered over.  Only
 * HAVE_* macros from module/compat.mk are tested here, each with the change
 * it covers; no other file tests kernel versions.
 *
 * Differences that are about *names* of hook targets (e.g. 6.12's
 * ___kmalloc_large_node vs 6.1's __kmalloc_large_node) are not here: the
 * hook tables list every candidate name and the first that the running
 * kernel has is used (module/hook.c).
 */
#ifndef KMEMCG_COMPAT_H
#define KMEMCG_COMPAT_H

#include <linux/ftrace.h>

/* Send the traced function's caller to @ip instead (IPMODIFY ops). */
static __always_inline void kmemcg_ftrace_redirect(struct ftrace_regs *fregs,
						   unsigned long ip)
{
#ifdef HAVE_FTRACE_REGS_SET_INSTRUCTION_POINTER
	ftrace_regs_set_instruction_pointer(fregs, ip);	/* 6.2+ */
#else
	ftrace_instruction_pointer_set(fregs, ip);
#endif
}

#endif /* KMEMCG_COMPAT_H */
