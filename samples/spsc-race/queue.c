/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "queue.h"

#define RELAXED memory_order_relaxed

void sr_sleep_ns(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };

	if (!ns)
		return;
	while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR)
		;
}

int sr_queue_init(struct sr_queue *q)
{
	int err;

	atomic_init(&q->head, NULL);
	atomic_init(&q->tail, &q->head);
	atomic_init(&q->job_count, 0);
	err = pthread_spin_init(&q->lock, PTHREAD_PROCESS_PRIVATE);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

void sr_queue_release(struct sr_queue *q)
{
	pthread_spin_destroy(&q->lock);
}

/*
 * spsc_queue_push(). The kernel runs it under preempt_disable(), which keeps
 * the producer CPU from switching tasks but not the consumer CPU from
 * running: window_ns models an interrupt or a vCPU preemption in the window.
 */
static bool spsc_push_buggy(struct sr_queue *q, struct sr_node *node, uint64_t window_ns)
{
	_Atomic(struct sr_node *) *tail;

	atomic_store_explicit(&node->next, NULL, RELAXED);
	tail = atomic_exchange(&q->tail, &node->next);		/* L73 xchg */
	atomic_store_explicit(tail, node, RELAXED);		/* L74 WRITE_ONCE */
	sr_sleep_ns(window_ns);		/* pop can drain the queue, count lags */
	atomic_fetch_add_explicit(&q->job_count, 1, RELAXED);	/* L75 atomic_inc */
	atomic_thread_fence(memory_order_release);		/* smp_wmb() */
	return tail == &q->head;
}

static bool spsc_push_fixed(struct sr_queue *q, struct sr_node *node, uint64_t window_ns)
{
	_Atomic(struct sr_node *) *tail;

	atomic_store_explicit(&node->next, NULL, RELAXED);
	atomic_fetch_add_explicit(&q->job_count, 1, RELAXED);	/* atomic_inc */
	atomic_thread_fence(memory_order_seq_cst);		/* smp_mb__after_atomic() */
	tail = atomic_exchange(&q->tail, &node->next);
	sr_sleep_ns(window_ns);		/* pop spins (slow path) or sees NULL */
	atomic_store_explicit(tail, node, RELAXED);
	atomic_thread_fence(memory_order_release);
	return tail == &q->head;
}

/* spsc_queue_pop(), with the slow path reported */
static struct sr_node *spsc_pop(struct sr_queue *q, struct sr_pop_info *info)
{
	struct sr_node *node, *next;
	_Atomic(struct sr_node *) *expected;

	info->slowpath = false;
	atomic_thread_fence(memory_order_acquire);		/* smp_rmb() */
	node = atomic_load_explicit(&q->head, RELAXED);
	if (!node)
		return NULL;
	next = atomic_load_explicit(&node->next, RELAXED);
	atomic_store_explicit(&q->head, next, RELAXED);
	if (!next) {
		/* slowpath for the last element in the queue */
		expected = &node->next;
		if (!atomic_compare_exchange_strong(&q->tail, &expected, &q->head)) {
			/* updating tail failed: wait for the new next to appear */
			info->slowpath = true;
			do {
				atomic_thread_fence(memory_order_acquire);
				next = atomic_load_explicit(&node->next, RELAXED);
				atomic_store_explicit(&q->head, next, RELAXED);
			} while (!next);
		}
	}
	atomic_fetch_sub_explicit(&q->job_count, 1, RELAXED);	/* atomic_dec */
	info->cnt_after = (unsigned)atomic_load_explicit(&q->job_count, RELAXED);
	info->head_nonnull = atomic_load_explicit(&q->head, RELAXED) != NULL;
	return node;
}

static struct sr_node *spsc_peek(struct sr_queue *q)
{
	return atomic_load_explicit(&q->head, RELAXED);
}

static unsigned spsc_count(struct sr_queue *q)
{
	return (unsigned)atomic_load_explicit(&q->job_count, RELAXED);
}

/* The locked list: the same representation, every access under q->lock */
static bool locked_push(struct sr_queue *q, struct sr_node *node, uint64_t window_ns)
{
	_Atomic(struct sr_node *) *tail;

	atomic_store_explicit(&node->next, NULL, RELAXED);
	pthread_spin_lock(&q->lock);
	tail = atomic_load_explicit(&q->tail, RELAXED);
	atomic_store_explicit(tail, node, RELAXED);
	atomic_store_explicit(&q->tail, &node->next, RELAXED);
	sr_sleep_ns(window_ns);		/* same preemption, but holding the lock */
	atomic_fetch_add_explicit(&q->job_count, 1, RELAXED);
	pthread_spin_unlock(&q->lock);
	return tail == &q->head;
}

static struct sr_node *locked_pop(struct sr_queue *q, struct sr_pop_info *info)
{
	struct sr_node *node, *next;

	info->slowpath = false;
	pthread_spin_lock(&q->lock);
	node = atomic_load_explicit(&q->head, RELAXED);
	if (node) {
		next = atomic_load_explicit(&node->next, RELAXED);
		atomic_store_explicit(&q->head, next, RELAXED);
		if (!next)
			atomic_store_explicit(&q->tail, &q->head, RELAXED);
		atomic_fetch_sub_explicit(&q->job_count, 1, RELAXED);
		info->cnt_after = (unsigned)atomic_load_explicit(&q->job_count, RELAXED);
		info->head_nonnull = next != NULL;
	}
	pthread_spin_unlock(&q->lock);
	return node;
}

static struct sr_node *locked_peek(struct sr_queue *q)
{
	struct sr_node *node;

	pthread_spin_lock(&q->lock);
	node = atomic_load_explicit(&q->head, RELAXED);
	pthread_spin_unlock(&q->lock);
	return node;
}

static const struct sr_queue_ops variants[] = {
	{ "buggy", spsc_push_buggy, spsc_pop, spsc_peek, spsc_count },
	{ "fixed", spsc_push_fixed, spsc_pop, spsc_peek, spsc_count },
	{ "locked", locked_push, locked_pop, locked_peek, spsc_count },
};

const struct sr_queue_ops *sr_queue_ops_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		if (!strcmp(variants[i].name, name))
			return &variants[i];
	return NULL;
}
