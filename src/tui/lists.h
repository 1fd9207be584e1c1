/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_LISTS_H
#define SH_TUI_LISTS_H

/* The findings and events panes, and the help screen drawn from the key table. */

#include "detect/finding.h"
#include "tui/timeline.h"
#include "tui/tui.h"

/* Draw a list pane into lines [@y0, @y0 + @height) of t->scr. */
void tui_draw_findings(struct tui *t, int y0, int height);
void tui_draw_events(struct tui *t, int y0, int height);

/* The full-screen key help. */
void tui_draw_help(struct tui *t);

/* Is the entry one of @f's evidence events? Returns the evidence, or NULL. */
const struct sh_evidence *tui_evidence_of(const struct sh_finding *f, const struct sh_tl_entry *x);

#endif
