/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kmemcg CLI's internal interfaces.  The CLI reads and writes only the
 * debugfs files named in include/kmemcg/files.h; sizes go through
 * lib/size.c, the same code the module parses limits with, and policy
 * values through lib/policy_names.c, the module's own parsers.
 *
 * Layers: util.c (errors, number parsing, paths), fs.c (the debugfs tree:
 * root, reading, writing, advice), policy_file.c (the policy file: the
 * accounting granularity, the enforced view and every other axis),
 * snap.c (a snapshot of every cgroup's figures), slab.c (slabinfo
 * parsing), slab_views.c (both views of a cgroup's caches under shadow),
 * dead.c (dead groups, for dead and tree --dead), caches.c (the caches
 * file and its command), record_io.c (reading
 * recordings), then one file per command (policy.c: policy and policy
 * set; compare.c and compare_caches.c: compare, which also reads the
 * kernel's memory.stat under $KMEMCG_CGROUPFS, default /sys/fs/cgroup).
 * No global state but km_root (set once by km_main() before any command
 * runs) and top.c's signal flag.
 */
#ifndef KMEMCG_CLI_H
#define KMEMCG_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "kmemcg/shim.h"
#include "kmemcg/files.h"
#include "kmemcg/size.h"
#include "kmemcg/policy.h"
#include "kmemcg/compare.h"

#define KM_EXIT_OK	0
#define KM_EXIT_FAIL	1
#define KM_EXIT_USAGE	2

/* A limit at or above this reads as "no limit" (LONG_MAX rounded to pages). */
#define KM_UNLIMITED	((1ULL << 63) - (1ULL << 20))
/* The cgroup filesystem, unless $KMEMCG_CGROUPFS names another (tests). */
#define KM_CGROUPFS	"/sys/fs/cgroup"

/* ---- util.c ---------------------------------------------------------- */
void km_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "kmemcg CMD: MSG; see kmemcg CMD --help", returns KM_EXIT_USAGE. */
int km_usage_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void *km_alloc(size_t n);
void *km_realloc(void *p, size_t n);
char *km_strdup(const char *s);
/* Strict parsers: whole string, no sign, no space; 0 or -EINVAL/-ERANGE. */
int km_parse_u64(const char *s, u64 *v);
int km_parse_s64(const char *s, long long *v);
int km_parse_count(const char *s, unsigned long *v);	/* 1 .. 10^9 */
int km_parse_seconds(const char *s, double *v);		/* 0.01 .. 86400 */
/* "/sys/fs/cgroup/a/b", "a/b", "/a/b/" -> "/a/b"; "" or "/" -> "/". */
int km_cgroup_path(const char *arg, char *out, size_t size);
/* Human size ("12.5M", "max" when unlimited) or bytes when raw. */
const char *km_size(char *buf, size_t size, u64 v, bool raw);
/* Whitespace tokenizer over one line: up to max tokens, returns count. */
int km_split(char *line, char **tok, int max);

/* ---- fs.c ------------------------------------------------------------ */
extern const char *km_root;		/* .../kmemcg, no trailing slash */
void km_set_root(const char *opt);	/* --root, else $KMEMCG_ROOT, else default */
/*
 * Check that the module's tree is readable; on failure print one line of
 * advice (debugfs not mounted, module not loaded, not root) and return -1.
 */
int km_check_root(void);
/* Read a whole file (NUL-terminated); 0 or -errno. */
int km_read_file(const char *path, char **buf, size_t *len);
/* "123\n" -> 123; 0 or -EINVAL with *why set. */
int km_parse_value(const char *buf, size_t len, u64 *v, const char **why);
/* Read a one-number file; prints the error and returns -1 on failure. */
#define KM_GONE		1	/* the file's cgroup went away while we read */
int km_read_u64_or_gone(const char *path, u64 *v);
int km_read_u64(const char *path, u64 *v);
/* Write val to path; 0 or -errno. */
int km_write_file(const char *path, const char *val);
/* The kmemcg directory of a cgroup path ("/a/b"). */
void km_cgroup_dir(char *out, size_t size, const char *cgpath);
/* Exit-code advice for an errno on a module file; prints one line. */
int km_report_errno(const char *what, const char *path, int err);
/* "PATH: line N: WHY; the module and the CLI ... may not match" (line 0: none). */
void km_malformed(const char *path, unsigned int line, const char *why);

struct km_kv {
	char *key;
	long long val;
};

struct km_kvs {
	struct km_kv *kv;
	size_t n;
};

/* "key value" lines; 0, or -EINVAL with *line (1-based) and *why set. */
int km_parse_kv(const char *buf, size_t len, struct km_kvs *out,
		unsigned int *line, const char **why);
/* Read and parse a key-value file; prints the error, -1 on failure. */
int km_read_kv(const char *path, struct km_kvs *out);
int km_read_kv_or_gone(const char *path, struct km_kvs *out);	/* or KM_GONE */
bool km_kv_get(const struct km_kvs *kvs, const char *key, long long *val);
void km_kv_free(struct km_kvs *kvs);

/* ---- policy_file.c: the policy file ----------------------------------- */
/*
 * The accounting granularity (KMEMCG_POLICY_GRANULARITY) and the view that
 * usage_in_bytes, limit, max_usage and failcnt are in: the page view under
 * page, the object view under object, KMEMCG_POLICY_SHADOW_ENFORCE's under
 * shadow.  A module without the policy file is page granularity.  Every
 * axis the CLI knows (km_axes, in the order shown) is kept as the file
 * spells it, checked with the module's own parsers (lib/policy_names.c).
 */
enum km_gran { KM_GRAN_PAGE, KM_GRAN_OBJECT, KM_GRAN_SHADOW };
enum km_view { KM_VIEW_PAGE, KM_VIEW_OBJECT };

enum km_axis { KM_AX_GRANULARITY, KM_AX_SHADOW_ENFORCE, KM_AX_SCOPE, KM_AX_SCOPE_LIST,
	       KM_AX_ON_DELETE, KM_AX_HIERARCHY, KM_AX_OVER_LIMIT, KM_AX_N };
/* When an axis can be written: never (a module parameter), under shadow only, always. */
enum km_axis_set { KM_SET_AT_LOAD, KM_SET_UNDER_SHADOW, KM_SET_ANY_TIME };

struct km_axis_info {
	const char *key;	/* KMEMCG_POLICY_* */
	const char *values;	/* "fail, count, reclaim or fail_all", for sentences */
	const char *bad;	/* the parse error: "over_limit is not fail, ..." */
	enum km_axis_set set;
};

extern const struct km_axis_info km_axes[KM_AX_N];
/* The axis of a key, or -1. */
int km_axis_find(const char *key);
/* Whether val is a value of the axis (lib/policy_names.c): 0 or -EINVAL. */
int km_axis_check(enum km_axis a, const char *val);

/* The longest value: a full scope list, names and commas. */
#define KM_POLICY_VAL_MAX	(KMEMCG_SCOPE_LIST_MAX * (KMEMCG_SCOPE_NAME_MAX + 1))

struct km_policy {
	enum km_gran gran;
	enum km_view view;	/* the enforced view */
	bool file;		/* the module has the policy file */
	unsigned int has;	/* 1 << axis: the file has the axis */
	char val[KM_AX_N][KM_POLICY_VAL_MAX];	/* as the file spells it */
};

/* "key value" lines, unknown keys ignored; 0 or -EINVAL with *line, *why. */
int km_parse_policy(const char *buf, size_t len, struct km_policy *p,
		    unsigned int *line, const char **why);
/* Read the module's policy file (none: page); prints the error, -1 on failure. */
int km_read_policy(struct km_policy *p);
const char *km_gran_name(enum km_gran g);
const char *km_view_name(enum km_view v);
/* "shadow granularity, limits on the object view", for people. */
const char *km_policy_describe(char *buf, size_t size, const struct km_policy *p);

/* ---- policy.c: kmemcg policy [set] ------------------------------------ */
/* The sentence for the module's refusal (errno err) of "KEY VAL", into buf. */
const char *km_policy_refusal(char *buf, size_t size, const struct km_policy *cur,
			      enum km_axis a, const char *val, int err);
/*
 * A policy as make experiment names it, into module parameters: items
 * joined by ',', each a granularity name (page) or KEY=VALUE of an axis
 * (deletion is on_delete's alias); after scope_list=a, an item without '='
 * is one more cache of the list.  buf gets "key=value ..." in km_axes
 * order; 0, or -EINVAL with the reason in why (an unknown axis or value,
 * an axis twice, an empty item).
 */
#define KM_POLICY_DELETION_ALIAS	"deletion"
int km_policy_params(const char *token, char *buf, size_t size, char *why, size_t wsize);
/* AXIS VALUE CHANGES, one line per axis the file has. */
void km_policy_render(FILE *f, const struct km_policy *p);
/* { "policy_file": bool, every axis the file has: its value }. */
struct json_object *km_json_policy_axes(const struct km_policy *p);

/* ---- snap.c: every cgroup's figures ----------------------------------- */
struct km_cg {
	char *path;		/* "/" or "/a/b" */
	int depth;		/* 0 for the root */
	u64 usage, limit, max_usage, failcnt;	/* the enforced view */
	int independent;	/* 0 or 1 */
	struct km_kvs stat;	/* memory.kmem.stat, when asked for */
	/*
	 * Shadow granularity, with KM_SNAP_VIEWS: the usage of each view,
	 * descendants included, summed from the subtree's own figures
	 * (page: own_bytes; object: object_bytes + large_kmalloc_bytes).
	 */
	u64 page_usage, object_usage;
	long long growth;	/* top: usage change over the last interval */
	size_t parent;		/* index of the parent, (size_t)-1 for the root */
	/*
	 * tree --dead (km_snap_add_dead()): a dead group's N (0: a live
	 * cgroup), the offset in path of the name shown under its ancestor,
	 * and its age (seconds, -1 unknown); usage is its bytes, no limit.
	 */
	u64 dead;
	size_t rel;
	long long age;
};

struct km_snap {
	struct km_cg *cg;
	size_t n;
	struct km_policy policy;	/* read before the cgroups */
	bool views;		/* page_usage and object_usage are filled */
};

/* km_snapshot() flags */
#define KM_SNAP_STAT	0x1	/* keep each cgroup's memory.kmem.stat */
#define KM_SNAP_VIEWS	0x2	/* under shadow, fill page_usage and object_usage */

enum km_sort { KM_SORT_USAGE, KM_SORT_NAME, KM_SORT_GROWTH, KM_SORT_LIMIT,
	       KM_SORT_FAILCNT, KM_SORT_MAX_USAGE };

/* Walk the tree below cgpath ("/" for all); prints errors, -1 on failure. */
int km_snapshot(struct km_snap *s, const char *cgpath, unsigned int flags);
/* Sum each cgroup's own views over its subtree (cg in depth-first order). */
void km_snap_sum_views(struct km_snap *s);
void km_snap_free(struct km_snap *s);
int km_sort_key(const char *s, enum km_sort *key);	/* -EINVAL if unknown */
/* Depth-first order, siblings sorted by key (tree). */
void km_snap_sort_tree(struct km_snap *s, enum km_sort key);
/* Flat order by key (top). */
void km_snap_sort_flat(struct km_snap *s, enum km_sort key);
const struct km_cg *km_snap_find(const struct km_snap *s, const char *path);

/* ---- slab.c: slabinfo files ------------------------------------------ */
struct km_slab {
	char *cgroup;		/* top-level slabinfo only */
	char *name;
	/* The 2.1 figures: the page view, or the object view when obj_view. */
	u64 active_objs, num_objs, objsize, objperslab, pagesperslab;
	u64 active_slabs, num_slabs;
	/* Object view: objects and their slot bytes (0 under page granularity). */
	u64 objects, object_bytes;
	/*
	 * Top-level slabinfo, object view: of object_bytes, those the kernel
	 * charges too (SLAB_ACCOUNT or __GFP_ACCOUNT); has_accounted when
	 * the module printed the column.
	 */
	u64 accounted_object_bytes;
	bool has_accounted;
	bool obj_view;		/* the enforced view is the object view */
	long long growth;	/* top --caches: object count change */
};

struct km_slabs {
	struct km_slab *s;
	size_t n;
};

enum km_slab_sort { KM_SLAB_SIZE, KM_SLAB_OBJS, KM_SLAB_ACTIVE, KM_SLAB_NAME,
		    KM_SLAB_OBJSIZE, KM_SLAB_SLABS, KM_SLAB_GROWTH };

/* memory.kmem.slabinfo (2.1); 0 or -EINVAL with *line, *why. */
int km_parse_slabinfo(const char *buf, size_t len, struct km_slabs *out,
		      unsigned int *line, const char **why);
/*
 * Top-level slabinfo (name cgroup active num aslabs nslabs [objects
 * object_bytes [accounted_object_bytes]]).
 */
int km_parse_all_slabinfo(const char *buf, size_t len, struct km_slabs *out,
			  unsigned int *line, const char **why);
/* A pseudo group of the top-level slabinfo: <unscoped>, <unaccounted>, <dead:N>. */
bool km_cgroup_pseudo(const char *path);
/* Read and parse either kind; prints the error, -1 on failure. */
int km_read_slabinfo(const char *path, bool all, struct km_slabs *out);
/* Add b's caches to a, summing same-named ones (slabinfo -r). */
void km_slabs_merge(struct km_slabs *a, const struct km_slabs *b);
int km_slab_sort_key(const char *s, enum km_slab_sort *key);
void km_slabs_sort(struct km_slabs *s, enum km_slab_sort key);
/* Bytes of the enforced view: object_bytes, or slabs x pages per slab. */
u64 km_slab_bytes(const struct km_slab *s);
u64 km_slab_page_bytes(const struct km_slab *s);
/* Objects of the enforced view: objects, or num_objs. */
u64 km_slab_count(const struct km_slab *s);
/* A 2.1 file in the object view: objects and object_bytes from its figures. */
void km_slabs_object_view(struct km_slabs *s);
void km_slabs_free(struct km_slabs *s);

/* ---- slab_views.c: both views of a cgroup's caches (shadow) ----------- */
/*
 * enf: the merged memory.kmem.slabinfo of the first nscope cgroups of s
 * (the enforced view).  Adds the other view's figures from the top-level
 * slabinfo; prints the error, -1 on failure.
 */
int km_slabs_shadow(struct km_slabs *enf, const struct km_snap *s, size_t nscope);

/* ---- dead.c: dead groups (on_delete=dead) --------------------------- */
struct km_dead {
	u64 id;			/* N of dead/<N> */
	char *path;		/* its cgroup path at removal */
	long long removed_s, age_s;	/* -1 when the info file has none */
	u64 bytes;		/* still charged to it (enforced view) */
	struct km_slabs slabs;	/* its memory.kmem.slabinfo, largest first */
	struct km_kvs stat;	/* its memory.kmem.stat */
};

struct km_deads {
	struct km_dead *d;
	size_t n;
};

/* The info file; 0, or -EINVAL with *line (0: the whole file) and *why. */
int km_parse_dead_info(const char *buf, size_t len, struct km_dead *d,
		       unsigned int *line, const char **why);
/*
 * Every dead group, by N (none when the module has no dead directory);
 * with slabs, their slabinfo and stat too.  Prints the error, -1 on failure.
 */
int km_read_dead(struct km_deads *out, const struct km_policy *p, bool slabs);
void km_deads_free(struct km_deads *ds);
/* Insert the dead groups into a tree-sorted snapshot, marked (tree --dead). */
void km_snap_add_dead(struct km_snap *s, const struct km_deads *ds);
void km_dead_render(FILE *f, const struct km_deads *ds, bool raw);
/* "45s", "12m03s", "3h02m", "2d03h"; "-" when negative (unknown). */
const char *km_age(char *buf, size_t size, long long s);

/* ---- caches.c: kmemcg caches ------------------------------------------ */
/* A line of the top-level caches file. */
struct km_cache {
	char *name;
	unsigned int object_size, slot_size, objperslab, pagesperslab;
	bool accounted, reclaimable;
	bool aliases_known;	/* false: "?" (no sysfs where the module looked) */
	char *aliases;		/* comma-separated, "" for none */
};

struct km_caches {
	struct km_cache *c;
	size_t n;
};

/* The caches file; 0, or -EINVAL with *line (1-based) and *why set. */
int km_parse_caches(const char *buf, size_t len, struct km_caches *out,
		    unsigned int *line, const char **why);
void km_cachelist_render(FILE *f, const struct km_caches *cs);
void km_caches_free(struct km_caches *c);

/* ---- compare.c, compare_caches.c: kmemcg compare --------------------- */
/* The memory.stat keys compare shows, in its column order. */
enum km_kstat { KM_KS_SLAB, KM_KS_SLAB_RECLAIMABLE, KM_KS_SLAB_UNRECLAIMABLE, KM_KS_KERNEL,
		KM_KS_KERNEL_STACK, KM_KS_PAGETABLES, KM_KS_PERCPU, KM_KS_SOCK, KM_KS_N };
extern const char *const km_kstat_keys[KM_KS_N];

struct km_memstat {
	u64 v[KM_KS_N];
	unsigned int has;	/* 1 << key: the file has it */
};

/*
 * A cgroup's memory.stat: strict "key value" lines, value a u64, every
 * line ended by a newline, no key twice; keys compare does not show are
 * checked and skipped.  0, or -EINVAL with *line (0: the whole file), *why.
 */
int km_parse_memstat(const char *buf, size_t len, struct km_memstat *m,
		     unsigned int *line, const char **why);

struct km_cmp_row {
	const char *cgroup;	/* the snapshot's */
	struct km_memstat k;	/* the kernel's, k.has 0 without memory.stat */
	bool has_page, has_object;
	u64 page, object;	/* kmemcg's views, the subtree's */
	bool has_diff;
	long long diff;		/* object (else page) minus the kernel's slab */
};

/*
 * kmemcg's figures of each cgroup of a tree-sorted snapshot taken with
 * KM_SNAP_STAT, into rows[0 .. s->n): each view the granularity has,
 * summed over the cgroup's subtree.  -1 (error printed) when a stat file
 * lacks a key the granularity needs.
 */
int km_cmp_kmemcg(const struct km_snap *s, struct km_cmp_row *rows);
/* Set r->diff from r's figures. */
void km_cmp_diff(struct km_cmp_row *r);
enum km_cmp_fmt { KM_CMP_TABLE, KM_CMP_JSON, KM_CMP_CSV };
void km_cmp_render(FILE *f, const struct km_cmp_row *rows, size_t n,
		   const struct km_policy *p, enum km_cmp_fmt fmt, bool raw);

struct km_cmp_cache {
	char *name;
	bool has_bytes;
	u64 bytes;		/* kmemcg's, of the view compare uses */
	int accounted;		/* 1, 0, or -1: unknown */
	/* object view: of bytes, those the kernel charges (__GFP_ACCOUNT) */
	bool has_kernel_bytes;
	u64 kernel_bytes;
};

struct km_cmp_caches {
	struct km_cmp_cache *c;
	size_t n;
	bool object_view;	/* bytes are the object view's */
	u64 unaccounted_total;	/* bytes of the rows with accounted 0 */
};

/*
 * Per cache, the top-level slabinfo's lines of cgpath's subtree (pseudo
 * groups never) summed, with the caches file's accounted flag and layout;
 * sorted largest unaccounted first, then largest, then by name.  The
 * total is summed from the rows themselves.
 */
void km_cmp_caches_compute(const struct km_slabs *all, const struct km_caches *caches,
			   const char *cgpath, bool object_view, u64 page_size,
			   struct km_cmp_caches *out);
/* The unaccounted bytes of a row: 0, or -1 when unknown. */
int km_cmp_cache_unaccounted(const struct km_cmp_cache *c, u64 *v);
void km_cmp_caches_render(FILE *f, const struct km_cmp_caches *cc, const char *cgpath,
			  const struct km_policy *p, enum km_cmp_fmt fmt, bool raw);
void km_cmp_caches_free(struct km_cmp_caches *cc);
/* kmemcg compare --caches, after the options; an exit status. */
int km_compare_caches(const char *cgpath, enum km_cmp_fmt fmt, bool raw);
/* ---- output helpers (json.c) ----------------------------------------- */
struct json_object;
struct json_object *km_json_cg(const struct km_snap *s, const struct km_cg *c);
struct json_object *km_json_slab(const struct km_slab *s, const struct km_policy *p);
/* Add "granularity" and "enforced_view" to o. */
void km_json_policy(struct json_object *o, const struct km_policy *p);
void km_json_print(FILE *f, struct json_object *o, bool pretty);

/* ---- cli.c: dispatch and help ------------------------------------------ */
int km_main(int argc, char **argv);
/* Print a command's --help text (the whole tool's when cmd is NULL). */
void km_help(FILE *f, const char *cmd);
/* For a command's getopt loop: "-h"/"--help" and errors. */
int km_opt_unknown(const char *cmd, int opt, const char *arg);

/* ---- commands ---------------------------------------------------------- */
int cmd_status(int argc, char **argv);
int cmd_tree(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_slabinfo(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_reset(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_dead(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_caches(int argc, char **argv);
int cmd_check(int argc, char **argv);

/* Rendering and parsing, exposed for the unit tests. */
/* The version file: "kmemcg VERSION" and "kernel RELEASE" lines. */
int km_parse_version(const char *buf, size_t len, char *ver, size_t vsize,
		     char *kern, size_t ksize, const char **why);
void km_tree_render(FILE *f, const struct km_snap *s, bool raw);
void km_slabinfo_render(FILE *f, const struct km_slabs *s, const struct km_policy *p,
			bool raw);
void km_prom_render(FILE *f, const struct km_snap *s, const struct km_kvs *stat,
		    const char *version, const char *kernel);
void km_csv_field(FILE *f, const char *s);

/* ---- record_io.c: reading a recording back ---------------------------- */
struct km_sample {
	double time;
	char *cgroup;
	u64 usage;
	u64 limit;		/* KM_UNLIMITED when none */
};

struct km_recording {
	struct km_sample *s;
	size_t n;
};

int km_rec_is_csv(const char *file);	/* 1 csv, 0 jsonl, -1 unknown */
/* Parse a recording; 0, or -EINVAL with *line and *why set. */
int km_rec_parse(const char *buf, size_t len, bool csv, struct km_recording *r,
		 unsigned int *line, const char **why);
void km_rec_free(struct km_recording *r);
/* Render the SVG chart of a recording. */
int km_plot_render(FILE *f, const struct km_recording *r, const char *title);

#endif /* KMEMCG_CLI_H */
