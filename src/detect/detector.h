/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_DETECTOR_H
#define SH_DETECTOR_H

/*
 * What a detector is, for the analysis (analysis.c) and the detectors
 * (lostwake.c, invariant.c, hang.c, stock.c). A detector reads the model
 * after each event and keeps its own state in the bytes the model reserves
 * after every scheduler and entity (struct sh_sched.extra, struct
 * sh_entity.extra): the model never interprets them, and no other detector
 * touches them. Findings go into the analysis's list.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "detect/analysis.h"
#include "detect/finding.h"
#include "model/model.h"

struct sh_detect;

/* The question of sh_analysis_stalled(), which detectors answer with sh_stall_offer(). */
struct sh_stall_query {
	uint64_t now, min_ns;
	struct sh_stall *out;		/* borrowed: the oldest stall offered so far */
	bool found;
};

/* Offer @cand: kept when it lasts at least min_ns at now and began before the one kept. */
void sh_stall_offer(struct sh_stall_query *q, const struct sh_stall *cand);

/* A detector's operations. Every hook may be NULL. */
struct sh_detector {
	const char *name;
	/* Bytes of private state per scheduler, per entity and for the whole trace, zeroed. */
	size_t sched_state, entity_state, global_state;
	/*
	 * After the model saw @ev, one of the types in @events: @s and @e are
	 * its scheduler and entity as the model knows them now
	 * (sh_model_owner()), NULL where none.
	 */
	void (*event)(struct sh_detect *d, const struct sh_event *ev, struct sh_sched *s,
		      struct sh_entity *e);
	uint64_t events;		/* SH_EV_BIT()s of the types @event is called for */
	/* At the end of the trace, before the findings are sorted. */
	void (*finish)(struct sh_detect *d);
	/* Offer what is still open on @s (sh_analysis_stalled()). */
	void (*stalled)(const struct sh_detect *d, const struct sh_sched *s, struct sh_stall_query *q);
	/* Free what the state of @s owns (not the state itself). */
	void (*release_sched)(const struct sh_detect *d, struct sh_sched *s);
	/* Free what the global state owns (not the state itself). */
	void (*release)(const struct sh_detect *d);
};

/* A detector at work: its analysis, and where its state lies in the reserved bytes. */
struct sh_detect {
	const struct sh_detector *ops;	/* static */
	struct sh_analysis *a;		/* borrowed: the analysis that owns it */
	size_t sched_off, entity_off;
	void *global;			/* owned: global_state bytes, or NULL */
};

/* The state of detector @d for scheduler @s / entity @e. */
static inline void *sh_detect_sched(const struct sh_detect *d, const struct sh_sched *s)
{
	return (void *)(s->extra + d->sched_off);
}

static inline void *sh_detect_entity(const struct sh_detect *d, const struct sh_entity *e)
{
	return (void *)(e->extra + d->entity_off);
}

/* The detector of @a whose operations are @ops, or NULL. */
const struct sh_detect *sh_analysis_detector(const struct sh_analysis *a,
					     const struct sh_detector *ops);

/* Helpers shared by the detectors. */
/*
 * A new finding of @cls about @s over [start, end]: PROVEN (the detector
 * sets its confidence and reason with sh_finding_confide()) or DEGRADED when
 * lost events fall inside that span. NULL (reported) when out of memory.
 */
struct sh_finding *sh_analysis_report(struct sh_analysis *a, enum sh_finding_class cls,
				      const struct sh_sched *s, uint64_t start, uint64_t end);
/* Cite the worker's last kick, run start and decision, for context. */
void sh_analysis_cite_worker(struct sh_finding *f, const struct sh_sched *s);
/* Make @f DEGRADED (reason lost-events) when lost events fall inside [from, to]. */
void sh_analysis_degrade(const struct sh_analysis *a, struct sh_finding *f, uint64_t from, uint64_t to);

#endif
