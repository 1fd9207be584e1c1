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

void tui_zoom_at(struct tui *t, uint64_t span, uint64_t at, int col)
{
	int w = tui_graph_w(t);
	uint64_t off;

	col = col < 0 ? 0 : col >= w ? w - 1 : col;
	span = span < (uint64_t)w ? (uint64_t)w : span;
	off = (uint64_t)((unsigned __int128)span * (unsigned)(2 * col + 1) / (unsigned)(2 * w));
	tui_set_window(t, at > off ? at - off : 0, span);
}

uint64_t tui_time_of_col(const struct tui *t, int col)
{
	return t->t0 + (uint64_t)((unsigned __int128)t->span * (unsigned)col / (unsigned)tui_graph_w(t));
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

		if (sh_tl_ts(x) > ev->ts)
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

static int ts_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return a < b ? -1 : a > b;
}

bool tui_evidence_span(const struct sh_finding *f, uint64_t *from, uint64_t *to)
{
	uint64_t ts[SH_FINDING_MAX_EVIDENCE], gap = 0;
	unsigned n = f->nevidence, k = 0;

	if (!n)
		return false;
	for (unsigned i = 0; i < n; i++)
		ts[i] = f->evidence[i].ev.ts;
	qsort(ts, n, sizeof(ts[0]), ts_cmp);
	for (unsigned i = 0; i + 1 < n; i++)
		if (ts[i + 1] - ts[i] > gap) {
			gap = ts[i + 1] - ts[i];
			k = i;
		}
	*from = ts[0];
	*to = ts[n - 1];
	/* one gap over half the span splits two clusters: keep the one where the stall begins */
	if (gap && gap * 2 > *to - *from) {
		if (f->start <= ts[k])
			*to = ts[k];
		else
			*from = ts[k + 1];
	}
	return true;
}

/* The first evidence event of @f at or after @from, else its first. */
static const struct sh_event *first_evidence(const struct sh_finding *f, uint64_t from)
{
	const struct sh_event *best = NULL;

	for (unsigned i = 0; i < f->nevidence; i++) {
		const struct sh_event *ev = &f->evidence[i].ev;

		if (ev->ts >= from && (!best || ev->ts < best->ts))
			best = ev;
	}
	return best ? best : f->nevidence ? &f->evidence[0].ev : NULL;
}

void tui_jump_finding(struct tui *t, int idx, bool whole)
{
	const struct sh_finding *f;
	const struct sh_event *ev;
	uint64_t from, to, pad;
	struct sh_tl_pos p;

	if (idx < 0 || (size_t)idx >= t->a->findings.len)
		return;
	f = &t->a->findings.items[idx];
	t->sel_finding = idx;
	if (whole || !tui_evidence_span(f, &from, &to)) {
		whole = true;
		from = f->start;
		to = f->end;
	}
	t->find_whole = whole;
	pad = (to - from) / 8 > 500 ? (to - from) / 8 : 500;	/* margin, and at least 1 us shown */
	tui_set_window(t, from > pad ? from - pad : 0, to - from + 2 * pad);
	ev = first_evidence(f, from);
	tui_set_cursor(t, ev && !whole ? ev->ts : f->start);
	if (ev && (p = find_event(t, ev)).row >= 0)
		t->ev_sel = p;
	select_row(t, sh_timeline_row_of(t->tl, SH_TL_SCHED, f->sched));
	tui_message(t, "finding %d/%zu: %s (%s), %s: %s", idx + 1, t->a->findings.len,
		    sh_finding_class_name(f->cls), sh_confidence_name(f->conf),
		    whole ? "whole span (e: evidence)" : "evidence (e: whole span)", f->detail);
}

/* Does the entry at @p match the search? */
static bool matches(const struct tui *t, struct sh_tl_pos p)
{
	const struct sh_tl_entry *x = sh_timeline_at(t->tl, p);
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
	tui_row_name(t, p.row, &b);
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
		if (p.row >= 0 && matches(t, p)) {
			tui_set_cursor(t, sh_tl_ts(sh_timeline_at(t->tl, p)));
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
