/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Job timeouts the kernel itself declared: its timeout handler ran. From the
 * schedhang events (TDR_BEGIN/TDR_END, which name the scheduler) or, on a
 * trace of stock events, from the workqueue executions of
 * drm_sched_job_timedout, attributed to a ring by the job completions the
 * handler signals while it runs (recovery) or else by the job that had been
 * running longest. Each run of the handler is one finding, proven: the job
 * running on the ring when it fired, how long it had run, whether it
 * completed afterwards, and the jobs of the ring that waited meanwhile.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/tdr.h"

#define NS_PER_MS 1000000.0

/* One run of the timeout handler, from its start to its end. */
struct tdr_run {
	bool open;
	struct sh_saved begin;
	struct sh_sched *sched;		/* borrowed; NULL until attributed (stock) */
	const char *how;		/* static: how the ring was attributed, or NULL */
	struct sh_job culprit;		/* a copy of the job running longest when it fired */
	bool has_culprit;
};

/* Per scheduler (struct sh_sched.extra): the run announced by TDR_BEGIN. */
struct tdr_sched {
	struct tdr_run run;
};

/* A finding made, to say at the end whether its job completed. */
struct tdr_made {
	size_t finding;			/* index in the analysis's findings */
	uint64_t ectx, seqno;		/* the culprit's key in the model's jobs */
	bool stock, has_culprit;
};

/* Whole trace: stock handler runs per CPU, and the findings to complete at the end. */
struct tdr_global {
	struct tdr_run *cpu;		/* owned: per CPU */
	size_t ncpu;
	struct tdr_made *made;		/* owned */
	size_t nmade, cap;
};

static struct tdr_global *gl(const struct sh_detect *d)
{
	return d->global;
}

/* The job of @s that has been running longest (ran, not done), or NULL. */
static const struct sh_job *oldest_running(const struct sh_model *m, const struct sh_sched *s)
{
	const struct sh_hmap *maps[] = { &m->jobs, &m->stock_jobs };
	const struct sh_job *best = NULL;
	void *v;

	for (unsigned k = 0; k < 2; k++) {
		for (size_t i = 0; sh_hmap_next(maps[k], &i, NULL, &v);) {
			const struct sh_job *j = v;

			if (!j->ran || !j->t_run || !j->entity || (s && j->entity->sched != s) ||
			    sh_model_shadowed(m, j->entity->sched))
				continue;
			if (!best || j->t_run < best->t_run)
				best = j;
		}
	}
	return best;
}

static void remember(const struct sh_detect *d, const struct sh_finding *f, const struct sh_job *culprit)
{
	struct tdr_global *g = gl(d);

	if (g->nmade == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 4;
		struct tdr_made *p = realloc(g->made, cap * sizeof(*p));

		if (!p)
			return;	/* the finding keeps its detail without the recovery */
		g->made = p;
		g->cap = cap;
	}
	g->made[g->nmade++] = (struct tdr_made){ (size_t)(f - d->a->findings.items),
		culprit ? culprit->ectx : 0, culprit ? culprit->seqno : 0,
		culprit && culprit->stock, culprit != NULL };
}

/* Take the oldest running job of @s (any ring: NULL) as @r's culprit. */
static void pick_culprit(const struct sh_model *m, struct tdr_run *r, const struct sh_sched *s)
{
	const struct sh_job *j = oldest_running(m, s);

	r->has_culprit = j != NULL;
	if (j)
		r->culprit = *j;
}

static void describe_culprit(struct sh_finding *f, const struct sh_job *j, uint64_t fired)
{
	size_t len = strlen(f->detail);

	if (!j) {
		snprintf(f->detail + len, sizeof(f->detail) - len, "; no job of the ring was running");
		return;
	}
	f->entity = j->entity->id;
	if (j->push.set && (j->push.ev.flags & SH_EVF_STOCK_OLD)) {
		snprintf(f->detail + len, sizeof(f->detail) - len,
			 "; job id %" PRIu64 " had run %.3f ms when it fired", j->push.ev.job_queue.id,
			 (fired - j->t_run) / NS_PER_MS);
	} else {
		f->has_job = true;
		f->ectx = j->ectx;
		f->seqno = j->seqno;
		snprintf(f->detail + len, sizeof(f->detail) - len,
			 "; job %" PRIu64 ":%" PRIu64 " had run %.3f ms when it fired", j->ectx, j->seqno,
			 (fired - j->t_run) / NS_PER_MS);
	}
	sh_finding_cite(f, sh_saved_get(&j->run), "the job running when the timeout fired");
}

/* The handler's run @r ended at @end (NULL: the end of the trace). */
static void report(const struct sh_detect *d, struct tdr_run *r, const struct sh_event *end)
{
	struct sh_analysis *a = d->a;
	const struct sh_event *begin = &r->begin.ev;
	uint64_t to = end ? end->ts : a->model->last_ts, waiting = 0;
	const struct sh_job *culprit = r->has_culprit && r->culprit.entity &&
				       r->culprit.entity->sched == r->sched ? &r->culprit : NULL;
	struct sh_finding *f;

	r->open = false;
	f = sh_analysis_report(a, SH_FC_JOB_TIMEOUT, r->sched, begin->ts, to);
	if (!f)
		return;
	sh_finding_confide(f, SH_CONF_PROVEN, SH_REASON_TIMEOUT_RAN);
	f->open_at_end = end == NULL;
	sh_finding_cite(f, begin, begin->type == SH_EV_STATE ? "timeout handler started (TDR_BEGIN)" :
			"timeout handler started (drm_sched_job_timedout)");
	sh_finding_cite(f, end, "timeout handler returned");
	sh_finding_cite(f, r->sched ? sh_saved_get(&r->sched->last_done) : NULL, "last job completion");
	if (end && end->type == SH_EV_STATE)
		snprintf(f->detail, sizeof(f->detail), "the scheduler's timeout handler ran (status %" PRId64 ")",
			 (int64_t)end->state.arg);
	else
		snprintf(f->detail, sizeof(f->detail), "the scheduler's timeout handler ran%s%s",
			 end ? "" : " and had not returned at the end of the trace", r->how ? r->how : "");
	sh_analysis_cite_worker(f, r->sched);
	describe_culprit(f, culprit, begin->ts);
	if (culprit)
		sh_finding_add_job(f, culprit->ectx, culprit->seqno);
	for (const struct sh_entity *e = r->sched ? r->sched->entities : NULL; e; e = e->next_in_sched)
		for (uint64_t q = 0; q < e->qlen; q++, waiting++)
			sh_finding_add_job(f, e->ectx, sh_entity_qjob(e, q)->seqno);
	if (waiting)
		snprintf(f->detail + strlen(f->detail), sizeof(f->detail) - strlen(f->detail),
			 "; %" PRIu64 " queued jobs of the ring waited", waiting);
	remember(d, f, culprit);
}

/* Stock: the run on @cpu, growing the table; NULL for a corrupt CPU or out of memory. */
static struct tdr_run *cpu_run(const struct sh_detect *d, int cpu)
{
	struct tdr_global *g = gl(d);

	if (cpu < 0 || cpu >= (1 << 20))
		return NULL;
	if ((size_t)cpu >= g->ncpu) {
		size_t n = (size_t)cpu + 1;
		struct tdr_run *p = realloc(g->cpu, n * sizeof(*p));

		if (!p)
			return NULL;
		memset(p + g->ncpu, 0, (n - g->ncpu) * sizeof(*p));
		g->cpu = p;
		g->ncpu = n;
	}
	return &g->cpu[cpu];
}

/* Stock: drm_sched_job_timedout started, returned, or signalled a job while running. */
static void on_stock(const struct sh_detect *d, const struct sh_event *ev)
{
	const struct sh_model *m = d->a->model;
	struct tdr_run *r = cpu_run(d, ev->cpu);

	if (!r)
		return;
	if (ev->type == SH_EV_JOB_DONE) {
		if (r->open && !r->sched && m->done_sched) {
			r->sched = m->done_sched;
			r->how = " (attributed by the job it completed while running)";
			r->culprit = m->done_job;	/* the job the recovery completed */
			r->has_culprit = true;
		}
		return;
	}
	if (ev->wq_start.func != SH_WQ_FUNC_TIMEDOUT)
		return;
	if (ev->type == SH_EV_WQ_START) {
		memset(r, 0, sizeof(*r));
		r->open = true;
		sh_save(&r->begin, ev);
		pick_culprit(m, r, NULL);
	} else if (ev->type == SH_EV_WQ_END && r->open) {
		if (!r->sched && r->has_culprit) {
			r->sched = r->culprit.entity->sched;
			r->how = " (attributed to the ring of the job that had run longest)";
		}
		report(d, r, ev);
	}
}

static void on_state(const struct sh_detect *d, struct sh_sched *s, const struct sh_event *ev)
{
	struct tdr_run *r = &((struct tdr_sched *)sh_detect_sched(d, s))->run;

	if (ev->state.state == SH_STATE_TDR_BEGIN) {
		memset(r, 0, sizeof(*r));
		r->open = true;
		r->sched = s;
		sh_save(&r->begin, ev);
		pick_culprit(d->a->model, r, s);
	} else if (ev->state.state == SH_STATE_TDR_END) {
		if (!r->open) {		/* its begin was before the trace */
			memset(r, 0, sizeof(*r));
			r->sched = s;
			sh_save(&r->begin, ev);
		}
		report(d, r, ev);
	}
}

static void tdr_event(struct sh_detect *d, const struct sh_event *ev, struct sh_sched *s,
		      struct sh_entity *e)
{
	(void)e;
	switch (ev->type) {
	case SH_EV_STATE:
		if (s)
			on_state(d, s, ev);
		break;
	case SH_EV_WQ_START:
	case SH_EV_WQ_END:
	case SH_EV_JOB_DONE:
		if (!d->a->model->have_schedhang)
			on_stock(d, ev);
		break;
	default:
		break;
	}
}

/* Whether each timed-out job completed afterwards, now that the whole trace is known. */
static void tdr_finish(struct sh_detect *d)
{
	struct tdr_global *g = gl(d);
	void *v;

	for (size_t i = 0; sh_hmap_next(&d->a->model->scheds, &i, NULL, &v);) {
		struct tdr_sched *ts = sh_detect_sched(d, v);

		if (ts->run.open)
			report(d, &ts->run, NULL);
	}
	for (size_t c = 0; c < g->ncpu; c++)
		if (g->cpu[c].open)
			report(d, &g->cpu[c], NULL);
	for (size_t i = 0; i < g->nmade; i++) {
		const struct tdr_made *t = &g->made[i];
		struct sh_finding *f = &d->a->findings.items[t->finding];
		size_t len = strlen(f->detail);
		bool left = t->stock ? sh_model_stock_job(d->a->model, t->ectx, t->seqno) != NULL :
			    sh_model_job(d->a->model, t->ectx, t->seqno) != NULL;

		if (t->has_culprit)
			snprintf(f->detail + len, sizeof(f->detail) - len, "; the job %s",
				 left ? "never completed in the trace" : "completed afterwards (recovery)");
	}
}

static void tdr_stalled(const struct sh_detect *d, const struct sh_sched *s, struct sh_stall_query *q)
{
	const struct tdr_sched *ts = sh_detect_sched(d, s);
	struct sh_stall c = { .cls = SH_FC_JOB_TIMEOUT, .sched = s };

	if (!ts->run.open)
		return;
	c.since = ts->run.begin.ev.ts;
	sh_stall_offer(q, &c);
}

static void tdr_release(const struct sh_detect *d)
{
	free(gl(d)->cpu);
	free(gl(d)->made);
}

const struct sh_detector sh_tdr_detector = {
	.name = "tdr",
	.sched_state = sizeof(struct tdr_sched),
	.global_state = sizeof(struct tdr_global),
	.event = tdr_event,
	.events = SH_EV_BIT(STATE) | SH_EV_BIT(WQ_START) | SH_EV_BIT(WQ_END) | SH_EV_BIT(JOB_DONE),
	.finish = tdr_finish,
	.stalled = tdr_stalled,
	.release = tdr_release,
};
