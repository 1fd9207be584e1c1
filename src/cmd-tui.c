/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang tui: browse a trace's schedulers, entities and jobs in the terminal. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cmd.h"
#include "cmdopt.h"
#include "error.h"
#include "source.h"
#include "timeline.h"
#include "tui.h"

static const char usage[] =
	"usage: schedhang tui [-i FILE] [--input-format FMT] [--time START,END] [--cpu LIST] [--sched NAME] [--entity ID] [--stall MS] [--hang MS] [-t] [--ascii] [FILE]\n"
	"\n"
	"Browse the timelines of every drm_sched scheduler worker, entity and job of a\n"
	"trace, with the findings of 'schedhang report' drawn where they happen.\n"
	"\n"
	"  -i, --input FILE        trace to read (default: trace.dat); a trace.dat, an\n"
	"                          ftrace/trace-cmd text trace or a CTF folder\n"
	"      --input-format FMT  dat, text or ctf instead of detecting it\n"
	"      --time START,END    load only events in [START, END] (seconds; either may be empty)\n"
	"      --cpu LIST          load only events of these CPUs (e.g. 0,2-3)\n"
	"      --sched NAME        show only this scheduler (name or 0x id); f changes it\n"
	"      --entity ID         show only this entity (0x pointer or fence context)\n"
	"      --stall MS          report lost-wakeup stalls of at least MS, rescued or not\n"
	"      --hang MS           threshold of the other hang classes (default: --stall, else 1000)\n"
	"  -t                      timestamps in ns (default: us)\n"
	"      --ascii             draw with ASCII only (default: UTF-8 when the locale is)\n"
	"\n"
	"Press ? in the tui for the keys. SCHEDHANG_TUI_SCRIPT=FILE runs a key script\n"
	"without a terminal and dumps screens (for tests).\n"
	"\n"
	"Exit status: 0 quit, 2 usage error, 3 input or terminal error.\n";

struct tui_args {
	const char *input;
	enum sh_input_format input_format;
	struct sh_analysis_opts aopts;
	struct sh_cmdopt_filters filt;
	struct tui_opts topts;
	const char *filter;	/* --sched or --entity: the initial row filter */
};

enum { OPT_INPUT_FORMAT = 256, OPT_TIME, OPT_CPU, OPT_SCHED, OPT_ENTITY, OPT_STALL, OPT_HANG, OPT_ASCII };

static const struct option options[] = {
	{ "input", required_argument, NULL, 'i' },
	{ "input-format", required_argument, NULL, OPT_INPUT_FORMAT },
	{ "time", required_argument, NULL, OPT_TIME },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "sched", required_argument, NULL, OPT_SCHED },
	{ "entity", required_argument, NULL, OPT_ENTITY },
	{ "stall", required_argument, NULL, OPT_STALL },
	{ "hang", required_argument, NULL, OPT_HANG },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_option(int c, const char *arg, struct tui_args *ta)
{
	switch (c) {
	case 'i': ta->input = arg; return 0;
	case 't': ta->topts.ns = true; return 0;
	case OPT_INPUT_FORMAT:
		return sh_input_format_parse(arg, &ta->input_format) < 0 ?
			sh_error("--input-format takes dat, text or ctf, not '%s'", arg) : 0;
	case OPT_TIME: return sh_cmdopt_time(arg, &ta->filt);
	case OPT_CPU: return sh_cmdopt_cpus(arg, &ta->filt);
	case OPT_SCHED: case OPT_ENTITY:
		if (strlen(arg) >= sizeof(((struct tui *)0)->filter))
			return sh_error("%s takes a name or id, not '%s'",
					c == OPT_SCHED ? "--sched" : "--entity", arg);
		ta->filter = arg;
		return 0;
	case OPT_STALL: return sh_cmdopt_number("--stall", arg, 1000000, &ta->aopts.stall_ns);
	case OPT_HANG: return sh_cmdopt_number("--hang", arg, 1000000, &ta->aopts.hang_ns);
	case OPT_ASCII: ta->topts.ascii = true; return 0;
	default: return -1;
	}
}

/* 0 to go on, 1 after --help, -1 on a usage error (reported). */
static int parse_args(int argc, char **argv, struct tui_args *ta)
{
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "i:th", options, NULL)) != -1) {
		if (c == '?' || c == ':')
			return sh_error("unknown option or missing value: '%s'", argv[optind - 1]);
		if (c == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		if (parse_option(c, optarg, ta) < 0)
			return -1;
	}
	if (optind < argc) {
		if (ta->input || optind + 1 < argc)
			return sh_error("one input trace only (got '%s')", argv[optind]);
		ta->input = argv[optind];
	}
	if (!ta->input)
		ta->input = "trace.dat";
	return 0;
}

/* Headless: load, then play the key script. */
static int run_script(struct tui_args *ta, struct sh_source *src, struct sh_analysis *a,
		      struct sh_timeline *tl, const char *script)
{
	struct tui t;
	int r;

	if (sh_timeline_load(tl, a, src, &ta->filt, NULL, NULL) < 0 ||
	    tui_init(&t, a, tl, sh_source_info(src), ta->input, &ta->topts, 80, 24) < 0)
		return SH_EXIT_INPUT;
	if (ta->filter)
		tui_set_filter(&t, ta->filter);
	r = tui_run_script(&t, script);
	tui_release(&t);
	return r < 0 ? SH_EXIT_INPUT : SH_EXIT_OK;
}

static int run_terminal(struct tui_args *ta, struct sh_source *src, struct sh_analysis *a,
			struct sh_timeline *tl)
{
	struct tui_term *term = tui_term_start(ta->topts.ascii, ta->input);
	int status = SH_EXIT_INPUT, cols, rows;
	struct tui t;

	if (!term)
		return SH_EXIT_INPUT;
	ta->topts.ascii = tui_term_ascii(term);
	tui_term_size(term, &cols, &rows);
	if (sh_timeline_load(tl, a, src, &ta->filt, tui_term_progress, term) == 0 &&
	    tui_init(&t, a, tl, sh_source_info(src), ta->input, &ta->topts, cols, rows) == 0) {
		if (ta->filter)
			tui_set_filter(&t, ta->filter);
		tui_term_run(term, &t);
		tui_release(&t);
		status = SH_EXIT_OK;
	}
	tui_term_stop(term);
	return status;
}

static int run(int argc, char **argv)
{
	struct tui_args ta = { 0 };
	struct sh_source *src = NULL;
	struct sh_analysis *a = NULL;
	struct sh_timeline tl;
	const char *script = getenv("SCHEDHANG_TUI_SCRIPT");
	int status = SH_EXIT_INPUT, r;

	sh_timeline_init(&tl);
	r = parse_args(argc, argv, &ta);
	if (r != 0) {
		status = r > 0 ? SH_EXIT_OK : SH_EXIT_USAGE;
		goto out;
	}
	src = sh_source_open(ta.input, ta.input_format);
	a = src ? sh_analysis_new(&ta.aopts) : NULL;
	if (!a)
		goto out;
	status = script && *script ? run_script(&ta, src, a, &tl, script) : run_terminal(&ta, src, a, &tl);
out:
	sh_timeline_release(&tl);
	sh_analysis_free(a);
	sh_source_free(src);
	sh_cmdopt_filters_release(&ta.filt);
	return status;
}

const struct sh_cmd sh_cmd_tui = {
	.name = "tui",
	.summary = "browse a trace's schedulers, entities and jobs in the terminal",
	.usage = usage,
	.run = run,
};
