/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TRACE_INFO_H
#define SH_TRACE_INFO_H

/*
 * What a reader knows about its input, including the trace quality
 * accounting the outputs print (lost events, unordered timestamps, unknown
 * events...). Filled by the reader (read/); read by the outputs.
 */

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

/* Event sets seen in the input (struct sh_trace_info.schemas) */
#define SH_SCHEMAS(X) \
	X(SCHEDHANG, "schedhang") \
	X(SCHEDHANG_UPROBE, "schedhang-uprobe") \
	X(STOCK_OLD, "gpu_scheduler<=6.16") \
	X(STOCK_NEW, "gpu_scheduler>=6.17") \
	X(WORKQUEUE, "workqueue") \
	X(DMA_FENCE, "dma_fence") \
	X(SCHED, "sched") \
	X(KPROBE, "schedhang-kprobes")

enum {
#define SH_X(id, name) SH_SCHEMA_BIT_##id,
	SH_SCHEMAS(SH_X)
#undef SH_X
	SH_SCHEMA__COUNT
};
#define SH_SCHEMA(id) (1u << SH_SCHEMA_BIT_##id)

/* Printable name of schema bit @bit. */
const char *sh_trace_info_schema(unsigned bit);

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

#endif
