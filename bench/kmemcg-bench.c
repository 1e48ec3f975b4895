// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg-bench: one benchmark workload, timed in the guest (make bench,
 * scripts/bench-guest.sh).  Static, no library beyond libc.
 *
 *   kmemcg-bench WORKLOAD ITERATIONS
 *
 * prints one line per figure: "NAME NS_PER_OP REF_NS_PER_OP", where
 * REF_NS_PER_OP is the reference operation, fstat() of an open file (a
 * system call that allocates nothing, so no accounting, kmemcg's or the
 * kernel's, runs for it; stat() of a path would not do: getname() takes
 * a names_cache object, which kmemcg charges under object granularity),
 * timed in chunks interleaved with the workload's, so that
 * a ratio of the two cancels the speed of the moment (TCG, a busy host).
 * Each workload does ITERATIONS operations, in CHUNKS chunks; REF_NS_PER_OP
 * is the mean over all of them, and NS_PER_OP that times the median over
 * chunks of the chunk's workload/reference ratio, so that a chunk the
 * host preempted does not move the figure.
 *
 * Workloads (each an allocation pattern of the kernel's, named in the
 * README's Performance section):
 *   negdent  stat() of a unique missing name in /sys (kernfs keeps the
 *            negative dentry: one dentry allocated per call)
 *   open     open()+close() of a tmpfs file (a struct file)
 *   socket   socket(AF_UNIX, SOCK_STREAM)+close() (a socket, an inode)
 *   creat    creat()+unlink() in tmpfs (an inode, a dentry)
 *   pipe     pipe()+close() twice (a pipe, its buffers, two files)
 *   fork     fork()+_exit()+waitpid() (a task, its mm, ...)
 *   fault    mmap() of 64 anonymous pages, one write to each, munmap():
 *            two figures, "fault" (per page) and "munmap" (per page)
 *   select   select() on 16,384 descriptors, none ready: its fd bitmaps
 *            take a 12 KiB kmalloc, above the largest kmalloc cache
 * The directory /bench (a tmpfs, made by the caller) holds the files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHUNKS		16
#define REF_FILE	"/bench/ref"
#define FAULT_PAGES	64
#define SELECT_FDS	16384

static unsigned long seq;	/* unique names across calls of one run */
static int ref_fd;		/* REF_FILE, open: the reference's file */

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "kmemcg-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void op_ref(void)
{
	struct stat st;

	if (fstat(ref_fd, &st))
		die("fstat " REF_FILE);
}

static void op_negdent(void)
{
	char name[64];
	struct stat st;

	snprintf(name, sizeof(name), "/sys/kmemcg-bench-%d-%lu", (int)getpid(), seq++);
	if (!stat(name, &st) || errno != ENOENT)
		die("stat of a missing name");
}

static void op_open(void)
{
	int fd = open(REF_FILE, O_RDONLY);

	if (fd < 0)
		die("open");
	close(fd);
}

static void op_socket(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket");
	close(fd);
}

static void op_creat(void)
{
	char name[64];
	int fd;

	snprintf(name, sizeof(name), "/bench/c%lu", seq++);
	fd = creat(name, 0600);
	if (fd < 0)
		die("creat");
	close(fd);
	if (unlink(name))
		die("unlink");
}

static void op_pipe(void)
{
	int p[2];

	if (pipe(p))
		die("pipe");
	close(p[0]);
	close(p[1]);
}

static void op_fork(void)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (!pid)
		_exit(0);
	if (waitpid(pid, NULL, 0) != pid)
		die("waitpid");
}

static unsigned long *select_set;	/* SELECT_FDS bits: beyond fd_set's 1024 */

static void op_select(void)
{
	struct timeval tv = { 0, 0 };

	/* Only descriptor SELECT_FDS - 1 is asked about; it is never ready. */
	memset(select_set, 0, SELECT_FDS / 8);
	select_set[(SELECT_FDS - 1) / (8 * sizeof(long))] |=
		1UL << ((SELECT_FDS - 1) % (8 * sizeof(long)));
	if (select(SELECT_FDS, (fd_set *)select_set, NULL, NULL, &tv) < 0)
		die("select");
}

static void select_setup(void)
{
	struct rlimit rl = { SELECT_FDS, SELECT_FDS };
	int p[2];

	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit");
	/* The read end of a pipe nobody writes to is never ready. */
	if (pipe(p) || dup2(p[0], SELECT_FDS - 1) < 0)
		die("pipe/dup2");
	select_set = calloc(1, SELECT_FDS / 8);
	if (!select_set)
		die("calloc");
}

typedef void (*op_fn)(void);

/* Time @n calls of @op, in ns per call. */
static unsigned long long timed(op_fn op, unsigned long n)
{
	unsigned long long t = now_ns();
	unsigned long i;

	for (i = 0; i < n; i++)
		op();
	return now_ns() - t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Print NAME, the median chunk ratio times the mean reference, the mean. */
static void report(const char *name, double *ratio, double ref_ns)
{
	qsort(ratio, CHUNKS, sizeof(*ratio), cmp_double);
	printf("%s %.1f %.1f\n", name,
	       (ratio[CHUNKS / 2 - 1] + ratio[CHUNKS / 2]) / 2 * ref_ns, ref_ns);
}

static void run(const char *name, op_fn op, unsigned long iters)
{
	unsigned long per = iters / CHUNKS ? iters / CHUNKS : 1;
	unsigned long long t, r, rsum = 0;
	double ratio[CHUNKS];
	int c;

	for (c = 0; c < CHUNKS; c++) {
		t = timed(op, per);
		r = timed(op_ref, per);
		ratio[c] = (double)t / (r ? r : 1);
		rsum += r;
	}
	report(name, ratio, (double)rsum / (per * CHUNKS));
}

/* fault and munmap: per page, from the same mappings. */
static void run_fault(unsigned long iters)
{
	unsigned long per = iters / CHUNKS ? iters / CHUNKS : 1;
	unsigned long long tf, tm, r, t, rsum = 0;
	double rf[CHUNKS], rm[CHUNKS], ref;
	long pg = sysconf(_SC_PAGESIZE);
	unsigned long i;
	int c, p;

	for (c = 0; c < CHUNKS; c++) {
		tf = 0;
		tm = 0;
		for (i = 0; i < per; i++) {
			char *m = mmap(NULL, FAULT_PAGES * pg, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (m == MAP_FAILED)
				die("mmap");
			t = now_ns();
			for (p = 0; p < FAULT_PAGES; p++)
				m[p * pg] = 1;
			tf += now_ns() - t;
			t = now_ns();
			if (munmap(m, FAULT_PAGES * pg))
				die("munmap");
			tm += now_ns() - t;
		}
		r = timed(op_ref, per * 4);
		r = r ? r : 1;
		/* Per page against per reference operation. */
		rf[c] = (double)tf / FAULT_PAGES / ((double)r / 4);
		rm[c] = (double)tm / FAULT_PAGES / ((double)r / 4);
		rsum += r;
	}
	ref = (double)rsum / (per * CHUNKS * 4);
	report("fault", rf, ref);
	report("munmap", rm, ref);
}

static const struct {
	const char *name;
	op_fn op;
} ops[] = {
	{ "negdent", op_negdent }, { "open", op_open }, { "socket", op_socket },
	{ "creat", op_creat }, { "pipe", op_pipe }, { "fork", op_fork },
	{ "select", op_select },
};

int main(int argc, char **argv)
{
	unsigned long iters;
	char *end;
	size_t i;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: kmemcg-bench WORKLOAD ITERATIONS\n");
		return 2;
	}
	errno = 0;
	iters = strtoul(argv[2], &end, 10);
	if (errno || *end || !iters) {
		fprintf(stderr, "kmemcg-bench: bad iteration count '%s'\n", argv[2]);
		return 2;
	}
	fd = open(REF_FILE, O_CREAT | O_RDONLY, 0600);
	if (fd < 0)
		die("create " REF_FILE);
	ref_fd = fd;
	seq = (unsigned long)now_ns();	/* names unique across runs too */
	if (!strcmp(argv[1], "fault")) {
		run_fault(iters);
		return 0;
	}
	if (!strcmp(argv[1], "select"))
		select_setup();
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (!strcmp(argv[1], ops[i].name)) {
			run(ops[i].name, ops[i].op, iters);
			return 0;
		}
	}
	fprintf(stderr, "kmemcg-bench: unknown workload '%s'\n", argv[1]);
	return 2;
}
