// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slabinfo: which caches a cgroup's slab pages are in, or
 * under an object view, which caches its objects are in; and the
 * top-level file of every (cache, cgroup) pair.
 *
 * The figures come from one pass over the owner table when a file is
 * opened (slabinfo_scan.c); they are rendered (lib/slabinfo.c) into a
 * buffer, and reads are served from that buffer, so a reader sees one
 * consistent snapshot however it reads.
 *
 * Object view (object and shadow granularity): the per-cgroup file shows
 * the view limits are enforced against: under the object view a line's
 * active_objs and num_objs are the group's objects in the cache, objsize
 * the slot size charged for each, and its slabs the slabs holding at
 * least one of them (a slab shared by several groups counts for each).
 * The top-level file shows both views on each line.
 *
 * Locking: slab_mutex is held by the pass until the text is rendered
 * (slabinfo_scan.c).  The top-level file takes kmemcg_groups_mutex
 * (outside slab_mutex) to number the groups (the hierarchy's, the dead
 * ones' and the pseudo groups') and keep them alive while it renders
 * their paths.  Per-cgroup files do not take it (see
 * cgroup_files.c): their group lives as long as the file.
 */
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "kmemcg/policy.h"
#include "kmemcg/slabinfo.h"
#include "fault.h"
#include "group.h"
#include "kmemcg.h"
#include "slabinfo_scan.h"

/* A growing text buffer; a file's contents. */
struct kmemcg_text {
	char *buf;
	size_t len, size;
};

static int kmemcg_text_reserve(struct kmemcg_text *t, size_t more)
{
	size_t size;
	char *buf;

	if (t->len + more < t->size)
		return 0;
	size = max(2 * t->size, t->len + more + 4096);
	buf = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF, vmalloc(size));
	if (!buf)
		return -ENOMEM;
	if (t->buf)
		memcpy(buf, t->buf, t->len);
	vfree(t->buf);
	t->buf = buf;
	t->size = size;
	return 0;
}

#define KMEMCG_LINE_MAX		(KMEMCG_PATH_MAX + 256)
#define KMEMCG_PATH_MAX		1024

static int kmemcg_text_row(struct kmemcg_text *t, const char *path,
			   const struct kmemcg_slabinfo_row *row)
{
	int ret = kmemcg_text_reserve(t, KMEMCG_LINE_MAX);

	if (ret)
		return ret;
	if (path)
		ret = kmemcg_slabinfo_all_line(t->buf + t->len, t->size - t->len, path, row);
	else
		ret = kmemcg_slabinfo_line(t->buf + t->len, t->size - t->len, row);
	t->len += min_t(size_t, ret, t->size - t->len - 1);
	return 0;
}

/*
 * Make @row show the view the limit files show; false when the cgroup
 * has nothing of the cache in that view (the row is dropped).  Large
 * kmallocs are pages, shown in either view.
 */
static bool kmemcg_slabinfo_view(struct kmemcg_slabinfo_row *row)
{
	if (kmemcg_policy_enforced_view(kmemcg_policy) == KMEMCG_VIEW_PAGE ||
	    !strcmp(row->name, KMEMCG_SLABINFO_LARGE))
		return row->num_objs;
	row->active_objs = row->objects;
	row->num_objs = row->objects;
	row->num_slabs = row->object_slabs;
	return row->objects;
}

/* The per-cgroup file's text: rows of @g sorted by name. */
static int kmemcg_slabinfo_group_text(struct kmemcg_group *g, struct kmemcg_text *t)
{
	struct kmemcg_scan sc = { .only = g };
	struct kmemcg_slabinfo_row *rows;
	size_t i = 0, n = 0, k;
	int ret;

	ret = kmemcg_scan_run(&sc);
	if (ret)
		goto out;
	rows = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF,
				vmalloc(array_size(sc.ncaches + 1, sizeof(*rows))));
	ret = rows ? kmemcg_text_reserve(t, sizeof(KMEMCG_SLABINFO_HEADER)) : -ENOMEM;
	if (ret)
		goto free;
	memcpy(t->buf, KMEMCG_SLABINFO_HEADER, sizeof(KMEMCG_SLABINFO_HEADER) - 1);
	t->len = sizeof(KMEMCG_SLABINFO_HEADER) - 1;
	while (i < sc.nrecs) {
		kmemcg_scan_row(&sc, &i, &rows[n]);
		if (kmemcg_slabinfo_view(&rows[n]))
			n++;
	}
	/* By name: a stable order for people and diffs. */
	for (k = 0; k < n && !ret; k++) {
		size_t j, min = k;

		for (j = k + 1; j < n; j++)
			if (strcmp(rows[j].name, rows[min].name) < 0)
				min = j;
		swap(rows[k], rows[min]);
		ret = kmemcg_text_row(t, NULL, &rows[k]);
	}
free:
	vfree(rows);
out:
	kmemcg_scan_done(&sc);
	return ret;
}

/* "/a/b" of a group into buf; the root is "/".  Groups mutex held. */
static void kmemcg_group_path(const struct kmemcg_group *g, char *buf, size_t size)
{
	const char *names[64];
	int n = 0;

	for (; g && g->parent && n < ARRAY_SIZE(names); g = g->parent)
		names[n++] = g->name;
	buf[0] = '\0';
	if (!n)
		strscpy(buf, "/", size);
	while (n--) {
		strlcat(buf, "/", size);
		strlcat(buf, names[n], size);
	}
}

/*
 * The cgroup-path column of @g: "/a/b" for a group of the hierarchy, its
 * name for a pseudo group (KMEMCG_PATH_UNSCOPED, ...), "<dead:N>" for a
 * group removed under on_delete=dead.  Groups mutex held.
 */
static void kmemcg_row_path(const struct kmemcg_group *g, char *buf, size_t size)
{
	if (g->sink != KMEMCG_SINK_NONE)
		strscpy(buf, kmemcg_sink_path(g->sink), size);
	else if (g->dead_seq)
		snprintf(buf, size, KMEMCG_PATH_DEAD_FMT, g->dead_seq);
	else
		kmemcg_group_path(g, buf, size);
}

/*
 * Groups mutex held: number every group an owner can name, for the scan
 * (g->scan_idx): those of the hierarchy in pre-order, then the dead ones,
 * then the pseudo groups.  Fills @groups if not NULL.
 * Return: how many.
 */
static unsigned int kmemcg_number_groups(struct kmemcg_group **groups)
{
	struct kmemcg_group *g;
	unsigned int n = 0, i;

	list_for_each_entry(g, &kmemcg_groups, node) {
		if (groups)
			groups[n] = g;
		g->scan_idx = n++;
	}
	list_for_each_entry(g, &kmemcg_dead_groups, dead_node) {
		if (groups)
			groups[n] = g;
		g->scan_idx = n++;
	}
	for (i = 0; i < KMEMCG_SINK_NR; i++) {
		if (groups)
			groups[n] = kmemcg_sinks[i];
		kmemcg_sinks[i]->scan_idx = n++;
	}
	return n;
}

/* The top-level file's text: every (cache, group), by group then cache. */
static int kmemcg_slabinfo_all_text(struct kmemcg_text *t)
{
	struct kmemcg_group **groups = NULL;
	struct kmemcg_scan sc = { };
	struct kmemcg_slabinfo_row row;
	char *path = NULL;
	size_t i = 0;
	int ret;

	mutex_lock(&kmemcg_groups_mutex);
	groups = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF,
				  vmalloc(array_size(kmemcg_number_groups(NULL), sizeof(*groups))));
	path = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF, kmalloc(KMEMCG_PATH_MAX, GFP_KERNEL));
	ret = groups && path ? kmemcg_text_reserve(t, sizeof(KMEMCG_ALL_SLABINFO_HEADER)) :
			       -ENOMEM;
	if (ret)
		goto unlock;
	kmemcg_number_groups(groups);
	memcpy(t->buf, KMEMCG_ALL_SLABINFO_HEADER, sizeof(KMEMCG_ALL_SLABINFO_HEADER) - 1);
	t->len = sizeof(KMEMCG_ALL_SLABINFO_HEADER) - 1;
	ret = kmemcg_scan_run(&sc);
	while (!ret && i < sc.nrecs) {
		kmemcg_row_path(groups[sc.recs[i].group], path, KMEMCG_PATH_MAX);
		kmemcg_scan_row(&sc, &i, &row);
		ret = kmemcg_text_row(t, path, &row);
	}
	kmemcg_scan_done(&sc);
unlock:
	mutex_unlock(&kmemcg_groups_mutex);
	kfree(path);
	vfree(groups);
	return ret;
}

static int kmemcg_slabinfo_release(struct inode *inode, struct file *file)
{
	struct kmemcg_text *t = file->private_data;

	vfree(t->buf);
	kfree(t);
	return 0;
}

static int kmemcg_slabinfo_open_text(struct file *file, struct kmemcg_group *g)
{
	struct kmemcg_text *t = kmemcg_fail_null(KMEMCG_FAULT_FILE_BUF,
						   kzalloc(sizeof(*t), GFP_KERNEL));
	int ret;

	if (!t)
		return -ENOMEM;
	ret = g ? kmemcg_slabinfo_group_text(g, t) : kmemcg_slabinfo_all_text(t);
	if (ret) {
		vfree(t->buf);
		kfree(t);
		return ret;
	}
	file->private_data = t;
	return 0;
}

static int kmemcg_slabinfo_open(struct inode *inode, struct file *file)
{
	return kmemcg_slabinfo_open_text(file, inode->i_private);
}

static ssize_t kmemcg_slabinfo_read(struct file *file, char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	struct kmemcg_text *t = file->private_data;

	return simple_read_from_buffer(ubuf, len, ppos, t->buf, t->len);
}

static ssize_t kmemcg_slabinfo_write(struct file *file, const char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	return capable(CAP_SYS_ADMIN) ? -EINVAL : -EPERM;
}

/* For both files: i_private is the group, or NULL for the top level. */
const struct file_operations kmemcg_slabinfo_fops = {
	.owner = THIS_MODULE,
	.open = kmemcg_slabinfo_open,
	.read = kmemcg_slabinfo_read,
	.write = kmemcg_slabinfo_write,
	.release = kmemcg_slabinfo_release,
	.llseek = default_llseek,
};
