/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SR_PROBE_H
#define SR_PROBE_H

/*
 * The event contract's user-space probe ABI: one exported function per event,
 * schedhang_probe_<event>(const uint64_t *slots), slots in the contract's
 * field order. The functions do nothing; a uprobe on their entry reads the
 * slots through %rdi. When nothing is attached a call costs a few cycles.
 */

#include <stdint.h>

#define SR_PROBES(X) X(sched_info) X(push) X(pop) X(kick) X(worker_begin) \
	X(worker) X(done) X(dep) X(state)

#define SR_PROBE_DECL(ev) void schedhang_probe_##ev(const uint64_t *slots);
SR_PROBES(SR_PROBE_DECL)
#undef SR_PROBE_DECL

/* Contract enumerations (the numbers are part of the contract) */
enum { SR_WHICH_RUN, SR_WHICH_FREE };
#define SR_REASONS(X) X(PUSH_FIRST) X(DEP_CB) X(JOB_DONE) X(FREE_WORK) \
	X(RUN_REQUEUE) X(POP_NULL) X(WQ_START) X(TDR) X(MANUAL)
enum sr_reason {
#define SR_R(n) SR_REASON_##n,
	SR_REASONS(SR_R)
#undef SR_R
	SR_REASON__COUNT
};
enum { SR_OUT_RAN, SR_OUT_NO_ENTITY, SR_OUT_NO_CREDIT, SR_OUT_POP_NULL, SR_OUT_STOPPED };
enum { SR_DEP_SKIP_SAME_ENTITY, SR_DEP_SCHEDULED_ONLY, SR_DEP_CB_ADDED,
	SR_DEP_ALREADY_SIGNALED, SR_DEP_CB_FIRED };
enum { SR_STATE_WQ_STOP, SR_STATE_WQ_START, SR_STATE_TDR_BEGIN, SR_STATE_TDR_END,
	SR_STATE_ENTITY_KILL, SR_STATE_FINI };

/* Printable name of a kick reason ("?" when out of range) */
const char *sr_reason_name(unsigned reason);

#endif
