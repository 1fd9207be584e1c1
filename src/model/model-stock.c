/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The model's view of the stock gpu_scheduler events (<=6.16 and >=6.17):
 * queue/run/done rebuild the same entity queues and job lives as the
 * schedhang events, with weaker identities: a scheduler is known by its ring
 * name, an entity by its pointer (<=6.16) or finished-fence context (>=6.17),
 * and the run-job work is attributed to a scheduler by the workqueue name or
 * by the run events emitted while it executes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/model-stock.h"
#include "model/model.h"

static bool old_schema(const struct sh_event *ev)
{
	return ev->flags & SH_EVF_STOCK_OLD;
}

static struct sh_sched *stock_sched(struct sh_model *m, const struct sh_event *ev)
{
	struct sh_sched *s = sh_model_get_sched(m, sh_model_ring_id(ev->str[0]));

	if (s && !s->name) {
		s->name = ev->str[0];
		s->stock = true;
	}
	return s;
}

/* Entity and job identities of a queue/run event. */
static struct sh_job *stock_job(struct sh_model *m, const struct sh_event *ev, struct sh_entity **pe)
{
	const struct sh_ev_job_queue *q = &ev->job_queue;
	struct sh_sched *s = stock_sched(m, ev);
	uint64_t eid = old_schema(ev) ? q->entity : q->ectx;
	uint64_t ectx = old_schema(ev) ? 0 : q->ectx;
	uint64_t seqno = old_schema(ev) ? q->fence : q->seqno;
	struct sh_entity *e = s ? sh_model_get_entity(m, eid, s->id) : NULL;
	struct sh_job *j = e ? sh_model_get_job(m, ectx, seqno) : NULL;

	if (!j)
		return NULL;
	e->ectx = ectx;
	j->entity = e;
	if (old_schema(ev) && !j->stock_id) {
		j->stock_id = sh_key2(s->id, q->id);
		if (sh_hmap_put(&m->stock_ids, j->stock_id, j) < 0)
			return sh_model_oom(m, NULL);
	}
	*pe = e;
	return j;
}

static int on_job_queue(struct sh_model *m, const struct sh_event *ev)
{
	struct sh_entity *e;
	struct sh_job *j = stock_job(m, ev, &e);
	struct sh_qjob qj;

	if (!j)
		return -1;
	qj = (struct sh_qjob){ j->seqno, ev->idx, ev->ts, ev->job_queue.job_count == 0 };
	if (!e->seen) {
		e->seen = true;
		e->seeded = ev->job_queue.job_count;
	}
	if (sh_model_enqueue(m, e, &qj) < 0)
		return -1;
	j->t_queue = ev->ts;
	sh_save(&j->push, ev);
	sh_save(&e->last_push, ev);
	e->st.pushes++;
	if (!qj.first)
		e->st.not_first++;
	sh_model_track_depth(e, (uint32_t)ev->job_queue.job_count + 1, ev->ts);
	return 0;
}

/* Learn which scheduler a run-job work item serves from a run inside it. */
static void attribute_work(struct sh_model *m, const struct sh_event *ev, struct sh_sched *s)
{
	uint64_t cpu = (uint64_t)ev->cpu;

	if (cpu < m->ncpu_work && m->cpu_work[cpu] && !sh_model_sched_of_work(m, (uint64_t)m->cpu_work[cpu])) {
		s->work_run = (uint64_t)m->cpu_work[cpu];
		if (sh_hmap_put(&m->works, s->work_run, s) < 0)
			sh_model_oom(m, NULL);
	}
}

static int on_job_run(struct sh_model *m, const struct sh_event *ev)
{
	struct sh_entity *e;
	struct sh_job *j = stock_job(m, ev, &e);

	if (!j)
		return -1;
	if (!e->seen) {
		e->seen = true;
		e->seeded = ev->job_run.job_count + 1;
	}
	if (!sh_model_dequeue(e, j->seqno)) {
		if (e->seeded)
			e->seeded--;
		j->seeded = true;
	}
	if (j->t_queue)
		sh_hist_add(&e->st.q2r, ev->ts > j->t_queue ? ev->ts - j->t_queue : 0, ev->ts);
	j->t_run = ev->ts;
	j->ran = true;
	sh_model_unblock(m, j);
	sh_save(&j->run, ev);
	sh_save(&e->last_pop, ev);
	e->st.pops++;
	e->sched->inflight++;
	sh_model_track_depth(e, (uint32_t)ev->job_run.job_count, ev->ts);
	attribute_work(m, ev, e->sched);
	return 0;
}

static int on_job_done(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_job_done *d = &ev->job_done;
	struct sh_job *j = old_schema(ev) ? sh_model_job(m, 0, d->fence)
					  : sh_model_job(m, d->ectx, d->seqno);

	if (!j || !j->entity) {
		m->orphan_done++;
		return 0;
	}
	if (j->ran && j->entity->sched->inflight)
		j->entity->sched->inflight--;
	j->entity->st.done++;
	j->entity->sched->jobs_done++;
	sh_save(&j->entity->sched->last_done, ev);
	if (j->t_run)
		sh_hist_add(&j->entity->st.r2d, ev->ts > j->t_run ? ev->ts - j->t_run : 0, ev->ts);
	sh_model_drop_job(m, j);
	return 0;
}

/* A dependency that blocks the job until its fence signals. */
static int on_job_dep(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_job_dep *d = &ev->job_dep;
	struct sh_job *j;

	if (d->kind == SH_JOB_DEP_KIND_ADD_DEP)
		return 0;	/* every dependency, blocking or not */
	if (d->kind == SH_JOB_DEP_KIND_WAIT_DEP)
		j = sh_hmap_get(&m->stock_ids, sh_key2(sh_model_ring_id(ev->str[0]), d->id));
	else
		j = sh_model_job(m, d->ectx, d->seqno);
	if (!j || j->ran)
		return 0;
	sh_model_unblock(m, j);
	j->dep_blocked = true;
	j->dep_key = sh_key2(d->dep_ctx & 0xffffffffu, d->dep_seqno & 0xffffffffu);
	sh_save(&j->dep, ev);
	if (sh_hmap_put(&m->dep_waits, j->dep_key, j) < 0)
		return sh_model_oom(m, NULL) ? 0 : -1;
	return 0;
}

static int on_fence(struct sh_model *m, const struct sh_event *ev)
{
	struct sh_job *j;

	if (ev->fence.kind != SH_FENCE_KIND_SIGNALED)
		return 0;
	j = sh_hmap_get(&m->dep_waits, sh_key2(ev->fence.context & 0xffffffffu,
						 ev->fence.seqno & 0xffffffffu));
	if (j)
		sh_model_unblock(m, j);
	return 0;
}

/* Which CPU runs which run-job work item, and work items named after their ring. */
static int on_wq_stock(struct sh_model *m, const struct sh_event *ev)
{
	uint64_t cpu = (uint64_t)ev->cpu;
	struct sh_sched *s;

	/* cpu_work grows to the highest CPU: refuse corrupt ones (Linux allows 8192) */
	if (ev->wq_queue.func != SH_WQ_FUNC_RUN_JOB || ev->cpu < 0 || ev->cpu >= (1 << 20))
		return 0;
	if (ev->type == SH_EV_WQ_QUEUE && ev->str[0] && !sh_model_sched_of_work(m, ev->wq_queue.work)) {
		s = sh_model_sched(m, sh_model_ring_id(ev->str[0]));
		if (s && s->stock) {
			s->work_run = ev->wq_queue.work;
			if (sh_hmap_put(&m->works, s->work_run, s) < 0)
				return sh_model_oom(m, NULL) ? 0 : -1;
		}
	}
	if (ev->type != SH_EV_WQ_START && ev->type != SH_EV_WQ_END)
		return 0;
	if (cpu >= m->ncpu_work) {
		uint64_t n = cpu + 1;
		int64_t *p = sh_model_oom(m, realloc(m->cpu_work, n * sizeof(*p)));

		if (!p)
			return -1;
		memset(p + m->ncpu_work, 0, (n - m->ncpu_work) * sizeof(*p));
		m->cpu_work = p;
		m->ncpu_work = n;
	}
	m->cpu_work[cpu] = ev->type == SH_EV_WQ_START ? (int64_t)ev->wq_start.work : 0;
	return 0;
}

/*
 * Before 6.8 the submit worker is a kthread named after its ring (truncated to
 * the 15 characters of a task comm): it runs while switched in, and is idle
 * once it switches out asleep.
 */
static struct sh_sched *kthread_sched(struct sh_model *m, const char *comm)
{
	void *v;

	if (!comm || !*comm)
		return NULL;
	for (size_t i = 0; sh_hmap_next(&m->scheds, &i, NULL, &v);) {
		struct sh_sched *s = v;

		if (s->stock && !s->work_run && s->name && strncmp(s->name, comm, 15) == 0)
			return s;
	}
	return NULL;
}

static int on_switch(struct sh_model *m, const struct sh_event *ev)
{
	struct sh_sched *s = kthread_sched(m, ev->str[0]);

	if (s && ev->sched_switch.prev_state != 0)	/* switched out asleep, not preempted */
		sh_model_worker_end(s, ev);
	s = kthread_sched(m, ev->str[1]);
	if (s)
		sh_model_worker_begin(s, ev);
	return 0;
}

int sh_model_stock_feed(struct sh_model *m, const struct sh_event *ev)
{
	switch (ev->type) {
	case SH_EV_JOB_QUEUE: return on_job_queue(m, ev);
	case SH_EV_JOB_RUN: return on_job_run(m, ev);
	case SH_EV_JOB_DONE: return on_job_done(m, ev);
	case SH_EV_JOB_DEP: return on_job_dep(m, ev);
	case SH_EV_FENCE: return on_fence(m, ev);
	case SH_EV_SWITCH: return on_switch(m, ev);
	case SH_EV_WQ_QUEUE:
	case SH_EV_WQ_START:
	case SH_EV_WQ_END:
		return on_wq_stock(m, ev);
	default: return 0;
	}
}
