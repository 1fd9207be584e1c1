/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe-target: calls schedhang_probe_<event>() functions of the user-space
 * probe ABI once each with known values, for plugin-report.sh to record
 * through uprobes. Slots are 64-bit, in the contract's field order.
 */
#include <stdint.h>

#define PROBE(name) \
	void schedhang_probe_##name(const uint64_t *slots); \
	__attribute__((noinline, used)) void \
	schedhang_probe_##name(const uint64_t *slots) \
	{ \
		__asm__ volatile("" : : "r"(slots) : "memory"); \
	}

PROBE(sched_info)
PROBE(push)
PROBE(kick)
PROBE(worker)
PROBE(dep)
PROBE(state)

int main(void)
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
	return 0;
}
