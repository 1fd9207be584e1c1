/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "model/model.h"
const char *sh_worker_state_name(enum sh_worker_state st)
{
	switch (st) {
	case SH_WORKER_IDLE: return "idle";
	case SH_WORKER_QUEUED: return "queued";
	case SH_WORKER_RUNNING: return "running";
	}
	return "?";
}

struct sh_model *sh_model_new(size_t sched_extra, size_t entity_extra)
{
	struct sh_model *m = calloc(1, sizeof(*m));

	if (!m) {
		sh_error("out of memory creating the model");
		return NULL;
	}
	m->sched_extra = sched_extra;
	m->entity_extra = entity_extra;
	sh_hmap_init(&m->scheds);
	sh_hmap_init(&m->entities);
	sh_hmap_init(&m->jobs);
	sh_hmap_init(&m->stock_entities);
	sh_hmap_init(&m->stock_jobs);
	sh_hmap_init(&m->works);
	sh_hmap_init(&m->stock_ids);
	sh_hmap_init(&m->dep_waits);
	sh_hmap_init(&m->causes);
	sh_hmap_init(&m->kthreads);
	sh_hmap_init(&m->kp_tasks);
	sh_hmap_init(&m->kp_scheds);
	sh_hmap_init(&m->kp_entities);
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
	free(s);
}

static void free_entity(void *p)
{
	struct sh_entity *e = p;

	sh_hist_release(&e->st.q2r);
	sh_hist_release(&e->st.r2d);
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
	free_values(&m->stock_entities, free_entity);
	free_values(&m->stock_jobs, free);
	sh_hmap_release(&m->works);
	sh_hmap_release(&m->stock_ids);
	sh_hmap_release(&m->dep_waits);
	sh_hmap_release(&m->causes);
	sh_hmap_release(&m->kthreads);
	free_values(&m->kp_tasks, free);
	sh_hmap_release(&m->kp_scheds);
	sh_hmap_release(&m->kp_entities);
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
	if (m->last_entity && m->last_entity->id == id && !m->last_entity->sched->stock)
		return m->last_entity;
	return sh_hmap_get(&m->entities, id);
}

struct sh_entity *sh_model_stock_entity(const struct sh_model *m, uint64_t id)
{
	if (m->last_entity && m->last_entity->id == id && m->last_entity->sched->stock)
		return m->last_entity;
	return sh_hmap_get(&m->stock_entities, id);
}

struct sh_entity *sh_model_find_entity(const struct sh_model *m, uint64_t id)
{
	struct sh_entity *e = sh_model_entity(m, id);

	return e ? e : sh_model_stock_entity(m, id);
}

struct sh_job *sh_model_stock_job(const struct sh_model *m, uint64_t ectx, uint64_t seqno)
{
	return sh_hmap_get2(&m->stock_jobs, ectx, seqno);
}

bool sh_model_shadowed(const struct sh_model *m, const struct sh_sched *s)
{
	return s->stock && m->have_schedhang;
}

struct sh_job *sh_model_job(const struct sh_model *m, uint64_t ectx, uint64_t seqno)
{
	return sh_hmap_get2(&m->jobs, ectx, seqno);
}

void sh_model_owner(const struct sh_model *m, const struct sh_event *ev, struct sh_sched **s,
		    struct sh_entity **e)
{
	*s = NULL;
	*e = NULL;
	switch (ev->type) {
	case SH_EV_PUSH: case SH_EV_POP:
		*e = sh_model_entity(m, ev->push.entity);
		break;
	case SH_EV_DEP:
		*e = sh_model_entity(m, ev->dep.entity);
		break;
	case SH_EV_STATE:
		*e = ev->state.entity ? sh_model_entity(m, ev->state.entity) : NULL;
		*s = sh_model_sched(m, ev->state.sched);
		break;
	case SH_EV_SCHED_INFO: case SH_EV_KICK: case SH_EV_WORKER_BEGIN: case SH_EV_WORKER:
		*s = sh_model_sched(m, ev->f[0]);	/* sched is the first field of each */
		break;
	case SH_EV_JOB_QUEUE: case SH_EV_JOB_RUN: case SH_EV_JOB_DEP:
		*e = ev->type != SH_EV_JOB_DEP && ev->job_queue.entity ?
			sh_model_stock_entity(m, ev->job_queue.entity) : NULL;
		*s = ev->str[0] ? sh_model_sched(m, sh_model_ring_id(ev->str[0])) : NULL;
		break;
	case SH_EV_WQ_QUEUE: case SH_EV_WQ_ACTIVATE: case SH_EV_WQ_START: case SH_EV_WQ_END:
		*s = sh_model_sched_of_work(m, ev->wq_queue.work);
		break;
	default:
		break;
	}
	if (*e && !*s)
		*s = (*e)->sched;
}

uint64_t sh_model_ring_id(const char *ring)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)(ring ? ring : ""); *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	return h;
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
	s = sh_model_oom(m, calloc(1, sizeof(*s) + m->sched_extra));
	if (!s)
		return NULL;
	s->id = id;
	if (sh_hmap_put(&m->scheds, id, s) < 0) {
		free(s);
		return sh_model_oom(m, NULL);
	}
	return m->last_sched = s;
}

/* A new entity @id of @s in @map, or NULL (reported once). */
static struct sh_entity *new_entity(struct sh_model *m, struct sh_hmap *map, uint64_t id,
				    struct sh_sched *s)
{
	struct sh_entity *e = sh_model_oom(m, calloc(1, sizeof(*e) + m->entity_extra));

	if (!e)
		return NULL;
	e->id = id;
	e->sched = s;
	if (sh_hmap_put(map, id, e) < 0) {
		free(e);
		return sh_model_oom(m, NULL);
	}
	e->next_in_sched = s->entities;
	s->entities = e;
	s->nentities++;
	return m->last_entity = e;
}

struct sh_entity *sh_model_get_entity(struct sh_model *m, uint64_t id, uint64_t sched_id)
{
	struct sh_entity *e = sh_model_entity(m, id);
	struct sh_sched *s;

	if (e)
		return m->last_entity = e;
	s = sh_model_get_sched(m, sched_id);
	return s ? new_entity(m, &m->entities, id, s) : NULL;
}

struct sh_entity *sh_model_get_stock_entity(struct sh_model *m, uint64_t id, struct sh_sched *s)
{
	struct sh_entity *e = sh_model_stock_entity(m, id);

	if (e)
		return m->last_entity = e;
	return new_entity(m, &m->stock_entities, id, s);
}

/* A new job (@ectx, @seqno) in @map, or NULL (reported once). */
static struct sh_job *new_job(struct sh_model *m, struct sh_hmap *map, uint64_t ectx, uint64_t seqno)
{
	struct sh_job *j = sh_model_oom(m, calloc(1, sizeof(*j)));

	if (!j)
		return NULL;
	j->ectx = ectx;
	j->seqno = seqno;
	j->stock = map == &m->stock_jobs;
	if (sh_hmap_put2(map, ectx, seqno, j) < 0) {
		free(j);
		return sh_model_oom(m, NULL);
	}
	return j;
}

struct sh_job *sh_model_get_job(struct sh_model *m, uint64_t ectx, uint64_t seqno)
{
	struct sh_job *j = sh_model_job(m, ectx, seqno);

	return j ? j : new_job(m, &m->jobs, ectx, seqno);
}

struct sh_job *sh_model_get_stock_job(struct sh_model *m, uint64_t ectx, uint64_t seqno)
{
	struct sh_job *j = sh_model_stock_job(m, ectx, seqno);

	return j ? j : new_job(m, &m->stock_jobs, ectx, seqno);
}

void sh_model_unblock(struct sh_model *m, struct sh_job *j)
{
	if (j->dep_keyed && sh_hmap_get(&m->dep_waits, j->dep_key) == j)
		sh_hmap_del(&m->dep_waits, j->dep_key);
	j->dep_keyed = false;
	j->dep_blocked = false;
}

void sh_model_drop_job(struct sh_model *m, struct sh_job *j)
{
	sh_model_unblock(m, j);
	if (j->stock_keyed && sh_hmap_get2(&m->stock_ids, j->stock_ring, j->stock_id) == j)
		sh_hmap_del2(&m->stock_ids, j->stock_ring, j->stock_id);
	sh_hmap_del2(j->stock ? &m->stock_jobs : &m->jobs, j->ectx, j->seqno);
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

bool sh_entity_wake_owed(const struct sh_entity *e)
{
	return e->dep_fired && e->dep_gen == e->sched->wake_gen;
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
		for (uint64_t i = 0; i < e->qlen; i++, m->steps++)
			q[i] = *sh_entity_qjob(e, i);
		free(e->q);
		e->q = q;
		e->qcap = cap;
		e->qhead = 0;
	}
	e->q[(e->qhead + e->qlen) % e->qcap] = *qj;
	e->qlen++;
	e->sched->depth++;
	return 0;
}

void sh_model_set_seeded(struct sh_entity *e, uint64_t seeded)
{
	e->sched->depth = e->sched->depth - e->seeded + seeded;
	e->seeded = seeded;
}

/*
 * Remove job @seqno from @e's queue; false when it was not queued. Pops
 * come in push order, or out of it when traced late: the search runs from
 * both ends and the shorter side of the queue moves, so a pop of the newest
 * job costs as little as a pop of the oldest (a queue popped newest first
 * was quadratic in its depth). A job queued twice (a duplicate push) loses
 * the entry nearer an end, the oldest when at equal distance.
 */
bool sh_model_dequeue(struct sh_model *m, struct sh_entity *e, uint64_t seqno)
{
	uint64_t hit = e->qlen, i;

	for (uint64_t d = 0; d < (e->qlen + 1) / 2 && hit == e->qlen; d++, m->steps++) {
		if (sh_entity_qjob(e, d)->seqno == seqno)
			hit = d;
		else if (sh_entity_qjob(e, e->qlen - 1 - d)->seqno == seqno)
			hit = e->qlen - 1 - d;
	}
	if (hit == e->qlen)
		return false;
	if (hit < e->qlen - 1 - hit) {	/* nearer the head: the older ones move up */
		for (i = hit; i > 0; i--, m->steps++)
			e->q[(e->qhead + i) % e->qcap] = e->q[(e->qhead + i - 1) % e->qcap];
		e->qhead = (e->qhead + 1) % e->qcap;
	} else {			/* nearer the tail: the newer ones move down */
		for (i = hit; i + 1 < e->qlen; i++, m->steps++)
			e->q[(e->qhead + i) % e->qcap] = e->q[(e->qhead + i + 1) % e->qcap];
	}
	e->qlen--;
	e->sched->depth--;
	return true;
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

void sh_model_worker_begin(struct sh_sched *s, const struct sh_event *ev)
{
	if (s->kicks_owed && ev->ts - s->kicks_owed_since > SH_LATE_KICK_NS)
		s->kicks_owed = 0;
	if (s->worker == SH_WORKER_IDLE && !s->kicks_owed++)
		s->kicks_owed_since = ev->ts;
	s->worker = SH_WORKER_RUNNING;
	s->pending = false;
	s->runs++;
	s->wake_gen++;		/* this run sees the entities a dependency made ready */
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
