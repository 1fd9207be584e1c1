/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_FORMAT_H
#define SH_FORMAT_H

/* Times, durations and event fields printed the same way by every output. */

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/event.h"

/* "812.000101" (seconds, us) or "812.000101123" (@ns). */
void sh_format_ts(struct sh_buf *b, uint64_t ts, bool ns);
/* "3.250 ms", "12.3 us", "1.500 s" */
void sh_format_duration(struct sh_buf *b, uint64_t ns);
/* An event's fields as "name=value ..." (pointers 0x.., enums by name). */
void sh_format_fields(struct sh_buf *b, const struct sh_event *ev);
/*
 * True when the user asked for no colour: NO_COLOR set and not empty
 * (https://no-color.org). An explicit --color always still wins.
 */
bool sh_format_no_color(void);

#endif
