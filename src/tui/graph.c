/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timeline view: a ruler, one row per scheduler worker and entity, findings on top. */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "tui/graph.h"
#include "tui/tui.h"

/* Entries of a bin scanned for its busiest state; beyond that the end state stands. */
#define BIN_SCAN 16

int tui_graph_x(const struct tui *t)
{
	int w = t->scr.cols / 4;

	return w > 20 ? 20 : w < 8 ? 8 : w;
}

int tui_graph_w(const struct tui *t)
{
	int w = t->scr.cols - tui_graph_x(t);

	return w < 1 ? 1 : w;
}

static uint64_t bin_start(const struct tui *t, int c)
{
	return t->t0 + (uint64_t)((unsigned __int128)t->span * (unsigned)c / (unsigned)tui_graph_w(t));
}

int tui_col_of(const struct tui *t, uint64_t ts)
{
	if (ts < t->t0 || ts - t->t0 >= t->span)
		return -1;
	return (int)((unsigned __int128)(ts - t->t0) * (unsigned)tui_graph_w(t) / t->span);
}

void tui_fmt_ts(const struct tui *t, struct sh_buf *b, uint64_t ts)
{
	if (t->opts.ns)
		sh_buf_printf(b, "%" PRIu64 ".%09" PRIu64, ts / 1000000000, ts % 1000000000);
	else
		sh_buf_printf(b, "%" PRIu64 ".%06" PRIu64, ts / 1000000000, ts % 1000000000 / 1000);
}

void tui_row_name(const struct tui *t, unsigned row, struct sh_buf *b)
{
	const struct sh_tl_row *r = &t->tl->rows[row];

	if (r->kind == SH_TL_SCHED && r->name)
		sh_buf_add(b, r->name);
	else if (r->kind == SH_TL_SCHED)
		sh_buf_printf(b, "0x%" PRIx64, r->id);
	else if (r->kind == SH_TL_ENTITY && r->ectx)
		sh_buf_printf(b, "ectx %" PRIu64, r->ectx);
	else if (r->kind == SH_TL_ENTITY)	/* stock events before 6.17 have no fence context */
		sh_buf_printf(b, "0x%08" PRIx64, r->id & 0xffffffff);
	else
		sh_buf_add(b, r->kind == SH_TL_LOST ? "lost events" : "other");
}

static bool row_matches(const struct tui *t, unsigned row)
{
	const struct sh_tl_row *r = &t->tl->rows[row];
	char *end;
	uint64_t v = strtoull(t->filter, &end, 0);
	bool num = end != t->filter && !*end;

	if (r->kind == SH_TL_SCHED && r->name && !strcmp(r->name, t->filter))
		return true;
	return num && (r->id == v || (r->kind == SH_TL_ENTITY && r->ectx == strtoull(t->filter, NULL, 10)));
}

/* A row is shown when the filter names it, its scheduler, or (for a scheduler) one of its entities. */
static bool row_shown(const struct tui *t, unsigned row)
{
	const struct sh_tl_row *r = &t->tl->rows[row];

	if (!t->filter[0] || row_matches(t, row))
		return true;
	if (r->kind == SH_TL_ENTITY)
		return row_matches(t, (unsigned)r->parent);
	for (unsigned i = 0; i < t->tl->norder; i++) {
		unsigned e = t->tl->order[i];

		if (t->tl->rows[e].parent == (int)row && row_matches(t, e))
			return true;
	}
	return false;
}

void tui_rebuild_rows(struct tui *t)
{
	for (unsigned i = 0; i < t->tl->nrows; i++)
		t->row_shown[i] = !t->filter[0];	/* rows of no scheduler: without a filter only */
	t->nvis = 0;
	for (unsigned i = 0; i < t->tl->norder; i++) {
		unsigned row = t->tl->order[i];
		const struct sh_tl_row *r = &t->tl->rows[row];

		t->row_shown[row] = row_shown(t, row);
		if (t->row_shown[row] && !(r->kind == SH_TL_ENTITY && t->folded[r->parent]))
			t->vis[t->nvis++] = row;
	}
	if (t->sel_row >= (int)t->nvis)
		t->sel_row = t->nvis ? (int)t->nvis - 1 : 0;
}

/* Columns where the trace lost events get an L on the ruler: nothing there can be trusted. */
static void draw_lost(struct tui *t, int y)
{
	int row = sh_timeline_row_of(t->tl, SH_TL_LOST, 0), gx = tui_graph_x(t);
	struct sh_tl_bin bin;

	for (int c = 0; row >= 0 && c < tui_graph_w(t); c++) {
		sh_timeline_bin(&t->tl->rows[row], bin_start(t, c), bin_start(t, c + 1), &bin);
		if (bin.active)
			tui_putc(&t->scr, gx + c, y, TS_FINDING, 'L');
	}
}

/* Marks the ruler shows on graph columns: the cursor and the markers, or -1. */
static void ruler_marks(const struct tui *t, int col[3])
{
	col[0] = tui_col_of(t, t->cursor);
	col[1] = t->has_a ? tui_col_of(t, t->mark_a) : -1;
	col[2] = t->has_b ? tui_col_of(t, t->mark_b) : -1;
}

/*
 * Graph columns [@c0, @c1] hold no mark and no lost-events column: a time
 * label fits in [@c0, @c1) with a cell before the next mark (the cell before
 * @c0 is the label's tick, which a mark may replace).
 */
static bool ruler_free(const struct tui *t, const int col[3], int c0, int c1)
{
	int row = sh_timeline_row_of(t->tl, SH_TL_LOST, 0);
	struct sh_tl_bin bin;

	for (int i = 0; i < 3; i++)
		if (col[i] >= c0 && col[i] <= c1)
			return false;
	if (row >= 0) {
		sh_timeline_bin(&t->tl->rows[row], bin_start(t, c0), bin_start(t, c1), &bin);
		if (bin.active)
			return false;
	}
	return true;
}

/* Ticks labelled with their time, where the label does not hide the cursor, a marker or an L. */
static void draw_ruler(struct tui *t, int y)
{
	int gx = tui_graph_x(t), gw = tui_graph_w(t), step = 20, col[3];
	struct sh_buf b;

	sh_buf_init(&b);
	ruler_marks(t, col);
	sh_format_duration(&b, t->span);
	tui_put(&t->scr, 0, y, gx - 1, TS_RULER, b.failed ? "" : b.data);
	for (int c = 0; c < gw; c += step) {
		sh_buf_reset(&b);
		tui_fmt_ts(t, &b, bin_start(t, c));
		tui_putc(&t->scr, gx + c, y, TS_RULER, t->g->tick);
		if (c + 1 + (int)b.len <= gw && ruler_free(t, col, c + 1, c + 1 + (int)b.len))
			tui_put(&t->scr, gx + c + 1, y, (int)b.len, TS_RULER, b.failed ? "" : b.data);
	}
	tui_style_line(&t->scr, 0, y, TS_RULER);
	draw_lost(t, y);
	if (col[1] >= 0)
		tui_putc(&t->scr, gx + col[1], y, TS_MARKER, 'A');
	if (col[2] >= 0)
		tui_putc(&t->scr, gx + col[2], y, TS_MARKER, 'B');
	if (col[0] >= 0)
		tui_putc(&t->scr, gx + col[0], y, TS_CURSOR, 'v');
	sh_buf_release(&b);
}

/* The busiest entry of a bin: highest worker state or deepest queue among its first entries. */
static const struct sh_tl_entry *busiest(const struct sh_tl_row *r, const struct sh_tl_bin *bin)
{
	const struct sh_tl_entry *best = bin->last;
	size_t end = bin->first_idx + BIN_SCAN < bin->end_idx ? bin->first_idx + BIN_SCAN : bin->end_idx;

	for (size_t i = bin->first_idx; i < end; i++) {
		const struct sh_tl_entry *x = &r->ent[i];

		if (r->kind == SH_TL_SCHED ? x->state > best->state :
		    x->depth > best->depth || (x->depth == best->depth && x->state > best->state))
			best = x;
	}
	return best;
}

static void sched_cell(const struct tui *t, const struct sh_tl_bin *bin, const struct sh_tl_entry *x,
		       uint32_t *ch, enum tui_style *st)
{
	unsigned s = x ? x->state : SH_WORKER_IDLE;

	if (s == SH_WORKER_RUNNING) {
		*ch = t->g->running;
		*st = TS_RUNNING;
	} else if (s == SH_WORKER_QUEUED) {
		*ch = t->g->queued;
		*st = TS_QUEUED;
	} else {
		*ch = bin->active ? t->g->idle_active : t->g->idle;
		*st = TS_IDLE;
	}
}

/*
 * Whether a finding about entity row @row covers [@from, @to) (its span, or
 * its evidence before it): a push that did not wake the worker is only marked
 * there, since elsewhere it is ordinary traffic the running worker picks up.
 */
static bool entity_suspect(const struct tui *t, unsigned row, uint64_t from, uint64_t to)
{
	const struct sh_findings *fl = &t->a->findings;
	const struct sh_tl_row *r = &t->tl->rows[row];

	for (size_t i = 0; i < fl->len; i++) {
		const struct sh_finding *f = &fl->items[i];
		uint64_t start = f->start;

		if (!f->entity || f->entity != r->id)
			continue;
		for (unsigned k = 0; k < f->nevidence; k++)
			if (f->evidence[k].ev.ts < start)
				start = f->evidence[k].ev.ts;
		if (start < to && f->end >= from)
			return true;
	}
	return false;
}

static void entity_cell(const struct tui *t, const struct sh_tl_bin *bin, const struct sh_tl_entry *x,
			uint32_t *ch, enum tui_style *st)
{
	unsigned depth = x ? x->depth : 0, running = x ? x->state : 0;

	if (bin->not_first) {
		*ch = t->g->not_first;
		*st = TS_NOTFIRST;
	} else if (depth) {
		*ch = t->g->level[depth > 8 ? 8 : depth];
		*st = TS_DEPTH;
	} else if (running) {
		*ch = t->g->entity_running;
		*st = TS_RUNNING;
	} else {
		*ch = bin->active ? t->g->idle_active : t->g->idle;
		*st = TS_IDLE;
	}
}

void tui_put_clipped(struct tui *t, int x, int y, int w, enum tui_style st, const char *s)
{
	if (w <= 0)
		return;
	if (tui_text_width(s) <= w) {
		tui_put(&t->scr, x, y, w, st, s);
		return;
	}
	tui_put(&t->scr, x, y, w - 1, st, s);
	tui_putc(&t->scr, x + w - 1, y, st, t->g->more);
}

static void draw_label(struct tui *t, unsigned row, int y, bool selected)
{
	const struct sh_tl_row *r = &t->tl->rows[row];
	int gx = tui_graph_x(t), x = 0;
	struct sh_buf b;

	sh_buf_init(&b);
	if (r->kind == SH_TL_SCHED) {
		tui_putc(&t->scr, x++, y, TS_LABEL, t->folded[row] ? t->g->fold_closed : t->g->fold_open);
		x++;
	} else {
		x += 3;
	}
	tui_row_name(t, row, &b);
	tui_put_clipped(t, x, y, gx - 1 - x, TS_LABEL, b.failed ? "?" : b.data);
	if (selected)
		for (int i = 0; i < gx - 1; i++)
			tui_set_style(&t->scr, i, y, TS_SELECT);
	sh_buf_release(&b);
}

static void draw_row(struct tui *t, unsigned row, int y, bool selected)
{
	const struct sh_tl_row *r = &t->tl->rows[row];
	int gx = tui_graph_x(t), gw = tui_graph_w(t), cc = tui_col_of(t, t->cursor);

	draw_label(t, row, y, selected);
	for (int c = 0; c < gw; c++) {
		struct sh_tl_bin bin;
		const struct sh_tl_entry *x;
		uint32_t ch;
		enum tui_style st;

		sh_timeline_bin(r, bin_start(t, c), bin_start(t, c + 1), &bin);
		x = bin.active ? busiest(r, &bin) : bin.last;
		if (bin.not_first && !entity_suspect(t, row, bin_start(t, c), bin_start(t, c + 1)))
			bin.not_first = false;
		if (r->kind == SH_TL_SCHED)
			sched_cell(t, &bin, x, &ch, &st);
		else
			entity_cell(t, &bin, x, &ch, &st);
		if (c == cc && ch == ' ')
			ch = t->g->cursor, st = TS_DIM;
		tui_putc(&t->scr, gx + c, y, st, ch);
	}
}

/* Screen line of timeline row @row, or -1 when not on screen. */
static int line_of(const struct tui *t, int row, int y0, int height)
{
	for (int i = t->top_row; i < (int)t->nvis && i - t->top_row < height; i++)
		if ((int)t->vis[i] == row)
			return y0 + i - t->top_row;
	return -1;
}

/* Graph columns [@c0, @c1] of finding @f, or false when it is outside the window. */
static bool finding_cols(const struct tui *t, const struct sh_finding *f, int *c0, int *c1)
{
	if (f->end < t->t0 || f->start >= t->t0 + t->span)
		return false;
	*c0 = f->start < t->t0 ? 0 : tui_col_of(t, f->start);
	*c1 = f->end >= t->t0 + t->span ? tui_graph_w(t) - 1 : tui_col_of(t, f->end);
	return true;
}

static void paint_finding(struct tui *t, const struct sh_finding *f, int y)
{
	int gx = tui_graph_x(t), c0, c1;

	if (finding_cols(t, f, &c0, &c1))
		for (int c = c0; c <= c1; c++)
			tui_set_style(&t->scr, gx + c, y, TS_FINDING);
}

/*
 * Label finding @f on line @y when its name fits inside its interval with a
 * cell to spare on each side and no other label is there: @taken marks the
 * graph cells of line @y already labelled.
 */
static void label_finding(struct tui *t, const struct sh_finding *f, int y, bool *taken)
{
	const char *name = sh_finding_class_name(f->cls);
	int gx = tui_graph_x(t), len = (int)strlen(name), c0, c1;

	if (!finding_cols(t, f, &c0, &c1) || c1 - c0 + 1 < len + 2)
		return;
	for (int c = c0; c <= c0 + len + 1; c++)
		if (taken[c])
			return;
	for (int c = c0; c <= c0 + len + 1; c++)
		taken[c] = true;
	tui_put(&t->scr, gx + c0 + 1, y, len, TS_FINDING, name);
}

static void draw_findings_over(struct tui *t, int y0, int height)
{
	const struct sh_findings *fl = &t->a->findings;
	int gw = tui_graph_w(t);
	bool *taken = calloc((size_t)(height > 0 ? height : 1) * (size_t)gw, sizeof(*taken));

	/* worst last, so that it is on top */
	for (size_t i = fl->len; i-- > 0;) {
		const struct sh_finding *f = &fl->items[i];
		int ys = line_of(t, sh_timeline_row_of(t->tl, SH_TL_SCHED, f->sched), y0, height);
		int ye = f->entity ? line_of(t, sh_timeline_row_of(t->tl, SH_TL_ENTITY, f->entity), y0, height) : -1;

		if (ys >= 0)
			paint_finding(t, f, ys);
		if (ye >= 0)
			paint_finding(t, f, ye);
	}
	/* labels worst first: a label never covers another */
	for (size_t i = 0; taken && i < fl->len; i++) {
		const struct sh_finding *f = &fl->items[i];
		int ys = line_of(t, sh_timeline_row_of(t->tl, SH_TL_SCHED, f->sched), y0, height);

		if (ys >= 0)
			label_finding(t, f, ys, taken + (size_t)(ys - y0) * (size_t)gw);
	}
	free(taken);
}

void tui_draw_timeline(struct tui *t, int y0, int height)
{
	draw_ruler(t, y0);
	y0++;
	height--;
	if (t->sel_row < t->top_row)
		t->top_row = t->sel_row;
	if (height > 0 && t->sel_row >= t->top_row + height)
		t->top_row = t->sel_row - height + 1;
	for (int i = t->top_row; i < (int)t->nvis && i - t->top_row < height; i++)
		draw_row(t, t->vis[i], y0 + i - t->top_row, t->pane == PANE_TIMELINE && i == t->sel_row);
	if (!t->nvis)
		tui_put(&t->scr, 1, y0, t->scr.cols - 2, TS_DIM,
			t->filter[0] ? "no scheduler or entity matches the filter (f to change it)" :
				       "no drm_sched scheduler in this trace");
	draw_findings_over(t, y0, height);
}
