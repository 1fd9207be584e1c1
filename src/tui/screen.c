/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The cell buffer the views draw into: curses copies it, the script runner dumps it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "tui/screen.h"
#include "tui/tui.h"

const struct tui_glyphs tui_glyphs_utf8 = {
	.level = { ' ', 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588 },
	.idle = ' ', .idle_active = 0x00b7, .queued = 0x2592, .running = 0x2588,
	.entity_running = 0x2550, .not_first = '!', .cursor = 0x2502, .tick = 0x2575,
	.fold_open = 0x25be, .fold_closed = 0x25b8, .hline = 0x2500, .more = 0x2026,
};

const struct tui_glyphs tui_glyphs_ascii = {
	.level = { ' ', '1', '2', '3', '4', '5', '6', '7', '#' },
	.idle = ' ', .idle_active = '.', .queued = ':', .running = '#',
	.entity_running = '=', .not_first = '!', .cursor = '|', .tick = '|',
	.fold_open = '-', .fold_closed = '+', .hline = '-', .more = '~',
};

int tui_screen_resize(struct tui_screen *s, int cols, int rows)
{
	struct tui_cell *c;

	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	c = calloc((size_t)cols * (size_t)rows, sizeof(*c));
	if (!c)
		return sh_error("out of memory for a %dx%d screen", cols, rows);
	free(s->cells);
	s->cells = c;
	s->cols = cols;
	s->rows = rows;
	tui_screen_clear(s);
	return 0;
}

void tui_screen_release(struct tui_screen *s)
{
	free(s->cells);
	s->cells = NULL;
	s->cols = s->rows = 0;
}

void tui_screen_clear(struct tui_screen *s)
{
	for (int i = 0; i < s->cols * s->rows; i++)
		s->cells[i] = (struct tui_cell){ ' ', TS_NORMAL };
}

void tui_putc(struct tui_screen *s, int x, int y, enum tui_style st, uint32_t ch)
{
	if (x < 0 || y < 0 || x >= s->cols || y >= s->rows)
		return;
	s->cells[y * s->cols + x] = (struct tui_cell){ ch, (uint8_t)st };
}

/* Decode one UTF-8 sequence at @p; invalid bytes decode as '?'. */
static uint32_t utf8_next(const unsigned char **p)
{
	const unsigned char *q = *p;
	uint32_t c = *q++;
	int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

	if (c >= 0x80 && c < 0xc0) {
		*p = q;
		return '?';
	}
	if (more)
		c &= 0x3f >> more;
	while (more-- > 0) {
		if ((*q & 0xc0) != 0x80) {
			*p = q;
			return '?';
		}
		c = c << 6 | (*q++ & 0x3f);
	}
	*p = q;
	return c < 0x20 ? '?' : c;
}

int tui_text_width(const char *str)
{
	const unsigned char *p = (const unsigned char *)str;
	int n = 0;

	for (; *p; n++)
		utf8_next(&p);
	return n;
}

int tui_put(struct tui_screen *s, int x, int y, int maxw, enum tui_style st, const char *str)
{
	const unsigned char *p = (const unsigned char *)str;
	int n = 0;

	while (*p && n < maxw && x + n < s->cols)
		tui_putc(s, x + n++, y, st, utf8_next(&p));
	return n;
}

void tui_set_style(struct tui_screen *s, int x, int y, enum tui_style st)
{
	if (x >= 0 && y >= 0 && x < s->cols && y < s->rows)
		s->cells[y * s->cols + x].style = (uint8_t)st;
}

void tui_style_line(struct tui_screen *s, int x, int y, enum tui_style st)
{
	for (; y >= 0 && y < s->rows && x < s->cols; x++)
		if (x >= 0)
			s->cells[y * s->cols + x].style = (uint8_t)st;
}

static void put_utf8(FILE *fp, uint32_t c)
{
	if (c < 0x80) {
		fputc((int)c, fp);
	} else if (c < 0x800) {
		fputc((int)(0xc0 | c >> 6), fp);
		fputc((int)(0x80 | (c & 0x3f)), fp);
	} else {
		fputc((int)(0xe0 | c >> 12), fp);
		fputc((int)(0x80 | (c >> 6 & 0x3f)), fp);
		fputc((int)(0x80 | (c & 0x3f)), fp);
	}
}

static const char style_letter[] = {
#define TUI_X(id, c) c,
	TUI_STYLES(TUI_X)
#undef TUI_X
};

/* One line: text (trailing blanks dropped) or style letters (trailing '.' dropped). */
static void dump_line(FILE *fp, const struct tui_cell *c, int cols, bool styles)
{
	int end = cols;

	while (end > 0 && (styles ? c[end - 1].style == TS_NORMAL : c[end - 1].ch == ' '))
		end--;
	for (int x = 0; x < end; x++) {
		if (styles)
			fputc(style_letter[c[x].style], fp);
		else
			put_utf8(fp, c[x].ch);
	}
	fputc('\n', fp);
}

int tui_screen_dump(const struct tui_screen *s, const char *path)
{
	FILE *fp = fopen(path, "w");

	if (!fp)
		return sh_error("cannot write screen dump '%s': %s", path, strerror(errno));
	for (int y = 0; y < s->rows; y++)
		dump_line(fp, &s->cells[y * s->cols], s->cols, false);
	fputs("-- styles --\n", fp);
	for (int y = 0; y < s->rows; y++)
		dump_line(fp, &s->cells[y * s->cols], s->cols, true);
	if (fclose(fp) != 0)
		return sh_error("cannot write screen dump '%s': %s", path, strerror(errno));
	return 0;
}
