/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_DAT_H
#define SH_SOURCE_DAT_H

/*
 * The trace.dat reader's record decoder on its own, for unit tests that
 * parse event formats and build records from bytes (no trace.dat needed),
 * and what tests need to know of the reader.
 */

#include <stdbool.h>
#include <event-parse.h>

#include "read/source.h"

/* A source decoding records of @tep (borrowed: outlives the source). */
struct sh_source *sh_source_dat_new_tep(struct tep_handle *tep);

/*
 * Decode @rec as the reader would: 1 = event in @ev, 0 = skipped (counted in
 * the info), -1 = out of memory (reported).
 */
int sh_source_dat_decode(struct sh_source *src, const struct tep_record *rec, int cpu,
			 struct sh_event *ev);

/*
 * How an open trace.dat source reads its events: "pages" (in place from the
 * file mapping) or "libtracecmd" (tracecmd_read_data()); NULL for another
 * kind of source.
 */
const char *sh_source_dat_reader(const struct sh_source *src);

/*
 * True when libtracecmd opened a view of the trace.dat (its compressed
 * pages left out, dat-view.c), not the file itself.
 */
bool sh_source_dat_viewed(const struct sh_source *src);

#endif
