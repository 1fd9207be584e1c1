/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SR_RACE_H
#define SR_RACE_H

/*
 * spsc-race: a user-space model of the drm_sched pieces the June 2025
 * spsc_queue lost wakeup lives in. One producer thread per entity pushes jobs
 * (drm_sched_entity_push_job), one worker thread per scheduler plays the
 * ordered submit workqueue running the run-job and free-job work items,
 * "hardware" completes jobs (synchronously for --job-us 0, like an already
 * signalled fence, else from a thread per scheduler), and a watchdog finds
 * stranded jobs. Identities are the kernel's: sched/entity are struct
 * addresses, ectx = entity fence context + 1, seqno from 1 per entity.
 */

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lat.h"
#include "queue.h"

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

struct sr_opts {
	const char *variant;
	unsigned nsched;
	unsigned ents_per_sched;
	uint64_t jobs;			/* total, spread over the entities */
	uint64_t job_ns;		/* hardware time per job */
	uint64_t pace_ns;		/* producer pause between pushes (mean) */
	uint64_t window_ns;		/* delay inside the push window (max) */
	unsigned depth;			/* max unfinished jobs per entity */
	unsigned credit_limit;
	uint64_t seed;
	unsigned stall_ms;
	bool kick;			/* watchdog kicks (MANUAL) instead of stopping */
	bool quiet;
	bool deps;			/* jobs depend on their entity's previous job */
	bool xdeps;			/* and on a job of an entity of the next scheduler */
	const char *truth;		/* JSON ground truth file, or NULL */
	bool latency;			/* measure push/pop times (bench) */
	int pin_producers, pin_workers;	/* CPU, or -1 */
};

struct sr_job {
	struct sr_node node;		/* spsc_node: must stay first */
	struct sr_entity *entity;	/* borrowed */
	uint64_t seqno;
	uint64_t deadline_ns;		/* hardware completion time */
	atomic_int finished;
	bool dep_checked;		/* worker only */
	struct sr_job *next_pending;	/* sched pending list / hardware FIFO */
	struct sr_job *next_hw;
};

/* Per pushed job, indexed by seqno % depth: enough to date a stall */
struct sr_pushrec {
	_Atomic uint64_t end_ns;	/* CLOCK_MONOTONIC when push() returned */
	atomic_int first;
};

struct sr_entity {
	struct sr_queue q;
	struct sr_sched *sched;		/* borrowed */
	unsigned id;
	uint64_t fence_context;		/* scheduled fence; finished is +1 */
	uint64_t ectx;
	uint64_t njobs;
	pthread_t thread;
	_Atomic uint64_t pushed;	/* last seqno pushed (producer) */
	_Atomic uint64_t popped;	/* last seqno popped (worker) */
	_Atomic uint32_t done;		/* jobs completed (futex word) */
	atomic_int waiting;		/* producer sleeps on done */
	struct sr_pushrec *ring;	/* owned, opts.depth entries */
	size_t open_stall;		/* 1 + stall index, under sched->stall_lock */
	uint64_t rng;
	struct sr_lat *push_lat;	/* owned, --latency only; producer */
	/* --cross-deps: entity->dependency, and the one entity waiting on us */
	atomic_int dep_blocked;
	pthread_mutex_t dep_lock;
	struct sr_entity *dep_waiter;	/* borrowed, under dep_lock */
	uint64_t dep_wait_seqno, dep_job_seqno;	/* under dep_lock */
};

/* sched->pending: workqueue PENDING bits + reason of the queueing kick */
#define SR_PEND_RUN 1u
#define SR_PEND_FREE 2u
#define SR_PEND_QUIT 4u
#define SR_PEND_REASON_SHIFT 8
#define SR_PEND_REASON_MASK (0xffu << SR_PEND_REASON_SHIFT)

struct sr_work {
	unsigned which;
};

struct sr_sched {
	struct sr_ctx *ctx;		/* borrowed */
	unsigned id;
	char name[24];
	struct sr_entity **ents;	/* owned array of borrowed entities */
	unsigned nents;
	unsigned rr;			/* worker only */
	_Atomic uint32_t pending;	/* futex word */
	_Atomic uint64_t queued_ns;	/* when the run work was last newly queued */
	_Atomic uint64_t run_end_ns;	/* when the last run-job work run ended */
	atomic_int sleeping, running;
	atomic_uint credit_count;
	struct sr_work work_run_job, work_free_job;
	bool info_emitted;		/* worker only */
	struct sr_job *pend_head, *pend_tail;	/* run, not freed; worker only */
	pthread_t worker;
	/* hardware */
	pthread_t hw;
	bool hw_started;
	pthread_mutex_t hw_lock;
	pthread_cond_t hw_cond;
	struct sr_job *hw_head, *hw_tail;	/* under hw_lock */
	uint64_t hw_last;
	uint64_t hw_rng;
	/* ground truth */
	pthread_mutex_t stall_lock;
	uint64_t last_begin_ns;		/* under stall_lock */
	struct sr_lat *pop_lat;		/* owned, --latency only; worker */
};

struct sr_stall {
	uint64_t sched, entity, ectx, seqno;
	uint64_t start_ns;		/* end of the stranded job's push */
	bool rescued;
	bool watchdog;			/* seen live by the watchdog */
	unsigned reason;		/* kick that queued the rescuing run */
	uint64_t kick_ns;		/* when that kick queued it */
	uint64_t rescue_ns;		/* start of the rescuing worker run */
};

struct sr_ctx {
	struct sr_opts opt;
	const struct sr_queue_ops *qops;	/* borrowed, static */
	struct sr_sched *scheds;	/* owned */
	struct sr_entity *ents;		/* owned */
	unsigned nents;
	atomic_int stop;		/* stop pushing (stall or signal) */
	atomic_int quit;		/* threads exit */
	_Atomic uint64_t jobs_done;
	pthread_t watchdog;
	pthread_mutex_t truth_lock;
	struct sr_stall *stalls;	/* owned, under truth_lock */
	size_t nstalls, stall_cap;
	uint64_t start_ns, end_ns;
};

/* Pin the calling thread to CPU (no-op for -1) */
void sr_pin(int cpu);
/* CLOCK_MONOTONIC in nanoseconds */
uint64_t sr_now_ns(void);
/* xorshift64*; returns a value in [lo, hi] */
uint64_t sr_rand_range(uint64_t *state, uint64_t lo, uint64_t hi);

/* sched.c: the drm_sched model */
/* queue_work() of the run-job (which 0) or free-job (1) work, with a reason */
void sr_kick(struct sr_sched *s, unsigned which, unsigned reason);
/* Thread bodies: the scheduler's ordered workqueue (run-job and free-job
 * work), its "hardware" (--job-us > 0), and an entity's producer */
void *sr_worker_main(void *sched);
void *sr_hw_main(void *sched);
void *sr_producer_main(void *entity);
/* Emit schedhang_sched_info for S */
void sr_emit_sched_info(struct sr_sched *s);
/* Make the worker thread exit once no work is pending */
void sr_sched_quit_worker(struct sr_sched *s);
/* Make the hardware thread exit once it is empty (ctx->quit must be set) */
void sr_sched_quit_hw(struct sr_sched *s);
/* Free every job still queued or pending; threads must be joined */
void sr_sched_drain(struct sr_sched *s);

/* truth.c: stranded jobs; the watchdog thread body takes the ctx */
/* At the start of a worker run of S at time TB, queued by REASON at KICK_NS */
void sr_truth_on_begin(struct sr_sched *s, uint64_t tb, unsigned reason, uint64_t kick_ns);
void *sr_watchdog_main(void *ctx);
/* Print the stalls; write the JSON truth when asked; returns 0 or -1 */
int sr_truth_report(struct sr_ctx *ctx);

#endif
