/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection into the module's own allocations (tests only): what the
 * test_fail_alloc parameter says, and which allocation of which site fails.
 * Pure logic, shared by kmemcg.ko (module/fault.c) and host unit tests.
 */
#ifndef KMEMCG_FAULT_H
#define KMEMCG_FAULT_H

#include "shim.h"

/*
 * The module's allocation sites, by kind.  Every site but the last two
 * absorbs its failure (the module goes on without what it could not
 * allocate) and counts it in the stat file's internal_alloc_failures; a
 * failure at load fails the load instead.  The last two return -ENOMEM
 * to the caller (a read or a policy write) and count nothing.
 */
enum kmemcg_fault_site {
	KMEMCG_FAULT_TABLE,		/* owner table and owner index, at load */
	KMEMCG_FAULT_OWNER,		/* an owner's struct */
	KMEMCG_FAULT_OWNER_ID,		/* an owner id (IDA) */
	KMEMCG_FAULT_OWNER_CHUNK,	/* a page of the owner index */
	KMEMCG_FAULT_GROUP,		/* a group's struct, pseudo groups' too */
	KMEMCG_FAULT_NAME,		/* a group's name, a removed group's path */
	KMEMCG_FAULT_INDEX,		/* a group's entry in the css id index (xarray) */
	KMEMCG_FAULT_WORKQUEUE,		/* the groups' workqueue, at load */
	KMEMCG_FAULT_POOL,		/* the object pool and its chunk array, at load */
	KMEMCG_FAULT_POOL_CHUNK,	/* a chunk of the object pool (vmalloc, gen_pool_add) */
	KMEMCG_FAULT_VECTOR,		/* a slab's owner vector, from the pool: any context */
	KMEMCG_FAULT_DEBUGFS,		/* a debugfs directory or file */
	KMEMCG_FAULT_PERCPU,		/* a hook's per-CPU call counter, at load */
	KMEMCG_FAULT_SCOPE,		/* the hooks' copy of the scope list (-ENOMEM) */
	KMEMCG_FAULT_FILE_BUF,		/* a read buffer of a file (-ENOMEM) */
	KMEMCG_FAULT_NR,
};

/* Sites below this one count their failures in internal_alloc_failures. */
#define KMEMCG_FAULT_COUNTED	KMEMCG_FAULT_SCOPE

enum kmemcg_fault_mode {
	KMEMCG_FAULT_OFF,
	KMEMCG_FAULT_NTH,		/* the Nth allocation from load fails */
	KMEMCG_FAULT_RATE,		/* each fails with a probability, after load */
};

struct kmemcg_fault_spec {
	enum kmemcg_fault_mode mode;
	u64 nth;			/* KMEMCG_FAULT_NTH: 1 is the first */
	unsigned int permille;		/* KMEMCG_FAULT_RATE: 0..1000 */
	u64 seed;			/* KMEMCG_FAULT_RATE: 0 if none was given */
};

#define KMEMCG_FAULT_PERMILLE_MAX	1000

int kmemcg_fault_parse(const char *s, struct kmemcg_fault_spec *spec);
bool kmemcg_fault_decide(const struct kmemcg_fault_spec *spec, u64 call, u64 seed);
const char *kmemcg_fault_site_name(enum kmemcg_fault_site site);

#endif /* KMEMCG_FAULT_H */
