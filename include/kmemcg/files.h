/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of everything kmemcg.ko exposes in debugfs, and the keys of its
 * "key value" files.  The module, the kmemcg CLI and the tests all include
 * this header, so a name is spelt in exactly one place.
 *
 * Layout (debugfs is usually mounted at /sys/kernel/debug):
 *
 *   kmemcg/version                 module version and running kernel release
 *   kmemcg/stat                    global figures, KMEMCG_STAT_* keys
 *   kmemcg/calls                   kernel functions called by name, and how
 *   kmemcg/policy                  the accounting policy, KMEMCG_POLICY_* keys
 *   kmemcg/caches                  every slab cache, and whether the kernel accounts it
 *   kmemcg/cgroup/                 the root memory cgroup
 *   kmemcg/cgroup/<a>/<b>/         the memory cgroup /sys/fs/cgroup/<a>/<b>
 *       memory.kmem.usage_in_bytes, memory.kmem.limit_in_bytes, ...
 */
#ifndef KMEMCG_FILES_H
#define KMEMCG_FILES_H

#define KMEMCG_VERSION			"0.1.0"

#define KMEMCG_DEBUGFS_MOUNT		"/sys/kernel/debug"
#define KMEMCG_DIR			"kmemcg"
#define KMEMCG_FILE_VERSION		"version"
#define KMEMCG_FILE_STAT		"stat"
#define KMEMCG_DIR_CGROUP		"cgroup"

/* In each cgroup directory */
#define KMEMCG_FILE_USAGE		"memory.kmem.usage_in_bytes"
#define KMEMCG_FILE_LIMIT		"memory.kmem.limit_in_bytes"
#define KMEMCG_FILE_MAX_USAGE		"memory.kmem.max_usage_in_bytes"
#define KMEMCG_FILE_FAILCNT		"memory.kmem.failcnt"
#define KMEMCG_FILE_INDEPENDENT		"memory.kmem.independent_kmem_limit"
/*
 * Critical reserve (seed 003): bytes above the limit that only critical
 * allocations may use (__GFP_HIGH, __GFP_MEMALLOC, PF_MEMALLOC,
 * __GFP_NOFAIL); default 0.  Parsed like limit_in_bytes.
 */
#define KMEMCG_FILE_RESERVE		"memory.kmem.reserve_in_bytes"
#define KMEMCG_FILE_CGROUP_STAT		"memory.kmem.stat"
/* /proc/slabinfo 2.1 layout, this cgroup's own slab pages */
#define KMEMCG_FILE_SLABINFO		"memory.kmem.slabinfo"
/*
 * Top level: one line per (cache, cgroup) pair after a "#" header:
 *   name cgroup-path active_objs num_objs active_slabs num_slabs objects object_bytes
 *   accounted_object_bytes
 * cgroup-path is "/" for the root, "/a/b" for /sys/fs/cgroup/a/b.  The
 * first four figures are the cgroup's slab pages in the cache (page view,
 * 0 under object granularity); the next two its objects charged in the
 * cache and their slot bytes (object view, 0 under page granularity),
 * counted from the side table when the file is opened; the last, of those
 * bytes, the ones of objects the kernel's memcg charges too: every object
 * of a SLAB_ACCOUNT cache, and in other caches the objects allocated with
 * __GFP_ACCOUNT (object view; whether the kernel accounts kernel memory at
 * all, cgroup.memory=nokmem, is not looked at).  Older modules
 * printed the first six or eight columns.
 */
#define KMEMCG_FILE_ALL_SLABINFO	"slabinfo"
/* The slabinfo line of large-kmalloc pages: no cache can be named so. */
#define KMEMCG_SLABINFO_LARGE		"<large-kmalloc>"

/*
 * Top level: every slab cache on the kernel's slab_caches list, one line
 * each after the header, in the list's order:
 *   name object_size slot_size objperslab pagesperslab accounted reclaimable aliases
 * name as /proc/slabinfo prints it; object_size the caller's size
 * (s->object_size), slot_size what an object takes in its slab (s->size,
 * /proc/slabinfo's <objsize>); objperslab and pagesperslab as in
 * /proc/slabinfo; accounted 1 when the kernel's memcg charges the cache's
 * objects (SLAB_ACCOUNT, the bit found in the running kernel's BTF where
 * it numbers its flags in an enum, else the headers' value), else 0;
 * reclaimable 1 for SLAB_RECLAIM_ACCOUNT, else 0; aliases the names of
 * the caches SLUB merged into this one, comma-separated, "-" for none.
 * Aliases are the links of /sys/kernel/slab (SLUB keeps a merged name
 * nowhere else) that resolve to the cache's directory, the cache's own
 * name left out, in name order; looked up at the first read of an open
 * file, in the reader's mount namespace: "?" when /sys/kernel/slab cannot
 * be read there or the cache has no directory in it.  A name stays a link until
 * the cache itself goes, even after its creator destroyed it.
 */
#define KMEMCG_FILE_CACHES		"caches"
#define KMEMCG_CACHES_HEADER						\
	"# name object_size slot_size objperslab pagesperslab accounted reclaimable aliases"
#define KMEMCG_CACHES_NO_ALIAS		"-"
#define KMEMCG_CACHES_ALIAS_UNKNOWN	"?"

/* Keys of memory.kmem.stat: this cgroup's own figures, descendants apart */
#define KMEMCG_CSTAT_OWN_BYTES		"own_bytes"
#define KMEMCG_CSTAT_SLAB_PAGES		"slab_pages"
#define KMEMCG_CSTAT_LARGE_BYTES	"large_kmalloc_bytes"
#define KMEMCG_CSTAT_CHARGES		"charges"
#define KMEMCG_CSTAT_UNCHARGES		"uncharges"
#define KMEMCG_CSTAT_FAILURES		"failures"
#define KMEMCG_CSTAT_BYPASSED		"bypassed"
#define KMEMCG_CSTAT_BYPASSED_BYTES	"bypassed_bytes"
/* of the bypassed charges, those forced by the livelock breaker (stuck.h) */
#define KMEMCG_CSTAT_STUCK_FORCED	"stuck_forced"
/*
 * of the bypassed charges, those forced because the kernel does not
 * account the allocation (over_limit=fail and reclaim: no SLAB_ACCOUNT,
 * no __GFP_ACCOUNT), and their bytes: how much of the limit was not
 * enforced so that callers that cannot survive a failure do not see one
 */
#define KMEMCG_CSTAT_UNACCOUNTED_FORCED	"unaccounted_forced"
#define KMEMCG_CSTAT_UNACCOUNTED_FORCED_BYTES "unaccounted_forced_bytes"
#define KMEMCG_CSTAT_REPARENTED_BYTES	"reparented_bytes"
/* over_limit=count: charges a limit refused and that were let through */
#define KMEMCG_CSTAT_WOULD_FAIL		"would_fail"
/*
 * over_limit=reclaim: reclaims asked for, those after which the charge
 * fit, bytes freed (the fall of the refusing cgroup's usage across each)
 */
#define KMEMCG_CSTAT_RECLAIM_ATTEMPTS	"reclaim_attempts"
#define KMEMCG_CSTAT_RECLAIM_SUCCESSES	"reclaim_successes"
#define KMEMCG_CSTAT_RECLAIMED_BYTES	"reclaimed_bytes"
/*
 * critical reserve: bytes of it in use now (computed at read: the usage
 * above the limit, up to the reserve; it returns as frees bring the usage
 * down), critical charges it held, critical charges it could not hold
 */
#define KMEMCG_CSTAT_RESERVE_USED_BYTES	"reserve_used_bytes"
#define KMEMCG_CSTAT_RESERVE_USED	"reserve_charges"
#define KMEMCG_CSTAT_RESERVE_REFUSALS	"reserve_refusals"
/*
 * Object figures (object and shadow granularity; 0 under page): this
 * cgroup's own objects, each counted at its slot size (the cache's
 * object plus metadata, SLUB's s->size), and the charges and uncharges of
 * objects.  The object view of the cgroup (what usage_in_bytes shows when
 * limits are enforced against objects) is object_bytes plus
 * large_kmalloc_bytes, descendants included.
 */
#define KMEMCG_CSTAT_OBJECT_BYTES	"object_bytes"
#define KMEMCG_CSTAT_OBJECTS		"objects"
#define KMEMCG_CSTAT_OBJECT_CHARGES	"object_charges"
#define KMEMCG_CSTAT_OBJECT_UNCHARGES	"object_uncharges"

/*
 * Top level: every kernel function the module calls by name, one per line
 * after the header: its name; "direct" when the module's static call to it
 * is set to the function (a direct call), else "unset"; and its first
 * instruction: "endbr64", "sealed" (ENDBR64 overwritten at boot), "none"
 * or "unreadable".  Only "endbr64" functions could be called through a
 * pointer on a host with indirect branch tracking; the module never does.
 */
#define KMEMCG_FILE_CALLS		"calls"
#define KMEMCG_CALLS_HEADER		"# function call entry"
#define KMEMCG_CALLS_DIRECT		"direct"

/*
 * Top level: the accounting policy, one "key value" line per axis; write
 * "key value" to change an axis that can change at run time.
 *   granularity     page | object | shadow (module parameter, fixed)
 *   shadow_enforce  page | object: the view limits are enforced against
 *                   and usage_in_bytes shows; writable under shadow only
 */
#define KMEMCG_FILE_POLICY		"policy"
#define KMEMCG_POLICY_GRANULARITY	"granularity"
#define KMEMCG_POLICY_SHADOW_ENFORCE	"shadow_enforce"
#define KMEMCG_GRAN_PAGE		"page"
#define KMEMCG_GRAN_OBJECT		"object"
#define KMEMCG_GRAN_SHADOW		"shadow"
/*
 *   scope           all | list | kernel: which allocations are charged
 *                   (switchable: allocations from then on)
 *   scope_list      the caches charged under scope list, comma-separated
 *                   /proc/slabinfo names, "-" for none (switchable)
 *   on_delete       reparent | unaccount | dead: what removing a cgroup
 *                   does with its remaining charges (switchable: removals
 *                   from then on)
 *   hierarchy       hierarchical | flat (module parameter, fixed)
 *   over_limit      fail | count | reclaim | fail_all: what a charge over
 *                   a limit does (switchable); fail and reclaim fail only
 *                   what the kernel accounts, fail_all everything
 * Each is also a module parameter of the same name.
 */
#define KMEMCG_POLICY_SCOPE		"scope"
#define KMEMCG_POLICY_SCOPE_LIST	"scope_list"
#define KMEMCG_POLICY_ON_DELETE		"on_delete"
#define KMEMCG_POLICY_HIERARCHY		"hierarchy"
#define KMEMCG_POLICY_OVER_LIMIT	"over_limit"
#define KMEMCG_SCOPE_ALL_NAME		"all"
#define KMEMCG_SCOPE_LIST_NAME		"list"
#define KMEMCG_SCOPE_KERNEL_NAME	"kernel"
#define KMEMCG_SCOPE_LIST_NONE		"-"
#define KMEMCG_SCOPE_LIST_SEP		','
/* At most this many caches in the scope list, each name this long at most */
#define KMEMCG_SCOPE_LIST_MAX		16
#define KMEMCG_SCOPE_NAME_MAX		63
#define KMEMCG_DELETE_REPARENT_NAME	"reparent"
#define KMEMCG_DELETE_UNACCOUNT_NAME	"unaccount"
#define KMEMCG_DELETE_DEAD_NAME		"dead"
#define KMEMCG_HIERARCHY_HIERARCHICAL_NAME "hierarchical"
#define KMEMCG_HIERARCHY_FLAT_NAME	"flat"
#define KMEMCG_OVER_LIMIT_FAIL_NAME	"fail"
#define KMEMCG_OVER_LIMIT_COUNT_NAME	"count"
#define KMEMCG_OVER_LIMIT_RECLAIM_NAME	"reclaim"
#define KMEMCG_OVER_LIMIT_FAIL_ALL_NAME	"fail_all"

/*
 * Charges that belong to no cgroup are held by two pseudo groups outside
 * the hierarchy (no limit, no directory), named so in the cgroup-path
 * column of the top-level slabinfo: pages and objects out of scope, and
 * those of cgroups removed under on_delete=unaccount.
 */
#define KMEMCG_PATH_UNSCOPED		"<unscoped>"
#define KMEMCG_PATH_UNACCOUNTED		"<unaccounted>"

/*
 * on_delete=dead: a removed cgroup keeps its charges, and its directory
 * moves to dead/<N> (N counts removals from 1, never reused) until its
 * last page or object is freed.  It holds memory.kmem.stat,
 * memory.kmem.slabinfo, memory.kmem.usage_in_bytes and an info file of
 * "key value" lines: its cgroup path at removal, when it was removed
 * (seconds since boot, CLOCK_BOOTTIME), its age in seconds and the bytes
 * still charged to it (its own, enforced view).  In the top-level
 * slabinfo its cgroup-path is "<dead:N>".
 */
#define KMEMCG_DIR_DEAD			"dead"
#define KMEMCG_FILE_DEAD_INFO		"info"
#define KMEMCG_DEAD_PATH		"path"
#define KMEMCG_DEAD_REMOVED		"removed_s"
#define KMEMCG_DEAD_AGE			"age_s"
#define KMEMCG_DEAD_BYTES		"bytes"
#define KMEMCG_PATH_DEAD_FMT		"<dead:%lu>"

/* Keys of the top-level stat file */
#define KMEMCG_STAT_CHARGED_BYTES	"charged_bytes"
/* sum of every group's own_bytes, read in the same pass as charged_bytes */
#define KMEMCG_STAT_OWN_BYTES_SUM	"own_bytes_sum"
#define KMEMCG_STAT_TRACKED_PAGES	"tracked_pages"
#define KMEMCG_STAT_TRACKED_BYTES	"tracked_bytes"
#define KMEMCG_STAT_UNATTRIBUTED_BYTES	"unattributed_bytes"
#define KMEMCG_STAT_UNTRACKED_FREES	"untracked_frees"
#define KMEMCG_STAT_BEYOND_TABLE	"beyond_table_pages"
#define KMEMCG_STAT_STALE_ENTRIES	"stale_entries"
#define KMEMCG_STAT_REFUSED		"refused"
#define KMEMCG_STAT_BYPASSED		"bypassed"
#define KMEMCG_STAT_STUCK_FORCED	"stuck_forced"
#define KMEMCG_STAT_UNACCOUNTED_FORCED	"unaccounted_forced"
#define KMEMCG_STAT_GROUPS		"groups"
#define KMEMCG_STAT_DEAD_OWNERS		"dead_owners"
#define KMEMCG_STAT_OWNER_ENTRIES	"owner_table_entries"
#define KMEMCG_STAT_OWNER_TABLE_BYTES	"owner_table_bytes"
#define KMEMCG_STAT_MODULE_BYTES	"module_bytes"
#define KMEMCG_STAT_INTERNAL_FAILURES	"internal_alloc_failures"
/*
 * Object figures (0 under page granularity), the first four read in one
 * pass, so that a quiet system balances them exactly:
 * object_charged_bytes is the root's object view (objects and large
 * kmallocs: everything charged), object_view_bytes_sum every group's own
 * object view (object_bytes plus large_kmalloc_bytes); object_bytes is
 * the slot bytes of the objects recorded in the side table, and
 * object_bytes_sum every group's own object_bytes.
 */
#define KMEMCG_STAT_OBJECT_CHARGED_BYTES "object_charged_bytes"
#define KMEMCG_STAT_OBJECT_VIEW_SUM	"object_view_bytes_sum"
#define KMEMCG_STAT_OBJECT_BYTES	"object_bytes"
#define KMEMCG_STAT_OBJECT_BYTES_SUM	"object_bytes_sum"
#define KMEMCG_STAT_TRACKED_OBJECTS	"tracked_objects"
#define KMEMCG_STAT_OBJECT_UNATTRIBUTED_BYTES "object_unattributed_bytes"
/* objects no owner slot could be had for: not charged, counted */
#define KMEMCG_STAT_OBJECT_RECORD_FAILURES "object_record_failures"
/* frees of objects the side table does not hold (older than the module) */
#define KMEMCG_STAT_OBJECT_UNTRACKED_FREES "object_untracked_frees"
/* owner slots still set when their slab was freed (frees we missed) */
#define KMEMCG_STAT_STALE_OBJECTS	"stale_objects"
/*
 * The side table's memory: slabs with an owner vector, the object slots
 * in them, the vectors' bytes (slots and per-slab headers) and the pool
 * the vectors are carved from.
 */
#define KMEMCG_STAT_OBJECT_SLABS	"object_slabs"
#define KMEMCG_STAT_OBJECT_SLOTS	"object_slots"
#define KMEMCG_STAT_OBJECT_VECTOR_BYTES	"object_vector_bytes"
#define KMEMCG_STAT_OBJECT_POOL_BYTES	"object_pool_bytes"
/* Policies (kmemcg/policy.h): as the per-cgroup keys, summed */
#define KMEMCG_STAT_WOULD_FAIL		"would_fail"
#define KMEMCG_STAT_RECLAIM_ATTEMPTS	"reclaim_attempts"
#define KMEMCG_STAT_RECLAIM_SUCCESSES	"reclaim_successes"
#define KMEMCG_STAT_RECLAIMED_BYTES	"reclaimed_bytes"
#define KMEMCG_STAT_RESERVE_USED	"reserve_charges"
#define KMEMCG_STAT_RESERVE_REFUSALS	"reserve_refusals"
/*
 * Bytes held by the pseudo groups (enforced view): out of scope, and of
 * cgroups removed under on_delete=unaccount; dead groups listed in dead/
 * and the bytes they still hold.
 */
#define KMEMCG_STAT_UNSCOPED_BYTES	"unscoped_bytes"
#define KMEMCG_STAT_UNACCOUNTED_BYTES	"unaccounted_bytes"
/*
 * Read in the same pass as the object figures above: the pseudo groups'
 * object_bytes, so that object_bytes = object_bytes_sum +
 * pseudo_object_bytes on a quiet system (the sums leave them out).
 */
#define KMEMCG_STAT_SINK_OBJECT_BYTES	"pseudo_object_bytes"
#define KMEMCG_STAT_DEAD_GROUPS		"dead_groups"
#define KMEMCG_STAT_DEAD_BYTES		"dead_bytes"
/*
 * With the test-only parameter test_fail_alloc set (include/kmemcg/fault.h):
 * the module's own allocations counted since load, then one
 * "test_injected_<site> <failures>" line per allocation site.
 */
#define KMEMCG_STAT_TEST_CALLS		"test_alloc_calls"
#define KMEMCG_STAT_TEST_INJECTED_PREFIX "test_injected_"
/* then one "hook_<function> <calls>" line per hook */
#define KMEMCG_STAT_HOOK_PREFIX		"hook_"

#endif /* KMEMCG_FILES_H */
