/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_DATWRITER_H
#define SH_DATWRITER_H

/*
 * A writer for trace-cmd's trace.dat version 6 (man 5 trace-cmd.dat.v6).
 * It depends on libc only: every input is text or a file of raw ring-buffer
 * pages, so the recorder and the synthetic-trace tools share it.
 */

#include <stddef.h>

/* Bytes of text or data; need not be NUL-terminated. */
struct sh_dat_blob {
	const char *data;	/* borrowed */
	size_t len;
};

/* The format file of one event (events/<system>/<event>/format). */
struct sh_dat_format {
	const char *system;	/* borrowed */
	struct sh_dat_blob text;
};

struct sh_dat_input {
	unsigned page_size;		/* ring-buffer page (sub-buffer) size */
	struct sh_dat_blob header_page;	/* events/header_page */
	struct sh_dat_blob header_event; /* events/header_event */
	const struct sh_dat_blob *ftrace;	/* events/ftrace/<x>/format */
	unsigned n_ftrace;
	const struct sh_dat_format *events;	/* any order; grouped by system */
	unsigned n_events;
	struct sh_dat_blob kallsyms;	/* /proc/kallsyms */
	struct sh_dat_blob printk;	/* printk_formats */
	struct sh_dat_blob cmdlines;	/* saved_cmdlines */
	unsigned ncpus;
	/* per CPU: a file of whole raw pages, or NULL for no data */
	const char *const *cpu_files;
	/* per CPU: CPUSTAT option text ("CPU: n\n" + stats), or NULL */
	const struct sh_dat_blob *cpustats;
	struct sh_dat_blob trace_clock;	/* TRACECLOCK option ("... [mono] ...") */
	struct sh_dat_blob uname;	/* UNAME option */
};

/*
 * Set @in's header_page and header_event to the text of a 64-bit
 * little-endian kernel with 4096-byte pages, for synthetic traces.
 */
void sh_dat_default_headers(struct sh_dat_input *in);

/*
 * Write @in to @path as a trace.dat v6 file. On failure the partial file is
 * removed and -1 is returned after an sh_error() naming the file and cause.
 */
int sh_dat_write(const char *path, const struct sh_dat_input *in);

#endif
