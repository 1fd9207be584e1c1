/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_DAT_PROBE_H
#define SH_SOURCE_DAT_PROBE_H

#include <stdint.h>

/*
 * Open the trace.dat @path (@size bytes) once in a child, as the reader
 * will (headers, buffer instances, each CPU's first page; a v6 file's
 * kallsyms left out): if that dies or hangs, @path is reported as corrupt.
 * 0, or -1 (reported).
 */
int sh_dat_probe_open(const char *path, uint64_t size);

/*
 * The same for the view @fd (dat-view.c; borrowed, read from its start) of
 * @path: 0 when libtracecmd opened it in the child, 1 when the child died
 * (nothing reported: the file may open), -1 when it hung (reported for
 * @path: the view holds the file's headers).
 */
int sh_dat_probe_view(int fd, const char *path, uint64_t size);

#endif
