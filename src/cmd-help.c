/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang help [COMMAND]: the command list, or a command's manual page. */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/error.h"

static const char usage[] =
	"usage: schedhang help [COMMAND]\n"
	"\n"
	"Without COMMAND, list the commands. With COMMAND, show its manual page\n"
	"(through man(1): paged on a terminal, plain text otherwise); when the\n"
	"page cannot be found, print the command's --help text instead.\n";

/* Format a candidate path into @out; true when it fits and is readable. */
static bool readable(char *out, size_t len, const char *dir, const char *sub, const char *page)
{
	int n = snprintf(out, len, "%s/%s%s", dir, sub, page);

	return n > 0 && (size_t)n < len && access(out, R_OK) == 0;
}

/*
 * The page of the binary being run: beside it in a build tree (./man/), under
 * ../share/man when installed in a prefix, else the configured mandir.
 */
static int find_page(const char *page, char *out, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (readable(out, len, exe, "man/", page) ||
			    readable(out, len, exe, "../share/man/man1/", page))
				return 0;
		}
	}
	return readable(out, len, SH_MANDIR, "man1/", page) ? 0 : -1;
}

static int show_page(const struct sh_cmd *cmd)
{
	char page[64], path[PATH_MAX];

	snprintf(page, sizeof(page), "schedhang-%s.1", cmd->name);
	if (find_page(page, path, sizeof(path)) == 0) {
		fflush(stdout);
		execlp("man", "man", "-l", path, (char *)NULL);
		sh_warning("cannot run man(1) for '%s'; showing --help instead", path);
	} else {
		sh_warning("manual page '%s' not found; showing --help instead", page);
	}
	fputs(cmd->usage, stdout);
	return SH_EXIT_OK;
}

static int run(int argc, char **argv)
{
	const struct sh_cmd *cmd;

	if (argc < 2) {
		sh_print_main_usage(stdout);
		return SH_EXIT_OK;
	}
	if (argc > 2) {
		fputs(usage, stderr);
		return SH_EXIT_USAGE;
	}
	cmd = sh_cmd_find(argv[1]);
	if (!cmd) {
		sh_error("'%s' is not a schedhang command", argv[1]);
		return SH_EXIT_USAGE;
	}
	return show_page(cmd);
}

const struct sh_cmd sh_cmd_help = {
	.name = "help",
	.summary = "show the manual page of a command",
	.usage = usage,
	.run = run,
};
