// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg caches: every slab cache of the kernel, from the module's
 * top-level caches file (include/kmemcg/files.h, KMEMCG_FILE_CACHES): its
 * object and slot sizes, objects and pages per slab, whether the kernel's
 * memcg accounts it (SLAB_ACCOUNT), whether it is reclaimable, and the
 * names SLUB merged into it.  Sorted by name; --accounted or
 * --unaccounted keeps one kind; a table, JSON or CSV.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "kmemcg.h"

void km_caches_free(struct km_caches *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->c[i].name);
		free(c->c[i].aliases);
	}
	free(c->c);
	c->c = NULL;
	c->n = 0;
}

/* "0" or "1" */
static int km_parse_bit(const char *s, bool *v)
{
	if (strcmp(s, "0") && strcmp(s, "1"))
		return -EINVAL;
	*v = s[0] == '1';
	return 0;
}

static int km_parse_cache(char *line, struct km_cache *c, const char **why)
{
	u64 v[4];
	char *tok[9];
	int i;

	if (km_split(line, tok, 9) != 8) {
		*why = "expected 8 fields: " KMEMCG_CACHES_HEADER;
		return -EINVAL;
	}
	for (i = 0; i < 4; i++)
		if (km_parse_u64(tok[i + 1], &v[i]) || v[i] > 0xffffffffULL) {
			*why = "a size or count is not a number";
			return -EINVAL;
		}
	if (km_parse_bit(tok[5], &c->accounted) || km_parse_bit(tok[6], &c->reclaimable)) {
		*why = "accounted and reclaimable must be 0 or 1";
		return -EINVAL;
	}
	c->object_size = v[0];
	c->slot_size = v[1];
	c->objperslab = v[2];
	c->pagesperslab = v[3];
	c->aliases_known = strcmp(tok[7], KMEMCG_CACHES_ALIAS_UNKNOWN);
	c->name = km_strdup(tok[0]);
	c->aliases = km_strdup(!strcmp(tok[7], KMEMCG_CACHES_NO_ALIAS) || !c->aliases_known ?
			       "" : tok[7]);
	return 0;
}

int km_parse_caches(const char *buf, size_t len, struct km_caches *out,
		    unsigned int *line, const char **why)
{
	char *copy = km_alloc(len + 1), *p, *nl;
	struct km_caches res = { 0 };
	int ret = 0;

	*line = 0;
	if (memchr(buf, '\0', len)) {	/* else read as cut short there */
		free(copy);
		*why = "binary data";
		return -EINVAL;
	}
	memcpy(copy, buf, len);
	copy[len] = '\0';
	for (p = copy; *p && !ret; p = nl) {
		nl = strchr(p, '\n');
		if (!nl) {
			*line += 1;
			*why = "the last line is cut short (no newline)";
			ret = -EINVAL;
			break;
		}
		*nl++ = '\0';
		if (++*line == 1) {
			if (strcmp(p, KMEMCG_CACHES_HEADER)) {
				*why = "not the header " KMEMCG_CACHES_HEADER;
				ret = -EINVAL;
			}
			continue;
		}
		res.c = km_realloc(res.c, (res.n + 1) * sizeof(*res.c));
		memset(&res.c[res.n], 0, sizeof(*res.c));
		ret = km_parse_cache(p, &res.c[res.n], why);
		if (!ret)
			res.n++;
	}
	if (!ret && !*line) {
		*why = "empty: no header";
		ret = -EINVAL;
	}
	free(copy);
	if (ret) {
		km_caches_free(&res);
		return ret;
	}
	*out = res;
	return 0;
}

static int km_cache_cmp(const void *a, const void *b)
{
	const struct km_cache *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static const char *km_cache_aliases(const struct km_cache *c)
{
	return !c->aliases_known ? KMEMCG_CACHES_ALIAS_UNKNOWN :
	       c->aliases[0] ? c->aliases : KMEMCG_CACHES_NO_ALIAS;
}

void km_cachelist_render(FILE *f, const struct km_caches *cs)
{
	size_t i;

	fprintf(f, "%-24s %8s %8s %8s %5s %4s %4s  %s\n", "NAME", "OBJSIZE", "SLOTSIZE",
		"OBJ/SLAB", "PAGES", "ACCT", "RECL", "ALIASES");
	for (i = 0; i < cs->n; i++) {
		const struct km_cache *c = &cs->c[i];

		fprintf(f, "%-24s %8u %8u %8u %5u %4s %4s  %s\n", c->name, c->object_size,
			c->slot_size, c->objperslab, c->pagesperslab,
			c->accounted ? "yes" : "no", c->reclaimable ? "yes" : "no",
			km_cache_aliases(c));
	}
}

/* The aliases as an array of names; null when unknown. */
static struct json_object *km_json_aliases(const struct km_cache *c)
{
	struct json_object *a;
	char *copy, *p, *save = NULL;

	if (!c->aliases_known)
		return NULL;
	a = json_object_new_array();
	copy = km_strdup(c->aliases);
	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save))
		json_object_array_add(a, json_object_new_string(p));
	free(copy);
	return a;
}

static void km_caches_json(const struct km_caches *cs)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < cs->n; i++) {
		const struct km_cache *c = &cs->c[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "name", json_object_new_string(c->name));
		json_object_object_add(o, "object_size", json_object_new_uint64(c->object_size));
		json_object_object_add(o, "slot_size", json_object_new_uint64(c->slot_size));
		json_object_object_add(o, "objperslab", json_object_new_uint64(c->objperslab));
		json_object_object_add(o, "pagesperslab", json_object_new_uint64(c->pagesperslab));
		json_object_object_add(o, "accounted", json_object_new_boolean(c->accounted));
		json_object_object_add(o, "reclaimable", json_object_new_boolean(c->reclaimable));
		json_object_object_add(o, "aliases", km_json_aliases(c));
		json_object_array_add(a, o);
	}
	km_json_print(stdout, a, true);
}

/* The file's columns; aliases one field, comma-separated, "?" unknown. */
static void km_caches_csv(const struct km_caches *cs)
{
	size_t i;

	printf("name,object_size,slot_size,objperslab,pagesperslab,accounted,reclaimable,aliases\n");
	for (i = 0; i < cs->n; i++) {
		const struct km_cache *c = &cs->c[i];

		km_csv_field(stdout, c->name);
		printf(",%u,%u,%u,%u,%d,%d,", c->object_size, c->slot_size, c->objperslab,
		       c->pagesperslab, c->accounted, c->reclaimable);
		km_csv_field(stdout, c->aliases_known ? c->aliases : KMEMCG_CACHES_ALIAS_UNKNOWN);
		putchar('\n');
	}
}

static int km_read_caches(struct km_caches *out)
{
	char path[4096], *buf;
	unsigned int line;
	const char *why;
	size_t len;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_CACHES);
	ret = km_read_file(path, &buf, &len);
	if (ret == -ENOENT) {
		km_err("the loaded module has no %s (it predates the caches file); update the kmemcg module",
		       path);
		return -1;
	}
	if (ret) {
		km_report_errno("cannot read", path, -ret);
		return -1;
	}
	ret = km_parse_caches(buf, len, out, &line, &why);
	free(buf);
	if (ret) {
		km_malformed(path, line, why);
		return -1;
	}
	return 0;
}

int cmd_caches(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "accounted", no_argument, NULL, 'a' },
		{ "unaccounted", no_argument, NULL, 'u' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, want = -1, fmt = 0;	/* want: -1 all, else accounted; fmt: table, json, csv */
	struct km_caches cs;
	size_t i, n = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":auo:h", opts, NULL)) != -1) {
		if (c == 'a' || c == 'u') {
			if (want >= 0 && want != (c == 'a'))
				return km_usage_err("caches", "--accounted and --unaccounted exclude each other");
			want = c == 'a';
		} else if (c == 'o' && (!strcmp(optarg, "json") || !strcmp(optarg, "csv"))) {
			fmt = optarg[0] == 'j' ? 1 : 2;
		} else if (c == 'o') {
			return km_usage_err("caches", "unknown output format '%s' (json or csv)",
					    optarg);
		} else {
			return km_opt_unknown("caches", c, argv[optind - 1]);
		}
	}
	if (optind != argc)
		return km_usage_err("caches", "unexpected argument '%s'", argv[optind]);
	if (km_check_root() || km_read_caches(&cs))
		return KM_EXIT_FAIL;
	for (i = 0; i < cs.n; i++) {
		if (want >= 0 && cs.c[i].accounted != want) {
			free(cs.c[i].name);
			free(cs.c[i].aliases);
			continue;
		}
		cs.c[n++] = cs.c[i];
	}
	cs.n = n;
	if (cs.n > 1)	/* none: cs.c is NULL, which qsort may not get */
		qsort(cs.c, cs.n, sizeof(*cs.c), km_cache_cmp);
	if (fmt == 1)
		km_caches_json(&cs);
	else if (fmt == 2)
		km_caches_csv(&cs);
	else
		km_cachelist_render(stdout, &cs);
	km_caches_free(&cs);
	return KM_EXIT_OK;
}
