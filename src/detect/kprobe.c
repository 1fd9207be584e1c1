/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lost-wakeup rule of schedhang-events(7) on a --kprobes trace: at the
 * end of the trace, the oldest queued job of an entity was pushed with the
 * exact flag first=0 (no drm_sched_wakeup() inside its push), and after that
 * push returned its scheduler's worker neither ran nor was kicked (no
 * drm_sched_wakeup(), no run-work queueing), while nothing was in flight
 * (credits cannot explain the idle worker), it was not waiting on a
 * dependency, and the worker is idle. That is a proven lost wakeup. Its
 * cause is the spsc_queue race (SPSC_RACE) only when the queue state was
 * captured (BTF) and shows the race's fingerprint, a set head with a count
 * of 0, at the predecessor's pop or in the worker's is_ready() after it;
 * otherwise the trace cannot tell the cause (MISSING_KICK, reason
 * first0-cause-unknown).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "detect/kprobe.h"

#define NS_PER_MS 1000000.0

/* Did the worker run, or was it kicked, after @ts? */
static bool served_since(const struct sh_sched *s, uint64_t ts)
{
	const struct sh_event *begin = sh_saved_get(&s->last_begin);
	const struct sh_event *kick = sh_saved_get(&s->kp_kick);

	if ((begin && begin->ts > ts) || (kick && kick->ts > ts))
		return true;
	for (const struct sh_entity *e = s->entities; e; e = e->next_in_sched)
		if (e->last_pop.set && e->last_pop.ev.ts > ts)
			return true;
	return false;
}

/*
 * The race, seen in the queue itself: the predecessor's pop left head set
 * and the count at 0, or after it the worker found the entity not ready
 * with head set and a count of 0 (a job linked but not counted).
 */
static bool race_state(const struct sh_entity *e)
{
	const struct sh_event *pop = sh_saved_get(&e->kp_pop);
	const struct sh_event *unready = sh_saved_get(&e->kp_unready);

	if (pop && pop->kp_pop.state && (int64_t)pop->kp_pop.cnt == 0 && pop->kp_pop.head)
		return true;
	return unready && pop && unready->idx > pop->idx;
}

static void describe(struct sh_finding *f, const struct sh_event *queue, bool race, uint64_t dur)
{
	char job[64];

	if (f->has_job)
		snprintf(job, sizeof(job), "%" PRIu64 ":%" PRIu64, f->ectx, f->seqno);
	else
		snprintf(job, sizeof(job), "%s %" PRIu64,
			 queue->flags & SH_EVF_STOCK_OLD ? "id" : "seqno", f->seqno);
	snprintf(f->detail, sizeof(f->detail),
		 "push of job %s returned without waking the scheduler (first=0, no "
		 "drm_sched_wakeup in the push) and no worker ran or was kicked for %.3f ms, to the "
		 "end of the trace; %s", job, dur / NS_PER_MS,
		 race ? "the predecessor's pop left the queue head set with a count of 0: the "
			"spsc push/pop race" :
			"the queue state at the predecessor's pop was not captured: cause unknown");
}

static void report(struct sh_analysis *a, struct sh_sched *s, struct sh_entity *e,
		   const struct sh_job *j)
{
	const struct sh_event *queue = &j->push.ev, *ret = &j->kp_ret.ev;
	uint64_t end = a->model->last_ts, dur = end - ret->ts;
	bool race = race_state(e);
	struct sh_finding *f;

	if (a->opts.stall_ns && dur < a->opts.stall_ns)
		return;
	f = sh_analysis_report(a, race ? SH_FC_SPSC_RACE : SH_FC_MISSING_KICK, s, queue->ts, end);
	if (!f)
		return;
	if (f->conf == SH_CONF_PROVEN)
		sh_finding_confide(f, SH_CONF_PROVEN,
				   race ? SH_REASON_RACE_STATE : SH_REASON_FIRST0_CAUSE_UNKNOWN);
	f->entity = e->id;
	f->has_job = !(queue->flags & SH_EVF_STOCK_OLD);
	f->ectx = queue->job_queue.ectx;
	f->seqno = queue->flags & SH_EVF_STOCK_OLD ? queue->job_queue.id : queue->job_queue.seqno;
	if (j->kp_fenced) {	/* <=6.16 stock events name no fence context: the probe read it */
		f->has_job = true;
		f->ectx = j->kp_ectx;
		f->seqno = j->kp_seqno;
	}
	f->open_at_end = true;
	for (uint64_t q = 0; q < e->qlen; q++)
		sh_finding_add_job(f, e->ectx, sh_entity_qjob(e, q)->seqno);
	sh_finding_cite(f, sh_saved_get(&s->kp_kick), "last kick of the worker before the stall");
	sh_finding_cite(f, sh_saved_get(&s->last_begin), "last run-job work start");
	sh_finding_cite(f, sh_saved_get(&e->last_pop), "last job of the entity to run");
	sh_finding_cite(f, sh_saved_get(&e->kp_pop), "pop of the predecessor job (its return)");
	if (race && e->kp_unready.set && e->kp_pop.set && e->kp_unready.ev.idx > e->kp_pop.ev.idx)
		sh_finding_cite(f, &e->kp_unready.ev,
				"the worker found the entity not ready: head set, count 0");
	sh_finding_cite(f, queue, "job queued (stock event, inside the push)");
	sh_finding_cite(f, ret, "push return without a wakeup (first=0)");
	sh_finding_cite(f, sh_saved_get(&s->last_end), "last run-job work end");
	sh_finding_cite(f, sh_saved_get(&s->last_done), "last job completion of the scheduler");
	describe(f, queue, race, dur);
}

static void check_entity(struct sh_analysis *a, struct sh_sched *s, struct sh_entity *e)
{
	const struct sh_qjob *head = sh_entity_head(e);
	const struct sh_job *j = head ? sh_model_stock_job(a->model, e->ectx, head->seqno) : NULL;

	a->model->steps++;
	if (!j || !j->push.set || !j->kp_pushed || j->kp_first || j->dep_blocked || e->killed)
		return;
	if (s->inflight || s->worker != SH_WORKER_IDLE || served_since(s, j->kp_ret.ev.ts))
		return;
	report(a, s, e, j);
}

static void kprobe_finish(struct sh_detect *d)
{
	struct sh_analysis *a = d->a;
	void *v;

	if (!a->model->have_kprobes)
		return;
	for (size_t i = 0; sh_hmap_next(&a->model->scheds, &i, NULL, &v);) {
		struct sh_sched *s = v;

		if (!s->stock || sh_model_shadowed(a->model, s))
			continue;
		for (struct sh_entity *e = s->entities; e; e = e->next_in_sched)
			check_entity(a, s, e);
	}
}

const struct sh_detector sh_kprobe_detector = {
	.name = "kprobe",
	.finish = kprobe_finish,
};
