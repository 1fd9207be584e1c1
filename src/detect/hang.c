/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hang classes other than lost wakeups (kernel reference §4), from the
 * schedhang events: a paused scheduler, credit starvation, run-job work that
 * is queued or running but does not progress, free-job work that does not
 * run, timeouts, dependencies that never signal, killed entities. Each is a
 * watch opened by one event and closed by another; it becomes a finding when
 * it lasts at least the hang threshold (or is still open at the end).
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
	uint64_t count;			/* events folded into it (suppressed kicks, ...) */
};

/* Per scheduler (struct sh_sched.extra). */
struct hang_sched {
	struct watch paused, credit, wq_queued, wq_running, free_pending, tdr;
};

static struct hang_sched *hs_of(const struct sh_detect *d, const struct sh_sched *s)
{
	return sh_detect_sched(d, s);
}

static uint64_t queued_jobs(const struct sh_sched *s)
{
	uint64_t n = 0;

	for (const struct sh_entity *e = s->entities; e; e = e->next_in_sched)
		n += sh_entity_depth(e);
	return n;
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
 * when it lasted long enough. Returns the finding for the caller to describe.
 */
static struct sh_finding *watch_close(struct sh_analysis *a, struct sh_sched *s, struct watch *w,
				      enum sh_finding_class cls, uint64_t at,
				      const struct sh_event *closer, const char *cause_role,
				      const char *closer_role)
{
	struct sh_finding *f;

	if (!w->open)
		return NULL;
	w->open = false;
	if (at < w->since || at - w->since < a->opts.hang_ns)	/* time went backwards: no duration */
		return NULL;
	f = sh_analysis_report(a, cls, s, w->since, at);
	if (!f)
		return NULL;
	f->open_at_end = closer == NULL;
	f->count = w->count ? w->count : 1;
	sh_finding_cite(f, &w->cause.ev, cause_role);
	sh_finding_cite(f, sh_saved_get(&w->extra), "related event");
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
	uint64_t depth = queued_jobs(s);
	struct sh_finding *f;
	char end[96];

	if (!h->paused.open)
		return;
	if (!depth && !h->paused.count) {	/* nothing waited: a quiet pause */
		h->paused.open = false;
		return;
	}
	f = watch_close(a, s, &h->paused, SH_FC_SCHED_PAUSED, ev ? ev->ts : a->model->last_ts, ev,
			"submission paused (WQ_STOP)", "submission resumed (WQ_START)");
	if (!f)
		return;
	ending(end, sizeof(end), f, "WQ_START");
	snprintf(f->detail, sizeof(f->detail),
		 "scheduler paused for %s; %" PRIu64 " kicks suppressed, %" PRIu64 " jobs queued",
		 end, h->paused.count, depth);
}

static void credit_close(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct sh_analysis *a = d->a;
	struct hang_sched *h = hs_of(d, s);
	struct sh_finding *f;
	const struct sh_event *c = &h->credit.cause.ev;
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
	sh_finding_cite(f, sh_saved_get(&s->last_done), "last job completion");
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
			ev ? ev->ts : a->model->last_ts, ev, "free-job work kicked",
			"free-job work ran (FREE_WORK kick)");
	if (!f)
		return;
	ending(end, sizeof(end), f, "it ran");
	snprintf(f->detail, sizeof(f->detail), "free-job work did not run for %s", end);
}

/* The kernel's own timeout handler ran: proven, whatever its duration. */
static void tdr_close(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct sh_analysis *a = d->a;
	struct hang_sched *h = hs_of(d, s);
	const struct sh_event *begin = sh_saved_get(&h->tdr.cause);
	uint64_t from = h->tdr.open && begin ? begin->ts : ev ? ev->ts : a->model->last_ts;
	struct sh_finding *f;

	if (!h->tdr.open && !ev)
		return;
	f = sh_analysis_report(a, SH_FC_JOB_TIMEOUT, s, from, ev ? ev->ts : a->model->last_ts);
	if (!f)
		return;
	f->open_at_end = ev == NULL;
	if (h->tdr.open)
		sh_finding_cite(f, begin, "timeout handler started (TDR_BEGIN)");
	sh_finding_cite(f, ev, "timeout handler ended (TDR_END)");
	sh_finding_cite(f, sh_saved_get(&s->last_done), "last job completion before");
	sh_analysis_cite_worker(f, s);
	if (ev)
		snprintf(f->detail, sizeof(f->detail),
			 "the scheduler's job timeout handler ran (status %" PRId64 ")",
			 (int64_t)ev->state.arg);
	else
		snprintf(f->detail, sizeof(f->detail),
			 "the scheduler's job timeout handler started and had not ended at the end of the trace");
	h->tdr.open = false;
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
		if (h->paused.open && !h->paused.count++)
			sh_save(&h->paused.extra, ev);
		return;
	}
	if (k->queued && s->worker == SH_WORKER_QUEUED && !h->wq_queued.open)
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

static void on_state(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct sh_analysis *a = d->a;
	struct hang_sched *h = hs_of(d, s);
	struct sh_entity *e = ev->state.entity ? sh_model_entity(a->model, ev->state.entity) : NULL;
	struct sh_finding *f;

	switch (ev->state.state) {
	case SH_STATE_WQ_STOP:
		if (!h->paused.open)
			watch_open(&h->paused, ev);
		break;
	case SH_STATE_WQ_START:
		paused_close(d, s, ev);
		break;
	case SH_STATE_TDR_BEGIN:
		watch_open(&h->tdr, ev);
		break;
	case SH_STATE_TDR_END:
		tdr_close(d, s, ev);
		break;
	case SH_STATE_ENTITY_KILL:
		if (!e || !sh_entity_depth(e))
			break;
		f = sh_analysis_report(a, SH_FC_ENTITY_KILLED, s, ev->ts, ev->ts);
		if (!f)
			break;
		f->entity = e->id;
		f->count = sh_entity_depth(e);
		sh_finding_cite(f, sh_saved_get(&e->last_push), "last push to the entity");
		sh_finding_cite(f, ev, "entity killed (ENTITY_KILL)");
		sh_analysis_cite_worker(f, s);
		snprintf(f->detail, sizeof(f->detail),
			 "entity killed with %" PRIu64 " queued jobs that never ran", f->count);
		break;
	default:
		break;
	}
}

static void hang_event(struct sh_detect *d, const struct sh_event *ev)
{
	struct sh_sched *s;
	struct sh_entity *e;

	sh_model_owner(d->a->model, ev, &s, &e);
	if (!s)
		return;
	switch (ev->type) {
	case SH_EV_KICK: on_kick(d, s, ev); break;
	case SH_EV_STATE: on_state(d, s, ev); break;
	case SH_EV_WORKER_BEGIN:
	case SH_EV_WQ_START:
		if (s->last_begin.ev.idx == ev->idx)
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

/*
 * The finding of class @cls for @key (a scheduler or an entity) among those
 * added since @first, or NULL: stuck jobs fold into one finding each.
 */
static struct sh_finding *folded(struct sh_analysis *a, size_t first, enum sh_finding_class cls,
				 uint64_t sched, uint64_t entity)
{
	for (size_t i = first; i < a->findings.len; i++) {
		struct sh_finding *f = &a->findings.items[i];

		if (f->cls == cls && f->sched == sched && f->entity == entity)
			return f;
	}
	return NULL;
}

/* Report @j as stuck since @since (folded with older/newer stuck jobs of the same place). */
static struct sh_finding *stuck(struct sh_analysis *a, size_t first, enum sh_finding_class cls,
				const struct sh_job *j, uint64_t since)
{
	struct sh_sched *s = j->entity ? j->entity->sched : NULL;
	uint64_t entity = cls == SH_FC_DEP_NEVER_SIGNALED && j->entity ? j->entity->id : 0;
	struct sh_finding *f = folded(a, first, cls, s ? s->id : 0, entity);

	if (f) {
		f->count++;
		if (since >= f->start)
			return NULL;	/* an older job of the same place is cited */
		f->nevidence = 0;
		f->start = since;
	} else {
		f = sh_analysis_report(a, cls, s, since, a->model->last_ts);
		if (!f)
			return NULL;
	}
	f->open_at_end = true;
	f->has_job = true;
	f->ectx = j->ectx;
	f->seqno = j->seqno;
	f->entity = entity ? entity : j->entity ? j->entity->id : 0;
	sh_finding_cite(f, sh_saved_get(&j->push), "job queued");
	sh_analysis_cite_worker(f, s);
	return f;
}

/* Jobs that ran and never completed, or wait on a dependency that never fired. */
static void stuck_jobs(struct sh_analysis *a)
{
	uint64_t end = a->model->last_ts;
	size_t first = a->findings.len;
	void *v;

	for (size_t i = 0; sh_hmap_next(&a->model->jobs, &i, NULL, &v);) {
		struct sh_job *j = v;
		struct sh_sched *s = j->entity ? j->entity->sched : NULL;
		uint64_t limit = s && s->timeout_ms ? s->timeout_ms * 1000000ULL : a->opts.hang_ns;
		struct sh_finding *f;

		if (j->ran && j->t_run && end - j->t_run >= limit) {
			f = stuck(a, first, SH_FC_JOB_TIMEOUT, j, j->t_run);
			if (!f)
				continue;
			sh_finding_cite(f, sh_saved_get(&j->run), "job handed to the hardware (RAN)");
			snprintf(f->detail, sizeof(f->detail),
				 "job %" PRIu64 ":%" PRIu64 " ran %.3f ms without completing (limit %.0f ms)",
				 j->ectx, j->seqno, (end - j->t_run) / NS_PER_MS, limit / NS_PER_MS);
		} else if (!j->ran && j->dep_blocked && end - j->dep.ev.ts >= a->opts.hang_ns) {
			f = stuck(a, first, SH_FC_DEP_NEVER_SIGNALED, j, j->dep.ev.ts);
			if (!f)
				continue;
			sh_finding_cite(f, &j->dep.ev, "dependency callback installed (CB_ADDED)");
			snprintf(f->detail, sizeof(f->detail),
				 "job %" PRIu64 ":%" PRIu64 " waited %.3f ms on fence %" PRIu64 ":%" PRIu64
				 " that never signalled", j->ectx, j->seqno,
				 (end - j->dep.ev.ts) / NS_PER_MS, j->dep.ev.dep.dep_ctx,
				 j->dep.ev.dep.dep_seqno);
		}
	}
}

static void hang_finish(struct sh_detect *d)
{
	struct sh_analysis *a = d->a;
	void *v;

	for (size_t i = 0; sh_hmap_next(&a->model->scheds, &i, NULL, &v);) {
		struct sh_sched *s = v;
		struct hang_sched *h = hs_of(d, s);

		paused_close(d, s, NULL);
		credit_close(d, s, NULL);
		if (h->wq_queued.open)
			wq_close(d, s, &h->wq_queued, NULL, false);
		if (h->wq_running.open)
			wq_close(d, s, &h->wq_running, NULL, true);
		if (h->free_pending.open)
			free_close(d, s, NULL);
		tdr_close(d, s, NULL);
	}
	stuck_jobs(a);
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
		{ &h->tdr, SH_FC_JOB_TIMEOUT },
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
	.finish = hang_finish,
	.stalled = hang_stalled,
};
