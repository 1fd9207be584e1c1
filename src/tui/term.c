/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The terminal front end: the only file that includes curses. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/format.h"
#include "tui/keys.h"
#include "tui/mouse.h"
#include "tui/term.h"
#include "tui/tui.h"

#define HELD_MAX 8

/* The one mutable global: set by SIGINT/SIGTERM/SIGHUP, read by the loops. */
static volatile sig_atomic_t stop_requested;

struct held_msg {
	enum sh_log_level level;
	char text[256];
};

struct tui_term {
	SCREEN *screen;			/* owned: from newterm() */
	bool ascii, colors;
	struct tui *tui;		/* borrowed while running */
	sh_log_fn old_sink;		/* restored by tui_term_stop() */
	void *old_ctx;
	struct held_msg held[HELD_MAX];	/* messages to print once the terminal is back */
	unsigned nheld;
	const char *path;		/* borrowed: the input, for the progress bar */
	unsigned long long size, rchar0;
	struct sigaction old_int, old_term, old_hup;
};

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void term_sink(enum sh_log_level level, const char *msg, void *ctx)
{
	struct tui_term *term = ctx;

	if (term->nheld < HELD_MAX && level != SH_LOG_INFO) {
		term->held[term->nheld].level = level;
		snprintf(term->held[term->nheld++].text, sizeof(term->held[0].text), "%s", msg);
	}
	if (term->tui)
		tui_message(term->tui, "%s", msg);
}

/* Bytes this process has read so far (progress of a reader we cannot ask), or 0. */
static unsigned long long rchar(void)
{
	FILE *fp = fopen("/proc/self/io", "r");
	unsigned long long v = 0;

	if (fp) {
		if (fscanf(fp, "rchar: %llu", &v) != 1)
			v = 0;
		fclose(fp);
	}
	return v;
}

/* style -> foreground, background, attributes with colour, attributes without */
static const struct { short fg, bg; attr_t attr, mono; } styles[TS__COUNT] = {
	[TS_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[TS_TITLE] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[TS_STATUS] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[TS_RULER] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[TS_CURSOR] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[TS_IDLE] = { -1, -1, A_DIM, A_DIM },
	[TS_QUEUED] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[TS_RUNNING] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[TS_DEPTH] = { COLOR_CYAN, -1, A_BOLD, A_NORMAL },
	[TS_NOTFIRST] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[TS_FINDING] = { COLOR_WHITE, COLOR_RED, A_BOLD | A_REVERSE, A_REVERSE | A_BOLD },
	[TS_SELECT] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[TS_MARKER] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[TS_DIM] = { -1, -1, A_DIM, A_DIM },
	[TS_LABEL] = { -1, -1, A_BOLD, A_BOLD },
	[TS_EVIDENCE] = { COLOR_RED, -1, A_BOLD, A_UNDERLINE },
};

static void init_colors(struct tui_term *term)
{
	/* NO_COLOR: no colour pairs at all, the monochrome attributes instead */
	term->colors = !sh_format_no_color() && has_colors() && start_color() == OK;
	if (!term->colors)
		return;
	use_default_colors();
	for (short i = 1; i < TS__COUNT; i++)
		init_pair(i, styles[i].fg, styles[i].bg);
}

static attr_t attr_of(const struct tui_term *term, unsigned st)
{
	if (!term->colors)
		return styles[st].mono;
	/* reverse on a red background would show red text: FINDING is white on red, bold */
	return (st ? COLOR_PAIR(st) : 0) | (st == TS_FINDING ? A_BOLD : styles[st].attr);
}

static void watch_signals(struct tui_term *term)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;	/* the readers' reads go on; the loops poll the flag */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &term->old_int);
	sigaction(SIGTERM, &sa, &term->old_term);
	sigaction(SIGHUP, &sa, &term->old_hup);
}

struct tui_term *tui_term_start(bool ascii, const char *input_path)
{
	struct tui_term *term;
	struct stat st;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		sh_error("the tui needs a terminal (stdin and stdout); for scripts see SCHEDHANG_TUI_SCRIPT");
		return NULL;
	}
	term = calloc(1, sizeof(*term));
	if (!term) {
		sh_error("out of memory starting the terminal");
		return NULL;
	}
	setlocale(LC_ALL, "");
	term->ascii = ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	term->path = input_path;
	term->size = stat(input_path, &st) == 0 && S_ISREG(st.st_mode) ? (unsigned long long)st.st_size : 0;
	term->rchar0 = rchar();
	term->screen = newterm(NULL, stdout, stdin);
	if (!term->screen) {
		sh_error("cannot start the terminal '%s'", getenv("TERM") ? getenv("TERM") : "(TERM unset)");
		free(term);
		return NULL;
	}
	watch_signals(term);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	timeout(250);
	/* clicks and the wheel (buttons 4 and 5); press events, so a click acts at once */
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	init_colors(term);
	term->old_sink = sh_log_set_sink(term_sink, term, &term->old_ctx);
	return term;
}

bool tui_term_ascii(const struct tui_term *term)
{
	return term->ascii;
}

void tui_term_size(const struct tui_term *term, int *cols, int *rows)
{
	getmaxyx(stdscr, *rows, *cols);
}

int tui_term_progress(void *ctx, uint64_t nevents)
{
	struct tui_term *term = ctx;
	int rows, cols, w, fill = 0, y;
	unsigned long long done = rchar() - term->rchar0;

	if (stop_requested)
		return 1;
	getmaxyx(stdscr, rows, cols);
	w = cols - 12 > 50 ? 50 : cols - 12;
	y = rows / 2;
	erase();
	mvprintw(y - 1, 2, "loading %.*s", cols > 12 ? cols - 12 : 1, term->path);
	if (term->size && w > 0) {
		double frac = (double)done / (double)term->size;

		fill = (int)((frac > 1 ? 1 : frac) * w);
		mvaddch(y, 2, '[');
		for (int i = 0; i < w; i++)
			addch(i < fill ? (term->ascii ? '#' : ACS_CKBOARD) : ' ');
		printw("] %3d%%", (int)(fill * 100 / w));
	}
	mvprintw(y + 1, 2, "%llu events", (unsigned long long)nevents);
	refresh();
	return 0;
}

static void blit(struct tui_term *term, const struct tui_screen *scr)
{
	for (int y = 0; y < scr->rows; y++) {
		for (int x = 0; x < scr->cols; x++) {
			const struct tui_cell *c = &scr->cells[y * scr->cols + x];
			attr_t a = attr_of(term, c->style);

			if (term->ascii) {
				mvaddch(y, x, (c->ch < 127 ? (chtype)c->ch : '?') | a);
			} else {
				wchar_t wc[2] = { (wchar_t)c->ch, 0 };
				cchar_t cc;

				setcchar(&cc, wc, a, (short)(term->colors ? c->style : 0), NULL);
				mvadd_wch(y, x, &cc);
			}
		}
	}
	refresh();
}

static int map_key(int r, wint_t wch)
{
	if (r == KEY_CODE_YES) {
		switch (wch) {
		case KEY_UP: return TK_UP;
		case KEY_DOWN: return TK_DOWN;
		case KEY_LEFT: return TK_LEFT;
		case KEY_RIGHT: return TK_RIGHT;
		case KEY_PPAGE: return TK_PGUP;
		case KEY_NPAGE: return TK_PGDN;
		case KEY_HOME: return TK_HOME;
		case KEY_END: return TK_END;
		case KEY_ENTER: return TK_ENTER;
		case KEY_BACKSPACE: return TK_BACKSPACE;
		case KEY_RESIZE: return TK_RESIZE;
		case KEY_MOUSE: return TK_MOUSE;
		default: return TK_NONE;
		}
	}
	if (wch == '\r' || wch == '\n')
		return TK_ENTER;
	if (wch == 8 || wch == 127)
		return TK_BACKSPACE;
	return wch < 0x80 ? (int)wch : TK_NONE;
}

/* Hand a curses mouse event to the tui (mouse.c); others (releases, moves) are dropped. */
static void mouse_event(struct tui *t)
{
	MEVENT me;

	if (getmouse(&me) != OK)
		return;
	if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		tui_mouse(t, TUI_MOUSE_CLICK, me.x, me.y);
	else if (me.bstate & BUTTON4_PRESSED)
		tui_mouse(t, TUI_MOUSE_WHEEL_UP, me.x, me.y);
	else if (me.bstate & BUTTON5_PRESSED)
		tui_mouse(t, TUI_MOUSE_WHEEL_DOWN, me.x, me.y);
}

void tui_term_run(struct tui_term *term, struct tui *t)
{
	term->tui = t;
	while (!t->quit && !stop_requested) {
		wint_t wch;
		int r, key, cols, rows;

		tui_draw(t);
		blit(term, &t->scr);
		r = get_wch(&wch);
		if (r == ERR)
			continue;	/* timeout or a signal: look at the flag */
		key = map_key(r, wch);
		if (key == TK_RESIZE) {
			getmaxyx(stdscr, rows, cols);
			if (tui_resize(t, cols, rows) < 0)
				break;
			clear();
			continue;
		}
		if (key == TK_MOUSE)
			mouse_event(t);
		else
			tui_key(t, key);
	}
	term->tui = NULL;
}

void tui_term_stop(struct tui_term *term)
{
	if (!term)
		return;
	/* a blank screen first: terminals without an alternate screen keep what was drawn */
	erase();
	refresh();
	endwin();
	delscreen(term->screen);
	sigaction(SIGINT, &term->old_int, NULL);
	sigaction(SIGTERM, &term->old_term, NULL);
	sigaction(SIGHUP, &term->old_hup, NULL);
	sh_log_set_sink(term->old_sink, term->old_ctx, NULL);
	for (unsigned i = 0; i < term->nheld; i++) {
		if (term->held[i].level == SH_LOG_ERROR)
			sh_error("%s", term->held[i].text);
		else
			sh_warning("%s", term->held[i].text);
	}
	free(term);
}
