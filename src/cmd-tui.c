/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang tui: browse a trace's schedulers, entities and jobs in the terminal. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmdopt.h"
#include "core/error.h"
#include "detect/analysis.h"
#include "read/source.h"
#include "tui/fetch.h"
#include "tui/nav.h"
#include "tui/script.h"
#include "tui/term.h"
#include "tui/timeline-load.h"
#include "tui/tui.h"

static const char usage[] =
	"usage: schedhang tui [-i FILE] [--input-format FMT] [--time START,END] [--cpu LIST] [--sched NAME] [--entity ID] [--events all|stock] [--stall MS] [--hang [CLASS=]MS] [-t] [--ascii] [FILE]\n"
	"\n"
	"Browse the timelines of every drm_sched scheduler worker, entity and job of a\n"
	"trace, with the findings of 'schedhang report' drawn where they happen.\n"
	"\n"
	"  -i, --input FILE        trace to read (default: trace.dat); a trace.dat, an\n"
	"                          ftrace/trace-cmd text trace or a CTF folder\n"
	"      --input-format FMT  dat, text or ctf instead of detecting it\n"
	"      --time START,END    load only events in [START, END] (seconds; either may be empty)\n"
	"      --cpu LIST          load only events of these CPUs (e.g. 0,2-3)\n"
	"      --events WHICH      all (default), or stock: drop the schedhang_* events\n"
	"      --sched NAME        show only this scheduler (name or 0x id); f changes it\n"
	"      --entity ID         show only this entity (0x pointer or fence context)\n"
	"      --stall MS          report lost-wakeup stalls of at least MS, rescued or not\n"
	"      --hang [CLASS=]MS   threshold of the other hang classes, or of one\n"
	"                          (default: the class's own, see the manual)\n"
	"  -t                      timestamps in ns (default: us)\n"
	"      --ascii             draw with ASCII only (default: UTF-8 when the locale is)\n"
	"\n"
	"Press ? in the tui for the keys. SCHEDHANG_TUI_SCRIPT=FILE runs a key script\n"
	"without a terminal and dumps screens (for tests).\n"
	"\n"
	"Exit status: 0 quit, 2 usage error, 3 input or terminal error.\n";

struct tui_args {
	struct sh_cmdopt_input in;
	struct tui_opts topts;
	const char *filter;	/* --sched or --entity: the initial row filter */
};

enum { OPT_SCHED = SH_OPT__INPUT_END, OPT_ENTITY, OPT_ASCII };

static const struct option options[] = {
	SH_CMDOPT_INPUT_OPTIONS,
	{ "sched", required_argument, NULL, OPT_SCHED },
	{ "entity", required_argument, NULL, OPT_ENTITY },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_option(void *ctx, int c, const char *arg)
{
	struct tui_args *ta = ctx;
	int r = sh_cmdopt_input_option(&ta->in, c, arg);

	if (r)
		return r < 0 ? -1 : 0;
	switch (c) {
	case 't': ta->topts.ns = true; return 0;
	case OPT_SCHED: case OPT_ENTITY:
		/* one row filter: a second would silently replace the first */
		if (ta->filter)
			return sh_error("--sched and --entity set the same filter: give one of them");
		if (strlen(arg) >= sizeof(((struct tui *)0)->filter))
			return sh_error("%s takes a name or id, not '%s'",
					c == OPT_SCHED ? "--sched" : "--entity", arg);
		ta->filter = arg;
		return 0;
	case OPT_ASCII: ta->topts.ascii = true; return 0;
	default: return -1;
	}
}

/* 0 to go on, 1 after --help, -1 on a usage error (reported). */
static int parse_args(int argc, char **argv, struct tui_args *ta)
{
	int r = sh_cmdopt_parse(argc, argv, "i:th", options, usage, parse_option, ta);

	if (r != 0 || sh_cmdopt_input_operands(&ta->in, argc, argv) < 0)
		return r > 0 ? 1 : -1;
	return 0;
}

/*
 * The events pane's second reader of the input (none from standard input
 * or a pipe: the pane keeps the index's fields; out of memory: the same),
 * made before the load so that the load hands it the first events: the
 * first screen is drawn without reading the trace again.
 */
static struct tui_fetch *new_fetch(struct tui_args *ta, struct sh_timeline *tl)
{
	struct tui_fetch *f = tui_fetch_new(ta->in.input, ta->in.format, &ta->in.filter);

	if (f)
		sh_timeline_observe(tl, tui_fetch_keep, f);
	return f;
}

/* After tui_init(): the events pane's reader @f (@t owns it), the initial row filter. */
static void start(struct tui_args *ta, struct tui *t, struct tui_fetch *f)
{
	t->fetch = f;
	if (ta->filter)
		tui_set_filter(t, ta->filter);
}

/* Headless: load, then play the key script. */
static int run_script(struct tui_args *ta, struct sh_source *src, struct sh_analysis *a,
		      struct sh_timeline *tl, const char *script)
{
	struct tui_fetch *f = new_fetch(ta, tl);
	struct tui t;
	int r;

	if (sh_timeline_load(tl, a, src, &ta->in.filter, NULL, NULL) < 0 ||
	    tui_init(&t, a, tl, sh_source_info(src), ta->in.input, &ta->topts, 80, 24) < 0) {
		sh_timeline_observe(tl, NULL, NULL);
		tui_fetch_free(f);
		return SH_EXIT_INPUT;
	}
	start(ta, &t, f);
	r = tui_run_script(&t, script);
	tui_release(&t);
	return r < 0 ? SH_EXIT_INPUT : SH_EXIT_OK;
}

static int run_terminal(struct tui_args *ta, struct sh_source *src, struct sh_analysis *a,
			struct sh_timeline *tl)
{
	struct tui_term *term = tui_term_start(ta->topts.ascii, ta->in.input);
	int status = SH_EXIT_INPUT, cols, rows;
	struct tui_fetch *f;
	struct tui t;

	if (!term)
		return SH_EXIT_INPUT;
	ta->topts.ascii = tui_term_ascii(term);
	tui_term_size(term, &cols, &rows);
	f = new_fetch(ta, tl);
	if (sh_timeline_load(tl, a, src, &ta->in.filter, tui_term_progress, term) == 0 &&
	    tui_init(&t, a, tl, sh_source_info(src), ta->in.input, &ta->topts, cols, rows) == 0) {
		start(ta, &t, f);
		tui_term_run(term, &t);
		tui_release(&t);
		status = SH_EXIT_OK;
	} else {
		sh_timeline_observe(tl, NULL, NULL);
		tui_fetch_free(f);
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
		if (r < 0)
			fputs("see 'schedhang tui --help'\n", stderr);
		goto out;
	}
	src = sh_source_open(ta.in.input, ta.in.format);
	a = src ? sh_analysis_new(&ta.in.aopts) : NULL;
	if (!a)
		goto out;
	status = script && *script ? run_script(&ta, src, a, &tl, script) : run_terminal(&ta, src, a, &tl);
out:
	sh_timeline_release(&tl);
	sh_analysis_free(a);
	sh_source_free(src);
	sh_cmdopt_input_release(&ta.in);
	return status;
}

const struct sh_cmd sh_cmd_tui = {
	.name = "tui",
	.summary = "browse a trace's schedulers, entities and jobs in the terminal",
	.usage = usage,
	.run = run,
};
