/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TIMELINE_H
#define SH_TIMELINE_H

/*
 * The timeline index (libc only): while a trace streams through the analysis,
 * one compact entry per event is appended to the array of the row the event
 * belongs to (a scheduler's worker, an entity, or "other"), holding the state
 * of that row after the event. A viewer finds what a time bin shows with two
 * binary searches per row (the KernelShark model), so zoom and pan cost
 * O(rows * log n) whatever the trace length.
 *
 * Rows are numbered in first-seen order; sh_timeline_finish() computes the
 * display order (schedulers by id, each followed by its entities by id).
 * Timestamps are kept non-decreasing per timeline: an unordered event is
 * indexed at the latest time seen (the readers count those).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/hmap.h"
#include "detect/analysis.h"

enum sh_tl_kind {
	SH_TL_SCHED,	/* a scheduler's submit worker */
	SH_TL_ENTITY,	/* an entity's job queue */
	SH_TL_OTHER,	/* events of no scheduler (fences, sched_switch...) */
	SH_TL_LOST,	/* lost-event markers */
};

/* entry flags */
enum {
	SH_TLF_NOT_FIRST = 1 << 0,	/* a push that did not wake the worker */
	SH_TLF_KILLED = 1 << 1,		/* the entity was killed */
	SH_TLF_HAS_SEQNO = 1 << 2,	/* seqno is a job's */
	SH_TLF_LOST = 1 << 3,		/* a lost-events marker */
	/* every flag (a new one is added here too): must fit SH_TL_FLAGS_BITS */
	SH_TLF__ALL = SH_TLF_NOT_FIRST | SH_TLF_KILLED | SH_TLF_HAS_SEQNO | SH_TLF_LOST,
};

/* Widths of the fields packed in an entry's last word (checked in timeline.c). */
#define SH_TL_TYPE_BITS 5
#define SH_TL_FLAGS_BITS 4
#define SH_TL_CPU_BITS 15
#define SH_TL_CPU_UNKNOWN ((1u << SH_TL_CPU_BITS) - 1)	/* 0x7fff */

/*
 * One event, 20 bytes (checked in timeline.c): 11M events cost 220 MB. The
 * row is the array the entry lives in; the time is split in two halves so
 * that the entry needs 4-byte alignment only (a uint64_t would pad it to 24).
 */
struct sh_tl_entry {
	uint32_t ts_lo, ts_hi;	/* ns: sh_tl_ts() */
	uint32_t seqno;		/* job seqno (low 32 bits) when SH_TLF_HAS_SEQNO */
	uint16_t depth;		/* entity: reconstructed queue depth after the event (saturated) */
	uint16_t nf_cum;	/* entity: not-first pushes so far, mod 2^16 (bins compare two) */
	unsigned type : SH_TL_TYPE_BITS;	/* enum sh_ev_type */
	unsigned flags : SH_TL_FLAGS_BITS;	/* SH_TLF_* */
	unsigned cpu : SH_TL_CPU_BITS;		/* SH_TL_CPU_UNKNOWN when unknown: sh_tl_cpu_of() */
	unsigned state : 8;	/* sched: enum sh_worker_state; entity: jobs running (saturated) */
};

/* The time of entry @x, ns. */
static inline uint64_t sh_tl_ts(const struct sh_tl_entry *x)
{
	return (uint64_t)x->ts_hi << 32 | x->ts_lo;
}

/* Set it (the index does; a test may). */
static inline void sh_tl_set_ts(struct sh_tl_entry *x, uint64_t ts)
{
	x->ts_lo = (uint32_t)ts;
	x->ts_hi = (uint32_t)(ts >> 32);
}

/*
 * What an entry keeps of an event's CPU: SH_TL_CPU_UNKNOWN for none (< 0) and
 * for CPUs that do not fit (Linux allows 8192; the readers cap them higher).
 */
static inline unsigned sh_tl_cpu_of(int cpu)
{
	return cpu < 0 || (unsigned)cpu >= SH_TL_CPU_UNKNOWN ? SH_TL_CPU_UNKNOWN : (unsigned)cpu;
}

struct sh_tl_row {
	enum sh_tl_kind kind;
	uint64_t id;			/* scheduler or entity pointer; 0 for OTHER */
	uint64_t ectx;			/* entity: fence context */
	int parent;			/* entity: row of its scheduler, or -1 */
	const char *name;		/* scheduler name, borrowed from the source, or NULL */
	struct sh_tl_entry *ent;	/* owned, in time order */
	size_t len, cap;
	size_t ready;			/* bytes of ent faulted in ahead, while building */
	unsigned running;		/* entity: jobs popped and not done, while building */
	uint16_t nf;			/* entity: not-first pushes so far, while building */
};

struct sh_timeline {
	struct sh_tl_row *rows;		/* owned */
	unsigned nrows, rows_cap;
	struct sh_hmap by_id;		/* (kind, id) -> row + 1 */
	struct sh_hmap by_ectx;		/* entity fence context (non-zero) -> row + 1 */
	unsigned *order;		/* owned: display order of SCHED and ENTITY rows */
	unsigned norder;
	uint64_t first_ts, last_ts;
	uint64_t nevents;
	/* told of each event indexed, until sh_timeline_finish() (sh_timeline_observe()) */
	void (*observe)(void *ctx, const struct sh_event *ev, const struct sh_tl_entry *x);
	void *observe_ctx;
};

void sh_timeline_init(struct sh_timeline *tl);
void sh_timeline_release(struct sh_timeline *tl);

/*
 * Index @ev, which @a has just been fed (the row state is read from its
 * model). 0, or -1 (reported) when out of memory.
 */
int sh_timeline_add(struct sh_timeline *tl, const struct sh_analysis *a, const struct sh_event *ev);

/*
 * Call @fn(@ctx, ev, x) with each event sh_timeline_add() indexes and the
 * entry it made of it, until sh_timeline_finish(). @fn NULL: none.
 */
void sh_timeline_observe(struct sh_timeline *tl,
			 void (*fn)(void *ctx, const struct sh_event *ev, const struct sh_tl_entry *x),
			 void *ctx);

/* End of input: display order, arrays trimmed to size. 0 or -1 (reported). */
int sh_timeline_finish(struct sh_timeline *tl);

/* Row of scheduler or entity @id, or -1. */
int sh_timeline_row_of(const struct sh_timeline *tl, enum sh_tl_kind kind, uint64_t id);

/* Index of the first entry of @row at or after @ts (row->len if none). */
size_t sh_timeline_lower(const struct sh_tl_row *row, uint64_t ts);

/* What a row shows over [from, to): the state at the end of the bin. */
struct sh_tl_bin {
	bool known;		/* a state exists (an entry at or before the bin's end) */
	bool active;		/* entries inside the bin */
	bool not_first;		/* a not-first push inside the bin */
	const struct sh_tl_entry *last;	/* the last entry at or before the bin's end */
	size_t first_idx, end_idx;	/* entries [first_idx, end_idx) fall in the bin */
};

void sh_timeline_bin(const struct sh_tl_row *row, uint64_t from, uint64_t to, struct sh_tl_bin *bin);

/* Bytes held by entry arrays (capacity), for the memory budget. */
size_t sh_timeline_entry_bytes(const struct sh_timeline *tl);

/* A position in the merged stream: entry @pos of row @row. */
struct sh_tl_pos {
	int row;	/* -1: none */
	size_t pos;
};

/* The entry at @p. */
const struct sh_tl_entry *sh_timeline_at(const struct sh_timeline *tl, struct sh_tl_pos p);
/*
 * The merged stream, in (time, row, position) order, over the rows where
 * @shown[row] is true (@shown NULL: all rows); row -1 when there is none.
 * Each step costs O(rows * log n).
 */
/* First entry at or after @ts. */
struct sh_tl_pos sh_timeline_seek(const struct sh_timeline *tl, const bool *shown, uint64_t ts);
/* The entry after / before @p. */
struct sh_tl_pos sh_timeline_next(const struct sh_timeline *tl, const bool *shown, struct sh_tl_pos p);
struct sh_tl_pos sh_timeline_prev(const struct sh_timeline *tl, const bool *shown, struct sh_tl_pos p);

#endif
