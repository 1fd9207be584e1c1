/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Jobs stuck when the trace ends, found once it has ended:
 *
 * - JOB_TIMEOUT, suspected: a job ran on the hardware and did not complete
 *   for at least the scheduler's timeout, and no timeout handler was seen
 *   for it (a handler that ran is the tdr detector's proven finding, which
 *   lists the job instead).
 * - DEP_NEVER_SIGNALED: a job never ran while it waited on a dependency
 *   (schedhang CB_ADDED without CB_FIRED; stock wait_dep or unschedulable
 *   whose fence has no dma_fence_signaled). Proven when the trace could see
 *   the fence signal and the ring ran other jobs meanwhile; suspected when
 *   the dma_fence events were not recorded or the ring ran nothing else.
 *
 * The stuck jobs of one place fold into one finding that lists them: one per
 * ring for timeouts, one per entity for dependencies (the jobs queued behind
 * a blocked job wait with it).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "detect/jobs.h"

#define NS_PER_MS 1000000.0

/* The finding of @cls about (@sched, @entity) made since @first, or NULL. */
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

/* A proven timeout of @s's handler that fired after @j started running, or NULL. */
static struct sh_finding *handler_for(struct sh_analysis *a, size_t first, const struct sh_sched *s,
				      const struct sh_job *j)
{
	for (size_t i = 0; i < first; i++) {
		struct sh_finding *f = &a->findings.items[i];

		if (f->cls == SH_FC_JOB_TIMEOUT && s && f->sched == s->id && f->start >= j->t_run)
			return f;
	}
	return NULL;
}

/*
 * Report @j as stuck since @since, folded with the other stuck jobs of the
 * same place; returns the finding when @j is now the one it describes (the
 * oldest), else NULL.
 */
static struct sh_finding *stuck(struct sh_analysis *a, size_t first, enum sh_finding_class cls,
				const struct sh_job *j, uint64_t since)
{
	struct sh_sched *s = j->entity ? j->entity->sched : NULL;
	uint64_t entity = cls == SH_FC_DEP_NEVER_SIGNALED && j->entity ? j->entity->id : 0;
	struct sh_finding *f = folded(a, first, cls, s ? s->id : 0, entity);

	if (f) {
		sh_finding_add_job(f, j->ectx, j->seqno);
		if (since >= f->start)
			return NULL;	/* an older job of the same place is cited */
		f->nevidence = 0;
		f->start = since;
	} else {
		f = sh_analysis_report(a, cls, s, since, a->model->last_ts);
		if (!f)
			return NULL;
		sh_finding_add_job(f, j->ectx, j->seqno);
	}
	f->open_at_end = true;
	f->has_job = !(j->push.set && (j->push.ev.flags & SH_EVF_STOCK_OLD));
	f->ectx = j->ectx;
	f->seqno = j->seqno;
	f->entity = entity ? entity : j->entity ? j->entity->id : 0;
	sh_finding_cite(f, sh_saved_get(&j->push), "job queued");
	sh_analysis_cite_worker(f, s);
	return f;
}

/* "job 77:10", or "job id 5" for a <=6.16 stock job (no fence context). */
static void job_name(char *buf, size_t len, const struct sh_job *j)
{
	if (j->push.set && (j->push.ev.flags & SH_EVF_STOCK_OLD))
		snprintf(buf, len, "job id %" PRIu64, j->push.ev.job_queue.id);
	else
		snprintf(buf, len, "job %" PRIu64 ":%" PRIu64, j->ectx, j->seqno);
}

static void ran_too_long(struct sh_analysis *a, size_t first, const struct sh_job *j)
{
	const struct sh_sched *s = j->entity ? j->entity->sched : NULL;
	uint64_t end = a->model->last_ts, limit = sh_analysis_open_threshold(a, SH_FC_JOB_TIMEOUT, s);
	struct sh_finding *f = handler_for(a, first, s, j);
	char name[64];

	if (f) {		/* the handler's finding stands for it */
		sh_finding_add_job(f, j->ectx, j->seqno);
		return;
	}
	f = stuck(a, first, SH_FC_JOB_TIMEOUT, j, j->t_run);
	if (!f)
		return;
	sh_finding_confide(f, SH_CONF_SUSPECTED, SH_REASON_RAN_NO_DONE);
	sh_finding_cite(f, sh_saved_get(&j->run), "job handed to the hardware");
	job_name(name, sizeof(name), j);
	snprintf(f->detail, sizeof(f->detail),
		 "%s ran %.3f ms without completing (limit %.0f ms) and no timeout handler ran",
		 name, (end - j->t_run) / NS_PER_MS, limit / NS_PER_MS);
}

/* Did a job of @s other than @e's start running after @ts? */
static bool ran_others(const struct sh_sched *s, const struct sh_entity *e, uint64_t ts)
{
	for (const struct sh_entity *x = s ? s->entities : NULL; x; x = x->next_in_sched)
		if (x != e && x->last_pop.set && x->last_pop.ev.ts > ts)
			return true;
	return false;
}

static void waits_forever(struct sh_analysis *a, size_t first, const struct sh_job *j)
{
	const struct sh_event *dep = &j->dep.ev;
	const struct sh_entity *e = j->entity;
	bool own = dep->type == SH_EV_DEP, seen = own || a->model->have_fence;
	bool others = e && ran_others(e->sched, e, dep->ts);
	uint64_t ctx = own ? dep->dep.dep_ctx : dep->job_dep.dep_ctx;
	uint64_t seq = own ? dep->dep.dep_seqno : dep->job_dep.dep_seqno;
	struct sh_finding *f = stuck(a, first, SH_FC_DEP_NEVER_SIGNALED, j, dep->ts);
	char name[64];

	if (!f)
		return;
	if (!seen)
		sh_finding_confide(f, SH_CONF_SUSPECTED, SH_REASON_NO_FENCE_EVENTS);
	else if (!others)
		sh_finding_confide(f, SH_CONF_SUSPECTED, SH_REASON_RING_IDLE);
	else
		sh_finding_confide(f, SH_CONF_PROVEN, SH_REASON_DEP_UNSIGNALED);
	sh_finding_cite(f, dep, own ? "dependency callback installed (CB_ADDED)" :
			"job waits on a dependency");
	for (uint64_t q = 0, behind = 0; e && q < e->qlen; q++) {
		uint64_t seqno = sh_entity_qjob(e, q)->seqno;

		if (behind)
			sh_finding_add_job(f, e->ectx, seqno);
		behind |= seqno == j->seqno;
	}
	job_name(name, sizeof(name), j);
	snprintf(f->detail, sizeof(f->detail),
		 "%s waited %.3f ms on fence %" PRIu64 ":%" PRIu64 " that never signalled%s%s", name,
		 (a->model->last_ts - dep->ts) / NS_PER_MS, ctx, seq,
		 seen ? "" : " (the trace has no dma_fence events to show it signal)",
		 seen && !others ? " (its ring ran nothing else meanwhile)" : "");
}

/* @j, if stuck at @end, folded into the findings made since @first. */
static void check_job(struct sh_analysis *a, size_t first, uint64_t end, const struct sh_job *j)
{
	const struct sh_sched *s = j->entity ? j->entity->sched : NULL;

	if (s && sh_model_shadowed(a->model, s))
		return;
	if (j->ran && j->t_run && end - j->t_run >= sh_analysis_open_threshold(a, SH_FC_JOB_TIMEOUT, s))
		ran_too_long(a, first, j);
	else if (!j->ran && j->dep_blocked && j->dep.set &&
		 end - j->dep.ev.ts >= sh_analysis_open_threshold(a, SH_FC_DEP_NEVER_SIGNALED, s))
		waits_forever(a, first, j);
}

static void jobs_finish(struct sh_detect *d)
{
	struct sh_analysis *a = d->a;
	uint64_t end = a->model->last_ts;
	size_t first = a->findings.len;
	void *v;

	for (size_t i = 0; sh_hmap_next(&a->model->jobs, &i, NULL, &v);)
		check_job(a, first, end, v);
	for (size_t i = 0; sh_hmap_next(&a->model->stock_jobs, &i, NULL, &v);)
		check_job(a, first, end, v);
}

const struct sh_detector sh_jobs_detector = {
	.name = "jobs",
	.finish = jobs_finish,
};
