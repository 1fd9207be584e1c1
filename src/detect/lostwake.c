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

#include "core/error.h"
#include "detect/lostwake.h"

#define NS_PER_MS 1000000.0

/* An open stall of one entity: from the push until a worker run or the end. */
struct lw_stall {
	bool open;
	uint64_t start;
	uint64_t ectx, seqno;
	struct sh_saved push, pred_pop, last_end, last_begin, last_kick, rescue_kick;
	unsigned pos;			/* in its scheduler's list while open */
};

/* Per scheduler (struct sh_sched.extra). */
struct lw_sched {
	unsigned open;			/* entities with an open stall */
	/*
	 * Those entities (owned array, borrowed entities), in three runs:
	 * [0, unkicked) no rescuing kick yet, [unkicked, unserved) a kick that
	 * found the work queued already, [unserved, open) a kick that queued it.
	 * A kick updates the first runs only: each stall is updated at most
	 * twice, whatever the numbers of kicks and entities (walking every
	 * entity at each kick was quadratic).
	 */
	struct sh_entity **list;
	unsigned unkicked, unserved, list_cap;
	int *unattributed;		/* owned: findings closed by a run whose kick is not traced yet */
	unsigned nunattributed, unattributed_cap;
	uint64_t unattributed_since;
};

static struct lw_sched *lw_sched(const struct sh_detect *d, const struct sh_sched *s)
{
	return sh_detect_sched(d, s);
}

/* Per entity (struct sh_entity.extra): its open stall, if any. */
static struct lw_stall *lw_stall(const struct sh_detect *d, const struct sh_entity *e)
{
	return sh_detect_entity(d, e);
}

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

/*
 * The job at the head of @e cannot run while it waits for a dependency, nor
 * is it stranded while the wakeup of a dependency that fired is still owed
 * (its DEP_CB kick is traced after queue_work() returns: a preempted callback
 * can trace it late).
 */
static bool head_blocked(const struct sh_model *m, const struct sh_entity *e)
{
	const struct sh_qjob *head = sh_entity_head(e);
	const struct sh_job *j = head ? sh_model_job(m, e->ectx, head->seqno) : NULL;

	return e->killed || (j && j->dep_blocked) || sh_entity_wake_owed(e);
}

static void place(const struct sh_detect *d, struct lw_sched *ls, unsigned pos,
		  struct sh_entity *e)
{
	ls->list[pos] = e;
	lw_stall(d, e)->pos = pos;
}

/* Add @e to the open stalls of @ls, in the first run (no kick yet). false: out of memory. */
static bool add_stall(const struct sh_detect *d, struct lw_sched *ls, struct sh_entity *e)
{
	if (ls->open == ls->list_cap) {
		unsigned cap = ls->list_cap ? 2 * ls->list_cap : 4;
		struct sh_entity **v = realloc(ls->list, cap * sizeof(*v));

		if (!v)
			return false;
		ls->list = v;
		ls->list_cap = cap;
	}
	/* the first of each later run moves to its end */
	if (ls->open > ls->unserved)
		place(d, ls, ls->open, ls->list[ls->unserved]);
	if (ls->unserved > ls->unkicked)
		place(d, ls, ls->unserved, ls->list[ls->unkicked]);
	place(d, ls, ls->unkicked, e);
	ls->unkicked++;
	ls->unserved++;
	ls->open++;
	return true;
}

/* Take @e (its stall closing) out of the open stalls of @ls: the hole moves to the end. */
static void remove_stall(const struct sh_detect *d, struct lw_sched *ls, struct sh_entity *e)
{
	unsigned *ends[] = { &ls->unkicked, &ls->unserved, &ls->open };
	struct lw_stall *st = lw_stall(d, e);
	unsigned hole = st->pos;

	for (size_t k = 0; k < sizeof(ends) / sizeof(ends[0]); k++) {
		unsigned last;

		if (hole >= *ends[k])
			continue;		/* in a later run */
		last = *ends[k] - 1;
		if (last != hole)
			place(d, ls, hole, ls->list[last]);
		hole = last;
		(*ends[k])--;
	}
	st->open = false;
}

static void open_stall(const struct sh_detect *d, struct sh_sched *s, struct sh_entity *e,
		       const struct sh_event *push)
{
	struct lw_stall *st = lw_stall(d, e);
	const struct sh_event *pop = sh_saved_get(&e->last_pop);

	memset(st, 0, sizeof(*st));
	if (!add_stall(d, lw_sched(d, s), e)) {	/* reported once; the analysis fails */
		if (!d->a->model->oom)
			sh_error("out of memory rebuilding the scheduler state");
		d->a->model->oom = true;
		return;
	}
	st->open = true;
	st->start = push->ts;
	st->ectx = push->push.ectx;
	st->seqno = push->push.seqno;
	sh_save(&st->push, push);
	if (pop && pop->idx < push->idx)
		sh_save(&st->pred_pop, pop);
	st->last_end = s->last_end;
	st->last_begin = s->last_begin;
	st->last_kick = s->last_kick;
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

		a->model->steps++;
		if (qj->first || (begin && qj->push_idx < begin->idx))
			continue;
		j = sh_model_job(a->model, e->ectx, qj->seqno);
		return j && j->push.set ? &j->push.ev : NULL;
	}
	return NULL;
}

/* Why an open stall is the spsc_queue race (SPSC_RACE), or NULL (MISSING_KICK). */
static const char *race_evidence(const struct lw_stall *st)
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

static void describe(struct sh_finding *f, const struct lw_stall *st, const char *why,
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
}

static void cite(struct sh_finding *f, const struct lw_stall *st, const struct sh_event *rescue)
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
	sh_analysis_degrade(a, f, first, at);
}

/* The stranded job, and every job queued behind it on @e, at @f's end. */
static void list_jobs(struct sh_finding *f, const struct sh_entity *e, const struct lw_stall *st)
{
	bool behind = false;

	sh_finding_add_job(f, st->ectx, st->seqno);
	for (uint64_t q = 0; q < e->qlen; q++) {
		const struct sh_qjob *qj = sh_entity_qjob(e, q);

		if (behind)
			sh_finding_add_job(f, e->ectx, qj->seqno);
		else if (qj->seqno == st->seqno)
			behind = true;
	}
}

/* The printable reason of a rescuing kick. */
static const char *kick_name(const struct sh_event *kick)
{
	const char *name = sh_enum_name(SH_ENUM_KICK_REASON, kick->kick.reason);

	return name ? name : "an unknown kick";
}

/* Remember @f to name its rescuer when the run's kick is traced after the run. */
static void await_kick(struct lw_sched *ls, const struct sh_analysis *a, const struct sh_finding *f)
{
	if (ls->nunattributed == ls->unattributed_cap) {
		unsigned cap = ls->unattributed_cap ? 2 * ls->unattributed_cap : 4;
		int *p = realloc(ls->unattributed, cap * sizeof(*p));

		if (!p)
			return;	/* the finding keeps "a worker run" as its rescuer */
		ls->unattributed = p;
		ls->unattributed_cap = cap;
	}
	if (!ls->nunattributed)
		ls->unattributed_since = f->end;
	ls->unattributed[ls->nunattributed++] = (int)(f - a->findings.items);
}

static void close_stall(const struct sh_detect *d, struct sh_sched *s, struct sh_entity *e,
			uint64_t at, const struct sh_event *rescue)
{
	struct sh_analysis *a = d->a;
	struct lw_sched *ls = lw_sched(d, s);
	struct lw_stall *st = lw_stall(d, e);
	uint64_t dur = at > st->start ? at - st->start : 0;
	uint64_t thr = a->opts.stall_ns;
	bool report = rescue ? thr && dur >= thr : !thr || dur >= thr;
	const struct sh_event *kick = sh_saved_get(&st->rescue_kick);
	const char *why = race_evidence(st);
	struct sh_finding *f;

	remove_stall(d, ls, e);
	if (!report)
		return;
	f = sh_analysis_report(a, why ? SH_FC_SPSC_RACE : SH_FC_MISSING_KICK, s, st->start, at);
	if (!f)
		return;
	f->entity = e->id;
	f->has_job = true;
	f->ectx = st->ectx;
	f->seqno = st->seqno;
	f->open_at_end = !rescue;
	if (rescue)
		f->rescued_by = kick ? kick_name(kick) : "a worker run";
	sh_finding_confide(f, SH_CONF_PROVEN, why ? SH_REASON_RACE_STATE : SH_REASON_FIRST0_NO_RUN);
	list_jobs(f, e, st);
	describe(f, st, why, rescue != NULL, dur);
	cite(f, st, rescue);
	degrade_on_evidence_gap(a, f, at);
	if (rescue && !kick)
		await_kick(ls, a, f);
}

/*
 * The first outside kick that queued the work within SH_LATE_KICK_NS of a run
 * that closed stalls without one: that run's own, traced late.
 */
static void attribute_late_kick(struct sh_analysis *a, struct lw_sched *ls, const struct sh_event *kick)
{
	for (unsigned i = 0; i < ls->nunattributed; i++, a->model->steps++) {
		struct sh_finding *f = &a->findings.items[ls->unattributed[i]];

		f->rescued_by = kick_name(kick);
		sh_finding_cite(f, kick, "kick that rescued the job (traced after the run it started)");
	}
	ls->nunattributed = 0;
}

static void on_push(struct sh_detect *d, struct sh_sched *s, struct sh_entity *e,
		    const struct sh_event *ev)
{
	struct lw_stall *st;

	if (!e || !s || ev->push.first || !e->qlen ||
	    sh_entity_qjob(e, e->qlen - 1)->push_idx != ev->idx)
		return;		/* not queued: its pop was traced first */
	st = lw_stall(d, e);
	if (!st->open && can_strand(s) && !head_blocked(d->a->model, e))
		open_stall(d, s, e, ev);	/* a later push waits with an open stall's job */
}

/* The worker went idle: every entity with a push it did not see is stranded. */
static void on_worker_end(const struct sh_detect *d, struct sh_sched *s)
{
	if (!can_strand(s))
		return;
	for (unsigned i = 0; i < s->ndirty; i++, d->a->model->steps++) {
		struct sh_entity *e = s->dirty[i];
		const struct sh_event *push = lw_stall(d, e)->open ? NULL : stranded_push(d->a, s, e);

		if (push)
			open_stall(d, s, e, push);
	}
}

static void on_worker_begin(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct lw_sched *ls = lw_sched(d, s);

	if (ls->nunattributed && ev->ts - ls->unattributed_since > SH_LATE_KICK_NS)
		ls->nunattributed = 0;	/* their kick was never traced */
	for (; ls->open; d->a->model->steps++)	/* each closes and leaves the list */
		close_stall(d, s, ls->list[ls->open - 1], ev->ts, ev);
}

static void on_kick(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct lw_sched *ls = lw_sched(d, s);

	if (ev->kick.which != SH_KICK_WHICH_RUN || ev->kick.stopped)
		return;
	if (ls->nunattributed && ev->kick.queued && !sh_kick_is_self(ev->kick.reason) &&
	    ev->ts - ls->unattributed_since <= SH_LATE_KICK_NS)
		attribute_late_kick(d->a, ls, ev);
	if (!ls->open)
		return;
	/*
	 * The rescuer is the kick that newly queued the work (queued=1); one that
	 * found it already pending (queued=0) is kept only until such a kick is
	 * seen, since kicks may be traced out of order.
	 */
	for (unsigned i = 0; i < (ev->kick.queued ? ls->unserved : ls->unkicked); i++) {
		sh_save(&lw_stall(d, ls->list[i])->rescue_kick, ev);
		d->a->model->steps++;
	}
	/* the first run has a kick now; with queued=1 the second run too */
	if (ev->kick.queued)
		ls->unserved = 0;
	ls->unkicked = 0;
}

static void lw_event(struct sh_detect *d, const struct sh_event *ev, struct sh_sched *s,
		     struct sh_entity *e)
{
	if (ev->type == SH_EV_PUSH) {
		on_push(d, s, e, ev);
		return;
	}
	if (!s)
		return;
	switch (ev->type) {
	case SH_EV_WORKER_BEGIN:
	case SH_EV_WQ_START:
		if (s->worker == SH_WORKER_RUNNING && s->last_begin.ev.idx == ev->idx)
			on_worker_begin(d, s, ev);
		break;
	case SH_EV_WORKER:
	case SH_EV_WQ_END:
		if (s->worker == SH_WORKER_IDLE && s->last_end.ev.idx == ev->idx)
			on_worker_end(d, s);
		break;
	case SH_EV_KICK:
		on_kick(d, s, ev);
		break;
	default:
		break;
	}
}

static void lw_finish(struct sh_detect *d)
{
	void *v;

	for (size_t i = 0; sh_hmap_next(&d->a->model->entities, &i, NULL, &v);) {
		struct sh_entity *e = v;
		struct lw_stall *st = lw_stall(d, e);

		if (!st->open)
			continue;
		/* A kick that the trace ended before serving is not a lost wakeup. */
		if (st->rescue_kick.set) {
			remove_stall(d, lw_sched(d, e->sched), e);
			continue;
		}
		close_stall(d, e->sched, e, d->a->model->last_ts, NULL);
	}
}

/* A kick already sent and not served yet is the workqueue's stall, not a lost wakeup. */
static void lw_stalled(const struct sh_detect *d, const struct sh_sched *s, struct sh_stall_query *q)
{
	const struct lw_sched *ls = lw_sched(d, s);
	struct sh_stall c = { .sched = s };

	for (unsigned i = 0; i < ls->unkicked; i++) {	/* open, no kick yet */
		const struct lw_stall *st = lw_stall(d, ls->list[i]);

		c.cls = race_evidence(st) ? SH_FC_SPSC_RACE : SH_FC_MISSING_KICK;
		c.since = st->start;
		c.ectx = st->ectx;
		c.seqno = st->seqno;
		sh_stall_offer(q, &c);
	}
}

static void lw_release_sched(const struct sh_detect *d, struct sh_sched *s)
{
	free(lw_sched(d, s)->unattributed);
	free(lw_sched(d, s)->list);
}

const struct sh_detector sh_lostwake_detector = {
	.name = "lostwake",
	.sched_state = sizeof(struct lw_sched),
	.entity_state = sizeof(struct lw_stall),
	.event = lw_event,
	.events = SH_EV_BIT(PUSH) | SH_EV_BIT(WORKER_BEGIN) | SH_EV_BIT(WQ_START) |
		  SH_EV_BIT(WORKER) | SH_EV_BIT(WQ_END) | SH_EV_BIT(KICK),
	.finish = lw_finish,
	.stalled = lw_stalled,
	.release_sched = lw_release_sched,
};
