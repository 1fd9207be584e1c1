/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_ANALYSIS_H
#define SH_ANALYSIS_H

/*
 * The analysis: the model plus the detectors, fed one normalized event at a
 * time (so it works on a stream, live or from a file), producing findings.
 * libc only: unit tests feed it synthetic event sequences.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/event.h"
#include "detect/finding.h"
#include "model/model.h"

struct sh_analysis_opts {
	/*
	 * Lost-wakeup threshold in ns. 0 (the contract's default): report a
	 * stranded job only when it is still stranded at the end of the trace.
	 * Otherwise report every stall at least this long, rescued or not.
	 */
	uint64_t stall_ns;
	/* Threshold of the other duration-based classes (paused, starved, ...). */
	uint64_t hang_ns;
};

#define SH_DEFAULT_HANG_NS (1000ULL * 1000 * 1000)

struct sh_detect;

struct sh_analysis {
	struct sh_analysis_opts opts;
	struct sh_model *model;		/* owned */
	struct sh_findings findings;	/* owned */
	struct sh_detect *detect;	/* owned: the detectors at work, in table order */
	unsigned ndetect;
	bool finished;
};

/* A new analysis with @opts (NULL: defaults), or NULL (reported). */
struct sh_analysis *sh_analysis_new(const struct sh_analysis_opts *opts);
void sh_analysis_free(struct sh_analysis *a);

/* Feed one event, in stream order. 0, or -1 (reported) when out of memory. */
int sh_analysis_feed(struct sh_analysis *a, const struct sh_event *ev);

/* End of the trace: close open stalls, run end-of-trace checks, sort the findings. */
int sh_analysis_finish(struct sh_analysis *a);

/* A stall still open, as sh_analysis_stalled() sees it. */
struct sh_stall {
	enum sh_finding_class cls;	/* the class it would be reported as */
	const struct sh_sched *sched;	/* borrowed from the model */
	uint64_t since;			/* when it began (trace clock, ns) */
	uint64_t ectx, seqno;		/* the stranded job of a lost wakeup, else 0 */
};

/*
 * Is anything stalled at least @min_ns as of trace time @now (no event newer
 * than @now fed)? Asks every detector for what it has open (lost-wakeup
 * stalls, pauses, credits, workqueue, free work, timeout handler). Returns
 * true and the oldest such stall in @out, else false. For flight recorders:
 * the findings are only built at sh_analysis_finish().
 */
bool sh_analysis_stalled(const struct sh_analysis *a, uint64_t now, uint64_t min_ns,
			 struct sh_stall *out);

#endif
