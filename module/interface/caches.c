// SPDX-License-Identifier: GPL-2.0
/*
 * The top-level caches file (include/kmemcg/files.h, KMEMCG_FILE_CACHES):
 * one line per cache on the kernel's slab_caches list, its layout, its
 * SLAB_ACCOUNT and SLAB_RECLAIM_ACCOUNT flags (the running kernel's bits,
 * layout.c) and the names SLUB merged into it.
 *
 * Aliases.  A cache created while a compatible one exists is not created:
 * mm/slab_common.c __kmem_cache_alias() hands back the existing cache
 * (refcount raised) and mm/slub.c sysfs_slab_alias() links the new name
 * to it in /sys/kernel/slab.  The name is kept nowhere else.  A mergeable
 * cache's own directory is its unique id (":A-0000064", create_unique_id())
 * and its name a link to it; an unmergeable one's directory is its name
 * (sysfs_slab_add()).  So at the first read of an open file the links of
 * /sys/kernel/slab (as the reader's mount namespace shows it) are listed
 * and resolved; each line then lists the links that resolve to its cache's
 * directory (s->kobj's name, unique in that directory), its own name
 * left out.  That directory not readable, or too many links: "?".  Not in
 * open(): a lookup there runs inside the opener's own path walk, whose
 * count of links followed (fs/namei.c, set_nameidata(), at most 40) it
 * would share.
 *
 * Locking: every read and seek of an open file runs under its own mutex
 * (c->lock): the first lists the links, reading sysfs with GFP_KERNEL
 * allocations, and the listing (links, known, the aliases buffer) never
 * changes under a show() of another reader of the same file.  Within it,
 * seq_read() or seq_lseek() take seq_file's lock and slab_mutex (the
 * kernel's) from seq_file's start to its stop, as /proc/slabinfo does
 * (mm/slab_common.c slab_start()): no cache is destroyed meanwhile.  A
 * read in several chunks may, like /proc/slabinfo, miss or repeat a
 * cache created or destroyed between chunks.  sysfs is never entered
 * under slab_mutex (the kernel takes kernfs locks under it, in
 * sysfs_slab_add(), not the reverse).
 */
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include "kmemcg/caches.h"
#include "fault.h"
#include "kmemcg.h"

#define KMEMCG_SLAB_SYSFS	"/sys/kernel/slab"
/* More links than any kernel has: stop there, aliases unknown. */
#define KMEMCG_CACHES_MAX_LINKS	16384

struct kmemcg_caches {
	/* serialises the reads and seeks of one open file (the listing) */
	struct mutex lock;
	bool listed;			/* done (links, known, aliases set) */
	struct kmemcg_slab_link *links;	/* resolved, by name; strings kmalloc()ed */
	size_t nlinks, maxlinks;
	bool known;			/* the links are all there */
	char *aliases, *line;		/* one line's, sized by the listing / show() */
	size_t aliases_size, line_size;
	/* the kernel's slab_mutex and the slab_caches list it protects */
	struct mutex *slab_mutex;
	struct list_head *slab_caches;
};

/* iterate_dir() gives each entry of /sys/kernel/slab; links are kept. */
struct kmemcg_caches_dir {
	struct dir_context ctx;
	struct kmemcg_caches *c;
	int err;
};

static bool kmemcg_caches_entry(struct dir_context *ctx, const char *name, int len,
				loff_t pos, u64 ino, unsigned int type)
{
	struct kmemcg_caches_dir *d = container_of(ctx, struct kmemcg_caches_dir, ctx);
	struct kmemcg_caches *c = d->c;
	struct kmemcg_slab_link *links;

	if (type != DT_LNK)
		return true;
	if (c->nlinks == KMEMCG_CACHES_MAX_LINKS) {
		d->err = -E2BIG;
		return false;
	}
	if (c->nlinks == c->maxlinks) {
		size_t more = max_t(size_t, 2 * c->maxlinks, 256);

		links = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF,
					 krealloc_array(c->links, more, sizeof(*links),
							GFP_KERNEL));
		if (!links) {
			d->err = -ENOMEM;
			return false;
		}
		c->links = links;
		c->maxlinks = more;
	}
	c->links[c->nlinks].target = NULL;
	c->links[c->nlinks].name = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF,
						    kstrndup(name, len, GFP_KERNEL));
	if (!c->links[c->nlinks].name) {
		d->err = -ENOMEM;
		return false;
	}
	c->nlinks++;
	return true;
}

/*
 * Set *@target to the name of the directory @name (a link of @dir)
 * resolves to, or NULL when it resolves to nothing (a stale link) or
 * elsewhere.  Return: 0, or the lookup's error other than a stale link's
 * (-ENOMEM, say), which leaves the aliases unknown.
 */
static int kmemcg_caches_target(const struct path *dir, const char *name,
				const char **target)
{
	char *full = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF,
				      kasprintf(GFP_KERNEL, KMEMCG_SLAB_SYSFS "/%s", name));
	struct name_snapshot snap;
	struct dentry *parent;
	struct path path;
	int ret = 0;

	*target = NULL;
	if (!full)
		return -ENOMEM;
	/* kern_path(): 6.1 exports vfs_path_lookup() but does not declare it. */
	ret = kern_path(full, LOOKUP_FOLLOW, &path);
	kfree(full);
	if (ret)
		return ret == -ENOENT || ret == -ENOTDIR ? 0 : ret;
	parent = dget_parent(path.dentry);
	if (parent == dir->dentry && d_is_dir(path.dentry)) {
		take_dentry_name_snapshot(&snap, path.dentry);
		*target = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF,
					   kstrdup(snap.name.name, GFP_KERNEL));
		ret = *target ? 0 : -ENOMEM;
		release_dentry_name_snapshot(&snap);
	}
	dput(parent);
	path_put(&path);
	return ret;
}

static int kmemcg_caches_link_cmp(const void *a, const void *b)
{
	const struct kmemcg_slab_link *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Every link of /sys/kernel/slab and its target; 0 or -errno. */
static int kmemcg_caches_links(struct kmemcg_caches *c)
{
	struct kmemcg_caches_dir d = { .ctx.actor = kmemcg_caches_entry, .c = c };
	size_t i, n = 0, bytes = 1;
	struct file *dir;
	loff_t pos;
	int ret;

	dir = filp_open(KMEMCG_SLAB_SYSFS, O_RDONLY | O_DIRECTORY, 0);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	/* Until the directory gives no more (kernfs gives all at once). */
	do {
		pos = d.ctx.pos;
		ret = iterate_dir(dir, &d.ctx) ?: d.err;
	} while (!ret && d.ctx.pos != pos);
	for (i = 0; !ret && i < c->nlinks; i++) {
		const char *target, *name = c->links[i].name;

		ret = kmemcg_caches_target(&dir->f_path, name, &target);
		if (!target) {		/* not a cache's (or an error): dropped */
			kfree(name);
			continue;
		}
		c->links[n].name = name;
		c->links[n++].target = target;
		bytes += strlen(name) + 1;
	}
	filp_close(dir, NULL);
	if (ret) {
		/* Names [i, nlinks) kept, no targets: freed with the others. */
		memmove(&c->links[n], &c->links[i], (c->nlinks - i) * sizeof(*c->links));
		c->nlinks = n + c->nlinks - i;
		return ret;
	}
	c->nlinks = n;
	sort(c->links, n, sizeof(*c->links), kmemcg_caches_link_cmp, NULL);
	/* Room for every name: no line's aliases are ever cut. */
	c->aliases = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF, kmalloc(bytes, GFP_KERNEL));
	if (!c->aliases)
		return -ENOMEM;
	c->aliases_size = bytes;
	return 0;
}

/* Forget the links (a listing that failed, or the file's release). */
static void kmemcg_caches_unlist(struct kmemcg_caches *c)
{
	size_t i;

	for (i = 0; i < c->nlinks; i++) {
		kfree(c->links[i].name);
		kfree(c->links[i].target);
	}
	kfree(c->links);
	kfree(c->aliases);
	c->links = NULL;
	c->aliases = NULL;
	c->nlinks = 0;
	c->maxlinks = 0;
	c->aliases_size = 0;
}

static void kmemcg_caches_free(struct kmemcg_caches *c)
{
	kmemcg_caches_unlist(c);
	kfree(c->line);
	kfree(c);
}

/* slab_mutex held: the aliases column of @s. */
static const char *kmemcg_caches_aliases_of(struct kmemcg_caches *c,
					    const struct kmem_cache *s)
{
	const struct kobject *kobj = kmemcg_cache_kobj(s);
	const char *dir = kobject_name(kobj);

	if (!c->known || !dir || !kobj->state_in_sysfs)
		return KMEMCG_CACHES_ALIAS_UNKNOWN;
	kmemcg_caches_aliases(c->aliases, c->aliases_size, c->links, c->nlinks, dir,
			      kmemcg_cache_name(s));
	return c->aliases;
}

static void *kmemcg_caches_start(struct seq_file *m, loff_t *pos)
{
	struct kmemcg_caches *c = m->private;

	mutex_lock(c->slab_mutex);
	return seq_list_start_head(c->slab_caches, *pos);
}

static void *kmemcg_caches_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct kmemcg_caches *c = m->private;

	return seq_list_next(v, c->slab_caches, pos);
}

static void kmemcg_caches_stop(struct seq_file *m, void *v)
{
	struct kmemcg_caches *c = m->private;

	mutex_unlock(c->slab_mutex);
}

static int kmemcg_caches_show(struct seq_file *m, void *v)
{
	struct kmemcg_caches *c = m->private;
	struct kmemcg_caches_row row;
	struct kmem_cache *s;
	size_t len;
	char *line;

	if (v == c->slab_caches) {
		seq_puts(m, KMEMCG_CACHES_HEADER "\n");
		return 0;
	}
	s = kmemcg_cache_of_list(v);
	row = (struct kmemcg_caches_row) {
		.name = kmemcg_cache_name(s),
		.object_size = kmemcg_cache_object_size(s),
		.slot_size = kmemcg_cache_size(s),
		.objperslab = kmemcg_cache_objperslab(s),
		.pagesperslab = kmemcg_cache_max_pages(s),
		.accounted = kmemcg_cache_accounted(s),
		.reclaimable = kmemcg_cache_reclaimable(s),
		.aliases = kmemcg_caches_aliases_of(c, s),
	};
	len = kmemcg_caches_line(NULL, 0, &row) + 1;
	if (len > c->line_size) {
		line = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF, krealloc(c->line, len, GFP_KERNEL));
		if (!line)
			return -ENOMEM;
		c->line = line;
		c->line_size = len;
	}
	kmemcg_caches_line(c->line, c->line_size, &row);
	seq_puts(m, c->line);
	return 0;
}

static const struct seq_operations kmemcg_caches_sops = {
	.start = kmemcg_caches_start,
	.next = kmemcg_caches_next,
	.stop = kmemcg_caches_stop,
	.show = kmemcg_caches_show,
};

static int kmemcg_caches_open(struct inode *inode, struct file *file)
{
	struct kmemcg_caches *c = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF,
						     kzalloc(sizeof(*c), GFP_KERNEL));
	int ret;

	if (!c)
		return -ENOMEM;
	mutex_init(&c->lock);
	c->slab_mutex = (void *)kmemcg_lookup_name("slab_mutex");
	c->slab_caches = (void *)kmemcg_lookup_name("slab_caches");
	ret = seq_open(file, &kmemcg_caches_sops);
	if (ret) {
		kfree(c);
		return ret;
	}
	((struct seq_file *)file->private_data)->private = c;
	return 0;
}

/*
 * c->lock held: the links, once per open file.  No sysfs there, more links
 * than we take, a lookup that failed: the aliases are unknown ("?") for
 * the life of the file.  Out of memory or interrupted: the error, and the
 * next read or seek tries again.
 */
static int kmemcg_caches_list(struct kmemcg_caches *c)
{
	int ret;

	if (c->listed)
		return 0;
	ret = kmemcg_caches_links(c);
	if (ret == -ENOMEM || ret == -EINTR || ret == -ERESTARTSYS) {
		kmemcg_caches_unlist(c);
		return ret;
	}
	c->known = !ret;
	c->listed = true;
	return 0;
}

/* The links first, once per open file; then seq_file's reading. */
static ssize_t kmemcg_caches_read(struct file *file, char __user *buf, size_t len,
				  loff_t *ppos)
{
	struct kmemcg_caches *c = ((struct seq_file *)file->private_data)->private;
	ssize_t ret;

	mutex_lock(&c->lock);
	ret = kmemcg_caches_list(c) ?: seq_read(file, buf, len, ppos);
	mutex_unlock(&c->lock);
	return ret;
}

/* A seek renders the lines up to the offset: the links first, as read. */
static loff_t kmemcg_caches_lseek(struct file *file, loff_t offset, int whence)
{
	struct kmemcg_caches *c = ((struct seq_file *)file->private_data)->private;
	loff_t ret;

	mutex_lock(&c->lock);
	ret = kmemcg_caches_list(c) ?: seq_lseek(file, offset, whence);
	mutex_unlock(&c->lock);
	return ret;
}

static int kmemcg_caches_release(struct inode *inode, struct file *file)
{
	kmemcg_caches_free(((struct seq_file *)file->private_data)->private);
	return seq_release(inode, file);
}

const struct file_operations kmemcg_caches_fops = {
	.owner = THIS_MODULE,
	.open = kmemcg_caches_open,
	.read = kmemcg_caches_read,
	.llseek = kmemcg_caches_lseek,
	.release = kmemcg_caches_release,
};
