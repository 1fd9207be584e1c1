/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_CMDOPT_H
#define SH_CMDOPT_H

/*
 * Option handling shared by the commands: the getopt loop with --help and
 * one-line usage errors, number parsing, and the options of the commands
 * that read a trace (report, tui). Errors are reported through sh_error()
 * naming the option and the value.
 */

#include <getopt.h>
#include <stdint.h>

#include "core/filter.h"
#include "detect/analysis.h"
#include "read/source.h"

/* A non-negative number for option @opt, times @scale (1000000: MS -> ns). 0 or -1. */
int sh_cmdopt_number(const char *opt, const char *arg, uint64_t scale, uint64_t *out);

/*
 * Run getopt_long over @argv with @shortopts/@longopts, calling @handle for
 * every option (it returns 0, or -1 after reporting a bad value). -h/--help
 * prints @usage to stdout. Returns 0 to go on (optind is the first operand),
 * 1 after --help, -1 on a usage error (reported).
 */
int sh_cmdopt_parse(int argc, char **argv, const char *shortopts, const struct option *longopts,
		    const char *usage, int (*handle)(void *ctx, int c, const char *arg), void *ctx);

/* The trace input of report and tui: what to read and which events to analyse. */
struct sh_cmdopt_input {
	const char *input;		/* -i FILE or the FILE operand; default trace.dat */
	enum sh_input_format format;	/* --input-format */
	struct sh_filter filter;	/* --time, --cpu */
	struct sh_analysis_opts aopts;	/* --stall, --hang */
};

enum {
	SH_OPT_INPUT_FORMAT = 0x200,
	SH_OPT_TIME,
	SH_OPT_CPU,
	SH_OPT_STALL,
	SH_OPT_HANG,
	SH_OPT_EVENTS,
	SH_OPT__INPUT_END,	/* a command numbers its own long options from here */
};

/* The long options of struct sh_cmdopt_input, for a command's option table. */
#define SH_CMDOPT_INPUT_OPTIONS \
	{ "input", required_argument, NULL, 'i' }, \
	{ "input-format", required_argument, NULL, SH_OPT_INPUT_FORMAT }, \
	{ "time", required_argument, NULL, SH_OPT_TIME }, \
	{ "cpu", required_argument, NULL, SH_OPT_CPU }, \
	{ "stall", required_argument, NULL, SH_OPT_STALL }, \
	{ "hang", required_argument, NULL, SH_OPT_HANG }, \
	{ "events", required_argument, NULL, SH_OPT_EVENTS }

/* Handle @c if it is one of the input options: 1 done, 0 not one of them, -1 bad value. */
int sh_cmdopt_input_option(struct sh_cmdopt_input *in, int c, const char *arg);

/* The operands left after the options: at most one FILE, not with -i. 0 or -1. */
int sh_cmdopt_input_operands(struct sh_cmdopt_input *in, int argc, char **argv);

void sh_cmdopt_input_release(struct sh_cmdopt_input *in);

#endif
