/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timeline index: per-row arrays of compact entries, searched by time. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/error.h"
#include "tui/timeline.h"

_Static_assert(sizeof(struct sh_tl_entry) == 20, "timeline entries are 20 bytes");
_Static_assert(SH_EV__COUNT <= 1 << SH_TL_TYPE_BITS, "event types fit an entry's type field");
_Static_assert(SH_TLF__ALL < 1 << SH_TL_FLAGS_BITS, "SH_TLF_* flags fit an entry's flags field");

void sh_timeline_init(struct sh_timeline *tl)
{
	memset(tl, 0, sizeof(*tl));
	sh_hmap_init(&tl->by_id);
	sh_hmap_init(&tl->by_ectx);
}

void sh_timeline_release(struct sh_timeline *tl)
{
	for (unsigned i = 0; i < tl->nrows; i++)
		free(tl->rows[i].ent);
	free(tl->rows);
	free(tl->order);
	sh_hmap_release(&tl->by_id);
	sh_hmap_release(&tl->by_ectx);
	memset(tl, 0, sizeof(*tl));
}

int sh_timeline_row_of(const struct sh_timeline *tl, enum sh_tl_kind kind, uint64_t id)
{
	void *v = sh_hmap_get2(&tl->by_id, kind, id);

	return v ? (int)((uintptr_t)v - 1) : -1;
}

static int new_row(struct sh_timeline *tl, enum sh_tl_kind kind, uint64_t id, int parent)
{
	struct sh_tl_row *r;

	if (tl->nrows >= 0xffff)
		return sh_error("too many timeline rows (more than 65535 schedulers and entities)");
	if (tl->nrows == tl->rows_cap) {
		unsigned cap = tl->rows_cap ? tl->rows_cap * 2 : 16;
		struct sh_tl_row *rows = realloc(tl->rows, cap * sizeof(*rows));

		if (!rows)
			return sh_error("out of memory indexing the timeline");
		tl->rows = rows;
		tl->rows_cap = cap;
	}
	r = &tl->rows[tl->nrows];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->id = id;
	r->parent = parent;
	if (sh_hmap_put2(&tl->by_id, kind, id, (void *)(uintptr_t)(tl->nrows + 1)) < 0)
		return sh_error("out of memory indexing the timeline");
	return (int)tl->nrows++;
}

static int sched_row(struct sh_timeline *tl, const struct sh_sched *s)
{
	int r = sh_timeline_row_of(tl, SH_TL_SCHED, s->id);

	if (r < 0)
		r = new_row(tl, SH_TL_SCHED, s->id, -1);
	if (r >= 0 && s->name)
		tl->rows[r].name = s->name;
	return r;
}

static int entity_row(struct sh_timeline *tl, const struct sh_entity *e)
{
	int r = sh_timeline_row_of(tl, SH_TL_ENTITY, e->id), p;

	if (r >= 0)
		return r;
	p = sched_row(tl, e->sched);
	r = p < 0 ? -1 : new_row(tl, SH_TL_ENTITY, e->id, p);
	if (r < 0)
		return -1;
	tl->rows[r].ectx = e->ectx;
	if (e->ectx && !sh_hmap_get(&tl->by_ectx, e->ectx) &&
	    sh_hmap_put(&tl->by_ectx, e->ectx, (void *)(uintptr_t)(r + 1)) < 0)
		return sh_error("out of memory indexing the timeline");
	return r;
}

static bool event_seqno(const struct sh_event *ev, uint64_t *seqno)
{
	switch (ev->type) {
	case SH_EV_PUSH: *seqno = ev->push.seqno; return true;
	case SH_EV_POP: *seqno = ev->pop.seqno; return true;
	case SH_EV_WORKER: *seqno = ev->worker.seqno; return ev->worker.outcome == SH_OUTCOME_RAN;
	case SH_EV_DONE: *seqno = ev->done.seqno; return true;
	case SH_EV_DEP: *seqno = ev->dep.seqno; return true;
	case SH_EV_JOB_QUEUE: case SH_EV_JOB_RUN:
		*seqno = ev->flags & SH_EVF_STOCK_NEW ? ev->job_queue.seqno : ev->job_queue.id;
		return true;
	case SH_EV_JOB_DONE: *seqno = ev->job_done.seqno; return true;
	case SH_EV_JOB_DEP: *seqno = ev->job_dep.seqno; return true;
	default: return false;
	}
}

/* The row of @ev, or -1 (reported). A done event goes to the entity of its fence context. */
static int event_row(struct sh_timeline *tl, const struct sh_analysis *a, const struct sh_event *ev)
{
	struct sh_sched *s;
	struct sh_entity *e;
	enum sh_tl_kind kind;
	void *v;
	int ri;

	if (ev->type == SH_EV_DONE && (v = sh_hmap_get(&tl->by_ectx, ev->done.ectx)))
		return (int)((uintptr_t)v - 1);
	sh_model_owner(a->model, ev, &s, &e);
	if (e)
		return entity_row(tl, e);
	if (s)
		return sched_row(tl, s);
	kind = ev->type == SH_EV_LOST ? SH_TL_LOST : SH_TL_OTHER;
	ri = sh_timeline_row_of(tl, kind, 0);
	return ri >= 0 ? ri : new_row(tl, kind, 0, -1);
}

/* Bytes of a row's entries made ready at a time (64 pages a call) */
#define PREFAULT (256u << 10)

/*
 * Fault in the next PREFAULT bytes of @r's array, within its capacity, in
 * one call: an index of 10 million events is 200 MB, and taking its pages
 * one fault at a time was a third of the load on a VM, where a fault is
 * dear. Only a hint: where the kernel lacks MADV_POPULATE_WRITE (5.14), the
 * pages fault in as before.
 */
static void prefault(struct sh_tl_row *r)
{
#ifdef MADV_POPULATE_WRITE
	size_t page = (size_t)sysconf(_SC_PAGESIZE), at = r->len * sizeof(*r->ent);
	size_t end = r->cap * sizeof(*r->ent);
	uintptr_t start = ((uintptr_t)r->ent + at) & ~(uintptr_t)(page - 1);

	end = end - at > PREFAULT ? at + PREFAULT : end;
	r->ready = end;
	end = ((uintptr_t)r->ent + end) & ~(uintptr_t)(page - 1);
	if (end > start)
		madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
	r->ready = SIZE_MAX;
#endif
}

static struct sh_tl_entry *append(struct sh_tl_row *r)
{
	if (r->len == r->cap) {
		size_t cap = r->cap ? r->cap + r->cap / 2 : 64;
		struct sh_tl_entry *ent = realloc(r->ent, cap * sizeof(*ent));

		if (!ent)
			return NULL;
		r->ent = ent;
		r->cap = cap;
		r->ready = 0;
	}
	if ((r->len + 1) * sizeof(*r->ent) > r->ready && r->cap >= PREFAULT / sizeof(*r->ent))
		prefault(r);
	return &r->ent[r->len++];
}

static uint16_t sat16(uint64_t v)
{
	return v > 0xffff ? 0xffff : (uint16_t)v;
}

/* The row's state after @ev. */
static void fill_state(struct sh_tl_row *r, const struct sh_analysis *a, const struct sh_event *ev,
		       struct sh_tl_entry *x)
{
	const struct sh_sched *s;
	const struct sh_entity *e;

	if (r->kind == SH_TL_SCHED) {
		s = sh_model_sched(a->model, r->id);
		x->state = s ? (uint8_t)s->worker : 0;
		return;
	}
	if (r->kind != SH_TL_ENTITY)
		return;
	e = sh_model_find_entity(a->model, r->id);
	if (ev->type == SH_EV_POP)
		r->running++;
	else if (ev->type == SH_EV_DONE && r->running)
		r->running--;
	if (ev->type == SH_EV_PUSH && !ev->push.first) {
		r->nf++;
		x->flags |= SH_TLF_NOT_FIRST;
	}
	x->nf_cum = r->nf;
	x->depth = e ? sat16(sh_entity_depth(e)) : 0;
	x->state = r->running > 255 ? 255 : (uint8_t)r->running;
	if (e && e->killed)
		x->flags |= SH_TLF_KILLED;
}

int sh_timeline_add(struct sh_timeline *tl, const struct sh_analysis *a, const struct sh_event *ev)
{
	int ri = event_row(tl, a, ev);
	struct sh_tl_row *r;
	struct sh_tl_entry *x;
	uint64_t seqno;

	if (ri < 0)
		return -1;
	r = &tl->rows[ri];
	x = append(r);
	if (!x)
		return sh_error("out of memory indexing the timeline");
	memset(x, 0, sizeof(*x));
	if (!tl->nevents)
		tl->first_ts = ev->ts;
	tl->last_ts = ev->ts > tl->last_ts ? ev->ts : tl->last_ts;
	tl->nevents++;
	sh_tl_set_ts(x, tl->last_ts);
	x->cpu = sh_tl_cpu_of(ev->cpu);
	x->type = ev->type;
	if (event_seqno(ev, &seqno)) {
		x->seqno = (uint32_t)seqno;
		x->flags |= SH_TLF_HAS_SEQNO;
	}
	if (ev->type == SH_EV_LOST)
		x->flags |= SH_TLF_LOST;
	fill_state(r, a, ev, x);
	if (tl->observe)
		tl->observe(tl->observe_ctx, ev, x);
	return 0;
}

void sh_timeline_observe(struct sh_timeline *tl,
			 void (*fn)(void *ctx, const struct sh_event *ev, const struct sh_tl_entry *x),
			 void *ctx)
{
	tl->observe = fn;
	tl->observe_ctx = fn ? ctx : NULL;
}

/* Display order key: the scheduler's id, schedulers before their entities, then the row's id. */
struct order_key {
	uint64_t sched, id;
	unsigned is_entity, row;
};

static int cmp_keys(const void *pa, const void *pb)
{
	const struct order_key *a = pa, *b = pb;

	if (a->sched != b->sched)
		return a->sched < b->sched ? -1 : 1;
	if (a->is_entity != b->is_entity)
		return a->is_entity < b->is_entity ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static void trim(struct sh_tl_row *r)
{
	struct sh_tl_entry *ent;

	if (!r->len || r->len == r->cap)
		return;
	ent = realloc(r->ent, r->len * sizeof(*ent));
	if (ent) {
		r->ent = ent;
		r->cap = r->len;
	}
}

int sh_timeline_finish(struct sh_timeline *tl)
{
	struct order_key *keys = malloc((tl->nrows ? tl->nrows : 1) * sizeof(*keys));
	unsigned n = 0;

	sh_timeline_observe(tl, NULL, NULL);
	free(tl->order);
	tl->norder = 0;
	tl->order = malloc((tl->nrows ? tl->nrows : 1) * sizeof(*tl->order));
	if (!tl->order || !keys) {
		free(keys);
		return sh_error("out of memory indexing the timeline");
	}
	for (unsigned i = 0; i < tl->nrows; i++) {
		const struct sh_tl_row *r = &tl->rows[i];

		trim(&tl->rows[i]);
		if (r->kind == SH_TL_SCHED || r->kind == SH_TL_ENTITY)
			keys[n++] = (struct order_key){
				.sched = r->kind == SH_TL_SCHED ? r->id : tl->rows[r->parent].id,
				.id = r->id, .is_entity = r->kind == SH_TL_ENTITY, .row = i };
	}
	qsort(keys, n, sizeof(*keys), cmp_keys);
	for (unsigned i = 0; i < n; i++)
		tl->order[i] = keys[i].row;
	tl->norder = n;
	free(keys);
	return 0;
}

size_t sh_timeline_lower(const struct sh_tl_row *row, uint64_t ts)
{
	size_t lo = 0, hi = row->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sh_tl_ts(&row->ent[mid]) < ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void sh_timeline_bin(const struct sh_tl_row *row, uint64_t from, uint64_t to, struct sh_tl_bin *bin)
{
	size_t i = sh_timeline_lower(row, from), j = to > from ? sh_timeline_lower(row, to) : i;

	bin->first_idx = i;
	bin->end_idx = j;
	bin->active = j > i;
	bin->known = j > 0;
	bin->last = j ? &row->ent[j - 1] : NULL;
	bin->not_first = false;
	if (bin->active) {
		uint16_t before = i ? row->ent[i - 1].nf_cum : 0;

		bin->not_first = row->ent[j - 1].nf_cum != before;
	}
}

size_t sh_timeline_entry_bytes(const struct sh_timeline *tl)
{
	size_t n = 0;

	for (unsigned i = 0; i < tl->nrows; i++)
		n += tl->rows[i].cap * sizeof(struct sh_tl_entry);
	return n;
}

const struct sh_tl_entry *sh_timeline_at(const struct sh_timeline *tl, struct sh_tl_pos p)
{
	if (p.row < 0 || (unsigned)p.row >= tl->nrows || p.pos >= tl->rows[p.row].len)
		return NULL;
	return &tl->rows[p.row].ent[p.pos];
}

/* Is (ts a, row ra) before (ts b, row rb)? */
static bool before(uint64_t a, int ra, uint64_t b, int rb)
{
	return a < b || (a == b && ra < rb);
}

struct sh_tl_pos sh_timeline_seek(const struct sh_timeline *tl, const bool *shown, uint64_t ts)
{
	struct sh_tl_pos best = { -1, 0 };
	uint64_t bts = 0;

	for (unsigned r = 0; r < tl->nrows; r++) {
		const struct sh_tl_row *row = &tl->rows[r];
		size_t i = sh_timeline_lower(row, ts);

		if (shown && !shown[r])
			continue;
		if (i < row->len && (best.row < 0 || before(sh_tl_ts(&row->ent[i]), (int)r, bts, best.row))) {
			best = (struct sh_tl_pos){ (int)r, i };
			bts = sh_tl_ts(&row->ent[i]);
		}
	}
	return best;
}

struct sh_tl_pos sh_timeline_next(const struct sh_timeline *tl, const bool *shown, struct sh_tl_pos p)
{
	const struct sh_tl_entry *cur = sh_timeline_at(tl, p);
	struct sh_tl_pos best = { -1, 0 };
	uint64_t bts = 0, cts;

	if (!cur)
		return best;
	cts = sh_tl_ts(cur);
	for (unsigned r = 0; r < tl->nrows; r++) {
		const struct sh_tl_row *row = &tl->rows[r];
		size_t i;

		if (shown && !shown[r])
			continue;
		i = (int)r == p.row ? p.pos + 1 : sh_timeline_lower(row, (int)r > p.row ? cts : cts + 1);
		if (i < row->len && (best.row < 0 || before(sh_tl_ts(&row->ent[i]), (int)r, bts, best.row))) {
			best = (struct sh_tl_pos){ (int)r, i };
			bts = sh_tl_ts(&row->ent[i]);
		}
	}
	return best;
}

struct sh_tl_pos sh_timeline_prev(const struct sh_timeline *tl, const bool *shown, struct sh_tl_pos p)
{
	const struct sh_tl_entry *cur = sh_timeline_at(tl, p);
	struct sh_tl_pos best = { -1, 0 };
	uint64_t bts = 0, cts;

	if (!cur)
		return best;
	cts = sh_tl_ts(cur);
	for (unsigned r = 0; r < tl->nrows; r++) {
		const struct sh_tl_row *row = &tl->rows[r];
		size_t i;

		if (shown && !shown[r])
			continue;
		i = (int)r == p.row ? p.pos : sh_timeline_lower(row, (int)r < p.row ? cts + 1 : cts);
		if (i == 0)
			continue;
		i--;
		if (best.row < 0 || before(bts, best.row, sh_tl_ts(&row->ent[i]), (int)r)) {
			best = (struct sh_tl_pos){ (int)r, i };
			bts = sh_tl_ts(&row->ent[i]);
		}
	}
	return best;
}
