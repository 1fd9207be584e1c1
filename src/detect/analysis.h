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
	 * Lost-wakeup threshold in ns (--stall). 0 (the contract's default):
	 * report a stranded job only when it is still stranded at the end of
	 * the trace. Otherwise report every stall at least this long, rescued
	 * or not.
	 */
	uint64_t stall_ns;
	/*
	 * Thresholds of the other classes (--hang), by class; 0 = the class's
	 * default (sh_analysis_threshold()). A condition still open at the end
	 * of the trace is reported when it lasted at least its threshold; one
	 * that ended only when its threshold was set here and the class has
	 * state evidence that it was a hang (a pause: WQ_STOP). A slow worker,
	 * a late free work or credits that came back are never hangs.
	 */
	uint64_t hang_ns[SH_FC__COUNT];
};

/* Default threshold of the duration classes when the trace gives no scheduler timeout. */
#define SH_DEFAULT_HANG_NS (1000ULL * 1000 * 1000)

/* Set the --hang threshold of class @cls, or of every class but lost wakeups (@cls < 0). */
void sh_analysis_opts_hang(struct sh_analysis_opts *o, int cls, uint64_t ns);

struct sh_detect;

#define SH_MAX_DETECTORS 8

struct sh_analysis {
	struct sh_analysis_opts opts;
	struct sh_model *model;		/* owned */
	struct sh_findings findings;	/* owned */
	struct sh_detect *detect;	/* owned: the detectors at work, in table order */
	unsigned ndetect;
	/* per event type, the detectors whose event hook wants it, in table order */
	struct sh_detect *hooks[SH_EV__COUNT][SH_MAX_DETECTORS];
	unsigned char nhooks[SH_EV__COUNT];
	bool finished;
};

/* A new analysis with @opts (NULL: defaults), or NULL (reported). */
struct sh_analysis *sh_analysis_new(const struct sh_analysis_opts *opts);
void sh_analysis_free(struct sh_analysis *a);

/* Feed one event, in stream order. 0, or -1 (reported) when out of memory. */
int sh_analysis_feed(struct sh_analysis *a, const struct sh_event *ev);

/* End of the trace: close open stalls, run end-of-trace checks, sort the findings. */
int sh_analysis_finish(struct sh_analysis *a);

/*
 * The threshold of class @cls for scheduler @s (NULL: none known): --stall
 * for lost wakeups, else --hang's, else the scheduler's own timeout for job
 * timeouts and credit starvation, else SH_DEFAULT_HANG_NS.
 */
uint64_t sh_analysis_threshold(const struct sh_analysis *a, enum sh_finding_class cls,
			       const struct sh_sched *s);
/*
 * The threshold of a condition of class @cls that only the end of the trace
 * left open, without state that shows a hang (a run that did not return, a
 * work that did not run, credits or a fence that did not come back): at
 * least the class's default, since a trace cut short looks the same below
 * it. sh_analysis_threshold() for the others.
 */
uint64_t sh_analysis_open_threshold(const struct sh_analysis *a, enum sh_finding_class cls,
				    const struct sh_sched *s);
/* Was the threshold of @cls set explicitly (--stall, --hang)? */
bool sh_analysis_threshold_set(const struct sh_analysis *a, enum sh_finding_class cls);

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
