// SPDX-License-Identifier: GPL-2.0
/*
 * The module's debugfs tree: where it is, whether it can be read (with
 * advice when not), and reading and writing its files.  Only names from
 * include/kmemcg/files.h are used.  Parsers take buffers so the unit tests
 * can feed them malformed and truncated text directly.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kmemcg.h"

#define KM_MAX_FILE	(64U << 20)	/* no module file is anywhere near */

const char *km_root = KMEMCG_DEBUGFS_MOUNT "/" KMEMCG_DIR;

void km_set_root(const char *opt)
{
	const char *env = getenv("KMEMCG_ROOT");
	static char buf[4096];
	size_t n;

	if (!opt && env && *env)
		opt = env;
	if (!opt)
		return;
	n = strlen(opt);
	while (n > 1 && opt[n - 1] == '/')
		n--;
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, opt, n);
	buf[n] = '\0';
	km_root = buf;
}

/* An unmounted mount point is an empty directory; debugfs never is. */
static bool km_dir_empty_or_missing(const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	bool empty = true;

	if (!dp)
		return errno == ENOENT;
	while ((d = readdir(dp)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")) {
			empty = false;
			break;
		}
	closedir(dp);
	return empty;
}

int km_check_root(void)
{
	char parent[4096], *slash;
	DIR *dp = opendir(km_root);

	if (dp) {
		closedir(dp);
		return 0;
	}
	switch (errno) {
	case EACCES:
	case EPERM:
		km_err("permission denied reading %s; run as root (sudo kmemcg ...)", km_root);
		return -1;
	case ENOENT:
		break;
	default:
		km_err("cannot open %s: %s", km_root, strerror(errno));
		return -1;
	}
	snprintf(parent, sizeof(parent), "%s", km_root);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = '\0';
	dp = opendir(parent);
	if (!dp && (errno == EACCES || errno == EPERM)) {
		km_err("permission denied reading %s; run as root (sudo kmemcg ...)", parent);
		return -1;
	}
	if (dp)
		closedir(dp);
	if (km_dir_empty_or_missing(parent))
		km_err("debugfs is not mounted at %s; mount it with: mount -t debugfs none %s",
		       parent, parent);
	else
		km_err("the kmemcg module is not loaded (no %s); load it with: modprobe kmemcg",
		       km_root);
	return -1;
}

int km_read_file(const char *path, char **bufp, size_t *lenp)
{
	size_t len = 0, cap = 4096;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	buf = km_alloc(cap);
	for (;;) {
		ssize_t r;

		if (len + 1 >= cap) {
			if (cap >= KM_MAX_FILE) {
				free(buf);
				close(fd);
				return -EFBIG;
			}
			cap *= 2;
			buf = km_realloc(buf, cap);
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = -errno;

			free(buf);
			close(fd);
			return err;
		}
		if (!r)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

int km_parse_value(const char *buf, size_t len, u64 *v, const char **why)
{
	char tmp[32];

	if (!len) {
		*why = "empty file";
		return -EINVAL;
	}
	if (buf[len - 1] != '\n') {
		*why = "truncated (no newline)";
		return -EINVAL;
	}
	if (len - 1 >= sizeof(tmp) || memchr(buf, '\0', len)) {
		*why = "not a number";
		return -EINVAL;
	}
	memcpy(tmp, buf, len - 1);
	tmp[len - 1] = '\0';
	if (km_parse_u64(tmp, v)) {
		*why = "not a number";
		return -EINVAL;
	}
	return 0;
}

int km_report_errno(const char *what, const char *path, int err)
{
	switch (err) {
	case EACCES:
		km_err("%s: permission denied (%s); run as root (sudo kmemcg ...)", what, path);
		break;
	case EPERM:
		km_err("%s: not permitted (%s); run as root, with CAP_SYS_ADMIN", what, path);
		break;
	case ENOENT:
		km_err("%s: %s does not exist; check that the kmemcg module is loaded: kmemcg status",
		       what, path);
		break;
	default:
		km_err("%s: %s: %s", what, path, strerror(err));
	}
	return KM_EXIT_FAIL;
}

void km_malformed(const char *path, unsigned int line, const char *why)
{
	if (line)
		km_err("%s: line %u: %s; the module and the CLI (%s) may not match: check kmemcg status",
		       path, line, why, KMEMCG_VERSION);
	else
		km_err("%s: %s; the module and the CLI (%s) may not match: check kmemcg status",
		       path, why, KMEMCG_VERSION);
}

/*
 * Read a one-number file.  0, or KM_GONE (quietly) when it does not exist
 * (its cgroup went away while we read), or -1 after an error message.
 */
int km_read_u64_or_gone(const char *path, u64 *v)
{
	const char *why;
	size_t len;
	char *buf;
	int ret = km_read_file(path, &buf, &len);

	if (ret == -ENOENT)
		return KM_GONE;
	if (ret) {
		km_report_errno("cannot read", path, -ret);
		return -1;
	}
	ret = km_parse_value(buf, len, v, &why);
	free(buf);
	if (ret) {
		km_malformed(path, 0, why);
		return -1;
	}
	return 0;
}

/* Read a one-number file: 0, or -1 after an error message. */
int km_read_u64(const char *path, u64 *v)
{
	int ret = km_read_u64_or_gone(path, v);

	if (ret == KM_GONE) {
		km_report_errno("cannot read", path, ENOENT);
		return -1;
	}
	return ret;
}

int km_write_file(const char *path, const char *val)
{
	size_t n = strlen(val);
	ssize_t w;
	/* O_TRUNC: debugfs ignores it; a fixture's regular file needs it. */
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	w = write(fd, val, n);
	if (w < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	if (close(fd))
		return -errno;
	return (size_t)w == n ? 0 : -EIO;
}

void km_cgroup_dir(char *out, size_t size, const char *cgpath)
{
	snprintf(out, size, "%s/%s%s", km_root, KMEMCG_DIR_CGROUP,
		 strcmp(cgpath, "/") ? cgpath : "");
}

int km_parse_kv(const char *buf, size_t len, struct km_kvs *out,
		unsigned int *line, const char **why)
{
	struct km_kvs kvs = { 0 };
	size_t pos = 0;
	unsigned int ln = 0;

	if (memchr(buf, '\0', len)) {
		*line = 0;
		*why = "binary data";
		return -EINVAL;
	}
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		char tmp[256], *tok[3];
		size_t n;
		long long val;

		ln++;
		*line = ln;
		if (!nl) {
			*why = "truncated line (no newline)";
			goto bad;
		}
		n = (size_t)(nl - (buf + pos));
		if (n >= sizeof(tmp)) {
			*why = "line too long";
			goto bad;
		}
		memcpy(tmp, buf + pos, n);
		tmp[n] = '\0';
		pos += n + 1;
		if (km_split(tmp, tok, 2) != 2) {
			*why = "expected \"key value\"";
			goto bad;
		}
		if (km_parse_s64(tok[1], &val)) {
			*why = "value is not a number";
			goto bad;
		}
		kvs.kv = km_realloc(kvs.kv, (kvs.n + 1) * sizeof(*kvs.kv));
		kvs.kv[kvs.n].key = km_strdup(tok[0]);
		kvs.kv[kvs.n].val = val;
		kvs.n++;
	}
	*out = kvs;
	return 0;
bad:
	km_kv_free(&kvs);
	return -EINVAL;
}

/* As km_read_kv(), but KM_GONE (quietly) when the file does not exist. */
int km_read_kv_or_gone(const char *path, struct km_kvs *out)
{
	const char *why = "";
	unsigned int line = 0;
	size_t len;
	char *buf;
	int ret = km_read_file(path, &buf, &len);

	if (ret == -ENOENT)
		return KM_GONE;
	if (ret) {
		km_report_errno("cannot read", path, -ret);
		return -1;
	}
	ret = km_parse_kv(buf, len, out, &line, &why);
	free(buf);
	if (ret) {
		km_malformed(path, line, why);
		return -1;
	}
	return 0;
}

int km_read_kv(const char *path, struct km_kvs *out)
{
	int ret = km_read_kv_or_gone(path, out);

	if (ret == KM_GONE) {
		km_report_errno("cannot read", path, ENOENT);
		return -1;
	}
	return ret;
}

bool km_kv_get(const struct km_kvs *kvs, const char *key, long long *val)
{
	size_t i;

	for (i = 0; i < kvs->n; i++)
		if (!strcmp(kvs->kv[i].key, key)) {
			*val = kvs->kv[i].val;
			return true;
		}
	return false;
}

void km_kv_free(struct km_kvs *kvs)
{
	size_t i;

	for (i = 0; i < kvs->n; i++)
		free(kvs->kv[i].key);
	free(kvs->kv);
	kvs->kv = NULL;
	kvs->n = 0;
}
