/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The read-ahead ring (src/read/ahead.c) with two ways of filling it: every
 * piece arrives once, in order, with the way it was filled; the probe fills
 * PROBE_WARM + PROBE_BATCHES batches the full way, as many the lean way,
 * then keeps one; and the full way never runs while the caller still holds
 * a lean batch (the decoder's state would have two owners). Which way the
 * probe keeps depends on timing; a slow caller of lean batches makes it
 * take the full way back, which must then wait for the caller.
 */
#include "config.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "read/ahead.h"

#define PIECE 64		/* bytes: eight 8-byte words */
#define BATCH_WORDS (256 * 1024 / 8)
#define PROBE_END 192		/* batches the probe fills before it keeps a way */

struct feed {
	uint64_t next;			/* the producer's: the next word to write */
	uint64_t words;			/* the input's length, in words */
	atomic_bool in_lean;		/* the caller holds a lean batch */
	atomic_int overlaps;		/* the full way ran while it did */
	bool slow_lean;			/* the caller dawdles over lean batches */
};

/* Words next, next + 1, ... tagged with the way (bit 63 = lean). */
static int fill(struct feed *f, uint64_t *out, size_t cap, size_t *len, size_t *units, bool lean)
{
	size_t n = 0;

	while (n + PIECE / 8 <= cap / 8 && f->next < f->words)
		for (unsigned i = 0; i < PIECE / 8; i++)
			out[n++] = f->next++ | (uint64_t)lean << 63;
	*len = n * 8;
	*units = n;
	return f->next < f->words;
}

static int fill_full(void *ctx, void *buf, size_t cap, size_t *len, size_t *units)
{
	struct feed *f = ctx;

	if (atomic_load(&f->in_lean))
		atomic_fetch_add(&f->overlaps, 1);
	return fill(f, buf, cap, len, units, false);
}

static int fill_lean(void *ctx, void *buf, size_t cap, size_t *len, size_t *units)
{
	return fill(ctx, buf, cap, len, units, true);
}

static void spin(unsigned us)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((t.tv_sec - t0.tv_sec) * 1000000 + (t.tv_nsec - t0.tv_nsec) / 1000 < us);
}

/* Take every batch of @f's input read as @policy; the way of each batch in @ways. */
static size_t take_all(struct feed *f, enum sh_ahead_policy policy, bool *ways, size_t max)
{
	struct sh_ahead *a = sh_ahead_start(fill_full, fill_lean, f, PIECE, policy);
	uint64_t want = 0;
	size_t nb = 0;
	int end = 1;

	assert_non_null(a);
	while (end > 0) {
		const void *data;
		bool lean;
		size_t len;
		const uint64_t *w;

		atomic_store(&f->in_lean, false);	/* done with the batch before */
		len = sh_ahead_take(a, &data, &end, &lean);
		w = data;
		atomic_store(&f->in_lean, lean);
		assert_int_equal(len % 8, 0);
		for (size_t i = 0; i < len / 8; i++, want++) {
			assert_int_equal(w[i] & ~(1ull << 63), want);
			assert_int_equal(w[i] >> 63, lean);
		}
		if (lean && f->slow_lean)
			spin(300);
		if (nb < max)
			ways[nb] = lean;
		nb++;
	}
	assert_int_equal(end, 0);
	assert_int_equal(want, f->words);
	sh_ahead_stop(a);
	return nb;
}

/* The probe's order: full, lean, then one way; and never the full way over a lean batch. */
static void check_probe(bool slow_lean)
{
	static bool ways[PROBE_END + 64];
	struct feed f = { .words = (PROBE_END + 60ull) * BATCH_WORDS, .slow_lean = slow_lean };
	size_t nb = take_all(&f, SH_AHEAD_PROBE, ways, PROBE_END + 64);

	assert_int_equal(nb, PROBE_END + 60);
	for (size_t i = 0; i < PROBE_END; i++)
		assert_int_equal(ways[i], i >= PROBE_END / 2);
	for (size_t i = PROBE_END + 1; i < nb; i++)
		assert_int_equal(ways[i], ways[PROBE_END]);
	assert_int_equal(atomic_load(&f.overlaps), 0);
	/* a caller that dawdles over lean batches gets full ones back */
	if (slow_lean)
		assert_false(ways[PROBE_END]);
}

static void probe_fast_caller(void **state)
{
	(void)state;
	check_probe(false);
}

static void probe_slow_lean_caller(void **state)
{
	(void)state;
	check_probe(true);
}

/* One piece a batch, the two ways in turn, and each forced way alone. */
static void forced_ways(void **state)
{
	static bool ways[64];
	struct feed f = { .words = 40 * PIECE / 8 };

	(void)state;
	assert_int_equal(take_all(&f, SH_AHEAD_ALTERNATE, ways, 64), 40);
	for (size_t i = 0; i < 40; i++)
		assert_int_equal(ways[i], i % 2);
	assert_int_equal(atomic_load(&f.overlaps), 0);
	for (int p = SH_AHEAD_FULL; p <= SH_AHEAD_LEAN; p++) {
		f = (struct feed){ .words = 3ull * BATCH_WORDS + 8 };
		assert_int_equal(take_all(&f, p, ways, 64), 4);
		for (size_t i = 0; i < 4; i++)
			assert_int_equal(ways[i], p == SH_AHEAD_LEAN);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forced_ways),
		cmocka_unit_test(probe_fast_caller),
		cmocka_unit_test(probe_slow_lean_caller),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
