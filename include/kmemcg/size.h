/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing and printing of byte sizes, shared by the module (what a write to
 * memory.kmem.limit_in_bytes accepts) and the kmemcg CLI, so both accept and
 * print exactly the same things.
 */
#ifndef KMEMCG_SIZE_H
#define KMEMCG_SIZE_H

#include "shim.h"

/*
 * Parse a limit as written to memory.kmem.limit_in_bytes: a decimal number
 * of bytes with an optional K, M, G or T suffix (either case, powers of
 * 1024), or "-1" or "max" for unlimited.  One trailing newline is allowed
 * (echo adds it); nothing else may follow.  len is the number of bytes in
 * buf (buf need not be NUL-terminated).
 *
 * Returns 0 and sets *bytes (*unlimited true and *bytes 0 for -1/max), or
 * -EINVAL for an empty string, garbage, trailing junk, a sign other than the
 * exact "-1", or a value that does not fit in 64 bits.
 */
int kmemcg_parse_size(const char *buf, size_t len, u64 *bytes, bool *unlimited);

/*
 * Print bytes in human form into buf (at most size bytes, NUL-terminated):
 * "0", "512", "4.0K", "12.5M", "3.2G", ... (one decimal under 100 of the
 * unit, none from 100 up; units of 1024).  Returns the length written, as
 * snprintf does.
 */
int kmemcg_format_size(char *buf, size_t size, u64 bytes);

#endif /* KMEMCG_SIZE_H */
