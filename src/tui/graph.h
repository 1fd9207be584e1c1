/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_GRAPH_H
#define SH_TUI_GRAPH_H

/* The timeline pane: one row per scheduler worker and entity, a ruler, the cursor. */

#include <stdint.h>

#include "core/buf.h"
#include "tui/tui.h"

/* Recompute the visible rows from the folds and the filter. */
void tui_rebuild_rows(struct tui *t);

/* Draw the ruler and the rows into lines [@y0, @y0 + @height) of t->scr. */
void tui_draw_timeline(struct tui *t, int y0, int height);

/* Column of time @ts in the graph, or -1 when outside the window. */
int tui_col_of(const struct tui *t, uint64_t ts);

/* First screen column of the graph (after the row labels), and its width. */
int tui_graph_x(const struct tui *t);
int tui_graph_w(const struct tui *t);

/* Put @s in the @w cells at (@x, @y), its end replaced by an ellipsis when it is longer. */
void tui_put_clipped(struct tui *t, int x, int y, int w, enum tui_style st, const char *s);

/* "1.900005" (us) or ns with -t */
void tui_fmt_ts(const struct tui *t, struct sh_buf *b, uint64_t ts);

/* Row name for display: scheduler name or id, entity "ectx N" */
void tui_row_name(const struct tui *t, unsigned row, struct sh_buf *b);

#endif
