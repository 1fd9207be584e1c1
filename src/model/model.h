/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_MODEL_H
#define SH_MODEL_H

/*
 * The state of drm_sched rebuilt from normalized events (libc only): per
 * scheduler its submit worker (idle / queued / running), credits and paused
 * state; per entity its job queue as reconstructed from pushes and pops and
 * as counted by the kernel (both kept: their disagreement is evidence); per
 * job its queue, run and done times. Memory is bounded by the numbers of
 * schedulers, entities and open jobs, not by the trace length.
 *
 * The model only rebuilds state. The layers above read it after each event;
 * they may ask for bytes of their own after every scheduler and entity
 * (sh_model_new()), which the model zeroes at creation and never reads.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/hist.h"
#include "core/hmap.h"

enum sh_worker_state {
	SH_WORKER_IDLE,		/* neither pending nor running */
	SH_WORKER_QUEUED,	/* kicked, not started yet */
	SH_WORKER_RUNNING,
};

const char *sh_worker_state_name(enum sh_worker_state st);

/* A saved event: a copy, and whether there is one. */
struct sh_saved {
	struct sh_event ev;
	bool set;
};

static inline void sh_save(struct sh_saved *s, const struct sh_event *ev)
{
	s->ev = *ev;
	s->set = true;
}

static inline const struct sh_event *sh_saved_get(const struct sh_saved *s)
{
	return s->set ? &s->ev : NULL;
}

/* A job in an entity's queue (pushed, not popped yet). */
struct sh_qjob {
	uint64_t seqno;
	uint64_t push_idx;	/* stream index of its push */
	uint64_t push_ts;
	bool first;		/* the push returned first (woke the scheduler) */
};

struct sh_sched {
	uint64_t id;			/* the scheduler pointer */
	const char *name;		/* borrowed from the source; NULL until sched_info */
	uint32_t credit_limit, credit_count, timeout_ms;
	uint64_t work_run, work_free;	/* work item addresses, 0 if unknown */
	enum sh_worker_state worker;
	bool pending;			/* kicked again while running */
	bool stopped;			/* submission paused (WQ_STOP) */
	bool own_worker_events;		/* schedhang worker events seen: ignore workqueue ones */
	bool stock;			/* known from stock gpu_scheduler events only (id = name hash) */
	struct sh_sched *kthread_next;	/* borrowed: next stock scheduler of the same kthread name */
	uint64_t inflight;		/* jobs run and not done */
	struct sh_saved last_begin, last_end, last_kick, last_done;
	struct sh_saved kp_kick;	/* --kprobes: last drm_sched_wakeup() or run-work queueing */
	uint64_t runs, kicks, kicks_suppressed, jobs_done;
	struct sh_entity *entities;	/* owned by the model; list through next_in_sched */
	unsigned nentities;
	struct sh_entity **dirty;	/* owned array: entities with not-first pushes since the last run */
	unsigned ndirty, dirty_cap;
	uint32_t kicks_owed;		/* runs that started before their kick was traced */
	uint64_t kicks_owed_since;	/* start of the oldest such run */
	uint64_t wake_gen;		/* bumped by each DEP_CB kick and worker run (sh_entity_wake_owed()) */
	uint64_t depth;			/* sum of its entities' sh_entity_depth() */
	/* the bytes reserved by sh_model_new()'s caller */
	_Alignas(max_align_t) unsigned char extra[];
};

struct sh_entity_stats {
	uint64_t pushes, pops, not_first, done;
	uint64_t max_depth, max_depth_at;	/* reconstructed depth */
	uint64_t max_kcount;			/* the kernel's job_count */
	uint64_t count_mismatch;		/* kernel count != reconstructed depth */
	struct sh_hist q2r, r2d;		/* queue->run, run->done latencies (ns) */
};

struct sh_entity {
	uint64_t id;			/* the entity pointer */
	uint64_t ectx;
	struct sh_sched *sched;		/* borrowed from the model */
	struct sh_entity *next_in_sched;
	struct sh_qjob *q;		/* owned ring of queued jobs, oldest first */
	uint64_t qhead, qlen, qcap;
	uint64_t seeded;		/* jobs queued before the trace started */
	bool seen;			/* first push or pop seen: seeded is set */
	bool dirty;			/* on sched->dirty */
	bool killed;
	bool dep_fired;			/* a dependency of its job fired (CB_FIRED) at sched wake_gen dep_gen */
	uint64_t dep_gen;
	uint32_t kcount;		/* the kernel's job_count as last reported */
	struct sh_saved last_push, last_pop;
	struct sh_saved kp_pop;		/* --kprobes: the pop return of its last job run */
	struct sh_saved kp_unready;	/* --kprobes: last is_ready() false with head set, count 0 */
	struct sh_entity_stats st;
	/*
	 * Pops traced before their push (a producer preempted before its
	 * probe), and whether each was taken from the seeded count.
	 */
	struct sh_early_pop {
		uint64_t seqno;
		bool seeded;
	} early_pops[4];
	unsigned nearly_pops;
	/* the bytes reserved by sh_model_new()'s caller */
	_Alignas(max_align_t) unsigned char extra[];
};

struct sh_job {
	uint64_t ectx, seqno;
	struct sh_entity *entity;	/* borrowed; NULL when the push was not seen */
	uint64_t t_queue, t_run;	/* 0 when unknown */
	uint64_t stock_ring, stock_id;	/* <=6.16: (ring id, per-scheduler job id), key in stock_ids */
	uint64_t dep_key;		/* key in dep_waits while blocked: 32-bit ctx << 32 | seqno */
	uint64_t fired_ctx, fired_seqno; /* the fence of a CB_FIRED not yet paired */
	bool stock_keyed;		/* in stock_ids */
	bool dep_keyed;			/* in dep_waits */
	bool fired;			/* fired_* are set */
	bool seeded;			/* queued before the trace started */
	bool stock;			/* in stock_jobs: a stock ring's */
	bool ran;
	bool dep_blocked;
	struct sh_saved push, dep, run;	/* push: schedhang_push or stock job_queue */
	/* --kprobes: the push's return was traced, with whether it woke the scheduler */
	bool kp_pushed, kp_first;
	bool kp_fenced;			/* kp_ectx:kp_seqno, its finished fence, came with the push */
	uint64_t kp_ectx, kp_seqno;
	struct sh_saved kp_ret;		/* that return (kp_push_ret) */
};

struct sh_model {
	struct sh_hmap scheds;		/* id -> struct sh_sched (owned) */
	struct sh_hmap entities;	/* id -> struct sh_entity (owned) */
	struct sh_hmap jobs;		/* (ectx, seqno) -> struct sh_job (owned) */
	/*
	 * The stock rings' entities and jobs, apart: <=6.16 names an entity by
	 * the same pointer schedhang_push does, >=6.17 a job by the same
	 * (ectx, seqno), and a trace may hold both event sets.
	 */
	struct sh_hmap stock_entities;	/* pointer (<=6.16) or finished context -> struct sh_entity (owned) */
	struct sh_hmap stock_jobs;	/* (0, fence pointer) (<=6.16) or (ectx, seqno) -> struct sh_job (owned) */
	struct sh_hmap works;		/* work item address -> struct sh_sched (borrowed) */
	/*
	 * Task -> 1 + timestamp of its last event that a kick answers (a first
	 * push, a dependency callback, a job done): a kick traced by the same
	 * task after it cannot have started a run that began before that event.
	 */
	struct sh_hmap causes;
	struct sh_hmap stock_ids;	/* <=6.16: (ring id, job id) -> struct sh_job (borrowed) */
	struct sh_hmap dep_waits;	/* 32-bit ctx << 32 | seqno of an awaited fence -> struct sh_job */
	/* a stock ring name's first 15 bytes (a kthread's comm), as a pair -> struct sh_sched (borrowed) */
	struct sh_hmap kthreads;
	int64_t *cpu_work;		/* owned: per CPU, the run-job work executing (stock attribution) */
	uint64_t ncpu_work;
	uint64_t *lost_ts;		/* owned: timestamps of lost-event markers, in order */
	uint64_t nlost, lost_cap;
	uint64_t first_ts, last_ts;
	uint64_t nevents;
	bool have_schedhang;		/* any schedhang_* event */
	bool have_fence;		/* any dma_fence event: fence signals are visible */
	bool have_kprobes;		/* a push return traced by record --kprobes */
	struct sh_hmap kp_tasks;	/* pid -> struct sh_kp_task (owned; model-kprobe.c) */
	struct sh_hmap kp_scheds;	/* drm_gpu_scheduler pointer -> struct sh_sched (borrowed) */
	struct sh_hmap kp_entities;	/* drm_sched_entity pointer -> struct sh_entity (borrowed) */
	struct sh_sched *done_sched;	/* borrowed: the scheduler of the job this event completed, or NULL */
	struct sh_job done_job;		/* a copy of that job, as it was (valid when done_sched is set) */
	uint64_t orphan_done, orphan_pop, duplicate_push;
	uint64_t late_push;		/* pushes traced after the pop of their job */
	/*
	 * Work done: one per event, plus one per element visited or moved in a
	 * loop over the model's state (queues, entities, schedulers, open
	 * stalls), by the model and the detectors. Only counted: the scaling
	 * test (tests/unit/test-scaling.c) checks it grows linearly.
	 */
	uint64_t steps;
	bool oom;
	size_t sched_extra, entity_extra;	/* see sh_model_new() */
	/*
	 * The scheduler and entity the last event was about (borrowed): the
	 * detectors look up the same ones right after the model did.
	 */
	struct sh_sched *last_sched;
	struct sh_entity *last_entity;
};

/*
 * A new model, or NULL (reported). Every scheduler and entity it creates is
 * followed by @sched_extra / @entity_extra zeroed bytes (struct sh_sched.extra,
 * struct sh_entity.extra) for the caller's own per-object state.
 */
struct sh_model *sh_model_new(size_t sched_extra, size_t entity_extra);
void sh_model_free(struct sh_model *m);

struct sh_sched *sh_model_sched(const struct sh_model *m, uint64_t id);
struct sh_entity *sh_model_entity(const struct sh_model *m, uint64_t id);
struct sh_job *sh_model_job(const struct sh_model *m, uint64_t ectx, uint64_t seqno);
/* The same for a stock ring's entities and jobs (struct sh_model.stock_entities, stock_jobs). */
struct sh_entity *sh_model_stock_entity(const struct sh_model *m, uint64_t id);
struct sh_job *sh_model_stock_job(const struct sh_model *m, uint64_t ectx, uint64_t seqno);
/* Entity @id, a schedhang one or else a stock ring's. */
struct sh_entity *sh_model_find_entity(const struct sh_model *m, uint64_t id);

/*
 * A stock ring of a trace that also has schedhang events: those are the
 * whole story, the stock events only repeat them (and are not applied once a
 * schedhang event was seen). Detectors and reports skip such rings.
 */
bool sh_model_shadowed(const struct sh_model *m, const struct sh_sched *s);

/*
 * What @ev, already fed, is about: its entity (*@e, NULL if none) and its
 * scheduler (*@s: the one the event names, else the entity's; NULL if none).
 * The one answer for every layer above the model.
 */
void sh_model_owner(const struct sh_model *m, const struct sh_event *ev, struct sh_sched **s,
		    struct sh_entity **e);

/* The scheduler a workqueue event belongs to, or NULL. */
struct sh_sched *sh_model_sched_of_work(const struct sh_model *m, uint64_t work);

/* Id of the scheduler that stock events name @ring (a hash: stock events carry no pointer). */
uint64_t sh_model_ring_id(const char *ring);

/* Oldest queued job of @e, or NULL. */
const struct sh_qjob *sh_entity_head(const struct sh_entity *e);
/* Queued job @i (0 = oldest). */
const struct sh_qjob *sh_entity_qjob(const struct sh_entity *e, uint64_t i);
/*
 * A dependency of a job of @e fired (CB_FIRED) and the wakeup it owes the
 * worker (the DEP_CB kick, traced after queue_work() returns) has not been
 * traced yet, nor has a worker run started since: @e waits for that wakeup.
 */
bool sh_entity_wake_owed(const struct sh_entity *e);

/* Depth as reconstructed: jobs seen queued plus those seeded from the kernel count. */
uint64_t sh_entity_depth(const struct sh_entity *e);

/* A kick reason a worker run issues itself (RUN_REQUEUE, POP_NULL)? */
bool sh_kick_is_self(uint64_t reason);

/*
 * Kick events are emitted after queue_work() returns, so a kick may be traced
 * after the run it started, even several runs later (seen: 0.16 ms). A kick
 * traced this long after an unkicked run started is not that run's.
 */
#define SH_LATE_KICK_NS 1000000ULL

/* Lost-event markers in [from, to]? */
bool sh_model_lost_between(const struct sh_model *m, uint64_t from, uint64_t to);

/* All schedulers / entities of a scheduler, in a stable order (by id). The array is owned by the caller. */
struct sh_sched **sh_model_sorted_scheds(const struct sh_model *m, unsigned *n);
struct sh_entity **sh_sched_sorted_entities(const struct sh_sched *s, unsigned *n);

/*
 * Mutators, for the files that feed the model (model-feed.c, model-stock.c)
 * only: the layers above read the model and never change it.
 */
/* Get or create; NULL (reported once) when out of memory. */
struct sh_sched *sh_model_get_sched(struct sh_model *m, uint64_t id);
struct sh_entity *sh_model_get_entity(struct sh_model *m, uint64_t id, uint64_t sched_id);
struct sh_job *sh_model_get_job(struct sh_model *m, uint64_t ectx, uint64_t seqno);
/* The same for stock ring @s (struct sh_model.stock_entities, stock_jobs). */
struct sh_entity *sh_model_get_stock_entity(struct sh_model *m, uint64_t id, struct sh_sched *s);
struct sh_job *sh_model_get_stock_job(struct sh_model *m, uint64_t ectx, uint64_t seqno);

/* Report the first allocation failure; returns @p. */
void *sh_model_oom(struct sh_model *m, void *p);

int sh_model_enqueue(struct sh_model *m, struct sh_entity *e, const struct sh_qjob *qj);
bool sh_model_dequeue(struct sh_model *m, struct sh_entity *e, uint64_t seqno);
/* Set @e's count of jobs queued before the trace (its scheduler's depth follows). */
void sh_model_set_seeded(struct sh_entity *e, uint64_t seeded);
void sh_model_track_depth(struct sh_entity *e, uint32_t kcount, uint64_t ts);
void sh_model_unblock(struct sh_model *m, struct sh_job *j);
void sh_model_drop_job(struct sh_model *m, struct sh_job *j);

/* The submit worker started or finished a run. */
void sh_model_worker_begin(struct sh_sched *s, const struct sh_event *ev);
void sh_model_worker_end(struct sh_sched *s, const struct sh_event *ev);

#endif
