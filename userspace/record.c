// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg record: a time series of every cgroup's figures (and, with
 * --caches, of the top-level slabinfo) as CSV or JSON Lines, chosen by the
 * output file's extension.  Each sample is flushed as it is written, so a
 * recording stopped by Ctrl-C (the handler only sets km_rec_stop) or a
 * crash keeps every whole sample.
 *
 * Columns (CSV header, JSON keys): time (Unix seconds), cgroup,
 * usage_bytes, limit_bytes (empty/null: no limit), max_usage_bytes,
 * failcnt; with --caches also cache, active_objs, num_objs, active_slabs,
 * num_slabs, filled on the per-cache rows only.
 *
 * Under page granularity that is all, as before granularities existed.
 * Under object and shadow every row also has granularity and
 * enforced_view (the view usage_bytes .. failcnt are in); under shadow the
 * cgroup rows have page_usage_bytes and object_usage_bytes (each view's
 * usage summed from the subtree's own figures), and with --caches the
 * per-cache rows have objects and object_bytes.  The granularity is read
 * once, at the start: it is a module parameter.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>
#include "kmemcg.h"

static volatile sig_atomic_t km_rec_stop;

static void km_rec_signal(int sig)
{
	(void)sig;
	km_rec_stop = 1;
}

void km_csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void km_rec_csv_header(FILE *f, const struct km_policy *p, bool caches)
{
	fputs("time,cgroup,usage_bytes,limit_bytes,max_usage_bytes,failcnt", f);
	if (p->gran != KM_GRAN_PAGE)
		fputs(",granularity,enforced_view", f);
	if (p->gran == KM_GRAN_SHADOW)
		fputs(",page_usage_bytes,object_usage_bytes", f);
	if (caches)
		fputs(",cache,active_objs,num_objs,active_slabs,num_slabs", f);
	if (caches && p->gran != KM_GRAN_PAGE)
		fputs(",objects,object_bytes", f);
	fputc('\n', f);
}

static void km_rec_csv(FILE *f, double t, const struct km_snap *s,
		       const struct km_slabs *sl, bool caches)
{
	const struct km_policy *p = &s->policy;
	bool obj = p->gran != KM_GRAN_PAGE, shadow = p->gran == KM_GRAN_SHADOW;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct km_cg *c = &s->cg[i];

		fprintf(f, "%.3f,", t);
		km_csv_field(f, c->path);
		fprintf(f, ",%llu,", (unsigned long long)c->usage);
		if (c->limit < KM_UNLIMITED)
			fprintf(f, "%llu", (unsigned long long)c->limit);
		fprintf(f, ",%llu,%llu", (unsigned long long)c->max_usage,
			(unsigned long long)c->failcnt);
		if (obj)
			fprintf(f, ",%s,%s", km_gran_name(p->gran), km_view_name(p->view));
		if (shadow)
			fprintf(f, ",%llu,%llu", (unsigned long long)c->page_usage,
				(unsigned long long)c->object_usage);
		fprintf(f, "%s%s\n", caches ? ",,,,," : "", caches && obj ? ",," : "");
	}
	for (i = 0; caches && i < sl->n; i++) {
		const struct km_slab *c = &sl->s[i];

		fprintf(f, "%.3f,", t);
		km_csv_field(f, c->cgroup);
		fputs(",,,,", f);
		if (obj)
			fprintf(f, ",%s,%s", km_gran_name(p->gran), km_view_name(p->view));
		fputs(shadow ? ",,," : ",", f);
		km_csv_field(f, c->name);
		fprintf(f, ",%llu,%llu,%llu,%llu", (unsigned long long)c->active_objs,
			(unsigned long long)c->num_objs,
			(unsigned long long)c->active_slabs,
			(unsigned long long)c->num_slabs);
		if (obj)
			fprintf(f, ",%llu,%llu", (unsigned long long)c->objects,
				(unsigned long long)c->object_bytes);
		fputc('\n', f);
	}
}

static void km_rec_jsonl(FILE *f, double t, const struct km_snap *s,
			 const struct km_slabs *sl, bool caches)
{
	bool obj = s->policy.gran != KM_GRAN_PAGE;
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct json_object *o = json_object_new_object(), *c = km_json_cg(s, &s->cg[i]);

		json_object_object_add(o, "time", json_object_new_double(t));
		if (obj)
			km_json_policy(o, &s->policy);
		json_object_object_foreach(c, k, v)
			json_object_object_add(o, k, json_object_get(v));
		json_object_put(c);
		km_json_print(f, o, false);
	}
	for (i = 0; caches && i < sl->n; i++) {
		const struct km_slab *c = &sl->s[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "time", json_object_new_double(t));
		json_object_object_add(o, "cgroup", json_object_new_string(c->cgroup));
		json_object_object_add(o, "cache", json_object_new_string(c->name));
		json_object_object_add(o, "active_objs", json_object_new_uint64(c->active_objs));
		json_object_object_add(o, "num_objs", json_object_new_uint64(c->num_objs));
		json_object_object_add(o, "active_slabs", json_object_new_uint64(c->active_slabs));
		json_object_object_add(o, "num_slabs", json_object_new_uint64(c->num_slabs));
		if (obj) {
			km_json_policy(o, &s->policy);
			json_object_object_add(o, "objects", json_object_new_uint64(c->objects));
			json_object_object_add(o, "object_bytes",
					       json_object_new_uint64(c->object_bytes));
		}
		km_json_print(f, o, false);
	}
}

int cmd_record(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "caches", no_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sigaction sa = { .sa_handler = km_rec_signal };
	struct km_policy policy;
	const char *out = NULL;
	unsigned long count = 0, i;
	double interval = 1;
	bool caches = false;
	int c, csv, ret = KM_EXIT_OK;
	FILE *f;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:n:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (km_parse_seconds(optarg, &interval))
				return km_usage_err("record", "invalid interval '%s' (seconds, 0.01 to 86400)",
						    optarg);
			break;
		case 'n':
			if (km_parse_count(optarg, &count))
				return km_usage_err("record", "invalid count '%s' (a whole number from 1)",
						    optarg);
			break;
		case 'c':
			caches = true;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return km_opt_unknown("record", c, argv[optind - 1]);
		}
	}
	if (optind != argc)
		return km_usage_err("record", "unexpected argument '%s'", argv[optind]);
	if (!out)
		return km_usage_err("record", "no output file (-o FILE.csv or -o FILE.jsonl)");
	csv = km_rec_is_csv(out);
	if (csv < 0)
		return km_usage_err("record", "cannot tell the format of '%s': name it .csv or .jsonl",
				    out);
	if (km_check_root() || km_read_policy(&policy))
		return KM_EXIT_FAIL;
	f = fopen(out, "w");
	if (!f) {
		km_err("cannot create %s: %s; choose a writable path", out, strerror(errno));
		return KM_EXIT_FAIL;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (csv)
		km_rec_csv_header(f, &policy, caches);
	for (i = 0; !km_rec_stop && (!count || i < count); i++) {
		struct km_slabs sl = { 0 };
		struct km_snap s;
		struct timespec ts;
		double t;

		if (i) {
			struct timespec d = { (time_t)interval,
					      (long)((interval - floor(interval)) * 1e9) };

			while (!km_rec_stop && nanosleep(&d, &d) && errno == EINTR)
				;
			if (km_rec_stop)
				break;
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
		if (km_snapshot(&s, "/", KM_SNAP_VIEWS)) {
			ret = KM_EXIT_FAIL;
			break;
		}
		if (s.policy.gran != policy.gran) {	/* the columns depend on it */
			km_err("the module's granularity changed from %s to %s while recording; start a new recording",
			       km_gran_name(policy.gran), km_gran_name(s.policy.gran));
			km_snap_free(&s);
			ret = KM_EXIT_FAIL;
			break;
		}
		km_snap_sort_tree(&s, KM_SORT_NAME);
		if (caches) {
			char path[4352];

			snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_ALL_SLABINFO);
			if (km_read_slabinfo(path, true, &sl)) {
				km_snap_free(&s);
				ret = KM_EXIT_FAIL;
				break;
			}
		}
		if (csv)
			km_rec_csv(f, t, &s, &sl, caches);
		else
			km_rec_jsonl(f, t, &s, &sl, caches);
		km_snap_free(&s);
		km_slabs_free(&sl);
		if (fflush(f)) {
			km_err("cannot write %s: %s; free space or choose another path", out,
			       strerror(errno));
			ret = KM_EXIT_FAIL;
			break;
		}
	}
	if (fclose(f) && ret == KM_EXIT_OK) {
		km_err("cannot write %s: %s; free space or choose another path", out, strerror(errno));
		ret = KM_EXIT_FAIL;
	}
	return ret;
}
