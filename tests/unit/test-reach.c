/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What each event schema lets the detectors tell, per hang class (detect/reach.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/trace-info.h"
#include "detect/reach.h"

#define P SH_REACH_PROVE
#define S SH_REACH_SUSPECT
#define N SH_REACH_NONE

/* Expected reach per class, in enum sh_finding_class order. */
static void expect(unsigned schemas, const enum sh_reach want[SH_FC__COUNT])
{
	for (int c = 0; c < SH_FC__COUNT; c++) {
		const char *why = NULL;
		enum sh_reach got = sh_reach_class(schemas, (enum sh_finding_class)c, &why);

		if (got != want[c])
			fail_msg("schemas 0x%x, %s: %s, expected %s", schemas,
				 sh_finding_class_name((enum sh_finding_class)c), sh_reach_name(got),
				 sh_reach_name(want[c]));
		assert_non_null(why);
		assert_true(strlen(why) > 0 && strlen(why) < 48);
	}
}

/* SPSC MISS PAUSED WQ TIMEOUT DEP CREDIT FREE KILLED INVARIANT */
static void test_schedhang(void **state)
{
	static const enum sh_reach want[] = { P, P, P, S, P, P, P, S, P, P };

	(void)state;
	expect(SH_SCHEMA(SCHEDHANG), want);
	expect(SH_SCHEMA(SCHEDHANG_UPROBE), want);
	/* the schedhang events win over the stock ones of the same trace */
	expect(SH_SCHEMA(SCHEDHANG) | SH_SCHEMA(STOCK_NEW) | SH_SCHEMA(WORKQUEUE), want);
}

static void test_stock_workqueue(void **state)
{
	static const enum sh_reach fence[] = { S, S, S, S, P, P, N, S, N, N };
	static const enum sh_reach nofence[] = { S, S, S, S, P, S, N, S, N, N };
	unsigned wq = SH_SCHEMA(WORKQUEUE) | SH_SCHEMA(SCHED);

	(void)state;
	expect(SH_SCHEMA(STOCK_NEW) | wq | SH_SCHEMA(DMA_FENCE), fence);
	expect(SH_SCHEMA(STOCK_OLD) | wq | SH_SCHEMA(DMA_FENCE), fence);
	expect(SH_SCHEMA(STOCK_NEW) | wq, nofence);
	expect(SH_SCHEMA(STOCK_OLD) | wq, nofence);
}

static void test_stock_alone(void **state)
{
	static const enum sh_reach fence[] = { N, S, N, N, S, P, N, N, N, N };
	static const enum sh_reach nofence[] = { N, S, N, N, S, S, N, N, N, N };

	(void)state;
	expect(SH_SCHEMA(STOCK_NEW) | SH_SCHEMA(DMA_FENCE), fence);
	expect(SH_SCHEMA(STOCK_OLD), nofence);
	expect(SH_SCHEMA(STOCK_NEW) | SH_SCHEMA(SCHED), nofence);
}

/* --kprobes: the lost-wakeup classes proven, the rest as the stock tier says */
static void test_kprobes(void **state)
{
	static const enum sh_reach wq[] = { P, P, S, S, P, P, N, S, N, N };
	static const enum sh_reach alone[] = { P, P, N, N, S, S, N, N, N, N };
	static const enum sh_reach none[SH_FC__COUNT] = { N };
	static const enum sh_reach schedhang[] = { P, P, P, S, P, P, P, S, P, P };
	unsigned kp = SH_SCHEMA(KPROBE);

	(void)state;
	expect(SH_SCHEMA(STOCK_OLD) | SH_SCHEMA(WORKQUEUE) | SH_SCHEMA(DMA_FENCE) | kp, wq);
	expect(SH_SCHEMA(STOCK_OLD) | kp, alone);
	expect(kp, none);	/* probes without the stock events name no ring */
	expect(SH_SCHEMA(SCHEDHANG) | kp, schedhang);
}

static void test_blind(void **state)
{
	static const enum sh_reach none[SH_FC__COUNT] = { N };

	(void)state;
	expect(0, none);
	expect(SH_SCHEMA(WORKQUEUE) | SH_SCHEMA(DMA_FENCE) | SH_SCHEMA(SCHED), none);
	assert_true(sh_reach_blind(SH_SCHEMA(DMA_FENCE) | SH_SCHEMA(SCHED)));
	assert_false(sh_reach_blind(SH_SCHEMA(STOCK_OLD)));
	assert_false(sh_reach_blind(SH_SCHEMA(SCHEDHANG_UPROBE)));
	assert_int_equal(sh_reach_class(SH_SCHEMA(SCHEDHANG), SH_FC__COUNT, NULL), N);
}

static void summary_is(unsigned schemas, const char *want)
{
	struct sh_buf b;

	sh_buf_init(&b);
	sh_reach_summary(&b, schemas);
	assert_false(b.failed);
	assert_string_equal(b.data, want);
	assert_null(strchr(b.data, '\n'));
	sh_buf_release(&b);
}

static void test_summary(void **state)
{
	(void)state;
	summary_is(SH_SCHEMA(STOCK_NEW) | SH_SCHEMA(WORKQUEUE) | SH_SCHEMA(DMA_FENCE),
		   "schema stock (gpu_scheduler>=6.17, workqueue, dma_fence): "
		   "JOB_TIMEOUT, DEP_NEVER_SIGNALED will be proven; "
		   "SPSC_RACE, MISSING_KICK, SCHED_PAUSED, WQ_STARVATION, FREE_WORK_STALL suspected; "
		   "CREDIT_STARVATION, ENTITY_KILLED, INVARIANT not seen");
	summary_is(SH_SCHEMA(SCHEDHANG) | SH_SCHEMA(SCHED),
		   "schema schedhang (schedhang, sched): SPSC_RACE, MISSING_KICK, SCHED_PAUSED, "
		   "JOB_TIMEOUT, DEP_NEVER_SIGNALED, CREDIT_STARVATION, ENTITY_KILLED, INVARIANT "
		   "will be proven; WQ_STARVATION, FREE_WORK_STALL suspected");
	summary_is(SH_SCHEMA(DMA_FENCE) | SH_SCHEMA(SCHED),
		   "schema none (dma_fence, sched): no gpu_scheduler or schedhang events, "
		   "so no hang class can be seen");
	summary_is(0, "schema none (no known events): no gpu_scheduler or schedhang events, "
		   "so no hang class can be seen");
	assert_string_equal(sh_reach_family(SH_SCHEMA(STOCK_OLD)), "stock");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedhang),
		cmocka_unit_test(test_stock_workqueue),
		cmocka_unit_test(test_stock_alone),
		cmocka_unit_test(test_kprobes),
		cmocka_unit_test(test_blind),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
