/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host half of include/kmemcg/shim.h: the kernel primitives lib/ uses,
 * made of libc and GCC __atomic builtins, for host builds (unit tests,
 * the CLI).  Not kernel code, so kernel type rules do not apply here.
 */
#ifndef KMEMCG_HOST_SHIM_H
#define KMEMCG_HOST_SHIM_H
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct { long counter; } atomic_long_t;
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;

#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define atomic_long_read(a)	__atomic_load_n(&(a)->counter, __ATOMIC_RELAXED)
#define atomic_long_set(a, v)	__atomic_store_n(&(a)->counter, (v), __ATOMIC_RELAXED)
#define atomic_long_add(v, a)	((void)__atomic_add_fetch(&(a)->counter, (v), __ATOMIC_RELAXED))
#define atomic_long_sub(v, a)	((void)__atomic_sub_fetch(&(a)->counter, (v), __ATOMIC_RELAXED))
#define atomic_long_inc(a)	atomic_long_add(1, a)
#define atomic_long_add_return(v, a) __atomic_add_fetch(&(a)->counter, (v), __ATOMIC_SEQ_CST)
#define atomic_long_sub_return(v, a) __atomic_sub_fetch(&(a)->counter, (v), __ATOMIC_SEQ_CST)
#define atomic_long_xchg(a, v)	__atomic_exchange_n(&(a)->counter, (v), __ATOMIC_SEQ_CST)
/* As in the kernel: on failure *(o) is updated to the value seen. */
#define atomic_long_try_cmpxchg(a, o, n) \
	__atomic_compare_exchange_n(&(a)->counter, (o), (n), false, \
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)
#define xchg(p, v)		__atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define cpu_relax()		__atomic_signal_fence(__ATOMIC_SEQ_CST)

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define WARN_ONCE(cond, ...) ({						\
	static bool __warned;						\
	bool __c = !!(cond);						\
	if (__c && !__atomic_exchange_n(&__warned, true, __ATOMIC_RELAXED)) \
		fprintf(stderr, __VA_ARGS__);				\
	__c;								\
})
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define LONG_MAX_SHIM		__LONG_MAX__

#endif /* KMEMCG_HOST_SHIM_H */
