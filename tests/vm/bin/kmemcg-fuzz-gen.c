// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg-fuzz, inputs: boundary values of each kind of file, mutations
 * of valid ones (junk after, before, inside; a second newline), valid
 * text with a NUL inside or after it,
 * random text from the characters the parsers look at, random binary,
 * and overlong writes (up to 1 MiB).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kmemcg-fuzz.h"

static const char *const sizes[] = {
	"", "\n", " ", "\t\n", "0", "0\n", "1", "4095", "4096", "4097\n", "8k", "8K\n",
	"1M", "64M\n", "1G", "2t", "3P", "1KK", "1K\n\n", "-1", "-1\n", "max", "max\n",
	"MAX", "max ", " max", "-0", "-2", "+1", "1 ", " 1", "0x10", "010", "1e3", "1.5M",
	"nan", "18446744073709551615", "18446744073709551616", "17179869183G",
	"17179869184G", "16777216T", "16777215T", "9223372036854771712",
	"9223372036854775807", "9223372036854775808", "99999999999999999999999",
	"000000000000000000000000000000000000000000000000000000000000000",
	"0000000000000000000000000000000000000000000000000000000000000000",
	"1\n2", "1\r\n", "\xff\xfe", "१२",
};
static const char *const flags[] = { "0", "1", "0\n", "1\n", "2", "-1", "01", "1 ", " 1",
	"1\n\n", "10", "true", "", "\n", "0x1", "+1", "1\r" };
static const char *const lines[] = {
	"over_limit fail\n", "over_limit count", "over_limit reclaim\n", "over_limit  fail",
	"over_limit\tcount\n", "over_limit fail\n\n", "over_limit fail extra\n",
	"over_limit", "over_limit ", " over_limit fail", "over_limit FAIL", "over_limit f",
	"scope all\n", "scope list\n", "scope kernel\n", "scope_list -\n",
	"scope_list dentry,kmalloc-64\n", "scope_list dentry,dentry\n", "scope_list a,,b\n",
	"scope_list ,a\n", "scope_list a,\n",
	"scope_list a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p\n",
	"scope_list a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q\n",
	"scope_list aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	"scope_list aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	"on_delete reparent\n", "on_delete unaccount\n", "on_delete dead\n",
	"granularity page\n", "granularity object\n", "granularity shadow\n",
	"granularity pages\n", "hierarchy hierarchical\n", "hierarchy flat\n",
	"shadow_enforce page\n", "shadow_enforce object\n", "shadow_enforce x\n",
	"deletion reparent\n", "enforce 1\n", "\n", "", " ", "over_limit fail\r\n",
	"over_limit fail\nscope all\n",
};
/* Valid text with a NUL inside or after it: junk, whatever comes first. */
#define NUL(s)	{ s, sizeof(s) - 1 }
static const struct { const char *s; size_t n; } nuls[] = {
	NUL("1\0"), NUL("0\0"), NUL("1\0junk"), NUL("0\n\0"), NUL("1\n\0"), NUL("\0"),
	NUL("\0" "1"), NUL("64M\0"), NUL("max\0"), NUL("-1\0x"), NUL("4096\n\0"),
	NUL("over_limit count\0"), NUL("over_limit count\n\0"), NUL("scope all\0junk\n"),
};

static const char chars[] = "0123456789kKmMgGtTxX-+ \t\n\r.,eE_abcdfilmnoprstuvy";

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static const char *pick(int kind, unsigned int *seed)
{
	if (kind == 5)
		return lines[rand_r(seed) % N(lines)];
	if (kind == 2)
		return flags[rand_r(seed) % N(flags)];
	return sizes[rand_r(seed) % N(sizes)];
}

size_t fz_gen(int kind, char *buf, unsigned int *seed)
{
	unsigned int r = rand_r(seed) % 100, i;
	size_t len;

	if (r < 5) {				/* a NUL inside */
		i = rand_r(seed) % N(nuls);
		len = nuls[i].n;
		memcpy(buf, nuls[i].s, len);
	} else if (r < 35) {			/* a boundary value */
		const char *s = pick(kind, seed);

		len = strlen(s);
		memcpy(buf, s, len);
	} else if (r < 65) {			/* a mutation of one */
		const char *s = pick(kind, seed);

		len = strlen(s);
		memcpy(buf, s, len);
		for (i = 1 + rand_r(seed) % 3; i; i--) {
			size_t at = len ? rand_r(seed) % (len + 1) : 0;
			char c = rand_r(seed) % 4 ? chars[rand_r(seed) % (N(chars) - 1)] :
				 (char)rand_r(seed);

			switch (rand_r(seed) % 3) {
			case 0:			/* insert */
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = c;
				len++;
				break;
			case 1:			/* replace */
				if (at < len)
					buf[at] = c;
				break;
			default:		/* delete */
				if (at < len) {
					memmove(buf + at, buf + at + 1, len - at - 1);
					len--;
				}
			}
		}
	} else if (r < 85) {			/* random text */
		len = rand_r(seed) % 80;
		for (i = 0; i < len; i++)
			buf[i] = chars[rand_r(seed) % (N(chars) - 1)];
	} else if (r < 95) {			/* random binary */
		len = rand_r(seed) % 20;
		for (i = 0; i < len; i++)
			buf[i] = (char)rand_r(seed);
	} else {				/* overlong */
		static const size_t big[] = { 7, 8, 63, 64, 65, 500, 4095, 4096, 4097,
					      65536, FZ_IN_MAX };

		len = big[rand_r(seed) % N(big)];
		for (i = 0; i < len; i++)
			buf[i] = "0123456789"[i % 10];
		if (len >= 2 && rand_r(seed) % 2)
			buf[len - 1] = '\n';
	}
	return len;
}
