// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg top: a live view like top/slabtop.  Each frame is a snapshot of
 * every cgroup (or, with --caches, the top-level slabinfo), with growth
 * against the previous frame, sorted and rendered as text.  Batch mode (-b,
 * or stdout not a terminal) prints frames one after another; interactive
 * mode draws them with ncurses and restores the terminal on q, on the last
 * frame and on SIGINT/SIGTERM (the handler only sets km_top_stop).
 *
 * The title names the granularity.  Under shadow each cgroup also has its
 * PAGE and OBJECT usage; with --caches, object and shadow granularity show
 * each pair's objects and their bytes (OBJECTS, OBJ_BYTES), and growth is
 * the change of the enforced view's object count.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <curses.h>
#include <json-c/json.h>
#include "kmemcg.h"

static volatile sig_atomic_t km_top_stop;

static void km_top_signal(int sig)
{
	(void)sig;
	km_top_stop = 1;
}

struct km_frame {
	bool caches;
	struct km_policy policy;
	struct km_snap snap;
	struct km_slabs slabs;
};

static const char *km_signed_size(char *buf, size_t size, long long v)
{
	char tmp[24];

	if (!v)
		return "0";
	kmemcg_format_size(tmp, sizeof(tmp), (u64)(v < 0 ? -v : v));
	snprintf(buf, size, "%c%s", v < 0 ? '-' : '+', tmp);
	return buf;
}

/* Take a frame; growth against prev (NULL for the first). */
static int km_frame_take(struct km_frame *f, const struct km_frame *prev)
{
	size_t i, j;

	if (f->caches) {
		char path[4352];

		if (km_check_root() || km_read_policy(&f->policy))
			return -1;
		snprintf(path, sizeof(path), "%s/%s", km_root, KMEMCG_FILE_ALL_SLABINFO);
		if (km_read_slabinfo(path, true, &f->slabs))
			return -1;
		for (i = 0; i < f->slabs.n; i++)
			f->slabs.s[i].obj_view = f->policy.view == KM_VIEW_OBJECT;
		for (i = 0; prev && i < f->slabs.n; i++)
			for (j = 0; j < prev->slabs.n; j++) {
				const struct km_slab *a = &f->slabs.s[i], *b = &prev->slabs.s[j];

				if (!strcmp(a->name, b->name) && !strcmp(a->cgroup, b->cgroup)) {
					f->slabs.s[i].growth =
						(long long)(km_slab_count(a) - km_slab_count(b));
					break;
				}
			}
		return 0;
	}
	if (km_snapshot(&f->snap, "/", KM_SNAP_VIEWS))
		return -1;
	f->policy = f->snap.policy;
	for (i = 0; prev && i < f->snap.n; i++) {
		const struct km_cg *b = km_snap_find(&prev->snap, f->snap.cg[i].path);

		if (b)
			f->snap.cg[i].growth = (long long)(f->snap.cg[i].usage - b->usage);
	}
	return 0;
}

static void km_frame_free(struct km_frame *f)
{
	km_snap_free(&f->snap);
	km_slabs_free(&f->slabs);
}

/* Per (cgroup, cache): the page columns unless object granularity, then objects. */
static void km_caches_render(FILE *out, const struct km_frame *f, size_t n)
{
	bool page = f->policy.gran != KM_GRAN_OBJECT, obj = f->policy.gran != KM_GRAN_PAGE;
	size_t i;

	fprintf(out, "%-28s %-22s", "CGROUP", "CACHE");
	if (page)
		fprintf(out, " %10s %10s %8s", "ACTIVE", "OBJS", "SLABS");
	if (obj)
		fprintf(out, " %10s %10s", "OBJECTS", "OBJ_BYTES");
	fprintf(out, " %8s\n", "GROWTH");
	for (i = 0; i < n; i++) {
		const struct km_slab *s = &f->slabs.s[i];
		char ob[32];

		fprintf(out, "%-28s %-22s", s->cgroup, s->name);
		if (page)
			fprintf(out, " %10llu %10llu %8llu", (unsigned long long)s->active_objs,
				(unsigned long long)s->num_objs,
				(unsigned long long)s->num_slabs);
		if (obj)
			fprintf(out, " %10llu %10s", (unsigned long long)s->objects,
				km_size(ob, sizeof(ob), s->object_bytes, false));
		fprintf(out, " %+8lld\n", s->growth);
	}
}

static void km_frame_render(FILE *out, const struct km_frame *f, double interval,
			    unsigned long max_rows)
{
	char ts[32], g[32], u[32], l[32], pol[96];
	time_t now = time(NULL);
	size_t i, n;

	strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&now));
	km_policy_describe(pol, sizeof(pol), &f->policy);
	if (f->caches) {
		n = f->slabs.n < max_rows ? f->slabs.n : max_rows;
		fprintf(out, "kmemcg top - %s, %zu (cgroup, cache) pairs, every %gs, %s\n",
			ts, f->slabs.n, interval, pol);
		km_caches_render(out, f, n);
		return;
	}
	n = f->snap.n < max_rows ? f->snap.n : max_rows;
	fprintf(out, "kmemcg top - %s, %zu cgroups, every %gs, %s\n", ts, f->snap.n, interval,
		pol);
	fprintf(out, "%-40s %10s %10s %10s %10s", "CGROUP", "USAGE", "GROWTH",
		"LIMIT", "FAILCNT");
	if (f->snap.views)
		fprintf(out, " %10s %10s", "PAGE", "OBJECT");
	fputc('\n', out);
	for (i = 0; i < n; i++) {
		const struct km_cg *c = &f->snap.cg[i];

		fprintf(out, "%-40s %10s %10s %10s %10llu", c->path,
			km_size(u, sizeof(u), c->usage, false),
			km_signed_size(g, sizeof(g), c->growth),
			km_size(l, sizeof(l), c->limit, false),
			(unsigned long long)c->failcnt);
		if (f->snap.views)
			fprintf(out, " %10s %10s", km_size(u, sizeof(u), c->page_usage, false),
				km_size(l, sizeof(l), c->object_usage, false));
		fputc('\n', out);
	}
}

static void km_frame_json(const struct km_frame *f)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();
	size_t i;

	json_object_object_add(o, "time", json_object_new_int64((int64_t)time(NULL)));
	if (f->policy.gran != KM_GRAN_PAGE)
		km_json_policy(o, &f->policy);
	for (i = 0; f->caches && i < f->slabs.n; i++) {
		struct json_object *s = km_json_slab(&f->slabs.s[i], &f->policy);

		json_object_object_add(s, "growth_objs",
				       json_object_new_int64(f->slabs.s[i].growth));
		json_object_array_add(a, s);
	}
	for (i = 0; !f->caches && i < f->snap.n; i++) {
		struct json_object *c = km_json_cg(&f->snap, &f->snap.cg[i]);

		json_object_object_add(c, "growth_bytes",
				       json_object_new_int64(f->snap.cg[i].growth));
		json_object_array_add(a, c);
	}
	json_object_object_add(o, f->caches ? "caches" : "cgroups", a);
	km_json_print(stdout, o, false);
}

/* Interactive: draw a frame, then wait for the interval or a key. */
static int km_curses_frame(const struct km_frame *f, double interval, int *sortkey)
{
	struct timespec start, now;
	char *text = NULL, *line, *save;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int y = 0, ch;

	if (!mem)
		return -1;
	km_frame_render(mem, f, interval, LINES > 3 ? (unsigned long)LINES - 3 : 1);
	fclose(mem);
	erase();
	for (line = strtok_r(text, "\n", &save); line && y < LINES - 1;
	     line = strtok_r(NULL, "\n", &save), y++) {
		if (y == 1)
			attron(A_REVERSE);
		mvaddnstr(y, 0, line, COLS);
		if (y == 1)
			attroff(A_REVERSE);
	}
	mvaddnstr(LINES - 1, 0, "q quit  u usage  g growth  n name  f failcnt", COLS);
	refresh();
	free(text);

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		double left;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = interval - ((double)(now.tv_sec - start.tv_sec) +
				   (double)(now.tv_nsec - start.tv_nsec) / 1e9);
		if (km_top_stop || left <= 0)
			return 0;
		timeout((int)ceil(left * 1000));
		ch = getch();
		if (ch == 'q' || ch == 'Q')
			return 1;
		if (ch != ERR && strchr("ugnf", ch)) {
			*sortkey = ch;
			return 0;
		}
	}
}

static void km_sleep(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - floor(s)) * 1e9) };

	/* SIGINT interrupts it (no SA_RESTART) and sets km_top_stop. */
	while (!km_top_stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int cmd_top(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },
		{ "sort", required_argument, NULL, 's' },
		{ "caches", no_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct km_frame prev = { 0 }, cur = { 0 };
	const char *sort = NULL;
	bool batch = false, json = false, caches = false, curses = false;
	enum km_sort key = KM_SORT_USAGE;
	enum km_slab_sort skey = KM_SLAB_OBJS;
	unsigned long count = 0, i;
	struct sigaction sa = { .sa_handler = km_top_signal };
	double interval = 2;
	int c, ret = KM_EXIT_OK, sortch = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:n:bs:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (km_parse_seconds(optarg, &interval))
				return km_usage_err("top", "invalid interval '%s' (seconds, 0.01 to 86400)",
						    optarg);
			break;
		case 'n':
			if (km_parse_count(optarg, &count))
				return km_usage_err("top", "invalid count '%s' (a whole number from 1)",
						    optarg);
			break;
		case 'b':
			batch = true;
			break;
		case 's':
			sort = optarg;
			break;
		case 'c':
			caches = true;
			break;
		case 'o':
			if (strcmp(optarg, "json"))
				return km_usage_err("top", "unknown output format '%s' (only json)", optarg);
			json = batch = true;
			break;
		default:
			return km_opt_unknown("top", c, argv[optind - 1]);
		}
	}
	if (optind != argc)
		return km_usage_err("top", "unexpected argument '%s'", argv[optind]);
	if (sort && ((caches && km_slab_sort_key(sort, &skey)) ||
		     (!caches && km_sort_key(sort, &key))))
		return km_usage_err("top", "unknown sort key '%s'", sort);
	if (caches && (skey == KM_SLAB_SIZE || skey == KM_SLAB_OBJSIZE))
		return km_usage_err("top", "sort key '%s' needs object sizes, which --caches has not",
				    sort);
	if (!isatty(STDOUT_FILENO))
		batch = true;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!batch) {
		if (!newterm(NULL, stdout, stdin)) {
			km_err("cannot drive terminal '%s'; use batch mode: kmemcg top -b",
			       getenv("TERM") ? getenv("TERM") : "");
			return KM_EXIT_FAIL;
		}
		curses = true;
		cbreak();
		noecho();
		curs_set(0);
		keypad(stdscr, TRUE);
	}
	for (i = 0; !count || i < count; i++) {
		cur.caches = caches;
		if (km_frame_take(&cur, i ? &prev : NULL)) {
			ret = KM_EXIT_FAIL;
			break;
		}
		if (caches)
			km_slabs_sort(&cur.slabs, skey);
		else
			km_snap_sort_flat(&cur.snap, key);
		if (curses) {
			int r = km_curses_frame(&cur, interval, &sortch);

			key = sortch == 'g' ? KM_SORT_GROWTH : sortch == 'n' ? KM_SORT_NAME :
			      sortch == 'f' ? KM_SORT_FAILCNT : sortch == 'u' ? KM_SORT_USAGE : key;
			skey = sortch == 'g' ? KM_SLAB_GROWTH : sortch == 'n' ? KM_SLAB_NAME :
			       sortch == 'u' ? KM_SLAB_OBJS : skey;
			if (r)
				break;
		} else {
			if (json)
				km_frame_json(&cur);
			else
				km_frame_render(stdout, &cur, interval, (unsigned long)-1);
			if (!json)
				putchar('\n');
			fflush(stdout);
		}
		km_frame_free(&prev);
		prev = cur;
		memset(&cur, 0, sizeof(cur));
		if (km_top_stop || (count && i + 1 == count))
			break;
		if (!curses)
			km_sleep(interval);
		if (km_top_stop)
			break;
	}
	if (curses)
		endwin();
	km_frame_free(&prev);
	km_frame_free(&cur);
	return ret;
}
