/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "model/model-internal.h"

const char *sh_worker_state_name(enum sh_worker_state st)
{
	switch (st) {
	case SH_WORKER_IDLE: return "idle";
	case SH_WORKER_QUEUED: return "queued";
	case SH_WORKER_RUNNING: return "running";
	}
	return "?";
}

struct sh_model *sh_model_new(void)
{
	struct sh_model *m = calloc(1, sizeof(*m));

	if (!m) {
		sh_error("out of memory creating the model");
		return NULL;
	}
	sh_hmap_init(&m->scheds);
	sh_hmap_init(&m->entities);
	sh_hmap_init(&m->jobs);
	sh_hmap_init(&m->works);
	sh_hmap_init(&m->stock_ids);
	sh_hmap_init(&m->dep_waits);
	return m;
}

static void free_values(struct sh_hmap *map, void (*fn)(void *))
{
	void *v;

	for (size_t i = 0; sh_hmap_next(map, &i, NULL, &v);)
		fn(v);
	sh_hmap_release(map);
}

static void free_sched(void *p)
{
	struct sh_sched *s = p;

	free(s->dirty);
	free(s->lw_unattributed);
	free(s);
}

static void free_entity(void *p)
{
	struct sh_entity *e = p;

	free(e->q);
	free(e);
}

void sh_model_free(struct sh_model *m)
{
	if (!m)
		return;
	free_values(&m->scheds, free_sched);
	free_values(&m->entities, free_entity);
	free_values(&m->jobs, free);
	sh_hmap_release(&m->works);
	sh_hmap_release(&m->stock_ids);
	sh_hmap_release(&m->dep_waits);
	free(m->cpu_work);
	free(m->lost_ts);
	free(m);
}

struct sh_sched *sh_model_sched(const struct sh_model *m, uint64_t id)
{
	if (m->last_sched && m->last_sched->id == id)
		return m->last_sched;
	return sh_hmap_get(&m->scheds, id);
}

struct sh_entity *sh_model_entity(const struct sh_model *m, uint64_t id)
{
	if (m->last_entity && m->last_entity->id == id)
		return m->last_entity;
	return sh_hmap_get(&m->entities, id);
}

struct sh_job *sh_model_job(const struct sh_model *m, uint64_t ectx, uint64_t seqno)
{
	struct sh_job *j = sh_hmap_get(&m->jobs, sh_key2(ectx, seqno));

	return j && j->ectx == ectx && j->seqno == seqno ? j : NULL;
}

struct sh_sched *sh_model_sched_of_work(const struct sh_model *m, uint64_t work)
{
	return sh_hmap_get(&m->works, work);
}

/* Allocation failures inside the model are reported once and make feed fail. */
void *sh_model_oom(struct sh_model *m, void *p)
{
	if (!p && !m->oom) {
		m->oom = true;
		sh_error("out of memory rebuilding the scheduler state");
	}
	return p;
}

struct sh_sched *sh_model_get_sched(struct sh_model *m, uint64_t id)
{
	struct sh_sched *s = sh_model_sched(m, id);

	if (s)
		return m->last_sched = s;
	s = sh_model_oom(m, calloc(1, sizeof(*s)));
	if (!s)
		return NULL;
	s->id = id;
	s->invariant_finding = -1;
	if (sh_hmap_put(&m->scheds, id, s) < 0) {
		free(s);
		return sh_model_oom(m, NULL);
	}
	return m->last_sched = s;
}

struct sh_entity *sh_model_get_entity(struct sh_model *m, uint64_t id, uint64_t sched_id)
{
	struct sh_entity *e = sh_model_entity(m, id);
	struct sh_sched *s;

	if (e)
		return m->last_entity = e;
	s = sh_model_get_sched(m, sched_id);
	e = s ? sh_model_oom(m, calloc(1, sizeof(*e))) : NULL;
	if (!e)
		return NULL;
	e->id = id;
	e->sched = s;
	e->invariant_finding = -1;
	if (sh_hmap_put(&m->entities, id, e) < 0) {
		free(e);
		return sh_model_oom(m, NULL);
	}
	e->next_in_sched = s->entities;
	s->entities = e;
	s->nentities++;
	return m->last_entity = e;
}

struct sh_job *sh_model_get_job(struct sh_model *m, uint64_t ectx, uint64_t seqno)
{
	struct sh_job *j = sh_model_job(m, ectx, seqno);

	if (j)
		return j;
	j = sh_model_oom(m, calloc(1, sizeof(*j)));
	if (!j)
		return NULL;
	j->ectx = ectx;
	j->seqno = seqno;
	if (sh_hmap_put(&m->jobs, sh_key2(ectx, seqno), j) < 0) {
		free(j);
		return sh_model_oom(m, NULL);
	}
	return j;
}

void sh_model_unblock(struct sh_model *m, struct sh_job *j)
{
	if (j->dep_key && sh_hmap_get(&m->dep_waits, j->dep_key) == j)
		sh_hmap_del(&m->dep_waits, j->dep_key);
	j->dep_key = 0;
	j->dep_blocked = false;
}

void sh_model_drop_job(struct sh_model *m, struct sh_job *j)
{
	sh_model_unblock(m, j);
	if (j->stock_id && sh_hmap_get(&m->stock_ids, j->stock_id) == j)
		sh_hmap_del(&m->stock_ids, j->stock_id);
	sh_hmap_del(&m->jobs, sh_key2(j->ectx, j->seqno));
	free(j);
}

const struct sh_qjob *sh_entity_qjob(const struct sh_entity *e, uint64_t i)
{
	return i < e->qlen ? &e->q[(e->qhead + i) % e->qcap] : NULL;
}

const struct sh_qjob *sh_entity_head(const struct sh_entity *e)
{
	return sh_entity_qjob(e, 0);
}

uint64_t sh_entity_depth(const struct sh_entity *e)
{
	return e->qlen + e->seeded;
}

int sh_model_enqueue(struct sh_model *m, struct sh_entity *e, const struct sh_qjob *qj)
{
	if (e->qlen == e->qcap) {
		uint64_t cap = e->qcap ? e->qcap * 2 : 8;
		struct sh_qjob *q = sh_model_oom(m, malloc(cap * sizeof(*q)));

		if (!q)
			return -1;
		for (uint64_t i = 0; i < e->qlen; i++)
			q[i] = *sh_entity_qjob(e, i);
		free(e->q);
		e->q = q;
		e->qcap = cap;
		e->qhead = 0;
	}
	e->q[(e->qhead + e->qlen) % e->qcap] = *qj;
	e->qlen++;
	return 0;
}

/* Remove job @seqno from @e's queue; false when it was not queued. */
bool sh_model_dequeue(struct sh_entity *e, uint64_t seqno)
{
	uint64_t i;

	for (i = 0; i < e->qlen; i++)
		if (sh_entity_qjob(e, i)->seqno == seqno)
			break;
	if (i == e->qlen)
		return false;
	/* Normally the head; out-of-order pops shift the ones before it. */
	for (; i > 0; i--)
		e->q[(e->qhead + i) % e->qcap] = e->q[(e->qhead + i - 1) % e->qcap];
	e->qhead = (e->qhead + 1) % e->qcap;
	e->qlen--;
	return true;
}

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

static void clear_dirty(struct sh_sched *s)
{
	for (unsigned i = 0; i < s->ndirty; i++)
		s->dirty[i]->dirty = false;
	s->ndirty = 0;
}

void sh_model_track_depth(struct sh_entity *e, uint32_t kcount, uint64_t ts)
{
	uint64_t depth = sh_entity_depth(e);

	e->kcount = kcount;
	if (depth > e->st.max_depth) {
		e->st.max_depth = depth;
		e->st.max_depth_at = ts;
	}
	if (kcount > e->st.max_kcount)
		e->st.max_kcount = kcount;
	if (kcount != depth)
		e->st.count_mismatch++;
}

/*
 * The push event is emitted after spsc_queue_push() returns, so a producer
 * preempted there lets the worker pop (even complete) the job before its push
 * is traced. Such pops are remembered per entity until the push shows up.
 */
static void note_early_pop(struct sh_entity *e, uint64_t seqno)
{
	unsigned n = sizeof(e->early_pops) / sizeof(e->early_pops[0]);

	if (e->nearly_pops == n)	/* keep the newest */
		memmove(e->early_pops, e->early_pops + 1, (n - 1) * sizeof(e->early_pops[0]));
	else
		e->nearly_pops++;
	e->early_pops[e->nearly_pops - 1] = seqno;
}

static bool take_early_pop(struct sh_entity *e, uint64_t seqno)
{
	for (unsigned i = 0; i < e->nearly_pops; i++) {
		if (e->early_pops[i] != seqno)
			continue;
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
	struct sh_job *j;

	if (!e)
		return -1;
	e->ectx = p->ectx;
	if (!e->seen) {
		e->seen = true;
		e->seeded = p->cnt_before;	/* queued before the trace began */
	}
	if (take_early_pop(e, p->seqno)) {
		m->late_push++;		/* popped already: not queued any more */
		e->st.pushes++;
		return 0;
	}
	j = sh_model_job(m, p->ectx, p->seqno);
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
		e->seeded = p->cnt_after + 1;
	}
	j = sh_model_get_job(m, p->ectx, p->seqno);
	if (!j)
		return -1;
	if (!sh_model_dequeue(e, p->seqno)) {
		if (e->seeded) {
			e->seeded--;
			j->seeded = true;
		} else {
			m->orphan_pop++;
			note_early_pop(e, p->seqno);
		}
	}
	j->entity = e;
	if (j->t_queue && !j->t_run)
		sh_hist_add(&e->st.q2r, ev->ts > j->t_queue ? ev->ts - j->t_queue : 0, ev->ts);
	j->t_run = ev->ts;
	sh_save(&e->last_pop, ev);
	e->st.pops++;
	sh_model_track_depth(e, (uint32_t)p->cnt_after, ev->ts);
	return 0;
}

void sh_model_worker_begin(struct sh_sched *s, const struct sh_event *ev)
{
	if (s->kicks_owed && ev->ts - s->kicks_owed_since > SH_LATE_KICK_NS)
		s->kicks_owed = 0;
	if (s->worker == SH_WORKER_IDLE && !s->kicks_owed++)
		s->kicks_owed_since = ev->ts;
	s->worker = SH_WORKER_RUNNING;
	s->pending = false;
	s->runs++;
	sh_save(&s->last_begin, ev);
	clear_dirty(s);		/* this run may see every push made so far */
}

void sh_model_worker_end(struct sh_sched *s, const struct sh_event *ev)
{
	s->worker = s->pending ? SH_WORKER_QUEUED : SH_WORKER_IDLE;
	s->pending = false;
	sh_save(&s->last_end, ev);
}

/* Kicks a run makes itself (re-queueing), which cannot be what started it. */
bool sh_kick_is_self(uint64_t reason)
{
	return reason == SH_KICK_REASON_RUN_REQUEUE || reason == SH_KICK_REASON_POP_NULL;
}

/*
 * A kick that queued the work at @ts. An outside kick traced shortly after a
 * run that started unkicked is that run's own (SH_LATE_KICK_NS), not a new
 * pending one. @reason is SH_KICK_REASON_*, or -1 (a workqueue event: never
 * late).
 */
static void worker_kicked(struct sh_sched *s, int64_t reason, uint64_t ts)
{
	if (s->kicks_owed && reason >= 0 && !sh_kick_is_self((uint64_t)reason) &&
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
	s->kicks++;
	sh_save(&s->last_kick, ev);
	if (k->stopped) {
		s->kicks_suppressed++;
		return 0;
	}
	if (k->queued)
		worker_kicked(s, (int64_t)k->reason, ev->ts);
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
	if (!j) {
		m->orphan_done++;
		return 0;
	}
	if (j->entity) {
		j->entity->st.done++;
		if (j->t_run)
			sh_hist_add(&j->entity->st.r2d, ev->ts > j->t_run ? ev->ts - j->t_run : 0, ev->ts);
	}
	sh_model_drop_job(m, j);
	return 0;
}

/*
 * A dependency callback: CB_ADDED blocks the job until its CB_FIRED. The
 * kernel emits CB_ADDED after dma_fence_add_callback() returns, so a callback
 * firing on another CPU may be traced first: a CB_FIRED seen before its
 * CB_ADDED cancels it.
 */
static int on_dep(struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_ev_dep *d = &ev->dep;
	uint64_t key = sh_key2(d->dep_ctx, d->dep_seqno) | 1;
	struct sh_job *j;

	if (d->action != SH_DEP_ACTION_CB_ADDED && d->action != SH_DEP_ACTION_CB_FIRED)
		return 0;
	j = sh_model_get_job(m, d->ectx, d->seqno);
	if (!j)
		return -1;
	if (d->action == SH_DEP_ACTION_CB_FIRED) {
		j->fired_key = j->dep_blocked ? 0 : key;
		sh_model_unblock(m, j);
	} else if (j->fired_key == key) {
		j->fired_key = 0;
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
		worker_kicked(s, -1, ev->ts);
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
	for (i = m->nlost++; i > 0 && m->lost_ts[i - 1] > ev->ts; i--)
		m->lost_ts[i] = m->lost_ts[i - 1];
	m->lost_ts[i] = ev->ts;
	return 0;
}

bool sh_model_lost_between(const struct sh_model *m, uint64_t from, uint64_t to)
{
	uint64_t lo = 0, hi = m->nlost;

	while (lo < hi) {	/* first marker >= from */
		uint64_t mid = lo + (hi - lo) / 2;

		if (m->lost_ts[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->nlost && m->lost_ts[lo] <= to;
}

int sh_model_feed(struct sh_model *m, const struct sh_event *ev)
{
	struct sh_sched *s;

	if (!m->nevents++)
		m->first_ts = ev->ts;
	if (ev->ts > m->last_ts)
		m->last_ts = ev->ts;
	if (ev->type >= SH_EV_SCHED_INFO && ev->type <= SH_EV_STATE)
		m->have_schedhang = true;
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
		if (sh_model_feed_stock(m, ev) < 0)
			return -1;
		return on_wq(m, ev);
	default:
		return sh_model_feed_stock(m, ev);
	}
}

static int cmp_sched(const void *a, const void *b)
{
	const struct sh_sched *x = *(const struct sh_sched *const *)a;
	const struct sh_sched *y = *(const struct sh_sched *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_entity(const void *a, const void *b)
{
	const struct sh_entity *x = *(const struct sh_entity *const *)a;
	const struct sh_entity *y = *(const struct sh_entity *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

struct sh_sched **sh_model_sorted_scheds(const struct sh_model *m, unsigned *n)
{
	struct sh_sched **v = malloc((m->scheds.len + 1) * sizeof(*v));
	void *val;

	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; sh_hmap_next(&m->scheds, &i, NULL, &val);)
		v[(*n)++] = val;
	qsort(v, *n, sizeof(*v), cmp_sched);
	return v;
}

struct sh_entity **sh_sched_sorted_entities(const struct sh_sched *s, unsigned *n)
{
	struct sh_entity **v = malloc((s->nentities + 1) * sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	for (struct sh_entity *e = s->entities; e; e = e->next_in_sched)
		v[(*n)++] = e;
	qsort(v, *n, sizeof(*v), cmp_entity);
	return v;
}
