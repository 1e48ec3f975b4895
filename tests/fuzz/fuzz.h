/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the libFuzzer targets (tests/fuzz/fuzz_*.c): the input as a
 * NUL-terminated heap copy of exactly len + 1 bytes, so AddressSanitizer
 * catches a read one byte past the end, and FUZZ_CHECK, an oracle that
 * aborts (a crash libFuzzer saves as crash-*) when a property fails.
 */
#ifndef KMEMCG_FUZZ_H
#define KMEMCG_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

/* A NUL-terminated copy of data[0..len). */
static inline char *fuzz_str(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (!s)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

/* An exact-size copy (no terminator): reads past len are caught. */
static inline char *fuzz_buf(const uint8_t *data, size_t len)
{
	char *s = malloc(len ? len : 1);

	if (!s)
		abort();
	memcpy(s, data, len);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

#endif /* KMEMCG_FUZZ_H */
