// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg-fuzz, reads: every file of the module's debugfs tree read with
 * odd sizes and at odd offsets, and snapshots of the files whose text
 * cannot move on a quiet system (cgroups with no task; see fz_stable()).
 *
 * What a read must give: read in one go, 1 byte at a time, or by pread()
 * at any offset with any count (a count larger than the file, a count of
 * 1 GiB into a mapping of FZ_TEXT), the same bytes; 0 at and past the
 * end; a negative offset EINVAL (the VFS).  Compared byte for byte on
 * stable files; on the others (moving figures) every read must succeed.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "kmemcg/files.h"
#include "kmemcg-fuzz.h"

/*
 * Stable on a quiet system: the policy, version and calls files, every
 * file of a cgroup other than the root but its slabinfo (the tests'
 * cgroups have no task; their charges are held by the helper module),
 * and the root's limit-like files.  The global stat, slabinfo, caches
 * and the root's usage, stat and slabinfo move with the system's own
 * allocations, and so does a cgroup's slabinfo: under page granularity
 * its active objects are every object in its slab pages, others' too.
 */
bool fz_stable(const char *rel)
{
	if (!strcmp(rel, "policy") || !strcmp(rel, "version") || !strcmp(rel, "calls"))
		return true;
	if (!strncmp(rel, "cgroup/", 7) && strchr(rel + 7, '/'))
		return !strstr(rel, "/" KMEMCG_FILE_SLABINFO);
	return !strcmp(rel, "cgroup/memory.kmem.limit_in_bytes") ||
	       !strcmp(rel, "cgroup/memory.kmem.reserve_in_bytes") ||
	       !strcmp(rel, "cgroup/memory.kmem.independent_kmem_limit");
}

static struct fz_snap *walk_snap;
static bool walk_all;

static int walk_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *rel = path + strlen(fz_root) + 1;
	struct fz_snap *s = walk_snap;

	(void)st;
	(void)ftw;
	if (type != FTW_F || (!walk_all && !fz_stable(rel)))
		return 0;
	s->path = realloc(s->path, (s->n + 1) * sizeof(*s->path));
	s->text = realloc(s->text, (s->n + 1) * sizeof(*s->text));
	if (!s->path || !s->text)
		abort();
	s->path[s->n] = strdup(path);
	s->text[s->n] = NULL;
	s->n++;
	return 0;
}

static void walk(struct fz_snap *s, bool all)
{
	memset(s, 0, sizeof(*s));
	walk_snap = s;
	walk_all = all;
	if (nftw(fz_root, walk_one, 16, FTW_PHYS))
		fz_fail("cannot walk %s: %s", fz_root, strerror(errno));
}

void fz_snapshot(struct fz_snap *s)
{
	static char buf[FZ_TEXT];
	size_t i;

	walk(s, false);
	for (i = 0; i < s->n; i++) {
		long n = fz_read(s->path[i], buf);

		if (n < 0)
			fz_fail("%s: read: %s", s->path[i], strerror((int)-n));
		s->text[i] = strdup(n < 0 ? "" : buf);
	}
}

unsigned long fz_snap_compare(const struct fz_snap *a, const struct fz_snap *b)
{
	unsigned long diff = 0;
	size_t i, j;

	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n && strcmp(a->path[i], b->path[j]); j++)
			;
		if (j == b->n) {
			fz_fail("%s is gone", a->path[i]);
			diff++;
		} else if (strcmp(a->text[i], b->text[j])) {
			size_t k = 0, l = 0;

			/* from the start of the first line that differs */
			while (a->text[i][k] && a->text[i][k] == b->text[j][k])
				if (a->text[i][k++] == '\n')
					l = k;
			fz_fail("%s changed: '%.100s' -> '%.100s'", a->path[i], a->text[i] + l,
				b->text[j] + l);
			diff++;
		}
	}
	if (a->n != b->n) {
		fz_fail("%zu files before, %zu after", a->n, b->n);
		diff++;
	}
	return diff;
}

void fz_snap_set(struct fz_snap *s, const char *path, const char *text)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->path[i], path)) {
			free(s->text[i]);
			s->text[i] = strdup(text);
		}
}

void fz_snap_free(struct fz_snap *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->path[i]);
		free(s->text[i]);
	}
	free(s->path);
	free(s->text);
}

/* The odd reads of one file; a failure per wrong result. */
static void odd_reads(const char *path, bool stable, unsigned int *seed)
{
	static char ref[FZ_TEXT], got[FZ_TEXT];
	static char *huge;
	long len = fz_read(path, ref), n, k;
	int fd;

	if (!huge) {
		huge = mmap(NULL, FZ_TEXT, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);
		if (huge == MAP_FAILED)
			abort();
	}
	if (len < 0) {
		fz_fail("%s: read: %s", path, strerror((int)-len));
		return;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fz_fail("%s: open: %s", path, strerror(errno));
		return;
	}
	/* 1 byte at a time, to the end */
	for (k = 0; k < FZ_TEXT - 1 && (n = read(fd, got + k, 1)) == 1; k++)
		;
	if (n < 0 || (stable && (k != len || memcmp(got, ref, (size_t)len))))
		fz_fail("%s: 1-byte reads gave %ld bytes (%ld in one read)", path, k, len);
	if (read(fd, got, 1) != 0)
		fz_fail("%s: a read at the end did not give 0", path);
	/* pread: random offsets and counts, past the end too */
	for (k = 0; k < 8; k++) {
		long off = len ? rand_r(seed) % (len + 2) : 0, cnt = 1 + rand_r(seed) % 64;
		long want = off >= len ? 0 : (cnt < len - off ? cnt : len - off);

		n = pread(fd, got, (size_t)cnt, off);
		if (n < 0 || (stable && (n != want || memcmp(got, ref + off, (size_t)n))))
			fz_fail("%s: pread(%ld, at %ld) gave %ld, want %ld", path, cnt, off, n,
				want);
	}
	if (pread(fd, got, 1, -1) != -1 || errno != EINVAL)
		fz_fail("%s: pread at offset -1 was not EINVAL", path);
	/* a huge count: 1 GiB into a mapping of FZ_TEXT (the file is smaller) */
	n = pread(fd, huge, 1UL << 30, 0);
	if (n < 0 || (stable && (n != len || memcmp(huge, ref, (size_t)len))))
		fz_fail("%s: a read of 1 GiB gave %ld, want %ld", path, n, len);
	close(fd);
}

unsigned long fz_read_all(unsigned int seed)
{
	unsigned long before = fz_mismatches;
	struct fz_snap s;
	size_t i;

	walk(&s, true);
	for (i = 0; i < s.n; i++)
		odd_reads(s.path[i], fz_stable(s.path[i] + strlen(fz_root) + 1), &seed);
	fz_snap_free(&s);
	return fz_mismatches - before;
}

int fz_reader_start(void)
{
	int pid = fork();

	if (pid)
		return pid;
	/* moving figures: only errors count; the parent sees our exit status */
	for (;;) {
		static char buf[FZ_TEXT];
		struct fz_snap s;
		size_t i;

		walk(&s, true);
		for (i = 0; i < s.n; i++) {
			long n = fz_read(s.path[i], buf);

			if (n < 0 && n != -ENOENT)
				_exit(1);
		}
		fz_snap_free(&s);
	}
}
