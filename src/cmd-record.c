/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang record: capture drm_sched events on a running system into trace.dat. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/error.h"
#include "record/check.h"
#include "record/record.h"

static const char usage[] =
	"usage: schedhang record [OPTIONS] [-- COMMAND [ARGS]]\n"
	"   or: schedhang record --check [-e SYS:EVENT]... [--no-default-events] [--kprobes]\n"
	"\n"
	"Record drm_sched, workqueue, dma_fence and sched events (and the user-space\n"
	"probes of --uprobes binaries) into a trace.dat version 6 file.\n"
	"\n"
	"  -o, --output FILE        write FILE (default trace.dat)\n"
	"  -e, --event SYS:EVENT    also record these events (globs; repeatable)\n"
	"      --no-default-events  record only the -e events and the uprobes\n"
	"      --uprobes BINARY     attach to BINARY's schedhang_probe_* functions\n"
	"                           (repeatable; x86-64 only)\n"
	"      --uprobe-group GROUP create the uprobe events in GROUP, not schedhang\n"
	"      --kprobes            probe the unpatched drm_sched (kprobe events in\n"
	"                           group schedhang_kp): exact first flag of pushes\n"
	"  -B, --instance NAME      tracefs instance to create (default schedhang)\n"
	"  -b, --buffer-size KB     per-CPU ring buffer size in KB\n"
	"  -C, --clock CLOCK        trace clock (default mono)\n"
	"      --duration SECONDS   stop after SECONDS\n"
	"      --stop-on-stall MS   flight recorder: keep the last -b KB per CPU and\n"
	"                           stop when a stall lasts MS ms (exit status 1)\n"
	"      --check              report what this kernel offers and what report\n"
	"                           can tell from it per hang class, and exit\n"
	"  -h, --help               show this help\n"
	"\n"
	"Without COMMAND, records until SIGINT or SIGTERM (or --duration).\n"
	"Exit status: 0 trace written, 1 trace written after --stop-on-stall saw a\n"
	"stall, 2 usage error, 3 system error (no root, no tracefs, no kprobe events\n"
	"for --kprobes, disk full...).\n"
	"See schedhang-record(1).\n";

enum { OPT_NO_DEFAULT = 256, OPT_UPROBES, OPT_GROUP, OPT_DURATION, OPT_CHECK, OPT_STALL,
       OPT_KPROBES };

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "event", required_argument, NULL, 'e' },
	{ "no-default-events", no_argument, NULL, OPT_NO_DEFAULT },
	{ "uprobes", required_argument, NULL, OPT_UPROBES },
	{ "uprobe-group", required_argument, NULL, OPT_GROUP },
	{ "kprobes", no_argument, NULL, OPT_KPROBES },
	{ "instance", required_argument, NULL, 'B' },
	{ "buffer-size", required_argument, NULL, 'b' },
	{ "clock", required_argument, NULL, 'C' },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "stop-on-stall", required_argument, NULL, OPT_STALL },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int push(const char ***list, unsigned *n, const char *s)
{
	const char **v = realloc(*list, (*n + 1) * sizeof(*v));

	if (!v)
		return sh_error("out of memory");
	v[(*n)++] = s;
	*list = v;
	return 0;
}

static int parse_number(const char *opt, const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	if (end == s || *end || !(*v > 0 && *v <= 1e9))	/* NaN fails */
		return sh_error("option '%s' wants a positive number, not '%s'", opt, s);
	return 0;
}

/* One option into @o; returns 0, 1 for --check, or -1 on a usage error. */
static int parse_opt(struct sh_record_opts *o, int c, const char *arg)
{
	double v;

	switch (c) {
	case 'o': o->output = arg; return 0;
	case 'B': o->instance = arg; return 0;
	case 'C': o->clock = arg; return 0;
	case 'e': return push(&o->events, &o->nevents, arg);
	case OPT_UPROBES: return push(&o->binaries, &o->nbinaries, arg);
	case OPT_GROUP: o->uprobe_group = arg; return 0;
	case OPT_NO_DEFAULT: o->no_default = true; return 0;
	case OPT_KPROBES: o->kprobes = true; return 0;
	case OPT_CHECK: return 1;
	case 'b':
		if (parse_number("-b", arg, &v) < 0)
			return -1;
		o->buffer_kb = (unsigned long)v;
		return 0;
	case OPT_DURATION:
		if (parse_number("--duration", arg, &v) < 0)
			return -1;
		o->duration = v;
		return 0;
	case OPT_STALL:
		if (parse_number("--stop-on-stall", arg, &v) < 0)
			return -1;
		o->stall_ms = v < 1 ? 1 : (unsigned long)v;
		return 0;
	default:
		return -1;
	}
}

/* The options that only apply to a recording, not to --check. */
static const struct {
	int c;
	const char *name;
} recording_only[] = {
	{ 'o', "--output" }, { 'B', "--instance" }, { 'b', "--buffer-size" },
	{ 'C', "--clock" }, { OPT_DURATION, "--duration" }, { OPT_STALL, "--stop-on-stall" },
	{ OPT_UPROBES, "--uprobes" }, { OPT_GROUP, "--uprobe-group" },
};

/* The first recording-only option among @seen (getopt codes), or NULL. */
static const char *not_for_check(const int *seen, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(recording_only) / sizeof(recording_only[0]); k++)
			if (seen[i] == recording_only[k].c)
				return recording_only[k].name;
	return NULL;
}

/* Options that do not apply to the mode chosen are usage errors, not ignored. */
static int check_mode(const struct sh_record_opts *o, bool check, const int *seen, unsigned n)
{
	const char *bad = check ? not_for_check(seen, n) : NULL;

	if (bad)
		return sh_error("option '%s' does not apply to --check", bad);
	if (check && o->cmd)
		return sh_error("--check takes no COMMAND");
	if (o->uprobe_group && !o->nbinaries)
		return sh_error("option '--uprobe-group' needs --uprobes");
	if (o->no_default && !o->nevents && !o->nbinaries)
		return sh_error("--no-default-events needs -e or --uprobes");
	return 0;
}

static int parse(struct sh_record_opts *o, int argc, char **argv, bool *check)
{
	int c, r, seen[64];
	unsigned n = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:o:e:B:b:C:h", longopts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return sh_error("%s option '%s'", c == ':' ? "missing argument of" :
					"unknown", argv[optind - 1]);
		if (c == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		r = parse_opt(o, c, optarg);
		if (r < 0)
			return -1;
		*check |= r == 1;
		if (n < sizeof(seen) / sizeof(seen[0]))
			seen[n++] = c;
	}
	if (optind < argc)
		o->cmd = argv + optind;
	return check_mode(o, *check, seen, n);
}

static int run(int argc, char **argv)
{
	struct sh_record_opts o = {
		.instance = "schedhang", .output = "trace.dat", .clock = "mono",
	};
	bool check = false;
	int r;

	sh_log_set_prefix("schedhang record");
	r = parse(&o, argc, argv, &check);
	if (r == 0) {
		r = check ? sh_record_check(&o) : sh_record_run(&o);
		r = r < 0 ? SH_EXIT_INPUT : r > 0 ? SH_EXIT_FINDINGS : SH_EXIT_OK;
	} else {
		r = r > 0 ? SH_EXIT_OK : SH_EXIT_USAGE;
	}
	if (r == SH_EXIT_USAGE)
		fputs("see 'schedhang record --help'\n", stderr);
	free(o.events);
	free(o.binaries);
	return r;
}

const struct sh_cmd sh_cmd_record = {
	.name = "record",
	.summary = "capture drm_sched events on a running system into trace.dat",
	.usage = usage,
	.run = run,
};
