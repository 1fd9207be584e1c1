/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Lost wakeups, exactly as the event contract defines them: a job whose push
 * returned not-first while its scheduler's worker was going (or had gone)
 * idle, after which the worker did not run again. The stall is open from the
 * push until the next worker run (rescued) or the end of the trace.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/analysis.h"

#define NS_PER_MS 1000000.0

/* Can a job of @s be stranded now? Paused or credit-starved workers idle for other reasons. */
static bool can_strand(const struct sh_sched *s)
{
	const struct sh_event *end = sh_saved_get(&s->last_end);

	if (s->stopped || s->worker != SH_WORKER_IDLE)
		return false;
	if (end && end->type == SH_EV_WORKER &&
	    (end->worker.outcome == SH_OUTCOME_NO_CREDIT || end->worker.outcome == SH_OUTCOME_STOPPED))
		return false;
	return true;
}

/* The job at the head of @e cannot run while it waits for a dependency. */
static bool head_blocked(const struct sh_model *m, const struct sh_entity *e)
{
	const struct sh_qjob *head = sh_entity_head(e);
	const struct sh_job *j = head ? sh_model_job(m, e->ectx, head->seqno) : NULL;

	return e->killed || (j && j->dep_blocked);
}

static void open_stall(struct sh_sched *s, struct sh_entity *e, const struct sh_event *push)
{
	struct sh_lw_stall *st = &e->lw;
	const struct sh_event *pop = sh_saved_get(&e->last_pop);

	memset(st, 0, sizeof(*st));
	st->open = true;
	st->start = push->ts;
	st->entity = e;
	st->ectx = push->push.ectx;
	st->seqno = push->push.seqno;
	sh_save(&st->push, push);
	if (pop && pop->idx < push->idx)
		sh_save(&st->pred_pop, pop);
	st->last_end = s->last_end;
	st->last_begin = s->last_begin;
	st->last_kick = s->last_kick;
	s->lw_open++;
}

/* @e's earliest not-first push since the last worker run whose job is still queued. */
static const struct sh_event *stranded_push(const struct sh_analysis *a, const struct sh_sched *s,
					    const struct sh_entity *e)
{
	const struct sh_event *begin = sh_saved_get(&s->last_begin);

	if (head_blocked(a->model, e))
		return NULL;
	for (uint64_t q = 0; q < e->qlen; q++) {
		const struct sh_qjob *qj = sh_entity_qjob(e, q);
		const struct sh_job *j;

		if (qj->first || (begin && qj->push_idx < begin->idx))
			continue;
		j = sh_model_job(a->model, e->ectx, qj->seqno);
		return j && j->push.set ? &j->push.ev : NULL;
	}
	return NULL;
}

const char *sh_lostwake_race_evidence(const struct sh_lw_stall *st)
{
	const struct sh_event *end = sh_saved_get(&st->last_end);
	const struct sh_event *pop = sh_saved_get(&st->pred_pop);
	const struct sh_event *push = &st->push.ev;

	if (end && end->type == SH_EV_WORKER && end->worker.outcome == SH_OUTCOME_NO_ENTITY &&
	    end->worker.n_nonempty_unready > 0)
		return "the worker went idle (NO_ENTITY) while an entity had a queued job it could not count";
	if (pop && pop->pop.cnt_after == 0 && (pop->pop.head_nonnull || pop->pop.slowpath))
		return "the predecessor's pop left the queue head set with a count of 0";
	if (pop && pop->pop.cnt_after == 0 && push->push.cnt_before >= 1 && pop->ts <= push->ts)
		return "the predecessor was popped inside the push window (after cnt_before was read)";
	return NULL;
}

static void describe(struct sh_finding *f, const struct sh_lw_stall *st, const char *why,
		     bool rescued, uint64_t dur)
{
	char how[96];

	if (rescued)
		snprintf(how, sizeof(how), "a later worker run picked it up after %.3f ms",
			 dur / NS_PER_MS);
	else
		snprintf(how, sizeof(how), "still queued %.3f ms later, at the end of the trace",
			 dur / NS_PER_MS);
	snprintf(f->detail, sizeof(f->detail),
		 "push of job %" PRIu64 ":%" PRIu64 " returned not-first and no worker ran; %s%s%s",
		 st->ectx, st->seqno, how, why ? "; " : "", why ? why : "");
	if (st->more)
		snprintf(f->detail + strlen(f->detail), sizeof(f->detail) - strlen(f->detail),
			 "; %" PRIu64 " more not-first pushes waited with it", st->more);
}

static void cite(struct sh_finding *f, const struct sh_lw_stall *st, const struct sh_event *rescue)
{
	sh_finding_cite(f, sh_saved_get(&st->last_kick), "last kick of the worker before the stall");
	sh_finding_cite(f, sh_saved_get(&st->last_begin), "last worker run before the stall began");
	sh_finding_cite(f, sh_saved_get(&st->pred_pop), "pop of the predecessor job");
	sh_finding_cite(f, sh_saved_get(&st->last_end), "the worker's last decision before idling");
	sh_finding_cite(f, &st->push.ev, "push that did not wake the worker (first=0)");
	sh_finding_cite(f, sh_saved_get(&st->rescue_kick), "kick that rescued the job");
	sh_finding_cite(f, rescue, "next worker run");
}

/*
 * The finding rests on every event it cites (the predecessor's pop, the
 * worker's last kick and run...), not only on the stall itself: lost
 * events anywhere from the first cited event to @at may have removed the
 * real last kick or run, so they make it degraded.
 */
static void degrade_on_evidence_gap(const struct sh_analysis *a, struct sh_finding *f, uint64_t at)
{
	uint64_t first = f->start;

	for (unsigned i = 0; i < f->nevidence; i++)
		if (f->evidence[i].ev.ts < first)
			first = f->evidence[i].ev.ts;
	if (f->conf == SH_CONF_PROVEN)
		f->conf = sh_analysis_confidence(a, first, at);
}

/* The printable reason of a rescuing kick. */
static const char *kick_name(const struct sh_event *kick)
{
	const char *name = sh_enum_name(SH_ENUM_KICK_REASON, kick->kick.reason);

	return name ? name : "an unknown kick";
}

/* Remember @f to name its rescuer when the run's kick is traced after the run. */
static void await_kick(struct sh_sched *s, const struct sh_analysis *a, const struct sh_finding *f)
{
	if (s->nlw_unattributed == s->lw_unattributed_cap) {
		unsigned cap = s->lw_unattributed_cap ? 2 * s->lw_unattributed_cap : 4;
		int *p = realloc(s->lw_unattributed, cap * sizeof(*p));

		if (!p)
			return;	/* the finding keeps "a worker run" as its rescuer */
		s->lw_unattributed = p;
		s->lw_unattributed_cap = cap;
	}
	if (!s->nlw_unattributed)
		s->lw_unattributed_since = f->end;
	s->lw_unattributed[s->nlw_unattributed++] = (int)(f - a->findings.items);
}

static void close_stall(struct sh_analysis *a, struct sh_sched *s, struct sh_entity *e, uint64_t at,
			const struct sh_event *rescue)
{
	struct sh_lw_stall *st = &e->lw;
	uint64_t dur = at > st->start ? at - st->start : 0;
	uint64_t thr = a->opts.stall_ns;
	bool report = rescue ? thr && dur >= thr : !thr || dur >= thr;
	const struct sh_event *kick = sh_saved_get(&st->rescue_kick);
	const char *why = sh_lostwake_race_evidence(st);
	struct sh_finding *f;

	st->open = false;
	s->lw_open--;
	s->stalls++;
	e->st.stalls++;
	if (!report)
		return;
	f = sh_analysis_report(a, why ? SH_FC_SPSC_RACE : SH_FC_MISSING_KICK, s, st->start, at);
	if (!f)
		return;
	f->entity = st->entity->id;
	f->has_job = true;
	f->ectx = st->ectx;
	f->seqno = st->seqno;
	f->open_at_end = !rescue;
	if (rescue)
		f->rescued_by = kick ? kick_name(kick) : "a worker run";
	describe(f, st, why, rescue != NULL, dur);
	cite(f, st, rescue);
	degrade_on_evidence_gap(a, f, at);
	if (rescue && !kick)
		await_kick(s, a, f);
}

/*
 * The first outside kick that queued the work within SH_LATE_KICK_NS of a run
 * that closed stalls without one: that run's own, traced late.
 */
static void attribute_late_kick(struct sh_analysis *a, struct sh_sched *s, const struct sh_event *kick)
{
	for (unsigned i = 0; i < s->nlw_unattributed; i++) {
		struct sh_finding *f = &a->findings.items[s->lw_unattributed[i]];

		f->rescued_by = kick_name(kick);
		sh_finding_cite(f, kick, "kick that rescued the job (traced after the run it started)");
	}
	s->nlw_unattributed = 0;
}

static void on_push(struct sh_analysis *a, const struct sh_event *ev)
{
	struct sh_entity *e = sh_model_entity(a->model, ev->push.entity);
	struct sh_sched *s = e ? e->sched : NULL;

	if (!s || ev->push.first || !e->qlen ||
	    sh_entity_qjob(e, e->qlen - 1)->push_idx != ev->idx)
		return;		/* not queued: its pop was traced first */
	if (e->lw.open)
		e->lw.more++;
	else if (can_strand(s) && !head_blocked(a->model, e))
		open_stall(s, e, ev);
}

/* The worker went idle: every entity with a push it did not see is stranded. */
static void on_worker_end(struct sh_analysis *a, struct sh_sched *s)
{
	if (!can_strand(s))
		return;
	for (unsigned i = 0; i < s->ndirty; i++) {
		struct sh_entity *e = s->dirty[i];
		const struct sh_event *push = e->lw.open ? NULL : stranded_push(a, s, e);

		if (push)
			open_stall(s, e, push);
	}
}

static void on_worker_begin(struct sh_analysis *a, struct sh_sched *s, const struct sh_event *ev)
{
	if (s->nlw_unattributed && ev->ts - s->lw_unattributed_since > SH_LATE_KICK_NS)
		s->nlw_unattributed = 0;	/* their kick was never traced */
	if (!s->lw_open)
		return;
	for (struct sh_entity *e = s->entities; e; e = e->next_in_sched)
		if (e->lw.open)
			close_stall(a, s, e, ev->ts, ev);
}

static void on_kick(struct sh_analysis *a, struct sh_sched *s, const struct sh_event *ev)
{
	if (ev->kick.which != SH_KICK_WHICH_RUN || ev->kick.stopped)
		return;
	if (s->nlw_unattributed && ev->kick.queued && !sh_kick_is_self(ev->kick.reason) &&
	    ev->ts - s->lw_unattributed_since <= SH_LATE_KICK_NS)
		attribute_late_kick(a, s, ev);
	if (!s->lw_open)
		return;
	/*
	 * The rescuer is the kick that newly queued the work (queued=1); one that
	 * found it already pending (queued=0) is kept only until such a kick is
	 * seen, since kicks may be traced out of order.
	 */
	for (struct sh_entity *e = s->entities; e; e = e->next_in_sched) {
		const struct sh_event *k = sh_saved_get(&e->lw.rescue_kick);

		if (e->lw.open && (!k || (!k->kick.queued && ev->kick.queued)))
			sh_save(&e->lw.rescue_kick, ev);
	}
}

static struct sh_sched *sched_of(const struct sh_analysis *a, const struct sh_event *ev)
{
	switch (ev->type) {
	case SH_EV_WORKER_BEGIN: return sh_model_sched(a->model, ev->worker_begin.sched);
	case SH_EV_WORKER: return sh_model_sched(a->model, ev->worker.sched);
	case SH_EV_KICK: return sh_model_sched(a->model, ev->kick.sched);
	case SH_EV_WQ_START:
	case SH_EV_WQ_END:
		return sh_model_sched_of_work(a->model, ev->wq_start.work);
	default: return NULL;
	}
}

static void lw_event(struct sh_analysis *a, const struct sh_event *ev)
{
	struct sh_sched *s;

	if (ev->type == SH_EV_PUSH) {
		on_push(a, ev);
		return;
	}
	s = sched_of(a, ev);
	if (!s)
		return;
	switch (ev->type) {
	case SH_EV_WORKER_BEGIN:
	case SH_EV_WQ_START:
		if (s->worker == SH_WORKER_RUNNING && s->last_begin.ev.idx == ev->idx)
			on_worker_begin(a, s, ev);
		break;
	case SH_EV_WORKER:
	case SH_EV_WQ_END:
		if (s->worker == SH_WORKER_IDLE && s->last_end.ev.idx == ev->idx)
			on_worker_end(a, s);
		break;
	case SH_EV_KICK:
		on_kick(a, s, ev);
		break;
	default:
		break;
	}
}

static void lw_finish(struct sh_analysis *a)
{
	void *v;

	for (size_t i = 0; sh_hmap_next(&a->model->entities, &i, NULL, &v);) {
		struct sh_entity *e = v;

		if (!e->lw.open)
			continue;
		/* A kick that the trace ended before serving is not a lost wakeup. */
		if (e->lw.rescue_kick.set) {
			e->lw.open = false;
			e->sched->lw_open--;
			continue;
		}
		close_stall(a, e->sched, e, a->model->last_ts, NULL);
	}
}

const struct sh_detector sh_detect_lostwake = {
	.name = "lostwake",
	.event = lw_event,
	.finish = lw_finish,
};
