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
	struct kmemcg_alloc_ctx c = { .in_task = true, .account_marked = true };
	int i;

	(void)state;
	assert_int_equal(p.over_limit, KMEMCG_OVER_LIMIT_FAIL);
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
	/* Count: nothing fails, and what fail would refuse is would_fail. */
	p.over_limit = KMEMCG_OVER_LIMIT_COUNT;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_COUNT);
	c.nofail = true;	/* fail would not have refused it */
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FORCE);
	c.nofail = false;
}

/*
 * What the kernel does not account is never failed under fail and reclaim
 * (its callers may not survive it: TOMOYO panics), only under fail_all.
 */
static void test_over_limit_unaccounted(void **state)
{
	static const enum kmemcg_over_limit_mode modes[] = {
		KMEMCG_OVER_LIMIT_FAIL, KMEMCG_OVER_LIMIT_RECLAIM,
		KMEMCG_OVER_LIMIT_FAIL_ALL, KMEMCG_OVER_LIMIT_COUNT,
	};
	static const enum kmemcg_over_limit plain[] = {
		KMEMCG_OVER_FORCE_UNACCOUNTED, KMEMCG_OVER_FORCE_UNACCOUNTED,
		KMEMCG_OVER_FAIL, KMEMCG_OVER_COUNT,
	};
	struct kmemcg_policy p = kmemcg_default_policy;
	struct kmemcg_alloc_ctx c = { .in_task = true };
	size_t i;

	(void)state;
	/* account_marked decides, whatever the scope (it is filled under each). */
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		p.over_limit = modes[i];
		c.account_marked = false;
		assert_int_equal(kmemcg_policy_over_limit(&p, &c), plain[i]);
		c.account_marked = true;
		assert_int_equal(kmemcg_policy_over_limit(&p, &c),
				 modes[i] == KMEMCG_OVER_LIMIT_COUNT ? KMEMCG_OVER_COUNT :
								       KMEMCG_OVER_FAIL);
	}
	c.account_marked = false;
	/* The breaker and the exceptions come first: counted as theirs. */
	p.over_limit = KMEMCG_OVER_LIMIT_FAIL;
	c.stuck = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FORCE);
	c.stuck = false;
	c.nofail = true;
	c.critical = true;
	c.reserve_tried = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FORCE);
	/* A critical one tries the reserve, then is forced, not failed. */
	c.nofail = false;
	c.reserve_tried = false;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_RESERVE);
	c.reserve_tried = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FORCE_UNACCOUNTED);
	/* reclaim: reclaim first, then forced rather than failed. */
	c = (struct kmemcg_alloc_ctx){ .in_task = true, .may_reclaim = true };
	p.over_limit = KMEMCG_OVER_LIMIT_RECLAIM;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_RECLAIM);
	c.reclaimed = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FORCE_UNACCOUNTED);
	c.account_marked = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FAIL);
}

/* The order of the steps after a refusal: breaker, reclaim, reserve, force, count. */
static void test_over_limit_steps(void **state)
{
	struct kmemcg_policy p = kmemcg_default_policy;
	struct kmemcg_alloc_ctx c = { .in_task = true, .may_reclaim = true, .account_marked = true };

	(void)state;
	/* Reclaim only under reclaim, only where the allocation may sleep, once. */
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FAIL);
	p.over_limit = KMEMCG_OVER_LIMIT_RECLAIM;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_RECLAIM);
	c.stuck = true;		/* the breaker stays in front of all three */
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FORCE);
	c.stuck = false;
	c.reclaimed = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FAIL);
	c.reclaimed = false;
	c.may_reclaim = false;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FAIL);
	/* A critical allocation tries the reserve, after reclaim. */
	c.critical = true;
	c.may_reclaim = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_RECLAIM);
	c.reclaimed = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_RESERVE);
	/* Reserve exhausted: __GFP_NOFAIL forced, __GFP_HIGH refused (003). */
	c.reserve_tried = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FAIL);
	c.nofail = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_FORCE);
	/* Under count a critical allocation still tries its reserve first. */
	p.over_limit = KMEMCG_OVER_LIMIT_COUNT;
	c.nofail = false;
	c.reserve_tried = false;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_RESERVE);
	c.reserve_tried = true;
	assert_int_equal(kmemcg_policy_over_limit(&p, &c), KMEMCG_OVER_COUNT);
}

/* Scope: what is charged at all; out of scope goes before everything else. */
static void test_scope(void **state)
{
	struct kmemcg_policy p = kmemcg_default_policy;
	struct kmemcg_alloc_ctx c = { .in_task = true };

	(void)state;
	assert_true(kmemcg_policy_in_scope(&p, &c));
	assert_int_equal(kmemcg_policy_target(&p, &c), KMEMCG_TARGET_GROUP);
	c.scope = KMEMCG_SCOPE_LIST;
	assert_int_equal(kmemcg_policy_target(&p, &c), KMEMCG_TARGET_UNSCOPED);
	c.listed = true;
	assert_int_equal(kmemcg_policy_target(&p, &c), KMEMCG_TARGET_GROUP);
	c.scope = KMEMCG_SCOPE_KERNEL;
	assert_int_equal(kmemcg_policy_target(&p, &c), KMEMCG_TARGET_UNSCOPED);
	c.in_task = false;
	assert_int_equal(kmemcg_policy_target(&p, &c), KMEMCG_TARGET_UNSCOPED);
	c.accounted = true;
	assert_int_equal(kmemcg_policy_target(&p, &c), KMEMCG_TARGET_UNATTRIBUTED);
}

static void test_scope_list(void **state)
{
	static const char *const junk[] = {
		"", ",", "a,", ",a", "a,,b", "a b", "a\tb", "a,a", "a\x01",
		"0123456789012345678901234567890123456789012345678901234567890123",
		"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q",
	};
	struct kmemcg_scope_list l = { 0 }, before;
	char buf[64];
	size_t i;

	(void)state;
	assert_int_equal(kmemcg_scope_list_parse("dentry,kmalloc-64", &l), 0);
	assert_int_equal(l.n, 2);
	assert_true(kmemcg_scope_list_has(&l, "dentry"));
	assert_true(kmemcg_scope_list_has(&l, "kmalloc-64"));
	assert_false(kmemcg_scope_list_has(&l, "kmalloc-6"));
	assert_false(kmemcg_scope_list_has(&l, "dentry,kmalloc-64"));
	kmemcg_scope_list_show(&l, buf, sizeof(buf));
	assert_string_equal(buf, "dentry,kmalloc-64");
	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		before = l;
		assert_int_equal(kmemcg_scope_list_parse(junk[i], &l), -EINVAL);
		assert_memory_equal(&l, &before, sizeof(l));
	}
	/* 16 names of 63 characters: the most there may be. */
	{
		char big[KMEMCG_SCOPE_LIST_MAX * (KMEMCG_SCOPE_NAME_MAX + 1)];
		char *q = big;

		for (i = 0; i < KMEMCG_SCOPE_LIST_MAX; i++) {
			memset(q, 'a' + i, KMEMCG_SCOPE_NAME_MAX);
			q += KMEMCG_SCOPE_NAME_MAX;
			*q++ = ',';
		}
		q[-1] = '\0';
		assert_int_equal(kmemcg_scope_list_parse(big, &l), 0);
		assert_int_equal(l.n, KMEMCG_SCOPE_LIST_MAX);
		assert_int_equal(kmemcg_scope_list_show(&l, buf, sizeof(buf)), strlen(big));
		assert_int_equal(strlen(buf), sizeof(buf) - 1);	/* truncated, terminated */
	}
	assert_int_equal(kmemcg_scope_list_parse("-", &l), 0);
	assert_int_equal(l.n, 0);
	kmemcg_scope_list_show(&l, buf, sizeof(buf));
	assert_string_equal(buf, "-");
	assert_int_equal(kmemcg_scope_list_parse("x", NULL), 0);
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
	char buf[256];
	const char *rest = "scope all\nscope_list -\non_delete reparent\n"
			   "hierarchy hierarchical\nover_limit fail\n";
	char want[256];

	(void)state;
	kmemcg_policy_show(&p, buf, sizeof(buf));
	snprintf(want, sizeof(want), "granularity page\nshadow_enforce page\n%s", rest);
	assert_string_equal(buf, want);
	p.granularity = KMEMCG_GRANULARITY_SHADOW;
	p.shadow_enforce = KMEMCG_VIEW_OBJECT;
	kmemcg_policy_show(&p, buf, sizeof(buf));
	snprintf(want, sizeof(want), "granularity shadow\nshadow_enforce object\n%s", rest);
	assert_string_equal(buf, want);
	p.granularity = KMEMCG_GRANULARITY_OBJECT;
	p.shadow_enforce = KMEMCG_VIEW_PAGE;	/* ignored outside shadow */
	p.scope = KMEMCG_SCOPE_LIST;
	p.on_delete = KMEMCG_DELETE_DEAD;
	p.hierarchy = KMEMCG_HIERARCHY_FLAT;
	p.over_limit = KMEMCG_OVER_LIMIT_RECLAIM;
	assert_int_equal(kmemcg_scope_list_parse("dentry,TCP", &p.scope_list), 0);
	kmemcg_policy_show(&p, buf, sizeof(buf));
	assert_string_equal(buf, "granularity object\nshadow_enforce object\nscope list\n"
			    "scope_list dentry,TCP\non_delete dead\nhierarchy flat\n"
			    "over_limit reclaim\n");
	/* Truncated text stays terminated, and the length is the whole. */
	assert_int_equal(kmemcg_policy_show(&p, buf, 10), strlen("granularity object\nshadow_enforce object\nscope list\n"
			    "scope_list dentry,TCP\non_delete dead\nhierarchy flat\n"
			    "over_limit reclaim\n"));
	assert_string_equal(buf, "granulari");
}

static int wr(struct kmemcg_policy *p, const char *s, const char **key)
{
	char line[KMEMCG_POLICY_LINE_MAX + 8];

	snprintf(line, sizeof(line), "%s", s);
	return kmemcg_policy_write(p, line, key);
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

/* The switchable axes change exactly; hierarchy is fixed like granularity. */
static void test_write_axes(void **state)
{
	static const char *const junk[] = {
		"scope none", "scope", "scope list,kernel", "scope_list", "scope_list a,,b",
		"scope_list a b", "on_delete reparented", "on_delete dead ", "hierarchy Flat",
		"over_limit enforce", "over_limit fail count", "enforce N",
		"over_limit fail-all", "over_limit failall",
	};
	struct kmemcg_policy p = kmemcg_default_policy, before;
	const char *key = NULL;
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		before = p;
		assert_int_not_equal(wr(&p, junk[i], &key), 0);
		assert_memory_equal(&p, &before, sizeof(p));
	}
	assert_int_equal(wr(&p, "over_limit count\n", &key), 0);
	assert_string_equal(key, "over_limit");
	assert_int_equal(p.over_limit, KMEMCG_OVER_LIMIT_COUNT);
	assert_int_equal(wr(&p, "over_limit reclaim", &key), 0);
	assert_int_equal(p.over_limit, KMEMCG_OVER_LIMIT_RECLAIM);
	assert_int_equal(wr(&p, "over_limit fail_all", &key), 0);
	assert_int_equal(p.over_limit, KMEMCG_OVER_LIMIT_FAIL_ALL);
	kmemcg_policy_show_key(&p, key, buf, sizeof(buf));
	assert_string_equal(buf, "fail_all");
	assert_int_equal(wr(&p, "over_limit reclaim", &key), 0);
	assert_int_equal(wr(&p, "scope kernel", &key), 0);
	assert_int_equal(p.scope, KMEMCG_SCOPE_KERNEL);
	assert_int_equal(wr(&p, "scope_list kmemcg_test,dentry", &key), 0);
	assert_string_equal(key, "scope_list");
	kmemcg_policy_show_key(&p, key, buf, sizeof(buf));
	assert_string_equal(buf, "kmemcg_test,dentry");
	assert_int_equal(wr(&p, "scope_list -", &key), 0);
	assert_int_equal(p.scope_list.n, 0);
	assert_int_equal(wr(&p, "on_delete dead", &key), 0);
	assert_int_equal(p.on_delete, KMEMCG_DELETE_DEAD);
	assert_int_equal(wr(&p, "on_delete unaccount", &key), 0);
	assert_int_equal(p.on_delete, KMEMCG_DELETE_UNACCOUNT);
	/* hierarchy: the value in force is fine, the other is busy. */
	assert_int_equal(wr(&p, "hierarchy hierarchical", &key), 0);
	before = p;
	assert_int_equal(wr(&p, "hierarchy flat", &key), -EBUSY);
	assert_memory_equal(&p, &before, sizeof(p));
	/* A line longer than any valid one is junk, whatever it holds. */
	{
		char big[KMEMCG_POLICY_LINE_MAX + 1];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		memcpy(big, "scope_list ", 11);
		assert_int_equal(kmemcg_policy_write(&p, big, &key), -EINVAL);
		assert_memory_equal(&p, &before, sizeof(p));
	}
	kmemcg_policy_show_key(&p, "nonsense", buf, sizeof(buf));
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target),
		cmocka_unit_test(test_over_limit),
		cmocka_unit_test(test_over_limit_unaccounted),
		cmocka_unit_test(test_over_limit_steps),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_scope_list),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_views),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_write_axes),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
