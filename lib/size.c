// SPDX-License-Identifier: GPL-2.0
/*
 * Byte sizes as written to and read from memory.kmem.* files: parsing
 * ("64M", "-1", "max") and human-readable printing ("12.5M").  Shared by
 * kmemcg.ko and the kmemcg CLI so both accept and print the same things;
 * no libc number parsing, so that the same source builds in the kernel.
 */

#include "kmemcg/shim.h"
#include "kmemcg/size.h"

#define KMEMCG_U64_MAX	((u64)~0ULL)

/* log2 of the multiplier of a K/M/G/T suffix (either case), or -1. */
static int kmemcg_size_shift(char c)
{
	switch (c) {
	case 'k': case 'K':
		return 10;
	case 'm': case 'M':
		return 20;
	case 'g': case 'G':
		return 30;
	case 't': case 'T':
		return 40;
	default:
		return -1;
	}
}

/* Whether buf[0..len) is exactly the NUL-free string s. */
static bool kmemcg_size_is(const char *buf, size_t len, const char *s)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\0' || buf[i] != s[i])
			return false;
	return s[len] == '\0';
}

/**
 * kmemcg_parse_size - parse a limit written to memory.kmem.limit_in_bytes
 * @buf: the text, not necessarily NUL-terminated
 * @len: bytes in @buf
 * @bytes: the value, in bytes (0 when unlimited)
 * @unlimited: set true for "-1" and "max", false otherwise
 *
 * Accepts decimal digits with an optional single K, M, G or T suffix
 * (either case, powers of 1024), or exactly "-1" or "max"; one trailing
 * newline may follow.  No sign, space, fraction or second suffix letter.
 * The value is not rounded to pages (the caller rounds down).
 *
 * Return: 0 with *@bytes and *@unlimited set, or -EINVAL (outputs not
 * touched) for empty input, garbage, trailing junk, a sign other than the
 * exact "-1", or a value that does not fit in 64 bits before or after the
 * suffix is applied.
 *
 * Serialisation: none; pure function.
 */
int kmemcg_parse_size(const char *buf, size_t len, u64 *bytes, bool *unlimited)
{
	u64 v = 0;
	size_t i;
	int shift = 0;

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len)
		return -EINVAL;

	if (kmemcg_size_is(buf, len, "-1") || kmemcg_size_is(buf, len, "max")) {
		*bytes = 0;
		*unlimited = true;
		return 0;
	}

	for (i = 0; i < len && buf[i] >= '0' && buf[i] <= '9'; i++) {
		unsigned int d = buf[i] - '0';

		if (v > (KMEMCG_U64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	if (!i)
		return -EINVAL;		/* no digits: "", "k", "-5", " 5" */

	if (i < len) {
		shift = kmemcg_size_shift(buf[i]);
		if (shift < 0 || i + 1 != len)
			return -EINVAL;	/* junk, or junk after the suffix */
		if (v > (KMEMCG_U64_MAX >> shift))
			return -EINVAL;
	}

	*bytes = v << shift;
	*unlimited = false;
	return 0;
}

/**
 * kmemcg_format_size - print a byte count in human form
 * @buf: output buffer
 * @size: bytes available in @buf, NUL included
 * @bytes: the value
 *
 * Below 1024 the exact number ("0", "512").  Above, in the largest unit of
 * K, M, G, T, P, E (powers of 1024) the value reaches: with one decimal
 * while under 100 of the unit ("4.0K", "12.5M"), without from 100 up
 * ("100K", "1023M").  Rounded to the nearest printed digit, half up; a
 * value that rounds to 1024 of a unit is printed as "1.0" of the next.
 *
 * Return: the length of the full text, as snprintf() returns it (the
 * output is truncated, NUL-terminated, when @size is smaller).
 *
 * Serialisation: none; pure function.
 */
int kmemcg_format_size(char *buf, size_t size, u64 bytes)
{
	static const char units[] = "KMGTPE";
	unsigned int u, sh;
	u64 whole, rem, tenths, half;

	if (bytes < 1024)
		return snprintf(buf, size, "%llu", (unsigned long long)bytes);

	/* Largest unit with bytes >= 1 of it: 1K = 2^10 ... 1E = 2^60. */
	for (u = 0; u + 1 < sizeof(units) - 1 && (bytes >> (10 * (u + 2))); u++)
		;
	sh = 10 * (u + 1);
	whole = bytes >> sh;			/* 1 .. 1023 */
	rem = bytes & ((1ULL << sh) - 1);	/* < 2^60, so rem * 10 fits */
	half = 1ULL << (sh - 1);

	/* Tenths of the unit, rounded half up. */
	tenths = whole * 10 + ((rem * 10 + half) >> sh);
	if (tenths < 1000)
		return snprintf(buf, size, "%llu.%llu%c",
				(unsigned long long)(tenths / 10),
				(unsigned long long)(tenths % 10), units[u]);

	whole += rem >= half;
	if (whole >= 1024 && u + 1 < sizeof(units) - 1)
		return snprintf(buf, size, "1.0%c", units[u + 1]);
	return snprintf(buf, size, "%llu%c", (unsigned long long)whole, units[u]);
}
