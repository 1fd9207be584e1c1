/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moving around: the window, the cursor, findings, search and jobs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "tui/graph.h"
#include "tui/nav.h"
#include "tui/tui.h"

/* Past this many events a step looking for a matching event gives up. */
#define EVIDENCE_WALK 256

void tui_set_window(struct tui *t, uint64_t t0, uint64_t span)
{
	uint64_t first = t->tl->first_ts, total = t->tl->last_ts - first + 1;
	uint64_t min = (uint64_t)tui_graph_w(t), max = total > min ? total : min;

	span = span < min ? min : span > max ? max : span;
	if (t0 < first || span >= total)
		t0 = first;
	else if (t0 - first > total - span)
		t0 = first + total - span;
	t->t0 = t0;
	t->span = span;
}

void tui_set_cursor(struct tui *t, uint64_t ts)
{
	if (ts < t->tl->first_ts)
		ts = t->tl->first_ts;
	if (ts > t->tl->last_ts)
		ts = t->tl->last_ts;
	t->cursor = ts;
	if (tui_col_of(t, ts) < 0)
		tui_set_window(t, ts > t->span / 2 ? ts - t->span / 2 : 0, t->span);
	t->ev_sel = sh_timeline_seek(t->tl, t->row_shown, ts);
}

void tui_set_filter(struct tui *t, const char *filter)
{
	snprintf(t->filter, sizeof(t->filter), "%s", filter);
	t->sel_row = t->top_row = 0;
	tui_rebuild_rows(t);
	tui_set_cursor(t, t->cursor);	/* the selected event may be hidden now */
}

/* The position of evidence event @ev in the index, or none. */
static struct sh_tl_pos find_event(const struct tui *t, const struct sh_event *ev)
{
	struct sh_tl_pos p = sh_timeline_seek(t->tl, t->row_shown, ev->ts);

	for (int i = 0; p.row >= 0 && i < EVIDENCE_WALK; i++, p = sh_timeline_next(t->tl, t->row_shown, p)) {
		const struct sh_tl_entry *x = sh_timeline_at(t->tl, p);

		if (x->ts > ev->ts)
			break;
		if (x->type == ev->type)
			return p;
	}
	return (struct sh_tl_pos){ -1, 0 };
}

static void select_row(struct tui *t, int row)
{
	for (unsigned i = 0; row >= 0 && i < t->nvis; i++)
		if ((int)t->vis[i] == row)
			t->sel_row = (int)i;
}

void tui_jump_finding(struct tui *t, int idx)
{
	const struct sh_finding *f;
	uint64_t dur, pad;
	struct sh_tl_pos p;

	if (idx < 0 || (size_t)idx >= t->a->findings.len)
		return;
	f = &t->a->findings.items[idx];
	t->sel_finding = idx;
	dur = sh_finding_duration(f);
	pad = dur >= 80000 ? dur / 8 : 10000;
	tui_set_window(t, f->start > pad ? f->start - pad : 0, dur + 2 * pad);
	tui_set_cursor(t, f->start);
	if (f->nevidence && (p = find_event(t, &f->evidence[0].ev)).row >= 0)
		t->ev_sel = p;
	select_row(t, sh_timeline_row_of(t->tl, SH_TL_SCHED, f->sched));
	tui_message(t, "finding %d/%zu: %s (%s): %s", idx + 1, t->a->findings.len,
		    sh_finding_class_name(f->cls), sh_confidence_name(f->conf), f->detail);
}

static bool matches(const struct tui *t, const struct sh_tl_entry *x)
{
	const struct sh_ev_desc *d = sh_ev_desc(x->type);
	char *end;
	unsigned long long n = strtoull(t->query, &end, 10);
	struct sh_buf b;
	bool hit;

	if (end != t->query && !*end)
		return (x->flags & SH_TLF_HAS_SEQNO) && x->seqno == (uint32_t)n;
	if (d && strstr(d->name, t->query))
		return true;
	sh_buf_init(&b);
	tui_row_name(t, x->row, &b);
	hit = !b.failed && b.len && strstr(b.data, t->query);
	sh_buf_release(&b);
	return hit;
}

bool tui_search(struct tui *t, bool forward)
{
	struct sh_tl_pos p = t->ev_sel;

	if (!t->query[0]) {
		tui_message(t, "no search yet: / to search");
		return false;
	}
	while (p.row >= 0) {
		p = forward ? sh_timeline_next(t->tl, t->row_shown, p) : sh_timeline_prev(t->tl, t->row_shown, p);
		if (p.row >= 0 && matches(t, sh_timeline_at(t->tl, p))) {
			tui_set_cursor(t, sh_timeline_at(t->tl, p)->ts);
			t->ev_sel = p;
			select_row(t, p.row);
			return true;
		}
	}
	tui_message(t, "'%s' not found %s", t->query, forward ? "after the selected event" : "before it");
	return false;
}

void tui_open_job_at(struct tui *t, struct sh_tl_pos p)
{
	const struct sh_tl_entry *x = sh_timeline_at(t->tl, p);
	const struct sh_tl_row *r = x ? &t->tl->rows[p.row] : NULL;

	if (!x || r->kind != SH_TL_ENTITY || !(x->flags & SH_TLF_HAS_SEQNO)) {
		tui_message(t, "no job here: select a push, pop or done event of an entity");
		return;
	}
	t->job_row = p.row;
	t->job_ectx = (uint32_t)r->ectx;
	t->job_seqno = x->seqno;
	t->view = VIEW_JOB;
}
