/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_DAT_OPEN_H
#define SH_SOURCE_DAT_OPEN_H

#include <stddef.h>
#include <stdint.h>

struct tracecmd_input;

/* libtracecmd's handles of one trace.dat: the top level's, then each buffer instance's */
struct sh_dat_libs {
	struct tracecmd_input **h;	/* owned: n of them, [0] the top level */
	const char **name;		/* borrowed from h[0]: each buffer's name, "" the top level */
	size_t n;
};

/*
 * Open the trace.dat @path (@size bytes) with libtracecmd, top level and
 * buffer instances, after a child did the same without dying
 * (dat-probe.c). 0, or -1 (reported; @libs is empty).
 */
int sh_dat_libs_open(struct sh_dat_libs *libs, const char *path, uint64_t size);

/*
 * The same from the view @view (dat-view.c; borrowed) of @path. 0; 1 when
 * the child or libtracecmd failed on it (nothing reported); -1 when the
 * child hung (reported). @libs is empty unless 0.
 */
int sh_dat_libs_open_view(struct sh_dat_libs *libs, int view, const char *path, uint64_t size);

/* Close the handles (the instances first: they hold references to the top level's); empty after. */
void sh_dat_libs_close(struct sh_dat_libs *libs);

#endif
