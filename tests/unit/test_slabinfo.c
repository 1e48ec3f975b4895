// SPDX-License-Identifier: GPL-2.0
/*
 * lib/slabinfo.c renders exactly what /proc/slabinfo prints: the expected
 * strings below are lines of a real 6.12 /proc/slabinfo, character for
 * character.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "kmemcg/slabinfo.h"
#include "tap.h"

static void test_proc_line(void **state)
{
	const struct kmemcg_slabinfo_row r = {
		.name = "dentry", .active_objs = 20706, .num_objs = 20706,
		.objsize = 192, .objperslab = 21, .pagesperslab = 1,
		.num_slabs = 986,
	};
	char buf[256];

	(void)state;
	kmemcg_slabinfo_line(buf, sizeof(buf), &r);
	assert_string_equal(buf,
		"dentry             20706  20706    192   21    1 : tunables    0    0    0 : slabdata    986    986      0\n");
}

static void test_long_name_and_big_numbers(void **state)
{
	const struct kmemcg_slabinfo_row r = {
		.name = "kmalloc-rnd-15-8k", .active_objs = 1234567, .num_objs = 1234568,
		.objsize = 8192, .objperslab = 4, .pagesperslab = 8, .num_slabs = 308642,
	};
	char buf[256];

	(void)state;
	kmemcg_slabinfo_line(buf, sizeof(buf), &r);
	assert_string_equal(buf,
		"kmalloc-rnd-15-8k 1234567 1234568   8192    4    8 : tunables    0    0    0 : slabdata 308642 308642      0\n");
}

static void test_header(void **state)
{
	(void)state;
	assert_string_equal(KMEMCG_SLABINFO_HEADER,
		"slabinfo - version: 2.1\n"
		"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
}

static void test_all_line(void **state)
{
	const struct kmemcg_slabinfo_row r = {
		.name = "shmem_inode_cache", .active_objs = 10, .num_objs = 21,
		.objsize = 760, .objperslab = 21, .pagesperslab = 4, .num_slabs = 1,
		.objects = 3, .object_bytes = 2280, .accounted_object_bytes = 760,
	};
	char buf[256];
	int len;

	(void)state;
	len = kmemcg_slabinfo_all_line(buf, sizeof(buf), "/a/b", &r);
	assert_string_equal(buf, "shmem_inode_cache /a/b 10 21 1 1 3 2280 760\n");
	assert_int_equal(len, (int)strlen(buf));
	/* Truncation reports the full length, as snprintf does. */
	assert_int_equal(kmemcg_slabinfo_all_line(buf, 8, "/a/b", &r), len);
	assert_int_equal(strlen(buf), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_line),
		cmocka_unit_test(test_long_name_and_big_numbers),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_all_line),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("slabinfo", tests, NULL, NULL);
}
