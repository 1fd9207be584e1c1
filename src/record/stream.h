/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_STREAM_H
#define SH_STREAM_H

/* Per-CPU streaming of raw pages from a tracefs instance into "<prefix>.cpuN" files. */

#include <stdint.h>

#include "record/live.h"


struct sh_stream;

/* Per-CPU streaming of raw pages into "<prefix>.cpuN" files. */
struct sh_stream *sh_stream_new(void *inst, unsigned ncpus, const char *prefix);

/*
 * Flight recorder: feed every page read to @live (borrowed) and keep only the
 * newest @ring_pages pages per CPU in memory, written to the files by
 * sh_stream_finish(). -1 when out of memory.
 */
int sh_stream_set_live(struct sh_stream *s, struct sh_live *live, unsigned ring_pages);

/*
 * Drain what is ready; waits up to @timeout_ms for data. -1 on write error.
 * With a live analysis, every CPU is read each round and the analysis
 * advanced: 1 when it saw a stall (see sh_live_describe()).
 */
int sh_stream_poll(struct sh_stream *s, int timeout_ms);

/* Drain everything left (after tracing is off). -1 on write error. */
int sh_stream_finish(struct sh_stream *s);

const char *sh_stream_file(const struct sh_stream *s, unsigned cpu);
uint64_t sh_stream_events(const struct sh_stream *s, unsigned cpu);
/* Events the flight recorder's window dropped on @cpu (by design, not lost), and their pages. */
uint64_t sh_stream_discarded(const struct sh_stream *s, unsigned cpu, uint64_t *pages);

/* Close the trace_pipe_raw readers (the instance cannot go while they are open). */
void sh_stream_close_readers(struct sh_stream *s);

/* Close and remove the temporary files; accepts NULL. */
void sh_stream_free(struct sh_stream *s);

#endif
