/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The scheduler-level hang classes: a paused scheduler, credit starvation,
 * run-job work that is queued or running but does not progress, free-job
 * work that does not run, and killed entities. Each duration is a watch
 * opened by one event and closed by another, from the schedhang events or,
 * on a trace of stock events, from the workqueue events of the scheduler's
 * works.
 *
 * What becomes a finding (schedhang-report(1), "Confidence"): a watch still
 * open at the end of the trace that lasted at least its class's threshold; a
 * watch that closed only for a pause (WQ_STOP is state evidence of a hang)
 * and only when --hang set the threshold. A run-job work that was slow but
 * returned, a free work that ran late, credits that came back: never hangs.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "detect/hang.h"

#define NS_PER_MS 1000000.0

/* A duration: open since @since, closed by another event. */
struct watch {
	bool open;
	uint64_t since;
	struct sh_saved cause;		/* the event that opened it */
	struct sh_saved extra;		/* a second piece of evidence, if any */
	uint64_t suppressed;		/* kicks that found submission paused */
};

/* Per scheduler (struct sh_sched.extra). */
struct hang_sched {
	struct watch paused, credit, wq_queued, wq_running, free_pending;
};

static struct hang_sched *hs_of(const struct sh_detect *d, const struct sh_sched *s)
{
	return sh_detect_sched(d, s);
}

/* Kept by the model: summing the entities at each pause or credit stall was quadratic. */
static uint64_t queued_jobs(const struct sh_sched *s)
{
	return s->depth;
}

/* List the queued jobs of @e (all of @s's entities when @e is NULL) in @f. */
static void list_queued(struct sh_finding *f, const struct sh_sched *s, const struct sh_entity *e)
{
	for (const struct sh_entity *x = e ? e : s->entities; x; x = e ? NULL : x->next_in_sched)
		for (uint64_t q = 0; q < x->qlen; q++)
			sh_finding_add_job(f, x->ectx, sh_entity_qjob(x, q)->seqno);
}

static void watch_open(struct watch *w, const struct sh_event *ev)
{
	memset(w, 0, sizeof(*w));
	w->open = true;
	w->since = ev->ts;
	sh_save(&w->cause, ev);
}

/*
 * Close @w at @at (@closer NULL: the end of the trace) and report it as @cls
 * when the rules above say so. Returns the finding for the caller to describe.
 */
static struct sh_finding *watch_close(struct sh_analysis *a, struct sh_sched *s, struct watch *w,
				      enum sh_finding_class cls, uint64_t at,
				      const struct sh_event *closer, const char *cause_role,
				      const char *closer_role)
{
	bool ended = closer != NULL;
	struct sh_finding *f;

	if (!w->open)
		return NULL;
	w->open = false;
	if (at < w->since ||
	    at - w->since < (ended ? sh_analysis_threshold(a, cls, s) : sh_analysis_open_threshold(a, cls, s)))
		return NULL;	/* short, or time went backwards: no duration */
	if (ended && (cls != SH_FC_SCHED_PAUSED || !sh_analysis_threshold_set(a, cls)))
		return NULL;
	f = sh_analysis_report(a, cls, s, w->since, at);
	if (!f)
		return NULL;
	f->open_at_end = !ended;
	sh_finding_cite(f, &w->cause.ev, cause_role);
	sh_finding_cite(f, sh_saved_get(&w->extra), "a kick that found submission paused");
	sh_finding_cite(f, closer, closer_role);
	sh_analysis_cite_worker(f, s);
	return f;
}

static void ending(char *buf, size_t len, const struct sh_finding *f, const char *what)
{
	if (f->open_at_end)
		snprintf(buf, len, "%.3f ms, still so at the end of the trace",
			 sh_finding_duration(f) / NS_PER_MS);
	else
		snprintf(buf, len, "%.3f ms, until %s", sh_finding_duration(f) / NS_PER_MS, what);
}

static void paused_close(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct sh_analysis *a = d->a;
	struct hang_sched *h = hs_of(d, s);
	uint64_t depth = queued_jobs(s), suppressed = h->paused.suppressed;
	struct sh_finding *f;
	char end[96];

	if (!h->paused.open)
		return;
	if (!depth && !suppressed) {	/* nothing waited: a quiet pause */
		h->paused.open = false;
		return;
	}
	f = watch_close(a, s, &h->paused, SH_FC_SCHED_PAUSED, ev ? ev->ts : a->model->last_ts, ev,
			"submission paused (WQ_STOP)", "submission resumed (WQ_START)");
	if (!f)
		return;
	sh_finding_confide(f, SH_CONF_PROVEN, SH_REASON_WQ_STOP);
	list_queued(f, s, NULL);
	ending(end, sizeof(end), f, "WQ_START");
	snprintf(f->detail, sizeof(f->detail),
		 "scheduler paused for %s; %" PRIu64 " kicks suppressed, %" PRIu64 " jobs queued",
		 end, suppressed, depth);
}

static void credit_close(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct sh_analysis *a = d->a;
	struct hang_sched *h = hs_of(d, s);
	const struct sh_event *c = &h->credit.cause.ev, *done = sh_saved_get(&s->last_done);
	struct sh_finding *f;
	char end[96];

	if (!h->credit.open)
		return;
	if (!queued_jobs(s)) {
		h->credit.open = false;
		return;
	}
	f = watch_close(a, s, &h->credit, SH_FC_CREDIT_STARVATION, ev ? ev->ts : a->model->last_ts,
			ev, "worker idled for lack of credits (NO_CREDIT)", "next worker run");
	if (!f)
		return;
	if (!done || done->ts < c->ts)
		sh_finding_confide(f, SH_CONF_PROVEN, SH_REASON_NO_CREDIT);
	else
		sh_finding_confide(f, SH_CONF_SUSPECTED, SH_REASON_DURATION);
	list_queued(f, s, NULL);
	sh_finding_cite(f, done, "last job completion");
	ending(end, sizeof(end), f, "the next worker run");
	snprintf(f->detail, sizeof(f->detail),
		 "worker idle with jobs queued and credits exhausted (%" PRIu64 "/%" PRIu64 ") for %s",
		 c->worker.credit_count, c->worker.credit_limit, end);
}

static void wq_close(const struct sh_detect *d, struct sh_sched *s, struct watch *w,
		     const struct sh_event *ev, bool running)
{
	struct sh_analysis *a = d->a;
	struct sh_finding *f;
	char end[96];

	f = watch_close(a, s, w, SH_FC_WQ_STARVATION, ev ? ev->ts : a->model->last_ts, ev,
			running ? "run-job work started" : "run-job work queued",
			running ? "run-job work returned" : "run-job work started");
	if (!f)
		return;
	sh_finding_confide(f, SH_CONF_SUSPECTED, SH_REASON_DURATION);
	ending(end, sizeof(end), f, running ? "it returned" : "it started");
	snprintf(f->detail, sizeof(f->detail), "run-job work %s for %s",
		 running ? "ran without returning" : "was queued without starting", end);
}

static void free_close(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct sh_analysis *a = d->a;
	struct hang_sched *h = hs_of(d, s);
	struct sh_finding *f;
	char end[96];

	f = watch_close(a, s, &h->free_pending, SH_FC_FREE_WORK_STALL,
			ev ? ev->ts : a->model->last_ts, ev, "free-job work queued",
			"free-job work ran");
	if (!f)
		return;
	sh_finding_confide(f, SH_CONF_SUSPECTED, SH_REASON_DURATION);
	ending(end, sizeof(end), f, "it ran");
	snprintf(f->detail, sizeof(f->detail), "free-job work did not run for %s", end);
}

static void on_kick(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct hang_sched *h = hs_of(d, s);
	const struct sh_ev_kick *k = &ev->kick;

	if (k->which == SH_KICK_WHICH_FREE) {
		if (k->queued && !k->stopped && !h->free_pending.open)
			watch_open(&h->free_pending, ev);
		return;
	}
	if (k->reason == SH_KICK_REASON_FREE_WORK && h->free_pending.open)
		free_close(d, s, ev);
	if (k->stopped) {
		if (h->paused.open && !h->paused.suppressed++)
			sh_save(&h->paused.extra, ev);
		return;
	}
	if (k->queued && s->worker == SH_WORKER_QUEUED && !h->wq_queued.open)
		watch_open(&h->wq_queued, ev);
}

/* A stock trace: the works' own workqueue events stand for the kicks. */
static void on_wq_queue(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct hang_sched *h = hs_of(d, s);
	uint64_t work = ev->wq_queue.work;

	if (d->a->model->have_schedhang)
		return;		/* the kick events say it better */
	if (work == s->work_free && !h->free_pending.open)
		watch_open(&h->free_pending, ev);
	else if (work == s->work_run && s->worker == SH_WORKER_QUEUED && !h->wq_queued.open)
		watch_open(&h->wq_queued, ev);
}

static void on_worker(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct hang_sched *h = hs_of(d, s);

	if (h->wq_running.open)
		wq_close(d, s, &h->wq_running, ev, true);
	if (ev->type == SH_EV_WORKER && ev->worker.outcome == SH_OUTCOME_NO_CREDIT &&
	    !h->credit.open)
		watch_open(&h->credit, ev);
}

static void on_begin(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct hang_sched *h = hs_of(d, s);

	if (h->wq_queued.open)
		wq_close(d, s, &h->wq_queued, ev, false);
	credit_close(d, s, ev);
	watch_open(&h->wq_running, ev);
}

static void on_kill(const struct sh_detect *d, struct sh_sched *s, struct sh_entity *e,
		    const struct sh_event *ev)
{
	struct sh_finding *f;

	if (!e || !sh_entity_depth(e))
		return;
	f = sh_analysis_report(d->a, SH_FC_ENTITY_KILLED, s, ev->ts, ev->ts);
	if (!f)
		return;
	sh_finding_confide(f, SH_CONF_PROVEN, SH_REASON_KILLED);
	f->entity = e->id;
	list_queued(f, s, e);
	sh_finding_cite(f, sh_saved_get(&e->last_push), "last push to the entity");
	sh_finding_cite(f, ev, "entity killed (ENTITY_KILL)");
	sh_analysis_cite_worker(f, s);
	snprintf(f->detail, sizeof(f->detail),
		 "entity killed with %" PRIu64 " queued jobs that never ran", sh_entity_depth(e));
}

static void on_state(const struct sh_detect *d, struct sh_sched *s, struct sh_entity *e,
		     const struct sh_event *ev)
{
	struct hang_sched *h = hs_of(d, s);

	switch (ev->state.state) {
	case SH_STATE_WQ_STOP:
		if (!h->paused.open)
			watch_open(&h->paused, ev);
		break;
	case SH_STATE_WQ_START:
		paused_close(d, s, ev);
		break;
	case SH_STATE_ENTITY_KILL:
		on_kill(d, s, e, ev);
		break;
	default:
		break;
	}
}

static void hang_event(struct sh_detect *d, const struct sh_event *ev, struct sh_sched *s,
		       struct sh_entity *e)
{
	if (!s || sh_model_shadowed(d->a->model, s))
		return;
	switch (ev->type) {
	case SH_EV_KICK: on_kick(d, s, ev); break;
	case SH_EV_STATE: on_state(d, s, e, ev); break;
	case SH_EV_WQ_QUEUE: on_wq_queue(d, s, ev); break;
	case SH_EV_WORKER_BEGIN:
	case SH_EV_WQ_START:
		if (ev->type == SH_EV_WQ_START && ev->wq_start.work == s->work_free &&
		    hs_of(d, s)->free_pending.open && !d->a->model->have_schedhang)
			free_close(d, s, ev);
		else if (s->last_begin.ev.idx == ev->idx)
			on_begin(d, s, ev);
		break;
	case SH_EV_WORKER:
	case SH_EV_WQ_END:
		if (s->last_end.ev.idx == ev->idx)
			on_worker(d, s, ev);
		break;
	default:
		break;
	}
}

static void hang_finish(struct sh_detect *d)
{
	void *v;

	for (size_t i = 0; sh_hmap_next(&d->a->model->scheds, &i, NULL, &v);) {
		struct sh_sched *s = v;
		struct hang_sched *h = hs_of(d, s);

		if (sh_model_shadowed(d->a->model, s))
			continue;
		paused_close(d, s, NULL);
		credit_close(d, s, NULL);
		if (h->wq_queued.open)
			wq_close(d, s, &h->wq_queued, NULL, false);
		if (h->wq_running.open)
			wq_close(d, s, &h->wq_running, NULL, true);
		if (h->free_pending.open)
			free_close(d, s, NULL);
	}
}

/* The watches still open on @s, in the order sh_analysis_stalled() has always weighed them. */
static void hang_stalled(const struct sh_detect *d, const struct sh_sched *s, struct sh_stall_query *q)
{
	const struct hang_sched *h = hs_of(d, s);
	const struct {
		const struct watch *w;
		enum sh_finding_class cls;
	} watches[] = {
		{ &h->paused, SH_FC_SCHED_PAUSED },
		{ &h->credit, SH_FC_CREDIT_STARVATION },
		{ &h->wq_queued, SH_FC_WQ_STARVATION },
		{ &h->wq_running, SH_FC_WQ_STARVATION },
		{ &h->free_pending, SH_FC_FREE_WORK_STALL },
	};
	struct sh_stall c = { .sched = s };

	for (size_t i = 0; i < sizeof(watches) / sizeof(watches[0]); i++) {
		if (!watches[i].w->open)
			continue;
		c.cls = watches[i].cls;
		c.since = watches[i].w->since;
		sh_stall_offer(q, &c);
	}
}

const struct sh_detector sh_hang_detector = {
	.name = "hang",
	.sched_state = sizeof(struct hang_sched),
	.event = hang_event,
	.events = SH_EV_BIT(KICK) | SH_EV_BIT(STATE) | SH_EV_BIT(WQ_QUEUE) |
		  SH_EV_BIT(WORKER_BEGIN) | SH_EV_BIT(WQ_START) | SH_EV_BIT(WORKER) |
		  SH_EV_BIT(WQ_END),
	.finish = hang_finish,
	.stalled = hang_stalled,
};
