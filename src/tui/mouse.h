/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_MOUSE_H
#define SH_TUI_MOUSE_H

/*
 * The mouse, without curses: term.c turns curses mouse events into these
 * calls, the headless scripts ("click X Y", "wheel up|down X Y") too, so
 * what a click does is tested without a terminal. Coordinates are screen
 * cells from 0, as drawn by the last tui_draw().
 */

#include "tui/tui.h"

enum tui_mouse {
	TUI_MOUSE_CLICK,	/* button 1 */
	TUI_MOUSE_WHEEL_UP,	/* button 4: zoom in over the timeline, scroll up over a list */
	TUI_MOUSE_WHEEL_DOWN,	/* button 5 */
};

/*
 * A click on the timeline selects the row and moves the cursor to the time
 * under it (the ruler: the time only); on the pane header, switches to the
 * findings or the events list; on a finding, selects it and zooms to its
 * evidence; on an event, selects it. The wheel zooms the timeline 2x keeping
 * the time under the pointer in place, and scrolls the lists.
 */
void tui_mouse(struct tui *t, enum tui_mouse what, int x, int y);

#endif
