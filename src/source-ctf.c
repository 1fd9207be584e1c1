/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CTF input: detected (a folder with a 'metadata' file, see source.c) but not
 * read yet. The babeltrace2 reader replaces this ops table's open/next/close.
 */
#include "config.h"

#include "error.h"
#include "source-impl.h"

static int ctf_open(struct sh_source *src)
{
	return sh_error("cannot read '%s': CTF input is not supported yet", src->info.path);
}

static int ctf_next(struct sh_source *src, struct sh_event *ev)
{
	(void)src;
	(void)ev;
	return 0;
}

const struct sh_source_ops sh_source_ctf_ops = {
	.name = "CTF",
	.format = SH_INPUT_CTF,
	.want_dir = true,
	.open = ctf_open,
	.next = ctf_next,
};
