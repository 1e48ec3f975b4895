// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg-fuzz: fuzz every writable file of the module's debugfs tree
 * (issue 15; tests/vm/75-fuzz.t, tests/long/fuzz-files.t).
 *
 *   kmemcg-fuzz [-n WRITES] [-s SEED] ROOT CGROUP...
 *
 * ROOT is /sys/kernel/debug/kmemcg; each CGROUP a kmemcg directory under
 * ROOT/cgroup with no task ("" is the root group).  Writes per file at
 * least WRITES (default 1000) random and boundary inputs (empty, blanks,
 * overlong, binary, huge numbers, suffix junk, signs, hex; whole, one
 * byte at a time, at odd file positions, by pwrite(), without
 * CAP_SYS_ADMIN, from several threads and processes at once) to each
 * cgroup's limit_in_bytes, reserve_in_bytes, independent_kmem_limit,
 * max_usage_in_bytes and failcnt and to the top-level policy.  Each
 * write's result is checked against a model of the README's rules ("The
 * files", "Policies"; sizes and policy lines through lib/size.c and
 * lib/policy.c, the parsers the host tests and fuzzers check), and the
 * files read back after it must show exactly its effect.  Every file is
 * read with odd sizes and offsets (kmemcg-fuzz-read.c) before, during
 * and after.  At the end the values found are written back, and a
 * snapshot of every stable file must equal the one taken at the start.
 * Prints the errno histogram per file; exit 0 when all matched.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/capability.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kmemcg/policy.h"
#include "kmemcg/size.h"
#include "kmemcg/counter.h"
#include "kmemcg-fuzz.h"

char fz_root[FZ_PATH];
unsigned long fz_mismatches;

static const char *const kind_file[K_N] = {
	KMEMCG_FILE_LIMIT, KMEMCG_FILE_RESERVE, KMEMCG_FILE_INDEPENDENT,
	KMEMCG_FILE_MAX_USAGE, KMEMCG_FILE_FAILCNT, KMEMCG_FILE_POLICY,
};
struct grp grps[16];
struct target tg[MAXT];
int ngrp, nt;
struct kmemcg_policy pol;
char unl_text[32];	/* how "no limit" reads back */
static char pol0[8192];	/* the policy file at the start */
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

const char *fz_kind_file(enum kind k)
{
	return kind_file[k];
}

void fz_fail(const char *fmt, ...)
{
	va_list ap;

	if (__atomic_fetch_add(&fz_mismatches, 1, __ATOMIC_RELAXED) >= 30)
		return;
	va_start(ap, fmt);
	printf("# FAIL ");
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
}

long fz_read(const char *path, char *buf)
{
	int fd = open(path, O_RDONLY);
	long len = 0, n;

	if (fd < 0)
		return -errno;
	while (len < FZ_TEXT - 1 && (n = read(fd, buf + len, FZ_TEXT - 1 - len)) > 0)
		len += n;
	n = n < 0 ? -errno : len;
	close(fd);
	buf[len < 0 ? 0 : len] = '\0';
	return n;
}

unsigned long long read_num(const char *dir, const char *file)
{
	char path[FZ_PATH], buf[64];
	int fd;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		fz_fail("%s: cannot read", path);
		return 0;
	}
	buf[n] = '\0';
	return strtoull(buf, NULL, 10);
}

static char *text_of(unsigned long long pages, char *buf)
{
	if (pages >= MAXP)
		return strcpy(buf, unl_text);
	sprintf(buf, "%llu\n", pages << 12);
	return buf;
}

/* The files of g (or the policy) read back as the model says. */
void check(struct grp *g, const char *after)
{
	static char want[FZ_TEXT], got[FZ_TEXT];
	char path[FZ_PATH], t[32];

	if (!g) {
		kmemcg_policy_show(&pol, want, sizeof(want));
		snprintf(path, sizeof(path), "%s/%s", fz_root, KMEMCG_FILE_POLICY);
		if (fz_read(path, got) < 0 || strcmp(got, want))
			fz_fail("after %s: policy reads '%s', want '%s'", after, got, want);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", g->dir, KMEMCG_FILE_LIMIT);
	if (fz_read(path, got) < 0 || strcmp(got, text_of(g->limit, t)))
		fz_fail("after %s: %s reads '%s', want '%s'", after, path, got, t);
	snprintf(path, sizeof(path), "%s/%s", g->dir, KMEMCG_FILE_RESERVE);
	if (fz_read(path, got) < 0 || strcmp(got, text_of(g->reserve, t)))
		fz_fail("after %s: %s reads '%s', want '%s'", after, path, got, t);
	if (read_num(g->dir, KMEMCG_FILE_INDEPENDENT) != g->indep)
		fz_fail("after %s: %s independent_kmem_limit is not %d", after, g->dir, g->indep);
	if (g->root)
		return;
	if (g->watermark_reset && read_num(g->dir, KMEMCG_FILE_MAX_USAGE) != g->usage)
		fz_fail("after %s: %s max_usage is not the usage %llu", after, g->dir, g->usage);
	if (g->failcnt_reset && read_num(g->dir, KMEMCG_FILE_FAILCNT) != 0)
		fz_fail("after %s: %s failcnt is not 0", after, g->dir);
}

/*
 * What a write of buf[0..len) at file position pos must return (0 or
 * an errno), applied to the model when it succeeds (apply).  The
 * README: EPERM without CAP_SYS_ADMIN; EINVAL for junk, a write of 64
 * bytes or more (8 for independent_kmem_limit, a line's length for the
 * policy), the root group's limit-like files, a limit under
 * independent_kmem_limit 0; EBUSY for a limit below the usage or a
 * policy change that cannot be made at run time.
 */
int expect(struct target *t, const char *buf, size_t len, long pos, bool admin,
		  bool apply)
{
	struct grp *g = t->g;
	unsigned long long bytes, pages;
	bool unl;

	if (!admin)
		return EPERM;
	if (t->kind == K_POLICY) {
		struct kmemcg_policy p = pol;
		const char *key;
		char line[KMEMCG_POLICY_LINE_MAX + 1];
		int ret;

		if (pos || !len || len >= KMEMCG_POLICY_LINE_MAX || memchr(buf, 0, len))
			return EINVAL;
		memcpy(line, buf, len);
		line[len] = '\0';
		ret = kmemcg_policy_write(&p, line, &key);
		if (!ret && apply)
			pol = p;
		return -ret;
	}
	if (len >= (t->kind == K_INDEP ? 8 : 64))
		return EINVAL;
	switch (t->kind) {
	case K_MAXUSAGE:
		if (apply)
			g->watermark_reset = true;
		return 0;
	case K_FAILCNT:
		if (apply)
			g->failcnt_reset = true;
		return 0;
	case K_INDEP:
		if (g->root || !(len == 1 || (len == 2 && buf[1] == '\n')) ||
		    (buf[0] != '0' && buf[0] != '1'))
			return EINVAL;
		if (apply && g->indep != (buf[0] == '1')) {
			g->indep = buf[0] == '1';
			g->limit = MAXP;
		}
		return 0;
	default:
		break;
	}
	if (g->root || kmemcg_parse_size(buf, len, (u64 *)&bytes, &unl))
		return EINVAL;
	pages = unl ? MAXP : (bytes >> 12 < MAXP ? bytes >> 12 : MAXP);
	if (t->kind == K_RESERVE) {
		if (apply)
			g->reserve = pages;
		return 0;
	}
	if (!g->indep)
		return EINVAL;
	if (pages < g->limit && g->usage > pages << 12)
		return EBUSY;
	if (apply)
		g->limit = pages;
	return 0;
}

/* Count a write's result, and compare it with the model's. */
static void record(struct target *t, long ret, size_t len, int want, const char *how)
{
	int got = ret < 0 ? errno : 0;

	__atomic_fetch_add(&t->hist[got & 255], 1, __ATOMIC_RELAXED);
	if (got != want)
		fz_fail("%s: %s write of %zu bytes: %s, want %s", t->path, how, len,
			got ? strerror(got) : "success", want ? strerror(want) : "success");
	else if (ret >= 0 && (size_t)ret != len)
		fz_fail("%s: %s write of %zu bytes returned %ld", t->path, how, len, ret);
}

static void drop_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) || syscall(SYS_capget, &hdr, data))
		exit(2);
	data[0].effective &= ~(1U << CAP_SYS_ADMIN);
	data[0].permitted &= ~(1U << CAP_SYS_ADMIN);
	data[0].inheritable &= ~(1U << CAP_SYS_ADMIN);
	if (syscall(SYS_capset, &hdr, data))
		exit(2);
}

/*
 * One input written to t in one of these ways: whole at position 0
 * (most), by pwrite() (ESPIPE: seq_file files have no positioned write),
 * one byte per write, or after moving the position (a read or a seek).
 * With apply false (several writers at once) the model is not changed.
 */
void fuzz_one(struct target *t, unsigned int *seed, bool admin, bool apply,
		     const char *buf, size_t len)
{
	int mode = rand_r(seed) % 10, fd;
	long ret, pos = 0;
	size_t i;

	fd = open(t->path, mode == 9 ? O_RDWR : O_WRONLY);
	if (fd < 0) {
		fz_fail("%s: open: %s", t->path, strerror(errno));
		return;
	}
	if (mode == 7) {
		ret = pwrite(fd, buf, len, rand_r(seed) % 100);
		record(t, ret, len, ESPIPE, "pwrite");
	} else if (mode == 8 && len && len < 200) {
		for (i = 0; i < len; i++) {
			ret = write(fd, buf + i, 1);
			pthread_mutex_lock(&lock);
			record(t, ret, 1, expect(t, buf + i, 1, 0, admin, apply), "1-byte");
			pthread_mutex_unlock(&lock);
		}
	} else {
		if (mode == 9) {
			char c[4];

			if (rand_r(seed) % 2)
				pos = read(fd, c, 1 + rand_r(seed) % 3);
			else
				pos = lseek(fd, rand_r(seed) % 5, SEEK_SET);
			pos = lseek(fd, 0, SEEK_CUR);
		}
		ret = write(fd, buf, len);
		pthread_mutex_lock(&lock);
		record(t, ret, len, expect(t, buf, len, pos, admin, apply),
		       pos ? "moved" : "whole");
		pthread_mutex_unlock(&lock);
	}
	close(fd);
}

void write_str(struct target *t, const char *s)
{
	int fd = open(t->path, O_WRONLY);

	if (fd < 0 || write(fd, s, strlen(s)) != (long)strlen(s))
		fz_fail("%s: restoring '%s': %s", t->path, s, strerror(errno));
	if (fd >= 0)
		close(fd);
	expect(t, s, strlen(s), 0, true, true);
}

struct target *find(struct grp *g, enum kind k)
{
	int i;

	for (i = 0; i < nt; i++)
		if (tg[i].g == g && tg[i].kind == k)
			return &tg[i];
	return NULL;
}

static void add_target(struct grp *g, enum kind k)
{
	struct target *t = &tg[nt++];

	t->kind = k;
	t->g = g;
	snprintf(t->path, sizeof(t->path), "%s/%s", g ? g->dir : fz_root, kind_file[k]);
}

/* A group's files; the root's figures move with the system's allocations. */
static void add_targets(struct grp *g)
{
	int k;

	for (k = K_LIMIT; k <= (g->root ? K_INDEP : K_FAILCNT); k++)
		add_target(g, k);
}

/* The values found at the start written back, and checked. */
static void restore(struct fz_snap *before)
{
	static char text[FZ_TEXT];
	char v[64], path[FZ_PATH], *l, *save;
	int i;

	for (i = 0; i < ngrp; i++) {
		struct grp *g = &grps[i];

		if (g->root)
			continue;
		if (g->indep != g->indep0)
			write_str(find(g, K_INDEP), g->indep0 ? "1\n" : "0\n");
		if (g->indep0 && g->limit != g->limit0)
			write_str(find(g, K_LIMIT), text_of(g->limit0, v));
		if (g->reserve != g->reserve0)
			write_str(find(g, K_RESERVE), text_of(g->reserve0, v));
		check(g, "restoring");
		/* what a write legitimately changed */
		snprintf(path, sizeof(path), "%s/%s", g->dir, KMEMCG_FILE_MAX_USAGE);
		snprintf(v, sizeof(v), "%llu\n", g->usage);
		if (g->watermark_reset)
			fz_snap_set(before, path, v);
		snprintf(path, sizeof(path), "%s/%s", g->dir, KMEMCG_FILE_FAILCNT);
		if (g->failcnt_reset)
			fz_snap_set(before, path, "0\n");
	}
	strcpy(text, pol0);
	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (strncmp(l, "granularity ", 12) && strncmp(l, "hierarchy ", 10) &&
		    (pol.granularity == KMEMCG_GRANULARITY_SHADOW ||
		     strncmp(l, "shadow_enforce ", 15))) {
			snprintf(v, sizeof(v), "%.60s\n", l);
			if (strlen(l) < 60)
				write_str(find(NULL, K_POLICY), v);
		}
	check(NULL, "restoring");
}

/* The model from the files: each group's values, the policy's lines. */
static void model_init(void)
{
	static char text[FZ_TEXT];
	char path[FZ_PATH], *l, *save;
	const char *key;
	int i;

	snprintf(path, sizeof(path), "%s/cgroup/%s", fz_root, KMEMCG_FILE_LIMIT);
	if (fz_read(path, unl_text) < 0)
		exit(2);
	for (i = 0; i < ngrp; i++) {
		struct grp *g = &grps[i];

		g->usage = g->root ? 0 : read_num(g->dir, KMEMCG_FILE_USAGE);
		g->limit = read_num(g->dir, KMEMCG_FILE_LIMIT) >> 12;
		g->reserve = read_num(g->dir, KMEMCG_FILE_RESERVE) >> 12;
		g->indep = read_num(g->dir, KMEMCG_FILE_INDEPENDENT);
		g->limit0 = g->limit;
		g->reserve0 = g->reserve;
		g->indep0 = g->indep;
	}
	pol = kmemcg_default_policy;
	snprintf(path, sizeof(path), "%s/%s", fz_root, KMEMCG_FILE_POLICY);
	fz_read(path, text);
	snprintf(pol0, sizeof(pol0), "%s", text);
	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "granularity ", 12))
			kmemcg_granularity_parse(l + 12, &pol.granularity);
		else if (!strncmp(l, "hierarchy ", 10))
			kmemcg_hierarchy_parse(l + 10, &pol.hierarchy);
		else if (kmemcg_policy_write(&pol, l, &key))
			fz_fail("policy line '%s' refused by the model", l);
	}
}

static void histogram(void)
{
	static const int errs[] = { 0, EINVAL, EBUSY, EPERM, ESPIPE };
	static const char *const names[] = { "ok", "EINVAL", "EBUSY", "EPERM", "ESPIPE" };
	int i, e, k;

	for (i = 0; i < nt; i++) {
		unsigned long total = 0, known = 0;

		for (e = 0; e < 256; e++)
			total += tg[i].hist[e];
		printf("# %s: %lu writes:", tg[i].path + strlen(fz_root) + 1, total);
		for (k = 0; k < 5; k++) {
			printf(" %s %lu", names[k], tg[i].hist[errs[k]]);
			known += tg[i].hist[errs[k]];
		}
		printf(" other %lu\n", total - known);
	}
}

int main(int argc, char **argv)
{
	unsigned int n = 1000, seed = 1, round, i;
	struct fz_snap before, after;
	int c, reader, st;
	static char buf[FZ_IN_MAX];

	while ((c = getopt(argc, argv, "n:s:")) != -1)
		if (c == 'n')
			n = strtoul(optarg, NULL, 10);
		else if (c == 's')
			seed = strtoul(optarg, NULL, 10);
		else
			return 2;
	if (optind + 1 >= argc || argc - optind > 15) {
		fprintf(stderr, "usage: kmemcg-fuzz [-n WRITES] [-s SEED] ROOT CGROUP...\n");
		return 2;
	}
	snprintf(fz_root, sizeof(fz_root), "%s", argv[optind]);
	for (i = optind + 1; i < (unsigned int)argc; i++) {
		struct grp *g = &grps[ngrp++];

		g->root = !argv[i][0];
		snprintf(g->dir, sizeof(g->dir), "%s/cgroup%s%s", fz_root, g->root ? "" : "/",
			 argv[i]);
	}
	for (i = 0; i < (unsigned int)ngrp; i++)
		add_targets(&grps[i]);
	add_target(NULL, K_POLICY);
	for (i = 0; i < (unsigned int)nt; i++) {
		tg[i].hist = mmap(NULL, 256 * sizeof(long), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (tg[i].hist == MAP_FAILED)
			return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	model_init();
	for (i = 0; i < (unsigned int)ngrp; i++)
		check(&grps[i], "nothing");
	check(NULL, "nothing");
	fz_snapshot(&before);
	printf("# %zu stable files; odd reads of every file\n", before.n);
	fz_read_all(seed);
	reader = fz_reader_start();

	printf("# %u rounds of one write per file, %d files\n", n, nt);
	for (round = 0; round < n; round++)
		for (i = 0; i < (unsigned int)nt; i++) {
			size_t len = fz_gen(tg[i].kind, buf, &seed);

			fuzz_one(&tg[i], &seed, true, true, buf, len);
			check(tg[i].g, tg[i].path);
		}
	printf("# without CAP_SYS_ADMIN: %u writes per file\n", n / 20 + 1);
	if (!fork()) {
		drop_sys_admin();
		for (round = 0; round <= n / 20; round++)
			for (i = 0; i < (unsigned int)nt; i++)
				fuzz_one(&tg[i], &seed, false, false, buf,
					 fz_gen(tg[i].kind, buf, &seed));
		exit(fz_mismatches ? 1 : 0);
	}
	if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		fz_fail("the writer without CAP_SYS_ADMIN found mismatches");
	for (i = 0; i < (unsigned int)ngrp; i++)
		if (!grps[i].root && grps[i].usage == 0 && grps[i].indep) {
			printf("# several writers at once on %s and the policy\n", grps[i].dir);
			fz_concurrent(&grps[i], n / 10 + 1, seed);
			break;
		}
	kill(reader, SIGKILL);
	if (waitpid(reader, &st, 0) != reader || !WIFSIGNALED(st))
		fz_fail("a read during the writes failed");
	fz_read_all(seed + 1);
	restore(&before);
	fz_snapshot(&after);
	fz_snap_compare(&before, &after);
	histogram();
	printf("# mismatches: %lu\n", fz_mismatches);
	return fz_mismatches ? 1 : 0;
}
