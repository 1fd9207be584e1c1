/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SCHEMA_H
#define SH_SCHEMA_H

/*
 * THE table of kernel names: which (system, event) maps to which normalized
 * event type, and for each normalized field the kernel field name (binary
 * readers) and the key as the event's TP_printk prints it (text reader).
 * Nothing else in schedhang spells a kernel event or field name. libc only.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/event.h"

/* How a field's value becomes normalized data */
enum sh_conv {
	SH_CV_NUM,	/* integer (any width, sign-extended if signed) -> f[slot] */
	SH_CV_STR,	/* string -> str[slot] */
	SH_CV_FUNC,	/* function (address or symbol) -> f[slot] = SH_WQ_FUNC_*, str[1] = name */
	SH_CV_STATE,	/* task state: number, or letters in text -> f[slot] */
};

struct sh_schema_field {
	const char *kname;	/* field name in the event format */
	const char *tkey;	/* key in the printed text; NULL: not printed alone */
	uint8_t conv;		/* enum sh_conv */
	int8_t slot;		/* index into ev->f[] or ev->str[] */
	bool required;		/* the event is unusable without it */
	bool tpair;		/* text prints "A:B" here, filling this slot and the next field's */
};

/* How the text reader parses the part after "event: " */
enum sh_text_style {
	SH_TX_KEYS,	/* find each field's tkey followed by '=', ':' or ' ' */
	SH_TX_SWITCH,	/* sched_switch: kernel or libtraceevent-plugin form */
	SH_TX_WAKEUP,	/* sched_wakeup: kernel or libtraceevent-plugin form */
};

struct sh_schema_event {
	const char *system;
	const char *event;
	uint16_t type;		/* enum sh_ev_type */
	uint16_t flags;		/* SH_EVF_* set on every event */
	uint8_t schema_bit;	/* SH_SCHEMA_BIT_* (source.h) */
	uint8_t text;		/* enum sh_text_style */
	int8_t const_slot;	/* f[] slot given a constant (kind), or -1 */
	uint8_t const_val;
	const struct sh_schema_field *fields;
	unsigned nfields;
	/*
	 * How the kernel prints the event after "name: " (its TP_printk), with
	 * {field} for a normalized field or string slot; NULL: every field as
	 * name=value in order (the schedhang events, enumerations by name as
	 * the print plugin shows them).
	 */
	const char *print;
};

/* Number of schema entries; indices 0..n-1 are stable within a build. */
unsigned sh_schema_count(void);

/* Entry @i, or NULL when out of range. */
const struct sh_schema_event *sh_schema_at(unsigned i);

/* Index of (@system, @event), or -1. A NULL @system matches on the event name alone. */
int sh_schema_find(const char *system, const char *event);

/* The trace systems of the table (the recorder builds its default set from them). */
#define SH_SYS_SCHEDHANG "schedhang"
#define SH_SYS_GPU_SCHEDULER "gpu_scheduler"
#define SH_SYS_DMA_FENCE "dma_fence"
#define SH_SYS_WORKQUEUE "workqueue"
#define SH_SYS_SCHED "sched"
#define SH_SYS_KPROBE "schedhang_kp"	/* the group of record --kprobes */

/* The stock event some 2025 kernels oops in (the recorder warns before enabling it). */
#define SH_SCHEMA_UNSCHEDULABLE "drm_sched_job_unschedulable"

/*
 * The first entry of schema @bit (SH_SCHEMA_BIT_*) outside the LTTng
 * pseudo-system: an event whose presence in tracefs shows the kernel has
 * that schema. NULL when none.
 */
const struct sh_schema_event *sh_schema_marker(unsigned bit);

/* The kernel event @ev came from (its table entry), or NULL for a synthetic event. */
const struct sh_schema_event *sh_schema_of(const struct sh_event *ev);

/*
 * Print @ev as the kernel's trace output shows it after the timestamp:
 * "drm_sched_job: entity=0x..., id=135, ..." (uprobe events without their
 * probe address). Events the table does not know print by their normalized
 * name and fields.
 */
void sh_schema_print(struct sh_buf *b, const struct sh_event *ev);

/* drm_sched's work function @i (0, 1, ...: run job, free job, timeout), or NULL past the last. */
const char *sh_schema_work_fn(unsigned i);

/* The probes of record --kprobes (struct sh_schema_kprobe.probe). */
enum sh_kprobe_probe {
	SH_KPROBE_PUSH,		/* drm_sched_entity_push_job() entry */
	SH_KPROBE_PUSH_RET,	/* its return */
	SH_KPROBE_WAKEUP,	/* drm_sched_wakeup() entry */
	SH_KPROBE_POP,		/* drm_sched_entity_pop_job() return */
	SH_KPROBE_READY,	/* drm_sched_entity_is_ready() return */
	SH_KPROBE__COUNT
};

/* One definition of a probe of record --kprobes (event in group SH_SYS_KPROBE). */
struct sh_schema_kprobe {
	unsigned probe;		/* enum sh_kprobe_probe */
	const char *event;	/* its event name, a row of the schema table */
	const char *func;	/* the probed kernel function */
	bool ret;		/* a return probe */
	bool btf;		/* its arguments need the function's BTF */
	const char *args;	/* fetch-args, tracefs syntax */
};

/* Definition @i (alternatives of one probe follow each other, preferred first), or NULL. */
const struct sh_schema_kprobe *sh_schema_kprobe_at(unsigned i);

/* Can a recording go without @probe (an optional refinement)? */
bool sh_schema_kprobe_required(unsigned probe);

/* The kernel field name that marks a uprobe dynamic event (ignored as data). */
#define SH_SCHEMA_PROBE_IP "__probe_ip"

/* System name of uprobe events that carry schedhang_* names. */
#define SH_SCHEMA_SCHEDHANG_SYSTEM SH_SYS_SCHEDHANG

/*
 * Pseudo-system of the entries for LTTng-modules' renamed fields (CTF event
 * names carry no system there; the CTF reader tries this one first).
 */
#define SH_SCHEMA_LTTNG_SYSTEM "lttng"

/*
 * Classify a work function name ("drm_sched_run_job_work", optionally
 * followed by " [gpu_sched]" or "+0x10/0x20"): SH_WQ_FUNC_*.
 */
unsigned sh_schema_wq_func(const char *name);

/*
 * Task state letters as the kernel prints prev_state ("S", "D|W", "R+")
 * -> the number. @plugin: libtraceevent's sched_switch plugin letters
 * ("SDTtZXxW", no '+'). Returns 0 and sets *out, or -1 if not a state.
 */
int sh_schema_task_state(const char *s, size_t len, bool plugin, uint64_t *out);

#endif
