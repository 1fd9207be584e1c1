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

#define SH_FINDING_MAX_EVIDENCE 10

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
	uint64_t count;		/* occurrences folded into this finding (>= 1) */
	char detail[256];	/* one sentence: what happened, what rescued it */
	const char *rescued_by;	/* static string (a kick reason, "worker run"), or NULL */
	struct sh_evidence evidence[SH_FINDING_MAX_EVIDENCE];
	unsigned nevidence;
};

struct sh_findings {
	struct sh_finding *items;	/* owned */
	size_t len, cap;
};

const char *sh_finding_class_name(enum sh_finding_class cls);
const char *sh_finding_class_summary(enum sh_finding_class cls);
const char *sh_confidence_name(enum sh_confidence conf);

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
