// SPDX-License-Identifier: GPL-2.0
/*
 * lib/stuck.c: when a run of refusals counts as a task stuck in a kernel
 * retry loop, and what ends a run.  Times are plain numbers (ms here).
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include "kmemcg/stuck.h"
#include "tap.h"

static const struct kmemcg_stuck_params params = {
	.window = 100, .gap = 10, .min_refusals = 32,
};

/* Refuse @key every @step from @from for @n refusals; the first true's index, or -1. */
static int refuse_run(struct kmemcg_stuck *t, unsigned long key, u64 from,
		      u64 step, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (kmemcg_stuck_refused(t, &params, key, from + i * step))
			return i;
	return -1;
}

static void test_tight_loop_is_stuck(void **state)
{
	struct kmemcg_stuck t = { 0 };

	(void)state;
	/* One refusal per ms: stuck at the 101st (100 ms after the first). */
	assert_int_equal(refuse_run(&t, 1, 1000, 1, 200), 100);
	assert_int_equal(t.used, 0);
	/* The streak starts over: another full window before the next. */
	assert_int_equal(refuse_run(&t, 1, 1101, 1, 200), 100);
}

static void test_needs_enough_refusals(void **state)
{
	struct kmemcg_stuck t = { 0 };

	(void)state;
	/* 9 ms apart (within the gap): 100 ms pass after 12 refusals, but
	 * 32 are needed, at 279 ms. */
	assert_int_equal(refuse_run(&t, 1, 0, 9, 100), 31);
}

static void test_gap_breaks_the_streak(void **state)
{
	struct kmemcg_stuck t = { 0 };

	(void)state;
	/* 11 ms apart: every refusal starts a new streak. */
	assert_int_equal(refuse_run(&t, 1, 0, 11, 1000), -1);
	assert_int_equal(t.used, 1);
}

static void test_progress_resets(void **state)
{
	struct kmemcg_stuck t = { 0 };
	int i;

	(void)state;
	/* A success every 50 refusals: never stuck. */
	for (i = 0; i < 20; i++) {
		assert_int_equal(refuse_run(&t, 7, i * 60, 1, 50), -1);
		kmemcg_stuck_progress(&t, 7);
		assert_int_equal(t.used, 0);
	}
	/* Progress of another task changes nothing. */
	assert_int_equal(refuse_run(&t, 7, 5000, 1, 50), -1);
	kmemcg_stuck_progress(&t, 8);
	assert_int_equal(t.used, 1);
	assert_int_equal(refuse_run(&t, 7, 5050, 1, 100), 50);
}

static void test_tasks_tracked_apart(void **state)
{
	struct kmemcg_stuck t = { 0 };
	u64 now;
	int hit = -1;

	(void)state;
	/* Two tasks interleaved on one CPU: each streak is its own (the
	 * second one's refusals span only 50 ms here). */
	for (now = 0; now < 200 && hit < 0; now++) {
		if (kmemcg_stuck_refused(&t, &params, 1, now))
			hit = (int)now;
		assert_false(kmemcg_stuck_refused(&t, &params, 2, 1000 + now / 2));
	}
	assert_int_equal(hit, 100);
	assert_int_equal(t.used, 1);
}

static void test_slots_recycled(void **state)
{
	struct kmemcg_stuck t = { 0 };
	unsigned long key;

	(void)state;
	/* More tasks than slots: the longest idle one makes room. */
	for (key = 1; key <= KMEMCG_STUCK_SLOTS; key++)
		assert_false(kmemcg_stuck_refused(&t, &params, key, key));
	assert_int_equal(t.used, KMEMCG_STUCK_SLOTS);
	assert_false(kmemcg_stuck_refused(&t, &params, 99, 50));
	assert_int_equal(t.used, KMEMCG_STUCK_SLOTS);
	/* Task 1 (idle longest) lost its slot: progress finds nothing. */
	kmemcg_stuck_progress(&t, 1);
	assert_int_equal(t.used, KMEMCG_STUCK_SLOTS);
	kmemcg_stuck_progress(&t, 99);
	assert_int_equal(t.used, KMEMCG_STUCK_SLOTS - 1);
}

static void test_streak(void **state)
{
	struct kmemcg_stuck t = { 0 };

	(void)state;
	assert_false(kmemcg_stuck_streak(&t, &params, 1, 0));
	assert_false(kmemcg_stuck_refused(&t, &params, 1, 100));
	assert_true(kmemcg_stuck_streak(&t, &params, 1, 100));
	assert_true(kmemcg_stuck_streak(&t, &params, 1, 110));
	assert_false(kmemcg_stuck_streak(&t, &params, 1, 111));
	assert_false(kmemcg_stuck_streak(&t, &params, 1, 99));	/* clock back */
	assert_false(kmemcg_stuck_streak(&t, &params, 2, 100));	/* another task */
	/* Asking changes nothing: the streak still breaks at 32 and 100 ms. */
	assert_int_equal(refuse_run(&t, 1, 101, 1, 200), 99);
	/* Progress ends it. */
	assert_false(kmemcg_stuck_refused(&t, &params, 1, 500));
	kmemcg_stuck_progress(&t, 1);
	assert_false(kmemcg_stuck_streak(&t, &params, 1, 500));
}

static void test_disabled_and_clock(void **state)
{
	struct kmemcg_stuck_params off = params;
	struct kmemcg_stuck t = { 0 };
	int i;

	(void)state;
	off.window = 0;
	for (i = 0; i < 10000; i++)
		assert_false(kmemcg_stuck_refused(&t, &off, 1, i));
	/* A clock that goes backwards starts a new streak, never a force. */
	memset(&t, 0, sizeof(t));
	assert_int_equal(refuse_run(&t, 1, 1000, 1, 50), -1);
	assert_int_equal(refuse_run(&t, 1, 10, 1, 99), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tight_loop_is_stuck),
		cmocka_unit_test(test_needs_enough_refusals),
		cmocka_unit_test(test_gap_breaks_the_streak),
		cmocka_unit_test(test_progress_resets),
		cmocka_unit_test(test_tasks_tracked_apart),
		cmocka_unit_test(test_slots_recycled),
		cmocka_unit_test(test_disabled_and_clock),
		cmocka_unit_test(test_streak),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("stuck", tests, NULL, NULL);
}
