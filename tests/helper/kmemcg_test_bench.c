// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg_test_bench: the in-kernel microbenchmark of make bench (issue
 * 14).  A test-only module: it times pairs of kmem_cache_alloc() +
 * kmem_cache_free() and kmalloc() + kfree(), in the writer's context (so
 * in its memory cgroup), in batches: BATCH allocations, then their BATCH
 * frees.  Never loaded outside benchmarks.
 *
 * /sys/kernel/debug/kmemcg_test_bench/ctl (root; CAP_SYS_ADMIN to write):
 *   "cache SIZE BATCH PAIRS"    kmem_cache_alloc/free of SIZE bytes
 *   "kmalloc SIZE BATCH PAIRS"  kmalloc/kfree of SIZE bytes
 * The caches are made with SLAB_ACCOUNT and the kmallocs ask for
 * __GFP_ACCOUNT (GFP_KERNEL_ACCOUNT), so that the kernel's own accounting
 * charges them when it is on: the benchmark compares kmemcg's cost with
 * the kernel's on the same allocations.
 * SIZE is 64, 512 or 4096 (one cache each, made at load), BATCH 1 to 256,
 * PAIRS 1 to 10^7 (rounded up to whole batches).  The pairs run in 16
 * chunks, each followed by as many rounds of a reference loop that no
 * accounting touches (a checksum of a 64-byte buffer), so that the ratio
 * of the two cancels the speed of the moment; ref_ns is the reference's
 * mean, ns_per_pair that times the median chunk ratio (a chunk the host
 * preempted does not move it).  Reading gives the last
 * run: "ns_per_pair N.N ref_ns N.N" (0.0 and 0.0 after a failed one).
 * Malformed (an unknown KIND, anything after PAIRS): EINVAL; out of
 * range: ERANGE; an allocation that fails: ENOMEM (what it got is freed).
 *
 * Locking: one mutex serialises runs and reads of the result.  Process
 * context only; sleeps (GFP_KERNEL).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>

#define BENCH_CHUNKS	16
#define BENCH_MAX_BATCH	256
#define BENCH_MAX_PAIRS	10000000UL

static const unsigned int bench_sizes[] = { 64, 512, 4096 };
static struct kmem_cache *bench_caches[ARRAY_SIZE(bench_sizes)];
static void *bench_objs[BENCH_MAX_BATCH];
static u8 bench_ref_buf[64];
static u32 bench_ref_sink;
static u64 bench_ns_x10, bench_ref_x10;	/* last run, tenths of ns */
static DEFINE_MUTEX(bench_mutex);
static struct dentry *bench_dir;

static int bench_batch(struct kmem_cache *s, size_t size, unsigned int batch)
{
	unsigned int i, got;
	int ret = 0;

	for (got = 0; got < batch; got++) {
		bench_objs[got] = s ? kmem_cache_alloc(s, GFP_KERNEL) :
				      kmalloc(size, GFP_KERNEL_ACCOUNT);
		if (!bench_objs[got]) {
			ret = -ENOMEM;
			break;
		}
	}
	for (i = 0; i < got; i++) {
		if (s)
			kmem_cache_free(s, bench_objs[i]);
		else
			kfree(bench_objs[i]);
	}
	return ret;
}

static void bench_ref(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		bench_ref_buf[i % sizeof(bench_ref_buf)]++;
		bench_ref_sink += jhash(bench_ref_buf, sizeof(bench_ref_buf), i);
	}
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return (x > y) - (x < y);
}

static int bench_run(struct kmem_cache *s, size_t size, unsigned int batch,
		     unsigned long pairs)
{
	unsigned long batches = DIV_ROUND_UP(pairs, batch), per, b;
	u64 ratio[BENCH_CHUNKS];	/* chunk time / reference time, x 2^16 */
	u64 t, r, rsum = 0, t0, ref_x10, med;
	int c, ret;

	per = DIV_ROUND_UP(batches, BENCH_CHUNKS);
	for (c = 0; c < BENCH_CHUNKS; c++) {
		t0 = ktime_get_ns();
		for (b = 0; b < per; b++) {
			ret = bench_batch(s, size, batch);
			if (ret)
				return ret;
		}
		t = ktime_get_ns() - t0;
		t0 = ktime_get_ns();
		bench_ref(per * batch);
		r = ktime_get_ns() - t0;
		ratio[c] = div64_u64(t << 16, r ? r : 1);
		rsum += r;
		cond_resched();
	}
	sort(ratio, BENCH_CHUNKS, sizeof(ratio[0]), bench_cmp_u64, NULL);
	med = (ratio[BENCH_CHUNKS / 2 - 1] + ratio[BENCH_CHUNKS / 2]) / 2;
	ref_x10 = div64_u64(rsum * 10, per * batch * BENCH_CHUNKS);
	bench_ref_x10 = ref_x10;
	bench_ns_x10 = (med * ref_x10) >> 16;
	return 0;
}

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	char buf[64], kind[16], junk;
	unsigned int size, batch, i;
	unsigned long pairs;
	struct kmem_cache *s = NULL;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (!len || len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	/* A fifth field converted is trailing junk; whitespace is not. */
	if (sscanf(buf, "%15s %u %u %lu %c", kind, &size, &batch, &pairs, &junk) != 4 ||
	    (strcmp(kind, "cache") && strcmp(kind, "kmalloc")))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(bench_sizes) && bench_sizes[i] != size; i++)
		;
	if (i == ARRAY_SIZE(bench_sizes) || !batch || batch > BENCH_MAX_BATCH ||
	    !pairs || pairs > BENCH_MAX_PAIRS)
		return -ERANGE;
	if (!strcmp(kind, "cache"))
		s = bench_caches[i];
	mutex_lock(&bench_mutex);
	/* A run that fails leaves no figure behind to be read as its own. */
	bench_ns_x10 = 0;
	bench_ref_x10 = 0;
	ret = bench_run(s, size, batch, pairs);
	mutex_unlock(&bench_mutex);
	return ret ? ret : len;
}

static ssize_t bench_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	char buf[80];
	int n;

	mutex_lock(&bench_mutex);
	n = scnprintf(buf, sizeof(buf), "ns_per_pair %llu.%llu ref_ns %llu.%llu\n",
		      bench_ns_x10 / 10, bench_ns_x10 % 10,
		      bench_ref_x10 / 10, bench_ref_x10 % 10);
	mutex_unlock(&bench_mutex);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations bench_fops = {
	.owner = THIS_MODULE,
	.read = bench_read,
	.write = bench_write,
	.llseek = default_llseek,
};

static void bench_destroy_caches(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bench_caches); i++)
		kmem_cache_destroy(bench_caches[i]);
}

static int __init bench_init(void)
{
	char name[32];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bench_sizes); i++) {
		snprintf(name, sizeof(name), "kmemcg_bench_%u", bench_sizes[i]);
		bench_caches[i] = kmem_cache_create(name, bench_sizes[i], 0, SLAB_ACCOUNT, NULL);
		if (!bench_caches[i]) {
			bench_destroy_caches();
			return -ENOMEM;
		}
	}
	bench_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("ctl", 0600, bench_dir, NULL, &bench_fops);
	return 0;
}

static void __exit bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
	bench_destroy_caches();
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmemcg's in-kernel microbenchmark (make bench only)");
