// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg status: is the module loaded (km_check_root() gives the advice
 * when not), its version and the kernel (the version file), its settings
 * (its module parameters, /sys/module/kmemcg/parameters, or $KMEMCG_PARAMS
 * for tests), its policy (the policy file: the granularity and enforced
 * view in words, then every axis as key=value) and the
 * global figures (the stat file).  The object figures (km_object_keys) are
 * a section of their own under object and shadow granularity, and left out
 * of the text under page, where they are all 0; the policy figures
 * (km_policy_keys) a section when the module has them; -o json has every
 * key.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include "kmemcg.h"

#define KM_PARAMS_DIR	"/sys/module/kmemcg/parameters"

int km_parse_version(const char *buf, size_t len, char *ver, size_t vsize,
		     char *kern, size_t ksize, const char **why)
{
	const char *p = buf, *end = buf + len;
	bool got_ver = false, got_kern = false;

	if (memchr(buf, '\0', len)) {
		*why = "binary data";
		return -EINVAL;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *sp;
		size_t n;

		if (!nl) {
			*why = "truncated line (no newline)";
			return -EINVAL;
		}
		sp = memchr(p, ' ', (size_t)(nl - p));
		if (!sp || sp + 1 >= nl) {
			*why = "expected \"key value\"";
			return -EINVAL;
		}
		n = (size_t)(nl - sp - 1);
		if (sp - p == 6 && !memcmp(p, "kmemcg", 6) && n < vsize) {
			memcpy(ver, sp + 1, n);
			ver[n] = '\0';
			got_ver = true;
		} else if (sp - p == 6 && !memcmp(p, "kernel", 6) && n < ksize) {
			memcpy(kern, sp + 1, n);
			kern[n] = '\0';
			got_kern = true;
		}
		p = nl + 1;
	}
	if (!got_ver || !got_kern) {
		*why = "no \"kmemcg\" or \"kernel\" line";
		return -EINVAL;
	}
	return 0;
}

/* The module's parameters as name=value, into an object (NULL if none). */
static struct json_object *km_read_params(void)
{
	const char *dir = getenv("KMEMCG_PARAMS");
	struct json_object *o;
	struct dirent **names;
	int i, n;

	if (!dir || !*dir)
		dir = KM_PARAMS_DIR;
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return NULL;
	o = json_object_new_object();
	for (i = 0; i < n; i++) {
		char path[4352], *buf;
		size_t len;

		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if (!km_read_file(path, &buf, &len)) {
				while (len && buf[len - 1] == '\n')
					buf[--len] = '\0';
				json_object_object_add(o, names[i]->d_name,
						       json_object_new_string(buf));
				free(buf);
			}
		}
		free(names[i]);
	}
	free(names);
	return o;
}

static bool km_is_bytes(const char *key)
{
	size_t n = strlen(key);

	return n > 6 && !strcmp(key + n - 6, "_bytes");
}

/* The object section, in this order. */
static const char *const km_object_keys[] = {
	KMEMCG_STAT_TRACKED_OBJECTS, KMEMCG_STAT_OBJECT_BYTES,
	KMEMCG_STAT_OBJECT_CHARGED_BYTES, KMEMCG_STAT_OBJECT_BYTES_SUM,
	KMEMCG_STAT_OBJECT_UNATTRIBUTED_BYTES, KMEMCG_STAT_OBJECT_RECORD_FAILURES,
	KMEMCG_STAT_OBJECT_UNTRACKED_FREES, KMEMCG_STAT_STALE_OBJECTS,
	KMEMCG_STAT_OBJECT_SLABS, KMEMCG_STAT_OBJECT_SLOTS,
	KMEMCG_STAT_OBJECT_VECTOR_BYTES, KMEMCG_STAT_OBJECT_POOL_BYTES,
};

/* The policy section (over_limit, reserve, pseudo and dead groups), in this order. */
static const char *const km_policy_keys[] = {
	KMEMCG_STAT_WOULD_FAIL, KMEMCG_STAT_RECLAIM_ATTEMPTS, KMEMCG_STAT_RECLAIM_SUCCESSES,
	KMEMCG_STAT_RECLAIMED_BYTES, KMEMCG_STAT_RESERVE_USED, KMEMCG_STAT_RESERVE_REFUSALS,
	KMEMCG_STAT_UNSCOPED_BYTES, KMEMCG_STAT_UNACCOUNTED_BYTES, KMEMCG_STAT_DEAD_GROUPS,
	KMEMCG_STAT_DEAD_BYTES,
};

static bool km_in(const char *key, const char *const *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

static bool km_is_object_key(const char *key)
{
	return km_in(key, km_object_keys, ARRAY_SIZE(km_object_keys));
}

static bool km_is_policy_key(const char *key)
{
	return km_in(key, km_policy_keys, ARRAY_SIZE(km_policy_keys));
}

/* One figure: bytes human and raw, counts as they are; note after the raw. */
static void km_print_stat(const char *key, long long val, const char *note)
{
	char hb[32];

	if (km_is_bytes(key) && val >= 0) {
		kmemcg_format_size(hb, sizeof(hb), (u64)val);
		printf("%-26s %12s  (%lld%s)\n", key, hb, val, note);
	} else {
		printf("%-26s %12lld\n", key, val);
	}
}

/* The policy figures the module has, as a section of their own. */
static void km_print_policy_figures(const struct km_kvs *stat)
{
	bool head = false;
	long long v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(km_policy_keys); i++) {
		if (!km_kv_get(stat, km_policy_keys[i], &v))
			continue;
		if (!head)
			printf("\npolicy figures\n");
		head = true;
		km_print_stat(km_policy_keys[i], v, "");
	}
}

/* The side table: what it holds and what it costs per object slot. */
static void km_print_objects(const struct km_kvs *stat)
{
	long long v, slots = 0;
	size_t i;

	printf("\nobjects\n");
	km_kv_get(stat, KMEMCG_STAT_OBJECT_SLOTS, &slots);
	for (i = 0; i < ARRAY_SIZE(km_object_keys); i++) {
		const char *key = km_object_keys[i];
		char note[64] = "";

		if (!km_kv_get(stat, key, &v))
			continue;
		if (!strcmp(key, KMEMCG_STAT_OBJECT_VECTOR_BYTES) && slots > 0 && v >= 0)
			snprintf(note, sizeof(note), ", %.2f bytes per object slot",
				 (double)v / (double)slots);
		km_print_stat(key, v, note);
	}
}

/* Every axis the policy file has, key=value, wrapped as the settings line. */
static void km_print_axes(const struct km_policy *p)
{
	size_t col = 0;
	int a;

	for (a = 0; a < KM_AX_N; a++) {
		size_t n;

		if (!(p->has & (1U << a)))
			continue;
		n = strlen(km_axes[a].key) + 1 + strlen(p->val[a]) + 1;
		if (!col || col + n > 80) {
			printf("%s         ", col ? "\n" : "");
			col = 10;
		}
		printf(" %s=%s", km_axes[a].key, p->val[a]);
		col += n;
	}
	if (col)
		putchar('\n');
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char path[4352], ver[64], kern[256], pol[96];
	struct json_object *params;
	struct km_policy policy;
	const char *why = "";
	struct km_kvs stat = { 0 };
	bool json = false;
	size_t len, i;
	char *buf;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		if (c == 'o' && !strcmp(optarg, "json"))
			json = true;
		else if (c == 'o')
			return km_usage_err("status", "unknown output format '%s' (only json)", optarg);
		else
			return km_opt_unknown("status", c, argv[optind - 1]);
	}
	if (optind != argc)
		return km_usage_err("status", "unexpected argument '%s'", argv[optind]);
	if (km_check_root())
		return KM_EXIT_FAIL;

	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_VERSION);
	ret = km_read_file(path, &buf, &len);
	if (ret)
		return km_report_errno("cannot read", path, -ret);
	ret = km_parse_version(buf, len, ver, sizeof(ver), kern, sizeof(kern), &why);
	free(buf);
	if (ret) {
		km_err("%s: %s; the module and the CLI (%s) may not match: reload the module",
		       path, why, KMEMCG_VERSION);
		return KM_EXIT_FAIL;
	}
	if (km_read_policy(&policy))
		return KM_EXIT_FAIL;
	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_STAT);
	if (km_read_kv(path, &stat))
		return KM_EXIT_FAIL;
	if (strcmp(ver, KMEMCG_VERSION))
		km_err("warning: module %s, CLI %s; figures may be misread: install matching versions",
		       ver, KMEMCG_VERSION);
	params = km_read_params();

	if (json) {
		struct json_object *o = json_object_new_object(), *st;

		json_object_object_add(o, "loaded", json_object_new_boolean(1));
		json_object_object_add(o, "module_version", json_object_new_string(ver));
		json_object_object_add(o, "cli_version", json_object_new_string(KMEMCG_VERSION));
		json_object_object_add(o, "kernel", json_object_new_string(kern));
		json_object_object_add(o, "root", json_object_new_string(km_root));
		json_object_object_add(o, "settings", params);
		km_json_policy(o, &policy);
		json_object_object_add(o, "policy_file", json_object_new_boolean(policy.file));
		json_object_object_add(o, "policy", km_json_policy_axes(&policy));
		st = json_object_new_object();
		for (i = 0; i < stat.n; i++)
			json_object_object_add(st, stat.kv[i].key,
					       json_object_new_int64(stat.kv[i].val));
		json_object_object_add(o, "stat", st);
		km_json_print(stdout, o, true);
	} else {
		printf("module    kmemcg %s loaded (CLI %s)\n", ver, KMEMCG_VERSION);
		printf("kernel    %s\n", kern);
		printf("debugfs   %s\n", km_root);
		printf("settings ");
		if (params) {
			/*
			 * The policy axes are shown below as they are now, not
			 * as loaded; an unset parameter (a deprecated alias) is
			 * "(null)".  -o json has every parameter as it is.
			 */
			json_object_object_foreach(params, k, v)
				if (!(policy.file && km_axis_find(k) >= 0) &&
				    strcmp(json_object_get_string(v), "(null)"))
					printf(" %s=%s", k, json_object_get_string(v));
			json_object_put(params);
		} else {
			printf(" unknown (no %s)", KM_PARAMS_DIR);
		}
		printf("\npolicy    %s%s\n", km_policy_describe(pol, sizeof(pol), &policy),
		       policy.file ? "" : " (the module has no " KMEMCG_FILE_POLICY " file)");
		km_print_axes(&policy);
		putchar('\n');
		for (i = 0; i < stat.n; i++)
			if (!km_is_object_key(stat.kv[i].key) && !km_is_policy_key(stat.kv[i].key))
				km_print_stat(stat.kv[i].key, stat.kv[i].val, "");
		km_print_policy_figures(&stat);
		if (policy.gran != KM_GRAN_PAGE)
			km_print_objects(&stat);
		if (geteuid())
			printf("\nnote: not running as root; set and reset need root\n");
	}
	km_kv_free(&stat);
	return KM_EXIT_OK;
}
