// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg plot: an SVG chart of a recording, usage per cgroup over time as
 * solid lines and each finite limit as a dashed line of the same colour.
 * Plain SVG 1.1, no script or external resource, so any browser shows it.
 * A limit far above every usage (over 4x) would flatten the chart: it is
 * named in the legend as off the chart instead of drawn.  A recording
 * with a policy column (make experiment) has a line per policy instead.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "kmemcg.h"

#define W	960
#define H	540
#define ML	80	/* margins: left (y labels) */
#define MR	260	/* right (legend) */
#define MT	40
#define MB	50
#define KM_TICKS_MAX	20	/* km_nice_step() gives at most 10 */

static const char *const km_colors[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
};

static void km_xml(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				fputc(*s, f);
		}
	}
}

/* A step of 1, 2 or 5 times a power of ten giving about n intervals. */
static double km_nice_step(double span, int n)
{
	double raw = span / n, p = pow(10, floor(log10(raw))), m = raw / p;

	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

int km_plot_render(FILE *f, const struct km_recording *r, const char *title)
{
	const char **names = km_alloc(r->n * sizeof(*names));
	double t0 = r->s[0].time, t1 = r->s[0].time, ymax = 0, umax = 0, step, v;
	size_t i, j, nn = 0;
	unsigned int k;
	const double pw = W - ML - MR, ph = H - MT - MB;

	for (i = 0; i < r->n; i++) {
		const struct km_sample *s = &r->s[i];

		for (j = 0; j < nn && strcmp(names[j], s->cgroup); j++)
			;
		if (j == nn)
			names[nn++] = s->cgroup;
		t0 = s->time < t0 ? s->time : t0;
		t1 = s->time > t1 ? s->time : t1;
		umax = (double)s->usage > umax ? (double)s->usage : umax;
	}
	ymax = umax;
	for (i = 0; i < r->n; i++)
		if (r->s[i].limit < KM_UNLIMITED && (double)r->s[i].limit <= 4 * umax &&
		    (double)r->s[i].limit > ymax)
			ymax = (double)r->s[i].limit;
	ymax = ymax < 4096 ? 4096 : ymax * 1.05;
	if (t1 - t0 < 1e-9)
		t1 = t0 + 1;
#define X(t)	(ML + ((t) - t0) / (t1 - t0) * pw)
#define Y(b)	(MT + ph - (double)(b) / ymax * ph)

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
		W, H, W, H);
	fprintf(f, "<title>");
	km_xml(f, title);
	fprintf(f, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
	fprintf(f, "<text x=\"%d\" y=\"24\" font-size=\"16\">kmemcg usage: ", ML);
	km_xml(f, title);
	fprintf(f, "</text>\n");

	/* Axes, grid and labels. */
	/* Ticks counted, not summed: v += step could stall on a huge v. */
	step = km_nice_step(ymax, 5);
	for (k = 0, v = 0; v <= ymax && k <= KM_TICKS_MAX; v = ++k * step) {
		char lb[32];

		kmemcg_format_size(lb, sizeof(lb), (u64)v);
		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			ML, Y(v), ML + pw, Y(v), ML - 6, Y(v) + 4, lb);
	}
	step = km_nice_step(t1 - t0, 6);
	for (k = 0, v = 0; v <= t1 - t0 + 1e-9 && k <= KM_TICKS_MAX; v = ++k * step)
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%gs</text>\n",
			X(t0 + v), MT + ph + 18, v);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"black\"/>\n"
		"<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n"
		"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">time since the first sample</text>\n",
		ML, MT, ML, MT + ph, ML, MT + ph, ML + pw, MT + ph, ML + pw / 2, H - 10);

	/* One polyline of usage per cgroup, one dashed of its limit. */
	for (j = 0; j < nn; j++) {
		const char *col = km_colors[j % ARRAY_SIZE(km_colors)];
		u64 offchart = 0;
		bool any = false;

		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", col);
		for (i = 0; i < r->n; i++)
			if (!strcmp(r->s[i].cgroup, names[j]))
				fprintf(f, "%.1f,%.1f ", X(r->s[i].time), Y(r->s[i].usage));
		fprintf(f, "\"/>\n");
		for (i = 0; i < r->n; i++) {
			const struct km_sample *s = &r->s[i];

			if (strcmp(s->cgroup, names[j]) || s->limit >= KM_UNLIMITED)
				continue;
			if ((double)s->limit > ymax) {
				offchart = s->limit;
				continue;
			}
			if (!any)
				fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-dasharray=\"6,4\" points=\"",
					col);
			any = true;
			fprintf(f, "%.1f,%.1f ", X(s->time), Y(s->limit));
		}
		if (any)
			fprintf(f, "\"/>\n");
		fprintf(f, "<line x1=\"%.1f\" y1=\"%zu\" x2=\"%.1f\" y2=\"%zu\" stroke=\"%s\" stroke-width=\"2\"/>\n",
			ML + pw + 16, MT + 6 + 18 * j, ML + pw + 36, MT + 6 + 18 * j, col);
		fprintf(f, "<text x=\"%.1f\" y=\"%zu\">", ML + pw + 42, MT + 10 + 18 * j);
		km_xml(f, names[j]);
		if (offchart) {
			char lb[32];

			kmemcg_format_size(lb, sizeof(lb), offchart);
			fprintf(f, " (limit %s, off the chart)", lb);
		}
		fprintf(f, "</text>\n");
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555\">dashed: limit</text>\n",
		ML + pw + 16, MT + 10 + 18.0 * nn + 8);
	fprintf(f, "</svg>\n");
#undef X
#undef Y
	free(names);
	return ferror(f) ? -EIO : 0;
}

int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "title", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct km_recording r;
	const char *out = NULL, *in, *why = "", *title = NULL;
	unsigned int line = 0;
	size_t len;
	char *buf;
	int c, csv, ret;
	FILE *f;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:t:h", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 't')
			title = optarg;
		else
			return km_opt_unknown("plot", c, argv[optind - 1]);
	}
	if (argc - optind != 1)
		return km_usage_err("plot", "expected one recording FILE");
	if (!out)
		return km_usage_err("plot", "no output file (-o OUT.svg)");
	in = argv[optind];
	csv = km_rec_is_csv(in);
	if (csv < 0)
		return km_usage_err("plot", "cannot tell the format of '%s': a recording is .csv or .jsonl",
				    in);
	ret = km_read_file(in, &buf, &len);
	if (ret) {
		km_err("cannot read %s: %s; record one with: kmemcg record -o %s", in,
		       strerror(-ret), in);
		return KM_EXIT_FAIL;
	}
	ret = km_rec_parse(buf, len, csv, &r, &line, &why);
	free(buf);
	if (ret) {
		km_err("%s: line %u: %s; is it a kmemcg record file?", in, line, why);
		return KM_EXIT_FAIL;
	}
	f = strcmp(out, "-") ? fopen(out, "w") : stdout;
	if (!f) {
		km_err("cannot create %s: %s; choose a writable path", out, strerror(errno));
		km_rec_free(&r);
		return KM_EXIT_FAIL;
	}
	ret = km_plot_render(f, &r, title ? title : in);
	km_rec_free(&r);
	if ((f != stdout && fclose(f)) || ret) {
		km_err("cannot write %s; free space or choose another path", out);
		return KM_EXIT_FAIL;
	}
	return KM_EXIT_OK;
}
