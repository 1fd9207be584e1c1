/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * schedhang: find lost wakeups and other hangs of the DRM GPU scheduler in
 * kernel traces. main() only dispatches; each command lives in cmd-<name>.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/error.h"

static const struct sh_cmd *const commands[] = {
	&sh_cmd_record,
	&sh_cmd_report,
	&sh_cmd_tui,
	&sh_cmd_help,
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct sh_cmd *sh_cmd_find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

void sh_print_main_usage(FILE *fp)
{
	fputs("usage: schedhang [--version] [--help] COMMAND [ARGS]\n\n"
	      "Commands:\n", fp);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(fp, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\nSee 'schedhang help COMMAND' for the manual of a command.\n", fp);
}

static int is_help_flag(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

static int run_command(const struct sh_cmd *cmd, int argc, char **argv)
{
	char prefix[64];

	if (argc > 1 && is_help_flag(argv[1])) {
		fputs(cmd->usage, stdout);
		return SH_EXIT_OK;
	}
	snprintf(prefix, sizeof(prefix), "schedhang %s", cmd->name);
	sh_log_set_prefix(prefix);
	return cmd->run(argc, argv);
}

/* Output that cannot be written is an error, even if everything else worked. */
static int finish_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		sh_log_set_prefix(NULL);
		sh_error("write error on standard output: %s", strerror(errno));
		return SH_EXIT_INPUT;
	}
	return status;
}

int main(int argc, char **argv)
{
	const struct sh_cmd *cmd;

	if (argc < 2) {
		sh_print_main_usage(stderr);
		return SH_EXIT_USAGE;
	}
	if (is_help_flag(argv[1])) {
		sh_print_main_usage(stdout);
		return finish_stdout(SH_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		if (argc > 2) {
			fprintf(stderr, "schedhang: %s takes no argument (got '%s')\n", argv[1], argv[2]);
			return SH_EXIT_USAGE;
		}
		printf("schedhang %s\n", PACKAGE_VERSION);
		return finish_stdout(SH_EXIT_OK);
	}
	cmd = sh_cmd_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "schedhang: '%s' is not a schedhang command\n\n", argv[1]);
		sh_print_main_usage(stderr);
		return SH_EXIT_USAGE;
	}
	return finish_stdout(run_command(cmd, argc - 1, argv + 1));
}
