/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sh_analysis_stalled(): the flight recorder's question, on synthetic event sequences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "events.h"

#define MS 1000000ULL
#define PUSH_TS (1 * MS + 8000)

static struct script start(void)
{
	struct script sc = { .a = sh_analysis_new(NULL) };

	assert_non_null(sc.a);
	return sc;
}

/* The June 2025 interleaving (schedhang-events(7)); J's push (not first) at PUSH_TS. */
static void race(struct script *sc, int cnt_before)
{
	push(sc, 1 * MS, E1, CTX1, 1, 1, 0, 1);
	kick(sc, 1 * MS + 1000, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 1);
	begin(sc, 1 * MS + 2000);
	pop(sc, 1 * MS + 3000, E1, CTX1, 1, 0, cnt_before, cnt_before);
	kick(sc, 1 * MS + 4000, SH_KICK_WHICH_RUN, SH_KICK_REASON_RUN_REQUEUE, 0, 1);
	worker(sc, 1 * MS + 5000, SH_OUTCOME_RAN, E1, CTX1, 1, 0);
	begin(sc, 1 * MS + 6000);
	worker(sc, 1 * MS + 7000, SH_OUTCOME_NO_ENTITY, 0, 0, 0, cnt_before);
	push(sc, PUSH_TS, E1, CTX1, 2, 0, cnt_before, cnt_before + 1);
}

static void test_race_is_stalled_once_long_enough(void **state)
{
	struct script sc = start();
	struct sh_stall st;

	(void)state;
	race(&sc, 1);
	assert_false(sh_analysis_stalled(sc.a, PUSH_TS + 199 * MS, 200 * MS, &st));
	assert_true(sh_analysis_stalled(sc.a, PUSH_TS + 200 * MS, 200 * MS, &st));
	assert_int_equal(st.cls, SH_FC_SPSC_RACE);
	assert_int_equal(st.since, PUSH_TS);
	assert_int_equal(st.sched->id, S1);
	assert_int_equal(st.ectx, CTX1);
	assert_int_equal(st.seqno, 2);
	/* the question builds no finding (only the invariant detector's, made at once) */
	for (size_t i = 0; i < sc.a->findings.len; i++)
		assert_int_equal(sc.a->findings.items[i].cls, SH_FC_INVARIANT);
	sh_analysis_free(sc.a);
}

/* No race evidence (nothing was between the swap and the count): the kind is a missing kick. */
static void test_plain_stranded_push_is_a_missing_kick(void **state)
{
	struct script sc = start();
	struct sh_stall st;

	(void)state;
	race(&sc, 0);
	assert_true(sh_analysis_stalled(sc.a, PUSH_TS + 300 * MS, 200 * MS, &st));
	assert_int_equal(st.cls, SH_FC_MISSING_KICK);
	sh_analysis_free(sc.a);
}

/* A worker run closes the stall: nothing stalled afterwards. */
static void test_rescued_stall_is_not_stalled(void **state)
{
	struct script sc = start();
	struct sh_stall st;

	(void)state;
	race(&sc, 1);
	kick(&sc, 30 * MS, SH_KICK_WHICH_RUN, SH_KICK_REASON_FREE_WORK, 0, 1);
	begin(&sc, 30 * MS + 1000);
	pop(&sc, 30 * MS + 2000, E1, CTX1, 2, 0, 0, 0);
	worker(&sc, 30 * MS + 3000, SH_OUTCOME_RAN, E1, CTX1, 2, 0);
	begin(&sc, 30 * MS + 4000);
	worker(&sc, 30 * MS + 5000, SH_OUTCOME_NO_ENTITY, 0, 0, 0, 0);
	assert_false(sh_analysis_stalled(sc.a, 5000 * MS, 200 * MS, &st));
	sh_analysis_free(sc.a);
}

/* A kick sent but never served is the workqueue's stall, dated from the kick. */
static void test_unserved_kick_is_a_workqueue_stall(void **state)
{
	struct script sc = start();
	struct sh_stall st;

	(void)state;
	race(&sc, 1);
	kick(&sc, 30 * MS, SH_KICK_WHICH_RUN, SH_KICK_REASON_FREE_WORK, 0, 1);
	assert_true(sh_analysis_stalled(sc.a, 300 * MS, 200 * MS, &st));
	assert_int_equal(st.cls, SH_FC_WQ_STARVATION);
	assert_int_equal(st.since, 30 * MS);
	assert_false(sh_analysis_stalled(sc.a, 229 * MS, 200 * MS, &st));
	sh_analysis_free(sc.a);
}

/* The oldest open stall is the one reported: a pause before the lost wakeup wins. */
static void test_oldest_stall_wins(void **unused)
{
	struct script sc = start();
	struct sh_stall st;

	(void)unused;
	push(&sc, 1 * MS, E1, CTX1, 1, 1, 0, 1);
	state(&sc, 1 * MS + 500, 0, SH_STATE_WQ_STOP, 0);
	assert_false(sh_analysis_stalled(sc.a, 100 * MS, 200 * MS, &st));
	assert_true(sh_analysis_stalled(sc.a, 400 * MS, 200 * MS, &st));
	assert_int_equal(st.cls, SH_FC_SCHED_PAUSED);
	assert_int_equal(st.since, 1 * MS + 500);
	assert_int_equal(st.ectx, 0);
	sh_analysis_free(sc.a);
}

/* A healthy sequence never stalls, however late the question. */
static void test_healthy_sequence_is_not_stalled(void **state)
{
	struct script sc = start();
	struct sh_stall st;

	(void)state;
	for (uint64_t i = 1; i <= 5; i++) {
		uint64_t t = i * 10 * MS;

		push(&sc, t, E1, CTX1, i, 1, 0, 1);
		kick(&sc, t + 1000, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 1);
		begin(&sc, t + 2000);
		pop(&sc, t + 3000, E1, CTX1, i, 0, 0, 0);
		worker(&sc, t + 4000, SH_OUTCOME_RAN, E1, CTX1, i, 0);
		begin(&sc, t + 5000);
		worker(&sc, t + 6000, SH_OUTCOME_NO_ENTITY, 0, 0, 0, 0);
	}
	assert_false(sh_analysis_stalled(sc.a, 100000 * MS, 1 * MS, &st));
	sh_analysis_free(sc.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_race_is_stalled_once_long_enough),
		cmocka_unit_test(test_plain_stranded_push_is_a_missing_kick),
		cmocka_unit_test(test_rescued_stall_is_not_stalled),
		cmocka_unit_test(test_unserved_kick_is_a_workqueue_stall),
		cmocka_unit_test(test_oldest_stall_wins),
		cmocka_unit_test(test_healthy_sequence_is_not_stalled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
