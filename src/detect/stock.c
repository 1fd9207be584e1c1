/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Suspected lost wakeups from stock gpu_scheduler events only
 * (schedhang-report(1), FINDINGS). The stock events cannot prove a lost
 * wakeup: the queue event fires before the spsc push (no push end, no first
 * flag) and kicks are invisible. A job is flagged when, at the end of the
 * trace, it is queued and not run, not waiting on a dependency, its
 * scheduler has nothing in flight (so credits cannot explain it) and its
 * run-job work has not started since the job was queued (give or take the
 * push window). Findings are always labelled suspected.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "detect/stock.h"

#define NS_PER_MS 1000000.0

/*
 * The queue event fires before the push, so a worker run that starts just
 * after it may still find the job uncounted (that is the race). A run that
 * starts later than this after the queue event would have seen the job.
 */
#define PUSH_WINDOW_NS 1000000ULL

/* The latest pop of any entity of @s, or 0. */
static uint64_t last_pop_ts(const struct sh_sched *s)
{
	uint64_t t = 0;

	for (const struct sh_entity *e = s->entities; e; e = e->next_in_sched)
		if (e->last_pop.set && e->last_pop.ev.ts > t)
			t = e->last_pop.ev.ts;
	return t;
}

/*
 * Did the worker run (or a job of the scheduler start) after @ts? @pop_ts:
 * last_pop_ts(s), computed once per scheduler (per entity it was quadratic).
 */
static bool ran_since(const struct sh_sched *s, uint64_t pop_ts, uint64_t ts)
{
	const struct sh_event *begin = sh_saved_get(&s->last_begin);
	const struct sh_event *end = sh_saved_get(&s->last_end);

	if (begin && begin->ts > ts)
		return true;
	if (pop_ts > ts)
		return true;
	return end && end->ts > ts && !begin;	/* a run whose start preceded attribution */
}

static enum sh_finding_class classify(const struct sh_sched *s, const struct sh_entity *e,
				      const struct sh_event *queue, const char **why,
				      enum sh_reason *reason)
{
	const struct sh_event *prev = sh_saved_get(&e->last_pop);
	const struct sh_event *end = sh_saved_get(&s->last_end);

	*reason = SH_REASON_STOCK_NO_FIRST;
	if (queue->job_queue.job_count == 0) {
		*why = "the queue was empty, so the push should have woken the worker";
		if (!s->work_run)
			return SH_FC_MISSING_KICK;
		*reason = SH_REASON_STOCK_NO_RUN_WORK;
		return SH_FC_SCHED_PAUSED;
	}
	if (prev && prev->ts > queue->ts && prev->job_run.job_count == 0 && end && end->ts > queue->ts) {
		*why = "the previous job ran after this one was queued and reported a job count of 0, "
		       "then the worker went idle: the spsc push/pop race";
		return SH_FC_SPSC_RACE;
	}
	*why = "the queue was not empty (job count > 0), so the push did not wake the worker";
	return SH_FC_MISSING_KICK;
}

static void check_entity(struct sh_analysis *a, struct sh_sched *s, struct sh_entity *e,
			 uint64_t pop_ts)
{
	const struct sh_qjob *head = sh_entity_head(e);
	const struct sh_job *j = head ? sh_model_stock_job(a->model, e->ectx, head->seqno) : NULL;
	uint64_t end = a->model->last_ts, dur;
	const struct sh_event *queue;
	enum sh_finding_class cls;
	enum sh_reason reason;
	struct sh_finding *f;
	const char *why;

	/* a worker queued or running at the end has a run coming that may take the job */
	if (!j || !j->push.set || j->dep_blocked || s->inflight || s->worker != SH_WORKER_IDLE)
		return;
	if (j->kp_pushed && !j->kp_first)
		return;		/* the kernel probes tell exactly (kprobe.c) */
	queue = &j->push.ev;
	dur = end - queue->ts;
	if (a->opts.stall_ns && dur < a->opts.stall_ns)
		return;
	cls = classify(s, e, queue, &why, &reason);
	/*
	 * A run after the queue event would have taken the job, unless the race
	 * left it uncounted: then that run is the race's own evidence.
	 */
	if (cls != SH_FC_SPSC_RACE && ran_since(s, pop_ts, queue->ts + PUSH_WINDOW_NS))
		return;
	f = sh_analysis_report(a, cls, s, queue->ts, end);
	if (!f)
		return;
	sh_finding_confide(f, SH_CONF_SUSPECTED, reason);
	f->entity = e->id;
	f->has_job = !(queue->flags & SH_EVF_STOCK_OLD);	/* <=6.16 jobs have an id, no fence context */
	f->ectx = queue->job_queue.ectx;
	f->seqno = queue->flags & SH_EVF_STOCK_OLD ? queue->job_queue.id : queue->job_queue.seqno;
	f->open_at_end = true;
	for (uint64_t q = 0; q < e->qlen; q++)
		sh_finding_add_job(f, e->ectx, sh_entity_qjob(e, q)->seqno);
	sh_finding_cite(f, sh_saved_get(&s->last_begin), "last run-job work start");
	sh_finding_cite(f, queue, "job queued (stock event, before the push)");
	sh_finding_cite(f, sh_saved_get(&e->last_pop), "last job of the entity to run");
	sh_finding_cite(f, sh_saved_get(&s->last_end), "last run-job work end");
	sh_finding_cite(f, sh_saved_get(&s->last_done), "last job completion of the scheduler");
	snprintf(f->detail, sizeof(f->detail),
		 "job %s %" PRIu64 " queued %.3f ms before the end of the trace and never ran while the "
		 "scheduler had nothing in flight; %s",
		 queue->flags & SH_EVF_STOCK_OLD ? "id" : "seqno", f->seqno, dur / NS_PER_MS, why);
}

static void stock_finish(struct sh_detect *d)
{
	struct sh_analysis *a = d->a;
	void *v;

	for (size_t i = 0; sh_hmap_next(&a->model->scheds, &i, NULL, &v);) {
		struct sh_sched *s = v;

		if (!s->stock || sh_model_shadowed(a->model, s))
			continue;
		uint64_t pop_ts = last_pop_ts(s);

		for (struct sh_entity *e = s->entities; e; e = e->next_in_sched)
			check_entity(a, s, e, pop_ts);
	}
}

const struct sh_detector sh_stock_detector = {
	.name = "stock",
	.finish = stock_finish,
};
