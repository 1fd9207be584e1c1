/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Option handling shared by the commands. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdopt.h"
#include "core/error.h"

int sh_cmdopt_number(const char *opt, const char *arg, uint64_t scale, uint64_t *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v >= 0 && v * (double)scale <= 1.8e19))	/* NaN fails */
		return sh_error("%s takes a number, not '%s'", opt, arg);
	*out = (uint64_t)(v * (double)scale + 0.5);
	return 0;
}

int sh_cmdopt_parse(int argc, char **argv, const char *shortopts, const struct option *longopts,
		    const char *usage, int (*handle)(void *ctx, int c, const char *arg), void *ctx)
{
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return sh_error("unknown option or missing value: '%s'", argv[optind - 1]);
		if (c == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		if (handle(ctx, c, optarg) < 0)
			return -1;
	}
	return 0;
}

/* --hang MS (every class but lost wakeups) or --hang CLASS=MS. */
static int parse_hang(struct sh_cmdopt_input *in, const char *arg)
{
	const char *eq = strchr(arg, '=');
	int cls = eq ? sh_finding_class_parse(arg, (size_t)(eq - arg)) : -1;
	uint64_t ns;

	if (eq && (cls < 0 || cls == SH_FC_SPSC_RACE || cls == SH_FC_MISSING_KICK))
		return sh_error("--hang takes MS or CLASS=MS with a class other than the lost wakeups "
				"(those take --stall), not '%s'", arg);
	if (sh_cmdopt_number("--hang", eq ? eq + 1 : arg, 1000000, &ns) < 0)
		return -1;
	if (!ns)
		return sh_error("--hang takes a threshold above 0, not '%s'", arg);
	sh_analysis_opts_hang(&in->aopts, cls, ns);
	return 0;
}

int sh_cmdopt_input_option(struct sh_cmdopt_input *in, int c, const char *arg)
{
	switch (c) {
	case 'i':
		in->input = arg;
		return 1;
	case SH_OPT_INPUT_FORMAT:
		return sh_input_format_parse(arg, &in->format) < 0 ?
			sh_error("--input-format takes dat, text or ctf, not '%s'", arg) : 1;
	case SH_OPT_TIME:
		return sh_filter_time(&in->filter, arg) < 0 ? -1 : 1;
	case SH_OPT_CPU:
		return sh_filter_cpus(&in->filter, arg) < 0 ? -1 : 1;
	case SH_OPT_STALL:
		return sh_cmdopt_number("--stall", arg, 1000000, &in->aopts.stall_ns) < 0 ? -1 : 1;
	case SH_OPT_HANG:
		return parse_hang(in, arg) < 0 ? -1 : 1;
	case SH_OPT_EVENTS:
		return sh_filter_events(&in->filter, arg) < 0 ? -1 : 1;
	default:
		return 0;
	}
}

int sh_cmdopt_input_operands(struct sh_cmdopt_input *in, int argc, char **argv)
{
	if (optind < argc) {
		if (in->input || optind + 1 < argc)
			return sh_error("one input trace only (got '%s')", argv[optind]);
		in->input = argv[optind];
	}
	if (!in->input)
		in->input = "trace.dat";
	return 0;
}

void sh_cmdopt_input_release(struct sh_cmdopt_input *in)
{
	sh_filter_release(&in->filter);
}
