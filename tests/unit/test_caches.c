// SPDX-License-Identifier: GPL-2.0
/*
 * lib/caches.c: the caches file's lines and its aliases column, from links
 * as a 6.12 guest's /sys/kernel/slab has them (names and targets copied
 * from one).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <string.h>
#include <cmocka.h>
#include "kmemcg/caches.h"
#include "kmemcg/files.h"
#include "tap.h"

static const struct kmemcg_slab_link links[] = {
	{ "anon_vma_chain", ":A-0000064" },
	{ "dentry", ":a-0000192" },
	{ "kmalloc-cg-64", ":A-0000064" },
	{ "pid", ":A-0000128" },
	{ "vmap_area", ":0000064" },
	{ "kmalloc-64", ":0000064" },
};

static void test_header(void **state)
{
	(void)state;
	assert_string_equal(KMEMCG_CACHES_HEADER,
		"# name object_size slot_size objperslab pagesperslab accounted reclaimable aliases");
}

static void test_line(void **state)
{
	const struct kmemcg_caches_row r = {
		.name = "kmalloc-cg-64", .object_size = 64, .slot_size = 64,
		.objperslab = 64, .pagesperslab = 1, .accounted = true,
		.aliases = "anon_vma_chain",
	};
	struct kmemcg_caches_row r2 = {
		.name = "dentry", .object_size = 192, .slot_size = 192,
		.objperslab = 21, .pagesperslab = 1, .reclaimable = true,
	};
	char buf[256];
	int len;

	(void)state;
	len = kmemcg_caches_line(buf, sizeof(buf), &r);
	assert_string_equal(buf, "kmalloc-cg-64 64 64 64 1 1 0 anon_vma_chain\n");
	assert_int_equal(len, (int)strlen(buf));
	/* No aliases: NULL and "" both print "-". */
	kmemcg_caches_line(buf, sizeof(buf), &r2);
	assert_string_equal(buf, "dentry 192 192 21 1 0 1 -\n");
	r2.aliases = "";
	kmemcg_caches_line(buf, sizeof(buf), &r2);
	assert_string_equal(buf, "dentry 192 192 21 1 0 1 -\n");
	r2.aliases = KMEMCG_CACHES_ALIAS_UNKNOWN;
	kmemcg_caches_line(buf, sizeof(buf), &r2);
	assert_string_equal(buf, "dentry 192 192 21 1 0 1 ?\n");
	/* Truncation reports the full length, as snprintf does. */
	assert_int_equal(kmemcg_caches_line(buf, 8, &r), len);
	assert_int_equal(strlen(buf), 7);
}

static void test_aliases(void **state)
{
	char buf[256];
	int len;

	(void)state;
	/* The cache's own name is left out, the others kept in order. */
	len = kmemcg_caches_aliases(buf, sizeof(buf), links, 6, ":A-0000064", "kmalloc-cg-64");
	assert_string_equal(buf, "anon_vma_chain");
	assert_int_equal(len, (int)strlen(buf));
	len = kmemcg_caches_aliases(buf, sizeof(buf), links, 6, ":0000064", "kmalloc-64");
	assert_string_equal(buf, "vmap_area");
	len = kmemcg_caches_aliases(buf, sizeof(buf), links, 6, ":A-0000064", "nobody");
	assert_string_equal(buf, "anon_vma_chain,kmalloc-cg-64");
	assert_int_equal(len, 28);
	/* None: "" and 0; an unmergeable cache's directory is its name. */
	assert_int_equal(kmemcg_caches_aliases(buf, sizeof(buf), links, 6, ":A-0000128", "pid"),
			 0);
	assert_string_equal(buf, "");
	assert_int_equal(kmemcg_caches_aliases(buf, sizeof(buf), links, 6, "kmemcg_test",
					       "kmemcg_test"), 0);
	assert_string_equal(buf, "");
	assert_int_equal(kmemcg_caches_aliases(buf, sizeof(buf), links, 0, ":A-0000064", "x"), 0);
}

static void test_aliases_truncated(void **state)
{
	char buf[32];
	size_t size;

	(void)state;
	/* Every size: the full length, a NUL-terminated prefix of the list. */
	for (size = 0; size <= 30; size++) {
		memset(buf, 'x', sizeof(buf));
		assert_int_equal(kmemcg_caches_aliases(buf, size, links, 6, ":A-0000064", "nobody"),
				 28);
		if (size) {
			assert_int_equal(strlen(buf), size - 1 < 28 ? size - 1 : 28);
			assert_memory_equal(buf, "anon_vma_chain,kmalloc-cg-64", strlen(buf));
		}
		assert_int_equal(buf[size], 'x');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_aliases_truncated),
	};

	tap_start();
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("caches", tests, NULL, NULL);
}
