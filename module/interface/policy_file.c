// SPDX-License-Identifier: GPL-2.0
/*
 * The top-level policy file: one "key value" line per policy axis
 * (include/kmemcg/files.h); writing "key value" changes an axis that can
 * change at run time, exactly, or is refused with nothing changed
 * (lib/policy.c says what and why).
 *
 * Locking: writes go through kmemcg_policy_update() (main.c), which
 * serialises them; reads are racy snapshots of single words.
 */
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "kmemcg/policy.h"
#include "kmemcg.h"

/* Longer than any valid line: a longer write is refused whole. */
#define KMEMCG_POLICY_WRITE_MAX	64

static int kmemcg_policy_show_file(struct seq_file *m, void *v)
{
	char buf[256];

	kmemcg_policy_show(kmemcg_policy, buf, sizeof(buf));
	seq_puts(m, buf);
	return 0;
}

static int kmemcg_policy_open(struct inode *inode, struct file *file)
{
	return single_open(file, kmemcg_policy_show_file, NULL);
}

/*
 * One write is one line, whole: a partial write (a short buffer) is
 * refused like junk, EINVAL, as is anything at offset other than 0.
 */
static ssize_t kmemcg_policy_write_file(struct file *file, const char __user *ubuf,
					size_t len, loff_t *ppos)
{
	char buf[KMEMCG_POLICY_WRITE_MAX];
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (*ppos || !len || len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	ret = kmemcg_policy_update(buf, len);
	return ret ? ret : len;
}

const struct file_operations kmemcg_policy_fops = {
	.owner = THIS_MODULE,
	.open = kmemcg_policy_open,
	.read = seq_read,
	.write = kmemcg_policy_write_file,
	.llseek = seq_lseek,
	.release = single_release,
};
