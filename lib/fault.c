// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection into the module's own allocations (tests only): the
 * test_fail_alloc parameter's syntax, and which allocation fails.  The
 * decision is a pure function of the allocation's number (counted from
 * load over every site) and a seed, so it needs no lock, no per-CPU state
 * and no random-number generator: it is usable in any context, NMI
 * included, and a run is reproduced by giving its seed again.
 */

#include "kmemcg/shim.h"
#include "kmemcg/fault.h"

static const char *const kmemcg_fault_site_names[KMEMCG_FAULT_NR] = {
	[KMEMCG_FAULT_TABLE] = "owner_table",
	[KMEMCG_FAULT_OWNER] = "owner",
	[KMEMCG_FAULT_OWNER_ID] = "owner_id",
	[KMEMCG_FAULT_OWNER_CHUNK] = "owner_chunk",
	[KMEMCG_FAULT_GROUP] = "group",
	[KMEMCG_FAULT_NAME] = "group_name",
	[KMEMCG_FAULT_INDEX] = "group_index",
	[KMEMCG_FAULT_WORKQUEUE] = "workqueue",
	[KMEMCG_FAULT_POOL] = "object_pool",
	[KMEMCG_FAULT_POOL_CHUNK] = "object_pool_chunk",
	[KMEMCG_FAULT_VECTOR] = "owner_vector",
	[KMEMCG_FAULT_DEBUGFS] = "debugfs",
	[KMEMCG_FAULT_PERCPU] = "hook_counter",
	[KMEMCG_FAULT_SCOPE] = "scope_list",
	[KMEMCG_FAULT_FILE_BUF] = "file_buffer",
};

/*
 * Parse the decimal digits at the start of @s into *@v.
 * Return: the first character not parsed, or NULL for no digit or a
 * value above @max.
 */
static const char *kmemcg_fault_number(const char *s, u64 max, u64 *v)
{
	const char *p = s;

	*v = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned int d = *p - '0';

		if (*v > (max - d) / 10)
			return NULL;
		*v = *v * 10 + d;
	}
	return p == s ? NULL : p;
}

/* Whether @s starts with @prefix; *@rest set past it. */
static bool kmemcg_fault_prefix(const char *s, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n))
		return false;
	*rest = s + n;
	return true;
}

/**
 * kmemcg_fault_parse - parse the test_fail_alloc module parameter
 * @s: the text: NULL, "" or "off" (no injection); "nth:N", the Nth
 *     allocation counted from load fails (N from 1, at most 2^63 - 1);
 *     "rate:P" or "rate:P:SEED", from the end of the load on each
 *     allocation fails with probability P/1000 (P 0..1000; 0 counts the
 *     allocations and fails none), decided from SEED (a 64-bit decimal;
 *     without one, or with 0, the caller picks one)
 * @spec: filled in on success
 *
 * Nothing may follow, not even a newline (a module parameter has none).
 *
 * Return: 0, or -EINVAL (@spec untouched) for anything else.
 *
 * Serialisation: none; pure function.
 */
int kmemcg_fault_parse(const char *s, struct kmemcg_fault_spec *spec)
{
	struct kmemcg_fault_spec out = { .mode = KMEMCG_FAULT_OFF };
	const char *p;
	u64 v;

	if (!s || !*s || !strcmp(s, "off")) {
		*spec = out;
		return 0;
	}
	if (kmemcg_fault_prefix(s, "nth:", &p)) {
		p = kmemcg_fault_number(p, ~0ULL >> 1, &v);
		if (!p || *p || !v)
			return -EINVAL;
		out.mode = KMEMCG_FAULT_NTH;
		out.nth = v;
	} else if (kmemcg_fault_prefix(s, "rate:", &p)) {
		p = kmemcg_fault_number(p, KMEMCG_FAULT_PERMILLE_MAX, &v);
		if (!p)
			return -EINVAL;
		out.mode = KMEMCG_FAULT_RATE;
		out.permille = v;
		if (*p == ':') {
			p = kmemcg_fault_number(p + 1, ~0ULL, &out.seed);
			if (!p)
				return -EINVAL;
		}
		if (*p)
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	*spec = out;
	return 0;
}

/* splitmix64's finaliser: every input bit moves every output bit. */
static u64 kmemcg_fault_mix(u64 x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/**
 * kmemcg_fault_decide - whether an allocation fails
 * @spec: the parsed parameter
 * @call: the allocation's number, 1 for the first from load
 * @seed: the seed of a rate (the spec's, or the one picked for it)
 *
 * Return: true when allocation @call fails: under nth exactly when @call
 * is N; under rate for a pseudo-random @permille in 1000 of the calls
 * (a hash of @call and @seed); never when off.
 *
 * Serialisation: none; pure function, any context.
 */
bool kmemcg_fault_decide(const struct kmemcg_fault_spec *spec, u64 call, u64 seed)
{
	switch (spec->mode) {
	case KMEMCG_FAULT_NTH:
		return call == spec->nth;
	case KMEMCG_FAULT_RATE:
		return kmemcg_fault_mix(call + kmemcg_fault_mix(seed)) % 1000 < spec->permille;
	default:
		return false;
	}
}

/**
 * kmemcg_fault_site_name - a site's name, as in the stat file's
 *	test_injected_<name> keys and the module's log lines
 * @site: the site
 *
 * Return: the name, "?" for a value out of range.
 *
 * Serialisation: none; pure function.
 */
const char *kmemcg_fault_site_name(enum kmemcg_fault_site site)
{
	return (unsigned int)site < KMEMCG_FAULT_NR ? kmemcg_fault_site_names[site] : "?";
}
