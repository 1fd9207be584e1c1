/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_EVENT_H
#define SH_EVENT_H

/*
 * The normalized event: what every reader (trace.dat, ftrace text, CTF, live
 * tracefs) produces and what the model consumes. Readers map kernel event and
 * field names onto these types through the schema table (schema.c); nothing
 * downstream of the readers knows a kernel name.
 *
 * Every type has up to SH_EV_MAX_FIELDS integer fields and two string slots.
 * The field list of each type is one X-macro that generates both the member
 * struct (so the model writes ev->push.first) and the field descriptor table
 * (so readers fill ev->f[i] by index and outputs print any event generically).
 * Pointers are u64 values; signed values are stored sign-extended.
 */

#include <stdint.h>
#include <stddef.h>

#define SH_EV_MAX_FIELDS 8

/* Field kinds: how a value prints. E_x names an enum table (event.c). */
enum sh_field_kind {
	SH_FK_U,	/* unsigned decimal */
	SH_FK_S,	/* signed decimal (stored sign-extended) */
	SH_FK_X,	/* pointer / address, 0x%llx */
	SH_FK_E,	/* enumeration with printable names */
};

/* F(name, kind, enum-table-or-NONE) */
#define SH_LOST_FIELDS(F)	F(count, U, NONE)
#define SH_SCHED_INFO_FIELDS(F) F(sched, X, NONE) F(credit_limit, U, NONE) \
	F(timeout_ms, U, NONE) F(work_run, X, NONE) F(work_free, X, NONE)
#define SH_PUSH_FIELDS(F)	F(sched, X, NONE) F(entity, X, NONE) F(ectx, U, NONE) \
	F(seqno, U, NONE) F(first, U, NONE) F(cnt_before, U, NONE) F(cnt_after, U, NONE)
#define SH_POP_FIELDS(F)	F(sched, X, NONE) F(entity, X, NONE) F(ectx, U, NONE) \
	F(seqno, U, NONE) F(cnt_after, U, NONE) F(head_nonnull, U, NONE) F(slowpath, U, NONE)
#define SH_KICK_FIELDS(F)	F(sched, X, NONE) F(which, E, KICK_WHICH) \
	F(reason, E, KICK_REASON) F(stopped, U, NONE) F(queued, U, NONE)
#define SH_WORKER_BEGIN_FIELDS(F) F(sched, X, NONE)
#define SH_WORKER_FIELDS(F)	F(sched, X, NONE) F(outcome, E, OUTCOME) F(entity, X, NONE) \
	F(ectx, U, NONE) F(seqno, U, NONE) F(credit_count, U, NONE) \
	F(credit_limit, U, NONE) F(n_nonempty_unready, U, NONE)
#define SH_DONE_FIELDS(F)	F(sched, X, NONE) F(ectx, U, NONE) F(seqno, U, NONE) \
	F(result, S, NONE)
#define SH_DEP_FIELDS(F)	F(entity, X, NONE) F(ectx, U, NONE) F(seqno, U, NONE) \
	F(dep_ctx, U, NONE) F(dep_seqno, U, NONE) F(action, E, DEP_ACTION)
#define SH_STATE_FIELDS(F)	F(sched, X, NONE) F(entity, X, NONE) F(state, E, STATE) \
	F(arg, S, NONE)
/*
 * Stock gpu_scheduler events, both schemas in one shape. <=6.16 fills entity,
 * fence (finished-fence pointer) and id; >=6.17 fills ectx:seqno (the
 * finished fence) and client_id. ev->flags says which (SH_EVF_STOCK_*).
 */
#define SH_JOB_FIELDS(F)	F(entity, X, NONE) F(fence, X, NONE) F(id, U, NONE) \
	F(ectx, U, NONE) F(seqno, U, NONE) F(job_count, U, NONE) \
	F(hw_job_count, S, NONE) F(client_id, U, NONE)
#define SH_JOB_DONE_FIELDS(F)	F(fence, X, NONE) F(ectx, U, NONE) F(seqno, U, NONE)
/* <=6.16 drm_sched_job_wait_dep: id + dep fence pointer + dep ctx/seqno;
 * >=6.17 add_dep/unschedulable: job ectx:seqno + dep ctx/seqno. */
#define SH_JOB_DEP_FIELDS(F)	F(kind, E, JOB_DEP_KIND) F(id, U, NONE) F(ectx, U, NONE) \
	F(seqno, U, NONE) F(dep_fence, X, NONE) F(dep_ctx, U, NONE) F(dep_seqno, U, NONE)
/* workqueue events; func classifies drm_sched's work functions */
#define SH_WQ_FIELDS(F)		F(work, X, NONE) F(func, E, WQ_FUNC) F(req_cpu, S, NONE) \
	F(wq_cpu, S, NONE)
#define SH_FENCE_FIELDS(F)	F(kind, E, FENCE_KIND) F(context, U, NONE) F(seqno, U, NONE)
#define SH_SWITCH_FIELDS(F)	F(prev_pid, S, NONE) F(prev_state, X, NONE) F(next_pid, S, NONE)
#define SH_WAKEUP_FIELDS(F)	F(woken_pid, S, NONE) F(target_cpu, S, NONE)
/*
 * Kernel probes of an unpatched drm_sched (schedhang record --kprobes,
 * schedhang-events(7)): push entry and return, every drm_sched_wakeup(),
 * the pop's return, and drm_sched_entity_is_ready()'s return (the worker's
 * look at an entity). They carry pointers only; the model ties them to the
 * stock events of the same task. @state: the probe read the job's
 * finished fence (ectx, seqno) or the queue (count, head) through BTF, so
 * those fields are data, not zeros.
 */
#define SH_KP_PUSH_FIELDS(F)	F(job, X, NONE) F(state, U, NONE) F(ectx, U, NONE) F(seqno, U, NONE)
#define SH_KP_PUSH_RET_FIELDS(F) F(job, X, NONE)
#define SH_KP_WAKEUP_FIELDS(F)	F(sched, X, NONE)
#define SH_KP_POP_FIELDS(F)	F(entity, X, NONE) F(job, X, NONE) F(state, U, NONE) \
	F(cnt, S, NONE) F(head, X, NONE)
#define SH_KP_READY_FIELDS(F)	F(entity, X, NONE) F(ready, U, NONE) F(state, U, NONE) \
	F(cnt, S, NONE) F(head, X, NONE)

/*
 * X(ID, member, printable-name, FIELDS, string slot 0 name, string slot 1 name)
 * The printable name of a schedhang_* type is the contract's event name.
 */
#define SH_EV_TYPES(X) \
	X(LOST,        lost,        "lost_events",            SH_LOST_FIELDS,         NULL,        NULL) \
	X(SCHED_INFO,  sched_info,  "schedhang_sched_info",   SH_SCHED_INFO_FIELDS,   "name",      NULL) \
	X(PUSH,        push,        "schedhang_push",         SH_PUSH_FIELDS,         NULL,        NULL) \
	X(POP,         pop,         "schedhang_pop",          SH_POP_FIELDS,          NULL,        NULL) \
	X(KICK,        kick,        "schedhang_kick",         SH_KICK_FIELDS,         NULL,        NULL) \
	X(WORKER_BEGIN, worker_begin, "schedhang_worker_begin", SH_WORKER_BEGIN_FIELDS, NULL,      NULL) \
	X(WORKER,      worker,      "schedhang_worker",       SH_WORKER_FIELDS,       NULL,        NULL) \
	X(DONE,        done,        "schedhang_done",         SH_DONE_FIELDS,         NULL,        NULL) \
	X(DEP,         dep,         "schedhang_dep",          SH_DEP_FIELDS,          NULL,        NULL) \
	X(STATE,       state,       "schedhang_state",        SH_STATE_FIELDS,        NULL,        NULL) \
	X(JOB_QUEUE,   job_queue,   "job_queue",              SH_JOB_FIELDS,          "ring",      "dev") \
	X(JOB_RUN,     job_run,     "job_run",                SH_JOB_FIELDS,          "ring",      "dev") \
	X(JOB_DONE,    job_done,    "job_done",               SH_JOB_DONE_FIELDS,     NULL,        NULL) \
	X(JOB_DEP,     job_dep,     "job_dep",                SH_JOB_DEP_FIELDS,      "ring",      NULL) \
	X(WQ_QUEUE,    wq_queue,    "workqueue_queue_work",   SH_WQ_FIELDS,           "workqueue", "function") \
	X(WQ_ACTIVATE, wq_activate, "workqueue_activate_work", SH_WQ_FIELDS,          NULL,        "function") \
	X(WQ_START,    wq_start,    "workqueue_execute_start", SH_WQ_FIELDS,          NULL,        "function") \
	X(WQ_END,      wq_end,      "workqueue_execute_end",  SH_WQ_FIELDS,           NULL,        "function") \
	X(FENCE,       fence,       "dma_fence",              SH_FENCE_FIELDS,        "driver",    "timeline") \
	X(SWITCH,      sched_switch, "sched_switch",          SH_SWITCH_FIELDS,       "prev_comm", "next_comm") \
	X(WAKEUP,      wakeup,      "sched_wakeup",           SH_WAKEUP_FIELDS,       "comm",      NULL) \
	X(KP_PUSH,     kp_push,     "kp_push",                SH_KP_PUSH_FIELDS,      NULL,        NULL) \
	X(KP_PUSH_RET, kp_push_ret, "kp_push_ret",            SH_KP_PUSH_RET_FIELDS,  NULL,        NULL) \
	X(KP_WAKEUP,   kp_wakeup,   "kp_wakeup",              SH_KP_WAKEUP_FIELDS,    NULL,        NULL) \
	X(KP_POP,      kp_pop,      "kp_pop",                 SH_KP_POP_FIELDS,       NULL,        NULL) \
	X(KP_READY,    kp_ready,    "kp_ready",               SH_KP_READY_FIELDS,     NULL,        NULL)

enum sh_ev_type {
#define SH_X(id, m, name, fields, s0, s1) SH_EV_##id,
	SH_EV_TYPES(SH_X)
#undef SH_X
	SH_EV__COUNT
};

/* A set of types: SH_EV_BIT(PUSH) | SH_EV_BIT(POP) */
#define SH_EV_BIT(id) (1ULL << SH_EV_##id)
_Static_assert(SH_EV__COUNT <= 64, "a set of event types fits in 64 bits");

/*
 * Enumerations, numbered from 0 in the order given (the numbers are part of
 * the event contract). SH_<TABLE>_VALUES(X, T) lists X(T, ID, "printable").
 */
#define SH_KICK_WHICH_VALUES(X, T) X(T, RUN, "RUN") X(T, FREE, "FREE")
#define SH_KICK_REASON_VALUES(X, T) X(T, PUSH_FIRST, "PUSH_FIRST") X(T, DEP_CB, "DEP_CB") \
	X(T, JOB_DONE, "JOB_DONE") X(T, FREE_WORK, "FREE_WORK") X(T, RUN_REQUEUE, "RUN_REQUEUE") \
	X(T, POP_NULL, "POP_NULL") X(T, WQ_START, "WQ_START") X(T, TDR, "TDR") X(T, MANUAL, "MANUAL")
#define SH_OUTCOME_VALUES(X, T) X(T, RAN, "RAN") X(T, NO_ENTITY, "NO_ENTITY") \
	X(T, NO_CREDIT, "NO_CREDIT") X(T, POP_NULL, "POP_NULL") X(T, STOPPED, "STOPPED")
#define SH_DEP_ACTION_VALUES(X, T) X(T, SKIP_SAME_ENTITY, "SKIP_SAME_ENTITY") \
	X(T, SCHEDULED_ONLY, "SCHEDULED_ONLY") X(T, CB_ADDED, "CB_ADDED") \
	X(T, ALREADY_SIGNALED, "ALREADY_SIGNALED") X(T, CB_FIRED, "CB_FIRED")
#define SH_STATE_VALUES(X, T) X(T, WQ_STOP, "WQ_STOP") X(T, WQ_START, "WQ_START") \
	X(T, TDR_BEGIN, "TDR_BEGIN") X(T, TDR_END, "TDR_END") X(T, ENTITY_KILL, "ENTITY_KILL") \
	X(T, FINI, "FINI")
#define SH_JOB_DEP_KIND_VALUES(X, T) X(T, WAIT_DEP, "wait_dep") X(T, ADD_DEP, "add_dep") \
	X(T, UNSCHEDULABLE, "unschedulable")
#define SH_WQ_FUNC_VALUES(X, T) X(T, OTHER, "other") X(T, RUN_JOB, "drm_sched_run_job_work") \
	X(T, FREE_JOB, "drm_sched_free_job_work") X(T, TIMEDOUT, "drm_sched_job_timedout")
#define SH_FENCE_KIND_VALUES(X, T) X(T, INIT, "init") X(T, EMIT, "emit") \
	X(T, ENABLE_SIGNAL, "enable_signal") X(T, SIGNALED, "signaled") \
	X(T, WAIT_START, "wait_start") X(T, WAIT_END, "wait_end") X(T, DESTROY, "destroy")

#define SH_ENUM_TABLES(T) T(KICK_WHICH) T(KICK_REASON) T(OUTCOME) T(DEP_ACTION) \
	T(STATE) T(JOB_DEP_KIND) T(WQ_FUNC) T(FENCE_KIND)

enum sh_enum_table {
	SH_ENUM_NONE,
#define SH_T(n) SH_ENUM_##n,
	SH_ENUM_TABLES(SH_T)
#undef SH_T
	SH_ENUM__COUNT
};

/* enum { SH_KICK_REASON_PUSH_FIRST, ... }, one enum per table */
#define SH_V(T, id, s) SH_##T##_##id,
#define SH_T(n) enum { SH_##n##_VALUES(SH_V, n) };
SH_ENUM_TABLES(SH_T)
#undef SH_T
#undef SH_V

/* Per-type member structs: struct sh_ev_push { uint64_t sched, entity, ...; } */
#define SH_MEMBER(name, kind, table) uint64_t name;
#define SH_X(id, m, pname, fields, s0, s1) struct sh_ev_##m { fields(SH_MEMBER) };
SH_EV_TYPES(SH_X)
#undef SH_X
#undef SH_MEMBER

/* ev->flags */
enum {
	SH_EVF_STOCK_OLD = 1 << 0,	/* gpu_scheduler <= 6.16 schema */
	SH_EVF_STOCK_NEW = 1 << 1,	/* gpu_scheduler >= 6.17 schema */
	SH_EVF_UPROBE = 1 << 2,		/* emitted through the user-space probe ABI */
	SH_EVF_HASHED = 1 << 3,		/* pointers are tracefs hashes, not addresses */
};

struct sh_event {
	uint64_t ts;		/* ns in the trace clock */
	uint64_t idx;		/* position in the normalized stream, from 0 */
	const char *comm;	/* borrowed from the source; NULL if unknown */
	const char *str[2];	/* borrowed from the source; see the type table */
	int32_t cpu;
	int32_t pid;
	uint16_t type;		/* enum sh_ev_type */
	uint16_t flags;		/* SH_EVF_* */
	union {
		uint64_t f[SH_EV_MAX_FIELDS];
#define SH_X(id, m, pname, fields, s0, s1) struct sh_ev_##m m;
		SH_EV_TYPES(SH_X)
#undef SH_X
	};
};

struct sh_field_desc {
	const char *name;
	enum sh_field_kind kind;
	enum sh_enum_table table;
};

struct sh_ev_desc {
	const char *name;		/* printable name */
	const struct sh_field_desc *fields;
	unsigned nfields;
	const char *str_name[2];	/* NULL where the slot is unused */
};

/* Descriptor of @type, or NULL when out of range. */
const struct sh_ev_desc *sh_ev_desc(unsigned type);

/* Index of field @name in @type, or -1. */
int sh_ev_field_index(unsigned type, const char *name);

/* Printable name of value @v in enumeration @table, or NULL if unknown. */
const char *sh_enum_name(enum sh_enum_table table, uint64_t v);

/*
 * The value whose name in @table is the @len bytes at @s (as the schedhang
 * print plugin shows it: "PUSH_FIRST"). 0 and *@v set, or -1 when none.
 */
int sh_enum_parse(enum sh_enum_table table, const char *s, size_t len, uint64_t *v);

/* Number of values in @table. */
unsigned sh_enum_count(enum sh_enum_table table);

#endif
