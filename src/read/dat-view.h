/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_DAT_VIEW_H
#define SH_SOURCE_DAT_VIEW_H

#include <stdint.h>

#include "read/dat-check.h"

/*
 * A view of the trace.dat @fd (@size bytes) whose pages are zstd-compressed
 * (@layout from sh_dat_check_layout(), zstd), for libtracecmd to open
 * instead of the file: the same bytes, but each CPU's chunk table cut after
 * the chunk that holds the CPU's first event (as schedhang's page cursor
 * finds it). libtracecmd reads the header of every chunk while it opens a
 * file, and schedhang asks it only for each CPU's first record. A memory
 * file of @size bytes, with holes where the chunks left out were; the
 * caller owns it. -1 when there is none (not a zstd layout, a page the
 * cursor cannot read, out of memory): nothing is reported, the caller
 * opens the file itself.
 */
int sh_dat_view_open(int fd, uint64_t size, const struct sh_dat_layout *layout);

#endif
