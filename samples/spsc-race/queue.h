/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SR_QUEUE_H
#define SR_QUEUE_H

/*
 * The entity job queue, three ways, chosen once per run through an ops table:
 *
 *   buggy   include/drm/spsc_queue.h before Linux 6.16-rc5: job_count is
 *           incremented after the tail xchg and the WRITE_ONCE of the link
 *   fixed   commit 8af39ec5cf2b: atomic_inc + smp_mb__after_atomic() first
 *   locked  a singly linked list + tail pointer, count under one spinlock
 *           (the replacement on the DRM TODO list)
 *
 * Kernel primitives map onto C11 atomics: xchg/cmpxchg are seq_cst RMWs,
 * READ_ONCE/WRITE_ONCE and atomic_inc/dec/read are relaxed, smp_wmb() is a
 * release fence, smp_rmb() an acquire fence, smp_mb__after_atomic() a seq_cst
 * fence. On x86-64 these compile to the same instructions as the kernel's.
 */

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct sr_node {
	_Atomic(struct sr_node *) next;
};

struct sr_queue {
	_Atomic(struct sr_node *) head;
	_Atomic(_Atomic(struct sr_node *) *) tail;
	atomic_int job_count;
	pthread_spinlock_t lock;	/* locked variant only */
};

/* What a pop saw, for the schedhang_pop event */
struct sr_pop_info {
	unsigned cnt_after;
	bool head_nonnull;
	bool slowpath;			/* the tail cmpxchg failed: a push was in flight */
};

struct sr_queue_ops {
	const char *name;
	/* Push; returns true when the queue was empty (the push must wake the
	 * worker). window_ns > 0 sleeps inside the push window. */
	bool (*push)(struct sr_queue *q, struct sr_node *node, uint64_t window_ns);
	/* Pop the head or return NULL; consumer only */
	struct sr_node *(*pop)(struct sr_queue *q, struct sr_pop_info *info);
	/* spsc_queue_peek(): the head; consumer only */
	struct sr_node *(*peek)(struct sr_queue *q);
	/* spsc_queue_count() */
	unsigned (*count)(struct sr_queue *q);
};

/* The ops of variant NAME ("buggy", "fixed", "locked"), or NULL */
const struct sr_queue_ops *sr_queue_ops_find(const char *name);

/* Initialize an empty queue; returns 0 or -1 (errno set) */
int sr_queue_init(struct sr_queue *q);
void sr_queue_release(struct sr_queue *q);

/* Sleep for NS nanoseconds of CLOCK_MONOTONIC (no-op for 0) */
void sr_sleep_ns(uint64_t ns);

#endif
