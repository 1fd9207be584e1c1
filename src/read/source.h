/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_H
#define SH_SOURCE_H

/*
 * An input trace turned into one time-ordered stream of normalized events.
 * This header is libc-only: the readers behind it (src/read/) are the only
 * code that includes tracing-library headers.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/trace-info.h"

enum sh_input_format {
	SH_INPUT_AUTO,
	SH_INPUT_DAT,
	SH_INPUT_TEXT,
	SH_INPUT_CTF,
};

struct sh_source;

/*
 * Open @path (a file, or for CTF a folder) as @fmt; SH_INPUT_AUTO detects the
 * format from the content. On failure reports one error naming the file and
 * what is wrong (for AUTO: the formats tried) and returns NULL.
 */
struct sh_source *sh_source_open(const char *path, enum sh_input_format fmt);

/* Read the next event into @ev: 1 = event, 0 = end of input, -1 = error (reported). */
int sh_source_next(struct sh_source *src, struct sh_event *ev);

/*
 * The next events in place, without copying them: *@evs is set to an array
 * of the returned number of events (> 0), borrowed from @src until the next
 * call on it. 0 = end of input, -1 = error (reported). The same stream as
 * sh_source_next(), and the two may be mixed.
 */
long sh_source_next_batch(struct sh_source *src, const struct sh_event **evs);

/*
 * Read the rest of @src ahead in a thread of its own (on a machine with more
 * than one CPU), so decoding overlaps with the caller's work on the events
 * already returned. Events, the end and errors arrive as without it; the
 * reader's messages are logged from the caller's thread. After this call
 * sh_source_info() is final, and may be read, only once sh_source_next()
 * has returned 0 or -1.
 */
void sh_source_read_ahead(struct sh_source *src);

/*
 * How the read-ahead thread may hand events over: "events" (decoded
 * there), "raw" (decoded there or, when that keeps both threads busier, in
 * the caller's thread from raw records: trace.dat), or NULL when @src is not
 * read ahead. For tests and benchmarks.
 */
const char *sh_source_ahead_kind(const struct sh_source *src);

/* The source's info; valid until sh_source_free(). */
const struct sh_trace_info *sh_source_info(const struct sh_source *src);

/* Close @src and free everything it owns (events' strings included). NULL is fine. */
void sh_source_free(struct sh_source *src);

/* Parse "dat", "text" or "ctf"; returns -1 for anything else. */
int sh_input_format_parse(const char *name, enum sh_input_format *out);

#endif
