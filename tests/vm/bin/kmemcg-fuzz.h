/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmemcg-fuzz (tests/vm/bin/kmemcg-fuzz*.c): shared declarations.
 */
#ifndef KMEMCG_FUZZ_GUEST_H
#define KMEMCG_FUZZ_GUEST_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "kmemcg/policy.h"
#include "kmemcg/size.h"
#include "kmemcg/counter.h"

#define FZ_PATH		512
#define FZ_TEXT		(1 << 20)	/* the largest file compared */

extern char fz_root[FZ_PATH];		/* /sys/kernel/debug/kmemcg */
extern unsigned long fz_mismatches;

/* "# FAIL ..." on stdout (the first 30), counted in fz_mismatches. */
void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Read a whole file (NUL-terminated, at most FZ_TEXT - 1 bytes); length or -errno. */
long fz_read(const char *path, char *buf);

/* kmemcg-fuzz.c: the model of the files, and writes. */
enum kind { K_LIMIT, K_RESERVE, K_INDEP, K_MAXUSAGE, K_FAILCNT, K_POLICY, K_N };

struct grp {
	char dir[FZ_PATH];
	bool root;
	unsigned long long usage;	/* bytes, read at the start */
	unsigned long long limit, reserve;	/* pages */
	bool indep;
	unsigned long long limit0, reserve0;	/* at the start */
	bool indep0;
	bool watermark_reset, failcnt_reset;
};

struct target {
	enum kind kind;
	struct grp *g;		/* NULL: the policy */
	char path[FZ_PATH];
	unsigned long *hist;	/* [256]: 0 = success, else errno; shared */
};

#define MAXP		((unsigned long long)KMEMCG_COUNTER_MAX)
#define MAXT		64
extern struct grp grps[16];
extern struct target tg[MAXT];
extern int ngrp, nt;
extern struct kmemcg_policy pol;	/* the model's policy */
extern pthread_mutex_t lock;		/* the model's, and the histograms' */

const char *fz_kind_file(enum kind k);
unsigned long long read_num(const char *dir, const char *file);
/* The files of g (NULL: the policy) read back as the model says. */
void check(struct grp *g, const char *after);
/* A write's errno (0: success) by the model, applied to it if apply. */
int expect(struct target *t, const char *buf, size_t len, long pos, bool admin, bool apply);
/* One write of buf[0..len) to t in a random way, its result checked. */
void fuzz_one(struct target *t, unsigned int *seed, bool admin, bool apply,
	      const char *buf, size_t len);
void write_str(struct target *t, const char *s);
struct target *find(struct grp *g, enum kind k);

/* kmemcg-fuzz-conc.c */
void fz_concurrent(struct grp *g, unsigned int n, unsigned int seed);

/* kmemcg-fuzz-read.c: every file of the tree, and the stable ones' text. */
struct fz_snap {
	size_t n;
	char **path, **text;
};

/* Whether a file's text may not move on a quiet system (see the .c). */
bool fz_stable(const char *rel);
void fz_snapshot(struct fz_snap *s);
/* Compare two snapshots; a failure per difference.  Returns differences. */
unsigned long fz_snap_compare(const struct fz_snap *a, const struct fz_snap *b);
void fz_snap_free(struct fz_snap *s);
/* Set the text of a path of s (what a write legitimately changed). */
void fz_snap_set(struct fz_snap *s, const char *path, const char *text);
/* Odd reads of every file of the tree: 1-byte, pread, huge counts. */
unsigned long fz_read_all(unsigned int seed);
/* A process reading every file until stopped (kill); its pid. */
int fz_reader_start(void);

/* kmemcg-fuzz-gen.c: an input for a file of the kind (0-4 sizes etc., 5 policy). */
#define FZ_IN_MAX	(1 << 20)
size_t fz_gen(int kind, char *buf, unsigned int *seed);

#endif /* KMEMCG_FUZZ_GUEST_H */
