// SPDX-License-Identifier: GPL-2.0
/*
 * lib/policy.c: who is charged, and what a refused charge does, for every
 * combination of what a hook can see.
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
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

/* Names round-trip; anything else is refused. */
static void test_names(void **state)
{
	enum kmemcg_granularity g = KMEMCG_GRANULARITY_SHADOW;
	enum kmemcg_view v = KMEMCG_VIEW_OBJECT;

	(void)state;
	assert_int_equal(kmemcg_granularity_parse("page", &g), 0);
	assert_int_equal(g, KMEMCG_GRANULARITY_PAGE);
	assert_int_equal(kmemcg_granularity_parse("object", &g), 0);
	assert_int_equal(g, KMEMCG_GRANULARITY_OBJECT);
	assert_int_equal(kmemcg_granularity_parse("shadow", &g), 0);
	assert_string_equal(kmemcg_granularity_name(g), "shadow");
	assert_int_equal(kmemcg_granularity_parse("Page", &g), -EINVAL);
	assert_int_equal(kmemcg_granularity_parse("", &g), -EINVAL);
	assert_int_equal(kmemcg_granularity_parse("objects", &g), -EINVAL);
	assert_int_equal(g, KMEMCG_GRANULARITY_SHADOW);
	assert_int_equal(kmemcg_view_parse("page", &v), 0);
	assert_int_equal(v, KMEMCG_VIEW_PAGE);
	assert_int_equal(kmemcg_view_parse("shadow", &v), -EINVAL);
	assert_string_equal(kmemcg_view_name(KMEMCG_VIEW_OBJECT), "object");
}

/* Which views each granularity counts, and which one limits apply to. */
static void test_views(void **state)
{
	struct kmemcg_policy p = kmemcg_default_policy;

	(void)state;
	assert_true(kmemcg_policy_tracks(&p, KMEMCG_VIEW_PAGE));
	assert_false(kmemcg_policy_tracks(&p, KMEMCG_VIEW_OBJECT));
	assert_int_equal(kmemcg_policy_enforced_view(&p), KMEMCG_VIEW_PAGE);
	p.granularity = KMEMCG_GRANULARITY_OBJECT;
	assert_false(kmemcg_policy_tracks(&p, KMEMCG_VIEW_PAGE));
	assert_true(kmemcg_policy_tracks(&p, KMEMCG_VIEW_OBJECT));
	assert_int_equal(kmemcg_policy_enforced_view(&p), KMEMCG_VIEW_OBJECT);
	p.granularity = KMEMCG_GRANULARITY_SHADOW;
	assert_true(kmemcg_policy_tracks(&p, KMEMCG_VIEW_PAGE));
	assert_true(kmemcg_policy_tracks(&p, KMEMCG_VIEW_OBJECT));
	assert_int_equal(kmemcg_policy_enforced_view(&p), KMEMCG_VIEW_PAGE);
	p.shadow_enforce = KMEMCG_VIEW_OBJECT;
	assert_int_equal(kmemcg_policy_enforced_view(&p), KMEMCG_VIEW_OBJECT);
}

static void test_show(void **state)
{
	struct kmemcg_policy p = kmemcg_default_policy;
	char buf[128];

	(void)state;
	kmemcg_policy_show(&p, buf, sizeof(buf));
	assert_string_equal(buf, "granularity page\nshadow_enforce page\n");
	p.granularity = KMEMCG_GRANULARITY_SHADOW;
	p.shadow_enforce = KMEMCG_VIEW_OBJECT;
	kmemcg_policy_show(&p, buf, sizeof(buf));
	assert_string_equal(buf, "granularity shadow\nshadow_enforce object\n");
	p.granularity = KMEMCG_GRANULARITY_OBJECT;
	p.shadow_enforce = KMEMCG_VIEW_PAGE;	/* ignored outside shadow */
	kmemcg_policy_show(&p, buf, sizeof(buf));
	assert_string_equal(buf, "granularity object\nshadow_enforce object\n");
}

static int wr(struct kmemcg_policy *p, const char *s, const char **key)
{
	return kmemcg_policy_write(p, s, strlen(s), key);
}

/* Writes: exact changes only; junk and impossible changes change nothing. */
static void test_write(void **state)
{
	static const char *const junk[] = {
		"", "\n", " ", "granularity", "granularity ", " granularity page",
		"granularity page extra", "granularity page\n\n", "granularity\npage",
		"shadow_enforce objects", "shadow_enforce 1", "enforce_view object",
		"SHADOW_ENFORCE page", "shadow_enforce page\r\n",
		"shadow_enforce object\nshadow_enforce page",
		"shadow_enforce xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	};
	struct kmemcg_policy p = kmemcg_default_policy, before;
	const char *key = NULL;
	size_t i;

	(void)state;
	p.granularity = KMEMCG_GRANULARITY_SHADOW;
	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		before = p;
		assert_int_equal(wr(&p, junk[i], &key), -EINVAL);
		assert_memory_equal(&p, &before, sizeof(p));
	}
	/* An embedded NUL is junk too, even before a valid tail. */
	assert_int_equal(kmemcg_policy_write(&p, "shadow_enforce object\0x", 23, &key),
			 -EINVAL);
	assert_int_equal(p.shadow_enforce, KMEMCG_VIEW_PAGE);

	assert_int_equal(wr(&p, "shadow_enforce object\n", &key), 0);
	assert_string_equal(key, "shadow_enforce");
	assert_int_equal(p.shadow_enforce, KMEMCG_VIEW_OBJECT);
	assert_int_equal(wr(&p, "shadow_enforce \t page", &key), 0);
	assert_int_equal(p.shadow_enforce, KMEMCG_VIEW_PAGE);

	/* The granularity is fixed: the same value is fine, another busy. */
	assert_int_equal(wr(&p, "granularity shadow", &key), 0);
	assert_int_equal(wr(&p, "granularity page", &key), -EBUSY);
	assert_int_equal(p.granularity, KMEMCG_GRANULARITY_SHADOW);

	/* Outside shadow, only the view in force may be "set". */
	p.granularity = KMEMCG_GRANULARITY_OBJECT;
	assert_int_equal(wr(&p, "shadow_enforce object", &key), 0);
	assert_int_equal(wr(&p, "shadow_enforce page", &key), -EBUSY);
	assert_int_equal(kmemcg_policy_enforced_view(&p), KMEMCG_VIEW_OBJECT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target),
		cmocka_unit_test(test_over_limit),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_views),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_write),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
