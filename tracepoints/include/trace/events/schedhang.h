/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * schedhang trace events for the DRM GPU scheduler.
 *
 * These events record the scheduler's wake-up decisions as state, not only
 * as time: whether a push woke the scheduler, what the queue looked like
 * right after a push or a pop, why the run-job work was (or was not)
 * queued, and why the run-job worker went idle. With them a lost wake-up
 * can be proven from a trace instead of guessed from timestamps.
 *
 * Event and field names, field order and the numbering of the enumerations
 * below follow the schedhang event contract; analyzers find fields by name.
 * Pointers are recorded as u64 and printed with 0x%llx, never %p, so that
 * the text form is not hashed.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM schedhang

#if !defined(_TRACE_SCHEDHANG_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_SCHEDHANG_H

#include <linux/tracepoint.h>
#include <linux/types.h>
#include <drm/gpu_scheduler.h>
#include <drm/spsc_queue.h>

#ifndef _TRACE_SCHEDHANG_DEFS
#define _TRACE_SCHEDHANG_DEFS

/*
 * The numbers are part of the trace format: analyzers print them by name.
 * Append new values, never renumber. The kick reasons are
 * enum drm_sched_kick_reason in <drm/gpu_scheduler.h>.
 */

/* schedhang_kick.which */
enum schedhang_kick_which {
	SCHEDHANG_KICK_WHICH_RUN = 0,	/* sched->work_run_job */
	SCHEDHANG_KICK_WHICH_FREE = 1,	/* sched->work_free_job */
};

/* schedhang_worker.outcome: how drm_sched_run_job_work() returned */
enum schedhang_outcome {
	SCHEDHANG_OUTCOME_RAN = 0,
	SCHEDHANG_OUTCOME_NO_ENTITY = 1,
	SCHEDHANG_OUTCOME_NO_CREDIT = 2,
	SCHEDHANG_OUTCOME_POP_NULL = 3,
	SCHEDHANG_OUTCOME_STOPPED = 4,
};

/* schedhang_dep.action: what drm_sched_entity_add_dependency_cb() did */
enum schedhang_dep_action {
	SCHEDHANG_DEP_ACTION_SKIP_SAME_ENTITY = 0,
	SCHEDHANG_DEP_ACTION_SCHEDULED_ONLY = 1,
	SCHEDHANG_DEP_ACTION_CB_ADDED = 2,
	SCHEDHANG_DEP_ACTION_ALREADY_SIGNALED = 3,
	SCHEDHANG_DEP_ACTION_CB_FIRED = 4,
};

/* schedhang_state.state */
enum schedhang_state {
	SCHEDHANG_STATE_WQ_STOP = 0,
	SCHEDHANG_STATE_WQ_START = 1,
	SCHEDHANG_STATE_TDR_BEGIN = 2,
	SCHEDHANG_STATE_TDR_END = 3,
	SCHEDHANG_STATE_ENTITY_KILL = 4,
	SCHEDHANG_STATE_FINI = 5,
};

/*
 * Enabling schedhang_sched_info bumps a generation number; the run-job
 * worker re-emits the event for its scheduler once per generation, so a
 * trace started long after drm_sched_init() still names every scheduler.
 */
int schedhang_sched_info_reg(void);
void schedhang_sched_info_unreg(void);

#endif /* _TRACE_SCHEDHANG_DEFS */

TRACE_EVENT_FN(schedhang_sched_info,
	TP_PROTO(struct drm_gpu_scheduler *sched),
	TP_ARGS(sched),
	TP_STRUCT__entry(
		__field(u64, sched)
		__string(name, sched->name)
		__field(u32, credit_limit)
		__field(u32, timeout_ms)
		__field(u64, work_run)
		__field(u64, work_free)
	),
	TP_fast_assign(
		__entry->sched = (u64)(uintptr_t)sched;
		__assign_str(name);
		__entry->credit_limit = sched->credit_limit;
		__entry->timeout_ms = sched->timeout == MAX_SCHEDULE_TIMEOUT ?
			U32_MAX : jiffies_to_msecs(sched->timeout);
		__entry->work_run = (u64)(uintptr_t)&sched->work_run_job;
		__entry->work_free = (u64)(uintptr_t)&sched->work_free_job;
	),
	TP_printk("sched=0x%llx name=%s credit_limit=%u timeout_ms=%u work_run=0x%llx work_free=0x%llx",
		  __entry->sched, __get_str(name), __entry->credit_limit,
		  __entry->timeout_ms, __entry->work_run, __entry->work_free),
	schedhang_sched_info_reg, schedhang_sched_info_unreg
);

/*
 * Emitted right after spsc_queue_push(). The job may already be freed by
 * then, so everything but cnt_after comes from the caller's locals.
 */
TRACE_EVENT(schedhang_push,
	TP_PROTO(struct drm_gpu_scheduler *sched, struct drm_sched_entity *entity,
		 u64 seqno, bool first, u32 cnt_before, u32 cnt_after),
	TP_ARGS(sched, entity, seqno, first, cnt_before, cnt_after),
	TP_STRUCT__entry(
		__field(u64, sched)
		__field(u64, entity)
		__field(u64, ectx)
		__field(u64, seqno)
		__field(u32, first)
		__field(u32, cnt_before)
		__field(u32, cnt_after)
	),
	TP_fast_assign(
		__entry->sched = (u64)(uintptr_t)sched;
		__entry->entity = (u64)(uintptr_t)entity;
		__entry->ectx = entity->fence_context + 1;
		__entry->seqno = seqno;
		__entry->first = first;
		__entry->cnt_before = cnt_before;
		__entry->cnt_after = cnt_after;
	),
	TP_printk("sched=0x%llx entity=0x%llx ectx=%llu seqno=%llu first=%u cnt_before=%u cnt_after=%u",
		  __entry->sched, __entry->entity, __entry->ectx,
		  __entry->seqno, __entry->first, __entry->cnt_before,
		  __entry->cnt_after)
);

/*
 * Emitted right after spsc_queue_pop(). head_nonnull with cnt_after == 0 is
 * a consumer that ran inside a producer's push window.
 */
TRACE_EVENT(schedhang_pop,
	TP_PROTO(struct drm_sched_entity *entity, struct drm_sched_job *job,
		 bool slowpath),
	TP_ARGS(entity, job, slowpath),
	TP_STRUCT__entry(
		__field(u64, sched)
		__field(u64, entity)
		__field(u64, ectx)
		__field(u64, seqno)
		__field(u32, cnt_after)
		__field(u32, head_nonnull)
		__field(u32, slowpath)
	),
	TP_fast_assign(
		__entry->sched = (u64)(uintptr_t)job->sched;
		__entry->entity = (u64)(uintptr_t)entity;
		__entry->ectx = entity->fence_context + 1;
		__entry->seqno = job->s_fence->finished.seqno;
		__entry->cnt_after = spsc_queue_count(&entity->job_queue);
		__entry->head_nonnull = spsc_queue_peek(&entity->job_queue) != NULL;
		__entry->slowpath = slowpath;
	),
	TP_printk("sched=0x%llx entity=0x%llx ectx=%llu seqno=%llu cnt_after=%u head_nonnull=%u slowpath=%u",
		  __entry->sched, __entry->entity, __entry->ectx,
		  __entry->seqno, __entry->cnt_after, __entry->head_nonnull,
		  __entry->slowpath)
);

/*
 * Every attempt to queue the run-job or free-job work, with its reason.
 * stopped: submission is paused and nothing was queued; queued: the
 * queue_work() return value (0: the work was already pending).
 */
TRACE_EVENT(schedhang_kick,
	TP_PROTO(struct drm_gpu_scheduler *sched, u32 which, u32 reason,
		 bool stopped, bool queued),
	TP_ARGS(sched, which, reason, stopped, queued),
	TP_STRUCT__entry(
		__field(u64, sched)
		__field(u32, which)
		__field(u32, reason)
		__field(u32, stopped)
		__field(u32, queued)
	),
	TP_fast_assign(
		__entry->sched = (u64)(uintptr_t)sched;
		__entry->which = which;
		__entry->reason = reason;
		__entry->stopped = stopped;
		__entry->queued = queued;
	),
	TP_printk("sched=0x%llx which=%u reason=%u stopped=%u queued=%u",
		  __entry->sched, __entry->which, __entry->reason,
		  __entry->stopped, __entry->queued)
);

TRACE_EVENT(schedhang_worker_begin,
	TP_PROTO(struct drm_gpu_scheduler *sched),
	TP_ARGS(sched),
	TP_STRUCT__entry(
		__field(u64, sched)
	),
	TP_fast_assign(
		__entry->sched = (u64)(uintptr_t)sched;
	),
	TP_printk("sched=0x%llx", __entry->sched)
);

/*
 * Every return of drm_sched_run_job_work(). n_nonempty_unready is counted
 * by the caller, and only while this event is enabled: it walks the run
 * queues under their locks.
 */
TRACE_EVENT(schedhang_worker,
	TP_PROTO(struct drm_gpu_scheduler *sched, u32 outcome,
		 struct drm_sched_entity *entity, u64 ectx, u64 seqno,
		 u32 n_nonempty_unready),
	TP_ARGS(sched, outcome, entity, ectx, seqno, n_nonempty_unready),
	TP_STRUCT__entry(
		__field(u64, sched)
		__field(u32, outcome)
		__field(u64, entity)
		__field(u64, ectx)
		__field(u64, seqno)
		__field(u32, credit_count)
		__field(u32, credit_limit)
		__field(u32, n_nonempty_unready)
	),
	TP_fast_assign(
		__entry->sched = (u64)(uintptr_t)sched;
		__entry->outcome = outcome;
		__entry->entity = (u64)(uintptr_t)entity;
		__entry->ectx = ectx;
		__entry->seqno = seqno;
		__entry->credit_count = atomic_read(&sched->credit_count);
		__entry->credit_limit = sched->credit_limit;
		__entry->n_nonempty_unready = n_nonempty_unready;
	),
	TP_printk("sched=0x%llx outcome=%u entity=0x%llx ectx=%llu seqno=%llu credit_count=%u credit_limit=%u n_nonempty_unready=%u",
		  __entry->sched, __entry->outcome, __entry->entity,
		  __entry->ectx, __entry->seqno, __entry->credit_count,
		  __entry->credit_limit, __entry->n_nonempty_unready)
);

TRACE_EVENT(schedhang_done,
	TP_PROTO(struct drm_sched_fence *s_fence, int result),
	TP_ARGS(s_fence, result),
	TP_STRUCT__entry(
		__field(u64, sched)
		__field(u64, ectx)
		__field(u64, seqno)
		__field(s32, result)
	),
	TP_fast_assign(
		__entry->sched = (u64)(uintptr_t)s_fence->sched;
		__entry->ectx = s_fence->finished.context;
		__entry->seqno = s_fence->finished.seqno;
		__entry->result = result;
	),
	TP_printk("sched=0x%llx ectx=%llu seqno=%llu result=%d",
		  __entry->sched, __entry->ectx, __entry->seqno,
		  __entry->result)
);

/*
 * A dependency of the job at the head of the entity's queue: what
 * drm_sched_entity_add_dependency_cb() decided, and the callback firing.
 */
TRACE_EVENT(schedhang_dep,
	TP_PROTO(struct drm_sched_entity *entity, u64 seqno, u64 dep_ctx,
		 u64 dep_seqno, u32 action),
	TP_ARGS(entity, seqno, dep_ctx, dep_seqno, action),
	TP_STRUCT__entry(
		__field(u64, entity)
		__field(u64, ectx)
		__field(u64, seqno)
		__field(u64, dep_ctx)
		__field(u64, dep_seqno)
		__field(u32, action)
	),
	TP_fast_assign(
		__entry->entity = (u64)(uintptr_t)entity;
		__entry->ectx = entity->fence_context + 1;
		__entry->seqno = seqno;
		__entry->dep_ctx = dep_ctx;
		__entry->dep_seqno = dep_seqno;
		__entry->action = action;
	),
	TP_printk("entity=0x%llx ectx=%llu seqno=%llu dep_ctx=%llu dep_seqno=%llu action=%u",
		  __entry->entity, __entry->ectx, __entry->seqno,
		  __entry->dep_ctx, __entry->dep_seqno, __entry->action)
);

TRACE_EVENT(schedhang_state,
	TP_PROTO(struct drm_gpu_scheduler *sched, struct drm_sched_entity *entity,
		 u32 state, s64 arg),
	TP_ARGS(sched, entity, state, arg),
	TP_STRUCT__entry(
		__field(u64, sched)
		__field(u64, entity)
		__field(u32, state)
		__field(s64, arg)
	),
	TP_fast_assign(
		__entry->sched = (u64)(uintptr_t)sched;
		__entry->entity = (u64)(uintptr_t)entity;
		__entry->state = state;
		__entry->arg = arg;
	),
	TP_printk("sched=0x%llx entity=0x%llx state=%u arg=%lld",
		  __entry->sched, __entry->entity, __entry->state,
		  __entry->arg)
);

#endif /* _TRACE_SCHEDHANG_H */

/*
 * This part must be outside protection. The header lives in the default
 * place (trace/events/): a TRACE_INCLUDE_PATH or TRACE_INCLUDE_FILE left
 * behind by a trace header instantiated before it in the same file
 * (gpu_scheduler_trace.h sets both) must not redirect define_trace.h. Only
 * on the outer read: define_trace.h re-reads this header without
 * CREATE_TRACE_POINTS and relies on its own definitions meanwhile.
 */
#ifdef CREATE_TRACE_POINTS
#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#endif
#include <trace/define_trace.h>
