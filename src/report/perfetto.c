/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timeline as a Perfetto trace, streamed while the analysis runs (see perfetto.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hmap.h"
#include "report/perfetto.h"
#include "report/pfpkt.h"

/* Write the buffer out once it holds this much. */
#define FLUSH_BYTES (1u << 20)
/*
 * A trace with schedhang events makes the stock rings' events redundant
 * (sh_model_shadowed()), but that is only known once the first schedhang
 * event is read: what the stock rings write is held back until then, or
 * until this much is held (then there are none, or too late to matter).
 */
#define HOLD_BYTES (4u << 20)
#define SEQUENCE 1

/* Rows of one track name: a slice goes on the first row free at its start. */
struct lanes {
	uint64_t *end;		/* owned: per row, when its last slice ended */
	uint64_t *uuid;		/* owned: per row, its track */
	unsigned n;
};

struct pf_sched {
	uint64_t uuid;			/* process track; uuid + 1..4: see the TRACK_* offsets */
	char name[64];			/* as last described */
	const char *src_name;		/* borrowed: the scheduler's name when described (changes rarely) */
	int32_t pid;
	uint64_t begin_idx, end_idx;	/* stream index of the last run begin / end written */
	uint64_t begin_ts;
	bool running;
	int64_t credits, inflight;	/* as last written, -1 before */
	struct lanes findings;
};

enum { TRACK_WORKER = 1, TRACK_CREDITS, TRACK_INFLIGHT, TRACK_EVIDENCE, TRACKS_PER_SCHED };

struct pf_entity {
	uint64_t depth_uuid;		/* and depth_uuid + 1: the kernel's count */
	char name[48];
	int64_t depth, kcount;		/* as last written, -1 before */
	struct lanes jobs;
};

struct sh_perfetto {
	FILE *fp;			/* borrowed */
	const char *path;		/* borrowed */
	struct sh_buf out;
	struct sh_buf held;		/* the stock rings' packets, while holding */
	bool holding;
	struct sh_pfpkt pkt;		/* writes to out, or to held (see target()) */
	struct sh_hmap scheds;		/* struct sh_sched * -> struct pf_sched (owned) */
	struct sh_hmap entities;	/* struct sh_entity * -> struct pf_entity (owned) */
	struct pf_sched *global;	/* owned: where findings of no known scheduler go, or NULL */
	uint64_t next_uuid;
	int32_t next_pid;
	bool failed;
};

struct sh_perfetto *sh_perfetto_new(FILE *fp, const char *path)
{
	struct sh_perfetto *pf = calloc(1, sizeof(*pf));

	if (!pf) {
		sh_error("out of memory");
		return NULL;
	}
	pf->fp = fp;
	pf->path = path;
	sh_buf_init(&pf->out);
	sh_buf_init(&pf->held);
	pf->holding = true;
	sh_pfpkt_init(&pf->pkt, &pf->out, SEQUENCE);
	sh_pfpkt_start(&pf->pkt);
	sh_hmap_init(&pf->scheds);
	sh_hmap_init(&pf->entities);
	pf->next_uuid = 1;
	pf->next_pid = 1;
	return pf;
}

static void lanes_release(struct lanes *l)
{
	free(l->end);
	free(l->uuid);
}

void sh_perfetto_free(struct sh_perfetto *pf)
{
	uint64_t k;
	void *v;

	if (!pf)
		return;
	for (size_t i = 0; sh_hmap_next(&pf->scheds, &i, &k, &v);) {
		lanes_release(&((struct pf_sched *)v)->findings);
		free(v);
	}
	for (size_t i = 0; sh_hmap_next(&pf->entities, &i, &k, &v);) {
		lanes_release(&((struct pf_entity *)v)->jobs);
		free(v);
	}
	if (pf->global)
		lanes_release(&pf->global->findings);
	free(pf->global);
	sh_hmap_release(&pf->scheds);
	sh_hmap_release(&pf->entities);
	sh_buf_release(&pf->out);
	sh_buf_release(&pf->held);
	free(pf);
}

static int flush(struct sh_perfetto *pf)
{
	if (pf->failed)
		return -1;
	if (pf->out.failed || pf->held.failed) {
		pf->failed = true;
		return sh_error("cannot write '%s': out of memory", pf->path);
	}
	if (pf->out.len && fwrite(pf->out.data, 1, pf->out.len, pf->fp) != pf->out.len) {
		pf->failed = true;
		return sh_error("cannot write '%s': %s", pf->path, strerror(errno));
	}
	sh_buf_reset(&pf->out);
	return 0;
}

static int oom(struct sh_perfetto *pf)
{
	pf->failed = true;
	return sh_error("cannot write '%s': out of memory", pf->path);
}

/* The row of @l free at @start, reserved until @end; a new row is described under @parent. */
static uint64_t lane_take(struct sh_perfetto *pf, struct lanes *l, uint64_t parent, const char *name,
			  uint64_t start, uint64_t end)
{
	unsigned i;
	uint64_t *e, *u;

	for (i = 0; i < l->n && l->end[i] > start; i++)
		;
	if (i == l->n) {
		e = realloc(l->end, (l->n + 1) * sizeof(*e));
		if (e)
			l->end = e;
		u = e ? realloc(l->uuid, (l->n + 1) * sizeof(*u)) : NULL;
		if (!u)
			return oom(pf), 0;
		l->uuid = u;
		l->uuid[l->n] = pf->next_uuid++;
		sh_pfpkt_track(&pf->pkt, l->uuid[l->n], parent, name);
		l->n++;
	}
	l->end[i] = end;	/* the row was free at @start <= @end */
	return l->uuid[i];
}

static void sched_name(const struct sh_sched *s, char *out, size_t n)
{
	if (s->name)
		snprintf(out, n, "%s", s->name);
	else
		snprintf(out, n, "sched 0x%" PRIx64, s->id);
}

static void sched_describe(struct sh_perfetto *pf, struct pf_sched *ps)
{
	sh_pfpkt_process(&pf->pkt, ps->uuid, ps->pid, ps->name);
	sh_pfpkt_track(&pf->pkt, ps->uuid + TRACK_WORKER, ps->uuid, "worker runs");
	sh_pfpkt_counter_track(&pf->pkt, ps->uuid + TRACK_CREDITS, ps->uuid, "credits in use");
	sh_pfpkt_counter_track(&pf->pkt, ps->uuid + TRACK_INFLIGHT, ps->uuid, "jobs on the hardware");
	sh_pfpkt_track(&pf->pkt, ps->uuid + TRACK_EVIDENCE, ps->uuid, "evidence");
}

/* A new scheduler process named @name, described; NULL (reported) when out of memory. */
static struct pf_sched *sched_new(struct sh_perfetto *pf, const char *name)
{
	struct pf_sched *ps = calloc(1, sizeof(*ps));

	if (!ps)
		return oom(pf), NULL;
	ps->uuid = pf->next_uuid;
	pf->next_uuid += TRACKS_PER_SCHED;
	ps->pid = pf->next_pid++;
	ps->begin_idx = ps->end_idx = UINT64_MAX;
	ps->credits = ps->inflight = -1;
	snprintf(ps->name, sizeof(ps->name), "%s", name);
	sched_describe(pf, ps);
	return ps;
}

static struct pf_sched *sched_get(struct sh_perfetto *pf, const struct sh_sched *s)
{
	struct pf_sched *ps = sh_hmap_get(&pf->scheds, (uintptr_t)s);
	char name[sizeof(ps->name)];

	if (ps && ps->src_name == s->name)
		return ps;	/* the usual case: no formatting per event */
	if (ps) {
		ps->src_name = s->name;
		sched_name(s, name, sizeof(name));
		if (strcmp(name, ps->name)) {
			memcpy(ps->name, name, sizeof(name));
			sh_pfpkt_process(&pf->pkt, ps->uuid, ps->pid, ps->name);
		}
		return ps;
	}
	sched_name(s, name, sizeof(name));
	ps = sched_new(pf, name);
	if (ps)
		ps->src_name = s->name;
	if (ps && sh_hmap_put(&pf->scheds, (uintptr_t)s, ps) < 0) {
		free(ps);
		return oom(pf), NULL;
	}
	return ps;
}

static struct pf_entity *entity_get(struct sh_perfetto *pf, const struct sh_entity *e, struct pf_sched *ps)
{
	struct pf_entity *pe = sh_hmap_get(&pf->entities, (uintptr_t)e);
	char name[80];

	if (pe)
		return pe;
	pe = calloc(1, sizeof(*pe));
	if (!pe || sh_hmap_put(&pf->entities, (uintptr_t)e, pe) < 0) {
		free(pe);
		return oom(pf), NULL;
	}
	if (e->ectx)
		snprintf(pe->name, sizeof(pe->name), "ectx %" PRIu64, e->ectx);
	else
		snprintf(pe->name, sizeof(pe->name), "entity 0x%" PRIx64, e->id);
	pe->depth = pe->kcount = -1;
	pe->depth_uuid = pf->next_uuid;
	pf->next_uuid += 2;
	snprintf(name, sizeof(name), "%s queue depth", pe->name);
	sh_pfpkt_counter_track(&pf->pkt, pe->depth_uuid, ps->uuid, name);
	snprintf(name, sizeof(name), "%s kernel job count", pe->name);
	sh_pfpkt_counter_track(&pf->pkt, pe->depth_uuid + 1, ps->uuid, name);
	return pe;
}

/* Write @value on counter @track when it changed since *@last. */
static void counter(struct sh_perfetto *pf, uint64_t ts, uint64_t track, int64_t *last, int64_t value)
{
	if (*last == value)
		return;
	*last = value;
	sh_pfpkt_count(&pf->pkt, ts, track, value);
}

/* How a job is named: its finished fence, or a <=6.16 stock job's id. */
static void job_name(const struct sh_job *j, char *out, size_t n)
{
	if (j->stock && !j->ectx)
		snprintf(out, n, "job %" PRIu64, j->stock_id);
	else
		snprintf(out, n, "%" PRIu64 ":%" PRIu64, j->ectx, j->seqno);
}

static void phase(struct sh_perfetto *pf, uint64_t track, const char *name, uint64_t from, uint64_t to)
{
	struct sh_pfev ev = { .ts = from, .track = track, .name = name };

	sh_pfpkt_begin(&pf->pkt, &ev);
	sh_pfpkt_end(&pf->pkt, to, track);
}

/* Job @j, which ended at @end (completed, or still open at the end of the trace). */
static void job_slice(struct sh_perfetto *pf, const struct sh_job *j, struct pf_entity *pe,
		      struct pf_sched *ps, uint64_t end, bool open)
{
	uint64_t start = j->t_queue ? j->t_queue : j->t_run ? j->t_run : end;
	uint64_t track = lane_take(pf, &pe->jobs, ps->uuid, pe->name, start, end);
	struct sh_pfargs args = { .n = 0 };
	char name[48];
	struct sh_pfev ev = { .ts = start, .track = track, .name = name, .args = &args };

	if (!track)
		return;
	job_name(j, name, sizeof(name));
	sh_pfargs_str(&args, "state", open ? (j->t_run ? "running at the end of the trace" :
						"queued at the end of the trace") : "done");
	if (j->seeded)
		sh_pfargs_str(&args, "queued", "before the trace started");
	sh_pfpkt_begin(&pf->pkt, &ev);
	if (j->t_queue && j->t_queue <= (j->t_run ? j->t_run : end))
		phase(pf, track, "queued", j->t_queue, j->t_run ? j->t_run : end);
	if (j->t_run && j->t_run <= end)
		phase(pf, track, "running", j->t_run, end);
	sh_pfpkt_end(&pf->pkt, end, track);
}

/* A worker run from @ps->begin_ts to @end, named by its outcome. */
static void run_slice(struct sh_perfetto *pf, struct pf_sched *ps, uint64_t to, const struct sh_event *end,
		      const char *why)
{
	struct sh_pfargs args = { .n = 0 };
	const char *name = why;
	struct sh_pfev ev = { .ts = ps->begin_ts, .track = ps->uuid + TRACK_WORKER, .args = &args };

	if (end && end->type == SH_EV_WORKER)
		name = sh_enum_name(SH_ENUM_OUTCOME, end->worker.outcome);
	if (end)
		sh_pfargs_event(&args, end);
	ev.name = name ? name : "run";
	sh_pfpkt_begin(&pf->pkt, &ev);
	sh_pfpkt_end(&pf->pkt, to, ev.track);
	ps->running = false;
}

/* The worker's run began or ended with this event: write runs once they end. */
static void worker(struct sh_perfetto *pf, struct pf_sched *ps, const struct sh_sched *s)
{
	const struct sh_event *b = sh_saved_get(&s->last_begin), *e = sh_saved_get(&s->last_end);

	if (e && e->idx != ps->end_idx) {
		ps->end_idx = e->idx;
		if (ps->running)
			run_slice(pf, ps, e->ts, e, NULL);
	}
	if (b && b->idx != ps->begin_idx) {
		if (ps->running)
			run_slice(pf, ps, b->ts, NULL, "run (no end traced)");
		ps->begin_idx = b->idx;
		ps->begin_ts = b->ts;
		ps->running = true;
	}
}

/* The entity of a >=6.17 stock job event, which names no entity. */
static const struct sh_entity *stock_entity(const struct sh_model *m, const struct sh_event *ev)
{
	const struct sh_job *j;

	if ((ev->type != SH_EV_JOB_QUEUE && ev->type != SH_EV_JOB_RUN) || ev->job_queue.entity)
		return NULL;
	j = sh_model_stock_job(m, ev->job_queue.ectx, ev->job_queue.seqno);
	return j ? j->entity : NULL;
}

/* Is scheduler @s written at all (not a shadowed stock ring)? Points the packets at its buffer. */
static bool target(struct sh_perfetto *pf, const struct sh_model *m, const struct sh_sched *s)
{
	if (!s || sh_model_shadowed(m, s))
		return false;
	pf->pkt.out = s->stock && pf->holding ? &pf->held : &pf->out;
	return true;
}

/* Stop holding the stock rings' packets: write them (@keep), or drop them, shadowed. */
static void release_held(struct sh_perfetto *pf, bool keep)
{
	uint64_t k;
	void *v;

	pf->holding = false;
	pf->pkt.out = &pf->out;
	if (keep && pf->held.len)
		sh_buf_addn(&pf->out, pf->held.data, pf->held.len);
	sh_buf_reset(&pf->held);
	for (size_t i = 0; !keep && sh_hmap_next(&pf->scheds, &i, &k, &v);)
		if (((const struct sh_sched *)(uintptr_t)k)->stock)
			((struct pf_sched *)v)->running = false;	/* its tracks were dropped */
}

static void entity_counters(struct sh_perfetto *pf, const struct sh_model *m, const struct sh_entity *e,
			    uint64_t ts)
{
	struct pf_sched *ps;
	struct pf_entity *pe;

	if (!e || !target(pf, m, e->sched))
		return;
	ps = sched_get(pf, e->sched);
	pe = ps ? entity_get(pf, e, ps) : NULL;
	if (!pe)
		return;
	counter(pf, ts, pe->depth_uuid, &pe->depth, (int64_t)sh_entity_depth(e));
	if (e->seen)
		counter(pf, ts, pe->depth_uuid + 1, &pe->kcount, (int64_t)e->kcount);
}

static void sched_state(struct sh_perfetto *pf, const struct sh_model *m, const struct sh_sched *s,
			uint64_t ts)
{
	struct pf_sched *ps;

	if (!target(pf, m, s) || !(ps = sched_get(pf, s)))
		return;
	worker(pf, ps, s);
	if (s->credit_limit)
		counter(pf, ts, ps->uuid + TRACK_CREDITS, &ps->credits, s->credit_count);
	counter(pf, ts, ps->uuid + TRACK_INFLIGHT, &ps->inflight, (int64_t)s->inflight);
}

/* A job that completed with this event. */
static void job_done(struct sh_perfetto *pf, const struct sh_model *m, uint64_t ts)
{
	const struct sh_job *j = &m->done_job;
	struct pf_sched *ps;
	struct pf_entity *pe;

	if (!j->entity || !target(pf, m, j->entity->sched))
		return;
	ps = sched_get(pf, j->entity->sched);
	pe = ps ? entity_get(pf, j->entity, ps) : NULL;
	if (pe)
		job_slice(pf, j, pe, ps, ts, false);
}

int sh_perfetto_event(struct sh_perfetto *pf, const struct sh_analysis *a, const struct sh_event *ev)
{
	const struct sh_model *m = a->model;
	const struct sh_entity *ent;
	struct sh_sched *s;
	struct sh_entity *e;

	if (pf->failed)
		return -1;
	if (pf->holding && (m->have_schedhang || pf->held.len >= HOLD_BYTES))
		release_held(pf, !m->have_schedhang);
	sh_model_owner(m, ev, &s, &e);
	ent = e ? e : stock_entity(m, ev);
	if (m->done_sched) {
		job_done(pf, m, ev->ts);
		entity_counters(pf, m, m->done_job.entity, ev->ts);
		sched_state(pf, m, m->done_sched, ev->ts);
	}
	sched_state(pf, m, s ? s : ent ? ent->sched : NULL, ev->ts);
	entity_counters(pf, m, ent, ev->ts);
	pf->pkt.out = &pf->out;
	if (pf->failed)
		return -1;
	return pf->out.len >= FLUSH_BYTES ? flush(pf) : 0;
}

/* Jobs still queued or running at the end, oldest first (stable output). */
static int job_cmp(const void *pa, const void *pb)
{
	const struct sh_job *a = *(const struct sh_job *const *)pa, *b = *(const struct sh_job *const *)pb;
	uint64_t ta = a->t_queue ? a->t_queue : a->t_run, tb = b->t_queue ? b->t_queue : b->t_run;

	if (ta != tb)
		return ta < tb ? -1 : 1;
	if (a->ectx != b->ectx)
		return a->ectx < b->ectx ? -1 : 1;
	return a->seqno < b->seqno ? -1 : a->seqno > b->seqno;
}

static int collect_jobs(const struct sh_model *m, const struct sh_hmap *map, const struct sh_job ***v,
			size_t *n)
{
	uint64_t k;
	void *val;
	const struct sh_job **nv;

	for (size_t i = 0; sh_hmap_next(map, &i, &k, &val);) {
		const struct sh_job *j = val;

		if (!j->entity || !j->entity->sched || sh_model_shadowed(m, j->entity->sched))
			continue;
		nv = realloc(*v, (*n + 1) * sizeof(**v));
		if (!nv)
			return -1;
		*v = nv;
		(*v)[(*n)++] = j;
	}
	return 0;
}

static void open_jobs(struct sh_perfetto *pf, const struct sh_model *m)
{
	const struct sh_job **v = NULL;
	size_t n = 0;

	if (collect_jobs(m, &m->jobs, &v, &n) < 0 || collect_jobs(m, &m->stock_jobs, &v, &n) < 0) {
		free(v);
		oom(pf);
		return;
	}
	if (n)
		qsort(v, n, sizeof(*v), job_cmp);
	for (size_t i = 0; i < n; i++) {
		struct pf_sched *ps = sched_get(pf, v[i]->entity->sched);
		struct pf_entity *pe = ps ? entity_get(pf, v[i]->entity, ps) : NULL;

		if (pe)
			job_slice(pf, v[i], pe, ps, m->last_ts, true);
	}
	free(v);
}

static void open_runs(struct sh_perfetto *pf, uint64_t last_ts)
{
	uint64_t k;
	void *v;

	for (size_t i = 0; sh_hmap_next(&pf->scheds, &i, &k, &v);) {
		struct pf_sched *ps = v;

		if (ps->running)
			run_slice(pf, ps, last_ts, NULL, "running at the end of the trace");
	}
}

/* The process a finding goes in: its scheduler's, or one for findings of no known scheduler. */
static struct pf_sched *finding_sched(struct sh_perfetto *pf, const struct sh_model *m,
				      const struct sh_finding *f)
{
	const struct sh_sched *s = f->sched ? sh_model_sched(m, f->sched) : NULL;

	if (s)
		return sched_get(pf, s);
	if (!pf->global)
		pf->global = sched_new(pf, "schedhang findings");
	return pf->global;
}

static void finding_args(struct sh_pfargs *args, const struct sh_finding *f)
{
	sh_pfargs_str(args, "summary", sh_finding_class_summary(f->cls));
	sh_pfargs_str(args, "confidence", sh_confidence_name(f->conf));
	sh_pfargs_str(args, "reason", sh_reason_key(f->reason));
	sh_pfargs_str(args, "detail", f->detail);
	sh_pfargs_uint(args, "count", f->count);
	if (f->entity)
		sh_pfargs_uint(args, "entity", f->entity);
	if (f->open_at_end)
		sh_pfargs_str(args, "until", "the end of the trace");
}

/* Finding number @nr (from 1): a slice over its span, flows to instants at its evidence. */
static void finding(struct sh_perfetto *pf, const struct sh_model *m, const struct sh_finding *f, uint64_t nr)
{
	struct pf_sched *ps = finding_sched(pf, m, f);
	uint64_t flows[SH_FINDING_MAX_EVIDENCE], track;
	struct sh_pfargs args = { .n = 0 };
	char name[96];
	struct sh_pfev ev = { .ts = f->start, .name = name, .args = &args, .flows = flows };

	if (!ps || !(track = lane_take(pf, &ps->findings, ps->uuid, "findings", f->start, f->end)))
		return;
	if (f->has_job)
		snprintf(name, sizeof(name), "%s %" PRIu64 ":%" PRIu64, sh_finding_class_name(f->cls), f->ectx,
			 f->seqno);
	else
		snprintf(name, sizeof(name), "%s", sh_finding_class_name(f->cls));
	for (unsigned i = 0; i < f->nevidence; i++)
		flows[i] = nr << 4 | i;
	ev.nflows = f->nevidence;
	ev.track = track;
	finding_args(&args, f);
	sh_pfpkt_begin(&pf->pkt, &ev);
	sh_pfpkt_end(&pf->pkt, f->end, track);
	for (unsigned i = 0; i < f->nevidence; i++) {
		const struct sh_event *e = &f->evidence[i].ev;
		struct sh_pfargs eargs = { .n = 0 };
		struct sh_pfev iev = { .ts = e->ts, .track = ps->uuid + TRACK_EVIDENCE,
				       .name = sh_ev_desc(e->type) ? sh_ev_desc(e->type)->name : "event",
				       .args = &eargs, .end_flows = &flows[i], .nend_flows = 1 };

		sh_pfargs_str(&eargs, "role", f->evidence[i].role);
		sh_pfargs_uint(&eargs, "finding", nr);
		sh_pfargs_event(&eargs, e);
		sh_pfpkt_instant(&pf->pkt, &iev);
	}
}

/* Findings in time order (the rows fill better), numbered as the report lists them. */
static int finding_cmp(const void *pa, const void *pb)
{
	const struct sh_finding *a = *(const struct sh_finding *const *)pa;
	const struct sh_finding *b = *(const struct sh_finding *const *)pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a < b ? -1 : a > b;
}

static void findings(struct sh_perfetto *pf, const struct sh_analysis *a)
{
	const struct sh_findings *fl = &a->findings;
	const struct sh_finding **v = fl->len ? malloc(fl->len * sizeof(*v)) : NULL;

	if (fl->len && !v) {
		oom(pf);
		return;
	}
	for (size_t i = 0; i < fl->len; i++)
		v[i] = &fl->items[i];
	if (fl->len)
		qsort(v, fl->len, sizeof(*v), finding_cmp);
	for (size_t i = 0; i < fl->len; i++)
		finding(pf, a->model, v[i], (uint64_t)(v[i] - fl->items) + 1);
	free(v);
}

int sh_perfetto_finish(struct sh_perfetto *pf, const struct sh_analysis *a)
{
	if (pf->failed)
		return -1;
	if (pf->holding)
		release_held(pf, !a->model->have_schedhang);
	open_runs(pf, a->model->last_ts);
	open_jobs(pf, a->model);
	findings(pf, a);
	if (flush(pf) < 0)
		return -1;
	if (fflush(pf->fp) != 0 || ferror(pf->fp)) {
		pf->failed = true;
		return sh_error("cannot write '%s': %s", pf->path, strerror(errno));
	}
	return 0;
}
