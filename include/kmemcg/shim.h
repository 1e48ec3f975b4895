/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel primitives that kmemcg's pure-C logic (lib/) uses, so the
 * same source builds into kmemcg.ko and into host unit tests.  In the
 * kernel they are the kernel's own; on the host, GCC __atomic builtins with
 * the same (or stronger) ordering.
 */
#ifndef KMEMCG_SHIM_H
#define KMEMCG_SHIM_H

#ifdef __KERNEL__
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/processor.h>
#include <linux/string.h>
#include <linux/types.h>
#else
/* The host half lives beside the host tests: it is not kernel code. */
#include "host_shim.h"
#endif

#endif /* KMEMCG_SHIM_H */
