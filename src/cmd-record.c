/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang record: capture drm_sched events on a running system into trace.dat. */
#include "config.h"

#include "cmd.h"
#include "error.h"

static const char usage[] =
	"usage: schedhang record [OPTIONS] [-- COMMAND [ARGS]]\n"
	"\n"
	"Not implemented yet.\n";

static int run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh_error("not implemented yet");
	return SH_EXIT_USAGE;
}

const struct sh_cmd sh_cmd_record = {
	.name = "record",
	.summary = "capture drm_sched events on a running system into trace.dat",
	.usage = usage,
	.run = run,
};
