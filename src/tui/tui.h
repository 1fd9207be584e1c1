/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_H
#define SH_TUI_H

/*
 * schedhang tui, internals. Views draw into a cell buffer (struct tui_screen)
 * that the curses front end (term.c, the only file including curses)
 * copies to the terminal and the headless script runner (script.c) dumps
 * to files, so screen dumps are deterministic. Keys are curses-independent
 * codes (TK_*); one table maps them to handlers and generates the help.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/trace-info.h"
#include "detect/analysis.h"
#include "tui/screen.h"
#include "tui/timeline.h"

struct tui_fetch;

/* Keys: ASCII as themselves, the rest above 0xff. */
enum {
	TK_ENTER = '\n', TK_TAB = '\t', TK_ESC = 27, TK_BACKSPACE = 127,
	TK_UP = 0x100, TK_DOWN, TK_LEFT, TK_RIGHT, TK_PGUP, TK_PGDN, TK_HOME, TK_END,
	TK_RESIZE, TK_MOUSE, TK_NONE,
};

/* Glyphs, chosen once: UTF-8 or --ascii. */
struct tui_glyphs {
	uint32_t level[9];	/* queue depth 0..8+ */
	uint32_t idle, idle_active, queued, running;
	uint32_t entity_running, not_first, cursor, tick, fold_open, fold_closed, hline, more;
};

extern const struct tui_glyphs tui_glyphs_utf8;
extern const struct tui_glyphs tui_glyphs_ascii;

enum tui_pane { PANE_TIMELINE, PANE_FINDINGS, PANE_EVENTS, PANE__COUNT };
enum tui_view { VIEW_MAIN, VIEW_HELP, VIEW_JOB };
enum tui_prompt { PROMPT_NONE, PROMPT_SEARCH, PROMPT_GOTO, PROMPT_FILTER };

struct tui_opts {
	bool ascii;
	bool ns;	/* -t: times in ns */
};

struct tui {
	const struct sh_analysis *a;		/* borrowed, finished */
	const struct sh_timeline *tl;		/* borrowed, finished */
	const struct sh_trace_info *info;	/* borrowed */
	const char *input_name;			/* borrowed */
	const struct tui_glyphs *g;		/* static: UTF-8 or ASCII */
	struct tui_opts opts;
	struct tui_screen scr;
	enum tui_view view;
	enum tui_pane pane;
	enum tui_pane lower;	/* list in the bottom pane: FINDINGS or EVENTS */
	bool quit;
	/* timeline window: [t0, t0 + span) */
	uint64_t t0, span, cursor;
	uint64_t zoom_t0[16], zoom_span[16];
	int zoom_depth;
	bool *folded;		/* owned: per timeline row */
	bool *row_shown;	/* owned: per timeline row, passes the filter (events pane, search) */
	unsigned *vis;		/* owned: visible rows, display order */
	unsigned nvis;
	int sel_row, top_row;	/* index into vis */
	char filter[64];	/* "" = all rows */
	/* findings pane */
	int sel_finding, find_top;	/* -1: none selected */
	bool find_whole;	/* the selected finding is shown over its whole span, not its evidence */
	/* events pane: the selected event, and the first one shown */
	struct sh_tl_pos ev_sel;
	/* markers and marks */
	uint64_t mark_a, mark_b, marks[26];
	bool has_a, has_b, has_mark[26];
	int prefix;		/* 'm' or '\'' waiting for a letter, else 0 */
	/* prompt line */
	enum tui_prompt prompt;
	char line[64];
	char query[64];		/* last search */
	/* help and job views */
	int help_top;
	int job_row;		/* the job view's entity row */
	uint32_t job_ectx, job_seqno;
	char msg[160];		/* status message, "" = key hints */
	/* the layout of the last tui_draw(), for the mouse */
	int tl_y, tl_h;		/* the timeline: ruler at tl_y, rows below, tl_h lines in all */
	int list_y, list_h;	/* the lower pane's lines (after its header), 0 lines if none */
	int events_x;		/* where the header's "Events" tab begins (its line is list_y - 1) */
	struct sh_tl_pos *list_pos;	/* owned, scr.rows entries: the event on each line of the events pane */
	struct tui_fetch *fetch;	/* owned, set after tui_init(): re-reads the events drawn; NULL: none */
};

/* Set up @t over a loaded analysis and timeline, for a @cols x @rows screen. 0 or -1. */
int tui_init(struct tui *t, const struct sh_analysis *a, const struct sh_timeline *tl,
	     const struct sh_trace_info *info, const char *input_name, const struct tui_opts *opts,
	     int cols, int rows);
void tui_release(struct tui *t);
/* New screen size. 0 or -1 (out of memory). */
int tui_resize(struct tui *t, int cols, int rows);
/* Draw the current view into t->scr. */
void tui_draw(struct tui *t);
/* Show @msg on the status line until the next key. */
void tui_message(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
