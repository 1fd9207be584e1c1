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

#include "model/model-kprobe.h"
#include "model/model-stock.h"
#include "model/model.h"

static bool old_schema(const struct sh_event *ev)
{
	return ev->flags & SH_EVF_STOCK_OLD;
}

/* The key of a kthread named @name: its first 15 bytes (a task comm's), zero-padded. */
static void kthread_key(const char *name, uint64_t key[2])
{
	char b[16] = { 0 };

	strncpy(b, name, 15);
	memcpy(key, b, sizeof(b));
}

static struct sh_sched *stock_sched(struct sh_model *m, const struct sh_event *ev)
{
	struct sh_sched *s = sh_model_get_sched(m, sh_model_ring_id(ev->str[0]));
	uint64_t k[2];

	if (s && !s->name) {
		s->name = ev->str[0];
		s->stock = true;
		if (!s->name)
			return s;	/* no ring name: no kthread to know it by (yet) */
		/* first in its kthread name's list (rings may share 15 bytes of name) */
		kthread_key(s->name, k);
		s->kthread_next = sh_hmap_get2(&m->kthreads, k[0], k[1]);
		if (sh_hmap_put2(&m->kthreads, k[0], k[1], s) < 0)
			return sh_model_oom(m, NULL);
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
	struct sh_entity *e = s ? sh_model_get_stock_entity(m, eid, s) : NULL;
	struct sh_job *j = e ? sh_model_get_stock_job(m, ectx, seqno) : NULL;

	if (!j)
		return NULL;
	e->ectx = ectx;
	j->entity = e;
	if (old_schema(ev) && !j->stock_keyed) {
		j->stock_ring = s->id;
		j->stock_id = q->id;
		j->stock_keyed = true;
		if (sh_hmap_put2(&m->stock_ids, j->stock_ring, j->stock_id, j) < 0)
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
		sh_model_set_seeded(e, ev->job_queue.job_count);
	}
	if (sh_model_enqueue(m, e, &qj) < 0)
		return -1;
	sh_model_kprobe_queued(m, ev, e, j);
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
		sh_model_set_seeded(e, ev->job_run.job_count + 1);
	}
	if (!sh_model_dequeue(m, e, j->seqno)) {
		if (e->seeded)
			sh_model_set_seeded(e, e->seeded - 1);
		j->seeded = true;
	}
	if (j->t_queue &&
	    sh_hist_add(&e->st.q2r, ev->ts > j->t_queue ? ev->ts - j->t_queue : 0, ev->ts) < 0)
		return sh_model_oom(m, NULL) ? 0 : -1;
	j->t_run = ev->ts;
	j->ran = true;
	sh_model_unblock(m, j);
	sh_save(&j->run, ev);
	sh_save(&e->last_pop, ev);
	sh_model_kprobe_ran(m, ev, e);
	e->st.pops++;
	e->sched->inflight++;
	sh_model_track_depth(e, (uint32_t)ev->job_run.job_count, ev->ts);
	attribute_work(m, ev, e->sched);
	return 0;
}

static int on_job_done(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_job_done *d = &ev->job_done;
	struct sh_job *j = old_schema(ev) ? sh_model_stock_job(m, 0, d->fence)
					  : sh_model_stock_job(m, d->ectx, d->seqno);

	if (!j || !j->entity) {
		m->orphan_done++;
		return 0;
	}
	if (j->ran && j->entity->sched->inflight)
		j->entity->sched->inflight--;
	j->entity->st.done++;
	j->entity->sched->jobs_done++;
	sh_save(&j->entity->sched->last_done, ev);
	m->done_sched = j->entity->sched;
	m->done_job = *j;
	if (j->t_run &&
	    sh_hist_add(&j->entity->st.r2d, ev->ts > j->t_run ? ev->ts - j->t_run : 0, ev->ts) < 0)
		return sh_model_oom(m, NULL) ? 0 : -1;
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
		j = sh_hmap_get2(&m->stock_ids, sh_model_ring_id(ev->str[0]), d->id);
	else
		j = sh_model_stock_job(m, d->ectx, d->seqno);
	if (!j || j->ran)
		return 0;
	sh_model_unblock(m, j);
	j->dep_blocked = true;
	j->dep_key = (d->dep_ctx & 0xffffffffu) << 32 | (d->dep_seqno & 0xffffffffu);
	j->dep_keyed = true;
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
	j = sh_hmap_get(&m->dep_waits,
			(ev->fence.context & 0xffffffffu) << 32 | (ev->fence.seqno & 0xffffffffu));
	if (j)
		sh_model_unblock(m, j);
	return 0;
}

/* Which CPU runs which run-job work item, and work items named after their ring. */
static int on_wq_stock(struct sh_model *m, const struct sh_event *ev)
{
	uint64_t cpu = (uint64_t)ev->cpu;
	struct sh_sched *s;

	/* a scheduler's own submit workqueue is named after its ring */
	if (ev->type == SH_EV_WQ_QUEUE && ev->str[0] && !sh_model_sched_of_work(m, ev->wq_queue.work) &&
	    (ev->wq_queue.func == SH_WQ_FUNC_RUN_JOB || ev->wq_queue.func == SH_WQ_FUNC_FREE_JOB)) {
		s = sh_model_sched(m, sh_model_ring_id(ev->str[0]));
		if (s && s->stock) {
			if (ev->wq_queue.func == SH_WQ_FUNC_RUN_JOB)
				s->work_run = ev->wq_queue.work;
			else
				s->work_free = ev->wq_queue.work;
			if (sh_hmap_put(&m->works, ev->wq_queue.work, s) < 0)
				return sh_model_oom(m, NULL) ? 0 : -1;
		}
	}
	/* cpu_work grows to the highest CPU: refuse corrupt ones (Linux allows 8192) */
	if (ev->wq_queue.func != SH_WQ_FUNC_RUN_JOB || ev->cpu < 0 || ev->cpu >= (1 << 20))
		return 0;
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
	struct sh_sched *head, *s;
	uint64_t k[2];

	if (!comm || !*comm)
		return NULL;
	/* looked up by name: a scan of every scheduler per sched_switch was quadratic */
	kthread_key(comm, k);
	head = s = sh_hmap_get2(&m->kthreads, k[0], k[1]);
	/* those with a known work item run as work now: they leave the list for good */
	while (s && (s->work_run || !s->name || strncmp(s->name, comm, 15) != 0)) {
		s = s->kthread_next;
		m->steps++;
	}
	if (s != head && s)
		sh_hmap_put2(&m->kthreads, k[0], k[1], s);
	else if (s != head)
		sh_hmap_del2(&m->kthreads, k[0], k[1]);
	return s;
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
	if (m->have_schedhang && ev->type != SH_EV_FENCE)
		return 0;	/* the schedhang events tell it all (sh_model_shadowed()) */
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
