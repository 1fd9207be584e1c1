/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Invariant violations of the spsc_queue that should never occur on a fixed
 * kernel, reported even without a stall: a pop that leaves the head set with
 * a count of 0, and a worker that idles (NO_ENTITY) while an entity has a
 * queued job it cannot count. Occurrences fold into one finding per entity
 * (or scheduler); the first one is cited with the events around it.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "detect/invariant.h"

/*
 * Per scheduler and per entity (struct sh_sched.extra, struct sh_entity.extra):
 * the finding occurrences fold into, as its index + 1 (0: none yet).
 */
struct inv_state {
	size_t finding;
};

/* The finding of @st, created on first use. */
static struct sh_finding *fold(struct sh_analysis *a, struct inv_state *st, const struct sh_sched *s,
			       const struct sh_event *ev)
{
	struct sh_finding *f;

	if (st->finding) {
		f = &a->findings.items[st->finding - 1];
		f->count++;
		f->end = ev->ts;
		sh_analysis_degrade(a, f, ev->ts, ev->ts);
		return NULL;	/* already described and cited */
	}
	f = sh_analysis_report(a, SH_FC_INVARIANT, s, ev->ts, ev->ts);
	if (!f)
		return NULL;
	sh_finding_confide(f, SH_CONF_PROVEN, SH_REASON_INVARIANT_STATE);
	st->finding = (size_t)(f - a->findings.items) + 1;
	return f;
}

static void on_pop(const struct sh_detect *d, struct sh_entity *e, const struct sh_event *ev)
{
	struct sh_finding *f;

	if (!e || !ev->pop.head_nonnull || ev->pop.cnt_after != 0)
		return;
	f = fold(d->a, sh_detect_entity(d, e), e->sched, ev);
	if (!f)
		return;
	f->entity = e->id;
	f->has_job = true;
	f->ectx = ev->pop.ectx;
	f->seqno = ev->pop.seqno;
	snprintf(f->detail, sizeof(f->detail),
		 "pop of job %" PRIu64 ":%" PRIu64 " left the queue head set (head_nonnull=1) with "
		 "cnt_after=0: a push was between its tail swap and its count increment",
		 ev->pop.ectx, ev->pop.seqno);
	sh_finding_cite(f, sh_saved_get(&e->last_push), "last push to the entity before the pop");
	sh_finding_cite(f, ev, "pop with head_nonnull=1 and cnt_after=0");
	sh_finding_cite(f, sh_saved_get(&e->sched->last_begin), "start of the worker run that popped");
}

static void on_worker(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct sh_finding *f;

	if (!s || ev->worker.outcome != SH_OUTCOME_NO_ENTITY || !ev->worker.n_nonempty_unready)
		return;
	f = fold(d->a, sh_detect_sched(d, s), s, ev);
	if (!f)
		return;
	snprintf(f->detail, sizeof(f->detail),
		 "the worker found no ready entity (NO_ENTITY) while entities had a queued job "
		 "with a count of 0 (n_nonempty_unready=%" PRIu64 ")", ev->worker.n_nonempty_unready);
	sh_finding_cite(f, sh_saved_get(&s->last_begin), "start of that worker run");
	sh_finding_cite(f, ev, "worker NO_ENTITY with n_nonempty_unready > 0");
	sh_finding_cite(f, sh_saved_get(&s->last_kick), "kick that started that run");
}

static void inv_event(struct sh_detect *d, const struct sh_event *ev, struct sh_sched *s,
		      struct sh_entity *e)
{
	if (ev->type == SH_EV_POP)
		on_pop(d, e, ev);
	else
		on_worker(d, s, ev);
}

const struct sh_detector sh_invariant_detector = {
	.name = "invariant",
	.sched_state = sizeof(struct inv_state),
	.entity_state = sizeof(struct inv_state),
	.event = inv_event,
	.events = SH_EV_BIT(POP) | SH_EV_BIT(WORKER),
};
