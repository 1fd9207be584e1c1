/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --kprobes events on top of the stock model (see model-kprobe.h). Probes
 * and tracepoints of one push or one pop run in the same task, in order, so
 * they are paired by task: a push in progress and a pop waiting for its run
 * event, per pid.
 */
#include "config.h"

#include <stdlib.h>

#include "model/model-kprobe.h"

/* What one task is doing between probes. */
struct sh_kp_task {
	bool in_push;			/* between kp_push and kp_push_ret */
	bool woke;			/* drm_sched_wakeup() seen in that push */
	bool queued;			/* its stock queue event seen: the job below */
	bool popped;			/* a pop return waiting for its run event */
	uint64_t job;			/* kp_push's job pointer */
	bool fenced;			/* kp_push read the finished fence: */
	uint64_t ectx, fseqno;		/* its context and seqno */
	struct sh_entity *entity;	/* borrowed from the model */
	uint64_t key_ctx, key_seqno;	/* the queued job's stock key */
	struct sh_saved pop;
};

static struct sh_kp_task *find_task(const struct sh_model *m, int32_t pid)
{
	return sh_hmap_get(&m->kp_tasks, (uint32_t)pid);
}

static struct sh_kp_task *get_task(struct sh_model *m, int32_t pid)
{
	struct sh_kp_task *t = find_task(m, pid);

	if (t)
		return t;
	t = calloc(1, sizeof(*t));
	if (!t || sh_hmap_put(&m->kp_tasks, (uint32_t)pid, t) < 0) {
		free(t);
		return sh_model_oom(m, NULL);
	}
	return t;
}

/* The queued job's not-first count and queue entry follow the exact flag, not job_count == 0. */
static void set_first(struct sh_entity *e, uint64_t seqno, bool first)
{
	for (uint64_t i = e->qlen; i-- > 0;) {
		struct sh_qjob *qj = &e->q[(e->qhead + i) % e->qcap];

		if (qj->seqno != seqno)
			continue;
		if (qj->first && !first)
			e->st.not_first++;
		else if (!qj->first && first && e->st.not_first)
			e->st.not_first--;
		qj->first = first;
		return;
	}
}

static void on_push_ret(struct sh_model *m, struct sh_kp_task *t, const struct sh_event *ev)
{
	struct sh_job *j;

	if (!t->in_push)
		return;
	t->in_push = false;
	if (!t->queued || (ev->kp_push_ret.job && ev->kp_push_ret.job != t->job))
		return;
	j = sh_model_stock_job(m, t->key_ctx, t->key_seqno);
	if (!j)
		return;		/* done already: nothing left to decide */
	j->kp_pushed = true;
	j->kp_first = t->woke;
	j->kp_fenced = t->fenced;
	j->kp_ectx = t->ectx;
	j->kp_seqno = t->fseqno;
	sh_save(&j->kp_ret, ev);
	m->have_kprobes = true;
	set_first(t->entity, t->key_seqno, t->woke);
}

static int on_wakeup(struct sh_model *m, struct sh_kp_task *t, const struct sh_event *ev)
{
	struct sh_sched *s = sh_hmap_get(&m->kp_scheds, ev->kp_wakeup.sched);

	if (t->in_push && t->queued) {
		t->woke = true;
		if (!s) {
			/* the pushing entity's scheduler: learn its pointer */
			s = t->entity->sched;
			if (sh_hmap_put(&m->kp_scheds, ev->kp_wakeup.sched, s) < 0)
				return sh_model_oom(m, NULL) ? 0 : -1;
		}
	}
	if (s)
		sh_save(&s->kp_kick, ev);
	return 0;
}

/*
 * The worker found an entity not ready although its queue head is set and
 * its count is 0: a job linked but not counted, the race's own state. The
 * entity is known by the pointer its pops gave (sh_model_kprobe_ran()).
 */
static void on_ready(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_kp_ready *r = &ev->kp_ready;
	struct sh_entity *e;

	if (!r->state || r->ready || !r->head || (int64_t)r->cnt != 0)
		return;
	e = sh_hmap_get(&m->kp_entities, r->entity);
	if (e)
		sh_save(&e->kp_unready, ev);
}

int sh_model_kprobe_feed(struct sh_model *m, const struct sh_event *ev)
{
	struct sh_kp_task *t;
	struct sh_sched *s;

	if (ev->type == SH_EV_WQ_QUEUE) {
		s = sh_model_sched_of_work(m, ev->wq_queue.work);
		if (s && ev->wq_queue.work == s->work_run)
			sh_save(&s->kp_kick, ev);
		return 0;
	}
	if (ev->type < SH_EV_KP_PUSH || ev->type > SH_EV_KP_READY)
		return 0;
	t = get_task(m, ev->pid);
	if (!t)
		return -1;
	switch (ev->type) {
	case SH_EV_KP_PUSH:
		*t = (struct sh_kp_task){ .in_push = true, .job = ev->kp_push.job,
					  .fenced = ev->kp_push.state != 0, .ectx = ev->kp_push.ectx,
					  .fseqno = ev->kp_push.seqno, .popped = t->popped, .pop = t->pop };
		return 0;
	case SH_EV_KP_PUSH_RET:
		on_push_ret(m, t, ev);
		return 0;
	case SH_EV_KP_WAKEUP:
		return on_wakeup(m, t, ev);
	case SH_EV_KP_READY:
		on_ready(m, ev);
		return 0;
	default:
		/* a NULL pop is a worker decision with no run event to tie it to */
		t->popped = ev->kp_pop.job != 0;
		if (t->popped)
			sh_save(&t->pop, ev);
		return 0;
	}
}

void sh_model_kprobe_queued(struct sh_model *m, const struct sh_event *ev, struct sh_entity *e,
			    const struct sh_job *j)
{
	struct sh_kp_task *t = find_task(m, ev->pid);

	if (!t || !t->in_push || t->queued)
		return;
	t->queued = true;
	t->entity = e;
	t->key_ctx = j->ectx;
	t->key_seqno = j->seqno;
}

void sh_model_kprobe_ran(struct sh_model *m, const struct sh_event *ev, struct sh_entity *e)
{
	struct sh_kp_task *t = find_task(m, ev->pid);

	if (!t || !t->popped)
		return;
	t->popped = false;
	sh_save(&e->kp_pop, &t->pop.ev);
	if (sh_hmap_get(&m->kp_entities, t->pop.ev.kp_pop.entity) != e &&
	    sh_hmap_put(&m->kp_entities, t->pop.ev.kp_pop.entity, e) < 0)
		sh_model_oom(m, NULL);
}
