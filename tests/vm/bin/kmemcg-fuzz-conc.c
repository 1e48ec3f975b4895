// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg-fuzz, several writers at once: three threads on a cgroup's
 * limit, three on the policy, two processes on its reserve, each writing
 * valid values and junk the model refuses (a cgroup with no usage and
 * independent_kmem_limit 1: no result depends on another writer's).
 * Each write's result is checked as a single writer's is; at the end
 * each file holds one of the values written (or its value before).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kmemcg-fuzz.h"

/* Several writers at once: threads on a limit and the policy. */
struct wargs {
	struct target *t;
	unsigned int seed, n;
};

static const char *const conc_sizes[] = { "4096", "8K", "1M", "max", "0", "64M\n" };
static const char *const conc_lines[] = { "over_limit fail\n", "over_limit count\n",
					  "over_limit reclaim\n" };

static void *writer(void *arg)
{
	struct wargs *w = arg;
	static __thread char buf[FZ_IN_MAX];
	unsigned int i;

	for (i = 0; i < w->n; i++) {
		bool policy = w->t->kind == K_POLICY;
		const char *v = policy ? conc_lines[rand_r(&w->seed) % 3] :
			conc_sizes[rand_r(&w->seed) % 6];
		size_t len = strlen(v);

		if (rand_r(&w->seed) % 2) {	/* junk the model refuses */
			len = fz_gen(w->t->kind, buf, &w->seed);
			pthread_mutex_lock(&lock);
			if (!expect(w->t, buf, len, 0, true, false))
				len = 0;
			pthread_mutex_unlock(&lock);
			if (!len)
				continue;
			v = buf;
		}
		fuzz_one(w->t, &w->seed, true, false, v, len);
	}
	return NULL;
}

/* After several writers: the file holds one of the values they wrote. */
static void adopt(struct target *t, unsigned long long before)
{
	struct grp *g = t->g;
	unsigned long long v;
	char want[FZ_TEXT], got[FZ_TEXT];
	bool found = false;
	int i;

	if (t->kind == K_POLICY) {
		struct kmemcg_policy p0 = pol;

		fz_read(t->path, got);
		for (i = -1; i < 3 && !found; i++) {
			char line[64];
			const char *key;

			pol = p0;
			if (i >= 0) {
				strcpy(line, conc_lines[i]);
				kmemcg_policy_write(&pol, line, &key);
			}
			kmemcg_policy_show(&pol, want, sizeof(want));
			found = !strcmp(want, got);
		}
		if (!found)
			fz_fail("after several writers: policy reads '%s'", got);
		return;
	}
	v = read_num(g->dir, fz_kind_file(t->kind)) >> 12;
	found = v == before;
	for (i = 0; i < 6 && !found; i++) {
		unsigned long long b;
		bool unl;

		kmemcg_parse_size(conc_sizes[i], strlen(conc_sizes[i]), (u64 *)&b, &unl);
		found = v == (unl ? MAXP : b >> 12);
	}
	if (!found)
		fz_fail("after several writers: %s reads %llu pages", t->path, v);
	if (t->kind == K_LIMIT)
		g->limit = v;
	else
		g->reserve = v;
}

void fz_concurrent(struct grp *g, unsigned int n, unsigned int seed)
{
	struct target *lim = find(g, K_LIMIT), *res = find(g, K_RESERVE), *pt = find(NULL, K_POLICY);
	unsigned long long lim0 = g->limit, res0 = g->reserve;
	struct wargs w[6];
	pthread_t th[6];
	int pid[2], i, st;

	for (i = 0; i < 2; i++) {	/* two processes on the reserve */
		pid[i] = fork();
		if (!pid[i]) {
			struct wargs a = { res, seed + 100 + i, n };

			writer(&a);
			exit(fz_mismatches ? 1 : 0);
		}
	}
	for (i = 0; i < 6; i++) {	/* threads: three on the limit, three on the policy */
		w[i] = (struct wargs){ i < 3 ? lim : pt, seed + i, n };
		pthread_create(&th[i], NULL, writer, &w[i]);
	}
	for (i = 0; i < 6; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < 2; i++)
		if (waitpid(pid[i], &st, 0) != pid[i] || !WIFEXITED(st) || WEXITSTATUS(st))
			fz_fail("a writer process of %s failed", res->path);
	adopt(lim, lim0);
	adopt(res, res0);
	adopt(pt, 0);
	check(g, "several writers");
	check(NULL, "several writers");
}

