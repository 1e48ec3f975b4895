// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg policy: the module's accounting policy, one line per axis (the
 * policy file, policy_file.c), and whether each can change at run time.
 * kmemcg policy set KEY VALUE: checks KEY and VALUE with the module's own
 * parsers (a typo is a usage error, not a kernel round trip), writes
 * "KEY VALUE" to the policy file and turns the module's refusal into a
 * sentence that says what to do (km_policy_refusal(), unit-tested):
 *   EBUSY   the change cannot be made at run time: granularity and
 *           hierarchy are fixed at load, shadow_enforce needs shadow
 *   EINVAL  the module does not take the value, or has no such axis
 *   EPERM   not root (CAP_SYS_ADMIN)
 *   ENOMEM  the module could not allocate the change
 * kmemcg policy params TOKEN...: the module parameters of a policy named
 * the way make experiment names them (km_policy_params(), unit-tested), on
 * the host, without the module: a check before any VM boots.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <json-c/json.h>
#include "kmemcg.h"

static const char *km_axis_when(enum km_axis_set set)
{
	return set == KM_SET_AT_LOAD ? "at load (module parameter)" :
	       set == KM_SET_UNDER_SHADOW ? "at run time, under shadow granularity" :
	       "at run time";
}

const char *km_policy_refusal(char *buf, size_t size, const struct km_policy *cur,
			      enum km_axis a, const char *val, int err)
{
	const struct km_axis_info *ax = &km_axes[a];
	const char *now = cur->has & (1U << a) ? cur->val[a] : "?";

	switch (err) {
	case EBUSY:
		if (ax->set == KM_SET_AT_LOAD)
			snprintf(buf, size, "%s is fixed when the module loads (it is %s); to change it, reload the module: modprobe -r kmemcg && modprobe kmemcg %s=%s",
				 ax->key, now, ax->key, val);
		else if (ax->set == KM_SET_UNDER_SHADOW)
			snprintf(buf, size, "%s can change only under %s granularity (the module is at %s granularity, which has one view); load it with %s=%s to enforce limits on either view",
				 ax->key, KMEMCG_GRAN_SHADOW, km_gran_name(cur->gran),
				 KMEMCG_POLICY_GRANULARITY, KMEMCG_GRAN_SHADOW);
		else
			snprintf(buf, size, "the module cannot change %s now (busy); try again",
				 ax->key);
		break;
	case EINVAL:
		if (cur->file && !(cur->has & (1U << a)))
			snprintf(buf, size, "the loaded module has no %s axis (it predates it); update the kmemcg module (kmemcg status shows its version)",
				 ax->key);
		else
			snprintf(buf, size, "the module does not take '%s': %s must be %s; the module and the CLI (%s) may not match: check kmemcg status",
				 val, ax->key, ax->values, KMEMCG_VERSION);
		break;
	case EPERM:
	case EACCES:
		snprintf(buf, size, "permission denied; run as root, with CAP_SYS_ADMIN (sudo kmemcg policy set ...)");
		break;
	case ENOMEM:
		snprintf(buf, size, "the module is out of memory; free some memory and try again");
		break;
	case ENOENT:
		snprintf(buf, size, "the loaded module has no %s file (it predates policies); update the kmemcg module",
			 KMEMCG_FILE_POLICY);
		break;
	default:
		snprintf(buf, size, "%s", strerror(err));
	}
	return buf;
}

void km_policy_render(FILE *f, const struct km_policy *p)
{
	int a, w = 12;	/* the value column: "hierarchical", or a longer scope list */

	if (!p->file) {
		fprintf(f, "%-15s %-*s (the module has no %s file)\n", KMEMCG_POLICY_GRANULARITY,
			w, km_gran_name(p->gran), KMEMCG_FILE_POLICY);
		return;
	}
	for (a = 0; a < KM_AX_N; a++)
		if (p->has & (1U << a) && (int)strlen(p->val[a]) > w)
			w = (int)strlen(p->val[a]);
	fprintf(f, "%-15s %-*s  %s\n", "AXIS", w, "VALUE", "CHANGES");
	for (a = 0; a < KM_AX_N; a++)
		if (p->has & (1U << a))
			fprintf(f, "%-15s %-*s  %s\n", km_axes[a].key, w, p->val[a],
				km_axis_when(km_axes[a].set));
}

/* Every axis the file has, by key; and policy_file. */
struct json_object *km_json_policy_axes(const struct km_policy *p)
{
	struct json_object *o = json_object_new_object();
	int a;

	json_object_object_add(o, "policy_file", json_object_new_boolean(p->file));
	if (!p->file)
		json_object_object_add(o, KMEMCG_POLICY_GRANULARITY,
				       json_object_new_string(km_gran_name(p->gran)));
	for (a = 0; a < KM_AX_N; a++)
		if (p->has & (1U << a))
			json_object_object_add(o, km_axes[a].key,
					       json_object_new_string(p->val[a]));
	return o;
}

/* The axis of a key in a policy token: an axis, or deletion for on_delete. */
static int km_token_axis(const char *key)
{
	return !strcmp(key, KM_POLICY_DELETION_ALIAS) ? KM_AX_ON_DELETE : km_axis_find(key);
}

int km_policy_params(const char *token, char *buf, size_t size, char *why, size_t wsize)
{
	char val[KM_AX_N][KM_POLICY_VAL_MAX], tmp[4 * KM_POLICY_VAL_MAX], *p, *piece;
	unsigned int has = 0;
	size_t len = 0;
	int a, last = -1;

	if (strlen(token) >= sizeof(tmp) || !*token) {
		snprintf(why, wsize, "%s", *token ? "too long" : "empty");
		return -EINVAL;
	}
	strcpy(tmp, token);
	for (p = tmp; (piece = strsep(&p, ","));) {
		char *eq = strchr(piece, '=');
		const char *key = KMEMCG_POLICY_GRANULARITY, *v = piece;

		if (!*piece) {
			snprintf(why, wsize, "an empty item between commas");
			return -EINVAL;
		}
		if (!eq && last == KM_AX_SCOPE_LIST) {	/* scope_list=a,b: b is a cache */
			size_t l = strlen(val[last]);

			if (l + 1 + strlen(piece) >= KM_POLICY_VAL_MAX) {
				snprintf(why, wsize, "the scope list is too long");
				return -EINVAL;
			}
			snprintf(val[last] + l, KM_POLICY_VAL_MAX - l, ",%s", piece);
			continue;
		}
		if (eq) {
			*eq = '\0';
			key = piece;
			v = eq + 1;
		}
		a = km_token_axis(key);
		if (a < 0) {
			snprintf(why, wsize, "unknown policy axis '%s' (%s, %s, %s, %s, %s, %s or %s)",
				 key, KMEMCG_POLICY_GRANULARITY, KMEMCG_POLICY_SHADOW_ENFORCE,
				 KMEMCG_POLICY_SCOPE, KMEMCG_POLICY_SCOPE_LIST,
				 KMEMCG_POLICY_ON_DELETE, KMEMCG_POLICY_HIERARCHY,
				 KMEMCG_POLICY_OVER_LIMIT);
			return -EINVAL;
		}
		if (has & (1U << a)) {
			snprintf(why, wsize, "%s given twice", km_axes[a].key);
			return -EINVAL;
		}
		if (strlen(v) >= KM_POLICY_VAL_MAX) {
			snprintf(why, wsize, "the value of %s is too long", km_axes[a].key);
			return -EINVAL;
		}
		strcpy(val[a], v);
		has |= 1U << a;
		last = a;
	}
	buf[0] = '\0';
	for (a = 0; a < KM_AX_N; a++) {
		if (!(has & (1U << a)))
			continue;
		if (km_axis_check(a, val[a])) {
			snprintf(why, wsize, "%s must be %s, not '%s'", km_axes[a].key,
				 km_axes[a].values, val[a]);
			return -EINVAL;
		}
		len += snprintf(buf + (len < size ? len : size), len < size ? size - len : 0,
				"%s%s=%s", len ? " " : "", km_axes[a].key, val[a]);
	}
	if (len >= size) {
		snprintf(why, wsize, "too long");
		return -EINVAL;
	}
	return 0;
}

/* kmemcg policy params TOKEN...: one line of module parameters per token. */
static int km_policy_params_cmd(int argc, char **argv)
{
	char line[KM_AX_N * (KM_POLICY_VAL_MAX + 20)], why[512];
	int i;

	if (argc < 2)
		return km_usage_err("policy", "expected: policy params TOKEN...");
	for (i = 1; i < argc; i++)
		if (km_policy_params(argv[i], line, sizeof(line), why, sizeof(why)))
			return km_usage_err("policy", "bad policy '%s': %s", argv[i], why);
	for (i = 1; i < argc; i++) {
		km_policy_params(argv[i], line, sizeof(line), why, sizeof(why));
		printf("%s\n", line);
	}
	return KM_EXIT_OK;
}

static int km_policy_set(int argc, char **argv)
{
	char path[4352], line[KMEMCG_POLICY_LINE_MAX + 1], why[512];
	static struct km_policy cur;
	const char *val;
	int a, ret;

	if (argc != 3)
		return km_usage_err("policy", "expected: policy set KEY VALUE");
	a = km_axis_find(argv[1]);
	if (a < 0)
		return km_usage_err("policy", "unknown policy axis '%s' (%s, %s, %s, %s, %s, %s or %s)",
				    argv[1], KMEMCG_POLICY_GRANULARITY, KMEMCG_POLICY_SHADOW_ENFORCE,
				    KMEMCG_POLICY_SCOPE, KMEMCG_POLICY_SCOPE_LIST,
				    KMEMCG_POLICY_ON_DELETE, KMEMCG_POLICY_HIERARCHY,
				    KMEMCG_POLICY_OVER_LIMIT);
	val = argv[2];
	if (km_axis_check(a, val))
		return km_usage_err("policy", "%s must be %s, not '%s'", km_axes[a].key,
				    km_axes[a].values, val);
	if (km_check_root() || km_read_policy(&cur))
		return KM_EXIT_FAIL;
	snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_POLICY);
	snprintf(line, sizeof(line), "%s %s\n", km_axes[a].key, val);
	ret = km_write_file(path, line);
	if (ret) {
		km_err("cannot set %s to %s: %s", km_axes[a].key, val,
		       km_policy_refusal(why, sizeof(why), &cur, a, val, -ret));
		return KM_EXIT_FAIL;
	}
	if (cur.has & (1U << a) && strcmp(cur.val[a], val))
		printf("%s: %s (was %s)\n", km_axes[a].key, val, cur.val[a]);
	else
		printf("%s: %s\n", km_axes[a].key, val);
	return KM_EXIT_OK;
}

int cmd_policy(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static struct km_policy p;
	bool json = false;
	int c;

	if (argc >= 2 && !strcmp(argv[1], "set")) {
		if (argc >= 3 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help")))
			return km_opt_unknown("policy", 'h', argv[2]);
		return km_policy_set(argc - 1, argv + 1);
	}
	if (argc >= 2 && !strcmp(argv[1], "params")) {
		if (argc >= 3 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help")))
			return km_opt_unknown("policy", 'h', argv[2]);
		return km_policy_params_cmd(argc - 1, argv + 1);
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		if (c == 'o' && !strcmp(optarg, "json"))
			json = true;
		else if (c == 'o')
			return km_usage_err("policy", "unknown output format '%s' (only json)", optarg);
		else
			return km_opt_unknown("policy", c, argv[optind - 1]);
	}
	if (optind != argc)
		return km_usage_err("policy", "unexpected argument '%s' (to change an axis: policy set KEY VALUE)",
				    argv[optind]);
	if (km_check_root() || km_read_policy(&p))
		return KM_EXIT_FAIL;
	if (json)
		km_json_print(stdout, km_json_policy_axes(&p), true);
	else
		km_policy_render(stdout, &p);
	return KM_EXIT_OK;
}
