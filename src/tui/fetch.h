/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_FETCH_H
#define SH_TUI_FETCH_H

/*
 * The whole event behind a timeline index entry, read again from the trace on
 * demand: the index keeps 20 bytes an event, not the event, so the events
 * pane fetches the fields of the few events it draws. A second source over
 * the same input is kept open with its position: an entry at or after it is
 * read forward, an earlier one reopens the input from its start. The last
 * fetched events are cached so that redraws read nothing.
 *
 * An entry is found by its time, CPU and type among the events the filter
 * selects, as the loader indexed them. An input that cannot be read twice
 * (standard input, a pipe) has no fetcher: the pane keeps the index's fields.
 */

#include <stdbool.h>

#include "core/event.h"
#include "core/filter.h"
#include "read/source.h"
#include "tui/timeline.h"

struct tui_fetch;

/*
 * A fetcher of @path's events, read as @fmt through @filt (borrowed: it must
 * outlive the fetcher; NULL selects everything). Opens nothing yet. NULL when
 * @path cannot be read twice ("-", a pipe) or out of memory (not reported).
 */
struct tui_fetch *tui_fetch_new(const char *path, enum sh_input_format fmt, const struct sh_filter *filt);
/*
 * Keep @ev, which the load has just indexed as @x, so that fetching @x
 * reads nothing: the load hands over its first events (as many as the
 * cache holds), which the first screen draws, before any second reading of
 * the trace. For sh_timeline_observe(), @ctx being the struct tui_fetch.
 */
void tui_fetch_keep(void *ctx, const struct sh_event *ev, const struct sh_tl_entry *x);

/* Close the source and free the cache. NULL is fine. */
void tui_fetch_free(struct tui_fetch *f);

/*
 * The event indexed as @x into *@ev, borrowed from @f until the next call: 1
 * found, 0 not in the trace (an event indexed at a later time than its own,
 * say), -1 read error (reported; the fetcher is unusable after it).
 */
int tui_fetch_event(struct tui_fetch *f, const struct sh_tl_entry *x, const struct sh_event **ev);

#endif
