/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_DAT_DECODE_H
#define SH_SOURCE_DAT_DECODE_H

/*
 * Inside the trace.dat reader: turning one raw ring-buffer event of a tep
 * (an event id, the common fields, the payload) into a normalized event.
 * Each event id is resolved once into a plan of (offset, size, slot)
 * entries; the per-record path reads numbers at those offsets with one
 * bounds check and interns strings, with no allocation once warm.
 */

#include <stdbool.h>
#include <stdint.h>

#include <event-parse.h>

#include "read/source-impl.h"

struct sh_dat_dec;

/* A decoder of @tep's records (borrowed: outlives it) for @src (borrowed). NULL: no memory. */
struct sh_dat_dec *sh_dat_dec_new(struct sh_source *src, struct tep_handle *tep);

void sh_dat_dec_free(struct sh_dat_dec *dec);

/*
 * Decode the @size-byte record @data (time @ts, CPU @cpu) into @ev: true if it
 * maps to a schedhang event. Raw, unknown and dropped records are counted
 * in the source's info.
 */
bool sh_dat_dec_record(struct sh_dat_dec *dec, uint64_t ts, const void *data, unsigned size,
		       int cpu, struct sh_event *ev);

#endif
