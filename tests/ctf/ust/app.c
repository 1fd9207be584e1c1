/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test-only: replay the June 2025 spsc_queue race through LTTng-UST, as the
 * kernel's schedhang_* tracepoints would record it: one healthy job, then the
 * pop that leaves head set with a count of 0, the worker idling with
 * NO_ENTITY, and a push that returns not-first, so job 77:2 stays stranded.
 * The order matters, not the timing.
 */
#include "schedhang-tp.h"

#define SCHED 0xffff8881052a0000ull
#define ENT 0xffff888104c8a400ull

int main(void)
{
	lttng_ust_tracepoint(schedhang, schedhang_sched_info, SCHED, "gfx", 64, 10000,
			     SCHED + 0x100, SCHED + 0x200);
	/* job 77:1, healthy */
	lttng_ust_tracepoint(schedhang, schedhang_push, SCHED, ENT, 77, 1, 1, 0, 1);
	lttng_ust_tracepoint(schedhang, schedhang_kick, SCHED, 0, 0, 0, 1);
	lttng_ust_tracepoint(schedhang, schedhang_worker_begin, SCHED);
	/* the race: a push in flight while the pop empties the queue */
	lttng_ust_tracepoint(schedhang, schedhang_pop, SCHED, ENT, 77, 1, 0, 1, 1);
	lttng_ust_tracepoint(schedhang, schedhang_kick, SCHED, 0, 4, 0, 1);
	lttng_ust_tracepoint(schedhang, schedhang_worker, SCHED, 0, ENT, 77, 1, 1, 64, 0);
	lttng_ust_tracepoint(schedhang, schedhang_worker_begin, SCHED);
	lttng_ust_tracepoint(schedhang, schedhang_worker, SCHED, 1, 0, 0, 0, 1, 64, 1);
	lttng_ust_tracepoint(schedhang, schedhang_push, SCHED, ENT, 77, 2, 0, 1, 1);
	lttng_ust_tracepoint(schedhang, schedhang_done, SCHED, 77, 1, 0);
	return 0;
}
