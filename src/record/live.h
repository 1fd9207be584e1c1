/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_LIVE_H
#define SH_LIVE_H

/* The flight recorder's live analysis of the recorded pages (--stop-on-stall). */

#include <stddef.h>
#include <stdint.h>

#include "record/evlist.h"


struct sh_live;

/* Live analysis of the recorded pages (record-live.c): see there for the watermark. */
struct sh_live *sh_live_new(const struct sh_evlist *ev, unsigned ncpus, const char *clock,
			    uint64_t stall_ns);
void sh_live_free(struct sh_live *l);
/* The trace clock now in ns, 0 when user space cannot read it. */
uint64_t sh_live_now(const struct sh_live *l);
/* Decode one raw page of @cpu (borrowed for the call) into @cpu's queue. -1 out of memory. */
int sh_live_page(struct sh_live *l, unsigned cpu, void *page);
/* This round stopped reading @cpu before it was empty. */
void sh_live_behind(struct sh_live *l, unsigned cpu);
/* Feed what the watermark allows (@t0: sh_live_now() before the round); 1 on a stall, -1 on error. */
int sh_live_advance(struct sh_live *l, uint64_t t0);
/* The stall that stopped the recording, into @buf; 0 when none. */
int sh_live_describe(const struct sh_live *l, char *buf, size_t size);

#endif
