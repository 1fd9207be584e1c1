/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_FINDING_H
#define SH_FINDING_H

/*
 * A finding: one hang (or invariant violation) with the events that prove it.
 * Class names are stable identifiers used in text and JSON output.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

/* X(ID, severity (lower prints first), summary) */
#define SH_FINDING_CLASSES(X) \
	X(SPSC_RACE,          0, "lost wakeup: spsc_queue push/pop race") \
	X(MISSING_KICK,       1, "lost wakeup: no kick after a push that did not wake the worker") \
	X(SCHED_PAUSED,       2, "scheduler paused with jobs queued") \
	X(WQ_STARVATION,      3, "run-job work queued or running but not progressing") \
	X(JOB_TIMEOUT,        4, "job ran on the hardware without completing (timeout / TDR)") \
	X(DEP_NEVER_SIGNALED, 5, "job blocked on a dependency that never signalled") \
	X(CREDIT_STARVATION,  6, "worker idle for lack of credits while jobs wait") \
	X(FREE_WORK_STALL,    7, "free-job work not running after jobs completed") \
	X(ENTITY_KILLED,      8, "entity killed with jobs that never ran") \
	X(INVARIANT,          9, "spsc_queue invariant violated")

enum sh_finding_class {
#define SH_X(id, sev, summary) SH_FC_##id,
	SH_FINDING_CLASSES(SH_X)
#undef SH_X
	SH_FC__COUNT
};

#define SH_CONFIDENCES(X) X(PROVEN, "proven") X(SUSPECTED, "suspected") X(DEGRADED, "degraded")

enum sh_confidence {
#define SH_X(id, name) SH_CONF_##id,
	SH_CONFIDENCES(SH_X)
#undef SH_X
};

/*
 * X(ID, key, meaning): why a finding has its confidence. The key is stable
 * (JSON "confidence_reason"); schedhang-report(1) has the table of which
 * reason gives which confidence for each class.
 */
#define SH_REASONS(X) \
	X(NONE, "none", "no reason recorded") \
	X(RACE_STATE, "race-state", \
	  "a push returned first=0, no worker run or kick followed, and the queue state shows the spsc race") \
	X(FIRST0_NO_RUN, "first0-no-run", \
	  "a push returned first=0 and no worker run or kick followed; no queue state tells the cause") \
	X(FIRST0_CAUSE_UNKNOWN, "first0-cause-unknown", \
	  "kernel probes: a push returned first=0 and no worker run or kick followed; the queue " \
	  "state at the predecessor's pop was not captured, so the cause is unknown") \
	X(STOCK_NO_FIRST, "stock-no-first-flag", \
	  "stock events only: no first flag and no kicks, so a lost wakeup can only be suspected") \
	X(WQ_STOP, "wq-stop-no-start", "submission was stopped (WQ_STOP) and not started while jobs waited") \
	X(STOCK_NO_RUN_WORK, "stock-no-run-work", \
	  "stock events: a job queued on an empty queue and the run-job work was never queued") \
	X(TIMEOUT_RAN, "timeout-work-ran", "the scheduler's own timeout handler ran") \
	X(RAN_NO_DONE, "ran-without-done", \
	  "a job ran and did not complete for longer than the timeout, and no timeout handler was seen") \
	X(DEP_UNSIGNALED, "dep-never-signaled", \
	  "the job waited on a fence that never signalled in the trace, while its ring ran other jobs") \
	X(NO_FENCE_EVENTS, "no-fence-events", \
	  "the job waited on a fence, but the trace has no fence signal events to tell whether it signalled") \
	X(RING_IDLE, "ring-idle", \
	  "the job waited on a fence that did not signal, but its ring ran nothing else meanwhile") \
	X(NO_CREDIT, "credits-never-freed", \
	  "the worker idled for lack of credits with jobs queued and no job completed until the end") \
	X(DURATION, "duration-only", "only a duration crossed the threshold; no state shows a hang") \
	X(KILLED, "entity-kill-queued", "the entity was killed (ENTITY_KILL) with jobs that never ran") \
	X(INVARIANT_STATE, "invariant-state", "the cited event itself violates the spsc_queue invariant") \
	X(LOST_EVENTS, "lost-events", "events were lost inside the span the evidence covers")

enum sh_reason {
#define SH_X(id, key, meaning) SH_REASON_##id,
	SH_REASONS(SH_X)
#undef SH_X
	SH_REASON__COUNT
};

#define SH_FINDING_MAX_EVIDENCE 10
#define SH_FINDING_MAX_JOBS 16

/* A job: its finished-fence context and seqno (<=6.16 stock: context 0, id as seqno). */
struct sh_job_ref {
	uint64_t ectx, seqno;
};

struct sh_evidence {
	struct sh_event ev;	/* a copy; its strings are borrowed from the source */
	const char *role;	/* static string: why this event is cited */
};

struct sh_finding {
	enum sh_finding_class cls;
	enum sh_confidence conf;
	uint64_t sched;		/* scheduler id (pointer) or 0 */
	const char *sched_name;	/* borrowed from the source, or NULL */
	uint64_t entity;	/* entity id or 0 */
	uint64_t ectx, seqno;	/* the job, when there is one (has_job) */
	bool has_job;
	uint64_t start, end;	/* ns; end == start when instantaneous */
	bool open_at_end;	/* still stuck when the trace ended */
	enum sh_reason reason;	/* why it has its confidence */
	/*
	 * How many occurrences of its class this one finding stands for: jobs
	 * (lost wakeups, timeouts, dependencies, kills: @jobs lists the first),
	 * violations (INVARIANT), else 1. See sh_finding_count_unit().
	 */
	uint64_t count;
	struct sh_job_ref jobs[SH_FINDING_MAX_JOBS];
	unsigned njobs;		/* listed in @jobs (count may be more) */
	bool counts_jobs;	/* count counts jobs (sh_finding_add_job() was called) */
	char detail[512];	/* what happened, what rescued it; what else it stands for */
	const char *rescued_by;	/* static string (a kick reason, "worker run"), or NULL */
	struct sh_evidence evidence[SH_FINDING_MAX_EVIDENCE];
	unsigned nevidence;
};

struct sh_findings {
	struct sh_finding *items;	/* owned */
	size_t len, cap;
};

const char *sh_finding_class_name(enum sh_finding_class cls);
/* The class named by the @len bytes at @name (any case), or -1. */
int sh_finding_class_parse(const char *name, size_t len);
const char *sh_finding_class_summary(enum sh_finding_class cls);
const char *sh_confidence_name(enum sh_confidence conf);
/* The stable key of @r ("race-state") and its meaning (one sentence). */
const char *sh_reason_key(enum sh_reason r);
const char *sh_reason_meaning(enum sh_reason r);
/* What @f's count counts, singular or plural: "job"/"jobs", "violation"/"violations", or NULL (1). */
const char *sh_finding_count_unit(const struct sh_finding *f);

/* Set @f's confidence and its reason; lost events in the evidence span make it degraded elsewhere. */
void sh_finding_confide(struct sh_finding *f, enum sh_confidence conf, enum sh_reason r);
/*
 * Count job (@ectx, @seqno) in @f and list it (at most SH_FINDING_MAX_JOBS;
 * not the <=6.16 stock jobs, whose @ectx is 0: they have no fence context).
 */
void sh_finding_add_job(struct sh_finding *f, uint64_t ectx, uint64_t seqno);

void sh_findings_init(struct sh_findings *list);
void sh_findings_release(struct sh_findings *list);
/* A new zeroed finding appended to @list, or NULL (reported) when out of memory. */
struct sh_finding *sh_findings_add(struct sh_findings *list, enum sh_finding_class cls);
/*
 * Sort worst first: severity, then proven before suspected, then longest, then
 * earliest; each finding's evidence in stream order.
 */
void sh_findings_sort(struct sh_findings *list);

/* Cite @ev for @role; ignored when @ev is NULL or cited already, or the list is full. */
void sh_finding_cite(struct sh_finding *f, const struct sh_event *ev, const char *role);

/* Duration of @f in ns. */
uint64_t sh_finding_duration(const struct sh_finding *f);

#endif
