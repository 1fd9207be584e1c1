/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_TERM_H
#define SH_TUI_TERM_H

/* The terminal front end (term.c, the only file that includes curses). */

#include <stdbool.h>
#include <stdint.h>

#include "tui/tui.h"

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
