/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang tui: browse a trace's schedulers, entities and jobs in the terminal. */
#include "config.h"

#include "cmd.h"
#include "error.h"

static const char usage[] =
	"usage: schedhang tui [OPTIONS] [FILE]\n"
	"\n"
	"Not implemented yet.\n";

static int run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh_error("not implemented yet");
	return SH_EXIT_USAGE;
}

const struct sh_cmd sh_cmd_tui = {
	.name = "tui",
	.summary = "browse a trace's schedulers, entities and jobs in the terminal",
	.usage = usage,
	.run = run,
};
