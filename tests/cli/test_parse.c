// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the kmemcg CLI's parsers, sorting and rendering
 * (userspace/), on buffers: well-formed, malformed and truncated module
 * files, numbers, cgroup paths, sizes, recordings.  The binary's
 * end-to-end behaviour and error messages are test_cli's.
 */
#include "tap.h"
#include <stdlib.h>
#include <unistd.h>
#include "kmemcg.h"

#define S(x)	x, sizeof(x) - 1
/* A memory.kmem.slabinfo with no cache: its two header lines. */
#define KMEMCG_SLABINFO_HEADER_TEST \
	"slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"

static void test_numbers(void **state)
{
	unsigned long n;
	double d;
	u64 v;

	(void)state;
	assert_int_equal(km_parse_u64("0", &v), 0);
	assert_int_equal(km_parse_u64("18446744073709551615", &v), 0);
	assert_true(v == 18446744073709551615ULL);
	assert_int_equal(km_parse_u64("18446744073709551616", &v), -ERANGE);
	assert_int_equal(km_parse_u64("", &v), -EINVAL);
	assert_int_equal(km_parse_u64("-1", &v), -EINVAL);
	assert_int_equal(km_parse_u64(" 1", &v), -EINVAL);
	assert_int_equal(km_parse_u64("+1", &v), -EINVAL);
	assert_int_equal(km_parse_u64("1 ", &v), -EINVAL);
	assert_int_equal(km_parse_u64("0x10", &v), -EINVAL);
	assert_int_equal(km_parse_count("3", &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(km_parse_count("0", &n), -ERANGE);
	assert_int_equal(km_parse_count("3x", &n), -EINVAL);
	assert_int_equal(km_parse_seconds("0.5", &d), 0);
	assert_true(d == 0.5);
	assert_int_equal(km_parse_seconds("2", &d), 0);
	assert_int_equal(km_parse_seconds("0", &d), -ERANGE);
	assert_int_equal(km_parse_seconds("nan", &d), -EINVAL);
	assert_int_equal(km_parse_seconds("inf", &d), -EINVAL);
	assert_int_equal(km_parse_seconds("1e9", &d), -ERANGE);
	assert_int_equal(km_parse_seconds("-1", &d), -EINVAL);
	assert_int_equal(km_parse_seconds("1s", &d), -EINVAL);
}

static void test_paths(void **state)
{
	static const char *const cases[][2] = {
		{ "/sys/fs/cgroup/a/b", "/a/b" }, { "a/b", "/a/b" }, { "/a/b", "/a/b" },
		{ "/a/b/", "/a/b" }, { "a//b", "/a/b" }, { "", "/" }, { "/", "/" },
		{ "/sys/fs/cgroup", "/" }, { "/sys/fs/cgroup/", "/" },
		{ "/sys/fs/cgroupx", "/sys/fs/cgroupx" }, { "a.b/c d", "/a.b/c d" },
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(km_cgroup_path(cases[i][0], out, sizeof(out)), 0);
		assert_string_equal(out, cases[i][1]);
	}
	assert_int_equal(km_cgroup_path("a/../b", out, sizeof(out)), -EINVAL);
	assert_int_equal(km_cgroup_path("./a", out, sizeof(out)), -EINVAL);
	assert_int_equal(km_cgroup_path("/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
					out, sizeof(out)), -ENAMETOOLONG);
}

static void test_sizes(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(km_size(b, sizeof(b), 0, false), "0");
	assert_string_equal(km_size(b, sizeof(b), 12 << 20 | 512 << 10, false), "12.5M");
	assert_string_equal(km_size(b, sizeof(b), 12 << 20, true), "12582912");
	assert_string_equal(km_size(b, sizeof(b), 9223372036854771712ULL, false), "max");
	assert_string_equal(km_size(b, sizeof(b), 9223372036854771712ULL, true), "max");
	assert_string_equal(km_size(b, sizeof(b), 9223372036854710272ULL, true), "max");
}

static void test_value(void **state)
{
	const char *why = NULL;
	u64 v;

	(void)state;
	assert_int_equal(km_parse_value(S("4096\n"), &v, &why), 0);
	assert_true(v == 4096);
	assert_int_equal(km_parse_value(S(""), &v, &why), -EINVAL);
	assert_string_equal(why, "empty file");
	assert_int_equal(km_parse_value(S("4096"), &v, &why), -EINVAL);
	assert_string_equal(why, "truncated (no newline)");
	assert_int_equal(km_parse_value(S("40x6\n"), &v, &why), -EINVAL);
	assert_string_equal(why, "not a number");
	assert_int_equal(km_parse_value(S("\n"), &v, &why), -EINVAL);
	assert_int_equal(km_parse_value("1\0\n", 3, &v, &why), -EINVAL);
}

static void test_kv(void **state)
{
	struct km_kvs kv;
	unsigned int line;
	const char *why;
	long long v;

	(void)state;
	assert_int_equal(km_parse_kv(S("a 1\nb -2\n"), &kv, &line, &why), 0);
	assert_int_equal(kv.n, 2);
	assert_true(km_kv_get(&kv, "b", &v) && v == -2);
	assert_false(km_kv_get(&kv, "c", &v));
	km_kv_free(&kv);
	assert_int_equal(km_parse_kv(S(""), &kv, &line, &why), 0);
	assert_int_equal(kv.n, 0);
	assert_int_equal(km_parse_kv(S("a 1\nb 2"), &kv, &line, &why), -EINVAL);
	assert_int_equal(line, 2);
	assert_string_equal(why, "truncated line (no newline)");
	assert_int_equal(km_parse_kv(S("a\n"), &kv, &line, &why), -EINVAL);
	assert_string_equal(why, "expected \"key value\"");
	assert_int_equal(km_parse_kv(S("a 1 2\n"), &kv, &line, &why), -EINVAL);
	assert_int_equal(km_parse_kv(S("a 1x\n"), &kv, &line, &why), -EINVAL);
	assert_string_equal(why, "value is not a number");
}

static void test_version(void **state)
{
	char ver[16], kern[64];
	const char *why;

	(void)state;
	assert_int_equal(km_parse_version(S("kmemcg 0.1.0\nkernel 6.1.0-9-amd64\n"), ver,
					  sizeof(ver), kern, sizeof(kern), &why), 0);
	assert_string_equal(ver, "0.1.0");
	assert_string_equal(kern, "6.1.0-9-amd64");
	assert_int_equal(km_parse_version(S("kmemcg 0.1.0\nkernel 6.1"), ver, sizeof(ver),
					  kern, sizeof(kern), &why), -EINVAL);
	assert_int_equal(km_parse_version(S("kmemcg 0.1.0\n"), ver, sizeof(ver), kern,
					  sizeof(kern), &why), -EINVAL);
}

#define HEAD "slabinfo - version: 2.1\n# name <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"

static void test_slabinfo(void **state)
{
	char line[256];
	struct km_slabs s, t;
	unsigned int ln;
	const char *why;
	char *buf;
	int n;

	(void)state;
	/* Exactly the module's format string. */
	n = snprintf(line, sizeof(line),
		     "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n",
		     "dentry", 100UL, 126UL, 192U, 21U, 1, 0U, 0U, 0U, 6UL, 6UL, 0UL);
	buf = malloc(sizeof(HEAD) + (size_t)n * 2 + 64);
	strcpy(buf, HEAD);
	strcat(buf, line);
	strcat(buf, "<large-kmalloc>        3      3   8192    1    2 : tunables    0    0    0 : slabdata      3      3      0\n");
	assert_int_equal(km_parse_slabinfo(buf, strlen(buf), &s, &ln, &why), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.s[0].name, "dentry");
	assert_true(s.s[0].active_objs == 100 && s.s[0].num_objs == 126 &&
		    s.s[0].objsize == 192 && s.s[0].objperslab == 21 &&
		    s.s[0].pagesperslab == 1 && s.s[0].num_slabs == 6);
	assert_string_equal(s.s[1].name, KMEMCG_SLABINFO_LARGE);

	/* Sorting: by size, by name; merging sums same-named caches. */
	km_slabs_sort(&s, KM_SLAB_SIZE);
	assert_string_equal(s.s[0].name, "dentry");	/* 6 pages vs 6 */
	km_slabs_sort(&s, KM_SLAB_NAME);
	assert_string_equal(s.s[0].name, "<large-kmalloc>");
	km_slabs_sort(&s, KM_SLAB_OBJSIZE);
	assert_string_equal(s.s[0].name, "<large-kmalloc>");
	assert_int_equal(km_parse_slabinfo(buf, strlen(buf), &t, &ln, &why), 0);
	km_slabs_merge(&s, &t);
	assert_int_equal(s.n, 2);
	assert_true(s.s[1].num_objs == 252 || s.s[0].num_objs == 252);
	km_slabs_free(&t);
	km_slabs_free(&s);

	/* Truncated anywhere: an error, never a partial table. */
	for (n = 0; n < (int)strlen(buf); n++) {
		int r = km_parse_slabinfo(buf, (size_t)n, &s, &ln, &why);

		if (n == (int)sizeof(HEAD) - 1 || n == (int)(sizeof(HEAD) - 1 + strlen(line))) {
			assert_int_equal(r, 0);	/* a whole number of lines */
			km_slabs_free(&s);
		} else {
			assert_int_equal(r, -EINVAL);
		}
	}
	free(buf);

	assert_int_equal(km_parse_slabinfo(S(HEAD "a 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1\n"),
					   &s, &ln, &why), -EINVAL);
	assert_int_equal(ln, 3);
	assert_int_equal(km_parse_slabinfo(S(HEAD "a 1 2 3 4 5 ; tunables 0 0 0 : slabdata 1 1 0\n"),
					   &s, &ln, &why), -EINVAL);
	assert_int_equal(km_parse_slabinfo(S(HEAD "a 1 2 3 4 -5 : tunables 0 0 0 : slabdata 1 1 0\n"),
					   &s, &ln, &why), -EINVAL);
	assert_string_equal(why, "a field is not a number");
}

static void test_all_slabinfo(void **state)
{
	struct km_slabs s;
	unsigned int ln;
	const char *why;

	(void)state;
	assert_int_equal(km_parse_all_slabinfo(S("# name cgroup-path active_objs num_objs active_slabs num_slabs\ndentry / 1 2 3 4\nkmalloc-64 /a/b 5 6 7 8\n"),
					       &s, &ln, &why), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.s[1].cgroup, "/a/b");
	assert_true(s.s[1].num_slabs == 8);
	km_slabs_sort(&s, KM_SLAB_OBJS);
	assert_string_equal(s.s[0].name, "kmalloc-64");
	km_slabs_free(&s);
	assert_int_equal(km_parse_all_slabinfo(S(""), &s, &ln, &why), -EINVAL);
	assert_string_equal(why, "empty file");
	assert_int_equal(km_parse_all_slabinfo(S("# h\nd / 1 2 3 4"), &s, &ln, &why), -EINVAL);
	assert_int_equal(ln, 2);
	assert_int_equal(km_parse_all_slabinfo(S("# h\nd / 1 2 3 4 5\n"), &s, &ln, &why), -EINVAL);

	/* With the object view's two columns (a module with granularities). */
	assert_int_equal(km_parse_all_slabinfo(S("# name cgroup active_objs num_objs active_slabs num_slabs objects object_bytes\ndentry / 1 2 3 4 5 960\nkmalloc-64 /a 0 0 0 0 10 640\n"),
					       &s, &ln, &why), 0);
	assert_true(s.s[0].objects == 5 && s.s[0].object_bytes == 960 && s.s[0].num_slabs == 4);
	assert_true(km_slab_count(&s.s[1]) == 0 && s.s[1].objects == 10);
	s.s[1].obj_view = true;
	assert_true(km_slab_count(&s.s[1]) == 10 && km_slab_bytes(&s.s[1]) == 640);
	km_slabs_free(&s);
	assert_int_equal(km_parse_all_slabinfo(S("# h\nd / 1 2 3 4 5 6 7\n"), &s, &ln, &why), -EINVAL);
	assert_int_equal(km_parse_all_slabinfo(S("# h\nd / 1 2 3 4 5 x\n"), &s, &ln, &why), -EINVAL);
	assert_string_equal(why, "a field is not a number");
}

static void test_object_view(void **state)
{
	struct km_slabs s, t;
	unsigned int ln;
	const char *why;

	(void)state;
	/* memory.kmem.slabinfo in the object view: 40 objects of 192 bytes */
	assert_int_equal(km_parse_slabinfo(S(HEAD "dentry 40 40 192 21 1 : tunables 0 0 0 : slabdata 2 2 0\n"),
					   &s, &ln, &why), 0);
	km_slabs_object_view(&s);
	assert_true(s.s[0].obj_view && s.s[0].objects == 40 && s.s[0].object_bytes == 7680);
	assert_true(km_slab_bytes(&s.s[0]) == 7680);
	s.s[0].obj_view = false;	/* the page view of the same line: 2 one-page slabs */
	assert_true(km_slab_bytes(&s.s[0]) == km_slab_page_bytes(&s.s[0]) &&
		    km_slab_page_bytes(&s.s[0]) == 2 * (u64)sysconf(_SC_PAGESIZE));
	s.s[0].obj_view = true;
	assert_int_equal(km_parse_slabinfo(S(HEAD "dentry 5 5 192 21 1 : tunables 0 0 0 : slabdata 1 1 0\n"),
					   &t, &ln, &why), 0);
	km_slabs_object_view(&t);
	km_slabs_merge(&s, &t);
	assert_true(s.n == 1 && s.s[0].objects == 45 && s.s[0].object_bytes == 8640);
	km_slabs_free(&t);
	km_slabs_free(&s);
}

static void test_policy(void **state)
{
	static const char good[] = "granularity shadow\nshadow_enforce object\ndeletion reparent\n";
	struct km_policy p;
	unsigned int ln;
	const char *why;
	char d[96];
	size_t n;

	(void)state;
	assert_int_equal(km_parse_policy(S("granularity page\n"), &p, &ln, &why), 0);
	assert_true(p.gran == KM_GRAN_PAGE && p.view == KM_VIEW_PAGE && p.file);
	/* shadow_enforce means nothing outside shadow */
	assert_int_equal(km_parse_policy(S("shadow_enforce object\ngranularity object\n"), &p, &ln,
					 &why), 0);
	assert_true(p.gran == KM_GRAN_OBJECT && p.view == KM_VIEW_OBJECT);
	assert_int_equal(km_parse_policy(S("granularity shadow\nshadow_enforce page\n"), &p, &ln,
					 &why), 0);
	assert_true(p.gran == KM_GRAN_SHADOW && p.view == KM_VIEW_PAGE);
	assert_string_equal(km_policy_describe(d, sizeof(d), &p),
			    "shadow granularity, limits on the page view");
	assert_int_equal(km_parse_policy(S(good), &p, &ln, &why), 0);	/* unknown key ignored */
	assert_true(p.gran == KM_GRAN_SHADOW && p.view == KM_VIEW_OBJECT);
	assert_string_equal(km_gran_name(p.gran), KMEMCG_GRAN_SHADOW);
	assert_string_equal(km_view_name(p.view), KMEMCG_GRAN_OBJECT);

	assert_int_equal(km_parse_policy(S("granularity slab\n"), &p, &ln, &why), -EINVAL);
	assert_int_equal(ln, 1);
	assert_string_equal(why, "the granularity is not page, object or shadow");
	assert_int_equal(km_parse_policy(S("granularity shadow\nshadow_enforce shadow\n"), &p, &ln,
					 &why), -EINVAL);
	assert_int_equal(ln, 2);
	assert_int_equal(km_parse_policy(S("granularity shadow\n"), &p, &ln, &why), -EINVAL);
	assert_string_equal(why, "no shadow_enforce line under shadow granularity");
	assert_int_equal(km_parse_policy(S("deletion reparent\n"), &p, &ln, &why), -EINVAL);
	assert_string_equal(why, "no granularity line");
	assert_int_equal(km_parse_policy(S("granularity page extra\n"), &p, &ln, &why), -EINVAL);
	assert_string_equal(why, "expected \"key value\"");
	assert_int_equal(km_parse_policy("granularity page\0\n", 18, &p, &ln, &why), -EINVAL);
	assert_string_equal(why, "binary data");

	/* Truncated anywhere: an error, but for the whole first two lines. */
	for (n = 0; n < sizeof(good) - 1; n++) {
		int r = km_parse_policy(good, n, &p, &ln, &why);

		if (n == strlen("granularity shadow\nshadow_enforce object\n"))
			assert_int_equal(r, 0);
		else
			assert_int_equal(r, -EINVAL);
	}
}

static struct km_cg km_cg_of(const char *path, int depth, size_t parent, u64 usage)
{
	struct km_cg c = { .path = strdup(path), .depth = depth, .parent = parent,
			   .usage = usage, .limit = KM_UNLIMITED };
	return c;
}

static void test_sort_render(void **state)
{
	struct km_snap s = { .n = 5 };
	char *text = NULL;
	size_t len;
	FILE *f;

	(void)state;
	s.cg = calloc(5, sizeof(*s.cg));
	s.cg[0] = km_cg_of("/", 0, (size_t)-1, 100);
	s.cg[1] = km_cg_of("/b", 1, 0, 10);
	s.cg[2] = km_cg_of("/a", 1, 0, 50);
	s.cg[3] = km_cg_of("/b/x", 2, 1, 5);
	s.cg[4] = km_cg_of("/a/y", 2, 2, 40);
	km_snap_sort_tree(&s, KM_SORT_NAME);
	assert_string_equal(s.cg[1].path, "/a");
	assert_string_equal(s.cg[2].path, "/a/y");
	assert_string_equal(s.cg[3].path, "/b");
	km_snap_sort_tree(&s, KM_SORT_USAGE);
	assert_string_equal(s.cg[1].path, "/a");
	s.cg[3].usage = 60;	/* /b now above /a */
	km_snap_sort_tree(&s, KM_SORT_USAGE);
	assert_string_equal(s.cg[1].path, "/b");
	assert_string_equal(s.cg[2].path, "/b/x");

	f = open_memstream(&text, &len);
	km_tree_render(f, &s, true);
	fclose(f);
	assert_non_null(strstr(text, "\n/ "));
	assert_non_null(strstr(text, "\n  b "));
	assert_non_null(strstr(text, "\n    x "));
	assert_non_null(strstr(text, " max "));
	free(text);

	km_snap_sort_flat(&s, KM_SORT_USAGE);
	assert_string_equal(s.cg[0].path, "/");
	assert_string_equal(s.cg[1].path, "/b");
	km_snap_sort_flat(&s, KM_SORT_NAME);
	assert_string_equal(s.cg[4].path, "/b/x");
	assert_non_null(km_snap_find(&s, "/a/y"));
	assert_null(km_snap_find(&s, "/zz"));
	km_snap_free(&s);
}

/*
 * Shadow: each view's usage is the sum of the own figures over the
 * subtree; tree and export show both.
 */
static void test_views(void **state)
{
	struct km_snap s = { .n = 4, .views = true,
			     .policy = { .gran = KM_GRAN_SHADOW, .view = KM_VIEW_OBJECT } };
	struct km_kvs st = { 0 };
	char *text = NULL, *nl;
	const char *why;
	unsigned int ln;
	size_t len;
	FILE *f;

	(void)state;
	s.cg = calloc(4, sizeof(*s.cg));
	s.cg[0] = km_cg_of("/", 0, (size_t)-1, 0);
	s.cg[1] = km_cg_of("/a", 1, 0, 0);
	s.cg[2] = km_cg_of("/a/b", 2, 1, 0);
	s.cg[3] = km_cg_of("/c", 1, 0, 0);
	s.cg[0].page_usage = 1000, s.cg[0].object_usage = 100;
	s.cg[1].page_usage = 2000, s.cg[1].object_usage = 200;
	s.cg[2].page_usage = 4000, s.cg[2].object_usage = 400;
	s.cg[3].page_usage = 8000, s.cg[3].object_usage = 800;
	km_snap_sum_views(&s);
	assert_true(s.cg[0].page_usage == 15000 && s.cg[0].object_usage == 1500);
	assert_true(s.cg[1].page_usage == 6000 && s.cg[1].object_usage == 600);
	assert_true(s.cg[2].page_usage == 4000 && s.cg[3].object_usage == 800);

	f = open_memstream(&text, &len);
	km_tree_render(f, &s, true);
	fclose(f);
	nl = strchr(text, '\n');
	assert_non_null(nl);
	*nl = '\0';
	assert_string_equal(text, "CGROUP                           OBJECT_USAGE        LIMIT    MAX_USAGE    FAILCNT         PAGE       OBJECT");
	assert_non_null(strstr(nl + 1, "          0         6000          600\n"));
	free(text);

	f = open_memstream(&text, &len);
	km_prom_render(f, &s, &st, "0.1.0", "7.3");
	fclose(f);
	assert_non_null(strstr(text, "kmemcg_policy_info{granularity=\"shadow\",enforced_view=\"object\"} 1\n"));
	assert_non_null(strstr(text, "kmemcg_page_usage_bytes{cgroup=\"/a\"} 6000\n"));
	assert_non_null(strstr(text, "kmemcg_object_usage_bytes{cgroup=\"/\"} 1500\n"));
	free(text);

	/* Page granularity: no views, no object figures even when present. */
	s.views = false;
	s.policy.gran = KM_GRAN_PAGE;
	s.policy.view = KM_VIEW_PAGE;
	assert_int_equal(km_parse_kv(S("object_bytes 5\ntracked_objects 1\n"), &st, &ln, &why), 0);
	f = open_memstream(&text, &len);
	km_prom_render(f, &s, &st, "0.1.0", "7.3");
	fclose(f);
	assert_non_null(strstr(text, "kmemcg_policy_info{granularity=\"page\",enforced_view=\"page\"} 1\n"));
	assert_null(strstr(text, "usage_bytes{cgroup=\"/a\"} 6000"));
	assert_null(strstr(text, "kmemcg_global_object_bytes"));
	assert_null(strstr(text, "kmemcg_tracked_objects"));
	free(text);
	f = open_memstream(&text, &len);
	km_tree_render(f, &s, true);
	fclose(f);
	assert_non_null(strstr(text, "CGROUP                                  USAGE        LIMIT    MAX_USAGE    FAILCNT\n"));
	assert_null(strstr(text, "6000"));
	free(text);
	km_kv_free(&st);
	km_snap_free(&s);
}

static void test_prom_csv(void **state)
{
	struct km_snap s = { .n = 1 };
	struct km_kvs st = { 0 };
	char *text = NULL;
	size_t len;
	FILE *f;

	(void)state;
	s.cg = calloc(1, sizeof(*s.cg));
	s.cg[0] = km_cg_of("/a\"b\\c", 1, (size_t)-1, 7);
	f = open_memstream(&text, &len);
	km_prom_render(f, &s, &st, "0.1.0", "6.12");
	fclose(f);
	assert_non_null(strstr(text, "kmemcg_usage_bytes{cgroup=\"/a\\\"b\\\\c\"} 7\n"));
	assert_non_null(strstr(text, "kmemcg_limit_bytes{cgroup=\"/a\\\"b\\\\c\"} +Inf\n"));
	assert_non_null(strstr(text, "# TYPE kmemcg_usage_bytes gauge\n"));
	free(text);
	km_snap_free(&s);

	f = open_memstream(&text, &len);
	km_csv_field(f, "/plain");
	fputc('|', f);
	km_csv_field(f, "/a,\"b\"");
	fclose(f);
	assert_string_equal(text, "/plain|\"/a,\"\"b\"\"\"");
	free(text);
}

static void test_recording(void **state)
{
	struct km_recording r;
	unsigned int ln;
	const char *why;
	char *text = NULL;
	size_t len;
	FILE *f;

	(void)state;
	assert_int_equal(km_rec_is_csv("a.csv"), 1);
	assert_int_equal(km_rec_is_csv("a.jsonl"), 0);
	assert_int_equal(km_rec_is_csv("a.json"), 0);
	assert_int_equal(km_rec_is_csv("a.txt"), -1);
	assert_int_equal(km_rec_is_csv("dir.csv/a"), -1);
	assert_int_equal(km_rec_parse(S("time,cgroup,usage_bytes,limit_bytes,cache\n1.5,\"/a,b\",10,,\n2,/x,1,2,\n3,/x,,,dentry\n"),
				      true, &r, &ln, &why), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.s[0].cgroup, "/a,b");
	assert_true(r.s[0].limit == KM_UNLIMITED && r.s[1].limit == 2 && r.s[0].time == 1.5);
	f = open_memstream(&text, &len);
	assert_int_equal(km_plot_render(f, &r, "t<&>"), 0);
	fclose(f);
	assert_non_null(strstr(text, "<svg "));
	assert_non_null(strstr(text, "/a,b"));
	assert_non_null(strstr(text, "t&lt;&amp;&gt;"));
	free(text);
	km_rec_free(&r);

	assert_int_equal(km_rec_parse(S("{\"time\": 1.5, \"cgroup\": \"/\", \"usage_bytes\": 3, \"limit_bytes\": null}\n{\"time\": 2, \"cgroup\": \"/\", \"cache\": \"d\"}\n"),
				      false, &r, &ln, &why), 0);
	assert_int_equal(r.n, 1);
	km_rec_free(&r);
	assert_int_equal(km_rec_parse(S("time,cgroup,usage_bytes,limit_bytes\n1,/,2,3,4\n"), true,
				      &r, &ln, &why), -EINVAL);
	assert_string_equal(why, "wrong number of fields");
	assert_int_equal(km_rec_parse(S("time,cgroup,usage_bytes,limit_bytes\n1,\"/,2,3\n"), true,
				      &r, &ln, &why), -EINVAL);
	assert_int_equal(km_rec_parse(S("time,cgroup,usage_bytes,limit_bytes\n"), true, &r, &ln,
				      &why), -EINVAL);
	assert_string_equal(why, "no samples");
	assert_int_equal(km_rec_parse(S("[1]\n"), false, &r, &ln, &why), -EINVAL);
	assert_string_equal(why, "not a JSON object");
}

/*
 * What the fuzzers (tests/fuzz) found, each with the input that showed it
 * (also in tests/fuzz/corpus/): every one must stay fixed.
 */
static void test_fuzz_found(void **state)
{
	struct km_recording r;
	double d;
	struct km_slabs s;
	struct km_caches c;
	unsigned int ln;
	const char *why;
	char *text = NULL;
	size_t len;
	FILE *f;

	(void)state;
	/* Seconds are decimal: strtod() alone took "0x8" for 8. */
	assert_int_equal(km_parse_seconds("0x8", &d), -EINVAL);
	assert_int_equal(km_parse_seconds("1e1", &d), 0);
	assert_true(d == 10);
	/* An empty list sorted: qsort(NULL, 0) is undefined (UBSan here). */
	assert_int_equal(km_parse_slabinfo(S(KMEMCG_SLABINFO_HEADER_TEST), &s, &ln, &why), 0);
	assert_int_equal(s.n, 0);
	km_slabs_sort(&s, KM_SLAB_SIZE);
	km_slabs_free(&s);
	assert_int_equal(km_parse_caches(S(KMEMCG_CACHES_HEADER "\n"), &c, &ln, &why), 0);
	assert_int_equal(c.n, 0);
	km_caches_free(&c);
	/* Binary data: read as empty (line 0) or cut short at the NUL. */
	assert_int_equal(km_parse_caches(S("\0# name\n"), &c, &ln, &why), -EINVAL);
	assert_string_equal(why, "binary data");
	assert_int_equal(km_parse_caches(S(KMEMCG_CACHES_HEADER "\n\0junk"), &c, &ln, &why),
			 -EINVAL);
	/* A cache whose name starts with '#' is a row, not a second header. */
	assert_int_equal(km_parse_all_slabinfo(S("# name cgroup active_objs num_objs active_slabs num_slabs objects object_bytes\n#0_x /a 1 2 3 4 5 6\n"),
					       &s, &ln, &why), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.s[0].name, "#0_x");
	km_slabs_free(&s);
	/* Times that are not Unix seconds: plot's axis looped for ever. */
	assert_int_equal(km_rec_parse(S("time,cgroup,usage_bytes,limit_bytes\nnan,/,1,\n"), true,
				      &r, &ln, &why), -EINVAL);
	assert_int_equal(km_rec_parse(S("time,cgroup,usage_bytes,limit_bytes\n3e45,/,1,\n"), true,
				      &r, &ln, &why), -EINVAL);
	assert_int_equal(km_rec_parse(S("time,cgroup,usage_bytes,limit_bytes\n-1,/,1,\n"), true,
				      &r, &ln, &why), -EINVAL);
	assert_int_equal(km_rec_parse(S("{\"time\": 1e300, \"cgroup\": \"/\", \"usage_bytes\": 3, \"limit_bytes\": null}\n"),
				      false, &r, &ln, &why), -EINVAL);
	assert_string_equal(why, "the time is not Unix seconds");
	/* The largest time taken, twice: one second of axis, a few ticks. */
	assert_int_equal(km_rec_parse(S("time,cgroup,usage_bytes,limit_bytes\n1e11,/,1,\n1e11,/,2,\n"),
				      true, &r, &ln, &why), 0);
	f = open_memstream(&text, &len);
	assert_int_equal(km_plot_render(f, &r, "t"), 0);
	fclose(f);
	assert_non_null(strstr(text, "</svg>"));
	free(text);
	km_rec_free(&r);
}

static void test_policy_axes(void **state)
{
	static const char all[] = "granularity shadow\nshadow_enforce object\nscope list\n"
		"scope_list dentry,kmalloc-64\non_delete dead\nhierarchy flat\nover_limit reclaim\n"
		"future_axis 7\n";
	static struct km_policy p;
	unsigned int ln;
	const char *why;
	char big[2048];
	int i;

	(void)state;
	assert_int_equal(km_parse_policy(S(all), &p, &ln, &why), 0);
	assert_int_equal(p.has, (1U << KM_AX_N) - 1);
	assert_string_equal(p.val[KM_AX_SCOPE], KMEMCG_SCOPE_LIST_NAME);
	assert_string_equal(p.val[KM_AX_SCOPE_LIST], "dentry,kmalloc-64");
	assert_string_equal(p.val[KM_AX_ON_DELETE], KMEMCG_DELETE_DEAD_NAME);
	assert_string_equal(p.val[KM_AX_HIERARCHY], KMEMCG_HIERARCHY_FLAT_NAME);
	assert_string_equal(p.val[KM_AX_OVER_LIMIT], KMEMCG_OVER_LIMIT_RECLAIM_NAME);
	assert_true(p.gran == KM_GRAN_SHADOW && p.view == KM_VIEW_OBJECT);
	/* a module before the other axes: only granularity */
	assert_int_equal(km_parse_policy(S("granularity page\n"), &p, &ln, &why), 0);
	assert_int_equal(p.has, 1U << KM_AX_GRANULARITY);

	assert_int_equal(km_parse_policy(S("granularity page\nover_limit maybe\n"), &p, &ln, &why),
			 -EINVAL);
	assert_int_equal(ln, 2);
	assert_string_equal(why, "over_limit is not fail, count, reclaim or fail_all");
	assert_int_equal(km_parse_policy(S("granularity page\non_delete keep\n"), &p, &ln, &why),
			 -EINVAL);
	assert_string_equal(why, "on_delete is not reparent, unaccount or dead");
	assert_int_equal(km_parse_policy(S("scope some\ngranularity page\n"), &p, &ln, &why),
			 -EINVAL);
	assert_string_equal(why, "scope is not all, list or kernel");
	assert_int_equal(km_parse_policy(S("granularity page\nhierarchy deep\n"), &p, &ln, &why),
			 -EINVAL);
	assert_string_equal(why, "hierarchy is not hierarchical or flat");
	assert_int_equal(km_parse_policy(S("granularity page\nscope_list a,,b\n"), &p, &ln, &why),
			 -EINVAL);
	assert_string_equal(why, "scope_list is not a list of cache names separated by commas, or -");
	assert_int_equal(km_parse_policy(S("granularity page\nscope_list -\n"), &p, &ln, &why), 0);
	assert_string_equal(p.val[KM_AX_SCOPE_LIST], KMEMCG_SCOPE_LIST_NONE);

	/* the longest scope list: 16 names of 63 characters */
	i = snprintf(big, sizeof(big), "granularity page\nscope_list ");
	for (int k = 0; k < KMEMCG_SCOPE_LIST_MAX; k++)
		i += snprintf(big + i, sizeof(big) - (size_t)i, "%s%c%.62s", k ? "," : "", 'a' + k,
			      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	big[i++] = '\n';
	assert_int_equal(km_parse_policy(big, (size_t)i, &p, &ln, &why), 0);
	assert_int_equal(strlen(p.val[KM_AX_SCOPE_LIST]), KM_POLICY_VAL_MAX - 1);

	assert_int_equal(km_axis_find(KMEMCG_POLICY_OVER_LIMIT), KM_AX_OVER_LIMIT);
	assert_int_equal(km_axis_find("deletion"), -1);
	assert_int_equal(km_axis_check(KM_AX_OVER_LIMIT, KMEMCG_OVER_LIMIT_COUNT_NAME), 0);
	assert_int_equal(km_axis_check(KM_AX_OVER_LIMIT, "Count"), -EINVAL);
	assert_int_equal(km_axis_check(KM_AX_SCOPE_LIST, "dentry"), 0);
	assert_int_equal(km_axis_check(KM_AX_SCOPE_LIST, "den try"), -EINVAL);
}

/* The module's refusals of "policy set", as sentences. */
static void test_refusal(void **state)
{
	static struct km_policy p;
	unsigned int ln;
	const char *why;
	char b[512];

	(void)state;
	assert_int_equal(km_parse_policy(S("granularity page\nshadow_enforce page\nhierarchy hierarchical\nover_limit fail\n"),
					 &p, &ln, &why), 0);
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_HIERARCHY, "flat", EBUSY),
			    "hierarchy is fixed when the module loads (it is hierarchical); to change it, reload the module: modprobe -r kmemcg && modprobe kmemcg hierarchy=flat");
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_GRANULARITY, "object", EBUSY),
			    "granularity is fixed when the module loads (it is page); to change it, reload the module: modprobe -r kmemcg && modprobe kmemcg granularity=object");
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_SHADOW_ENFORCE, "object", EBUSY),
			    "shadow_enforce can change only under shadow granularity (the module is at page granularity, which has one view); load it with granularity=shadow to enforce limits on either view");
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_OVER_LIMIT, "count", EBUSY),
			    "the module cannot change over_limit now (busy); try again");
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_OVER_LIMIT, "count", EINVAL),
			    "the module does not take 'count': over_limit must be fail, count, reclaim or fail_all; the module and the CLI (" KMEMCG_VERSION ") may not match: check kmemcg status");
	/* EINVAL for an axis the module's file does not have */
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_SCOPE, "all", EINVAL),
			    "the loaded module has no scope axis (it predates it); update the kmemcg module (kmemcg status shows its version)");
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_SCOPE, "all", EPERM),
			    "permission denied; run as root, with CAP_SYS_ADMIN (sudo kmemcg policy set ...)");
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_SCOPE, "all", EACCES), b);
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_SCOPE_LIST, "dentry", ENOMEM),
			    "the module is out of memory; free some memory and try again");
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_SCOPE, "all", ENOENT),
			    "the loaded module has no policy file (it predates policies); update the kmemcg module");
	assert_string_equal(km_policy_refusal(b, sizeof(b), &p, KM_AX_SCOPE, "all", EIO),
			    "Input/output error");
	/* a tiny buffer: truncated, still a string */
	assert_int_equal(strlen(km_policy_refusal(b, 8, &p, KM_AX_HIERARCHY, "flat", EBUSY)), 7);
}

static void test_dead_info(void **state)
{
	static const char good[] = "path /a/old\nremoved_s 100\nage_s 3723\nbytes 1048576\n";
	struct km_dead d = { 0 };
	unsigned int ln;
	const char *why;
	char age[32];
	size_t n;

	(void)state;
	assert_int_equal(km_parse_dead_info(S(good), &d, &ln, &why), 0);
	assert_string_equal(d.path, "/a/old");
	assert_true(d.removed_s == 100 && d.age_s == 3723 && d.bytes == 1048576);
	free(d.path);
	assert_int_equal(km_parse_dead_info(S("bytes 5\nfuture x y\npath /a b\n"), &d, &ln, &why), 0);
	assert_string_equal(d.path, "/a b");
	assert_true(d.age_s == -1 && d.removed_s == -1 && d.bytes == 5);
	free(d.path);
	assert_int_equal(km_parse_dead_info(S("path /a\n"), &d, &ln, &why), -EINVAL);
	assert_string_equal(why, "no path or bytes line");
	assert_int_equal(km_parse_dead_info(S("bytes 1\n"), &d, &ln, &why), -EINVAL);
	assert_int_equal(km_parse_dead_info(S("path /a\nbytes -1\n"), &d, &ln, &why), -EINVAL);
	assert_string_equal(why, "value is not a number");
	assert_int_equal(ln, 2);
	assert_int_equal(km_parse_dead_info(S("path /a\nbytes 99999999999999999999\n"), &d, &ln, &why),
			 -EINVAL);
	assert_int_equal(km_parse_dead_info(S("path a\nbytes 1\n"), &d, &ln, &why), -EINVAL);
	assert_string_equal(why, "the path is not a cgroup path");
	assert_int_equal(km_parse_dead_info(S("path\nbytes 1\n"), &d, &ln, &why), -EINVAL);
	assert_string_equal(why, "expected \"key value\"");
	assert_int_equal(km_parse_dead_info("path /a\0\nbytes 1\n", 16, &d, &ln, &why), -EINVAL);
	assert_string_equal(why, "binary data");
	/* Truncated anywhere: an error (bytes, which it needs, is the last line). */
	for (n = 0; n < sizeof(good) - 1; n++) {
		int r = km_parse_dead_info(good, n, &d, &ln, &why);

		assert_int_equal(r, -EINVAL);
	}

	assert_string_equal(km_age(age, sizeof(age), -1), "-");
	assert_string_equal(km_age(age, sizeof(age), 0), "0s");
	assert_string_equal(km_age(age, sizeof(age), 59), "59s");
	assert_string_equal(km_age(age, sizeof(age), 60), "1m00s");
	assert_string_equal(km_age(age, sizeof(age), 3599), "59m59s");
	assert_string_equal(km_age(age, sizeof(age), 3723), "1h02m");
	assert_string_equal(km_age(age, sizeof(age), 86400 + 7200 + 59), "1d02h");
}

static void test_pseudo(void **state)
{
	struct km_slabs s;
	unsigned int ln;
	const char *why;

	(void)state;
	assert_true(km_cgroup_pseudo(KMEMCG_PATH_UNSCOPED));
	assert_true(km_cgroup_pseudo(KMEMCG_PATH_UNACCOUNTED));
	assert_true(km_cgroup_pseudo("<dead:1>"));
	assert_true(km_cgroup_pseudo("<dead:18446744073709551615>"));
	assert_false(km_cgroup_pseudo("<dead:0>"));
	assert_false(km_cgroup_pseudo("<dead:01>"));
	assert_false(km_cgroup_pseudo("<dead:+1>"));
	assert_false(km_cgroup_pseudo("<dead: 1>"));
	assert_false(km_cgroup_pseudo("<dead:1>>"));
	assert_false(km_cgroup_pseudo("<dead:1"));
	assert_false(km_cgroup_pseudo("<dead:>"));
	assert_false(km_cgroup_pseudo("<unscoped"));
	assert_false(km_cgroup_pseudo("/a"));
	assert_int_equal(km_parse_all_slabinfo(S("# h\nd / 1 2 3 4 5 6\nd <dead:3> 1 2 3 4 5 6\nk <unscoped> 1 1 1 1 0 0\n"),
					       &s, &ln, &why), 0);
	assert_int_equal(s.n, 3);
	km_slabs_sort(&s, KM_SLAB_OBJS);	/* pseudo groups last, whatever the key */
	assert_string_equal(s.s[0].cgroup, "/");
	assert_string_equal(s.s[2].cgroup, KMEMCG_PATH_UNSCOPED);
	km_slabs_free(&s);
	assert_int_equal(km_parse_all_slabinfo(S("# h\nd <dead:x> 1 2 3 4 5 6\n"), &s, &ln, &why),
			 -EINVAL);
	assert_string_equal(why, "the cgroup is not a path");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_value),
		cmocka_unit_test(test_kv),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_slabinfo),
		cmocka_unit_test(test_all_slabinfo),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_policy_axes),
		cmocka_unit_test(test_refusal),
		cmocka_unit_test(test_dead_info),
		cmocka_unit_test(test_pseudo),
		cmocka_unit_test(test_object_view),
		cmocka_unit_test(test_views),
		cmocka_unit_test(test_sort_render),
		cmocka_unit_test(test_prom_csv),
		cmocka_unit_test(test_recording),
		cmocka_unit_test(test_fuzz_found),
	};

	tap_start();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
