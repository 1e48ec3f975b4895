// SPDX-License-Identifier: GPL-2.0
/*
 * The module's renderers (lib/slabinfo.c, lib/caches.c) against the
 * CLI's parsers of what they print (userspace/slab.c, caches.c): rows
 * made of the input (names from it, figures from its bytes) are
 * rendered as the module renders memory.kmem.slabinfo, the top-level
 * slabinfo and caches files, then parsed back.  Properties: the CLI
 * reads every figure back exactly; the aliases column, into buffers of
 * every size, is NUL-terminated and its returned length is the whole
 * list's.
 */
#include "fuzz.h"
#include "kmemcg.h"
#include "kmemcg/slabinfo.h"
#include "kmemcg/caches.h"

#define ROWS	8
#define CGROUP	"/a/b"

struct in {
	const uint8_t *p;
	size_t n;
};

static u64 take(struct in *in, size_t bytes)
{
	u64 v = 0;

	while (bytes-- && in->n) {
		v = v << 8 | *in->p++;
		in->n--;
	}
	return v;
}

/* A cache name: 1..32 printable bytes of the input, no blank or comma; or NULL. */
static char *take_name(struct in *in)
{
	size_t n = take(in, 1) % 32 + 1, i;
	char *s;

	if (in->n < n)
		return NULL;
	s = fuzz_str(in->p, n);
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == ',')
			s[i] = '_';
	if (n == 1 && (s[0] == '-' || s[0] == '?'))
		s[0] = '_';	/* the caches file's "no aliases", "unknown" */
	in->p += n;
	in->n -= n;
	return s;
}

static void append(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);

	*buf = realloc(*buf, *len + n + 1);
	if (!*buf)
		abort();
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

/* A rendered file the CLI must read back whole: else say what and where. */
static void parsed(int ret, size_t got, size_t want, const char *text, unsigned int line,
		   const char *why)
{
	if (ret || got != want)
		fprintf(stderr, "%s\n-- line %u: %s\n", text, line, ret ? why : "rows lost");
	FUZZ_CHECK(!ret && got == want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct kmemcg_slabinfo_row r[ROWS];
	struct kmemcg_caches_row c[ROWS];
	struct kmemcg_slab_link links[ROWS];
	char *names[ROWS], *slab = NULL, *all = NULL, *caches = NULL, line[512];
	size_t n = 0, i, ls = 0, la = 0, lc = 0;
	struct in in = { data, len };
	struct km_slabs ps = { 0 }, pa = { 0 };
	struct km_caches pc = { 0 };
	unsigned int ln;
	const char *why;

	append(&slab, &ls, KMEMCG_SLABINFO_HEADER);
	append(&all, &la, KMEMCG_ALL_SLABINFO_HEADER);
	append(&caches, &lc, KMEMCG_CACHES_HEADER "\n");
	while (n < ROWS && (names[n] = take_name(&in))) {
		memset(&r[n], 0, sizeof(r[n]));
		r[n].name = names[n];
		r[n].num_objs = take(&in, 8);
		r[n].active_objs = r[n].num_objs ? take(&in, 8) % r[n].num_objs : 0;
		r[n].objsize = take(&in, 4);
		r[n].objperslab = take(&in, 4);
		r[n].pagesperslab = take(&in, 1);	/* 1 << order, small */
		r[n].num_slabs = take(&in, 8);
		r[n].object_bytes = take(&in, 8);
		r[n].objects = take(&in, 8);
		r[n].accounted_object_bytes = r[n].object_bytes ?
			take(&in, 8) % r[n].object_bytes : 0;
		c[n] = (struct kmemcg_caches_row){ names[n], take(&in, 4), take(&in, 4),
			take(&in, 4), take(&in, 4), take(&in, 1) & 1, take(&in, 1) & 1,
			n ? names[n - 1] : NULL };
		links[n] = (struct kmemcg_slab_link){ names[n], names[n ? n - 1 : 0] };
		kmemcg_slabinfo_line(line, sizeof(line), &r[n]);
		append(&slab, &ls, line);
		kmemcg_slabinfo_all_line(line, sizeof(line), CGROUP, &r[n]);
		append(&all, &la, line);
		kmemcg_caches_line(line, sizeof(line), &c[n]);
		append(&caches, &lc, line);
		n++;
	}
	parsed(km_parse_slabinfo(slab, ls, &ps, &ln, &why), ps.n, n, slab, ln, why);
	parsed(km_parse_all_slabinfo(all, la, &pa, &ln, &why), pa.n, n, all, ln, why);
	parsed(km_parse_caches(caches, lc, &pc, &ln, &why), pc.n, n, caches, ln, why);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(!strcmp(ps.s[i].name, names[i]) && !strcmp(pa.s[i].name, names[i]));
		FUZZ_CHECK(ps.s[i].active_objs == r[i].active_objs &&
			   ps.s[i].num_objs == r[i].num_objs &&
			   ps.s[i].objsize == r[i].objsize &&
			   ps.s[i].objperslab == r[i].objperslab &&
			   ps.s[i].pagesperslab == r[i].pagesperslab &&
			   ps.s[i].num_slabs == r[i].num_slabs);
		FUZZ_CHECK(!strcmp(pa.s[i].cgroup, CGROUP));
		FUZZ_CHECK(pa.s[i].objects == r[i].objects &&
			   pa.s[i].object_bytes == r[i].object_bytes &&
			   pa.s[i].accounted_object_bytes == r[i].accounted_object_bytes);
		FUZZ_CHECK(!strcmp(pc.c[i].name, names[i]) &&
			   pc.c[i].object_size == c[i].object_size &&
			   pc.c[i].accounted == c[i].accounted &&
			   !strcmp(pc.c[i].aliases, c[i].aliases ? c[i].aliases : ""));
	}
	for (i = 0; i < n; i++) {
		char full[ROWS * 34], cut[ROWS * 34];
		int whole = kmemcg_caches_aliases(full, sizeof(full), links, n,
						  names[i], names[n - 1]);
		size_t sz;

		FUZZ_CHECK(whole >= 0 && (size_t)whole == strlen(full));
		for (sz = 0; sz <= (size_t)whole + 1; sz++) {
			FUZZ_CHECK(kmemcg_caches_aliases(cut, sz, links, n, names[i],
							 names[n - 1]) == whole);
			if (sz)
				FUZZ_CHECK(!strncmp(cut, full, sz - 1) && strlen(cut) < sz);
		}
	}
	km_slabs_free(&ps);
	km_slabs_free(&pa);
	km_caches_free(&pc);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(slab);
	free(all);
	free(caches);
	return 0;
}
