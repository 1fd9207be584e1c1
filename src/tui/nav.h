/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_NAV_H
#define SH_TUI_NAV_H

/* Navigation used by the keys and the views: window, cursor, filter, jumps, search. */

#include <stdbool.h>
#include <stdint.h>

#include "tui/timeline.h"
#include "tui/tui.h"

/* Show [@t0, @t0 + @span), clamped to the trace and to at least 1 ns per column. */
void tui_set_window(struct tui *t, uint64_t t0, uint64_t span);
/*
 * Show a window of @span with time @at in the middle of graph column @col
 * (zooming around the cursor or the mouse keeps what is there in place).
 */
void tui_zoom_at(struct tui *t, uint64_t span, uint64_t at, int col);
/* The time graph column @col starts at. */
uint64_t tui_time_of_col(const struct tui *t, int col);
/* Move the cursor (panning to keep it visible); the events pane follows it. */
void tui_set_cursor(struct tui *t, uint64_t ts);
/* Show only the rows @filter names ("" = all): a scheduler name or id, an entity id or ectx. */
void tui_set_filter(struct tui *t, const char *filter);
/*
 * Select finding @idx and zoom so that its evidence fills the window with a
 * margin (the evidence near the stall: a lone late event such as the kill
 * that ended it is left out), the cursor and the events pane on its first
 * evidence event; with @whole, zoom to the finding's whole span instead.
 */
void tui_jump_finding(struct tui *t, int idx, bool whole);
/* The evidence window of finding @f: [*@from, *@to]; false when it cites no event. */
bool tui_evidence_span(const struct sh_finding *f, uint64_t *from, uint64_t *to);
/* Select the next / previous event matching t->query; false (with a message) when none. */
bool tui_search(struct tui *t, bool forward);
/* Open the job view for the job of entry @p, or say why not. */
void tui_open_job_at(struct tui *t, struct sh_tl_pos p);

#endif
