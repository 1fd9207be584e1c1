/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang report: find lost wakeups and other hangs in a trace. */
#include "config.h"

#include "cmd.h"
#include "error.h"

static const char usage[] =
	"usage: schedhang report [OPTIONS] [FILE]\n"
	"\n"
	"Not implemented yet.\n";

static int run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh_error("not implemented yet");
	return SH_EXIT_USAGE;
}

const struct sh_cmd sh_cmd_report = {
	.name = "report",
	.summary = "find lost wakeups and other hangs in a trace",
	.usage = usage,
	.run = run,
};
