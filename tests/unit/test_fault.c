// SPDX-License-Identifier: GPL-2.0
/*
 * lib/fault.c: the test_fail_alloc parameter's syntax (every accepted and
 * rejected form), and which allocations fail under nth and rate.
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include "kmemcg/fault.h"
#include "tap.h"

static void test_parse_off(void **state)
{
	struct kmemcg_fault_spec s = { .mode = KMEMCG_FAULT_NTH };

	(void)state;
	assert_int_equal(kmemcg_fault_parse(NULL, &s), 0);
	assert_int_equal(s.mode, KMEMCG_FAULT_OFF);
	s.mode = KMEMCG_FAULT_NTH;
	assert_int_equal(kmemcg_fault_parse("", &s), 0);
	assert_int_equal(s.mode, KMEMCG_FAULT_OFF);
	s.mode = KMEMCG_FAULT_NTH;
	assert_int_equal(kmemcg_fault_parse("off", &s), 0);
	assert_int_equal(s.mode, KMEMCG_FAULT_OFF);
}

static void test_parse_good(void **state)
{
	struct kmemcg_fault_spec s;

	(void)state;
	assert_int_equal(kmemcg_fault_parse("nth:1", &s), 0);
	assert_int_equal(s.mode, KMEMCG_FAULT_NTH);
	assert_int_equal(s.nth, 1);
	assert_int_equal(kmemcg_fault_parse("nth:0042", &s), 0);
	assert_int_equal(s.nth, 42);
	assert_int_equal(kmemcg_fault_parse("nth:9223372036854775807", &s), 0);
	assert_true(s.nth == 9223372036854775807ULL);
	assert_int_equal(kmemcg_fault_parse("rate:10", &s), 0);
	assert_int_equal(s.mode, KMEMCG_FAULT_RATE);
	assert_int_equal(s.permille, 10);
	assert_true(s.seed == 0);
	assert_int_equal(kmemcg_fault_parse("rate:0", &s), 0);
	assert_int_equal(s.permille, 0);
	assert_int_equal(kmemcg_fault_parse("rate:1000:18446744073709551615", &s), 0);
	assert_int_equal(s.permille, 1000);
	assert_true(s.seed == ~0ULL);
	assert_int_equal(kmemcg_fault_parse("rate:5:7", &s), 0);
	assert_int_equal(s.permille, 5);
	assert_true(s.seed == 7);
}

static void test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"on", "nth", "nth:", "nth:0", "nth:-1", "nth:+1", "nth: 1", "nth:1 ",
		"nth:1\n", "nth:1x", "nth:9223372036854775808", "nth:99999999999999999999",
		"NTH:1", "rate", "rate:", "rate:1001", "rate:-1", "rate:10:", "rate:10:x",
		"rate:10:1:2", "rate:10:18446744073709551616", "rate:1.5", "rate:10\n",
		"off ", " off", "nth:1:2", "rate::1",
	};
	struct kmemcg_fault_spec s = { .mode = KMEMCG_FAULT_NTH, .nth = 77 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (kmemcg_fault_parse(bad[i], &s) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
		/* Untouched on error. */
		assert_int_equal(s.mode, KMEMCG_FAULT_NTH);
		assert_int_equal(s.nth, 77);
	}
}

static void test_nth_fails_once(void **state)
{
	struct kmemcg_fault_spec s;
	u64 call, failed = 0, which = 0;

	(void)state;
	assert_int_equal(kmemcg_fault_parse("nth:37", &s), 0);
	for (call = 1; call <= 10000; call++)
		if (kmemcg_fault_decide(&s, call, 123)) {
			failed++;
			which = call;
		}
	assert_int_equal(failed, 1);
	assert_int_equal(which, 37);
}

/* Failures among calls 1..n under rate P with seed. */
static u64 rate_failures(unsigned int permille, u64 seed, u64 n)
{
	struct kmemcg_fault_spec s = { .mode = KMEMCG_FAULT_RATE, .permille = permille };
	u64 call, failed = 0;

	for (call = 1; call <= n; call++)
		failed += kmemcg_fault_decide(&s, call, seed);
	return failed;
}

static void test_rate(void **state)
{
	u64 seed;

	(void)state;
	assert_int_equal(rate_failures(0, 1, 100000), 0);
	assert_int_equal(rate_failures(1000, 1, 100000), 100000);
	/* 1 % of 100,000: 1,000 expected, sd about 31. */
	for (seed = 0; seed < 8; seed++) {
		u64 f = rate_failures(10, seed, 100000);

		if (f < 850 || f > 1150)
			fail_msg("seed %llu: %llu failures in 100000 at 1%%",
				 (unsigned long long)seed, (unsigned long long)f);
	}
	assert_in_range(rate_failures(500, 99, 100000), 48500, 51500);
}

static void test_rate_seeded(void **state)
{
	struct kmemcg_fault_spec s = { .mode = KMEMCG_FAULT_RATE, .permille = 100 };
	u64 call, same = 0, differ = 0;

	(void)state;
	/* The same seed gives the same failures; another seed others. */
	for (call = 1; call <= 10000; call++) {
		bool a = kmemcg_fault_decide(&s, call, 1);

		same += a == kmemcg_fault_decide(&s, call, 1);
		differ += a != kmemcg_fault_decide(&s, call, 2);
	}
	assert_int_equal(same, 10000);
	assert_true(differ > 1000);
	/*
	 * Consecutive calls are independent: at 1 %, about 10 adjacent pairs
	 * in 100,000 fail together (a pattern in the hash would give 0 or
	 * far more).
	 */
	s.permille = 10;
	same = 0;
	for (call = 1; call <= 100000; call++)
		same += kmemcg_fault_decide(&s, call, 5) && kmemcg_fault_decide(&s, call + 1, 5);
	assert_in_range(same, 1, 40);
}

static void test_off_never(void **state)
{
	struct kmemcg_fault_spec s = { .mode = KMEMCG_FAULT_OFF };
	u64 call;

	(void)state;
	for (call = 0; call < 10000; call++)
		assert_false(kmemcg_fault_decide(&s, call, call));
}

static void test_site_names(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < KMEMCG_FAULT_NR; i++) {
		const char *n = kmemcg_fault_site_name(i);

		assert_non_null(n);
		assert_true(strlen(n) > 0);
		assert_true(strspn(n, "abcdefghijklmnopqrstuvwxyz_") == strlen(n));
		for (j = 0; j < i; j++)
			assert_string_not_equal(n, kmemcg_fault_site_name(j));
	}
	assert_string_equal(kmemcg_fault_site_name(KMEMCG_FAULT_NR), "?");
	assert_string_equal(kmemcg_fault_site_name(-1), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_off),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_nth_fails_once),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_rate_seeded),
		cmocka_unit_test(test_off_never),
		cmocka_unit_test(test_site_names),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("fault", tests, NULL, NULL);
}
