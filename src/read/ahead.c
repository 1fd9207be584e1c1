/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Read-ahead: a producer thread fills a ring of event batches; the caller
 * takes them in order. The ring bounds memory (SLOTS x BATCH events) and
 * the producer waits when it is full. See ahead.h.
 *
 * The producer writes each batch with non-temporal stores where the CPU has
 * them: a plain store to a slot the caller read last time round must first
 * take its cache lines back from the caller's CPU, and on a 2-vCPU VM that
 * made the reader 2.4 times slower (0.45 s of CPU alone, 1.1 s with the
 * caller reading the events; bench/RESULTS.md).
 */
#include "config.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "read/ahead.h"

#define BATCH 2048
#define SLOTS 4
#define STAGE 32			/* events decoded on the stack, then streamed to the slot */

/* A message the reader logged */
struct msg {
	enum sh_log_level level;
	char *text;			/* owned */
};

struct batch {
	struct sh_event ev[BATCH];
	size_t n;
	int end;			/* after these events: 1 more, 0 end of input, -1 error */
	struct msg *msgs;		/* owned; logged while reading this batch */
	size_t nmsgs;
};

struct sh_ahead {
	struct sh_source *src;		/* borrowed */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t can_fill, can_take;
	struct batch slot[SLOTS];
	unsigned head, tail, full;	/* under lock: next to take, next to fill, full slots */
	bool stop;			/* under lock: the caller is done */
	/* the producer's */
	struct batch *filling;		/* the batch being filled (its messages too) */
	/* the caller's */
	bool taking;			/* slot[head] is being delivered */
};

/* Keep a message logged by the producer with the batch it is filling. */
static void capture(enum sh_log_level level, const char *msg, void *ctx)
{
	struct sh_ahead *a = ctx;
	struct batch *b = a->filling;
	struct msg *m = realloc(b->msgs, (b->nmsgs + 1) * sizeof(*m));
	char *text = strdup(msg);

	if (!m || !text) {
		free(text);
		if (m)
			b->msgs = m;
		return;		/* out of memory: the message is lost, the events are not */
	}
	b->msgs = m;
	b->msgs[b->nmsgs++] = (struct msg){ level, text };
}

/* Copy @n events to @dst bypassing the caches where the CPU can (see the top). */
static void put_events(struct sh_event *dst, const struct sh_event *src, size_t n)
{
#if defined(__x86_64__)
	char *d = (char *)dst;
	const char *s = (const char *)src;
	size_t len = n * sizeof(*src), i = 0;
	long long w;

	_Static_assert(sizeof(*src) % 8 == 0 && _Alignof(struct sh_event) % 8 == 0,
		       "events are whole, aligned 8-byte words");
	if (len && ((uintptr_t)d & 15)) {	/* 8-byte aligned: one word to reach 16 */
		memcpy(&w, s, 8);
		_mm_stream_si64((long long *)(void *)d, w);
		i = 8;
	}
	for (; i + 64 <= len; i += 64) {	/* a cache line at a time */
		__m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
		__m128i x2 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 32));
		__m128i x3 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 48));

		_mm_stream_si128((__m128i *)(void *)(d + i), x0);
		_mm_stream_si128((__m128i *)(void *)(d + i + 16), x1);
		_mm_stream_si128((__m128i *)(void *)(d + i + 32), x2);
		_mm_stream_si128((__m128i *)(void *)(d + i + 48), x3);
	}
	for (; i + 16 <= len; i += 16)
		_mm_stream_si128((__m128i *)(void *)(d + i),
				 _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
	if (i < len) {
		memcpy(&w, s + i, 8);
		_mm_stream_si64((long long *)(void *)(d + i), w);
	}
#else
	memcpy(dst, src, n * sizeof(*src));
#endif
}

/* Fill @b from the source; false when the input ended (or failed). */
static bool fill(struct sh_ahead *a, struct batch *b)
{
	struct sh_event stage[STAGE];
	int r = 1;

	b->n = 0;
	while (r > 0 && b->n < BATCH) {
		size_t k = 0, want = BATCH - b->n < STAGE ? BATCH - b->n : STAGE;

		r = sh_source_fill(a->src, stage, want, &k);
		put_events(b->ev + b->n, stage, k);
		b->n += k;
	}
#if defined(__x86_64__)
	_mm_sfence();		/* the streamed stores are visible before the slot is handed over */
#endif
	b->end = r;
	return b->end > 0;
}

static void *produce(void *arg)
{
	struct sh_ahead *a = arg;
	bool more = true;

	sh_log_set_thread_sink(capture, a);
	while (more) {
		pthread_mutex_lock(&a->lock);
		while (a->full == SLOTS && !a->stop)
			pthread_cond_wait(&a->can_fill, &a->lock);
		if (a->stop) {
			pthread_mutex_unlock(&a->lock);
			break;
		}
		a->filling = &a->slot[a->tail];
		pthread_mutex_unlock(&a->lock);
		more = fill(a, a->filling);
		pthread_mutex_lock(&a->lock);
		a->tail = (a->tail + 1) % SLOTS;
		a->full++;
		pthread_cond_signal(&a->can_take);
		pthread_mutex_unlock(&a->lock);
	}
	return NULL;
}

struct sh_ahead *sh_ahead_start(struct sh_source *src)
{
	struct sh_ahead *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->src = src;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->can_fill, NULL);
	pthread_cond_init(&a->can_take, NULL);
	if (pthread_create(&a->thread, NULL, produce, a) != 0) {
		pthread_mutex_destroy(&a->lock);
		pthread_cond_destroy(&a->can_fill);
		pthread_cond_destroy(&a->can_take);
		free(a);
		return NULL;
	}
	return a;
}

/* Replay and free the messages logged while @b was read. */
static void replay(struct batch *b)
{
	for (size_t i = 0; i < b->nmsgs; i++) {
		sh_log(b->msgs[i].level, b->msgs[i].text);
		free(b->msgs[i].text);
	}
	free(b->msgs);
	b->msgs = NULL;
	b->nmsgs = 0;
}

/* Give slot[head], which the caller is done with, back to the producer. */
static void release(struct sh_ahead *a)
{
	pthread_mutex_lock(&a->lock);
	a->head = (a->head + 1) % SLOTS;
	a->full--;
	pthread_cond_signal(&a->can_fill);
	pthread_mutex_unlock(&a->lock);
	a->taking = false;
}

long sh_ahead_take(struct sh_ahead *a, const struct sh_event **evs, int *end)
{
	struct batch *b = &a->slot[a->head];

	if (a->taking) {
		if (b->end <= 0) {
			*end = b->end;		/* and again on every later call */
			return 0;
		}
		release(a);
		b = &a->slot[a->head];
	}
	pthread_mutex_lock(&a->lock);
	while (!a->full)
		pthread_cond_wait(&a->can_take, &a->lock);
	pthread_mutex_unlock(&a->lock);
	replay(b);
	a->taking = true;
	*evs = b->ev;
	*end = b->end;
	return (long)b->n;
}

void sh_ahead_stop(struct sh_ahead *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->stop = true;
	pthread_cond_signal(&a->can_fill);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	for (unsigned i = 0; i < SLOTS; i++)	/* messages nobody took: still say them */
		replay(&a->slot[(a->head + i) % SLOTS]);
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->can_fill);
	pthread_cond_destroy(&a->can_take);
	free(a);
}
