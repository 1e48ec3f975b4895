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

#endif /* KMEMCG_FILES_H */
