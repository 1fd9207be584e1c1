/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_TEXT_H
#define SH_SOURCE_TEXT_H

/* Line-level pieces of the ftrace text reader, exposed for unit tests. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct sh_source;

/* The fixed part of an event line; pointers point into the line. */
struct sh_text_head {
	const char *buffer;		/* trace-cmd instance prefix, or NULL */
	size_t buffer_len;
	const char *comm, *comm_end;	/* [comm, comm_end) */
	int32_t pid, cpu;
	uint64_t ts;			/* ns */
	const char *name;		/* event name, name_len bytes */
	size_t name_len;
	const char *rest;		/* the event's own text */
};

/* Split @line ("COMM-PID [CPU] FLAGS TS: EVENT: TEXT"); false if it is not an event line. */
bool sh_text_parse_head(const char *line, struct sh_text_head *h);

/*
 * Decode @rest, the text of schema entry @si, into @ev (type, flags, f[],
 * str[] interned in @src). 0, or -1 when a required field is missing
 * (counted in @src).
 */
int sh_text_decode(struct sh_source *src, unsigned si, const char *rest, struct sh_event *ev);

#endif
