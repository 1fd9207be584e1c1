/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the mouse does, over the layout of the last drawing (see mouse.h). */
#include "config.h"

#include "tui/graph.h"
#include "tui/keys.h"
#include "tui/mouse.h"
#include "tui/nav.h"
#include "tui/tui.h"

#define WHEEL_LINES 3

static void click_timeline(struct tui *t, int x, int y)
{
	int gx = tui_graph_x(t), line = y - t->tl_y - 1;

	if (line >= 0) {
		if (t->top_row + line >= (int)t->nvis)
			return;
		t->sel_row = t->top_row + line;
		t->pane = PANE_TIMELINE;
	}
	if (x >= gx)
		tui_set_cursor(t, tui_time_of_col(t, x - gx));
}

static void click_list(struct tui *t, int y)
{
	int line = y - t->list_y;

	if (t->lower == PANE_FINDINGS) {
		if (t->find_top + line >= (int)t->a->findings.len)
			return;
		tui_jump_finding(t, t->find_top + line, false);
		t->pane = PANE_FINDINGS;
	} else if (t->list_pos[y].row >= 0) {
		t->ev_sel = t->list_pos[y];
		t->cursor = sh_tl_ts(sh_timeline_at(t->tl, t->ev_sel));
		if (tui_col_of(t, t->cursor) < 0)
			tui_set_cursor(t, t->cursor);
		t->pane = PANE_EVENTS;
	}
}

static void wheel_timeline(struct tui *t, bool in, int x)
{
	int gx = tui_graph_x(t), col = x >= gx ? x - gx : tui_graph_w(t) / 2;
	uint64_t at = tui_time_of_col(t, col) + t->span / (uint64_t)tui_graph_w(t) / 2;

	tui_zoom_at(t, in ? t->span / 2 : t->span > UINT64_MAX / 2 ? UINT64_MAX : t->span * 2, at, col);
}

/* Scroll a list: move its selection as the arrow keys do. */
static void wheel_list(struct tui *t, bool up)
{
	enum tui_pane old = t->pane;

	t->pane = t->lower;
	for (int i = 0; i < WHEEL_LINES; i++)
		tui_key(t, up ? TK_UP : TK_DOWN);
	if (t->lower == PANE_FINDINGS && t->sel_finding >= 0)
		t->pane = PANE_FINDINGS;
	else
		t->pane = old == PANE_TIMELINE ? PANE_EVENTS : old;
}

void tui_mouse(struct tui *t, enum tui_mouse what, int x, int y)
{
	bool in_tl, in_list;

	tui_draw(t);	/* the layout the user sees */
	t->msg[0] = '\0';
	if (t->view == VIEW_HELP) {
		if (what != TUI_MOUSE_CLICK)
			tui_key(t, what == TUI_MOUSE_WHEEL_UP ? TK_UP : TK_DOWN);
		return;
	}
	if (t->view != VIEW_MAIN || t->prompt != PROMPT_NONE)
		return;
	in_tl = t->tl_h && y >= t->tl_y && y < t->tl_y + t->tl_h;
	in_list = t->list_h && y >= t->list_y && y < t->list_y + t->list_h;
	if (what == TUI_MOUSE_CLICK && in_tl)
		click_timeline(t, x, y);
	else if (what == TUI_MOUSE_CLICK && in_list)
		click_list(t, y);
	else if (what == TUI_MOUSE_CLICK && t->list_h && y == t->list_y - 1)
		t->lower = t->pane = x >= t->events_x ? PANE_EVENTS : PANE_FINDINGS;
	else if (what != TUI_MOUSE_CLICK && in_tl)
		wheel_timeline(t, what == TUI_MOUSE_WHEEL_UP, x);
	else if (what != TUI_MOUSE_CLICK && in_list)
		wheel_list(t, what == TUI_MOUSE_WHEEL_UP);
}
