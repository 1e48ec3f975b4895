// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of lib/size.c: every accepted and rejected form of a limit
 * written to memory.kmem.limit_in_bytes (the VM tests check the same
 * cases against the module), and the human-readable printing.
 * One TAP test per case, named after the input.
 */
#include <stdlib.h>

#include "tap.h"
#include "kmemcg/size.h"

#define U64_ALL	(~(uint64_t)0)

struct parse_case {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	int err;
	bool unlimited;
	uint64_t bytes;
};

#define OK(s, b)	{ s, 0, 0, false, b }
#define UNL(s)		{ s, 0, 0, true, 0 }
#define BAD(s)		{ s, 0, -EINVAL, false, 0 }

static const struct parse_case parse_cases[] = {
	/* Plain bytes and suffixes, either case, powers of 1024. */
	OK("4096", 4096),
	OK("0", 0),
	OK("1", 1),
	OK("007", 7),
	OK("4k", 4096),
	OK("4K", 4096),
	OK("64M", 64ULL << 20),
	OK("64m", 64ULL << 20),
	OK("1G", 1ULL << 30),
	OK("1g", 1ULL << 30),
	OK("1T", 1ULL << 40),
	OK("1t", 1ULL << 40),
	OK("0K", 0),
	/* Not rounded to pages here: the caller rounds down. */
	OK("4097", 4097),
	/* Unlimited. */
	UNL("-1"),
	UNL("max"),
	/* One trailing newline, as echo writes. */
	OK("4096\n", 4096),
	OK("4k\n", 4096),
	OK("64M\n", 64ULL << 20),
	UNL("-1\n"),
	UNL("max\n"),
	/* The edges of 64 bits. */
	OK("18446744073709551615", U64_ALL),
	OK("16777215T", 16777215ULL << 40),
	OK("17179869183G", 17179869183ULL << 30),
	BAD("18446744073709551616"),
	BAD("99999999999999999999"),
	BAD("123456789012345678901234567890"),
	BAD("16777216T"),
	BAD("17179869184G"),
	BAD("18014398509481984K"),
	/* Empty and garbage. */
	BAD(""),
	BAD("\n"),
	BAD("\n\n"),
	BAD("4096\n\n"),
	BAD("\n4096"),
	BAD("4096\r\n"),
	BAD("1.0"),
	BAD("1xx"),
	BAD("xx"),
	BAD("4KB"),
	BAD("4kk"),
	BAD("4k "),
	BAD("4 k"),
	BAD("k"),
	BAD("K\n"),
	BAD("4P"),
	BAD("0x10"),
	/* Signs and spaces: only the exact "-1". */
	BAD("-5"),
	BAD("-0"),
	BAD("-01"),
	BAD("-1k"),
	BAD("--1"),
	BAD("-"),
	BAD("-1 "),
	BAD("+5"),
	BAD("+1"),
	BAD(" 5"),
	BAD("5 "),
	BAD("\t5"),
	BAD("MAX"),
	BAD("Max"),
	BAD("max "),
	BAD("maxx"),
	BAD("ma"),
	BAD("unlimited"),
	/* len, not NUL, ends the input. */
	{ "4096xyz", 4, 0, false, 4096 },
	{ "4k!", 2, 0, false, 4096 },
	{ "max!", 3, 0, true, 0 },
	{ "-1!", 2, 0, true, 0 },
	{ "maximum", 2, -EINVAL, false, 0 },
	{ "4\0", 2, -EINVAL, false, 0 },
	{ "\0", 1, -EINVAL, false, 0 },
};

struct format_case {
	uint64_t in;
	const char *out;
};

static const struct format_case format_cases[] = {
	{ 0, "0" },
	{ 1, "1" },
	{ 512, "512" },
	{ 1023, "1023" },
	{ 1024, "1.0K" },
	{ 1075, "1.0K" },		/* 1.0498K rounds down */
	{ 1076, "1.1K" },		/* 1.0508K rounds up */
	{ 1536, "1.5K" },
	{ 4096, "4.0K" },
	{ 102338, "99.9K" },		/* 99.939K */
	{ 102349, "100K" },		/* 99.950K: 100.0 has no decimal */
	{ 102400, "100K" },
	{ 524288, "512K" },
	{ 1047552, "1023K" },
	{ 1048064, "1.0M" },		/* 1023.5K rounds to 1024K */
	{ 1048575, "1.0M" },
	{ 1048576, "1.0M" },
	{ 13107200, "12.5M" },
	{ 3435973837ULL, "3.2G" },
	{ 1ULL << 40, "1.0T" },
	{ 1ULL << 50, "1.0P" },
	{ 1ULL << 60, "1.0E" },
	{ U64_ALL, "16.0E" },
};

static void escape(char *dst, size_t size, const char *s, size_t len)
{
	size_t o = 0, i;

	for (i = 0; i < len && o + 5 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n')
			o += (size_t)snprintf(dst + o, size - o, "\\n");
		else if (c == '\r')
			o += (size_t)snprintf(dst + o, size - o, "\\r");
		else if (c == '\t')
			o += (size_t)snprintf(dst + o, size - o, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			o += (size_t)snprintf(dst + o, size - o, "\\x%02x", c);
		else
			dst[o++] = (char)c;
	}
	dst[o] = '\0';
}

static void test_parse(void **state)
{
	const struct parse_case *tc = *state;
	size_t len = tc->len ? tc->len : strlen(tc->in);
	uint64_t bytes = 0xdeadbeef;
	bool unlimited = true;
	char *buf;
	int err;

	/* An exact-size copy, so that a read past len is caught (ASan). */
	buf = malloc(len ? len : 1);
	assert_non_null(buf);
	memcpy(buf, tc->in, len);
	err = kmemcg_parse_size(buf, len, &bytes, &unlimited);
	free(buf);

	assert_int_equal(err, tc->err);
	if (err) {
		/* Outputs are left alone on error. */
		assert_true(bytes == 0xdeadbeef);
		assert_true(unlimited);
		return;
	}
	assert_int_equal(unlimited, tc->unlimited);
	assert_true(bytes == tc->bytes);
}

static void test_format(void **state)
{
	const struct format_case *tc = *state;
	char buf[32];
	int n;

	memset(buf, 'X', sizeof(buf));
	n = kmemcg_format_size(buf, sizeof(buf), tc->in);
	assert_string_equal(buf, tc->out);
	assert_int_equal(n, (int)strlen(tc->out));
}

/* Truncation and the length returned are snprintf's. */
static void test_format_truncates(void **state)
{
	char buf[8];
	int n;

	(void)state;
	memset(buf, 'X', sizeof(buf));
	n = kmemcg_format_size(buf, 3, 13107200);
	assert_int_equal(n, 5);
	assert_string_equal(buf, "12");
	assert_int_equal(buf[3], 'X');

	n = kmemcg_format_size(buf, 1, 512);
	assert_int_equal(n, 3);
	assert_string_equal(buf, "");

	n = kmemcg_format_size(NULL, 0, 1ULL << 30);
	assert_int_equal(n, 4);
}

/* Every printed value parses back, where the text has no decimal. */
static void test_format_parses_back(void **state)
{
	static const uint64_t vals[] = { 0, 1, 512, 1023, 102400, 1047552 };
	char buf[32];
	uint64_t back;
	bool unl;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		kmemcg_format_size(buf, sizeof(buf), vals[i]);
		assert_int_equal(kmemcg_parse_size(buf, strlen(buf), &back, &unl), 0);
		assert_true(back == vals[i]);
		assert_false(unl);
	}
}

int main(void)
{
	size_t np = ARRAY_SIZE(parse_cases), nf = ARRAY_SIZE(format_cases);
	size_t n = np + nf + 2, i, t = 0;
	struct CMUnitTest *tests = calloc(n, sizeof(*tests));
	char esc[128];
	int rc;

	if (!tests)
		return 1;
	tap_start();

	for (i = 0; i < np; i++) {
		const struct parse_case *tc = &parse_cases[i];
		char *name;

		escape(esc, sizeof(esc), tc->in, tc->len ? tc->len : strlen(tc->in));
		if (asprintf(&name, "parse \"%s\"%s%s", esc,
			     tc->len ? " (len-bounded)" : "",
			     tc->err ? " is rejected" : tc->unlimited ? " is unlimited" : "") < 0)
			return 1;
		tests[t++] = (struct CMUnitTest){ .name = name, .test_func = test_parse,
						  .initial_state = (void *)tc };
	}
	for (i = 0; i < nf; i++) {
		const struct format_case *tc = &format_cases[i];
		char *name;

		if (asprintf(&name, "format %llu is \"%s\"",
			     (unsigned long long)tc->in, tc->out) < 0)
			return 1;
		tests[t++] = (struct CMUnitTest){ .name = name, .test_func = test_format,
						  .initial_state = (void *)tc };
	}
	tests[t++] = (struct CMUnitTest){ .name = "format truncates like snprintf",
					  .test_func = test_format_truncates };
	tests[t++] = (struct CMUnitTest){ .name = "format output without decimals parses back",
					  .test_func = test_format_parses_back };

	rc = _cmocka_run_group_tests("size", tests, t, NULL, NULL);
	for (i = 0; i < np + nf; i++)
		free((char *)tests[i].name);
	free(tests);
	return rc;
}
