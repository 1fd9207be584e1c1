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
 * Start reading @src (borrowed) with sh_source_fill() in a new thread. NULL
 * when no thread could be started: read in the caller.
 */
struct sh_ahead *sh_ahead_start(struct sh_source *src);

/*
 * The next batch: *@evs is set to its events (borrowed until the next call),
 * their number is returned, and *@end says what follows them, as
 * sh_source_fill() returned it: 1 more, 0 the end, -1 an error (reported).
 * After the end or an error, every later call returns 0 events and it again.
 */
long sh_ahead_take(struct sh_ahead *a, const struct sh_event **evs, int *end);

/* Stop the thread (it finishes its batch), wait for it and free @a. NULL is fine. */
void sh_ahead_stop(struct sh_ahead *a);

#endif
