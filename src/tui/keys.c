/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The key table: one entry per key, used to dispatch, for the status hints and for the help. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "tui/graph.h"
#include "tui/keys.h"
#include "tui/nav.h"
#include "tui/tui.h"

#define PAGE 10

static const struct { int key; const char *name; } key_names[] = {
	{ TK_UP, "Up" }, { TK_DOWN, "Down" }, { TK_LEFT, "Left" }, { TK_RIGHT, "Right" },
	{ TK_PGUP, "PgUp" }, { TK_PGDN, "PgDn" }, { TK_HOME, "Home" }, { TK_END, "End" },
	{ TK_ENTER, "Enter" }, { TK_TAB, "Tab" }, { TK_ESC, "Esc" }, { TK_BACKSPACE, "BS" },
	{ TK_RESIZE, "Resize" },
};

const char *tui_key_name(int key, char *buf, unsigned size)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].key == key)
			return key_names[i].name;
	snprintf(buf, size, "%c", key > ' ' && key < 127 ? key : '?');
	return buf;
}

int tui_key_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (!strcmp(key_names[i].name, name))
			return key_names[i].key;
	if (!strcmp(name, "lt"))
		return '<';
	return -1;
}

static void key_quit(struct tui *t, int key)
{
	if (t->view != VIEW_MAIN)
		t->view = VIEW_MAIN;
	else if (key == 'q')
		t->quit = true;
}

static void key_help(struct tui *t, int key)
{
	t->view = t->view == VIEW_HELP ? VIEW_MAIN : VIEW_HELP;
	t->help_top = 0;
}

static void step_event(struct tui *t, int n)
{
	struct sh_tl_pos p = t->ev_sel, q = p;

	for (; n && q.row >= 0; n += n > 0 ? -1 : 1) {
		q = n > 0 ? sh_timeline_next(t->tl, t->row_shown, p) : sh_timeline_prev(t->tl, t->row_shown, p);
		if (q.row >= 0)
			p = q;
	}
	if (p.row < 0)
		return;
	t->ev_sel = p;
	t->cursor = sh_tl_ts(sh_timeline_at(t->tl, p));
	if (tui_col_of(t, t->cursor) < 0)
		tui_set_window(t, t->cursor > t->span / 2 ? t->cursor - t->span / 2 : 0, t->span);
}

static void move(struct tui *t, int n)
{
	int nf = (int)t->a->findings.len;

	if (t->view == VIEW_HELP) {
		t->help_top = t->help_top + n < 0 ? 0 : t->help_top + n;
	} else if (t->view != VIEW_MAIN) {
		return;
	} else if (t->pane == PANE_TIMELINE) {
		t->sel_row += n;
		t->sel_row = t->sel_row >= (int)t->nvis ? (int)t->nvis - 1 : t->sel_row;
		t->sel_row = t->sel_row < 0 ? 0 : t->sel_row;
	} else if (t->pane == PANE_FINDINGS && nf) {
		t->sel_finding += n;
		t->sel_finding = t->sel_finding >= nf ? nf - 1 : t->sel_finding < 0 ? 0 : t->sel_finding;
	} else if (t->pane == PANE_EVENTS) {
		step_event(t, n);
	}
}

static void key_up(struct tui *t, int key) { move(t, -1); }
static void key_down(struct tui *t, int key) { move(t, 1); }
static void key_page(struct tui *t, int key) { move(t, key == TK_PGUP ? -PAGE : PAGE); }

static uint64_t col_ns(const struct tui *t)
{
	uint64_t w = t->span / (uint64_t)tui_graph_w(t);

	return w ? w : 1;
}

static void key_cursor(struct tui *t, int key)
{
	if (key == 'h')
		tui_set_cursor(t, t->cursor > col_ns(t) ? t->cursor - col_ns(t) : 0);
	else
		tui_set_cursor(t, t->cursor + col_ns(t));
}

static void key_pan(struct tui *t, int key)
{
	uint64_t d = t->span / 4 ? t->span / 4 : 1, old = t->t0;
	bool left = key == TK_LEFT || key == 'a';

	tui_set_window(t, left ? (t->t0 > d ? t->t0 - d : 0) : t->t0 + d, t->span);
	tui_set_cursor(t, t->t0 >= old ? t->cursor + (t->t0 - old) : t->cursor - (old - t->t0));
}

static void key_ends(struct tui *t, int key)
{
	if (key == TK_HOME) {
		tui_set_window(t, t->tl->first_ts, t->span);
		tui_set_cursor(t, t->tl->first_ts);
	} else {
		tui_set_window(t, t->tl->last_ts + 1 > t->span ? t->tl->last_ts + 1 - t->span : 0, t->span);
		tui_set_cursor(t, t->tl->last_ts);
	}
}

/* Zoom keeping the cursor in its column, or the centre when the cursor is off screen. */
static void zoom(struct tui *t, uint64_t span)
{
	int col = tui_col_of(t, t->cursor);

	if (col >= 0)
		tui_zoom_at(t, span, t->cursor, col);
	else
		tui_zoom_at(t, span, t->t0 + t->span / 2, tui_graph_w(t) / 2);
}

/* + and - zoom 4 times (a second to a microsecond in 10 steps), w and s twice. */
static void key_zoom(struct tui *t, int key)
{
	bool in = key == '+' || key == 'w';
	uint64_t f = key == '+' || key == '-' ? 4 : 2;

	zoom(t, in ? t->span / f : t->span > UINT64_MAX / f ? UINT64_MAX : t->span * f);
}

/* The selection: [A, B] when both markers are set, else the selected finding. */
static bool selection(const struct tui *t, uint64_t *from, uint64_t *to)
{
	const struct sh_finding *f;

	if (t->has_a && t->has_b && t->mark_a != t->mark_b) {
		*from = t->mark_a < t->mark_b ? t->mark_a : t->mark_b;
		*to = t->mark_a < t->mark_b ? t->mark_b : t->mark_a;
		return true;
	}
	if (t->sel_finding < 0)
		return false;
	f = &t->a->findings.items[t->sel_finding];
	*from = f->start;
	*to = f->end > f->start ? f->end : f->start + 1;
	return true;
}

static void key_zoom_sel(struct tui *t, int key)
{
	uint64_t from, to;
	bool have = selection(t, &from, &to);

	if (t->zoom_depth && (!have || (t->t0 == from && t->span == to - from))) {
		t->zoom_depth--;
		tui_set_window(t, t->zoom_t0[t->zoom_depth], t->zoom_span[t->zoom_depth]);
		return;
	}
	if (!have) {
		tui_message(t, "nothing selected: set markers A and B, or pick a finding");
		return;
	}
	if (t->zoom_depth < (int)(sizeof(t->zoom_t0) / sizeof(t->zoom_t0[0]))) {
		t->zoom_t0[t->zoom_depth] = t->t0;
		t->zoom_span[t->zoom_depth++] = t->span;
	}
	tui_set_window(t, from, to - from);
	tui_set_cursor(t, from);
}

static void key_tab(struct tui *t, int key)
{
	t->pane = (t->pane + 1) % PANE__COUNT;
	if (t->pane != PANE_TIMELINE)
		t->lower = t->pane;
	if (t->pane == PANE_FINDINGS && t->sel_finding < 0 && t->a->findings.len)
		t->sel_finding = 0;
}

/* Enter on the timeline: fold a scheduler, or open the job at the cursor on an entity. */
static void enter_timeline(struct tui *t)
{
	const struct sh_tl_row *r;
	size_t i;

	if (!t->nvis)
		return;
	r = &t->tl->rows[t->vis[t->sel_row]];
	if (r->kind == SH_TL_SCHED) {
		t->folded[t->vis[t->sel_row]] = !t->folded[t->vis[t->sel_row]];
		tui_rebuild_rows(t);
		return;
	}
	for (i = sh_timeline_lower(r, t->cursor + 1); i > 0; i--)
		if (r->ent[i - 1].flags & SH_TLF_HAS_SEQNO)
			break;
	tui_open_job_at(t, (struct sh_tl_pos){ i ? (int)t->vis[t->sel_row] : -1, i ? i - 1 : 0 });
}

static void key_enter(struct tui *t, int key)
{
	if (t->view != VIEW_MAIN)
		return;
	if (t->pane == PANE_TIMELINE) {
		enter_timeline(t);
	} else if (t->pane == PANE_FINDINGS) {
		tui_jump_finding(t, t->sel_finding, false);
		t->pane = t->lower = PANE_EVENTS;
	} else {
		tui_open_job_at(t, t->ev_sel);
	}
}

static void key_finding(struct tui *t, int key)
{
	int n = (int)t->a->findings.len, i = t->sel_finding;

	if (!n) {
		tui_message(t, "no finding in this trace");
		return;
	}
	i = key == ']' ? (i < 0 ? 0 : i + 1) : (i < 0 ? n - 1 : i - 1);
	if (i < 0 || i >= n) {
		tui_message(t, "no %s finding", key == ']' ? "next" : "previous");
		return;
	}
	tui_jump_finding(t, i, false);
}

static void key_evidence(struct tui *t, int key)
{
	if (t->sel_finding < 0) {
		tui_message(t, "no finding selected: ] or [ to pick one");
		return;
	}
	tui_jump_finding(t, t->sel_finding, !t->find_whole);
}

static void key_prompt(struct tui *t, int key)
{
	t->prompt = key == '/' ? PROMPT_SEARCH : key == 'g' ? PROMPT_GOTO : PROMPT_FILTER;
	t->line[0] = '\0';
}

static void key_match(struct tui *t, int key) { tui_search(t, key == 'n'); }

static void key_marker(struct tui *t, int key)
{
	struct sh_buf b;

	*(key == 'A' ? &t->mark_a : &t->mark_b) = t->cursor;
	*(key == 'A' ? &t->has_a : &t->has_b) = true;
	sh_buf_init(&b);
	if (t->has_a && t->has_b)
		sh_format_duration(&b, t->mark_a > t->mark_b ? t->mark_a - t->mark_b : t->mark_b - t->mark_a);
	tui_message(t, "marker %c set%s%s", key, b.len ? "; A-B delta " : "", b.len && !b.failed ? b.data : "");
	sh_buf_release(&b);
}

static void key_prefix(struct tui *t, int key)
{
	t->prefix = key;
	tui_message(t, key == 'm' ? "mark: press a letter (a-z)" : "go to mark: press its letter");
}

static void key_esc(struct tui *t, int key)
{
	t->view = VIEW_MAIN;
	t->msg[0] = '\0';
}

const struct tui_key tui_keys[] = {
	{ 'q', "quit", "quit, or close the help or job view", key_quit, TUI_HINT_ALL },
	{ '?', "help", "show or close this help", key_help, TUI_HINT_PANES },
	{ TK_ESC, "close", "close the view, cancel a prompt", key_esc, 0 },
	{ TK_TAB, "pane", "switch pane: timeline, findings, events", key_tab, TUI_HINT_PANES },
	{ TK_ENTER, "open", "open: fold/unfold a scheduler, jump to a finding, show a job", key_enter, TUI_HINT_PANES },
	{ ']', "finding", "next finding: zoom to its evidence, cursor on the first evidence event", key_finding, TUI_HINT_TIMELINE | TUI_HINT_FINDINGS },
	{ '[', "previous finding", "previous finding: zoom to its evidence", key_finding, 0 },
	{ 'e', "evidence/span", "show the finding's evidence or its whole span (toggle)", key_evidence, 0 },
	{ TK_UP, "up", "previous row, finding or event", key_up, TUI_HINT_FINDINGS | TUI_HINT_EVENTS | TUI_HINT_VIEW },
	{ 'k', "up", "previous row, finding or event", key_up, 0 },
	{ TK_DOWN, "down", "next row, finding or event", key_down, TUI_HINT_FINDINGS | TUI_HINT_EVENTS | TUI_HINT_VIEW },
	{ 'j', "down", "next row, finding or event", key_down, 0 },
	{ TK_PGUP, "page up", "a page up", key_page, 0 },
	{ TK_PGDN, "page down", "a page down", key_page, 0 },
	{ 'h', "cursor left", "move the cursor one column left", key_cursor, 0 },
	{ 'l', "cursor right", "move the cursor one column right", key_cursor, 0 },
	{ TK_LEFT, "pan left", "pan left a quarter of the window", key_pan, 0 },
	{ 'a', "pan left", "pan left a quarter of the window", key_pan, 0 },
	{ TK_RIGHT, "pan right", "pan right a quarter of the window", key_pan, 0 },
	{ 'd', "pan right", "pan right a quarter of the window", key_pan, 0 },
	{ TK_HOME, "start", "cursor to the start of the trace", key_ends, 0 },
	{ TK_END, "end", "cursor to the end of the trace", key_ends, 0 },
	{ '+', "zoom in", "zoom in 4x, the cursor staying where it is on screen", key_zoom, TUI_HINT_TIMELINE },
	{ '-', "zoom out", "zoom out 4x, the cursor staying where it is on screen", key_zoom, TUI_HINT_TIMELINE },
	{ 'w', "zoom in", "zoom in 2x around the cursor", key_zoom, 0 },
	{ 's', "zoom out", "zoom out 2x around the cursor", key_zoom, 0 },
	{ 'z', "fit", "zoom to the selection (markers A-B, else the finding); again: back", key_zoom_sel, TUI_HINT_TIMELINE },
	{ '/', "search", "search an event name, entity or seqno", key_prompt, TUI_HINT_EVENTS },
	{ 'n', "next match", "next match of the search", key_match, TUI_HINT_EVENTS },
	{ 'N', "prev match", "previous match of the search", key_match, 0 },
	{ 'g', "go to", "go to a time (seconds)", key_prompt, 0 },
	{ 'f', "filter", "show only a scheduler or entity (name, id or ectx)", key_prompt, 0 },
	{ 'A', "marker A", "set marker A at the cursor", key_marker, 0 },
	{ 'B', "marker B", "set marker B at the cursor (the title shows B-A)", key_marker, 0 },
	{ 'm', "mark", "m + letter: remember the cursor time", key_prefix, 0 },
	{ '\'', "go to mark", "' + letter: go back to a remembered time", key_prefix, 0 },
};

const unsigned tui_nkeys = sizeof(tui_keys) / sizeof(tui_keys[0]);

static void commit_prompt(struct tui *t)
{
	char *end;
	double v;

	switch (t->prompt) {
	case PROMPT_SEARCH:
		snprintf(t->query, sizeof(t->query), "%s", t->line);
		tui_search(t, true);
		break;
	case PROMPT_GOTO:
		v = strtod(t->line, &end);
		if (end == t->line || *end || !(v >= 0 && v <= 1.8e10))	/* NaN fails */
			tui_message(t, "go to takes a time in seconds, not '%s'", t->line);
		else
			tui_set_cursor(t, (uint64_t)(v * 1e9 + 0.5));
		break;
	case PROMPT_FILTER:
		tui_set_filter(t, t->line);
		tui_message(t, t->filter[0] ? "filter: %s (f then Enter: all rows)" : "filter off%s", t->filter);
		break;
	default:
		break;
	}
}

static void prompt_key(struct tui *t, int key)
{
	size_t len = strlen(t->line);

	if (key == TK_ENTER) {
		commit_prompt(t);
		t->prompt = PROMPT_NONE;
	} else if (key == TK_ESC) {
		t->prompt = PROMPT_NONE;
	} else if (key == TK_BACKSPACE || key == 8) {
		if (len)
			t->line[len - 1] = '\0';
	} else if (key >= ' ' && key < 127 && len + 1 < sizeof(t->line)) {
		t->line[len] = (char)key;
		t->line[len + 1] = '\0';
	}
}

static void prefix_key(struct tui *t, int key)
{
	int prefix = t->prefix, i = key - 'a';

	t->prefix = 0;
	if (key < 'a' || key > 'z') {
		tui_message(t, "marks are named a to z");
	} else if (prefix == 'm') {
		t->marks[i] = t->cursor;
		t->has_mark[i] = true;
		tui_message(t, "mark %c set", key);
	} else if (!t->has_mark[i]) {
		tui_message(t, "no mark %c", key);
	} else {
		tui_set_cursor(t, t->marks[i]);
	}
}

void tui_key(struct tui *t, int key)
{
	if (t->prompt != PROMPT_NONE) {
		prompt_key(t, key);
		return;
	}
	t->msg[0] = '\0';
	if (t->prefix) {
		prefix_key(t, key);
		return;
	}
	for (unsigned i = 0; i < tui_nkeys; i++) {
		if (tui_keys[i].key == key) {
			tui_keys[i].fn(t, key);
			return;
		}
	}
	if (key != TK_RESIZE && key != TK_NONE)
		tui_message(t, "unknown key (? for help)");
}
