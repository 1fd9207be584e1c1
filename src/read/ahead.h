/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_AHEAD_H
#define SH_SOURCE_AHEAD_H

/*
 * Inside the readers: a source read ahead by a thread of its own, in
 * batches of bytes, so reading the trace overlaps with the caller's analysis
 * on a second CPU. Batches, the end and errors arrive in the order they were
 * read; messages the reader logs are kept with the batch read while they
 * were logged, and logged by the caller's thread when it says so.
 *
 * A reader may offer two ways to fill a batch: the full one (decoded
 * events) and a lean one that leaves part of the work to the caller (raw
 * records it decodes). Which one keeps both threads busier depends on the
 * trace and the caller's work, so the thread tries both and keeps the one
 * that reads more of the input per second. The work moved (the decoder's state)
 * is only ever used by one thread at a time: the thread goes back from
 * lean to full only after the caller is done with every lean batch.
 */

#include <stdbool.h>
#include <stddef.h>

struct sh_ahead;

/*
 * A way to fill a batch: whole pieces of at most @cap bytes into @buf
 * (8-byte aligned; pieces are multiples of 8 bytes), their length in
 * *@len and the input records they cover in *@units (the same measure
 * both ways); 1 more may follow, 0 the end, -1 an error (reported), the
 * *@len bytes before the end or error included. 1 with *@len 0: the next
 * piece is longer than @cap.
 */
typedef int sh_ahead_fill_fn(void *ctx, void *buf, size_t cap, size_t *len, size_t *units);

enum sh_ahead_policy {
	SH_AHEAD_PROBE,			/* try both ways, keep the faster */
	SH_AHEAD_FULL,			/* the full way only */
	SH_AHEAD_LEAN,			/* the lean way only */
	SH_AHEAD_ALTERNATE,		/* for tests: one piece a batch, the two ways in turn */
};

/*
 * Start reading with @full (and @lean, or NULL) in a new thread, as
 * @policy says; @ctx (borrowed) is passed to both. No piece is longer than
 * @piece bytes (a multiple of 8, at most 256 KB). NULL when no thread could
 * be started: read in the caller.
 */
struct sh_ahead *sh_ahead_start(sh_ahead_fill_fn *full, sh_ahead_fill_fn *lean, void *ctx,
				size_t piece, enum sh_ahead_policy policy);

/*
 * The next batch: *@data is set to its bytes (borrowed until the next
 * call), their number is returned, *@lean says which way it was filled,
 * and *@end what follows it, as the fill function returned it: 1 more, 0
 * the end, -1 an error (reported). After the end or an error, every later
 * call returns 0 bytes and it again.
 */
size_t sh_ahead_take(struct sh_ahead *a, const void **data, int *end, bool *lean);

/*
 * Log the messages logged while the batch last taken was read, once: before
 * its events, or after decoding its raw records (where a decoding warning
 * comes before the read error that ended the batch). Messages not said are
 * logged when the next batch is taken, or by sh_ahead_stop().
 */
void sh_ahead_say(struct sh_ahead *a);

/* Stop the thread (it finishes its batch), wait for it and free @a. NULL is fine. */
void sh_ahead_stop(struct sh_ahead *a);

#endif
