/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The drm_sched model (drivers/gpu/drm/scheduler/sched_entity.c and
 * sched_main.c, workqueue design of Linux >= 6.8): push_job, the run-job
 * work, pop_job, job_done and the free-job work, each emitting the events of
 * schedhang-events(7) at their kernel placement.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"
#include "race.h"

#define U64(x) ((uint64_t)(uintptr_t)(x))

void sr_pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

uint64_t sr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t sr_rand_range(uint64_t *state, uint64_t lo, uint64_t hi)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	if (hi <= lo)
		return lo;
	return lo + (x * 2685821657736338717ull) % (hi - lo + 1);
}

static void futex_wait(_Atomic uint32_t *word, uint32_t val, uint64_t timeout_ns)
{
	struct timespec ts = { (time_t)(timeout_ns / 1000000000u),
			       (long)(timeout_ns % 1000000000u) };

	syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT_PRIVATE, val,
		timeout_ns ? &ts : NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *word)
{
	syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

void sr_emit_sched_info(struct sr_sched *s)
{
	uint64_t slots[] = { U64(s), U64(s->name), s->ctx->opt.credit_limit,
			     s->ctx->opt.stall_ms, U64(&s->work_run_job),
			     U64(&s->work_free_job) };

	schedhang_probe_sched_info(slots);
}

/* drm_sched_run_job_queue() / drm_sched_run_free_queue(): queue_work() is
 * an atomic test-and-set of the PENDING bit; queued = newly set */
void sr_kick(struct sr_sched *s, unsigned which, unsigned reason)
{
	uint32_t bit = which == SR_WHICH_RUN ? SR_PEND_RUN : SR_PEND_FREE;
	uint32_t old = atomic_load(&s->pending), new;
	int queued = 0;

	while (!(old & bit)) {
		new = old | bit;
		if (bit == SR_PEND_RUN)
			new = (new & ~SR_PEND_REASON_MASK) | (reason << SR_PEND_REASON_SHIFT);
		if (atomic_compare_exchange_weak(&s->pending, &old, new)) {
			queued = 1;
			break;
		}
	}
	if (queued && which == SR_WHICH_RUN)
		atomic_store(&s->queued_ns, sr_now_ns());
	if (queued && atomic_load(&s->sleeping))
		futex_wake(&s->pending);

	uint64_t slots[] = { U64(s), which, reason, 0, (uint64_t)queued };
	schedhang_probe_kick(slots);
}

static unsigned n_nonempty_unready(struct sr_sched *s)
{
	const struct sr_queue_ops *ops = s->ctx->qops;
	unsigned i, n = 0;

	for (i = 0; i < s->nents; i++)
		if (ops->peek(&s->ents[i]->q) && !ops->count(&s->ents[i]->q))
			n++;
	return n;
}

static void emit_worker(struct sr_sched *s, unsigned outcome, struct sr_entity *e,
			uint64_t seqno)
{
	uint64_t slots[] = { U64(s), outcome, U64(e), e ? e->ectx : 0, seqno,
			     atomic_load(&s->credit_count), s->ctx->opt.credit_limit,
			     n_nonempty_unready(s) };

	schedhang_probe_worker(slots);
}

/* drm_sched_select_entity(), round robin: ready = job_count > 0 */
static struct sr_entity *select_entity(struct sr_sched *s, bool *no_credit)
{
	unsigned i, idx;

	*no_credit = false;
	for (i = 0; i < s->nents; i++) {
		idx = (s->rr + i) % s->nents;
		if (!s->ctx->qops->count(&s->ents[idx]->q) ||
		    atomic_load(&s->ents[idx]->dep_blocked))
			continue;
		if (atomic_load(&s->credit_count) >= s->ctx->opt.credit_limit) {
			*no_credit = true;
			return NULL;
		}
		s->rr = idx + 1;
		return s->ents[idx];
	}
	return NULL;
}

static void emit_dep(struct sr_entity *e, uint64_t seqno, struct sr_entity *dep,
		     uint64_t dep_seqno, unsigned action)
{
	uint64_t slots[] = { U64(e), e->ectx, seqno, dep->ectx, dep_seqno, action };

	schedhang_probe_dep(slots);
}

/* --cross-deps: job n of entity k depends on job n-1 of entity k+1, which
 * lives on the next scheduler; drm_sched_entity_add_dependency_cb():
 * returns true when a callback was installed (the entity is blocked) */
static bool add_dependency_cb(struct sr_entity *e, struct sr_job *job)
{
	struct sr_ctx *ctx = e->sched->ctx;
	struct sr_entity *dep = &ctx->ents[(e->id + 1) % ctx->nents];
	uint64_t dep_seqno = job->seqno - 1;
	bool blocked = false;

	job->dep_checked = true;
	pthread_mutex_lock(&dep->dep_lock);
	if (atomic_load(&dep->done) >= dep_seqno || dep_seqno > dep->njobs) {
		emit_dep(e, job->seqno, dep, dep_seqno, SR_DEP_ALREADY_SIGNALED);
	} else {
		atomic_store(&e->dep_blocked, 1);
		dep->dep_waiter = e;
		dep->dep_wait_seqno = dep_seqno;
		dep->dep_job_seqno = job->seqno;
		emit_dep(e, job->seqno, dep, dep_seqno, SR_DEP_CB_ADDED);
		blocked = true;
	}
	pthread_mutex_unlock(&dep->dep_lock);
	return blocked;
}

/* The finished fence of job DONE of entity DEP signalled: drm_sched_entity_wakeup() */
static void dep_signal(struct sr_entity *dep, uint64_t done)
{
	struct sr_entity *w;

	pthread_mutex_lock(&dep->dep_lock);
	w = dep->dep_waiter;
	if (!w || done < dep->dep_wait_seqno) {
		pthread_mutex_unlock(&dep->dep_lock);
		return;
	}
	dep->dep_waiter = NULL;
	emit_dep(w, dep->dep_job_seqno, dep, dep->dep_wait_seqno, SR_DEP_CB_FIRED);
	atomic_store(&w->dep_blocked, 0);
	pthread_mutex_unlock(&dep->dep_lock);
	sr_kick(w->sched, SR_WHICH_RUN, SR_REASON_DEP_CB);
}

/* drm_sched_entity_pop_job() */
static struct sr_job *pop_job(struct sr_entity *e)
{
	const struct sr_queue_ops *ops = e->sched->ctx->qops;
	struct sr_pop_info info;
	struct sr_node *node;
	struct sr_job *job;

	node = ops->peek(&e->q);
	if (!node)
		return NULL;
	job = container_of(node, struct sr_job, node);
	if (e->sched->ctx->opt.deps && job->seqno > 1) {
		/* the previous job's finished fence: our own context, skipped */
		uint64_t slots[] = { U64(e), e->ectx, job->seqno, e->ectx,
				     job->seqno - 1, SR_DEP_SKIP_SAME_ENTITY };
		schedhang_probe_dep(slots);
	}
	if (e->sched->ctx->opt.xdeps && !job->dep_checked && job->seqno > 1 &&
	    add_dependency_cb(e, job))
		return NULL;
	atomic_thread_fence(memory_order_release);	/* smp_wmb(): last_scheduled */
	if (e->sched->pop_lat) {
		uint64_t t0 = sr_now_ns();

		node = ops->pop(&e->q, &info);
		sr_lat_add(e->sched->pop_lat, sr_now_ns() - t0);
	} else {
		node = ops->pop(&e->q, &info);
	}
	job = container_of(node, struct sr_job, node);
	atomic_store(&e->popped, job->seqno);

	uint64_t slots[] = { U64(e->sched), U64(e), e->ectx, job->seqno, info.cnt_after,
			     info.head_nonnull, info.slowpath };
	schedhang_probe_pop(slots);
	return job;
}

/* drm_sched_job_done(): the hardware fence signalled */
static void job_done(struct sr_sched *s, struct sr_job *job)
{
	struct sr_entity *e = job->entity;
	uint64_t slots[] = { U64(s), e->ectx, job->seqno, 0 };
	uint32_t done;

	atomic_fetch_sub(&s->credit_count, 1);
	schedhang_probe_done(slots);
	atomic_store_explicit(&job->finished, 1, memory_order_release);
	/* job may be freed by the free work from here on */
	done = atomic_fetch_add(&e->done, 1) + 1;
	if (atomic_exchange(&e->waiting, 0))
		futex_wake(&e->done);
	if (s->ctx->opt.xdeps)
		dep_signal(e, done);
	atomic_fetch_add(&s->ctx->jobs_done, 1);
	sr_kick(s, SR_WHICH_FREE, SR_REASON_JOB_DONE);
}

static void hw_submit(struct sr_sched *s, struct sr_job *job)
{
	uint64_t now = sr_now_ns(), dur = s->ctx->opt.job_ns;

	pthread_mutex_lock(&s->hw_lock);
	dur = sr_rand_range(&s->hw_rng, dur / 2, dur + dur / 2);
	job->deadline_ns = (s->hw_last > now ? s->hw_last : now) + dur;
	s->hw_last = job->deadline_ns;
	job->next_hw = NULL;
	if (s->hw_tail)
		s->hw_tail->next_hw = job;
	else
		s->hw_head = job;
	s->hw_tail = job;
	pthread_cond_signal(&s->hw_cond);
	pthread_mutex_unlock(&s->hw_lock);
}

/* drm_sched_run_job_work() */
static void run_job_work(struct sr_sched *s, unsigned reason)
{
	uint64_t sched_slot[] = { U64(s) };
	struct sr_entity *e;
	struct sr_job *job;
	uint64_t seqno;
	bool no_credit;

	schedhang_probe_worker_begin(sched_slot);
	if (!s->info_emitted) {
		sr_emit_sched_info(s);
		s->info_emitted = true;
	}
	sr_truth_on_begin(s, sr_now_ns(), reason, atomic_load(&s->queued_ns));

	e = select_entity(s, &no_credit);
	if (!e) {
		emit_worker(s, no_credit ? SR_OUT_NO_CREDIT : SR_OUT_NO_ENTITY, NULL, 0);
		return;
	}
	job = pop_job(e);
	if (!job) {
		sr_kick(s, SR_WHICH_RUN, SR_REASON_POP_NULL);
		emit_worker(s, SR_OUT_POP_NULL, NULL, 0);
		return;
	}
	seqno = job->seqno;
	atomic_fetch_add(&s->credit_count, 1);
	job->next_pending = NULL;
	if (s->pend_tail)
		s->pend_tail->next_pending = job;
	else
		s->pend_head = job;
	s->pend_tail = job;
	if (s->ctx->opt.job_ns)
		hw_submit(s, job);
	else
		job_done(s, job);	/* fence already signalled: -ENOENT path */
	sr_kick(s, SR_WHICH_RUN, SR_REASON_RUN_REQUEUE);
	emit_worker(s, SR_OUT_RAN, e, seqno);
}

/* drm_sched_free_job_work() (6.15/6.16 shape: one job per run) */
static void free_job_work(struct sr_sched *s)
{
	struct sr_job *job = s->pend_head;

	if (job && atomic_load_explicit(&job->finished, memory_order_acquire)) {
		s->pend_head = job->next_pending;
		if (!s->pend_head)
			s->pend_tail = NULL;
		free(job);
		job = s->pend_head;
		if (job && atomic_load_explicit(&job->finished, memory_order_acquire))
			sr_kick(s, SR_WHICH_FREE, SR_REASON_FREE_WORK);
	}
	sr_kick(s, SR_WHICH_RUN, SR_REASON_FREE_WORK);
}

/* The ordered submit workqueue: one thread runs both work items */
void *sr_worker_main(void *arg)
{
	struct sr_sched *s = arg;
	uint32_t p;

	sr_pin(s->ctx->opt.pin_workers);
	for (;;) {
		p = atomic_load(&s->pending);
		if (p & SR_PEND_RUN) {
			atomic_store(&s->running, 1);
			p = atomic_fetch_and(&s->pending, ~(SR_PEND_RUN | SR_PEND_REASON_MASK));
			run_job_work(s, (p & SR_PEND_REASON_MASK) >> SR_PEND_REASON_SHIFT);
			atomic_store(&s->run_end_ns, sr_now_ns());
			atomic_store(&s->running, 0);
		} else if (p & SR_PEND_FREE) {
			atomic_fetch_and(&s->pending, ~SR_PEND_FREE);
			free_job_work(s);
		} else if (p & SR_PEND_QUIT) {
			break;
		} else {
			atomic_store(&s->sleeping, 1);
			if (atomic_load(&s->pending) == p)
				futex_wait(&s->pending, p, 0);
			atomic_store(&s->sleeping, 0);
		}
	}
	return NULL;
}

/* The ring: completes jobs in order at their deadlines */
void *sr_hw_main(void *arg)
{
	struct sr_sched *s = arg;
	struct sr_job *job;
	struct timespec ts;

	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	pthread_mutex_lock(&s->hw_lock);
	for (;;) {
		job = s->hw_head;
		if (!job && atomic_load(&s->ctx->quit))
			break;
		if (!job) {
			pthread_cond_wait(&s->hw_cond, &s->hw_lock);
			continue;
		}
		if (sr_now_ns() < job->deadline_ns) {
			pthread_mutex_unlock(&s->hw_lock);
			ts.tv_sec = (time_t)(job->deadline_ns / 1000000000u);
			ts.tv_nsec = (long)(job->deadline_ns % 1000000000u);
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
				;
			pthread_mutex_lock(&s->hw_lock);
			continue;
		}
		s->hw_head = job->next_hw;
		if (!s->hw_head)
			s->hw_tail = NULL;
		pthread_mutex_unlock(&s->hw_lock);
		job_done(s, job);
		pthread_mutex_lock(&s->hw_lock);
	}
	pthread_mutex_unlock(&s->hw_lock);
	return NULL;
}

/* Wait until fewer than depth jobs of E are unfinished; false on stop */
static bool wait_depth(struct sr_entity *e, uint64_t pushed)
{
	struct sr_ctx *ctx = e->sched->ctx;
	uint32_t d;

	for (;;) {
		if (atomic_load(&ctx->stop))
			return false;
		d = atomic_load(&e->done);
		if (pushed - d < ctx->opt.depth)
			return true;
		atomic_store(&e->waiting, 1);
		if (atomic_load(&e->done) == d)
			futex_wait(&e->done, d, 20000000);	/* stop has no futex */
	}
}

/* drm_sched_entity_push_job(), in a loop */
void *sr_producer_main(void *arg)
{
	struct sr_entity *e = arg;
	struct sr_sched *s = e->sched;
	struct sr_ctx *ctx = s->ctx;
	struct sr_pushrec *rec;
	struct sr_job *job;
	uint64_t n, before, after, end, window, t0;
	bool first;

	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	sr_pin(ctx->opt.pin_producers);
	for (n = 1; n <= e->njobs; n++) {
		if (!wait_depth(e, n - 1))
			break;
		if (ctx->opt.pace_ns)
			sr_sleep_ns(sr_rand_range(&e->rng, 0, 2 * ctx->opt.pace_ns));
		job = calloc(1, sizeof(*job));
		if (!job) {
			atomic_store(&ctx->stop, 1);
			break;
		}
		job->entity = e;
		job->seqno = n;
		before = ctx->qops->count(&e->q);
		window = sr_rand_range(&e->rng, ctx->opt.window_ns / 2, ctx->opt.window_ns);
		t0 = e->push_lat ? sr_now_ns() : 0;
		first = ctx->qops->push(&e->q, &job->node, window);
		/* the job may be freed from here on */
		end = sr_now_ns();
		if (e->push_lat)
			sr_lat_add(e->push_lat, end - t0);
		after = ctx->qops->count(&e->q);
		rec = &e->ring[n % ctx->opt.depth];
		atomic_store(&rec->first, first);
		atomic_store(&rec->end_ns, end);
		atomic_store(&e->pushed, n);

		uint64_t slots[] = { U64(s), U64(e), e->ectx, n, first, before, after };
		schedhang_probe_push(slots);
		if (first)
			sr_kick(s, SR_WHICH_RUN, SR_REASON_PUSH_FIRST);
	}
	return NULL;
}

void sr_sched_quit_worker(struct sr_sched *s)
{
	atomic_fetch_or(&s->pending, SR_PEND_QUIT);
	futex_wake(&s->pending);
}

void sr_sched_quit_hw(struct sr_sched *s)
{
	pthread_mutex_lock(&s->hw_lock);
	pthread_cond_broadcast(&s->hw_cond);
	pthread_mutex_unlock(&s->hw_lock);
}

void sr_sched_drain(struct sr_sched *s)
{
	struct sr_job *job, *next;
	struct sr_node *node, *nnode;
	unsigned i;

	for (job = s->pend_head; job; job = next) {
		next = job->next_pending;
		free(job);
	}
	s->pend_head = s->pend_tail = NULL;
	s->hw_head = s->hw_tail = NULL;		/* all on the pending list */
	for (i = 0; i < s->nents; i++) {
		node = atomic_load(&s->ents[i]->q.head);
		for (; node; node = nnode) {
			nnode = atomic_load(&node->next);
			free(container_of(node, struct sr_job, node));
		}
		atomic_store(&s->ents[i]->q.head, NULL);
	}
}
