/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Read-ahead: a producer thread fills a ring of batches of bytes (events, or
 * raw records the caller decodes: the full and the lean way of ahead.h); the
 * caller takes them in order. The ring bounds memory (SLOTS x BATCH_BYTES)
 * and the producer waits when it is full, so its pace is the slower
 * thread's: how the producer compares its two ways.
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
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "read/ahead.h"

#define BATCH_BYTES (256 * 1024)
#define SLOTS 4
/*
 * The probe: batches read each way before measuring (the ring fills with
 * them, the caller's tables grow), then measured: 2 x 96 batches, about 5 % of
 * an 11-million-event recording.
 */
#define PROBE_WARM 32
#define PROBE_BATCHES 64

/* A message the reader logged */
struct msg {
	enum sh_log_level level;
	char *text;			/* owned */
};

struct batch {
	_Alignas(64) unsigned char data[BATCH_BYTES];
	size_t len;			/* bytes of data filled */
	int end;			/* after these bytes: 1 more, 0 end of input, -1 error */
	bool lean;			/* filled the lean way */
	struct msg *msgs;		/* owned; logged while reading this batch */
	size_t nmsgs;
};

/* The producer's choice of way under SH_AHEAD_PROBE (see ahead.h) */
struct probe {
	unsigned step;			/* 0 full, 1 lean: measuring; 2 chosen */
	unsigned n;			/* batches filled in this step */
	uint64_t t0, u0;		/* when the step's measure began; the units read until then */
	double rate[2];			/* full, lean: input records read per ns */
};

struct sh_ahead {
	sh_ahead_fill_fn *fill[2];	/* full, lean (or NULL) */
	void *ctx;			/* borrowed: the fill functions' */
	enum sh_ahead_policy policy;
	unsigned char *stage;		/* owned: the producer's pieces, before they go to a slot */
	size_t stage_cap;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t can_fill, can_take;
	struct batch slot[SLOTS];
	unsigned head, tail, full;	/* under lock: next to take, next to fill, full slots */
	unsigned lean_out;		/* under lock: lean batches the caller is not done with */
	bool stop;			/* under lock: the caller is done */
	/* the producer's */
	struct batch *filling;		/* the batch being filled (its messages too) */
	uint64_t units;			/* input records read so far */
	struct probe probe;
	unsigned turns;			/* SH_AHEAD_ALTERNATE: batches filled */
	/* the caller's */
	bool taking;			/* slot[head] is being delivered */
};

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/*
 * SH_AHEAD_PROBE: PROBE_WARM + PROBE_BATCHES batches the full way, as many
 * the lean way, then the way that read more input records per second over
 * its last PROBE_BATCHES: as the producer waits for free slots, that is the
 * pace of the slower thread. Short inputs end before the probe does.
 */
static bool probe_way(struct sh_ahead *a)
{
	struct probe *p = &a->probe;

	if (p->step < 2 && p->n == PROBE_WARM) {
		p->t0 = now_ns();
		p->u0 = a->units;
	} else if (p->step < 2 && p->n == PROBE_WARM + PROBE_BATCHES) {
		uint64_t t = now_ns() - p->t0;

		p->rate[p->step++] = (double)(a->units - p->u0) / (double)(t ? t : 1);
		p->n = 0;
	}
	p->n++;
	return p->step == 2 ? p->rate[1] > p->rate[0] : p->step == 1;
}

/* The way to fill the next batch: true = lean. */
static bool next_way(struct sh_ahead *a)
{
	if (!a->fill[1])
		return false;
	switch (a->policy) {
	case SH_AHEAD_FULL:
		return false;
	case SH_AHEAD_LEAN:
		return true;
	case SH_AHEAD_ALTERNATE:
		return a->turns++ % 2 == 1;
	case SH_AHEAD_PROBE:
		break;
	}
	return probe_way(a);
}

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

/*
 * Copy the @len bytes at @src to @dst (both 8-byte aligned, @len a multiple
 * of 8) bypassing the caches where the CPU can (see the top).
 */
static void put_bytes(unsigned char *dst, const unsigned char *src, size_t len)
{
#if defined(__x86_64__)
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t i = 0;
	long long w;

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
	memcpy(dst, src, len);
#endif
}

/* Fill @b a piece at a time, the @lean way or the full one; false when the input ended (or failed). */
static bool fill_batch(struct sh_ahead *a, struct batch *b, bool lean)
{
	int r = 1;

	b->len = 0;
	b->lean = lean;
	while (r > 0 && b->len < BATCH_BYTES) {
		size_t k = 0, room = BATCH_BYTES - b->len, units = 0;

		r = a->fill[lean](a->ctx, a->stage, room < a->stage_cap ? room : a->stage_cap, &k,
				  &units);
		a->units += units;
		put_bytes(b->data + b->len, a->stage, k);
		b->len += k;
		if ((r > 0 && !k) || a->policy == SH_AHEAD_ALTERNATE)
			break;		/* the next piece needs more room than is left; a test's one piece */
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
		bool lean = next_way(a);

		pthread_mutex_lock(&a->lock);
		/* the full way decodes: only once the caller decoded every lean batch */
		while ((a->full == SLOTS || (!lean && a->lean_out)) && !a->stop)
			pthread_cond_wait(&a->can_fill, &a->lock);
		if (a->stop) {
			pthread_mutex_unlock(&a->lock);
			break;
		}
		a->filling = &a->slot[a->tail];
		pthread_mutex_unlock(&a->lock);
		more = fill_batch(a, a->filling, lean);
		pthread_mutex_lock(&a->lock);
		a->tail = (a->tail + 1) % SLOTS;
		a->full++;
		a->lean_out += lean;
		pthread_cond_signal(&a->can_take);
		pthread_mutex_unlock(&a->lock);
	}
	return NULL;
}

struct sh_ahead *sh_ahead_start(sh_ahead_fill_fn *full, sh_ahead_fill_fn *lean, void *ctx,
				size_t piece, enum sh_ahead_policy policy)
{
	struct sh_ahead *a;

	if (!piece || piece > BATCH_BYTES || piece % 8 ||
	    posix_memalign((void **)&a, _Alignof(struct sh_ahead), sizeof(*a)))
		return NULL;
	memset(a, 0, sizeof(*a));
	if (posix_memalign((void **)&a->stage, 64, piece)) {
		free(a);
		return NULL;
	}
	a->fill[0] = full;
	a->fill[1] = lean;
	a->ctx = ctx;
	a->policy = policy;
	a->stage_cap = piece;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->can_fill, NULL);
	pthread_cond_init(&a->can_take, NULL);
	if (pthread_create(&a->thread, NULL, produce, a) != 0) {
		pthread_mutex_destroy(&a->lock);
		pthread_cond_destroy(&a->can_fill);
		pthread_cond_destroy(&a->can_take);
		free(a->stage);
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
	replay(&a->slot[a->head]);	/* if the caller did not say them */
	pthread_mutex_lock(&a->lock);
	a->lean_out -= a->slot[a->head].lean;
	a->head = (a->head + 1) % SLOTS;
	a->full--;
	pthread_cond_signal(&a->can_fill);
	pthread_mutex_unlock(&a->lock);
	a->taking = false;
}

size_t sh_ahead_take(struct sh_ahead *a, const void **data, int *end, bool *lean)
{
	struct batch *b = &a->slot[a->head];

	if (a->taking) {
		if (b->end <= 0) {
			*end = b->end;		/* and again on every later call */
			*lean = false;
			return 0;
		}
		release(a);
		b = &a->slot[a->head];
	}
	pthread_mutex_lock(&a->lock);
	while (!a->full)
		pthread_cond_wait(&a->can_take, &a->lock);
	pthread_mutex_unlock(&a->lock);
	a->taking = true;
	*data = b->data;
	*end = b->end;
	*lean = b->lean;
	return b->len;
}

void sh_ahead_say(struct sh_ahead *a)
{
	if (a->taking)
		replay(&a->slot[a->head]);
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
	free(a->stage);
	free(a);
}
