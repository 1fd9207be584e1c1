/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Feeding the model: the dispatch of every normalized event and the handlers
 * of the schedhang_* events (and of the workqueue events that stand for the
 * worker where no schedhang worker events exist). The stock gpu_scheduler,
 * dma_fence and sched events are handled in model-stock.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/model-feed.h"
#include "model/model-kprobe.h"
#include "model/model-stock.h"
#include "model/model.h"

static void mark_dirty(struct sh_model *m, struct sh_sched *s, struct sh_entity *e)
{
	if (e->dirty)
		return;
	if (s->ndirty == s->dirty_cap) {
		unsigned cap = s->dirty_cap ? s->dirty_cap * 2 : 4;
		struct sh_entity **d = sh_model_oom(m, realloc(s->dirty, cap * sizeof(*d)));

		if (!d)
			return;
		s->dirty = d;
		s->dirty_cap = cap;
	}
	s->dirty[s->ndirty++] = e;
	e->dirty = true;
}

/* Remember that @ev's task did what a kick answers. */
static void note_cause(struct sh_model *m, const struct sh_event *ev)
{
	if (ev->pid >= 0 && sh_hmap_put(&m->causes, (uint64_t)ev->pid, (void *)(uintptr_t)(ev->ts + 1)) < 0)
		sh_model_oom(m, NULL);
}

/*
 * Did kick @ev's task do what it answers after the worker's last run began?
 * Then the kick queued a new run: it is not that run's own, traced late.
 */
static bool caused_after(const struct sh_model *m, const struct sh_event *ev, const struct sh_sched *s)
{
	uintptr_t cause = ev->pid >= 0 ? (uintptr_t)sh_hmap_get(&m->causes, (uint64_t)ev->pid) : 0;

	return cause && s->last_begin.set && cause - 1 > s->last_begin.ev.ts;
}

/*
 * The push event is emitted after spsc_queue_push() returns, so a producer
 * preempted there lets the worker pop (even complete) the job before its push
 * is traced. Such pops are remembered per entity until the push shows up,
 * those taken from the seeded count too: the entity's very first event may be
 * the pop of a job whose push is traced next, and the kernel's count then
 * says the job was queued before the trace began.
 */
static void note_early_pop(struct sh_entity *e, uint64_t seqno, bool seeded)
{
	unsigned n = sizeof(e->early_pops) / sizeof(e->early_pops[0]);

	if (e->nearly_pops == n)	/* keep the newest */
		memmove(e->early_pops, e->early_pops + 1, (n - 1) * sizeof(e->early_pops[0]));
	else
		e->nearly_pops++;
	e->early_pops[e->nearly_pops - 1] = (struct sh_early_pop){ seqno, seeded };
}

/* Take the early pop of @seqno into @out; false if there is none. */
static bool take_early_pop(struct sh_entity *e, uint64_t seqno, struct sh_early_pop *out)
{
	for (unsigned i = 0; i < e->nearly_pops; i++) {
		if (e->early_pops[i].seqno != seqno)
			continue;
		*out = e->early_pops[i];
		e->early_pops[i] = e->early_pops[--e->nearly_pops];
		return true;
	}
	return false;
}

static int on_push(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_push *p = &ev->push;
	struct sh_entity *e = sh_model_get_entity(m, p->entity, p->sched);
	struct sh_qjob qj = { p->seqno, ev->idx, ev->ts, p->first != 0 };
	struct sh_early_pop early;
	struct sh_job *j;

	if (!e)
		return -1;
	e->ectx = p->ectx;
	if (!e->seen) {
		e->seen = true;
		sh_model_set_seeded(e, p->cnt_before);	/* queued before the trace began */
	}
	j = sh_model_job(m, p->ectx, p->seqno);
	if (take_early_pop(e, p->seqno, &early)) {
		m->late_push++;		/* popped already: not queued any more */
		if (early.seeded) {	/* nor queued before the trace began */
			m->orphan_pop++;
			if (j)
				j->seeded = false;
		}
		e->st.pushes++;
		return 0;
	}
	if (j && j->push.set)
		m->duplicate_push++;
	j = sh_model_get_job(m, p->ectx, p->seqno);
	if (!j || sh_model_enqueue(m, e, &qj) < 0)
		return -1;
	j->entity = e;
	j->t_queue = ev->ts;
	sh_save(&j->push, ev);
	sh_save(&e->last_push, ev);
	e->st.pushes++;
	if (!p->first) {
		e->st.not_first++;
		mark_dirty(m, e->sched, e);
	} else {
		note_cause(m, ev);
	}
	sh_model_track_depth(e, (uint32_t)p->cnt_after, ev->ts);
	return 0;
}

static int on_pop(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_pop *p = &ev->pop;
	struct sh_entity *e = sh_model_get_entity(m, p->entity, p->sched);
	struct sh_job *j;

	if (!e)
		return -1;
	e->ectx = p->ectx;
	if (!e->seen) {
		e->seen = true;
		sh_model_set_seeded(e, p->cnt_after + 1);
	}
	j = sh_model_get_job(m, p->ectx, p->seqno);
	if (!j)
		return -1;
	if (!sh_model_dequeue(m, e, p->seqno)) {
		bool seeded = e->seeded > 0;

		if (seeded) {
			sh_model_set_seeded(e, e->seeded - 1);
			j->seeded = true;
		} else {
			m->orphan_pop++;
		}
		note_early_pop(e, p->seqno, seeded);
	}
	j->entity = e;
	if (j->t_queue && !j->t_run &&
	    sh_hist_add(&e->st.q2r, ev->ts > j->t_queue ? ev->ts - j->t_queue : 0, ev->ts) < 0)
		return sh_model_oom(m, NULL) ? 0 : -1;
	j->t_run = ev->ts;
	sh_save(&e->last_pop, ev);
	e->st.pops++;
	sh_model_track_depth(e, (uint32_t)p->cnt_after, ev->ts);
	return 0;
}

/*
 * A kick that queued the work at @ts. An outside kick traced shortly after a
 * run that started unkicked is that run's own (SH_LATE_KICK_NS), not a new
 * pending one. @reason is SH_KICK_REASON_*, or -1 (a workqueue event: never
 * late).
 */
static void worker_kicked(struct sh_sched *s, int64_t reason, uint64_t ts, bool fresh)
{
	if (s->kicks_owed && reason >= 0 && !sh_kick_is_self((uint64_t)reason) && !fresh &&
	    ts - s->kicks_owed_since <= SH_LATE_KICK_NS)
		s->kicks_owed--;
	else if (s->worker == SH_WORKER_RUNNING)
		s->pending = true;
	else
		s->worker = SH_WORKER_QUEUED;
}

static int on_worker(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_worker *w = &ev->worker;
	struct sh_sched *s = sh_model_get_sched(m, w->sched);
	struct sh_job *j;

	if (!s)
		return -1;
	s->own_worker_events = true;
	s->credit_count = (uint32_t)w->credit_count;
	s->credit_limit = (uint32_t)w->credit_limit;
	/* A job can complete (done) before its RAN event is traced: then it is gone. */
	j = w->outcome == SH_OUTCOME_RAN ? sh_model_job(m, w->ectx, w->seqno) : NULL;
	if (j) {
		j->ran = true;
		sh_model_unblock(m, j);
		if (!j->t_run)
			j->t_run = ev->ts;
		sh_save(&j->run, ev);
	}
	sh_model_worker_end(s, ev);
	return 0;
}

static int on_kick(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_kick *k = &ev->kick;
	struct sh_sched *s = sh_model_get_sched(m, k->sched);

	if (!s)
		return -1;
	if (k->which != SH_KICK_WHICH_RUN)
		return 0;
	if (k->reason == SH_KICK_REASON_DEP_CB)
		s->wake_gen++;		/* the wakeup a fired dependency owed */
	s->kicks++;
	sh_save(&s->last_kick, ev);
	if (k->stopped) {
		s->kicks_suppressed++;
		return 0;
	}
	if (k->queued)
		worker_kicked(s, (int64_t)k->reason, ev->ts, caused_after(m, ev, s));
	else if (s->worker == SH_WORKER_RUNNING)
		s->pending = true;	/* found pending: a run was queued since this one began */
	else
		s->worker = SH_WORKER_QUEUED;	/* found pending: a run will start, whoever queued it */
	return 0;
}

static int on_done(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_done *d = &ev->done;
	struct sh_sched *s = sh_model_get_sched(m, d->sched);
	struct sh_job *j = sh_model_job(m, d->ectx, d->seqno);

	if (!s)
		return -1;
	s->jobs_done++;
	sh_save(&s->last_done, ev);
	note_cause(m, ev);
	if (!j) {
		m->orphan_done++;
		return 0;
	}
	if (j->entity) {
		j->entity->st.done++;
		if (j->t_run &&
		    sh_hist_add(&j->entity->st.r2d, ev->ts > j->t_run ? ev->ts - j->t_run : 0,
				ev->ts) < 0)
			return sh_model_oom(m, NULL) ? 0 : -1;
	}
	m->done_sched = s;
	m->done_job = *j;
	sh_model_drop_job(m, j);
	return 0;
}

/*
 * A dependency callback: CB_ADDED blocks the job until its CB_FIRED. The
 * kernel emits CB_ADDED after dma_fence_add_callback() returns, so a callback
 * firing on another CPU may be traced first: a CB_FIRED seen before its
 * CB_ADDED cancels it.
 */
/* A dependency callback fired for entity @entity: it owes the worker a DEP_CB kick. */
static void owe_wakeup(struct sh_model *m, uint64_t entity)
{
	struct sh_entity *e = sh_model_entity(m, entity);

	if (e) {
		e->dep_fired = true;
		e->dep_gen = e->sched->wake_gen;
	}
}

static int on_dep(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_dep *d = &ev->dep;
	struct sh_job *j;

	if (d->action != SH_DEP_ACTION_CB_ADDED && d->action != SH_DEP_ACTION_CB_FIRED)
		return 0;
	j = sh_model_get_job(m, d->ectx, d->seqno);
	if (!j)
		return -1;
	if (d->action == SH_DEP_ACTION_CB_FIRED) {
		j->fired = !j->dep_blocked;
		j->fired_ctx = d->dep_ctx;
		j->fired_seqno = d->dep_seqno;
		sh_model_unblock(m, j);
		owe_wakeup(m, d->entity);
		note_cause(m, ev);
	} else if (j->fired && j->fired_ctx == d->dep_ctx && j->fired_seqno == d->dep_seqno) {
		j->fired = false;
	} else {
		j->dep_blocked = true;
	}
	sh_save(&j->dep, ev);
	return 0;
}

static int on_state(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_state *st = &ev->state;
	struct sh_sched *s = sh_model_get_sched(m, st->sched);
	struct sh_entity *e;

	if (!s)
		return -1;
	switch (st->state) {
	case SH_STATE_WQ_STOP:
		s->stopped = true;
		break;
	case SH_STATE_WQ_START:
		s->stopped = false;
		break;
	case SH_STATE_ENTITY_KILL:
		e = st->entity ? sh_model_get_entity(m, st->entity, st->sched) : NULL;
		if (e)
			e->killed = true;
		break;
	default:
		break;
	}
	return 0;
}

static int on_sched_info(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_sched_info *si = &ev->sched_info;
	struct sh_sched *s = sh_model_get_sched(m, si->sched);

	if (!s)
		return -1;
	s->name = ev->str[0];
	s->credit_limit = (uint32_t)si->credit_limit;
	s->timeout_ms = (uint32_t)si->timeout_ms;
	s->work_run = si->work_run;
	s->work_free = si->work_free;
	if ((si->work_run && sh_hmap_put(&m->works, si->work_run, s) < 0) ||
	    (si->work_free && sh_hmap_put(&m->works, si->work_free, s) < 0))
		return sh_model_oom(m, NULL) ? 0 : -1;
	return 0;
}

/* Workqueue events drive the worker only where no schedhang worker events exist. */
static int on_wq(struct sh_model *m, const struct sh_event *ev)
{
	struct sh_sched *s = sh_model_sched_of_work(m, ev->wq_queue.work);

	if (!s || s->own_worker_events || ev->wq_queue.work != s->work_run)
		return 0;
	switch (ev->type) {
	case SH_EV_WQ_QUEUE:
		worker_kicked(s, -1, ev->ts, false);
		break;
	case SH_EV_WQ_START:
		sh_model_worker_begin(s, ev);
		break;
	case SH_EV_WQ_END:
		sh_model_worker_end(s, ev);
		break;
	default:
		break;
	}
	return 0;
}

static int on_lost(struct sh_model *m, const struct sh_event *ev)
{
	uint64_t i;

	if (m->nlost == m->lost_cap) {
		uint64_t cap = m->lost_cap ? m->lost_cap * 2 : 16;
		uint64_t *p = sh_model_oom(m, realloc(m->lost_ts, cap * sizeof(*p)));

		if (!p)
			return -1;
		m->lost_ts = p;
		m->lost_cap = cap;
	}
	/* kept sorted for sh_model_lost_between(), even when time goes backwards */
	for (i = m->nlost++; i > 0 && m->lost_ts[i - 1] > ev->ts; i--, m->steps++)
		m->lost_ts[i] = m->lost_ts[i - 1];
	m->lost_ts[i] = ev->ts;
	return 0;
}

int sh_model_feed(struct sh_model *m, const struct sh_event *ev)
{
	struct sh_sched *s;

	m->steps++;
	if (!m->nevents++)
		m->first_ts = ev->ts;
	if (ev->ts > m->last_ts)
		m->last_ts = ev->ts;
	if (ev->type >= SH_EV_SCHED_INFO && ev->type <= SH_EV_STATE)
		m->have_schedhang = true;
	if (ev->type == SH_EV_FENCE)
		m->have_fence = true;
	m->done_sched = NULL;
	switch (ev->type) {
	case SH_EV_LOST: return on_lost(m, ev);
	case SH_EV_SCHED_INFO: return on_sched_info(m, ev);
	case SH_EV_PUSH: return on_push(m, ev);
	case SH_EV_POP: return on_pop(m, ev);
	case SH_EV_KICK: return on_kick(m, ev);
	case SH_EV_WORKER_BEGIN:
		s = sh_model_get_sched(m, ev->worker_begin.sched);
		if (!s)
			return -1;
		s->own_worker_events = true;
		sh_model_worker_begin(s, ev);
		return 0;
	case SH_EV_WORKER: return on_worker(m, ev);
	case SH_EV_DONE: return on_done(m, ev);
	case SH_EV_DEP: return on_dep(m, ev);
	case SH_EV_STATE: return on_state(m, ev);
	case SH_EV_WQ_QUEUE:
	case SH_EV_WQ_START:
	case SH_EV_WQ_END:
		if (sh_model_stock_feed(m, ev) < 0 || sh_model_kprobe_feed(m, ev) < 0)
			return -1;
		return on_wq(m, ev);
	case SH_EV_KP_PUSH:
	case SH_EV_KP_PUSH_RET:
	case SH_EV_KP_WAKEUP:
	case SH_EV_KP_POP:
	case SH_EV_KP_READY:
		return m->have_schedhang ? 0 : sh_model_kprobe_feed(m, ev);
	default:
		return sh_model_stock_feed(m, ev);
	}
}
