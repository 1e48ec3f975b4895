// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of lib/counter.c: hierarchy, limits, failcnt, forced charges,
 * underflow clamping, set_max, watermarks, bound limits, the critical
 * reserve, and a threaded
 * stress run against the lock-free charge path.
 */
#include <pthread.h>
#include <stdlib.h>

#include "tap.h"
#include "kmemcg/counter.h"

/* root <- parent <- child, and a sibling of child. */
struct tree {
	struct kmemcg_counter root, parent, child, sibling;
};

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	kmemcg_counter_init(&t->root, NULL);
	kmemcg_counter_init(&t->parent, &t->root);
	kmemcg_counter_init(&t->child, &t->parent);
	kmemcg_counter_init(&t->sibling, &t->parent);
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	free(*state);
	return 0;
}

#define FAILCNT(c)	atomic_long_read(&(c)->failcnt)

static void test_init(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kmemcg_counter_read(&t->child), 0);
	assert_int_equal(kmemcg_counter_limit(&t->child), KMEMCG_COUNTER_MAX);
	assert_int_equal(t->child.watermark, 0);
	assert_int_equal(FAILCNT(&t->child), 0);
	assert_ptr_equal(t->child.parent, &t->parent);
	assert_null(t->root.parent);
	assert_null(t->child.bound);
}

static void test_charge_counts_up_the_tree(void **state)
{
	struct tree *t = *state;
	struct kmemcg_counter *fail = NULL;

	assert_true(kmemcg_counter_try_charge(&t->child, 10, &fail));
	assert_null(fail);
	assert_int_equal(kmemcg_counter_read(&t->child), 10);
	assert_int_equal(kmemcg_counter_read(&t->parent), 10);
	assert_int_equal(kmemcg_counter_read(&t->root), 10);
	assert_int_equal(kmemcg_counter_read(&t->sibling), 0);

	kmemcg_counter_charge(&t->sibling, 5);
	assert_int_equal(kmemcg_counter_read(&t->child), 10);
	assert_int_equal(kmemcg_counter_read(&t->sibling), 5);
	assert_int_equal(kmemcg_counter_read(&t->parent), 15);
	assert_int_equal(kmemcg_counter_read(&t->root), 15);

	kmemcg_counter_uncharge(&t->child, 10);
	kmemcg_counter_uncharge(&t->sibling, 5);
	assert_int_equal(kmemcg_counter_read(&t->child), 0);
	assert_int_equal(kmemcg_counter_read(&t->parent), 0);
	assert_int_equal(kmemcg_counter_read(&t->root), 0);
}

/* The parent refuses: the child's speculative charge is undone. */
static void test_try_charge_fails_at_parent_and_undoes_child(void **state)
{
	struct tree *t = *state;
	struct kmemcg_counter *fail = NULL;

	assert_int_equal(kmemcg_counter_set_max(&t->parent, 10), 0);
	assert_true(kmemcg_counter_try_charge(&t->child, 8, &fail));
	assert_false(kmemcg_counter_try_charge(&t->child, 5, &fail));
	assert_ptr_equal(fail, &t->parent);
	assert_int_equal(kmemcg_counter_read(&t->child), 8);
	assert_int_equal(kmemcg_counter_read(&t->parent), 8);
	assert_int_equal(kmemcg_counter_read(&t->root), 8);

	/* Exactly at the limit is allowed. */
	assert_true(kmemcg_counter_try_charge(&t->sibling, 2, &fail));
	assert_int_equal(kmemcg_counter_read(&t->parent), 10);
	assert_false(kmemcg_counter_try_charge(&t->sibling, 1, NULL));
	assert_int_equal(kmemcg_counter_read(&t->sibling), 2);
	assert_int_equal(kmemcg_counter_read(&t->root), 10);
}

/* failcnt counts at the refusing level, whichever it is, and only there. */
static void test_failcnt_only_on_refusing_level(void **state)
{
	struct tree *t = *state;
	struct kmemcg_counter *fail = NULL;

	kmemcg_counter_set_max(&t->child, 4);
	kmemcg_counter_set_max(&t->parent, 8);
	kmemcg_counter_set_max(&t->root, 12);

	/* The child itself refuses. */
	assert_false(kmemcg_counter_try_charge(&t->child, 5, &fail));
	assert_ptr_equal(fail, &t->child);
	assert_int_equal(FAILCNT(&t->child), 1);
	assert_int_equal(FAILCNT(&t->parent), 0);
	assert_int_equal(FAILCNT(&t->root), 0);
	assert_int_equal(kmemcg_counter_read(&t->root), 0);

	/* The parent refuses. */
	kmemcg_counter_charge(&t->sibling, 6);
	assert_false(kmemcg_counter_try_charge(&t->child, 3, &fail));
	assert_ptr_equal(fail, &t->parent);
	assert_int_equal(FAILCNT(&t->child), 1);
	assert_int_equal(FAILCNT(&t->parent), 1);
	assert_int_equal(FAILCNT(&t->root), 0);
	assert_int_equal(kmemcg_counter_read(&t->child), 0);

	/* The root refuses: both levels below are undone. */
	kmemcg_counter_charge(&t->root, 5);
	assert_int_equal(kmemcg_counter_read(&t->root), 11);
	assert_false(kmemcg_counter_try_charge(&t->child, 2, &fail));
	assert_ptr_equal(fail, &t->root);
	assert_int_equal(FAILCNT(&t->child), 1);
	assert_int_equal(FAILCNT(&t->parent), 1);
	assert_int_equal(FAILCNT(&t->root), 1);
	assert_int_equal(kmemcg_counter_read(&t->child), 0);
	assert_int_equal(kmemcg_counter_read(&t->parent), 6);
	assert_int_equal(kmemcg_counter_read(&t->root), 11);

	/* A success counts nowhere. */
	assert_true(kmemcg_counter_try_charge(&t->child, 1, &fail));
	assert_int_equal(FAILCNT(&t->child) + FAILCNT(&t->parent) + FAILCNT(&t->root), 3);
}

static void test_forced_charge_exceeds_limit(void **state)
{
	struct tree *t = *state;
	struct kmemcg_counter *fail = NULL;

	kmemcg_counter_set_max(&t->parent, 10);
	kmemcg_counter_charge(&t->child, 20);
	assert_int_equal(kmemcg_counter_read(&t->child), 20);
	assert_int_equal(kmemcg_counter_read(&t->parent), 20);
	assert_int_equal(kmemcg_counter_read(&t->root), 20);
	assert_int_equal(t->parent.watermark, 20);
	assert_int_equal(FAILCNT(&t->parent), 0);

	/* Over the limit now: every try_charge below fails until it drops. */
	assert_false(kmemcg_counter_try_charge(&t->sibling, 1, &fail));
	assert_ptr_equal(fail, &t->parent);
	assert_int_equal(kmemcg_counter_read(&t->sibling), 0);

	kmemcg_counter_uncharge(&t->child, 15);
	assert_true(kmemcg_counter_try_charge(&t->sibling, 5, &fail));
	assert_int_equal(kmemcg_counter_read(&t->parent), 10);
}

/*
 * Capture what the code under test writes to stderr (WARN_ONCE on the
 * host) into buf.
 */
static int stderr_saved = -1;
static FILE *stderr_file;

static void stderr_capture(void)
{
	fflush(stderr);
	stderr_file = tmpfile();
	assert_non_null(stderr_file);
	stderr_saved = dup(STDERR_FILENO);
	dup2(fileno(stderr_file), STDERR_FILENO);
}

static void stderr_restore(char *buf, size_t size)
{
	size_t n;

	fflush(stderr);
	dup2(stderr_saved, STDERR_FILENO);
	close(stderr_saved);
	rewind(stderr_file);
	n = fread(buf, 1, size - 1, stderr_file);
	buf[n] = '\0';
	fclose(stderr_file);
}

static void test_uncharge_clamps_at_zero(void **state)
{
	struct tree *t = *state;
	char warn[512];

	kmemcg_counter_charge(&t->child, 5);
	kmemcg_counter_charge(&t->sibling, 1);

	stderr_capture();
	kmemcg_counter_uncharge(&t->child, 7);
	stderr_restore(warn, sizeof(warn));

	/* Clamped, not wrapped to a huge unsigned value, at every level. */
	assert_int_equal(kmemcg_counter_read(&t->child), 0);
	assert_int_equal(kmemcg_counter_read(&t->parent), 0);
	assert_int_equal(kmemcg_counter_read(&t->root), 0);
	assert_true(atomic_long_read(&t->root.usage) >= 0);
	/* Warned (once per call site, as in the kernel). */
	assert_non_null(strstr(warn, "underflow"));

	/* Still usable afterwards. */
	kmemcg_counter_charge(&t->child, 3);
	assert_int_equal(kmemcg_counter_read(&t->child), 3);
	assert_int_equal(kmemcg_counter_read(&t->root), 3);
	kmemcg_counter_uncharge(&t->child, 3);
	assert_int_equal(kmemcg_counter_read(&t->root), 0);

	/* An uncharge of an empty counter stays at zero. */
	kmemcg_counter_uncharge(&t->child, 1);
	assert_int_equal(kmemcg_counter_read(&t->child), 0);
}

static void test_set_max_busy_leaves_limit_unchanged(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kmemcg_counter_set_max(&t->parent, 100), 0);
	kmemcg_counter_charge(&t->child, 10);

	assert_int_equal(kmemcg_counter_set_max(&t->parent, 9), -EBUSY);
	assert_int_equal(kmemcg_counter_limit(&t->parent), 100);
	assert_int_equal(t->parent.max, 100);
	/* The usage compared is the whole subtree's, at the level set. */
	assert_int_equal(kmemcg_counter_set_max(&t->child, 5), -EBUSY);
	assert_int_equal(kmemcg_counter_limit(&t->child), KMEMCG_COUNTER_MAX);

	/* Exactly the usage is allowed; lowering and raising both work. */
	assert_int_equal(kmemcg_counter_set_max(&t->parent, 10), 0);
	assert_int_equal(kmemcg_counter_limit(&t->parent), 10);
	assert_false(kmemcg_counter_try_charge(&t->sibling, 1, NULL));
	assert_int_equal(kmemcg_counter_set_max(&t->parent, KMEMCG_COUNTER_MAX), 0);
	assert_true(kmemcg_counter_try_charge(&t->sibling, 1, NULL));
	assert_int_equal(kmemcg_counter_set_max(&t->root, 0), -EBUSY);
}

/*
 * Raising a limit always succeeds, even to a value still below a usage
 * that forced charges pushed over the old limit; lowering below it fails.
 */
static void test_set_max_raise_always_succeeds(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kmemcg_counter_set_max(&t->parent, 10), 0);
	kmemcg_counter_charge(&t->child, 20);
	assert_int_equal(kmemcg_counter_set_max(&t->parent, 10), 0);
	assert_int_equal(kmemcg_counter_set_max(&t->parent, 15), 0);
	assert_int_equal(kmemcg_counter_limit(&t->parent), 15);
	assert_int_equal(kmemcg_counter_set_max(&t->parent, 12), -EBUSY);
	assert_int_equal(kmemcg_counter_limit(&t->parent), 15);
	assert_false(kmemcg_counter_try_charge(&t->sibling, 1, NULL));
	assert_int_equal(kmemcg_counter_set_max(&t->parent, 21), 0);
	assert_true(kmemcg_counter_try_charge(&t->sibling, 1, NULL));
}

static void test_watermark_and_reset(void **state)
{
	struct tree *t = *state;

	kmemcg_counter_charge(&t->child, 10);
	kmemcg_counter_uncharge(&t->child, 4);
	assert_int_equal(t->child.watermark, 10);
	assert_int_equal(t->parent.watermark, 10);
	assert_int_equal(t->root.watermark, 10);

	kmemcg_counter_reset_watermark(&t->parent);
	assert_int_equal(t->parent.watermark, 6);
	assert_int_equal(t->child.watermark, 10);	/* per level */
	assert_int_equal(t->root.watermark, 10);

	assert_true(kmemcg_counter_try_charge(&t->sibling, 1, NULL));
	assert_int_equal(t->parent.watermark, 7);
	assert_int_equal(t->sibling.watermark, 1);

	/* A refused charge does not raise the refusing level's watermark. */
	kmemcg_counter_set_max(&t->parent, 8);
	assert_false(kmemcg_counter_try_charge(&t->sibling, 5, NULL));
	assert_int_equal(t->parent.watermark, 7);
	assert_int_equal(t->root.watermark, 10);

	kmemcg_counter_uncharge(&t->child, 6);
	kmemcg_counter_uncharge(&t->sibling, 1);
	kmemcg_counter_reset_watermark(&t->root);
	assert_int_equal(t->root.watermark, 0);
}

/* A bound limit (memory.max of the memcg) replaces the own max. */
static void test_bound_limit(void **state)
{
	struct tree *t = *state;
	struct kmemcg_counter *fail = NULL;
	unsigned long memmax = 5;

	kmemcg_counter_set_max(&t->child, 100);
	t->child.bound = &memmax;
	assert_int_equal(kmemcg_counter_limit(&t->child), 5);

	assert_false(kmemcg_counter_try_charge(&t->child, 6, &fail));
	assert_ptr_equal(fail, &t->child);
	assert_int_equal(FAILCNT(&t->child), 1);
	assert_true(kmemcg_counter_try_charge(&t->child, 5, &fail));
	assert_false(kmemcg_counter_try_charge(&t->child, 1, &fail));

	/* Read at each charge: a change is seen at once. */
	memmax = 10;
	assert_int_equal(kmemcg_counter_limit(&t->child), 10);
	assert_true(kmemcg_counter_try_charge(&t->child, 5, &fail));
	assert_int_equal(kmemcg_counter_read(&t->child), 10);

	/* set_max keeps setting the own limit, which applies once unbound. */
	assert_int_equal(kmemcg_counter_set_max(&t->child, 50), 0);
	assert_int_equal(kmemcg_counter_limit(&t->child), 10);
	t->child.bound = NULL;
	assert_int_equal(kmemcg_counter_limit(&t->child), 50);
	assert_true(kmemcg_counter_try_charge(&t->child, 40, &fail));
	assert_false(kmemcg_counter_try_charge(&t->child, 1, &fail));
}

/*
 * A byte counter (the object view) bound to memory.max, which is in pages:
 * the bound is shifted into bytes.  force_max sets a limit below the usage.
 */
static void test_bound_shift_and_force_max(void **state)
{
	struct tree *t = *state;
	struct kmemcg_counter *fail = NULL;
	unsigned long memmax = 2;	/* pages */

	t->child.bound = &memmax;
	t->child.bound_shift = 12;
	assert_int_equal(kmemcg_counter_limit(&t->child), 8192);
	assert_true(kmemcg_counter_try_charge(&t->child, 8000, &fail));
	assert_false(kmemcg_counter_try_charge(&t->child, 193, &fail));
	assert_true(kmemcg_counter_try_charge(&t->child, 192, &fail));
	t->child.bound = NULL;

	/* Usage 8192: set_max refuses 4096, force_max takes it. */
	assert_int_equal(kmemcg_counter_set_max(&t->child, 4096), -EBUSY);
	kmemcg_counter_force_max(&t->child, 4096);
	assert_int_equal(kmemcg_counter_limit(&t->child), 4096);
	assert_int_equal(kmemcg_counter_read(&t->child), 8192);
	assert_false(kmemcg_counter_try_charge(&t->child, 1, &fail));
}

/*
 * Stress.  Tree:            root (R)
 *                          /        \
 *                     a (A, set_max toggled)   b (none)
 *                     /      \                  |
 *                  a1 (A1)   a2 (none)        b1 (B1)
 * N threads charge and uncharge random amounts at the leaves a1, a2, b1
 * and at b, with try_charge only, holding up to HELD charges each, while
 * one more thread toggles a's own limit between A and A_LOW.
 *
 * What the threads can observe is their own successful charges, so each
 * level also has a shadow counter S: a thread adds nr to S of every level
 * on its path after its try_charge succeeded, and subtracts nr before it
 * uncharges.  S is then never above the pages truly held by committed
 * charges at that level, C, and the counter's promise is C <= limit at all
 * times.  (Its usage itself may briefly pass the limit: a charge that is
 * about to fail adds first and undoes after.)  Pass criteria:
 *   1. the S value a charger produces never exceeds the level's limit (for
 *      a: A, the higher of its two limits);
 *   2. right after set_max(a, A_LOW) returned 0, S(a) <= A_LOW;
 *   3. each *fail is a level on the charger's own path, and each level's
 *      failcnt equals the number of failures the threads saw naming it;
 *   4. at the end every usage is 0, and every watermark is at most the
 *      highest limit of its level (only successful charges raise it).
 */
#define NTHREADS	8
#define HELD		16
#define MAXNR		64
/*
 * The limits of a, a1 and b1 are within what one thread alone holds at
 * times (up to HELD charges of up to MAXNR pages, a quarter of them on
 * each leaf; simulated serially with the threads' seeds, each refuses
 * hundreds of times per thread at a1, b1 and a's higher limit), so those
 * levels refuse even when the scheduler runs the threads one after the
 * other, as it does on a loaded machine.  The root's limit takes two
 * threads at once: how often it refuses depends on scheduling, and it is
 * not asserted.
 */
#define LIM_R		1000UL
#define LIM_A		450UL
#define LIM_A_LOW	300UL
#define LIM_A1		200UL
#define LIM_B1		200UL
#ifndef STRESS_ITERS
#define STRESS_ITERS	200000
#endif

enum { L_ROOT, L_A, L_A1, L_A2, L_B, L_B1, NLEVELS };

struct stress {
	struct kmemcg_counter lv[NLEVELS];
	long shadow[NLEVELS];
	unsigned long lim[NLEVELS];	/* highest limit each level has */
	long seen_fail[NLEVELS];
	long violations;
	long bad_fail;
	long low_ok, low_busy, low_violations, raise_busy;
	int stop;
};

static struct stress st;

static const int leaves[] = { L_A1, L_A2, L_B1, L_B };

static int on_path(struct kmemcg_counter *leaf, struct kmemcg_counter *c)
{
	for (; leaf; leaf = leaf->parent)
		if (leaf == c)
			return 1;
	return 0;
}

static void shadow_add(struct kmemcg_counter *leaf, long nr)
{
	for (; leaf; leaf = leaf->parent) {
		int i = (int)(leaf - st.lv);
		long v = __atomic_add_fetch(&st.shadow[i], nr, __ATOMIC_SEQ_CST);

		if (nr > 0 && (unsigned long)v > st.lim[i])
			__atomic_add_fetch(&st.violations, 1, __ATOMIC_RELAXED);
	}
}

static unsigned int xorshift(unsigned int *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void *stress_charger(void *arg)
{
	unsigned int seed = 0x9e3779b9u * (unsigned int)(uintptr_t)arg + 1;
	struct { struct kmemcg_counter *c; unsigned long nr; } held[HELD];
	int nheld = 0, it;

	for (it = 0; it < STRESS_ITERS; it++) {
		unsigned int r = xorshift(&seed);

		if (nheld < HELD && (nheld == 0 || r % 8 < 5)) {
			struct kmemcg_counter *c = &st.lv[leaves[(r >> 3) % ARRAY_SIZE(leaves)]];
			unsigned long nr = 1 + (r >> 8) % MAXNR;
			struct kmemcg_counter *fail = NULL;

			if (kmemcg_counter_try_charge(c, nr, &fail)) {
				shadow_add(c, (long)nr);
				held[nheld].c = c;
				held[nheld].nr = nr;
				nheld++;
			} else if (fail && on_path(c, fail)) {
				__atomic_add_fetch(&st.seen_fail[fail - st.lv], 1,
						   __ATOMIC_RELAXED);
			} else {
				__atomic_add_fetch(&st.bad_fail, 1, __ATOMIC_RELAXED);
			}
		} else {
			int k = (int)((r >> 3) % (unsigned int)nheld);

			shadow_add(held[k].c, -(long)held[k].nr);
			kmemcg_counter_uncharge(held[k].c, held[k].nr);
			held[k] = held[--nheld];
		}
	}
	while (nheld) {
		nheld--;
		shadow_add(held[nheld].c, -(long)held[nheld].nr);
		kmemcg_counter_uncharge(held[nheld].c, held[nheld].nr);
	}
	return NULL;
}

/* Only this thread calls set_max on a: set_max callers serialise. */
static void *stress_toggler(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&st.stop, __ATOMIC_ACQUIRE)) {
		if (kmemcg_counter_set_max(&st.lv[L_A], LIM_A_LOW) == 0) {
			long s = __atomic_load_n(&st.shadow[L_A], __ATOMIC_SEQ_CST);

			st.low_ok++;
			if (s > (long)LIM_A_LOW)
				st.low_violations++;
		} else {
			st.low_busy++;
		}
		sched_yield();
		/* Raising a limit always succeeds, even under load. */
		if (kmemcg_counter_set_max(&st.lv[L_A], LIM_A))
			st.raise_busy++;
		sched_yield();
	}
	return NULL;
}

static void test_stress_threads(void **state)
{
	pthread_t th[NTHREADS], tog;
	long failsum = 0;
	int i;

	(void)state;
	memset(&st, 0, sizeof(st));
	kmemcg_counter_init(&st.lv[L_ROOT], NULL);
	kmemcg_counter_init(&st.lv[L_A], &st.lv[L_ROOT]);
	kmemcg_counter_init(&st.lv[L_A1], &st.lv[L_A]);
	kmemcg_counter_init(&st.lv[L_A2], &st.lv[L_A]);
	kmemcg_counter_init(&st.lv[L_B], &st.lv[L_ROOT]);
	kmemcg_counter_init(&st.lv[L_B1], &st.lv[L_B]);
	kmemcg_counter_set_max(&st.lv[L_ROOT], LIM_R);
	kmemcg_counter_set_max(&st.lv[L_A], LIM_A);
	kmemcg_counter_set_max(&st.lv[L_A1], LIM_A1);
	kmemcg_counter_set_max(&st.lv[L_B1], LIM_B1);
	for (i = 0; i < NLEVELS; i++)
		st.lim[i] = st.lv[i].max;

	assert_int_equal(pthread_create(&tog, NULL, stress_toggler, NULL), 0);
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, stress_charger,
						(void *)(uintptr_t)i), 0);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	__atomic_store_n(&st.stop, 1, __ATOMIC_RELEASE);
	pthread_join(tog, NULL);

	print_message("# stress: %d threads x %d ops; failures root %ld a %ld a1 %ld b1 %ld;"
		      " set_max(a, low) ok %ld busy %ld\n",
		      NTHREADS, STRESS_ITERS, st.seen_fail[L_ROOT], st.seen_fail[L_A],
		      st.seen_fail[L_A1], st.seen_fail[L_B1], st.low_ok, st.low_busy);

	assert_int_equal(st.violations, 0);		/* criterion 1 */
	assert_int_equal(st.low_violations, 0);		/* criterion 2 */
	assert_int_equal(st.raise_busy, 0);
	assert_int_equal(st.bad_fail, 0);		/* criterion 3 */
	for (i = 0; i < NLEVELS; i++) {
		assert_int_equal(atomic_long_read(&st.lv[i].failcnt), st.seen_fail[i]);
		failsum += st.seen_fail[i];
		assert_int_equal(kmemcg_counter_read(&st.lv[i]), 0);	/* 4 */
		assert_true(st.lv[i].watermark <= st.lim[i]);
		assert_int_equal(st.shadow[i], 0);
	}
	/*
	 * Limits were reached: the run tested refusal, not just charging.
	 * a1, b1 and a refuse even with the threads run one at a time (see
	 * the limits above); how often depends on scheduling.
	 */
	assert_true(failsum > 0);
	assert_true(st.seen_fail[L_A1] > 0);
	assert_true(st.seen_fail[L_B1] > 0);
	assert_true(st.seen_fail[L_A] > 0);
}

/*
 * Critical reserve (seed 003): a critical charge may go up to limit +
 * reserve at each level, counts no failcnt, and what it holds above the
 * limit is reserve_used until frees bring the usage back.
 */
static void test_reserve(void **state)
{
	struct tree *t = *state;
	struct kmemcg_counter *fail = NULL;

	assert_int_equal(kmemcg_counter_set_max(&t->child, 10), 0);
	assert_int_equal(t->child.reserve, 0);
	assert_true(kmemcg_counter_try_charge(&t->child, 10, NULL));
	/* No reserve: a critical charge is refused at the limit too. */
	assert_false(kmemcg_counter_try_charge_reserve(&t->child, 1, &fail));
	assert_ptr_equal(fail, &t->child);
	assert_int_equal(FAILCNT(&t->child), 0);

	kmemcg_counter_set_reserve(&t->child, 4);
	assert_false(kmemcg_counter_try_charge(&t->child, 1, NULL));
	assert_int_equal(FAILCNT(&t->child), 1);
	assert_true(kmemcg_counter_try_charge_reserve(&t->child, 3, NULL));
	assert_int_equal(kmemcg_counter_read(&t->child), 13);
	assert_int_equal(kmemcg_counter_read(&t->root), 13);
	assert_int_equal(kmemcg_counter_reserve_used(&t->child), 3);
	assert_int_equal(kmemcg_counter_reserve_used(&t->parent), 0);
	/* 2 more would pass limit + reserve: refused, nothing left charged. */
	assert_false(kmemcg_counter_try_charge_reserve(&t->child, 2, &fail));
	assert_ptr_equal(fail, &t->child);
	assert_int_equal(kmemcg_counter_read(&t->child), 13);
	assert_int_equal(FAILCNT(&t->child), 1);
	assert_true(kmemcg_counter_try_charge_reserve(&t->child, 1, NULL));
	assert_int_equal(kmemcg_counter_reserve_used(&t->child), 4);
	/* Forced charges past limit + reserve are not "reserve used". */
	kmemcg_counter_charge(&t->child, 5);
	assert_int_equal(kmemcg_counter_reserve_used(&t->child), 4);
	/* Frees give it back. */
	kmemcg_counter_uncharge(&t->child, 7);
	assert_int_equal(kmemcg_counter_reserve_used(&t->child), 2);
	kmemcg_counter_uncharge(&t->child, 5);
	assert_int_equal(kmemcg_counter_reserve_used(&t->child), 0);

	/* An ancestor's limit binds with that ancestor's reserve. */
	assert_int_equal(kmemcg_counter_set_max(&t->parent, 12), 0);
	kmemcg_counter_set_reserve(&t->child, 100);
	assert_int_equal(kmemcg_counter_read(&t->parent), 7);
	assert_false(kmemcg_counter_try_charge_reserve(&t->child, 6, &fail));
	assert_ptr_equal(fail, &t->parent);
	assert_int_equal(kmemcg_counter_read(&t->child), 7);
	kmemcg_counter_set_reserve(&t->parent, 1);
	assert_true(kmemcg_counter_try_charge_reserve(&t->child, 6, NULL));
	assert_int_equal(kmemcg_counter_reserve_used(&t->parent), 1);
	assert_int_equal(kmemcg_counter_reserve_used(&t->child), 3);

	/* An unlimited reserve saturates instead of wrapping. */
	kmemcg_counter_set_reserve(&t->parent, KMEMCG_COUNTER_MAX);
	kmemcg_counter_set_reserve(&t->child, ~0UL);
	assert_true(kmemcg_counter_try_charge_reserve(&t->child, 1000, NULL));
	assert_int_equal(kmemcg_counter_read(&t->child), 1013);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tree_setup, tree_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init),
		T(test_charge_counts_up_the_tree),
		T(test_try_charge_fails_at_parent_and_undoes_child),
		T(test_failcnt_only_on_refusing_level),
		T(test_forced_charge_exceeds_limit),
		T(test_uncharge_clamps_at_zero),
		T(test_set_max_busy_leaves_limit_unchanged),
		T(test_set_max_raise_always_succeeds),
		T(test_watermark_and_reset),
		T(test_bound_limit),
		T(test_bound_shift_and_force_max),
		T(test_reserve),
		cmocka_unit_test(test_stress_threads),
	};

	tap_start();
	return cmocka_run_group_tests_name("counter", tests, NULL, NULL);
}
