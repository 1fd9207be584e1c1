/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_H
#define SH_TUI_H

/*
 * schedhang tui, internals. Views draw into a cell buffer (struct tui_screen)
 * that the curses front end (tui-curses.c, the only file including curses)
 * copies to the terminal and the headless script runner (tui-script.c) dumps
 * to files, so screen dumps are deterministic. Keys are curses-independent
 * codes (TK_*); one table maps them to handlers and generates the help.
 */

#include <stdbool.h>
#include <stdint.h>

#include "detect/analysis.h"
#include "core/trace-info.h"
#include "core/buf.h"
#include "tui/timeline.h"

/* X(ID, dump letter): styles a cell can have; curses maps each to colours */
#define TUI_STYLES(X) \
	X(NORMAL, '.') X(TITLE, 'T') X(STATUS, 'S') X(RULER, 'R') X(CURSOR, 'C') \
	X(IDLE, 'i') X(QUEUED, 'q') X(RUNNING, 'r') X(DEPTH, 'd') X(NOTFIRST, 'n') \
	X(FINDING, 'F') X(SELECT, 's') X(MARKER, 'M') X(DIM, 'm') X(LABEL, 'L') X(EVIDENCE, 'E')

enum tui_style {
#define TUI_X(id, c) TS_##id,
	TUI_STYLES(TUI_X)
#undef TUI_X
	TS__COUNT
};

struct tui_cell {
	uint32_t ch;		/* a Unicode code point */
	uint8_t style;		/* enum tui_style */
};

struct tui_screen {
	int cols, rows;
	struct tui_cell *cells;	/* owned: rows * cols */
};

/* Keys: ASCII as themselves, the rest above 0xff. */
enum {
	TK_ENTER = '\n', TK_TAB = '\t', TK_ESC = 27, TK_BACKSPACE = 127,
	TK_UP = 0x100, TK_DOWN, TK_LEFT, TK_RIGHT, TK_PGUP, TK_PGDN, TK_HOME, TK_END,
	TK_RESIZE, TK_NONE,
};

/* Glyphs, chosen once: UTF-8 or --ascii. */
struct tui_glyphs {
	uint32_t level[9];	/* queue depth 0..8+ */
	uint32_t idle, idle_active, queued, running;
	uint32_t entity_running, not_first, cursor, tick, fold_open, fold_closed, hline;
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
};

/* Set up @t over a loaded analysis and timeline, for a @cols x @rows screen. 0 or -1. */
int tui_init(struct tui *t, const struct sh_analysis *a, const struct sh_timeline *tl,
	     const struct sh_trace_info *info, const char *input_name, const struct tui_opts *opts,
	     int cols, int rows);
void tui_release(struct tui *t);
/* New screen size. 0 or -1 (out of memory). */
int tui_resize(struct tui *t, int cols, int rows);
/* Handle one key. */
void tui_key(struct tui *t, int key);
/* Draw the current view into t->scr. */
void tui_draw(struct tui *t);
/* Show @msg on the status line until the next key. */
void tui_message(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Cell buffer (tui-screen.c). */
int tui_screen_resize(struct tui_screen *s, int cols, int rows);
void tui_screen_release(struct tui_screen *s);
void tui_screen_clear(struct tui_screen *s);
/* Put the UTF-8 string @str at (@x, @y), clipped at @maxw cells or the edge; returns cells used. */
int tui_put(struct tui_screen *s, int x, int y, int maxw, enum tui_style st, const char *str);
void tui_putc(struct tui_screen *s, int x, int y, enum tui_style st, uint32_t ch);
/* Restyle the cell at (@x, @y), if on screen. */
void tui_set_style(struct tui_screen *s, int x, int y, enum tui_style st);
/* Fill row @y from @x to the edge with style @st (keeping the characters). */
void tui_style_line(struct tui_screen *s, int x, int y, enum tui_style st);
/* Write the screen as text then a style map, to @path. 0 or -1 (reported). */
int tui_screen_dump(const struct tui_screen *s, const char *path);

/* Views (tui-timeline.c, tui-lists.c, tui-job.c). */
/* Recompute the visible rows from the folds and the filter. */
void tui_rebuild_rows(struct tui *t);
/* Draw into lines [@y0, @y0 + @height) of t->scr: ruler and rows / a list pane. */
void tui_draw_timeline(struct tui *t, int y0, int height);
void tui_draw_findings(struct tui *t, int y0, int height);
void tui_draw_events(struct tui *t, int y0, int height);
/* Full-screen views. */
void tui_draw_help(struct tui *t);
void tui_draw_job(struct tui *t);
/* Column of time @ts in the graph, or -1 when outside the window. */
int tui_col_of(const struct tui *t, uint64_t ts);
/* First screen column of the graph (after the row labels), and its width. */
int tui_graph_x(const struct tui *t);
int tui_graph_w(const struct tui *t);
/* "1.900005" (us) or ns with -t */
void tui_fmt_ts(const struct tui *t, struct sh_buf *b, uint64_t ts);
/* Is the entry one of @f's evidence events? Returns the evidence, or NULL. */
const struct sh_evidence *tui_evidence_of(const struct sh_finding *f, const struct sh_tl_entry *x);
/* Row name for display: scheduler name or id, entity "ectx N" */
void tui_row_name(const struct tui *t, unsigned row, struct sh_buf *b);

/* Navigation used by keys and views (tui-nav.c). */
/* Show [@t0, @t0 + @span), clamped to the trace and to at least 1 ns per column. */
void tui_set_window(struct tui *t, uint64_t t0, uint64_t span);
/* Move the cursor (panning to keep it visible); the events pane follows it. */
void tui_set_cursor(struct tui *t, uint64_t ts);
/* Show only the rows @filter names ("" = all): a scheduler name or id, an entity id or ectx. */
void tui_set_filter(struct tui *t, const char *filter);
/* Select finding @idx, zoom to it, select its first evidence event. */
void tui_jump_finding(struct tui *t, int idx);
/* Select the next / previous event matching t->query; false (with a message) when none. */
bool tui_search(struct tui *t, bool forward);
/* Open the job view for the job of entry @p, or say why not. */
void tui_open_job_at(struct tui *t, struct sh_tl_pos p);

/* The key table (tui-keys.c): dispatch, status hints and help come from it. */
struct tui_key {
	int key;
	const char *name;	/* as shown in help and status */
	const char *help;
	void (*fn)(struct tui *t, int key);
	unsigned hint;		/* TUI_HINT_* where the status line shows it */
};

enum {
	TUI_HINT_TIMELINE = 1 << PANE_TIMELINE,
	TUI_HINT_FINDINGS = 1 << PANE_FINDINGS,
	TUI_HINT_EVENTS = 1 << PANE_EVENTS,
	TUI_HINT_VIEW = 1 << PANE__COUNT,	/* help and job views */
	TUI_HINT_PANES = TUI_HINT_TIMELINE | TUI_HINT_FINDINGS | TUI_HINT_EVENTS,
	TUI_HINT_ALL = TUI_HINT_PANES | TUI_HINT_VIEW,
};

extern const struct tui_key tui_keys[];
extern const unsigned tui_nkeys;
/* Printable name of @key ("Up", "q"); @buf holds it for plain characters. */
const char *tui_key_name(int key, char *buf, unsigned size);
/* Key code of a script name like "Up" or "PgDn", or -1. */
int tui_key_parse(const char *name);

/* Run the key script at @path headless (tui-script.c). 0, or -1 (reported). */
int tui_run_script(struct tui *t, const char *path);

/* The terminal front end (tui-curses.c, the only file that includes curses). */
struct tui_term;
/* Enter curses mode and route sh_error() to the status line; NULL (reported) on failure. */
struct tui_term *tui_term_start(bool ascii, const char *input_path);
/* Did the locale or --ascii pick ASCII glyphs? */
bool tui_term_ascii(const struct tui_term *term);
void tui_term_size(const struct tui_term *term, int *cols, int *rows);
/* Loading progress: draws a bar; non-zero when interrupted (SIGINT). */
int tui_term_progress(void *term, uint64_t nevents);
/* Interactive loop until q or a signal. */
void tui_term_run(struct tui_term *term, struct tui *t);
/* Leave curses mode, restore the sink and print the errors held meanwhile. NULL is fine. */
void tui_term_stop(struct tui_term *term);

#endif
