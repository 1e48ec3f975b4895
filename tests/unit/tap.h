/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every unit test program includes: cmocka (with the headers it needs
 * before it), TAP output, and a fix-up for a cmocka 1.1.5 bug.
 *
 * cmocka 1.1.5 (Debian 12) prints a skipped test as "not ok N # SKIP name",
 * which prove counts as a failure; 1.1.6 prints "ok N # SKIP".  tap_start()
 * routes stdout through a line filter that rewrites that one form to
 * "ok N - name # SKIP reason", with the reason given to tap_skip().  Other
 * lines pass through unchanged, so newer cmocka versions are unaffected.
 */
#ifndef KMEMCG_TESTS_TAP_H
#define KMEMCG_TESTS_TAP_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static char tap_reason[256];
static char tap_line[4096];
static size_t tap_len;

static void tap_out(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void tap_flush_line(void)
{
	char out[sizeof(tap_line) + sizeof(tap_reason) + 32];
	unsigned int num;
	int pos = -1, len;

	tap_line[tap_len] = '\0';
	if (sscanf(tap_line, "not ok %u # SKIP %n", &num, &pos) == 1 && pos > 0) {
		char *name = tap_line + pos;

		name[strcspn(name, "\n")] = '\0';
		len = snprintf(out, sizeof(out), "ok %u - %s # SKIP %s\n", num, name,
			       tap_reason[0] ? tap_reason : "skipped");
		tap_out(out, (size_t)len < sizeof(out) ? (size_t)len : sizeof(out) - 1);
		tap_reason[0] = '\0';
	} else {
		tap_out(tap_line, tap_len);
	}
	tap_len = 0;
}

static ssize_t tap_write(void *cookie, const char *buf, size_t n)
{
	size_t i;

	(void)cookie;
	for (i = 0; i < n; i++) {
		tap_line[tap_len++] = buf[i];
		if (buf[i] == '\n' || tap_len == sizeof(tap_line) - 1)
			tap_flush_line();
	}
	return (ssize_t)n;
}

static int tap_close(void *cookie)
{
	(void)cookie;
	if (tap_len)
		tap_flush_line();
	return 0;
}

/* Call first in main(): TAP output through the skip fix-up. */
static inline void tap_start(void)
{
	cookie_io_functions_t io = { .write = tap_write, .close = tap_close };
	FILE *f = fopencookie(NULL, "w", io);

	if (f) {
		fflush(stdout);
		setvbuf(f, NULL, _IOLBF, 0);
		stdout = f;	/* glibc: stdout is an assignable variable */
	}
	cmocka_set_message_output(CM_OUTPUT_TAP);
}

/* Skip the current test, with a reason shown after "# SKIP". */
#define tap_skip(...) do {						\
	snprintf(tap_reason, sizeof(tap_reason), __VA_ARGS__);		\
	skip();								\
} while (0)

#endif /* KMEMCG_TESTS_TAP_H */
