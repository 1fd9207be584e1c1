/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_RECORD_H
#define SH_RECORD_H

/*
 * schedhang record: a private tracefs instance, the drm_sched event set,
 * optional uprobes, per-CPU raw pages streamed to temporary files, and a
 * trace.dat v6 written at the end. Only record*.c and uprobes.c include
 * libtracefs.
 */

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "record/uprobes.h"

/* Set by SIGINT/SIGTERM: stop recording (the only mutable global). */
extern volatile sig_atomic_t sh_record_stop;

struct sh_record_opts {
	const char *instance;	/* tracefs instance name */
	const char *output;	/* trace.dat path */
	const char *clock;	/* trace_clock */
	unsigned long buffer_kb; /* per-CPU buffer, 0 = kernel default */
	double duration;	/* seconds, 0 = unlimited */
	const char **events;	/* -e SYS:EVENT globs */
	unsigned nevents;
	const char **binaries;	/* --uprobes */
	unsigned nbinaries;
	const char *uprobe_group; /* --uprobe-group, NULL for the contract's */
	unsigned long stall_ms;	/* --stop-on-stall, 0 = off */
	bool no_default;	/* --no-default-events */
	char **cmd;		/* -- COMMAND ARGS, or NULL */
};

/* One event selected for recording. */
struct sh_evsel {
	char *system;		/* owned */
	char *event;		/* owned */
	char *format;		/* owned: its format file, read at setup */
	const char *filter;	/* borrowed from the list, or NULL */
};

struct sh_evlist {
	struct sh_evsel *v;	/* owned */
	unsigned n;
	char *wq_filter;	/* owned: drm_sched work-function filter, or NULL */
	bool wq_skipped;	/* default workqueue events left out (no drm_sched) */
	bool unschedulable;	/* drm_sched_job_unschedulable selected */
};

/* Add the default event set the kernel offers (see schedhang-record(1)). */
int sh_evlist_add_defaults(struct sh_evlist *l);

/* Add the events matching @spec ("SYS:EVENT" globs); -1 if none matches. */
int sh_evlist_add_spec(struct sh_evlist *l, const char *spec);

/* Read every selected event's format file (after uprobes are created). */
int sh_evlist_read_formats(struct sh_evlist *l);

/* Enable (with filters) every selected event in @inst. */
int sh_evlist_enable(struct sh_evlist *l, void *inst);

void sh_evlist_release(struct sh_evlist *l);

/* Per-CPU streaming of raw pages into "<prefix>.cpuN" files. */
struct sh_stream;
struct sh_live;

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

/* Live analysis of the recorded pages (record-live.c): see there for the watermark. */
struct sh_live *sh_live_new(const struct sh_evlist *ev, unsigned ncpus, const char *clock,
			    uint64_t stall_ns);
void sh_live_free(struct sh_live *l);
/* The trace clock now in ns, 0 when user space cannot read it. */
uint64_t sh_live_now(const struct sh_live *l);
/* Decode one raw page of @cpu (borrowed for the call) into @cpu's queue. -1 out of memory. */
int sh_live_page(struct sh_live *l, unsigned cpu, void *page);
/* This round stopped reading @cpu before it was empty. */
void sh_live_behind(struct sh_live *l, unsigned cpu);
/* Feed what the watermark allows (@t0: sh_live_now() before the round); 1 on a stall, -1 on error. */
int sh_live_advance(struct sh_live *l, uint64_t t0);
/* The stall that stopped the recording, into @buf; 0 when none. */
int sh_live_describe(const struct sh_live *l, char *buf, size_t size);

/* Per-CPU loss, read from per_cpu/cpuN/stats of the instance. */
struct sh_cpustat {
	char *text;		/* owned: "CPU: n\n" + the stats file */
	uint64_t overrun;
	uint64_t dropped;
};

/* The recording session. */
struct sh_record {
	const struct sh_record_opts *o;	/* borrowed */
	void *inst;			/* owned: struct tracefs_instance */
	char *marker;			/* owned: path of the instance's pid file */
	struct sh_evlist ev;
	struct sh_uprobes up;
	struct sh_stream *stream;	/* owned */
	struct sh_live *live;		/* owned: --stop-on-stall, else NULL */
	bool stalled;			/* the live analysis stopped the recording */
	struct sh_cpustat *stats;	/* owned, ncpus entries */
	char *cmdlines;			/* owned */
	char *trace_clock;		/* owned */
	unsigned ncpus;
	pid_t child;
};

/* Record as @o says; returns an sh_exit status. */
int sh_record_run(const struct sh_record_opts *o);

/* schedhang record --check: report what this kernel offers. */
int sh_record_check(const struct sh_record_opts *o);

/* Write r->o->output from the session's formats, stats and pages. */
int sh_record_write(struct sh_record *r);

/* Read the instance stats of every CPU into r->stats. */
int sh_record_read_stats(struct sh_record *r);

/* Return 0 when recording is possible, else print one line and return -1. */
int sh_record_require_tracefs(void);

#endif
