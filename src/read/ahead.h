/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_AHEAD_H
#define SH_SOURCE_AHEAD_H

/*
 * Inside the readers: a source read ahead by a thread of its own, in
 * batches, so decoding the trace overlaps with the caller's analysis on a
 * second CPU. Events, the end and errors arrive in the order the source
 * produced them; messages the reader logs are replayed by the caller's
 * thread just before the events read while they were logged.
 */

#include "read/source-impl.h"

struct sh_ahead;

/*
 * Start reading @src (borrowed) with @next (sh_source_next()'s work) in a
 * new thread. NULL when no thread could be started: read in the caller.
 */
struct sh_ahead *sh_ahead_start(struct sh_source *src,
				int (*next)(struct sh_source *src, struct sh_event *ev));

/* The next event, as @next returned it: 1, 0 at the end, -1 on error (reported). */
int sh_ahead_next(struct sh_ahead *a, struct sh_event *ev);

/* Stop the thread (it finishes its batch), wait for it and free @a. NULL is fine. */
void sh_ahead_stop(struct sh_ahead *a);

#endif
