/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_SCREEN_H
#define SH_TUI_SCREEN_H

/*
 * The cell buffer every view draws into: the curses front end copies it to
 * the terminal, the script runner dumps it to files (text, then a style map).
 */

#include <stdint.h>

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

int tui_screen_resize(struct tui_screen *s, int cols, int rows);
void tui_screen_release(struct tui_screen *s);
void tui_screen_clear(struct tui_screen *s);
/* Put the UTF-8 string @str at (@x, @y), clipped at @maxw cells or the edge; returns cells used. */
int tui_put(struct tui_screen *s, int x, int y, int maxw, enum tui_style st, const char *str);
/* Cells the UTF-8 string @str takes (one per code point). */
int tui_text_width(const char *str);
void tui_putc(struct tui_screen *s, int x, int y, enum tui_style st, uint32_t ch);
/* Restyle the cell at (@x, @y), if on screen. */
void tui_set_style(struct tui_screen *s, int x, int y, enum tui_style st);
/* Fill row @y from @x to the edge with style @st (keeping the characters). */
void tui_style_line(struct tui_screen *s, int x, int y, enum tui_style st);
/* Write the screen as text then a style map, to @path. 0 or -1 (reported). */
int tui_screen_dump(const struct tui_screen *s, const char *path);

#endif
