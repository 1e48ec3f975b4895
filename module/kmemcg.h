/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of kmemcg.ko.  Each .c file owns one
 * concern; its header comment says which state it owns and which locks
 * protect it.
 */
#ifndef KMEMCG_INTERNAL_H
#define KMEMCG_INTERNAL_H

#include <linux/atomic.h>
#include <linux/types.h>
#include "kmemcg/files.h"

struct dentry;
struct kmem_cache;
struct kobject;
struct list_head;
struct slab;
struct kmemcg_group;
struct seq_file;
struct kmemcg_policy;

/* Global figures (the top-level stat file); atomics, any context. */
struct kmemcg_global_stat {
	atomic_long_t tracked_pages;	/* pages in the owner table */
	atomic_long_t entries;		/* owner-table entries (folios) */
	atomic_long_t unattributed_pages; /* of which charged outside a task */
	atomic_long_t untracked_frees;	/* frees of pages we never saw */
	atomic_long_t beyond_table;	/* pages without an entry: past max_pfn, hot-added */
	atomic_long_t stale_entries;	/* entries whose free we missed */
	atomic_long_t refused;		/* charges over a limit */
	atomic_long_t bypassed;		/* of which forced through */
	atomic_long_t stuck_forced;	/* of which for a stuck task */
	atomic_long_t unaccounted_forced; /* of which not accounted by the kernel */
	atomic_long_t internal_failures; /* our own allocations that failed */
	atomic_long_t module_bytes;	/* groups and owners; tables apart */
	/* Objects (object and shadow granularity; object_charge.c) */
	atomic_long_t object_record_failures; /* no owner slot to be had */
	atomic_long_t object_untracked_frees; /* not in the side table */
	atomic_long_t stale_objects;	/* slots set when their slab went */
	/* Policies (kmemcg/policy.h): the per-group figures, summed */
	atomic_long_t would_fail;
	atomic_long_t reclaim_attempts;
	atomic_long_t reclaim_successes;
	atomic_long_t reclaimed_bytes;
	atomic_long_t reserve_charges;
	atomic_long_t reserve_refusals;
};

extern struct kmemcg_global_stat kmemcg_stat;
extern const struct kmemcg_policy *kmemcg_policy;

/* symbols.c: kernel symbols resolved by name at load time */
int kmemcg_symbols_init(void);
unsigned long kmemcg_lookup_name(const char *name);
int kmemcg_symbols_check(void);
void kmemcg_symbols_show_calls(struct seq_file *m);

/* layout.c: private struct fields, from the running kernel's BTF */
int kmemcg_layout_init(void);
int kmemcg_layout_check_func(const char *name, unsigned int nargs);
unsigned long kmemcg_cache_max_pages(const struct kmem_cache *s);
const char *kmemcg_cache_name(const struct kmem_cache *s);
unsigned int kmemcg_cache_size(const struct kmem_cache *s);
bool kmemcg_cache_accounted(const struct kmem_cache *s);
bool kmemcg_cache_reclaimable(const struct kmem_cache *s);
unsigned int kmemcg_cache_object_size(const struct kmem_cache *s);
const struct kobject *kmemcg_cache_kobj(const struct kmem_cache *s);
unsigned int kmemcg_cache_objperslab(const struct kmem_cache *s);
struct kmem_cache *kmemcg_cache_of_list(struct list_head *entry);
struct kmem_cache *kmemcg_slab_cache(const struct slab *slab);
void kmemcg_slab_counts(const struct slab *slab, unsigned int *inuse,
			unsigned int *objects);

/* policy_params.c: the active policy, its parameters and writes */
int kmemcg_policy_init(void);
void kmemcg_policy_log(void);
size_t kmemcg_policy_read(char *buf, size_t size);
int kmemcg_policy_update(char *line);

/* accounting/scope.c: the hooks' copy of the scope list */
struct kmemcg_scope_list;
int kmemcg_scope_set(const struct kmemcg_scope_list *l);
bool kmemcg_scope_listed(const char *name);
int kmemcg_scope_init(void);
void kmemcg_scope_exit(void);

/* debugfs.c: the kmemcg/ tree and its top-level files */
extern struct dentry *kmemcg_debugfs_root;
extern struct dentry *kmemcg_debugfs_dead;	/* dead/ */
int kmemcg_debugfs_init(void);
void kmemcg_debugfs_exit(void);
struct dentry *kmemcg_debugfs_dir(const char *name, struct dentry *parent);
void kmemcg_debugfs_file(const char *name, umode_t mode, struct dentry *parent, void *data,
			 const struct file_operations *fops);

/* slabinfo.c: memory.kmem.slabinfo (i_private: group) and slabinfo (NULL) */
extern const struct file_operations kmemcg_slabinfo_fops;

/* caches.c: the top-level caches file */
extern const struct file_operations kmemcg_caches_fops;

/* policy_file.c: the top-level policy file */
extern const struct file_operations kmemcg_policy_fops;

/* cgroup_files.c: a group's directory and memory.kmem.* files */
void kmemcg_group_files_create(struct kmemcg_group *g, const char *name);
struct kmemcg_group *kmemcg_group_files_lookup(struct kmemcg_group *parent,
					       const char *name);
void kmemcg_group_files_remove_dir(struct dentry *dir);
/* ... and the read-only ones a dead group keeps (i_private: group) */
extern const struct file_operations *const kmemcg_usage_file_fops;
extern const struct file_operations *const kmemcg_cgroup_stat_file_fops;

/* dead_files.c: dead/<N>/ of a group removed under on_delete=dead */
void kmemcg_dead_files_create(struct kmemcg_group *g);

#endif /* KMEMCG_INTERNAL_H */
