/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The analysis costs time and memory linear in the events (issue 24): each
 * hostile shape is fed at 1x, 4x and 16x its size, and the work per event
 * (the model's step count: elements visited in loops over its state) and the
 * heap per entity must not grow with the size. Counts, not wall time: the
 * result is the same on a loaded machine and under the sanitizers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "detect/lostwake.h"
#include "events.h"

#ifdef __SANITIZE_ADDRESS__
#define HEAP_FROM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_FROM_ASAN 1
#endif
#endif

#ifdef HEAP_FROM_ASAN
/* ASan's malloc keeps its own books (sanitizer/allocator_interface.h, not always installed) */
size_t __sanitizer_get_current_allocated_bytes(void);
static size_t heap_bytes(void)
{
	return __sanitizer_get_current_allocated_bytes();
}
#else
#include <malloc.h>
static size_t heap_bytes(void)
{
	return mallinfo2().uordblks;
}
#endif

#define BASE 500	/* 1x; 16x is 8,000 entities or schedulers */

struct cost {
	uint64_t events, steps, units;	/* units: entities or schedulers made */
	size_t bytes;			/* heap held by the analysis after the events */
};

typedef void (*shape_fn)(struct script *sc, unsigned n);

static struct cost run(shape_fn shape, unsigned n)
{
	size_t before = heap_bytes();
	struct script sc = { .a = sh_analysis_new(NULL) };
	struct cost c;

	assert_non_null(sc.a);
	shape(&sc, n);
	c.events = sc.idx;
	c.steps = sc.a->model->steps;
	c.units = n;
	c.bytes = heap_bytes() - before;
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	sh_analysis_free(sc.a);
	return c;
}

/* Work per event and heap per unit at 16x stay within 2x of 1x (quadratic: 16x). */
static void check_linear(const char *name, shape_fn shape, uint64_t max_bytes_per_unit)
{
	struct cost c[3];
	unsigned scale[3] = { 1, 4, 16 };

	for (int i = 0; i < 3; i++) {
		c[i] = run(shape, BASE * scale[i]);
		printf("# %-18s %5ux: %7llu events, %9llu steps (%.2f per event), %8zu bytes "
		       "(%.0f per unit)\n", name, scale[i], (unsigned long long)c[i].events,
		       (unsigned long long)c[i].steps, (double)c[i].steps / (double)c[i].events,
		       c[i].bytes, (double)c[i].bytes / (double)c[i].units);
	}
	for (int i = 1; i < 3; i++) {
		assert_true(c[i].steps * c[0].events <= 2 * c[0].steps * c[i].events);
		assert_true(c[i].bytes * c[0].units <= 2 * c[0].bytes * c[i].units + 65536 * c[i].units / BASE);
	}
	assert_true(c[2].bytes / c[2].units <= max_bytes_per_unit);
}

#define ENT(i) (0xffff888200000000ULL + 0x400ULL * (i))

/* N entities each with an open lost-wakeup stall, then 4N kicks that queue nothing. */
static void kicks_open_stall(struct script *sc, unsigned n)
{
	uint64_t ts = 1000;
	struct sh_stall st;

	for (unsigned i = 0; i < n; i++)
		push(sc, ts++, ENT(i), 1000 + i, 1, 0, 1, 2);
	assert_true(sh_analysis_stalled(sc->a, ts, 0, &st));	/* the pushes opened stalls */
	for (unsigned i = 0; i < 4 * n; i++)
		kick(sc, ts++, SH_KICK_WHICH_RUN, 0, 0, 0);
	begin(sc, ts++);
	/* the run closed them: what is left, if anything, is that run itself (older stalls win) */
	assert_false(sh_analysis_stalled(sc->a, ts, 0, &st) &&
		     (st.cls == SH_FC_SPSC_RACE || st.cls == SH_FC_MISSING_KICK));
}

/* One entity: N jobs pushed, then popped newest first. */
static void pops_reversed(struct script *sc, unsigned n)
{
	uint64_t ts = 1000;

	for (unsigned s = 1; s <= n; s++)
		push(sc, ts++, E1, CTX1, s, s == 1, (int)s - 1, (int)s);
	for (unsigned s = n; s >= 1; s--)
		pop(sc, ts++, E1, CTX1, s, (int)s - 1, 0, 0);
}

/* N stock schedulers (one job each, their own ring name), then 4N sched_switch events. */
static void switch_many_scheds(struct script *sc, unsigned n)
{
	static char names[16 * BASE][24];
	uint64_t ts = 1000;

	for (unsigned i = 0; i < n; i++) {
		struct sh_event ev = mk(SH_EV_JOB_QUEUE, ts++);

		snprintf(names[i], sizeof(names[i]), "ring%u", i);
		ev.str[0] = names[i];
		ev.job_queue.entity = ENT(i);
		ev.job_queue.ectx = 5000 + i;
		ev.job_queue.seqno = 1;
		feed(sc, ev);
	}
	for (unsigned i = 0; i < 4 * n; i++) {
		struct sh_event ev = mk(SH_EV_SWITCH, ts++);

		ev.str[0] = "swapper/0";
		ev.str[1] = "app";
		feed(sc, ev);
	}
}

/* N entities with one job each that waits, then 4N credit stalls (NO_CREDIT, next run). */
static void credit_many_entities(struct script *sc, unsigned n)
{
	uint64_t ts = 1000;

	for (unsigned i = 0; i < n; i++)
		push(sc, ts++, ENT(i), 1000 + i, 1, 1, 0, 1);
	for (unsigned i = 0; i < 4 * n; i++) {
		begin(sc, ts++);
		worker(sc, ts++, SH_OUTCOME_NO_CREDIT, 0, 0, 0, 0);
	}
}

/* N entities of one scheduler, each with a job pushed, run and done. */
static void many_entities(struct script *sc, unsigned n)
{
	uint64_t ts = 1000;

	for (unsigned i = 0; i < n; i++) {
		push(sc, ts++, ENT(i), 1000 + i, 1, 1, 0, 1);
		pop(sc, ts++, ENT(i), 1000 + i, 1, 0, 0, 0);
		done(sc, ts++, 1000 + i, 1);
	}
}

static void test_kicks_open_stall(void **state)
{
	(void)state;
	check_linear("kicks-open-stall", kicks_open_stall, 4096);
}

static void test_pops_reversed(void **state)
{
	(void)state;
	check_linear("pops-reversed", pops_reversed, 1u << 20);
}

static void test_switch_many_scheds(void **state)
{
	(void)state;
	check_linear("switch-many-scheds", switch_many_scheds, 16384);
}

static void test_credit_many_entities(void **state)
{
	(void)state;
	check_linear("credit-entities", credit_many_entities, 4096);
}

/* An entity costs what its state needs: ~1.5 KB, no longer 9.5 KB of empty histograms. */
static void test_many_entities(void **state)
{
	(void)state;
	check_linear("many-entities", many_entities, 4096);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kicks_open_stall),
		cmocka_unit_test(test_pops_reversed),
		cmocka_unit_test(test_switch_many_scheds),
		cmocka_unit_test(test_credit_many_entities),
		cmocka_unit_test(test_many_entities),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
