/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A user-space emitter of schedhang_* events through the event contract's
 * probe ABI (schedhang_probe_<event>(const uint64_t *slots), slots in the
 * contract's field order), for the tests that put uprobes on it:
 *
 *   probe-target N             record tests: one sched_info, pushes of seqno
 *                              1..N, one done (result -5), one call of a
 *                              function outside the contract
 *   probe-target crosscheck N  reader cross-check: one sched_info, N pushes
 *                              (every third first), a done for every odd one
 *   probe-target each          print plugin: one event of each kind
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The asm keeps the call and the slot array alive under any optimization. */
#define PROBE(name) \
	void schedhang_probe_##name(const uint64_t *slots); \
	__attribute__((noinline, used, visibility("default"))) void \
	schedhang_probe_##name(const uint64_t *slots) \
	{ \
		__asm__ volatile("" : : "r"(slots) : "memory"); \
	}

PROBE(sched_info)
PROBE(push)
PROBE(kick)
PROBE(worker)
PROBE(done)
PROBE(dep)
PROBE(state)
PROBE(bogus)	/* not in the contract: record warns and skips it */

static void record_run(unsigned long n)
{
	static const char name[] = "ring0";
	const uint64_t sched = 0xffff888100001000ull, entity = 0xffff888100002000ull;
	uint64_t info[6] = { sched, (uint64_t)(uintptr_t)name, 64, 500, sched + 0x100, sched + 0x200 };
	uint64_t done[4] = { sched, 77, 3, (uint64_t)(int64_t)-5 };

	schedhang_probe_sched_info(info);
	for (unsigned long i = 1; i <= n; i++) {
		uint64_t push[7] = { sched, entity, 77, i, i == 1, i - 1, i };

		schedhang_probe_push(push);
	}
	schedhang_probe_done(done);
	schedhang_probe_bogus(done);
}

static void crosscheck_run(int n)
{
	static const char name[] = "gfx_0.0.0";
	const uint64_t sched = 0xffff8881052a0000ull, entity = 0xffff888104c8a400ull;
	uint64_t info[6] = { sched, (uint64_t)(uintptr_t)name, 64, 10000, sched + 0x120,
			     sched + 0x180 };

	schedhang_probe_sched_info(info);
	for (int i = 0; i < n; i++) {
		uint64_t push[7] = { sched, entity, 77, (uint64_t)i, i % 3 == 0, (uint64_t)(i % 3),
				     (uint64_t)(i % 3 + 1) };

		schedhang_probe_push(push);
		if (i % 2) {
			uint64_t done[4] = { sched, 77, (uint64_t)i,
					     (uint64_t)(int64_t)(i % 4 == 1 ? -62 : 0) };

			schedhang_probe_done(done);
		}
	}
}

static void each_run(void)
{
	static const char name[] = "gfx_0.0.0";
	const uint64_t sched = 0xffff8881052a0000ULL, entity = 0xffff888104c8a400ULL;
	/* sched, name, credit_limit, timeout_ms, work_run, work_free */
	const uint64_t info[] = { sched, (uint64_t)(uintptr_t)name, 64, 10000,
				  sched + 0x100, sched + 0x120 };
	/* sched, entity, ectx, seqno, first, cnt_before, cnt_after */
	const uint64_t push[] = { sched, entity, 77, 1042, 0, 1, 1 };
	/* sched, which=RUN, reason=PUSH_FIRST, stopped, queued */
	const uint64_t kick[] = { sched, 0, 0, 0, 1 };
	/* sched, outcome=NO_ENTITY, entity, ectx, seqno, credits, limit, n */
	const uint64_t worker[] = { sched, 1, 0, 0, 0, 0, 64, 1 };
	/* entity, ectx, seqno, dep_ctx, dep_seqno, action=CB_ADDED */
	const uint64_t dep[] = { entity, 77, 1043, 12, 5, 2 };
	/* sched, entity, state=TDR_BEGIN, arg=-62 */
	const uint64_t state[] = { sched, 0, 2, (uint64_t)-62 };

	schedhang_probe_sched_info(info);
	schedhang_probe_push(push);
	schedhang_probe_kick(kick);
	schedhang_probe_worker(worker);
	schedhang_probe_dep(dep);
	schedhang_probe_state(state);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "each") == 0)
		each_run();
	else if (argc > 1 && strcmp(argv[1], "crosscheck") == 0)
		crosscheck_run(argc > 2 ? atoi(argv[2]) : 200);
	else
		record_run(argc > 1 ? strtoul(argv[1], NULL, 10) : 10);
	return 0;
}
