/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang report: read a trace, rebuild the scheduler state, print the findings. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "cmdopt.h"
#include "core/error.h"
#include "core/format.h"
#include "detect/analysis.h"
#include "read/source.h"
#include "report/perfetto.h"
#include "report/report.h"
#include "report/text.h"

static const char usage[] =
	"usage: schedhang report [-i FILE] [--input-format FMT] [--format text|json] [--time START,END] [--cpu LIST] [--sched NAME] [--entity ID] [--events all|stock] [--stall MS] [--hang [CLASS=]MS] [--min MS] [--top N] [-t] [--color WHEN] [--perfetto OUT] [FILE]\n"
	"\n"
	"Rebuild the state of every drm_sched scheduler, entity and job from a trace\n"
	"and report lost wakeups and other hangs, with the events that prove them.\n"
	"\n"
	"  -i, --input FILE        trace to read (default: trace.dat); a trace.dat, an\n"
	"                          ftrace/trace-cmd text trace or a CTF folder\n"
	"      --input-format FMT  dat, text or ctf instead of detecting it\n"
	"      --format FMT        text (default) or json\n"
	"      --time START,END    analyze only events in [START, END] (seconds; either may be empty)\n"
	"      --cpu LIST          analyze only events of these CPUs (e.g. 0,2-3)\n"
	"      --events WHICH      all (default), or stock: only the events a kernel without\n"
	"                          the schedhang tracepoints has (drops schedhang_*)\n"
	"      --sched NAME        show only this scheduler (name or 0x id)\n"
	"      --entity ID         show only this entity (0x pointer or fence context)\n"
	"      --stall MS          report lost-wakeup stalls of at least MS, rescued or not\n"
	"                          (default: only jobs still stranded at the end of the trace)\n"
	"      --hang [CLASS=]MS   threshold of the other hang classes, or of one\n"
	"                          (default: the class's own, see the manual)\n"
	"      --min MS            table: only entities whose worst queue->run is at least MS\n"
	"      --top N             show at most N findings\n"
	"  -t                      timestamps in ns (default: us)\n"
	"      --color WHEN        auto (default), always or never\n"
	"      --perfetto OUT      also write the timeline as a Perfetto trace to OUT\n"
	"                          (open it in ui.perfetto.dev or trace_processor)\n"
	"\n"
	"Exit status: 0 no finding, 1 findings reported, 2 usage error, 3 input error\n"
	"or OUT could not be written.\n";

struct report_args {
	struct sh_cmdopt_input in;
	const struct sh_report_ops *ops;
	struct sh_report_opts ropts;
	const char *color;
	bool color_set;		/* --color given: only text has colours */
	const char *perfetto;	/* --perfetto OUT, or NULL */
};

enum { OPT_FORMAT = SH_OPT__INPUT_END, OPT_SCHED, OPT_ENTITY, OPT_MIN, OPT_TOP, OPT_COLOR, OPT_PERFETTO };

static const struct option options[] = {
	SH_CMDOPT_INPUT_OPTIONS,
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "sched", required_argument, NULL, OPT_SCHED },
	{ "entity", required_argument, NULL, OPT_ENTITY },
	{ "min", required_argument, NULL, OPT_MIN },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "perfetto", required_argument, NULL, OPT_PERFETTO },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* An entity pointer (0x...) or fence context (decimal). */
static int parse_id(const char *arg, uint64_t *out)
{
	char *end;

	*out = strtoull(arg, &end, 0);
	return end == arg || *end ? sh_error("--entity takes an id (0x... or a number), not '%s'", arg) : 0;
}

static int parse_option(void *ctx, int c, const char *arg)
{
	struct report_args *ra = ctx;
	uint64_t v;
	int r = sh_cmdopt_input_option(&ra->in, c, arg);

	if (r)
		return r < 0 ? -1 : 0;
	switch (c) {
	case 't': ra->ropts.ns = true; return 0;
	case OPT_FORMAT:
		ra->ops = sh_report_find(arg);
		return ra->ops ? 0 : sh_error("--format takes text or json, not '%s'", arg);
	case OPT_SCHED: ra->ropts.sched = arg; return 0;
	case OPT_ENTITY:
		ra->ropts.has_entity = true;
		return parse_id(arg, &ra->ropts.entity);
	case OPT_MIN: return sh_cmdopt_number("--min", arg, 1000000, &ra->ropts.min_ns);
	case OPT_TOP:
		if (sh_cmdopt_number("--top", arg, 1, &v) < 0 || v > 1000000)
			return -1;
		ra->ropts.top = (unsigned)v;
		return 0;
	case OPT_PERFETTO:
		ra->perfetto = arg;
		return *arg ? 0 : sh_error("--perfetto takes a file name");
	case OPT_COLOR:
		ra->color = arg;
		ra->color_set = true;
		return strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never") ?
			sh_error("--color takes auto, always or never, not '%s'", arg) : 0;
	default:
		return -1;
	}
}

/* 0 to go on, 1 after --help, -1 on a usage error (reported). */
static int parse_args(int argc, char **argv, struct report_args *ra)
{
	int r;

	ra->ops = &sh_report_text;
	ra->color = "auto";
	r = sh_cmdopt_parse(argc, argv, "i:th", options, usage, parse_option, ra);
	if (r != 0 || sh_cmdopt_input_operands(&ra->in, argc, argv) < 0)
		return r > 0 ? 1 : -1;
	ra->ropts.input_name = ra->in.input;
	if ((ra->color_set || ra->ropts.ns) && ra->ops != &sh_report_text)
		return sh_error("option '%s' applies to --format text only%s",
				ra->color_set ? "--color" : "-t",
				ra->color_set ? "" : " (JSON times are in ns)");
	ra->ropts.color = strcmp(ra->color, "always") == 0 ||
			  (strcmp(ra->color, "auto") == 0 && isatty(STDOUT_FILENO) &&
			   !sh_format_no_color() && ra->ops == &sh_report_text);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One selected event into the analysis, then into the Perfetto export @pf (if any). */
static int feed(struct sh_analysis *a, struct sh_perfetto *pf, const struct sh_event *ev)
{
	if (sh_analysis_feed(a, ev) < 0)
		return -1;
	return pf ? sh_perfetto_event(pf, a, ev) : 0;
}

/*
 * Stream the input through the analysis (and the Perfetto export @pf, if
 * any), with progress on a terminal for long inputs.
 */
static int analyze(struct sh_source *src, struct sh_analysis *a, const struct sh_filter *f,
		   struct sh_perfetto *pf)
{
	bool tty = isatty(STDERR_FILENO);
	double t0 = tty ? now() : 0, last = t0;
	const struct sh_event *ev;
	uint64_t n = 0;
	long r;

	sh_source_read_ahead(src);
	while ((r = sh_source_next_batch(src, &ev)) > 0) {
		for (long i = 0; i < r; i++)
			if (sh_filter_selected(f, &ev[i]) && feed(a, pf, &ev[i]) < 0)
				return -1;
		n += (uint64_t)r;
		if (tty && now() - last >= 1.0) {	/* once a batch: a clock read is cheap */
			last = now();
			fprintf(stderr, "\rschedhang report: %" PRIu64 " events read...", n);
		}
	}
	if (tty && last != t0)
		fputs("\r\033[K", stderr);
	if (r < 0 || sh_analysis_finish(a) < 0)
		return -1;
	return pf ? sh_perfetto_finish(pf, a) : 0;
}

/* The Perfetto export to --perfetto OUT: 0 (none asked, or opened), -1 (reported). */
static int perfetto_open(const struct report_args *ra, FILE **fp, struct sh_perfetto **pf)
{
	if (!ra->perfetto)
		return 0;
	*fp = fopen(ra->perfetto, "wb");
	if (!*fp)
		return sh_error("cannot write '%s': %s", ra->perfetto, strerror(errno));
	*pf = sh_perfetto_new(*fp, ra->perfetto);
	return *pf ? 0 : -1;
}

/* Close OUT: -1 (reported) when its last bytes could not be written. */
static int perfetto_close(const struct report_args *ra, FILE *fp, int status)
{
	if (!fp)
		return 0;
	if (fclose(fp) != 0 && status != SH_EXIT_INPUT)
		return sh_error("cannot write '%s': %s", ra->perfetto, strerror(errno));
	return 0;
}

/* --time and --cpu must leave events to analyze: a typo must not pass a CI gate. */
static int check_selection(const struct report_args *ra, const struct sh_report_ctx *ctx)
{
	const struct sh_model *m = ctx->a->model;
	const struct sh_filter *f = &ra->in.filter;

	if (m->nevents > m->nlost || !ctx->info->nevents || (!f->has_time && !f->cpus))
		return 0;
	return sh_error("no event of '%s' passes %s%s%s (it has %" PRIu64 " events from %.6f to %.6f s)",
			ra->in.input, f->has_time ? "--time" : "", f->has_time && f->cpus ? " and " : "",
			f->cpus ? "--cpu" : "", ctx->info->nevents, ctx->info->first_ts / 1e9,
			ctx->info->last_ts / 1e9);
}

static int run(int argc, char **argv)
{
	struct report_args ra = { 0 };
	struct sh_source *src = NULL;
	struct sh_analysis *a = NULL;
	struct sh_buf out;
	struct sh_report_shown shown = { 0 };
	struct sh_perfetto *pf = NULL;
	FILE *pfp = NULL;
	int status = SH_EXIT_INPUT, r;

	sh_buf_init(&out);
	r = parse_args(argc, argv, &ra);
	if (r != 0) {
		status = r > 0 ? SH_EXIT_OK : SH_EXIT_USAGE;
		if (r < 0)
			fputs("see 'schedhang report --help'\n", stderr);
		goto out;
	}
	src = sh_source_open(ra.in.input, ra.in.format);
	a = src ? sh_analysis_new(&ra.in.aopts) : NULL;
	if (!a || perfetto_open(&ra, &pfp, &pf) < 0 || analyze(src, a, &ra.in.filter, pf) < 0)
		goto out;
	struct sh_report_ctx ctx = { sh_source_info(src), a, &ra.ropts };
	if (sh_report_require_drm_sched(&ctx, ra.in.filter.stock_only) < 0)
		goto out;
	if (check_selection(&ra, &ctx) < 0 || sh_report_check_filters(&ctx) < 0) {
		status = SH_EXIT_USAGE;
		goto out;
	}
	if (sh_report_shown_init(&shown, &ctx) < 0) {
		sh_error("out of memory");
		goto out;
	}
	ra.ops->render(&out, &ctx);
	if (sh_buf_write(&out, stdout) == 0)
		status = shown.n ? SH_EXIT_FINDINGS : SH_EXIT_OK;
out:
	sh_perfetto_free(pf);
	if (perfetto_close(&ra, pfp, status) < 0)
		status = SH_EXIT_INPUT;
	sh_report_shown_release(&shown);
	sh_buf_release(&out);
	sh_analysis_free(a);
	sh_source_free(src);
	sh_cmdopt_input_release(&ra.in);
	return status;
}

const struct sh_cmd sh_cmd_report = {
	.name = "report",
	.summary = "find lost wakeups and other hangs in a trace",
	.usage = usage,
	.run = run,
};
