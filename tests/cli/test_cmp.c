// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kmemcg compare's parser and sums (userspace/compare.c,
 * compare_caches.c) on buffers: memory.stat with missing keys and
 * malformed lines, the per-cache rows and their unaccounted total (the
 * caches file is parsed by caches.c, tested with it).  The binary's tables and errors are test_compare's.
 */
#include "tap.h"
#include <stdlib.h>
#include "kmemcg.h"

#define S(x)	x, sizeof(x) - 1

static void test_memstat(void **state)
{
	struct km_memstat m;
	unsigned int ln;
	const char *why;

	(void)state;
	assert_int_equal(km_parse_memstat(S("anon 1\nkernel 7\nslab_reclaimable 2\nslab_unreclaimable 3\nslab 5\nsock 0\npgfault 9\n"),
					  &m, &ln, &why), 0);
	assert_true(m.has == (1U << KM_KS_KERNEL | 1U << KM_KS_SLAB_RECLAIMABLE |
			      1U << KM_KS_SLAB_UNRECLAIMABLE | 1U << KM_KS_SLAB | 1U << KM_KS_SOCK));
	assert_true(m.v[KM_KS_SLAB] == 5 && m.v[KM_KS_KERNEL] == 7 && m.v[KM_KS_SOCK] == 0);
	assert_string_equal(km_kstat_keys[KM_KS_KERNEL_STACK], "kernel_stack");
	/* Each malformed line fails and leaves nothing behind. */
	assert_int_equal(km_parse_memstat(S("slab 5\nslab 6\n"), &m, &ln, &why), -EINVAL);
	assert_int_equal(ln, 2);
	assert_string_equal(why, "a key twice");
	assert_int_equal(m.has, 0);
	assert_int_equal(km_parse_memstat(S("anon 1\nslab\n"), &m, &ln, &why), -EINVAL);
	assert_string_equal(why, "expected \"key value\"");
	assert_int_equal(km_parse_memstat(S(" 1\n"), &m, &ln, &why), -EINVAL);
	assert_int_equal(km_parse_memstat(S("slab x\n"), &m, &ln, &why), -EINVAL);
	assert_string_equal(why, "the value is not a number");
	assert_int_equal(km_parse_memstat(S("slab 99999999999999999999999\n"), &m, &ln, &why),
			 -EINVAL);
	assert_int_equal(km_parse_memstat(S("slab 1\nsock 2"), &m, &ln, &why), -EINVAL);
	assert_string_equal(why, "truncated line (no newline)");
	assert_int_equal(km_parse_memstat(S(""), &m, &ln, &why), -EINVAL);
	assert_int_equal(ln, 0);
	assert_int_equal(km_parse_memstat(S("slab 1\0\n"), &m, &ln, &why), -EINVAL);
}

#define CACHES_HEAD KMEMCG_CACHES_HEADER "\n"

/* Sum of the rows with accounted 0, as a consumer would add them. */
static u64 unaccounted_rows(const struct km_cmp_caches *cc)
{
	u64 s = 0;
	size_t i;

	for (i = 0; i < cc->n; i++)
		if (cc->c[i].accounted == 0)
			s += cc->c[i].bytes;
	return s;
}

static void test_cmp_caches(void **state)
{
	static const char caches[] = CACHES_HEAD
		"dentry 168 192 21 1 1 1 -\nkmalloc-64 64 64 64 1 0 0 -\n"
		"twin 8 8 512 1 0 0 -\ntwin 8 8 512 1 1 0 -\nbig 4096 4096 8 8 0 0 -\n";
	static const char all[] = "# name cgroup active_objs num_objs active_slabs num_slabs objects object_bytes\n"
		"dentry /a 1 21 1 1 10 1920\ndentry /ab 1 21 1 1 10 1920\n"
		"kmalloc-64 /a/b 64 64 1 1 64 4096\nkmalloc-64 <unscoped> 1 64 1 1 1 64\n"
		"twin /a 1 512 1 1 1 8\nbig /a 8 8 2 2 8 32768\nnew /a 1 1 1 1 1 50\n"
		"<large-kmalloc> /a/b 1 1 5 5 0 0\n";
	struct km_cmp_caches cc;
	struct km_caches c;
	struct km_slabs s;
	unsigned int ln;
	const char *why;
	u64 v;

	(void)state;
	assert_int_equal(km_parse_caches(S(caches), &c, &ln, &why), 0);
	assert_int_equal(km_parse_all_slabinfo(S(all), &s, &ln, &why), 0);

	/* Object view, /a: not /ab, not <unscoped>. */
	km_cmp_caches_compute(&s, &c, "/a", true, 4096, &cc);
	assert_int_equal(cc.n, 6);
	assert_string_equal(cc.c[0].name, "big");	/* 32768 unaccounted */
	assert_string_equal(cc.c[1].name, "kmalloc-64");	/* 4096, not 4160 */
	assert_true(cc.c[1].bytes == 4096 && cc.c[1].accounted == 0);
	assert_string_equal(cc.c[2].name, "<large-kmalloc>");	/* 5 pages, unknown */
	assert_true(cc.c[2].bytes == 5 * 4096 && cc.c[2].accounted == -1);
	assert_int_equal(km_cmp_cache_unaccounted(&cc.c[2], &v), -1);
	assert_string_equal(cc.c[3].name, "dentry");
	assert_true(cc.c[3].bytes == 1920 && cc.c[3].accounted == 1);
	assert_int_equal(km_cmp_cache_unaccounted(&cc.c[3], &v), 0);
	assert_true(v == 0);
	/* twin: the same name with different flags is unknown */
	assert_string_equal(cc.c[4].name, "new");
	assert_string_equal(cc.c[5].name, "twin");
	assert_int_equal(cc.c[5].accounted, -1);
	assert_true(cc.unaccounted_total == 32768 + 4096);
	assert_true(cc.unaccounted_total == unaccounted_rows(&cc));
	km_cmp_caches_free(&cc);

	/* Page view, all: slabs x pagesperslab; "new" has no layout. */
	km_cmp_caches_compute(&s, &c, "/", false, 4096, &cc);
	assert_string_equal(cc.c[0].name, "big");
	assert_true(cc.c[0].bytes == 2 * 8 * 4096);
	assert_true(cc.unaccounted_total == 2 * 8 * 4096 + 4096);
	assert_true(cc.unaccounted_total == unaccounted_rows(&cc));
	for (v = 0; v < cc.n; v++)
		if (!strcmp(cc.c[v].name, "new"))
			assert_false(cc.c[v].has_bytes);
		else if (!strcmp(cc.c[v].name, "dentry"))
			assert_true(cc.c[v].bytes == 2 * 4096);
	km_cmp_caches_free(&cc);

	/* A subtree with nothing: no rows, total 0. */
	km_cmp_caches_compute(&s, &c, "/c", true, 4096, &cc);
	assert_true(cc.n == 0 && cc.unaccounted_total == 0);
	km_cmp_caches_free(&cc);
	km_slabs_free(&s);
	km_caches_free(&c);
}

static void test_diff(void **state)
{
	struct km_cmp_row r = { .has_page = true, .page = 8192 };

	(void)state;
	km_cmp_diff(&r);
	assert_false(r.has_diff);	/* no slab from the kernel */
	r.k.has = 1U << KM_KS_SLAB;
	r.k.v[KM_KS_SLAB] = 10000;
	km_cmp_diff(&r);
	assert_true(r.has_diff && r.diff == 8192 - 10000);
	r.has_object = true;
	r.object = 10500;
	km_cmp_diff(&r);
	assert_true(r.diff == 500);	/* the object view first */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memstat),
		cmocka_unit_test(test_cmp_caches),
		cmocka_unit_test(test_diff),
	};

	tap_start();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
