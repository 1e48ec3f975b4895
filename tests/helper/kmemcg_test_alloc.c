// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg_test_alloc: a test-only module that allocates objects from a
 * cache of its own, in the context of the task that asks, so VM tests can
 * charge an exact number of objects to a cgroup.  Never loaded outside
 * tests.
 *
 * The cache, "kmemcg_test", has a constructor: SLUB never merges a cache
 * that has one, so its slabs hold only these objects and /proc/slabinfo
 * shows it under its own name.  Object size: the `size` parameter.
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
 *   "free"      free every object and kmalloc
 *   "shrink"    kmem_cache_shrink(): give empty slabs back
 *   "warn"      WARN() once, for the harness's own test of its log check
 * reading it prints "objects N", "retries R" (failed attempts of the last
 * "retry"), "nolock N" (objects held from kmalloc_nolock()) and
 * "nolock_failed F" (its NULL returns, which it may give in any context).
 *
 * Locking: kmemcg_test_lock (mutex) serialises the object array.
 */
#include <linux/capability.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

static unsigned int size = 256;
module_param(size, uint, 0400);
MODULE_PARM_DESC(size, "Object size in bytes (default 256)");

static unsigned int max_objects = 1000000;
module_param(max_objects, uint, 0400);
MODULE_PARM_DESC(max_objects, "Most objects held at once (default 1000000)");

static struct kmem_cache *kmemcg_test_cache;
static void **kmemcg_test_objs;
static unsigned int kmemcg_test_nr;
static void **kmemcg_test_kmallocs;
static unsigned int kmemcg_test_nkmallocs;
static unsigned long kmemcg_test_retries;
static DEFINE_MUTEX(kmemcg_test_lock);
static struct dentry *kmemcg_test_dir;

static void kmemcg_test_ctor(void *obj)
{
}

static void **kmemcg_test_nolock;
static unsigned int kmemcg_test_nnolock, kmemcg_test_nolock_failed;

#ifdef HAVE_KMALLOC_NOLOCK
/* One request at a time, under kmemcg_test_lock; run by the hrtimer. */
static struct {
	struct hrtimer timer;
	struct completion done;
	unsigned int n, size;
	bool free;
} kmemcg_test_irq;

static enum hrtimer_restart kmemcg_test_irq_fn(struct hrtimer *timer)
{
	unsigned int i;

	if (kmemcg_test_irq.free) {
		while (kmemcg_test_nnolock)
			kfree_nolock(kmemcg_test_nolock[--kmemcg_test_nnolock]);
	} else {
		for (i = 0; i < kmemcg_test_irq.n; i++) {
			void *p = kmalloc_nolock(kmemcg_test_irq.size, 0, NUMA_NO_NODE);

			if (p)
				kmemcg_test_nolock[kmemcg_test_nnolock++] = p;
			else
				kmemcg_test_nolock_failed++;
		}
	}
	complete(&kmemcg_test_irq.done);
	return HRTIMER_NORESTART;
}

/* Run an allocation (or, with @free, the frees) in hard interrupt context. */
static int kmemcg_test_in_irq(unsigned int n, unsigned int bytes, bool free)
{
	if (!free && (n > max_objects - kmemcg_test_nnolock || bytes > PAGE_SIZE || !bytes))
		return -ERANGE;
	kmemcg_test_irq.n = n;
	kmemcg_test_irq.size = bytes;
	kmemcg_test_irq.free = free;
	reinit_completion(&kmemcg_test_irq.done);
	hrtimer_start(&kmemcg_test_irq.timer, ns_to_ktime(1000), HRTIMER_MODE_REL_HARD);
	if (!wait_for_completion_timeout(&kmemcg_test_irq.done, 10 * HZ)) {
		hrtimer_cancel(&kmemcg_test_irq.timer);
		return -ETIMEDOUT;
	}
	return 0;
}

static void kmemcg_test_irq_init(void)
{
	init_completion(&kmemcg_test_irq.done);
	hrtimer_setup(&kmemcg_test_irq.timer, kmemcg_test_irq_fn, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_HARD);
}
#else
static int kmemcg_test_in_irq(unsigned int n, unsigned int bytes, bool free)
{
	return -ENODEV;
}

static void kmemcg_test_irq_init(void)
{
}
#endif

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

static void kmemcg_test_free_all(void)
{
	while (kmemcg_test_nr)
		kmem_cache_free(kmemcg_test_cache, kmemcg_test_objs[--kmemcg_test_nr]);
	while (kmemcg_test_nkmallocs)
		kfree(kmemcg_test_kmallocs[--kmemcg_test_nkmallocs]);
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
		if (n > max_objects - kmemcg_test_nr) {
			ret = -ERANGE;
			goto out;
		}
		for (i = 0; i < n; i++) {
			void *p = kmem_cache_alloc(kmemcg_test_cache, GFP_KERNEL);

			if (!p) {
				ret = -ENOMEM;
				goto out;
			}
			kmemcg_test_objs[kmemcg_test_nr++] = p;
		}
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
		kmemcg_test_free_all();
	} else if (sysfs_streq(buf, "warn")) {
		WARN(1, "kmemcg_test_alloc: warning on request\n");
	} else if (sysfs_streq(buf, "shrink")) {
		kmem_cache_shrink(kmemcg_test_cache);
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
	char buf[128];
	int n = scnprintf(buf, sizeof(buf),
			  "objects %u\nretries %lu\nnolock %u\nnolock_failed %u\n",
			  READ_ONCE(kmemcg_test_nr), READ_ONCE(kmemcg_test_retries),
			  READ_ONCE(kmemcg_test_nnolock), READ_ONCE(kmemcg_test_nolock_failed));

	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations kmemcg_test_fops = {
	.owner = THIS_MODULE,
	.read = kmemcg_test_read,
	.write = kmemcg_test_write,
	.llseek = default_llseek,
};

static int __init kmemcg_test_init(void)
{
	if (size < 8 || size > PAGE_SIZE)
		return -EINVAL;
	kmemcg_test_objs = vzalloc(array_size(max_objects, sizeof(void *)));
	kmemcg_test_kmallocs = vzalloc(array_size(max_objects, sizeof(void *)));
	kmemcg_test_nolock = vzalloc(array_size(max_objects, sizeof(void *)));
	if (!kmemcg_test_objs || !kmemcg_test_kmallocs || !kmemcg_test_nolock)
		goto nomem;
	kmemcg_test_irq_init();
	kmemcg_test_cache = kmem_cache_create("kmemcg_test", size, 0, 0, kmemcg_test_ctor);
	if (!kmemcg_test_cache)
		goto nomem;
	kmemcg_test_dir = debugfs_create_dir("kmemcg_test", NULL);
	debugfs_create_file("ctl", 0600, kmemcg_test_dir, NULL, &kmemcg_test_fops);
	return 0;
nomem:
	vfree(kmemcg_test_nolock);
	vfree(kmemcg_test_kmallocs);
	vfree(kmemcg_test_objs);
	return -ENOMEM;
}

static void __exit kmemcg_test_exit(void)
{
	debugfs_remove(kmemcg_test_dir);
	kmemcg_test_in_irq(0, 0, true);
	kmemcg_test_free_all();
	kmem_cache_destroy(kmemcg_test_cache);
	vfree(kmemcg_test_nolock);
	vfree(kmemcg_test_kmallocs);
	vfree(kmemcg_test_objs);
}

module_init(kmemcg_test_init);
module_exit(kmemcg_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmemcg test helper: allocates objects on request (tests only)");
