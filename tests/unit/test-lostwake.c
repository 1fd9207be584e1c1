/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lost-wakeup rule of the contract, on the June 2025 interleaving and its neighbours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "events.h"

#define MS 1000000ULL

static struct script start(uint64_t stall_ns)
{
	struct sh_analysis_opts o = { .stall_ns = stall_ns };
	struct script sc = { .a = sh_analysis_new(&o) };

	assert_non_null(sc.a);
	return sc;
}

static const struct sh_finding *find(const struct sh_analysis *a, enum sh_finding_class cls, size_t *n)
{
	const struct sh_finding *first = NULL;

	*n = 0;
	for (size_t i = 0; i < a->findings.len; i++) {
		if (a->findings.items[i].cls != cls)
			continue;
		if (!first)
			first = &a->findings.items[i];
		(*n)++;
	}
	return first;
}

/*
 * The June 2025 race (schedhang-events(7)), pre-fix: the worker pops P
 * inside J's push window (slow path, count 0), runs P, re-runs, finds no
 * ready entity and idles; J's push then completes with first=0 and nobody
 * wakes the worker.
 */
static void race_prefix(struct script *sc)
{
	push(sc, 1 * MS, E1, CTX1, 1, 1, 0, 1);
	kick(sc, 1 * MS + 1000, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 1);
	begin(sc, 1 * MS + 2000);
	pop(sc, 1 * MS + 3000, E1, CTX1, 1, 0, 1, 1);
	kick(sc, 1 * MS + 4000, SH_KICK_WHICH_RUN, SH_KICK_REASON_RUN_REQUEUE, 0, 1);
	worker(sc, 1 * MS + 5000, SH_OUTCOME_RAN, E1, CTX1, 1, 0);
	begin(sc, 1 * MS + 6000);
	worker(sc, 1 * MS + 7000, SH_OUTCOME_NO_ENTITY, 0, 0, 0, 1);
	push(sc, 1 * MS + 8000, E1, CTX1, 2, 0, 1, 1);
}

static void test_june_2025_race_is_proven(void **state)
{
	struct script sc = start(0);
	const struct sh_finding *f;
	size_t n;

	(void)state;
	race_prefix(&sc);
	done(&sc, 2 * MS, CTX1, 1);
	tick(&sc, 500 * MS);
	assert_int_equal(sh_analysis_finish(sc.a), 0);

	f = find(sc.a, SH_FC_SPSC_RACE, &n);
	assert_int_equal(n, 1);
	assert_int_equal(f->conf, SH_CONF_PROVEN);
	assert_true(f->open_at_end);
	assert_true(f->has_job);
	assert_int_equal(f->ectx, CTX1);
	assert_int_equal(f->seqno, 2);
	assert_int_equal(f->entity, E1);
	assert_int_equal(f->sched, S1);
	assert_int_equal(f->start, 1 * MS + 8000);
	assert_int_equal(f->end, 500 * MS);
	assert_true(f->nevidence >= 3 && f->nevidence <= SH_FINDING_MAX_EVIDENCE);
	assert_non_null(strstr(f->detail, "77:2"));
	/* Both invariant violations are the race's evidence: folded into it, not findings. */
	find(sc.a, SH_FC_INVARIANT, &n);
	assert_int_equal(n, 0);
	assert_non_null(strstr(f->detail, "1 spsc_queue invariant violation on this entity"));
	assert_non_null(strstr(f->detail, "1 spsc_queue invariant violation on this scheduler"));
	assert_int_equal(f->reason, SH_REASON_RACE_STATE);
	assert_int_equal(f->count, 1);
	assert_true(f->counts_jobs);
	find(sc.a, SH_FC_MISSING_KICK, &n);
	assert_int_equal(n, 0);
	sh_analysis_free(sc.a);
}

/* The same load on a fixed kernel: J is counted before the swap; nothing to report. */
static void test_fixed_kernel_has_no_finding(void **state)
{
	struct script sc = start(0);

	(void)state;
	push(&sc, 1 * MS, E1, CTX1, 1, 1, 0, 1);
	kick(&sc, 1 * MS + 1000, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 1);
	begin(&sc, 1 * MS + 2000);
	push(&sc, 1 * MS + 2500, E1, CTX1, 2, 0, 1, 2);
	pop(&sc, 1 * MS + 3000, E1, CTX1, 1, 1, 1, 1);
	kick(&sc, 1 * MS + 4000, SH_KICK_WHICH_RUN, SH_KICK_REASON_RUN_REQUEUE, 0, 1);
	worker(&sc, 1 * MS + 5000, SH_OUTCOME_RAN, E1, CTX1, 1, 0);
	begin(&sc, 1 * MS + 6000);
	pop(&sc, 1 * MS + 6500, E1, CTX1, 2, 0, 0, 0);
	kick(&sc, 1 * MS + 6800, SH_KICK_WHICH_RUN, SH_KICK_REASON_RUN_REQUEUE, 0, 1);
	worker(&sc, 1 * MS + 7000, SH_OUTCOME_RAN, E1, CTX1, 2, 0);
	begin(&sc, 1 * MS + 8000);
	worker(&sc, 1 * MS + 9000, SH_OUTCOME_NO_ENTITY, 0, 0, 0, 0);
	done(&sc, 2 * MS, CTX1, 1);
	done(&sc, 3 * MS, CTX1, 2);
	tick(&sc, 500 * MS);
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	assert_int_equal(sc.a->findings.len, 0);
	sh_analysis_free(sc.a);
}

/* A later kick rescues J: reported with --stall, with its duration and rescuer. */
static void test_rescued_stall_reports_duration_and_rescuer(void **state)
{
	struct script sc = start(1 * MS);
	const struct sh_finding *f;
	size_t n;

	(void)state;
	race_prefix(&sc);
	kick(&sc, 30 * MS, SH_KICK_WHICH_RUN, SH_KICK_REASON_FREE_WORK, 0, 1);
	begin(&sc, 30 * MS + 1000);
	pop(&sc, 30 * MS + 2000, E1, CTX1, 2, 0, 0, 0);
	worker(&sc, 30 * MS + 3000, SH_OUTCOME_RAN, E1, CTX1, 2, 0);
	assert_int_equal(sh_analysis_finish(sc.a), 0);

	f = find(sc.a, SH_FC_SPSC_RACE, &n);
	assert_int_equal(n, 1);
	assert_false(f->open_at_end);
	assert_string_equal(f->rescued_by, "FREE_WORK");
	assert_int_equal(sh_finding_duration(f), 30 * MS + 1000 - (1 * MS + 8000));
	sh_analysis_free(sc.a);
}

/* Without --stall, the contract only reports jobs still stranded at the end. */
static void test_rescued_stall_not_reported_by_default(void **state)
{
	struct script sc = start(0);
	size_t n;

	(void)state;
	race_prefix(&sc);
	kick(&sc, 30 * MS, SH_KICK_WHICH_RUN, SH_KICK_REASON_FREE_WORK, 0, 1);
	begin(&sc, 30 * MS + 1000);
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	find(sc.a, SH_FC_SPSC_RACE, &n);
	assert_int_equal(n, 0);
	sh_analysis_free(sc.a);
}

/* Lost events inside the stall window: the finding is degraded, never proven. */
static void test_lost_events_degrade_the_finding(void **state)
{
	struct script sc = start(0);
	const struct sh_finding *f;
	size_t n;

	(void)state;
	race_prefix(&sc);
	lost(&sc, 100 * MS, 0);
	tick(&sc, 500 * MS);
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	f = find(sc.a, SH_FC_SPSC_RACE, &n);
	assert_int_equal(n, 1);
	assert_int_equal(f->conf, SH_CONF_DEGRADED);
	sh_analysis_free(sc.a);
}

/* No state evidence of the race: a missing kick. */
static void test_missing_kick_without_race_evidence(void **state)
{
	struct script sc = start(0);
	const struct sh_finding *f;
	size_t n;

	(void)state;
	push(&sc, 1 * MS, E1, CTX1, 1, 1, 0, 1);
	kick(&sc, 1 * MS + 1000, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 1);
	begin(&sc, 1 * MS + 2000);
	pop(&sc, 1 * MS + 3000, E1, CTX1, 1, 0, 0, 0);
	worker(&sc, 1 * MS + 5000, SH_OUTCOME_RAN, E1, CTX1, 1, 0);
	push(&sc, 1 * MS + 8000, E1, CTX1, 2, 0, 0, 1);
	tick(&sc, 500 * MS);
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	f = find(sc.a, SH_FC_MISSING_KICK, &n);
	assert_int_equal(n, 1);
	assert_int_equal(f->seqno, 2);
	find(sc.a, SH_FC_SPSC_RACE, &n);
	assert_int_equal(n, 0);
	sh_analysis_free(sc.a);
}

/* A not-first push while the worker runs (and re-queues itself) is normal. */
static void test_push_while_worker_pending_is_not_a_stall(void **state)
{
	struct script sc = start(0);

	(void)state;
	push(&sc, 1 * MS, E1, CTX1, 1, 1, 0, 1);
	kick(&sc, 1 * MS + 1000, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 1);
	begin(&sc, 1 * MS + 2000);
	pop(&sc, 1 * MS + 3000, E1, CTX1, 1, 0, 0, 0);
	push(&sc, 1 * MS + 3500, E1, CTX1, 2, 0, 0, 1);
	kick(&sc, 1 * MS + 4000, SH_KICK_WHICH_RUN, SH_KICK_REASON_RUN_REQUEUE, 0, 1);
	worker(&sc, 1 * MS + 5000, SH_OUTCOME_RAN, E1, CTX1, 1, 0);
	/* the trace ends before the re-queued run starts */
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	assert_int_equal(sc.a->findings.len, 0);
	sh_analysis_free(sc.a);
}

/* A job blocked on a dependency is not stranded by a lost wakeup. */
static void test_dependency_blocked_job_is_not_a_lost_wakeup(void **state)
{
	struct script sc = start(0);
	size_t n;

	(void)state;
	push(&sc, 1 * MS, E1, CTX1, 1, 1, 0, 1);
	dep(&sc, 1 * MS + 500, E1, CTX1, 1, SH_DEP_ACTION_CB_ADDED);
	begin(&sc, 1 * MS + 2000);
	worker(&sc, 1 * MS + 3000, SH_OUTCOME_POP_NULL, 0, 0, 0, 0);
	push(&sc, 1 * MS + 8000, E1, CTX1, 2, 0, 1, 2);
	tick(&sc, 5000 * MS);
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	find(sc.a, SH_FC_SPSC_RACE, &n);
	assert_int_equal(n, 0);
	find(sc.a, SH_FC_MISSING_KICK, &n);
	assert_int_equal(n, 0);
	find(sc.a, SH_FC_DEP_NEVER_SIGNALED, &n);
	assert_int_equal(n, 1);
	sh_analysis_free(sc.a);
}

/* CB_FIRED traced before its CB_ADDED (emitted after dma_fence_add_callback()): not blocked. */
static void test_dep_fired_before_added_does_not_block(void **state)
{
	struct script sc = start(0);
	size_t n;

	(void)state;
	push(&sc, 1 * MS, E1, CTX1, 1, 1, 0, 1);
	dep(&sc, 1 * MS + 400, E1, CTX1, 1, SH_DEP_ACTION_CB_FIRED);
	dep(&sc, 1 * MS + 500, E1, CTX1, 1, SH_DEP_ACTION_CB_ADDED);
	assert_false(sh_model_job(sc.a->model, CTX1, 1)->dep_blocked);
	tick(&sc, 5000 * MS);
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	find(sc.a, SH_FC_DEP_NEVER_SIGNALED, &n);
	assert_int_equal(n, 0);
	sh_analysis_free(sc.a);
}

/*
 * A kick that finds the run-job work pending (queued=0) proves a run is
 * coming, whoever queued it: a not-first push after it is not stranded,
 * however late that run starts (a loaded machine).
 */
static void test_pending_kick_is_not_a_lost_wakeup(void **state)
{
	struct script sc = start(1 * MS);
	size_t n;

	(void)state;
	begin(&sc, 1 * MS);
	worker(&sc, 1 * MS + 1000, SH_OUTCOME_NO_ENTITY, 0, 0, 0, 0);
	sc.pid = 7;
	push(&sc, 1 * MS + 2000, E1, CTX1, 1, 1, 0, 1);
	kick(&sc, 1 * MS + 3000, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 0);
	push(&sc, 1 * MS + 4000, E1, CTX1, 2, 0, 1, 2);
	sc.pid = 0;
	begin(&sc, 20 * MS);
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	find(sc.a, SH_FC_SPSC_RACE, &n);
	assert_int_equal(n, 0);
	find(sc.a, SH_FC_MISSING_KICK, &n);
	assert_int_equal(n, 0);
	sh_analysis_free(sc.a);
}

/*
 * A run that began with no kick traced owes one (traced late), but a first
 * push made after that run began cannot be what started it: its kick
 * queues a new run, and the next not-first push waits for that run.
 */
static void test_kick_of_a_later_push_is_not_late(void **state)
{
	struct script sc = start(1 * MS);
	size_t n;

	(void)state;
	begin(&sc, 1 * MS);	/* no kick traced before it */
	worker(&sc, 1 * MS + 1000, SH_OUTCOME_NO_ENTITY, 0, 0, 0, 0);
	sc.pid = 7;
	push(&sc, 1 * MS + 2000, E1, CTX1, 1, 1, 0, 1);
	kick(&sc, 1 * MS + 3000, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 1);
	push(&sc, 1 * MS + 4000, E1, CTX1, 2, 0, 1, 2);
	sc.pid = 0;
	begin(&sc, 20 * MS);
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	find(sc.a, SH_FC_MISSING_KICK, &n);
	assert_int_equal(n, 0);
	find(sc.a, SH_FC_SPSC_RACE, &n);
	assert_int_equal(n, 0);
	sh_analysis_free(sc.a);
}

/*
 * A dependency fired for the entity's head job: its DEP_CB kick is owed and
 * may be traced late (a preempted callback). A not-first push meanwhile is
 * not stranded.
 */
static void test_owed_dependency_wakeup(void **state)
{
	struct script sc = start(1 * MS);
	size_t n;

	(void)state;
	push(&sc, 1 * MS, E1, CTX1, 1, 1, 0, 1);
	kick(&sc, 1 * MS + 100, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 1);
	begin(&sc, 1 * MS + 200);
	dep(&sc, 1 * MS + 300, E1, CTX1, 1, SH_DEP_ACTION_CB_ADDED);
	worker(&sc, 1 * MS + 400, SH_OUTCOME_NO_ENTITY, 0, 0, 0, 0);
	sc.pid = 9;
	dep(&sc, 2 * MS, E1, CTX1, 1, SH_DEP_ACTION_CB_FIRED);
	sc.pid = 7;
	push(&sc, 2 * MS + 100, E1, CTX1, 2, 0, 1, 2);
	sc.pid = 9;
	kick(&sc, 30 * MS, SH_KICK_WHICH_RUN, SH_KICK_REASON_DEP_CB, 0, 1);
	sc.pid = 0;
	begin(&sc, 30 * MS + 100);
	assert_int_equal(sh_analysis_finish(sc.a), 0);
	find(sc.a, SH_FC_MISSING_KICK, &n);
	assert_int_equal(n, 0);
	find(sc.a, SH_FC_SPSC_RACE, &n);
	assert_int_equal(n, 0);
	sh_analysis_free(sc.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_june_2025_race_is_proven),
		cmocka_unit_test(test_fixed_kernel_has_no_finding),
		cmocka_unit_test(test_rescued_stall_reports_duration_and_rescuer),
		cmocka_unit_test(test_rescued_stall_not_reported_by_default),
		cmocka_unit_test(test_lost_events_degrade_the_finding),
		cmocka_unit_test(test_missing_kick_without_race_evidence),
		cmocka_unit_test(test_push_while_worker_pending_is_not_a_stall),
		cmocka_unit_test(test_dependency_blocked_job_is_not_a_lost_wakeup),
		cmocka_unit_test(test_dep_fired_before_added_does_not_block),
		cmocka_unit_test(test_pending_kick_is_not_a_lost_wakeup),
		cmocka_unit_test(test_kick_of_a_later_push_is_not_late),
		cmocka_unit_test(test_owed_dependency_wakeup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
