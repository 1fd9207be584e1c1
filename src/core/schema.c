/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one table of kernel event and field names (see schema.h). Sources:
 * schedhang-events(7) (schedhang_*), the kernel's own format files of
 * gpu_scheduler (before and since 6.17), workqueue, dma_fence and sched (6.18).
 *
 * To map another kernel event: give it a field list (kernel field name, the
 * key its TP_printk prints, how to convert, which normalized slot, required
 * or not) and a row in table[]. A text value printed as "A:B" is one key
 * with tpair set, followed by the field that takes B (tkey NULL). Both
 * readers pick the row up; the unit tests check the table's consistency.
 */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "core/format.h"
#include "core/schema.h"
#include "core/trace-info.h"

/* f[] index of member @f of struct sh_ev_@m */
#define SLOT(m, f) ((int8_t)(offsetof(struct sh_ev_##m, f) / sizeof(uint64_t)))

/* NUM field, required; text key = kernel name */
#define N(m, f) { #f, #f, SH_CV_NUM, SLOT(m, f), true, false }
/* NUM field with a different kernel name / text key */
#define NK(m, f, k, t, req) { k, t, SH_CV_NUM, SLOT(m, f), req, false }
#define S(k, t, slot, req) { k, t, SH_CV_STR, slot, req, false }

/* ---- schedhang_* (contract): text keys are the field names ---- */
static const struct sh_schema_field f_sched_info[] = {
	N(sched_info, sched), S("name", "name", 0, true), N(sched_info, credit_limit),
	N(sched_info, timeout_ms), N(sched_info, work_run), N(sched_info, work_free),
};
static const struct sh_schema_field f_push[] = {
	N(push, sched), N(push, entity), N(push, ectx), N(push, seqno), N(push, first),
	N(push, cnt_before), N(push, cnt_after),
};
static const struct sh_schema_field f_pop[] = {
	N(pop, sched), N(pop, entity), N(pop, ectx), N(pop, seqno), N(pop, cnt_after),
	N(pop, head_nonnull), N(pop, slowpath),
};
static const struct sh_schema_field f_kick[] = {
	N(kick, sched), N(kick, which), N(kick, reason), N(kick, stopped), N(kick, queued),
};
static const struct sh_schema_field f_worker_begin[] = {
	N(worker_begin, sched),
};
static const struct sh_schema_field f_worker[] = {
	N(worker, sched), N(worker, outcome), N(worker, entity), N(worker, ectx),
	N(worker, seqno), N(worker, credit_count), N(worker, credit_limit),
	N(worker, n_nonempty_unready),
};
static const struct sh_schema_field f_done[] = {
	N(done, sched), N(done, ectx), N(done, seqno), N(done, result),
};
static const struct sh_schema_field f_dep[] = {
	N(dep, entity), N(dep, ectx), N(dep, seqno), N(dep, dep_ctx), N(dep, dep_seqno),
	N(dep, action),
};
static const struct sh_schema_field f_state[] = {
	N(state, sched), N(state, entity), N(state, state), N(state, arg),
};

/* ---- gpu_scheduler <= 6.16 ---- */
/* "entity=%p, id=%llu, fence=%p, ring=%s, job count:%u, hw job count:%d" */
static const struct sh_schema_field f_old_job[] = {
	NK(job_queue, entity, "entity", "entity", true),
	NK(job_queue, fence, "fence", "fence", true),
	S("name", "ring", 0, true),
	NK(job_queue, id, "id", "id", true),
	NK(job_queue, job_count, "job_count", "job count", true),
	NK(job_queue, hw_job_count, "hw_job_count", "hw job count", true),
};
/* "fence=%p signaled" */
static const struct sh_schema_field f_old_done[] = {
	NK(job_done, fence, "fence", "fence", true),
};
/* "job ring=%s, id=%llu, depends fence=%p, context=%llu, seq=%u" */
static const struct sh_schema_field f_old_dep[] = {
	S("name", "ring", 0, true),
	NK(job_dep, id, "id", "id", true),
	NK(job_dep, dep_fence, "fence", "fence", true),
	NK(job_dep, dep_ctx, "ctx", "context", true),
	NK(job_dep, dep_seqno, "seqno", "seq", true),
};

/* ---- gpu_scheduler >= 6.17 ---- */
/* "dev=%s, fence=%llu:%llu, ring=%s, job count:%u, hw job count:%d, client_id:%llu" */
static const struct sh_schema_field f_new_job[] = {
	S("name", "ring", 0, true),
	NK(job_queue, job_count, "job_count", "job count", true),
	NK(job_queue, hw_job_count, "hw_job_count", "hw job count", true),
	S("dev", "dev", 1, true),
	{ "fence_context", "fence", SH_CV_NUM, SLOT(job_queue, ectx), true, true },
	NK(job_queue, seqno, "fence_seqno", NULL, true),
	NK(job_queue, client_id, "client_id", "client_id", false),
};
/* "fence=%llu:%llu signaled" */
static const struct sh_schema_field f_new_done[] = {
	{ "fence_context", "fence", SH_CV_NUM, SLOT(job_done, ectx), true, true },
	NK(job_done, seqno, "fence_seqno", NULL, true),
};
/* "fence=%llu:%llu depends on fence=%llu:%llu" */
static const struct sh_schema_field f_new_add_dep[] = {
	{ "fence_context", "fence", SH_CV_NUM, SLOT(job_dep, ectx), true, true },
	NK(job_dep, seqno, "fence_seqno", NULL, true),
	{ "ctx", "on fence", SH_CV_NUM, SLOT(job_dep, dep_ctx), true, true },
	NK(job_dep, dep_seqno, "seqno", NULL, true),
};
/* "fence=%llu:%llu depends on unsignalled fence=%llu:%llu" */
static const struct sh_schema_field f_new_unsched[] = {
	{ "fence_context", "fence", SH_CV_NUM, SLOT(job_dep, ectx), true, true },
	NK(job_dep, seqno, "fence_seqno", NULL, true),
	{ "ctx", "unsignalled fence", SH_CV_NUM, SLOT(job_dep, dep_ctx), true, true },
	NK(job_dep, dep_seqno, "seqno", NULL, true),
};

/* ---- workqueue ---- */
/* "work struct=%p function=%ps workqueue=%s req_cpu=%d cpu=%d" */
static const struct sh_schema_field f_wq_queue[] = {
	NK(wq_queue, work, "work", "work struct", true),
	{ "function", "function", SH_CV_FUNC, SLOT(wq_queue, func), true, false },
	S("workqueue", "workqueue", 0, false),
	NK(wq_queue, req_cpu, "req_cpu", "req_cpu", false),
	NK(wq_queue, wq_cpu, "cpu", "cpu", false),
};
/* "work struct %p function=%ps " (function since ~6.10) */
static const struct sh_schema_field f_wq_activate[] = {
	NK(wq_activate, work, "work", "work struct", true),
	{ "function", "function", SH_CV_FUNC, SLOT(wq_activate, func), false, false },
};
/* "work struct %p: function %ps" */
static const struct sh_schema_field f_wq_exec[] = {
	NK(wq_start, work, "work", "work struct", true),
	{ "function", "function", SH_CV_FUNC, SLOT(wq_start, func), true, false },
};

/* ---- dma_fence: "driver=%s timeline=%s context=%u seqno=%u" ---- */
static const struct sh_schema_field f_fence[] = {
	S("driver", "driver", 0, true), S("timeline", "timeline", 1, true),
	N(fence, context), N(fence, seqno),
};

/* ---- sched (parsed by style in text) ---- */
static const struct sh_schema_field f_switch[] = {
	S("prev_comm", "prev_comm", 0, true),
	N(sched_switch, prev_pid),
	{ "prev_state", "prev_state", SH_CV_STATE, SLOT(sched_switch, prev_state), true, false },
	S("next_comm", "next_comm", 1, true),
	N(sched_switch, next_pid),
};
static const struct sh_schema_field f_wakeup[] = {
	S("comm", "comm", 0, true),
	NK(wakeup, woken_pid, "pid", "pid", true),
	NK(wakeup, target_cpu, "target_cpu", "target_cpu", false),
};

/*
 * ---- sched as LTTng-modules records it in CTF (instrumentation/events/sched.h):
 * event names without a system, "tid" where the kernel says "pid".
 * Workqueue events keep the kernel's field names there (function is an address).
 */
static const struct sh_schema_field f_lttng_switch[] = {
	S("prev_comm", "prev_comm", 0, true),
	NK(sched_switch, prev_pid, "prev_tid", "prev_tid", true),
	{ "prev_state", "prev_state", SH_CV_STATE, SLOT(sched_switch, prev_state), true, false },
	S("next_comm", "next_comm", 1, true),
	NK(sched_switch, next_pid, "next_tid", "next_tid", true),
};
static const struct sh_schema_field f_lttng_wakeup[] = {
	S("comm", "comm", 0, true),
	NK(wakeup, woken_pid, "tid", "tid", true),
	NK(wakeup, target_cpu, "target_cpu", "target_cpu", false),
};

/*
 * ---- kernel probes of schedhang record --kprobes (group SH_SYS_KPROBE): the
 * arguments of the definitions below. Printed "(SYM+0x0/0x1a0) job=0x..."
 * (kretprobes "(CALLER+0x5c/0x3a0 <- SYM) ..."); the leading part is skipped.
 */
static const struct sh_schema_field f_kp_push[] = {
	N(kp_push, job),
};
static const struct sh_schema_field f_kp_push_state[] = {
	N(kp_push, job), N(kp_push, ectx), N(kp_push, seqno),
};
static const struct sh_schema_field f_kp_push_ret[] = {
	NK(kp_push_ret, job, "job", "job", false),
};
static const struct sh_schema_field f_kp_wakeup[] = {
	N(kp_wakeup, sched),
};
static const struct sh_schema_field f_kp_pop[] = {
	N(kp_pop, entity), N(kp_pop, job),
};
static const struct sh_schema_field f_kp_pop_state[] = {
	N(kp_pop, entity), N(kp_pop, job), N(kp_pop, cnt), N(kp_pop, head),
};
static const struct sh_schema_field f_kp_ready[] = {
	N(kp_ready, entity), N(kp_ready, ready),
};
static const struct sh_schema_field f_kp_ready_state[] = {
	N(kp_ready, entity), N(kp_ready, ready), N(kp_ready, cnt), N(kp_ready, head),
};

#define NF(a) (unsigned)(sizeof(a) / sizeof((a)[0]))
#define KP(ev, type, f, k, kv) { SH_SYS_KPROBE, "schedhang_kp_" #ev, SH_EV_##type, 0, \
	SH_SCHEMA_BIT_KPROBE, SH_TX_KEYS, k, kv, f, NF(f), NULL }
#define SHE(ev, type, f) { SH_SYS_SCHEDHANG, "schedhang_" #ev, SH_EV_##type, 0, \
	SH_SCHEMA_BIT_SCHEDHANG, SH_TX_KEYS, -1, 0, f, NF(f), NULL }
#define OLD(ev, type, f, k, kv, p) { SH_SYS_GPU_SCHEDULER, #ev, SH_EV_##type, SH_EVF_STOCK_OLD, \
	SH_SCHEMA_BIT_STOCK_OLD, SH_TX_KEYS, k, kv, f, NF(f), p }
#define NEW(ev, type, f, k, kv, p) { SH_SYS_GPU_SCHEDULER, #ev, SH_EV_##type, SH_EVF_STOCK_NEW, \
	SH_SCHEMA_BIT_STOCK_NEW, SH_TX_KEYS, k, kv, f, NF(f), p }
#define WQ(ev, type, f, p) { SH_SYS_WORKQUEUE, #ev, SH_EV_##type, 0, SH_SCHEMA_BIT_WORKQUEUE, \
	SH_TX_KEYS, -1, 0, f, NF(f), p }
#define FENCE(k) { SH_SYS_DMA_FENCE, "dma_fence_" #k, SH_EV_FENCE, 0, SH_SCHEMA_BIT_DMA_FENCE, \
	SH_TX_KEYS, SLOT(fence, kind), SH_FENCE_KIND_##k##_ID, f_fence, NF(f_fence), P_FENCE }

/* The kernels' TP_printk formats, with {field} for the normalized fields. */
#define P_OLD_JOB "entity={entity}, id={id}, fence={fence}, ring={ring}, job count:{job_count}, " \
	"hw job count:{hw_job_count}"
#define P_OLD_DONE "fence={fence} signaled"
#define P_OLD_DEP "job ring={ring}, id={id}, depends fence={dep_fence}, context={dep_ctx}, " \
	"seq={dep_seqno}"
#define P_NEW_JOB "dev={dev}, fence={ectx}:{seqno}, ring={ring}, job count:{job_count}, " \
	"hw job count:{hw_job_count}, client_id:{client_id}"
#define P_NEW_DONE "fence={ectx}:{seqno} signaled"
#define P_NEW_ADD_DEP "fence={ectx}:{seqno} depends on fence={dep_ctx}:{dep_seqno}"
#define P_NEW_UNSCHED "fence={ectx}:{seqno} depends on unsignalled fence={dep_ctx}:{dep_seqno}"
#define P_WQ_QUEUE "work struct={work} function={function} workqueue={workqueue} " \
	"req_cpu={req_cpu} cpu={wq_cpu}"
#define P_WQ_ACTIVATE "work struct {work}"
#define P_WQ_EXEC "work struct {work}: function {function}"
#define P_FENCE "driver={driver} timeline={timeline} context={context} seqno={seqno}"
#define P_SWITCH "prev_comm={prev_comm} prev_pid={prev_pid} prev_state={prev_state} ==> " \
	"next_comm={next_comm} next_pid={next_pid}"
#define P_WAKEUP "comm={comm} pid={woken_pid} target_cpu={target_cpu}"

/* SH_FENCE_KIND_* values under their kernel event suffix */
enum {
	SH_FENCE_KIND_init_ID = SH_FENCE_KIND_INIT,
	SH_FENCE_KIND_emit_ID = SH_FENCE_KIND_EMIT,
	SH_FENCE_KIND_enable_signal_ID = SH_FENCE_KIND_ENABLE_SIGNAL,
	SH_FENCE_KIND_signaled_ID = SH_FENCE_KIND_SIGNALED,
	SH_FENCE_KIND_wait_start_ID = SH_FENCE_KIND_WAIT_START,
	SH_FENCE_KIND_wait_end_ID = SH_FENCE_KIND_WAIT_END,
	SH_FENCE_KIND_destroy_ID = SH_FENCE_KIND_DESTROY,
};

static const struct sh_schema_event table[] = {
	SHE(sched_info, SCHED_INFO, f_sched_info),
	SHE(push, PUSH, f_push),
	SHE(pop, POP, f_pop),
	SHE(kick, KICK, f_kick),
	SHE(worker_begin, WORKER_BEGIN, f_worker_begin),
	SHE(worker, WORKER, f_worker),
	SHE(done, DONE, f_done),
	SHE(dep, DEP, f_dep),
	SHE(state, STATE, f_state),
	OLD(drm_sched_job, JOB_QUEUE, f_old_job, -1, 0, P_OLD_JOB),
	OLD(drm_run_job, JOB_RUN, f_old_job, -1, 0, P_OLD_JOB),
	OLD(drm_sched_process_job, JOB_DONE, f_old_done, -1, 0, P_OLD_DONE),
	OLD(drm_sched_job_wait_dep, JOB_DEP, f_old_dep, SLOT(job_dep, kind), SH_JOB_DEP_KIND_WAIT_DEP,
	    P_OLD_DEP),
	NEW(drm_sched_job_queue, JOB_QUEUE, f_new_job, -1, 0, P_NEW_JOB),
	NEW(drm_sched_job_run, JOB_RUN, f_new_job, -1, 0, P_NEW_JOB),
	NEW(drm_sched_job_done, JOB_DONE, f_new_done, -1, 0, P_NEW_DONE),
	NEW(drm_sched_job_add_dep, JOB_DEP, f_new_add_dep, SLOT(job_dep, kind), SH_JOB_DEP_KIND_ADD_DEP,
	    P_NEW_ADD_DEP),
	NEW(drm_sched_job_unschedulable, JOB_DEP, f_new_unsched, SLOT(job_dep, kind),
	    SH_JOB_DEP_KIND_UNSCHEDULABLE, P_NEW_UNSCHED),
	WQ(workqueue_queue_work, WQ_QUEUE, f_wq_queue, P_WQ_QUEUE),
	WQ(workqueue_activate_work, WQ_ACTIVATE, f_wq_activate, P_WQ_ACTIVATE),
	WQ(workqueue_execute_start, WQ_START, f_wq_exec, P_WQ_EXEC),
	WQ(workqueue_execute_end, WQ_END, f_wq_exec, P_WQ_EXEC),
	FENCE(init), FENCE(emit), FENCE(enable_signal), FENCE(signaled),
	FENCE(wait_start), FENCE(wait_end), FENCE(destroy),
	{ SH_SYS_SCHED, "sched_switch", SH_EV_SWITCH, 0, SH_SCHEMA_BIT_SCHED, SH_TX_SWITCH, -1, 0,
	  f_switch, NF(f_switch), P_SWITCH },
	{ SH_SYS_SCHED, "sched_wakeup", SH_EV_WAKEUP, 0, SH_SCHEMA_BIT_SCHED, SH_TX_WAKEUP, -1, 0,
	  f_wakeup, NF(f_wakeup), P_WAKEUP },
	KP(push, KP_PUSH, f_kp_push, SLOT(kp_push, state), 0),
	KP(push_state, KP_PUSH, f_kp_push_state, SLOT(kp_push, state), 1),
	KP(push_ret, KP_PUSH_RET, f_kp_push_ret, -1, 0),
	KP(wakeup, KP_WAKEUP, f_kp_wakeup, -1, 0),
	KP(pop, KP_POP, f_kp_pop, SLOT(kp_pop, state), 0),
	KP(pop_state, KP_POP, f_kp_pop_state, SLOT(kp_pop, state), 1),
	KP(ready, KP_READY, f_kp_ready, SLOT(kp_ready, state), 0),
	KP(ready_state, KP_READY, f_kp_ready_state, SLOT(kp_ready, state), 1),
	/* CTF readers only (system SH_SCHEMA_LTTNG_SYSTEM): after the kernel entries, so
	 * a lookup by event name alone still finds those first */
	{ SH_SCHEMA_LTTNG_SYSTEM, "sched_switch", SH_EV_SWITCH, 0, SH_SCHEMA_BIT_SCHED,
	  SH_TX_SWITCH, -1, 0, f_lttng_switch, NF(f_lttng_switch), P_SWITCH },
	{ SH_SCHEMA_LTTNG_SYSTEM, "sched_wakeup", SH_EV_WAKEUP, 0, SH_SCHEMA_BIT_SCHED,
	  SH_TX_WAKEUP, -1, 0, f_lttng_wakeup, NF(f_lttng_wakeup), P_WAKEUP },
};

/* The shared WQ field layout is read through wq_start's slots. */
_Static_assert(offsetof(struct sh_ev_wq_start, func) == offsetof(struct sh_ev_wq_end, func),
	       "workqueue field layouts differ");

unsigned sh_schema_count(void)
{
	return NF(table);
}

const struct sh_schema_event *sh_schema_at(unsigned i)
{
	return i < NF(table) ? &table[i] : NULL;
}

int sh_schema_find(const char *system, const char *event)
{
	for (unsigned i = 0; i < NF(table); i++) {
		if (strcmp(table[i].event, event) != 0)
			continue;
		if (!system || strcmp(table[i].system, system) == 0)
			return (int)i;
	}
	return -1;
}

const struct sh_schema_event *sh_schema_of(const struct sh_event *ev)
{
	const uint16_t stock = SH_EVF_STOCK_OLD | SH_EVF_STOCK_NEW;

	for (unsigned i = 0; i < NF(table); i++) {
		const struct sh_schema_event *e = &table[i];

		if (e->type != ev->type || (e->flags & stock) != (ev->flags & stock) ||
		    (e->const_slot >= 0 && ev->f[e->const_slot] != e->const_val))
			continue;
		return strcmp(e->system, SH_SCHEMA_LTTNG_SYSTEM) ? e : NULL;
	}
	return NULL;
}

/* Value of normalized field or string slot @name (@len bytes) of @ev, as the kernel prints it. */
static void print_field(struct sh_buf *b, const struct sh_event *ev, const char *name, size_t len)
{
	const struct sh_ev_desc *d = sh_ev_desc(ev->type);
	char key[32];
	int i;

	if (len >= sizeof(key))
		return;
	memcpy(key, name, len);
	key[len] = '\0';
	for (unsigned s = 0; s < 2; s++)
		if (d->str_name[s] && strcmp(d->str_name[s], key) == 0) {
			sh_buf_add(b, ev->str[s] ? ev->str[s] : "(null)");
			return;
		}
	i = sh_ev_field_index(ev->type, key);
	if (i < 0)
		return;
	switch (d->fields[i].kind) {
	case SH_FK_X: sh_buf_printf(b, "0x%" PRIx64, ev->f[i]); break;
	case SH_FK_S: sh_buf_printf(b, "%" PRId64, (int64_t)ev->f[i]); break;
	default: sh_buf_printf(b, "%" PRIu64, ev->f[i]); break;
	}
}

void sh_schema_print(struct sh_buf *b, const struct sh_event *ev)
{
	const struct sh_schema_event *e = sh_schema_of(ev);
	const char *p, *close;

	if (!e || !e->print) {
		sh_buf_printf(b, "%s: ", e ? e->event : sh_ev_desc(ev->type)->name);
		sh_format_fields(b, ev);
		return;
	}
	sh_buf_printf(b, "%s: ", e->event);
	for (p = e->print; *p; p = close + 1) {
		const char *open = strchr(p, '{');

		close = open ? strchr(open, '}') : NULL;
		if (!close) {
			sh_buf_add(b, p);
			return;
		}
		sh_buf_addn(b, p, (size_t)(open - p));
		print_field(b, ev, open + 1, (size_t)(close - open - 1));
	}
}

const struct sh_schema_event *sh_schema_marker(unsigned bit)
{
	for (unsigned i = 0; i < NF(table); i++)
		if (table[i].schema_bit == bit && strcmp(table[i].system, SH_SCHEMA_LTTNG_SYSTEM) != 0)
			return &table[i];
	return NULL;
}

/*
 * The probes of --kprobes, alternatives of one probe in the order they are
 * tried (the first the kernel offers and accepts wins). The functions and
 * parameter names are those of drm_sched 6.12 to 6.18 and of the newest
 * layout read (tests/unit/test-kprobes.c holds their prototypes):
 *   void drm_sched_entity_push_job(struct drm_sched_job *sched_job)
 *   void drm_sched_wakeup(struct drm_gpu_scheduler *sched)
 *   struct drm_sched_job *drm_sched_entity_pop_job(struct drm_sched_entity *entity)
 *   bool drm_sched_entity_is_ready(struct drm_sched_entity *entity)   (6.12-6.14
 *        out of line; an inline of sched_internal.h since: then not probed)
 * spsc_queue_push() is inline, so "first" is whether drm_sched_wakeup() runs
 * between the entry and the return of the push, in the pushing task. The
 * queue state at the pop's and is_ready's return (count, head) needs BTF:
 * typed names.
 */
static const struct sh_schema_kprobe kprobes[] = {
	{ SH_KPROBE_PUSH, "schedhang_kp_push_state", "drm_sched_entity_push_job", false, true,
	  "job=$arg1:x64 ectx=sched_job->s_fence->finished.context:u64 "
	  "seqno=sched_job->s_fence->finished.seqno:u64" },
	{ SH_KPROBE_PUSH, "schedhang_kp_push", "drm_sched_entity_push_job", false, false,
	  "job=$arg1:x64" },
	{ SH_KPROBE_PUSH_RET, "schedhang_kp_push_ret", "drm_sched_entity_push_job", true, false,
	  "job=$arg1:x64" },
	{ SH_KPROBE_PUSH_RET, "schedhang_kp_push_ret", "drm_sched_entity_push_job", true, false,
	  "" },
	{ SH_KPROBE_WAKEUP, "schedhang_kp_wakeup", "drm_sched_wakeup", false, false,
	  "sched=$arg1:x64" },
	{ SH_KPROBE_POP, "schedhang_kp_pop_state", "drm_sched_entity_pop_job", true, true,
	  "entity=$arg1:x64 job=$retval:x64 cnt=entity->job_queue.job_count.counter:s32 "
	  "head=entity->job_queue.head:x64" },
	{ SH_KPROBE_POP, "schedhang_kp_pop", "drm_sched_entity_pop_job", true, false,
	  "entity=$arg1:x64 job=$retval:x64" },
	{ SH_KPROBE_READY, "schedhang_kp_ready_state", "drm_sched_entity_is_ready", true, true,
	  "entity=$arg1:x64 ready=$retval:u8 cnt=entity->job_queue.job_count.counter:s32 "
	  "head=entity->job_queue.head:x64" },
	{ SH_KPROBE_READY, "schedhang_kp_ready", "drm_sched_entity_is_ready", true, false,
	  "entity=$arg1:x64 ready=$retval:u8" },
};

const struct sh_schema_kprobe *sh_schema_kprobe_at(unsigned i)
{
	return i < NF(kprobes) ? &kprobes[i] : NULL;
}

bool sh_schema_kprobe_required(unsigned probe)
{
	return probe != SH_KPROBE_POP && probe != SH_KPROBE_READY;
}

static const struct { const char *name; unsigned v; } funcs[] = {
	{ "drm_sched_run_job_work", SH_WQ_FUNC_RUN_JOB },
	{ "drm_sched_free_job_work", SH_WQ_FUNC_FREE_JOB },
	{ "drm_sched_job_timedout", SH_WQ_FUNC_TIMEDOUT },
};

const char *sh_schema_work_fn(unsigned i)
{
	return i < NF(funcs) ? funcs[i].name : NULL;
}

unsigned sh_schema_wq_func(const char *name)
{
	size_t len;

	if (!name)
		return SH_WQ_FUNC_OTHER;
	len = strcspn(name, " +[");
	for (size_t i = 0; i < NF(funcs); i++)
		if (strlen(funcs[i].name) == len && memcmp(funcs[i].name, name, len) == 0)
			return funcs[i].v;
	return SH_WQ_FUNC_OTHER;
}

int sh_schema_task_state(const char *s, size_t len, bool plugin, uint64_t *out)
{
	/* kernel: __print_flags over TASK_REPORT bits, "+" = TASK_REPORT_MAX (preempted) */
	static const char kernel_letters[] = "SDTtXZPI";
	static const char plugin_letters[] = "SDTtZXxW";
	const char *letters = plugin ? plugin_letters : kernel_letters;
	uint64_t v = 0;
	size_t i = 0;

	if (len == 0)
		return -1;
	if (s[0] == 'R') {
		i = 1;
	} else {
		for (;;) {
			const char *p = i < len ? memchr(letters, s[i], 8) : NULL;

			if (!p || !*p)
				return -1;
			v |= 1ull << (p - letters);
			if (++i == len || s[i] != '|')
				break;
			i++;
		}
	}
	if (i < len && s[i] == '+' && !plugin) {
		v |= 0x100;
		i++;
	}
	if (i != len)
		return -1;
	*out = v;
	return 0;
}
