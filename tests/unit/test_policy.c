// SPDX-License-Identifier: GPL-2.0
/*
 * lib/policy.c: who is charged, and what a refused charge does, for every
 * combination of what a hook can see.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "kmemcg/policy.h"
#include "tap.h"

static void test_target(void **state)
{
	const struct kmemcg_policy *p = &kmemcg_default_policy;
	struct kmemcg_alloc_ctx c = { 0 };

	(void)state;
	/* Interrupt context: no task to blame, whatever else is set. */
	c.kthread = true;
	c.root_cgroup = true;
	assert_int_equal(kmemcg_policy_target(p, &c), KMEMCG_TARGET_UNATTRIBUTED);
	c.in_task = true;
	assert_int_equal(kmemcg_policy_target(p, &c), KMEMCG_TARGET_ROOT);
	c.kthread = false;
	assert_int_equal(kmemcg_policy_target(p, &c), KMEMCG_TARGET_ROOT);
	c.root_cgroup = false;
	assert_int_equal(kmemcg_policy_target(p, &c), KMEMCG_TARGET_GROUP);
	c.kthread = true;
	assert_int_equal(kmemcg_policy_target(p, &c), KMEMCG_TARGET_ROOT);
}

static void test_over_limit(void **state)
{
	struct kmemcg_policy p = kmemcg_default_policy;
	struct kmemcg_alloc_ctx c = { .in_task = true };
	int i;

	(void)state;
	assert_true(p.enforce);
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FAIL);
	/* Each exception alone forces the charge (002 patch 11, reclaim,
	 * the livelock breaker).
	 */
	for (i = 0; i < 4; i++) {
		struct kmemcg_alloc_ctx e = c;

		e.nofail = i == 0;
		e.dying = i == 1;
		e.memalloc = i == 2;
		e.stuck = i == 3;
		assert_int_equal(kmemcg_policy_over_limit(&p, &e), KMEMCG_OVER_FORCE);
	}
	/* Count-only: never fail. */
	p.enforce = false;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FORCE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target),
		cmocka_unit_test(test_over_limit),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
