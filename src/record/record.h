/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_RECORD_H
#define SH_RECORD_H

/*
 * schedhang record: a private tracefs instance, the drm_sched event set,
 * optional uprobes, per-CPU raw pages streamed to temporary files, and a
 * trace.dat v6 written at the end. Only the files of src/record/ include
 * libtracefs.
 */

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "record/evlist.h"
#include "record/kprobes.h"
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
	bool kprobes;		/* --kprobes: probe the unpatched drm_sched */
	unsigned long stall_ms;	/* --stop-on-stall, 0 = off */
	bool no_default;	/* --no-default-events */
	char **cmd;		/* -- COMMAND ARGS, or NULL */
};

struct sh_stream;
struct sh_live;

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
	struct sh_kprobes kp;
	struct sh_stream *stream;	/* owned */
	struct sh_live *live;		/* owned: --stop-on-stall, else NULL */
	bool stalled;			/* the live analysis stopped the recording */
	struct sh_cpustat *stats;	/* owned, ncpus entries */
	char *cmdlines;			/* owned */
	char *trace_clock;		/* owned */
	unsigned ncpus;
	pid_t child;
};

/*
 * Record as @o says. 0 when recorded, 1 when the flight recorder stopped on a
 * stall (--stop-on-stall), -1 on an error (reported).
 */
int sh_record_run(const struct sh_record_opts *o);

/* Return 0 when recording is possible, else print one line and return -1. */
int sh_record_require_tracefs(void);

#endif
