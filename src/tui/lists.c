/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The findings and events panes, the help screen and the job detail view. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/format.h"
#include "tui/fetch.h"
#include "tui/graph.h"
#include "tui/keys.h"
#include "tui/lists.h"
#include "tui/tui.h"

static void put_line(struct tui *t, int y, enum tui_style st, const struct sh_buf *b)
{
	tui_put(&t->scr, 0, y, t->scr.cols, st, b->failed || !b->len ? "" : b->data);
	if (st != TS_NORMAL)
		tui_style_line(&t->scr, 0, y, st);
}

/* Widths of the findings list's columns, from every finding: rows align at any count. */
struct find_cols {
	int nr, sched, job;
};

static void job_text(const struct sh_finding *f, char *buf, size_t n)
{
	if (f->has_job)
		snprintf(buf, n, "job %" PRIu64 ":%" PRIu64, f->ectx, f->seqno);
	else
		buf[0] = '\0';
}

static void find_cols(const struct sh_findings *fl, struct find_cols *w)
{
	char job[64];

	w->nr = snprintf(job, sizeof(job), "%zu", fl->len);
	w->sched = w->job = 0;
	for (size_t i = 0; i < fl->len; i++) {
		const struct sh_finding *f = &fl->items[i];
		int n = f->sched_name ? tui_text_width(f->sched_name) : 0;

		w->sched = n > w->sched ? (n > 16 ? 16 : n) : w->sched;
		job_text(f, job, sizeof(job));
		w->job = (int)strlen(job) > w->job ? (int)strlen(job) : w->job;
	}
}

static void finding_line(struct tui *t, const struct sh_finding *f, size_t i, const struct find_cols *w,
			 struct sh_buf *b)
{
	char job[64];

	job_text(f, job, sizeof(job));
	sh_buf_printf(b, "%c[%*zu] %-18s %-9s ", (int)i == t->sel_finding ? '>' : ' ', w->nr, i + 1,
		      sh_finding_class_name(f->cls), sh_confidence_name(f->conf));
	if (w->sched)
		sh_buf_printf(b, "%-*.*s ", w->sched, w->sched, f->sched_name ? f->sched_name : "");
	if (w->job)
		sh_buf_printf(b, "%-*s ", w->job, job);
	tui_fmt_ts(t, b, f->start);
	sh_buf_add(b, " +");
	sh_format_duration(b, sh_finding_duration(f));
	if (f->open_at_end)
		sh_buf_add(b, " (until the end)");
}

void tui_draw_findings(struct tui *t, int y0, int height)
{
	const struct sh_findings *fl = &t->a->findings;
	struct find_cols w;
	struct sh_buf b;

	if (!fl->len) {
		tui_put(&t->scr, 1, y0, t->scr.cols - 1, TS_DIM, "no finding: nothing stalled in this trace");
		return;
	}
	if (t->sel_finding >= 0 && t->sel_finding < t->find_top)
		t->find_top = t->sel_finding;
	if (t->sel_finding >= t->find_top + height)
		t->find_top = t->sel_finding - height + 1;
	find_cols(fl, &w);
	sh_buf_init(&b);
	for (int i = t->find_top; i < (int)fl->len && i - t->find_top < height; i++) {
		sh_buf_reset(&b);
		finding_line(t, &fl->items[i], (size_t)i, &w, &b);
		put_line(t, y0 + i - t->find_top,
			 i == t->sel_finding ? (t->pane == PANE_FINDINGS ? TS_SELECT : TS_EVIDENCE) : TS_NORMAL, &b);
	}
	sh_buf_release(&b);
}

const struct sh_evidence *tui_evidence_of(const struct sh_finding *f, const struct sh_tl_entry *x)
{
	for (unsigned i = 0; i < f->nevidence; i++) {
		const struct sh_event *ev = &f->evidence[i].ev;

		if (ev->ts == sh_tl_ts(x) && ev->type == x->type && sh_tl_cpu_of(ev->cpu) == x->cpu)
			return &f->evidence[i];
	}
	return NULL;
}

/* Evidence of the selected finding first, then of any finding. */
static const struct sh_evidence *evidence(const struct tui *t, const struct sh_tl_entry *x, bool *selected)
{
	const struct sh_findings *fl = &t->a->findings;
	const struct sh_evidence *e;

	*selected = false;
	if (t->sel_finding >= 0 && (e = tui_evidence_of(&fl->items[t->sel_finding], x))) {
		*selected = true;
		return e;
	}
	for (size_t i = 0; i < fl->len; i++)
		if ((e = tui_evidence_of(&fl->items[i], x)))
			return e;
	return NULL;
}

/*
 * The fields of an event of row @r that is not evidence, as far as the index
 * knows them (it keeps no copy of each event): who it is about, its job,
 * whether a push woke the worker.
 */
static void index_fields(const struct tui *t, const struct sh_tl_row *r, const struct sh_tl_entry *x,
			 struct sh_buf *b)
{
	const struct sh_tl_row *p = r->parent >= 0 ? &t->tl->rows[r->parent] : NULL;
	const struct sh_tl_row *s = r->kind == SH_TL_SCHED ? r : p;
	bool stock = x->type >= SH_EV_JOB_QUEUE && x->type <= SH_EV_JOB_DEP;

	sh_buf_add(b, ":");
	if (s && stock && s->name)	/* stock events name the ring, not the scheduler */
		sh_buf_printf(b, " ring=%s", s->name);
	else if (s)
		sh_buf_printf(b, " sched=0x%" PRIx64, s->id);
	if (r->kind == SH_TL_ENTITY)
		sh_buf_printf(b, " entity=0x%" PRIx64, r->id);
	if (r->kind == SH_TL_ENTITY && r->ectx)
		sh_buf_printf(b, " ectx=%" PRIu64, r->ectx);
	if (x->flags & SH_TLF_HAS_SEQNO)
		sh_buf_printf(b, " seqno=%" PRIu32, x->seqno);
	if (x->type == SH_EV_PUSH)
		sh_buf_printf(b, " first=%d", !(x->flags & SH_TLF_NOT_FIRST));
}

/* The state the index reconstructed after @x, of row @r, in brackets (no event field holds it). */
static void index_state(const struct sh_tl_row *r, const struct sh_tl_entry *x, struct sh_buf *b)
{
	if (r->kind == SH_TL_SCHED)
		sh_buf_printf(b, "  [%s%sworker %s]", r->name ? r->name : "", r->name ? ": " : "",
			      sh_worker_state_name(x->state));
	else if (r->kind == SH_TL_ENTITY)
		sh_buf_printf(b, "  [depth %u, %u running%s]", x->depth, x->state,
			      x->flags & SH_TLF_KILLED ? ", killed" : "");
	else if (r->kind == SH_TL_LOST)
		sh_buf_add(b, "  [lost events]");
}

/*
 * Another entry with @x's time, CPU and type (in any row)? Then a fetch by
 * those could return the other's event: such entries keep the index's fields.
 */
static bool ambiguous(const struct sh_timeline *tl, const struct sh_tl_entry *x)
{
	unsigned same = 0;

	for (unsigned r = 0; r < tl->nrows; r++) {
		const struct sh_tl_row *row = &tl->rows[r];

		for (size_t i = sh_timeline_lower(row, sh_tl_ts(x)); i < row->len && sh_tl_ts(&row->ent[i]) == sh_tl_ts(x); i++)
			if (row->ent[i].cpu == x->cpu && row->ent[i].type == x->type && ++same > 1)
				return true;
	}
	return false;
}

/*
 * The whole event @x indexes, read again from the trace, or NULL (no fetcher,
 * not found, or ambiguous). A read error drops the fetcher, said once.
 */
static const struct sh_event *fetched(struct tui *t, const struct sh_tl_entry *x)
{
	const struct sh_event *ev = NULL;

	if (!t->fetch || ambiguous(t->tl, x))
		return NULL;
	if (tui_fetch_event(t->fetch, x, &ev) < 0) {
		tui_fetch_free(t->fetch);
		t->fetch = NULL;
		tui_message(t, "cannot read the trace again: events show what the index keeps");
		return NULL;
	}
	return ev;
}

/* One event; the evidence cited for it, if any, in *@ev. */
static enum tui_style event_line(struct tui *t, struct sh_tl_pos p, struct sh_buf *b,
				 const struct sh_evidence **ev)
{
	const struct sh_tl_entry *x = sh_timeline_at(t->tl, p);
	const struct sh_tl_row *r = &t->tl->rows[p.row];
	const struct sh_ev_desc *d = sh_ev_desc(x->type);
	bool sel = p.row == t->ev_sel.row && p.pos == t->ev_sel.pos, in_sel;
	const struct sh_evidence *e = evidence(t, x, &in_sel);
	const struct sh_event *full;

	*ev = e;
	sh_buf_printf(b, "%c%c", sel ? '>' : ' ', e ? '*' : ' ');
	tui_fmt_ts(t, b, sh_tl_ts(x));
	if (x->cpu != SH_TL_CPU_UNKNOWN)
		sh_buf_printf(b, " [%03u]", (unsigned)x->cpu);
	sh_buf_printf(b, " %s", d ? d->name : "?");
	if (e) {
		sh_buf_add(b, ": ");
		sh_format_fields(b, &e->ev);
		if (!sel)
			sh_buf_printf(b, "  <- %s", e->role);
	} else if ((full = fetched(t, x))) {
		sh_buf_add(b, ": ");
		sh_format_fields(b, full);
		index_state(r, x, b);
	} else {
		index_fields(t, r, x, b);
		index_state(r, x, b);
	}
	if (sel)
		return t->pane == PANE_EVENTS ? TS_SELECT : TS_CURSOR;
	return in_sel ? TS_EVIDENCE : TS_NORMAL;
}

void tui_draw_events(struct tui *t, int y0, int height)
{
	struct sh_tl_pos p = t->ev_sel, q;
	struct sh_buf b;

	if (p.row < 0) {
		tui_put(&t->scr, 1, y0, t->scr.cols - 1, TS_DIM, "no event at or after the cursor");
		return;
	}
	for (int back = height / 3; back > 0 && (q = sh_timeline_prev(t->tl, t->row_shown, p)).row >= 0; back--)
		p = q;
	sh_buf_init(&b);
	for (int y = y0; y < y0 + height && p.row >= 0; y++, p = sh_timeline_next(t->tl, t->row_shown, p)) {
		const struct sh_evidence *e;
		enum tui_style st;

		sh_buf_reset(&b);
		st = event_line(t, p, &b, &e);
		put_line(t, y, st, &b);
		t->list_pos[y] = p;
		if (e && p.row == t->ev_sel.row && p.pos == t->ev_sel.pos && y + 1 < y0 + height) {
			/* why the selected event is cited, under it (as the report prints it) */
			sh_buf_reset(&b);
			sh_buf_printf(&b, "      ^ %s", e->role);
			put_line(t, ++y, TS_EVIDENCE, &b);
		}
	}
	sh_buf_release(&b);
}

void tui_draw_help(struct tui *t)
{
	struct sh_buf b;
	char name[16];
	int y = 1;

	sh_buf_init(&b);
	tui_put(&t->scr, 0, 0, t->scr.cols, TS_TITLE, "schedhang tui: keys (q, ? or Esc closes)");
	tui_style_line(&t->scr, 0, 0, TS_TITLE);
	if (t->help_top > (int)tui_nkeys - 1)
		t->help_top = (int)tui_nkeys - 1;
	/* keys sharing a handler and help text share a line: "Up k  previous row" */
	for (unsigned i = (unsigned)t->help_top; i < tui_nkeys && y < t->scr.rows - 1; i++, y++) {
		struct sh_buf keys;

		sh_buf_init(&keys);
		sh_buf_add(&keys, tui_key_name(tui_keys[i].key, name, sizeof(name)));
		while (i + 1 < tui_nkeys && tui_keys[i + 1].fn == tui_keys[i].fn &&
		       !strcmp(tui_keys[i + 1].help, tui_keys[i].help)) {
			i++;
			sh_buf_printf(&keys, " %s", tui_key_name(tui_keys[i].key, name, sizeof(name)));
		}
		sh_buf_reset(&b);
		sh_buf_printf(&b, "  %-12s %s", keys.failed ? "?" : keys.data, tui_keys[i].help);
		put_line(t, y, TS_NORMAL, &b);
		sh_buf_release(&keys);
	}
	sh_buf_release(&b);
}
