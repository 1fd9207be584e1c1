/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang tui: state, layout and the main screen (no curses here). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/format.h"
#include "tui/fetch.h"
#include "tui/graph.h"
#include "tui/job.h"
#include "tui/keys.h"
#include "tui/lists.h"
#include "tui/nav.h"
#include "tui/tui.h"

int tui_init(struct tui *t, const struct sh_analysis *a, const struct sh_timeline *tl,
	     const struct sh_trace_info *info, const char *input_name, const struct tui_opts *opts,
	     int cols, int rows)
{
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->tl = tl;
	t->info = info;
	t->input_name = input_name;
	t->opts = *opts;
	t->g = opts->ascii ? &tui_glyphs_ascii : &tui_glyphs_utf8;
	t->sel_finding = -1;
	t->lower = a->findings.len ? PANE_FINDINGS : PANE_EVENTS;
	t->folded = calloc(tl->nrows ? tl->nrows : 1, sizeof(*t->folded));
	t->vis = calloc(tl->nrows ? tl->nrows : 1, sizeof(*t->vis));
	t->row_shown = calloc(tl->nrows ? tl->nrows : 1, sizeof(*t->row_shown));
	if (!t->folded || !t->vis || !t->row_shown || tui_resize(t, cols, rows) < 0) {
		tui_release(t);
		return sh_error("out of memory starting the tui");
	}
	tui_rebuild_rows(t);
	tui_set_window(t, tl->first_ts, tl->last_ts - tl->first_ts + 1);
	tui_set_cursor(t, tl->first_ts);
	return 0;
}

void tui_release(struct tui *t)
{
	free(t->folded);
	free(t->vis);
	free(t->row_shown);
	free(t->list_pos);
	t->list_pos = NULL;
	tui_fetch_free(t->fetch);
	t->fetch = NULL;
	tui_screen_release(&t->scr);
	t->folded = NULL;
	t->vis = NULL;
	t->row_shown = NULL;
}

int tui_resize(struct tui *t, int cols, int rows)
{
	struct sh_tl_pos *lp = realloc(t->list_pos, (size_t)(rows > 0 ? rows : 1) * sizeof(*lp));

	if (!lp || tui_screen_resize(&t->scr, cols, rows) < 0) {
		if (lp)
			t->list_pos = lp;
		return -1;
	}
	t->list_pos = lp;
	if (t->span)
		tui_set_window(t, t->t0, t->span);
	return 0;
}

void tui_message(struct tui *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	va_end(ap);
}

static void draw_title(struct tui *t)
{
	struct sh_buf b;

	sh_buf_init(&b);
	sh_buf_add(&b, " cursor ");
	tui_fmt_ts(t, &b, t->cursor);
	if (t->has_a && t->has_b) {
		sh_buf_add(&b, " | B-A ");
		if (t->mark_b < t->mark_a)
			sh_buf_addc(&b, '-');
		sh_format_duration(&b, t->mark_b > t->mark_a ? t->mark_b - t->mark_a : t->mark_a - t->mark_b);
	}
	sh_buf_printf(&b, " | %zu finding%s | %s", t->a->findings.len, t->a->findings.len == 1 ? "" : "s",
		      t->input_name);
	tui_put(&t->scr, 0, 0, t->scr.cols, TS_TITLE, b.failed ? "" : b.data);
	tui_style_line(&t->scr, 0, 0, TS_TITLE);
	sh_buf_release(&b);
}

static void draw_pane_header(struct tui *t, int y)
{
	char buf[64];
	int x;

	for (x = 0; x < t->scr.cols; x++)
		tui_putc(&t->scr, x, y, TS_DIM, t->g->hline);
	snprintf(buf, sizeof(buf), " Findings (%zu) ", t->a->findings.len);
	x = 1 + tui_put(&t->scr, 1, y, t->scr.cols - 1,
			t->lower == PANE_FINDINGS ? (t->pane == PANE_FINDINGS ? TS_SELECT : TS_LABEL) : TS_DIM, buf);
	t->events_x = x + 1;
	tui_put(&t->scr, x + 1, y, t->scr.cols - x - 1,
		t->lower == PANE_EVENTS ? (t->pane == PANE_EVENTS ? TS_SELECT : TS_LABEL) : TS_DIM,
		" Events at the cursor ");
}

static const char *prompt_label(enum tui_prompt p)
{
	switch (p) {
	case PROMPT_SEARCH: return "search (event, entity or seqno): ";
	case PROMPT_GOTO: return "go to time (seconds): ";
	case PROMPT_FILTER: return "filter (scheduler name or id, entity ectx or id; empty: all): ";
	default: return "";
	}
}

static void draw_status(struct tui *t, int y)
{
	struct sh_buf b;
	char name[16];

	sh_buf_init(&b);
	if (t->prompt != PROMPT_NONE) {
		sh_buf_printf(&b, "%s%s_", prompt_label(t->prompt), t->line);
	} else if (t->msg[0]) {
		sh_buf_add(&b, t->msg);
	} else {
		unsigned ctx = t->view != VIEW_MAIN ? TUI_HINT_VIEW : 1u << t->pane;

		for (unsigned i = 0; i < tui_nkeys; i++)
			if (tui_keys[i].hint & ctx)
				sh_buf_printf(&b, "%s %s  ", tui_key_name(tui_keys[i].key, name, sizeof(name)),
					      tui_keys[i].name);
	}
	tui_put(&t->scr, 0, y, t->scr.cols, TS_STATUS, b.failed ? "" : b.data);
	tui_style_line(&t->scr, 0, y, TS_STATUS);
	sh_buf_release(&b);
}

void tui_draw(struct tui *t)
{
	int rows = t->scr.rows, th = (int)t->nvis + 2, ph;

	tui_screen_clear(&t->scr);
	t->tl_h = t->list_h = 0;
	for (int i = 0; i < rows; i++)
		t->list_pos[i].row = -1;
	if (t->view == VIEW_HELP) {
		tui_draw_help(t);
		draw_status(t, rows - 1);
		return;
	}
	if (t->view == VIEW_JOB) {
		tui_draw_job(t);
		draw_status(t, rows - 1);
		return;
	}
	draw_title(t);
	/* the timeline takes what its rows need, up to two thirds; the list pane the rest */
	th = th > rows * 2 / 3 ? rows * 2 / 3 : th < 4 ? 4 : th;
	ph = rows - 2 - th;
	if (ph < 3) {
		th = rows - 2;
		ph = 0;
	}
	tui_draw_timeline(t, 1, th);
	t->tl_y = 1;
	t->tl_h = th;
	if (ph > 1) {
		t->list_y = 2 + th;
		t->list_h = ph - 1;
		draw_pane_header(t, 1 + th);
		if (t->lower == PANE_FINDINGS)
			tui_draw_findings(t, 2 + th, ph - 1);
		else
			tui_draw_events(t, 2 + th, ph - 1);
	}
	draw_status(t, rows - 1);
}
