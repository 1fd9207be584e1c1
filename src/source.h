/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_H
#define SH_SOURCE_H

/*
 * An input trace turned into one time-ordered stream of normalized events.
 * This header is libc-only: the readers behind it (source-*.c) are the only
 * code that includes tracing-library headers.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

enum sh_input_format {
	SH_INPUT_AUTO,
	SH_INPUT_DAT,
	SH_INPUT_TEXT,
	SH_INPUT_CTF,
};

/* Event sets seen in the input (struct sh_trace_info.schemas) */
#define SH_SCHEMAS(X) \
	X(SCHEDHANG, "schedhang") \
	X(SCHEDHANG_UPROBE, "schedhang-uprobe") \
	X(STOCK_OLD, "gpu_scheduler<=6.16") \
	X(STOCK_NEW, "gpu_scheduler>=6.17") \
	X(WORKQUEUE, "workqueue") \
	X(DMA_FENCE, "dma_fence") \
	X(SCHED, "sched")

enum {
#define SH_X(id, name) SH_SCHEMA_BIT_##id,
	SH_SCHEMAS(SH_X)
#undef SH_X
	SH_SCHEMA__COUNT
};
#define SH_SCHEMA(id) (1u << SH_SCHEMA_BIT_##id)

/* Printable name of schema bit @bit. */
const char *sh_schema_name(unsigned bit);

/* Lost-event markers on one CPU (struct sh_trace_info.lost_cpus). */
struct sh_lost_cpu {
	int cpu;			/* -1: markers whose CPU is unknown or out of range */
	uint64_t lost;			/* events lost, as the markers say */
	uint64_t markers;		/* lost-event markers */
	uint64_t unknown;		/* markers that did not say how many */
};

/*
 * What a source knows about its input, including the quality accounting the
 * report prints. Filled by the reader as it goes; final after the last event.
 */
struct sh_trace_info {
	const char *path;		/* borrowed from the caller of sh_source_open() */
	char format[48];		/* e.g. "trace.dat v7 (zstd)", "ftrace text" */
	char clock[24];			/* trace clock name, "" when unknown */
	char kernel[96];		/* uname release when the file records it */
	int ncpus;			/* CPUs in the input (0 when unknown) */
	unsigned schemas;		/* SH_SCHEMA() bits of the event sets seen */
	uint64_t first_ts, last_ts;	/* of delivered events */
	uint64_t nevents;		/* normalized events delivered */
	uint64_t per_type[SH_EV__COUNT];
	uint64_t raw_events;		/* input events read, mapped or not */
	uint64_t unknown_events;	/* input events of types schedhang does not map */
	uint64_t missing_field;		/* events dropped for a missing required field */
	uint64_t unordered;		/* events whose timestamp went backwards */
	uint64_t unparsed_lines;	/* text input: lines that are not events or headers */
	/*
	 * Owned; one entry per CPU with a lost-event marker (sparse: memory
	 * grows with the CPUs named, not with the highest number), in CPU
	 * order (-1 first) once sh_source_next() has returned 0.
	 */
	struct sh_lost_cpu *lost_cpus;
	size_t nlost_cpus;
	uint64_t lost_markers;		/* lost-event markers in the stream */
	uint64_t lost_unknown;		/* markers whose count the input did not say */
	char **buffers;			/* owned; names of the buffers read ("" = top level) */
	size_t nbuffers;
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
 * Read the rest of @src ahead in a thread of its own (on a machine with more
 * than one CPU), so decoding overlaps with the caller's work on the events
 * already returned. Events, the end and errors arrive as without it; the
 * reader's messages are logged from the caller's thread. After this call
 * sh_source_info() is final, and may be read, only once sh_source_next()
 * has returned 0 or -1.
 */
void sh_source_read_ahead(struct sh_source *src);

/* The source's info; valid until sh_source_free(). */
const struct sh_trace_info *sh_source_info(const struct sh_source *src);

/* Close @src and free everything it owns (events' strings included). NULL is fine. */
void sh_source_free(struct sh_source *src);

/* Parse "dat", "text" or "ctf"; returns -1 for anything else. */
int sh_input_format_parse(const char *name, enum sh_input_format *out);

#endif
