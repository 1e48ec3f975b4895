// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg_test_alloc: a test-only module that allocates objects from a
 * cache of its own, in the context of the task that asks, so VM tests can
 * charge an exact number of objects to a cgroup.  Never loaded outside
 * tests.
 *
 * The cache, "kmemcg_test", has a constructor: SLUB never merges a cache
 * that has one, so its slabs hold only these objects and /proc/slabinfo
 * shows it under its own name.  A second one, "kmemcg_test_acct", is the
 * same with SLAB_ACCOUNT, so the kernel's own memcg accounting charges its
 * objects too.  Object size: the `size` parameter, at least an rcu_head
 * (16 bytes), which kfree_rcu() writes into the object.
 *
 * /sys/kernel/debug/kmemcg_test/ctl (root; CAP_SYS_ADMIN to write):
 *   "alloc N"   allocate N more objects (GFP_KERNEL, the writer's context)
 *   "kmalloc N SIZE"  N kmalloc(SIZE) (SIZE above 8 KiB: large kmalloc)
 *   "retry S"   allocate one object, retrying a failed allocation at once,
 *               without looking at signals, as kernel code that loops on
 *               -ENOMEM does (6.12's maple tree, mas_nomem()); gives up
 *               with ETIMEDOUT after S seconds (1-10)
 *   "nolock N SIZE"  N kmalloc_nolock(SIZE) from a hard interrupt (an
 *               hrtimer), the way BPF programs allocate in any context
 *               (6.18+, ENODEV before); "nolock_free" frees them there with
 *               kfree_nolock()
 *   "free"      free everything the helper holds: objects ("alloc",
 *               "alloc_gfp", "retry"), "bulk" and "acct_alloc" objects,
 *               kmallocs and kmalloc_nolock()s
 *   "shrink"    kmem_cache_shrink(): give empty slabs back
 *   "warn"      WARN() once, for the harness's own test of its log check
 *   "leak"      kmalloc(64) and forget it: a leak kmemleak must report on
 *               the debug kernel, for the same test (ENOMEM if it fails)
 *   "bulk N"    N objects with one kmem_cache_alloc_bulk() call
 *               (GFP_KERNEL), held apart; it gives all N or none (ENOMEM);
 *               "bulk_free" frees them with one kmem_cache_free_bulk() call
 *   "acct_alloc N"  N objects of "kmemcg_test_acct" (GFP_KERNEL)
 *   "alloc_gfp N FLAGS"  N objects, held with the "alloc" ones, with FLAGS
 *               "high" (GFP_KERNEL | __GFP_HIGH), "nofail" (GFP_KERNEL |
 *               __GFP_NOFAIL), "atomic" (GFP_ATOMIC) or "memalloc"
 *               (GFP_KERNEL under memalloc_noreclaim_save(): PF_MEMALLOC)
 *   "free_n N"  free the N objects allocated last ("alloc", "alloc_gfp",
 *               "retry"); ERANGE if fewer are held
 *   "rcu_free"  free every "alloc" object with kfree_rcu()
 *   "kmalloc_rcu_free"  the same for every kmalloc; EINVAL if one is too
 *               small for an rcu_head (kmalloc SIZE under 16)
 *   "rcu_barrier"  wait until every kfree_rcu()'d object is freed (see
 *               kmemcg_test_rcu_barrier() for how on each kernel); 6.1 has
 *               no such wait: poll there, its batches go within about 5 s
 *   "krealloc SIZE"  krealloc() every kmalloc to SIZE (1 byte to 4 MiB,
 *               GFP_KERNEL), keeping the old pointer where it fails (ENOMEM
 *               once every one was tried)
 * The commands that allocate stop at the first NULL with ENOMEM, keeping
 * what they got, except "bulk".  Malformed: EINVAL; more objects than
 * max_objects held of a kind: ERANGE; either way nothing changes.
 * Reading it prints "objects N", "retries R" (failed attempts of the last
 * "retry"), "nolock N" (objects held from kmalloc_nolock()) and
 * "nolock_failed F" (its NULL returns, which it may give in any context),
 * then "bulk N", "acct_objects N", "kmallocs N", "krealloc_moved M",
 * "krealloc_inplace P" and "krealloc_failed F" (the last "krealloc":
 * pointers that changed, stayed, or stayed after a NULL return) and
 * "last_gfp_allocated K" (objects the last "alloc_gfp" got).
 *
 * The commands, the caches and the object arrays are here; the kfree_rcu()
 * commands are in kmemcg_test_rcu.c, the nolock ones in kmemcg_test_irq.c.
 *
 * Locking: kmemcg_test_lock (mutex) serialises the commands and so every
 * array and count.  Reading takes no lock: a read during a command may
 * see any mix of old and new counts; tests read between commands.
 */
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "kmemcg_test_alloc.h"

static unsigned int size = 256;
module_param(size, uint, 0400);
MODULE_PARM_DESC(size, "Object size in bytes, 16 to PAGE_SIZE (default 256)");

static unsigned int max_objects = 1000000;
module_param(max_objects, uint, 0400);
MODULE_PARM_DESC(max_objects, "Most objects held at once of each kind (default 1000000)");

struct kmem_cache *kmemcg_test_cache;
static struct kmem_cache *kmemcg_test_acct_cache;
void **kmemcg_test_objs;
unsigned int kmemcg_test_nr;
void **kmemcg_test_kmallocs;
unsigned int kmemcg_test_nkmallocs;
static void **kmemcg_test_bulk_objs;
static unsigned int kmemcg_test_nbulk;
static void **kmemcg_test_acct_objs;
static unsigned int kmemcg_test_nacct;
static unsigned long kmemcg_test_retries;
/* Counts of the last "krealloc" and "alloc_gfp", for reading. */
static unsigned int kmemcg_test_krealloc_moved, kmemcg_test_krealloc_inplace;
static unsigned int kmemcg_test_krealloc_failed, kmemcg_test_last_gfp_allocated;
static DEFINE_MUTEX(kmemcg_test_lock);
static struct dentry *kmemcg_test_dir;

/**
 * kmemcg_test_ctor() - the caches' constructor, which does nothing
 * @obj: the object
 *
 * Its being there is what counts: SLUB never merges a cache that has a
 * constructor (mm/slab_common.c, slab_unmergeable()).
 */
void kmemcg_test_ctor(void *obj)
{
}

/* "retry S": one object, however many attempts it takes, for S seconds. */
static int kmemcg_test_retry(unsigned int secs)
{
	unsigned long end = jiffies + secs * HZ;
	void *p;

	if (secs < 1 || secs > 10 || kmemcg_test_nr >= max_objects)
		return -ERANGE;
	WRITE_ONCE(kmemcg_test_retries, 0);
	while (!(p = kmem_cache_alloc(kmemcg_test_cache, GFP_KERNEL | __GFP_NOWARN))) {
		WRITE_ONCE(kmemcg_test_retries, kmemcg_test_retries + 1);
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		cond_resched();
	}
	kmemcg_test_objs[kmemcg_test_nr++] = p;
	return 0;
}

/*
 * Add @n objects of @s to the @objs array, which holds *@nr: stops with
 * -ENOMEM at the first NULL, keeping the objects it got.  Every loop over
 * the objects here reschedules at each one: a debugfs write of tens of
 * thousands, each a KASAN and DEBUG_OBJECTS bookkeeping on the debug
 * kernel, took a CPU for over 20 s under TCG (a soft lockup, 57-delete.t).
 */
static int kmemcg_test_fill(struct kmem_cache *s, gfp_t gfp, void **objs,
			    unsigned int *nr, unsigned int n)
{
	if (n > max_objects - *nr)
		return -ERANGE;
	while (n--) {
		void *p = kmem_cache_alloc(s, gfp);

		if (!p)
			return -ENOMEM;
		objs[(*nr)++] = p;
		cond_resched();
	}
	return 0;
}

/* "alloc_gfp N FLAGS", @args being "N FLAGS". */
static int kmemcg_test_alloc_gfp(char *args)
{
	char *flags = strchr(args, ' ');
	unsigned int n, nr0, noreclaim = 0;
	bool memalloc = false;
	gfp_t gfp;
	int err;

	if (!flags)
		return -EINVAL;
	*flags++ = '\0';
	if (kstrtouint(args, 10, &n))
		return -EINVAL;
	if (sysfs_streq(flags, "high")) {
		gfp = GFP_KERNEL | __GFP_HIGH;
	} else if (sysfs_streq(flags, "nofail")) {
		gfp = GFP_KERNEL | __GFP_NOFAIL;
	} else if (sysfs_streq(flags, "atomic")) {
		gfp = GFP_ATOMIC;
	} else if (sysfs_streq(flags, "memalloc")) {
		gfp = GFP_KERNEL;
		memalloc = true;
	} else {
		return -EINVAL;
	}
	if (n > max_objects - kmemcg_test_nr)
		return -ERANGE;

	nr0 = kmemcg_test_nr;
	/* PF_MEMALLOC: the page allocator may dip into its reserves. */
	if (memalloc)
		noreclaim = memalloc_noreclaim_save();
	err = kmemcg_test_fill(kmemcg_test_cache, gfp, kmemcg_test_objs, &kmemcg_test_nr, n);
	if (memalloc)
		memalloc_noreclaim_restore(noreclaim);
	kmemcg_test_last_gfp_allocated = kmemcg_test_nr - nr0;
	return err;
}

/* Free the @n objects allocated last into the object array. */
static void kmemcg_test_free_objs(unsigned int n)
{
	while (n--) {
		kmem_cache_free(kmemcg_test_cache, kmemcg_test_objs[--kmemcg_test_nr]);
		cond_resched();
	}
}

/* "bulk N": all N objects from one kmem_cache_alloc_bulk() call, or none. */
static int kmemcg_test_bulk(unsigned int n)
{
	if (n > max_objects - kmemcg_test_nbulk)
		return -ERANGE;
	/*
	 * 6.1 and 6.12 return how many they allocated (0 on failure), 7.x
	 * whether it succeeded: both read the same below, except that a
	 * call for 0 objects would look failed.
	 */
	if (!n)
		return 0;
	if (!kmem_cache_alloc_bulk(kmemcg_test_cache, GFP_KERNEL, n,
				   kmemcg_test_bulk_objs + kmemcg_test_nbulk))
		return -ENOMEM;
	kmemcg_test_nbulk += n;
	return 0;
}

static void kmemcg_test_bulk_free(void)
{
	/* SLUB WARN()s on a bulk free of no object. */
	if (kmemcg_test_nbulk)
		kmem_cache_free_bulk(kmemcg_test_cache, kmemcg_test_nbulk, kmemcg_test_bulk_objs);
	kmemcg_test_nbulk = 0;
}

/* "krealloc SIZE": every kmalloc to SIZE bytes, counting what moved. */
static int kmemcg_test_krealloc(unsigned int bytes)
{
	unsigned int i;

	if (!bytes || bytes > (4U << 20))
		return -ERANGE;
	kmemcg_test_krealloc_moved = 0;
	kmemcg_test_krealloc_inplace = 0;
	kmemcg_test_krealloc_failed = 0;
	for (i = 0; i < kmemcg_test_nkmallocs; i++) {
		void *p = krealloc(kmemcg_test_kmallocs[i], bytes, GFP_KERNEL);

		if (!p) {
			kmemcg_test_krealloc_failed++;
		} else if (p == kmemcg_test_kmallocs[i]) {
			kmemcg_test_krealloc_inplace++;
		} else {
			kmemcg_test_kmallocs[i] = p;
			kmemcg_test_krealloc_moved++;
		}
		cond_resched();
	}
	return kmemcg_test_krealloc_failed ? -ENOMEM : 0;
}

static int kmemcg_test_free_all(void)
{
	kmemcg_test_free_objs(kmemcg_test_nr);
	kmemcg_test_bulk_free();
	while (kmemcg_test_nacct) {
		kmem_cache_free(kmemcg_test_acct_cache, kmemcg_test_acct_objs[--kmemcg_test_nacct]);
		cond_resched();
	}
	while (kmemcg_test_nkmallocs) {
		kfree(kmemcg_test_kmallocs[--kmemcg_test_nkmallocs]);
		cond_resched();
	}
	/* Where they came from: kfree_nolock() in hard interrupt context. */
	if (kmemcg_test_nnolock)
		return kmemcg_test_in_irq(0, 0, true);
	return 0;
}

/*
 * "leak": 64 bytes nothing will ever point to or free, filled so they
 * hold no pointer either.  noinline: one more frame of this module in the
 * allocation's stack, which kmemleak's report shows.  Returns whether
 * kmalloc() gave them.
 */
static noinline bool kmemcg_test_leak(void)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (p)
		memset(p, 0x5a, 64);
	return p;
}

/*
 * "@cmd N", N a decimal with nothing after it but a newline: 0 with *@n
 * set, -ENOENT for another command, else kstrtouint()'s error.
 */
static int kmemcg_test_arg(const char *buf, const char *cmd, unsigned int *n)
{
	size_t len = strlen(cmd);

	if (strncmp(buf, cmd, len) || buf[len] != ' ')
		return -ENOENT;
	return kstrtouint(buf + len + 1, 10, n);
}

static ssize_t kmemcg_test_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	unsigned int n, i, bytes;
	char buf[32];
	int ret = len;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	mutex_lock(&kmemcg_test_lock);
	if (sscanf(buf, "alloc %u", &n) == 1) {
		ret = kmemcg_test_fill(kmemcg_test_cache, GFP_KERNEL, kmemcg_test_objs,
				       &kmemcg_test_nr, n) ?: len;
	} else if (sscanf(buf, "kmalloc %u %u", &n, &bytes) == 2) {
		if (n > max_objects - kmemcg_test_nkmallocs || bytes > (4U << 20)) {
			ret = -ERANGE;
			goto out;
		}
		for (i = 0; i < n; i++) {
			void *p = kmalloc(bytes, GFP_KERNEL);

			if (!p) {
				ret = -ENOMEM;
				goto out;
			}
			kmemcg_test_kmallocs[kmemcg_test_nkmallocs++] = p;
			cond_resched();
		}
	} else if (sscanf(buf, "retry %u", &n) == 1) {
		int err = kmemcg_test_retry(n);

		if (err)
			ret = err;
	} else if (sscanf(buf, "nolock %u %u", &n, &bytes) == 2) {
		ret = kmemcg_test_in_irq(n, bytes, false) ?: len;
	} else if (sysfs_streq(buf, "nolock_free")) {
		ret = kmemcg_test_in_irq(0, 0, true) ?: len;
	} else if (sysfs_streq(buf, "free")) {
		ret = kmemcg_test_free_all() ?: len;
	} else if (sysfs_streq(buf, "warn")) {
		WARN(1, "kmemcg_test_alloc: warning on request\n");
	} else if (sysfs_streq(buf, "leak")) {
		if (!kmemcg_test_leak())
			ret = -ENOMEM;
	} else if (sysfs_streq(buf, "shrink")) {
		kmem_cache_shrink(kmemcg_test_cache);
	} else if (!kmemcg_test_arg(buf, "bulk", &n)) {
		ret = kmemcg_test_bulk(n) ?: len;
	} else if (sysfs_streq(buf, "bulk_free")) {
		kmemcg_test_bulk_free();
	} else if (!kmemcg_test_arg(buf, "acct_alloc", &n)) {
		ret = kmemcg_test_fill(kmemcg_test_acct_cache, GFP_KERNEL, kmemcg_test_acct_objs,
				       &kmemcg_test_nacct, n) ?: len;
	} else if (!strncmp(buf, "alloc_gfp ", strlen("alloc_gfp "))) {
		ret = kmemcg_test_alloc_gfp(buf + strlen("alloc_gfp ")) ?: len;
	} else if (!kmemcg_test_arg(buf, "free_n", &n)) {
		if (n > kmemcg_test_nr)
			ret = -ERANGE;
		else
			kmemcg_test_free_objs(n);
	} else if (sysfs_streq(buf, "rcu_free")) {
		kmemcg_test_rcu_free();
	} else if (sysfs_streq(buf, "kmalloc_rcu_free")) {
		ret = kmemcg_test_kmalloc_rcu_free() ?: len;
	} else if (sysfs_streq(buf, "rcu_barrier")) {
		ret = kmemcg_test_rcu_barrier() ?: len;
	} else if (!kmemcg_test_arg(buf, "krealloc", &bytes)) {
		ret = kmemcg_test_krealloc(bytes) ?: len;
	} else {
		ret = -EINVAL;
	}
out:
	mutex_unlock(&kmemcg_test_lock);
	return ret;
}

static ssize_t kmemcg_test_read(struct file *file, char __user *ubuf,
				size_t len, loff_t *ppos)
{
	char buf[384];
	int n = scnprintf(buf, sizeof(buf),
			  "objects %u\nretries %lu\nnolock %u\nnolock_failed %u\n"
			  "bulk %u\nacct_objects %u\nkmallocs %u\n"
			  "krealloc_moved %u\nkrealloc_inplace %u\nkrealloc_failed %u\n"
			  "last_gfp_allocated %u\n",
			  READ_ONCE(kmemcg_test_nr), READ_ONCE(kmemcg_test_retries),
			  READ_ONCE(kmemcg_test_nnolock), READ_ONCE(kmemcg_test_nolock_failed),
			  READ_ONCE(kmemcg_test_nbulk), READ_ONCE(kmemcg_test_nacct),
			  READ_ONCE(kmemcg_test_nkmallocs),
			  READ_ONCE(kmemcg_test_krealloc_moved),
			  READ_ONCE(kmemcg_test_krealloc_inplace),
			  READ_ONCE(kmemcg_test_krealloc_failed),
			  READ_ONCE(kmemcg_test_last_gfp_allocated));

	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations kmemcg_test_fops = {
	.owner = THIS_MODULE,
	.read = kmemcg_test_read,
	.write = kmemcg_test_write,
	.llseek = default_llseek,
};

/*
 * The caches and arrays, from init's unwinding (each call here takes
 * NULL) or at exit, once every object is freed.
 */
static void kmemcg_test_release(void)
{
	kmem_cache_destroy(kmemcg_test_acct_cache);
	kmem_cache_destroy(kmemcg_test_cache);
	vfree(kmemcg_test_acct_objs);
	vfree(kmemcg_test_bulk_objs);
	vfree(kmemcg_test_kmallocs);
	vfree(kmemcg_test_objs);
	kmemcg_test_irq_exit();
}

static int __init kmemcg_test_init(void)
{
	if (size < sizeof(struct kmemcg_test_obj) || size > PAGE_SIZE)
		return -EINVAL;
	if (kmemcg_test_irq_init(max_objects))
		return -ENOMEM;
	kmemcg_test_objs = vzalloc(array_size(max_objects, sizeof(void *)));
	kmemcg_test_kmallocs = vzalloc(array_size(max_objects, sizeof(void *)));
	kmemcg_test_bulk_objs = vzalloc(array_size(max_objects, sizeof(void *)));
	kmemcg_test_acct_objs = vzalloc(array_size(max_objects, sizeof(void *)));
	if (!kmemcg_test_objs || !kmemcg_test_kmallocs || !kmemcg_test_bulk_objs ||
	    !kmemcg_test_acct_objs)
		goto nomem;
	kmemcg_test_cache = kmem_cache_create("kmemcg_test", size, 0, 0, kmemcg_test_ctor);
	kmemcg_test_acct_cache = kmem_cache_create("kmemcg_test_acct", size, 0, SLAB_ACCOUNT,
						   kmemcg_test_ctor);
	if (!kmemcg_test_cache || !kmemcg_test_acct_cache)
		goto nomem;
	kmemcg_test_dir = debugfs_create_dir("kmemcg_test", NULL);
	debugfs_create_file("ctl", 0600, kmemcg_test_dir, NULL, &kmemcg_test_fops);
	return 0;
nomem:
	kmemcg_test_release();
	return -ENOMEM;
}

static void __exit kmemcg_test_exit(void)
{
	debugfs_remove(kmemcg_test_dir);
	kmemcg_test_free_all();
	/* Only the first cache's objects ever go to kfree_rcu(). */
	kmemcg_test_rcu_drain();
	kmemcg_test_release();
}

module_init(kmemcg_test_init);
module_exit(kmemcg_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmemcg test helper: allocates objects on request (tests only)");
