// SPDX-License-Identifier: GPL-2.0
/*
 * lib/size.c, the module's and the CLI's size parser (what a write to
 * memory.kmem.limit_in_bytes and reserve_in_bytes goes through), and its
 * printer.  Properties: the parser reads only buf[0..len); what it
 * accepts is digits with at most one K/M/G/T suffix, or "-1"/"max",
 * with at most one trailing newline, anything else is -EINVAL; an accepted value printed in
 * decimal parses back to itself; the human form never overflows its
 * buffer and parses back (it may round).
 */
#include "fuzz.h"
#include "kmemcg/size.h"

/* What kmemcg_parse_size() is documented to accept (not its values). */
static int shape_ok(const char *s, size_t len)
{
	size_t i = 0;

	if (len && s[len - 1] == '\n')
		len--;
	if ((len == 2 && !memcmp(s, "-1", 2)) || (len == 3 && !memcmp(s, "max", 3)))
		return 1;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (!i)
		return 0;
	if (i == len)
		return 1;
	return i + 1 == len && strchr("kKmMgGtT", s[i]) && s[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *buf = fuzz_buf(data, len), out[64], human[32];
	bool unlimited = false, unl2 = false;
	u64 bytes = 0, again = 0;
	int ret;

	ret = kmemcg_parse_size(buf, len, &bytes, &unlimited);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL);
	/* Right shape: refused only when it does not fit in 64 bits. */
	if (ret == 0)
		FUZZ_CHECK(shape_ok(buf, len));
	if (!shape_ok(buf, len))
		FUZZ_CHECK(ret == -EINVAL);
	if (ret == 0 && !unlimited) {
		int n = snprintf(out, sizeof(out), "%llu", (unsigned long long)bytes);

		FUZZ_CHECK(kmemcg_parse_size(out, (size_t)n, &again, &unl2) == 0);
		FUZZ_CHECK(again == bytes && !unl2);
		n = kmemcg_format_size(human, sizeof(human), bytes);
		FUZZ_CHECK(n > 0 && (size_t)n < sizeof(human));
		FUZZ_CHECK(strlen(human) == (size_t)n);
	}
	free(buf);
	return 0;
}
