// SPDX-License-Identifier: GPL-2.0
/*
 * The top-level policy file: one "key value" line per policy axis
 * (include/kmemcg/files.h); writing "key value" changes an axis that can
 * change at run time, exactly, or is refused with nothing changed
 * (lib/policy.c says what and why).
 *
 * Locking: reads and writes go through policy_params.c, which serialises
 * them (kmemcg_policy_mutex).
 */
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "kmemcg/policy.h"
#include "fault.h"
#include "kmemcg.h"

static int kmemcg_policy_show_file(struct seq_file *m, void *v)
{
	size_t size = KMEMCG_POLICY_LINE_MAX + 256;
	char *buf = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF, kmalloc(size, GFP_KERNEL));

	if (!buf)
		return -ENOMEM;
	kmemcg_policy_read(buf, size);
	seq_puts(m, buf);
	kfree(buf);
	return 0;
}

static int kmemcg_policy_open(struct inode *inode, struct file *file)
{
	return single_open(file, kmemcg_policy_show_file, NULL);
}

/*
 * One write is one line, whole: a partial write (a short buffer) is
 * refused like junk, EINVAL, as is anything at offset other than 0 or
 * longer than the longest valid line.
 */
static ssize_t kmemcg_policy_write_file(struct file *file, const char __user *ubuf,
					size_t len, loff_t *ppos)
{
	char *line;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (*ppos || !len || len >= KMEMCG_POLICY_LINE_MAX)
		return -EINVAL;
	line = memdup_user_nul(ubuf, len);
	if (IS_ERR(line))
		return PTR_ERR(line);
	ret = strlen(line) == len ? kmemcg_policy_update(line) : -EINVAL;
	kfree(line);
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
