// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg set / reset: writes to a cgroup's memory.kmem.* files (limit,
 * reserve, independent_kmem_limit; max_usage, failcnt), with the
 * module's errno turned into a sentence that says what to do.  A size is
 * checked with kmemcg_parse_size() (the module's own parser) before it is
 * written, so a typo is a usage error, not a kernel round trip.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "kmemcg.h"

/* The cgroup's directory, after checking the module and the cgroup. */
static int km_target(const char *cmd, const char *arg, char *cgpath, size_t size,
		     char *dir, size_t dsize)
{
	struct stat st;

	if (km_cgroup_path(arg, cgpath, size))
		return km_usage_err(cmd, "bad cgroup path '%s'", arg);
	if (km_check_root())
		return KM_EXIT_FAIL;
	km_cgroup_dir(dir, dsize, cgpath);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		km_err("no memory cgroup %s (is the memory controller enabled for it?); list them with: kmemcg tree",
		       cgpath);
		return KM_EXIT_FAIL;
	}
	return KM_EXIT_OK;
}

static int km_write_err(const char *cgpath, const char *what, const char *path,
			int err, const char *dir)
{
	char file[4352], hb[32];
	u64 v;

	switch (err) {
	case EBUSY:
		snprintf(file, sizeof(file), "%s/%s", dir, KMEMCG_FILE_USAGE);
		if (km_read_u64(file, &v))
			v = 0;
		km_err("cannot set %s of %s: usage is above the new limit (usage %s); free memory in the cgroup or choose a larger limit",
		       what, cgpath, km_size(hb, sizeof(hb), v, false));
		return KM_EXIT_FAIL;
	case EPERM:
	case EACCES:
		km_err("cannot set %s of %s: permission denied; run as root (sudo kmemcg ...)",
		       what, cgpath);
		return KM_EXIT_FAIL;
	case EINVAL:
		if (!strcmp(cgpath, "/")) {
			km_err("cannot set %s of the root cgroup: it has none; set it on a child cgroup",
			       what);
			return KM_EXIT_FAIL;
		}
		snprintf(file, sizeof(file), "%s/%s", dir, KMEMCG_FILE_INDEPENDENT);
		if (!strcmp(what, "the limit") && !km_read_u64(file, &v) && v == 0) {
			km_err("cannot set the limit of %s: it is bounded by memory.max (independent_kmem_limit is 0); first run: kmemcg set %s independent 1",
			       cgpath, cgpath);
			return KM_EXIT_FAIL;
		}
		km_err("cannot set %s of %s: the module rejected the value; see kmemcg set --help",
		       what, cgpath);
		return KM_EXIT_FAIL;
	case ENOENT:
		if (!strcmp(what, "the reserve")) {
			km_err("cannot set the reserve of %s: the loaded module has no %s (it predates reserves); update the kmemcg module",
			       cgpath, KMEMCG_FILE_RESERVE);
			return KM_EXIT_FAIL;
		}
		return km_report_errno("cannot write", path, err);
	default:
		return km_report_errno("cannot write", path, err);
	}
}

int cmd_set(int argc, char **argv)
{
	char cgpath[4096], dir[4352], path[4400], hb[32];
	const char *file, *what, *val;
	int ret;

	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return km_opt_unknown("set", 'h', argv[1]);
	if (argc != 4)
		return km_usage_err("set", "expected CGROUP limit SIZE, CGROUP reserve SIZE or CGROUP independent 0|1");
	val = argv[3];
	if (!strcmp(argv[2], "limit") || !strcmp(argv[2], "reserve")) {
		u64 bytes;
		bool unlimited;

		if (kmemcg_parse_size(val, strlen(val), &bytes, &unlimited))
			return km_usage_err("set", "invalid size '%s' (bytes with an optional K, M, G or T suffix, or -1/max)",
					    val);
		file = argv[2][0] == 'l' ? KMEMCG_FILE_LIMIT : KMEMCG_FILE_RESERVE;
		what = argv[2][0] == 'l' ? "the limit" : "the reserve";
	} else if (!strcmp(argv[2], "independent")) {
		if (strcmp(val, "0") && strcmp(val, "1"))
			return km_usage_err("set", "independent takes 0 or 1, not '%s'", val);
		file = KMEMCG_FILE_INDEPENDENT;
		what = "independent_kmem_limit";
	} else {
		return km_usage_err("set", "unknown setting '%s' (limit, reserve or independent)", argv[2]);
	}
	ret = km_target("set", argv[1], cgpath, sizeof(cgpath), dir, sizeof(dir));
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	ret = km_write_file(path, val);
	if (ret)
		return km_write_err(cgpath, what, path, -ret, dir);
	if (strcmp(file, KMEMCG_FILE_INDEPENDENT)) {
		u64 v;

		if (km_read_u64(path, &v))
			return KM_EXIT_FAIL;
		printf("%s: %s %s (%llu bytes)\n", cgpath, argv[2],
		       km_size(hb, sizeof(hb), v, false), (unsigned long long)v);
	} else {
		printf("%s: independent_kmem_limit %s\n", cgpath, val);
	}
	return KM_EXIT_OK;
}

int cmd_reset(int argc, char **argv)
{
	char cgpath[4096], dir[4352], path[4400];
	const char *file;
	int ret;

	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return km_opt_unknown("reset", 'h', argv[1]);
	if (argc != 3)
		return km_usage_err("reset", "expected CGROUP max_usage|failcnt");
	if (!strcmp(argv[2], "max_usage"))
		file = KMEMCG_FILE_MAX_USAGE;
	else if (!strcmp(argv[2], "failcnt"))
		file = KMEMCG_FILE_FAILCNT;
	else
		return km_usage_err("reset", "unknown counter '%s' (max_usage or failcnt)", argv[2]);
	ret = km_target("reset", argv[1], cgpath, sizeof(cgpath), dir, sizeof(dir));
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	ret = km_write_file(path, "0");
	if (ret)
		return km_write_err(cgpath, argv[2], path, -ret, dir);
	printf("%s: %s reset\n", cgpath, argv[2]);
	return KM_EXIT_OK;
}
