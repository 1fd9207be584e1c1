/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_CMD_H
#define SH_CMD_H

#include <stdio.h>

/* Exit status of every command (documented in schedhang(1)). */
enum sh_exit {
	SH_EXIT_OK = 0,		/* clean: nothing found */
	SH_EXIT_FINDINGS = 1,	/* findings reported */
	SH_EXIT_USAGE = 2,	/* usage error, or a command not built yet */
	SH_EXIT_INPUT = 3,	/* input or system error */
};

/*
 * One subcommand. @usage is its whole --help text; its leading "usage: " line
 * (and any "   or: " lines after it) are the synopsis, which must match the
 * SYNOPSIS of man/schedhang-<name>.1 (checked by tests/cli/synopsis.sh).
 */
struct sh_cmd {
	const char *name;
	const char *summary;	/* one line for the command list */
	const char *usage;
	int (*run)(int argc, char **argv);	/* argv[0] is the command name */
};

extern const struct sh_cmd sh_cmd_record;
extern const struct sh_cmd sh_cmd_report;
extern const struct sh_cmd sh_cmd_tui;
extern const struct sh_cmd sh_cmd_help;

/* The command called @name, or NULL. */
const struct sh_cmd *sh_cmd_find(const char *name);

/* Print the top-level usage and command list to @fp. */
void sh_print_main_usage(FILE *fp);

#endif
