/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An entity's queue as the model rebuilds it when pushes are traced after
 * their pop (the push event follows spsc_queue_push(): a preempted producer
 * lets the worker pop the job first), and when the trace begins with jobs
 * queued. Killing the entity at the end asks the queue: ENTITY_KILLED only
 * if a job really never ran.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "events.h"
#include "model/model.h"

#define MS 1000000ULL

static struct script start(void)
{
	struct script sc = { .a = sh_analysis_new(NULL) };

	assert_non_null(sc.a);
	return sc;
}

/* Job @seqno of E1 runs and completes at @t (the worker's side of a job). */
static void runs(struct script *sc, uint64_t t, uint64_t seqno, int cnt_after)
{
	begin(sc, t);
	pop(sc, t + 1000, E1, CTX1, seqno, cnt_after, 0, 0);
	worker(sc, t + 2000, SH_OUTCOME_RAN, E1, CTX1, seqno, 0);
	done(sc, t + 3000, CTX1, seqno);
}

/* A healthy job: pushed first, kicked, run. */
static void job(struct script *sc, uint64_t t, uint64_t seqno)
{
	push(sc, t, E1, CTX1, seqno, 1, 0, 1);
	kick(sc, t + 500, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 1);
	runs(sc, t + 1000, seqno, 0);
}

/* Kill E1 at @t, finish the analysis; the number of ENTITY_KILLED findings. */
static size_t kill_and_count(struct script *sc, uint64_t t)
{
	size_t n = 0;

	state(sc, t, E1, SH_STATE_ENTITY_KILL, 0);
	assert_int_equal(sh_analysis_finish(sc->a), 0);
	for (size_t i = 0; i < sc->a->findings.len; i++)
		n += sc->a->findings.items[i].cls == SH_FC_ENTITY_KILLED;
	return n;
}

static uint64_t depth(const struct script *sc)
{
	const struct sh_entity *e = sh_model_entity(sc->a->model, E1);

	assert_non_null(e);
	return sh_entity_depth(e);
}

/*
 * The entity's very first event is the pop of job 1, whose push is traced
 * next (seen in a recording of the fixed reproducer under load): the pop's
 * count says the job was queued before the trace began, the push says it was
 * not. It ran: the killed entity has nothing queued.
 */
static void test_first_event_is_the_pop_of_a_late_push(void **state)
{
	struct script sc = start();

	(void)state;
	begin(&sc, 1 * MS);
	pop(&sc, 1 * MS + 1000, E1, CTX1, 1, 0, 0, 0);
	assert_true(sh_model_job(sc.a->model, CTX1, 1)->seeded);
	push(&sc, 1 * MS + 2000, E1, CTX1, 1, 1, 0, 1);
	assert_false(sh_model_job(sc.a->model, CTX1, 1)->seeded);
	kick(&sc, 1 * MS + 2500, SH_KICK_WHICH_RUN, SH_KICK_REASON_PUSH_FIRST, 0, 1);
	worker(&sc, 1 * MS + 3000, SH_OUTCOME_RAN, E1, CTX1, 1, 0);
	done(&sc, 1 * MS + 4000, CTX1, 1);
	for (uint64_t i = 2; i <= 4; i++)
		job(&sc, i * MS, i);
	assert_int_equal(depth(&sc), 0);
	assert_int_equal(kill_and_count(&sc, 10 * MS), 0);
	assert_int_equal(sc.a->model->late_push, 1);
	assert_int_equal(sc.a->model->orphan_pop, 1);
	sh_analysis_free(sc.a);
}

/*
 * The first event is the push of job 2 with job 1 counted before it (job 1's
 * push not traced yet); job 1 is popped, then its push is traced.
 */
static void test_pop_of_the_seeded_job_then_its_push(void **state)
{
	struct script sc = start();

	(void)state;
	push(&sc, 1 * MS, E1, CTX1, 2, 0, 1, 2);
	runs(&sc, 1 * MS + 1000, 1, 1);
	push(&sc, 1 * MS + 5000, E1, CTX1, 1, 1, 0, 1);
	runs(&sc, 1 * MS + 6000, 2, 0);
	job(&sc, 2 * MS, 3);
	assert_int_equal(depth(&sc), 0);
	assert_int_equal(kill_and_count(&sc, 10 * MS), 0);
	assert_int_equal(sc.a->model->late_push, 1);
	assert_int_equal(sc.a->model->orphan_pop, 1);
	sh_analysis_free(sc.a);
}

/* Jobs queued before the trace began stay counted until they are popped. */
static void test_jobs_queued_before_the_trace(void **state)
{
	struct script sc = start();

	(void)state;
	push(&sc, 1 * MS, E1, CTX1, 7, 0, 2, 3);	/* 5 and 6 queued before */
	assert_int_equal(depth(&sc), 3);
	pop(&sc, 1 * MS + 1000, E1, CTX1, 5, 2, 0, 0);
	assert_true(sh_model_job(sc.a->model, CTX1, 5)->seeded);
	assert_int_equal(depth(&sc), 2);
	worker(&sc, 1 * MS + 2000, SH_OUTCOME_RAN, E1, CTX1, 5, 0);
	done(&sc, 1 * MS + 3000, CTX1, 5);
	runs(&sc, 3 * MS, 6, 1);
	assert_int_equal(depth(&sc), 1);
	runs(&sc, 4 * MS, 7, 0);
	assert_int_equal(depth(&sc), 0);
	assert_int_equal(kill_and_count(&sc, 10 * MS), 0);
	assert_int_equal(sc.a->model->late_push, 0);
	assert_int_equal(sc.a->model->orphan_pop, 0);
	sh_analysis_free(sc.a);
}

/* A job pushed and never popped: killing its entity is proven. */
static void test_killed_with_a_queued_job(void **state)
{
	struct script sc = start();

	(void)state;
	job(&sc, 1 * MS, 1);
	push(&sc, 2 * MS, E1, CTX1, 2, 1, 0, 1);
	assert_int_equal(depth(&sc), 1);
	assert_int_equal(kill_and_count(&sc, 10 * MS), 1);
	sh_analysis_free(sc.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_event_is_the_pop_of_a_late_push),
		cmocka_unit_test(test_pop_of_the_seeded_job_then_its_push),
		cmocka_unit_test(test_jobs_queued_before_the_trace),
		cmocka_unit_test(test_killed_with_a_queued_job),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
