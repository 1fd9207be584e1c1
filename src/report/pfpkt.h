/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_PFPKT_H
#define SH_PFPKT_H

/*
 * Perfetto trace packets (libc only): track descriptors and track events,
 * appended to a buffer as the fields of a perfetto.protos.Trace (one
 * TracePacket per call). All packets are on one trusted packet sequence,
 * with absolute timestamps in the trace's own clock (ns) and no interned
 * data, so they may be written in any time order: trace_processor sorts them.
 * The field numbers, with the schema files they come from, are in pfpkt.c.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/event.h"

struct sh_pfpkt {
	struct sh_buf *out;	/* borrowed: where packets go */
	uint32_t seq;		/* trusted_packet_sequence_id */
	bool started;		/* the sequence's first packet was written */
};

/* Write to @out on sequence @seq (nonzero). */
void sh_pfpkt_init(struct sh_pfpkt *p, struct sh_buf *out, uint32_t seq);

/* The sequence's first packet, with nothing but the sequence's flags (clearing its state). */
void sh_pfpkt_start(struct sh_pfpkt *p);
/* A process track @uuid, process @pid named @name (a scheduler). */
void sh_pfpkt_process(struct sh_pfpkt *p, uint64_t uuid, int32_t pid, const char *name);
/* A track @uuid named @name under @parent (0: none). */
void sh_pfpkt_track(struct sh_pfpkt *p, uint64_t uuid, uint64_t parent, const char *name);
/* A counter track (unit: count) @uuid named @name under @parent. */
void sh_pfpkt_counter_track(struct sh_pfpkt *p, uint64_t uuid, uint64_t parent, const char *name);

/* Key-value arguments of one event (TrackEvent.debug_annotations). */
struct sh_pfargs {
	const char *key[24];
	const char *sval[24];	/* string value, or NULL: uval */
	uint64_t uval[24];
	unsigned n;
};

void sh_pfargs_str(struct sh_pfargs *a, const char *key, const char *val);
void sh_pfargs_uint(struct sh_pfargs *a, const char *key, uint64_t val);
/* The fields of @ev (sh_ev_desc()), enumerations by name. */
void sh_pfargs_event(struct sh_pfargs *a, const struct sh_event *ev);

/* What a track event is, with its flows (NULL/0: none). */
struct sh_pfev {
	uint64_t ts, track;
	const char *name;		/* NULL for slice ends and counters */
	const struct sh_pfargs *args;	/* borrowed, or NULL */
	const uint64_t *flows;		/* flow_ids */
	unsigned nflows;
	const uint64_t *end_flows;	/* terminating_flow_ids */
	unsigned nend_flows;
};

void sh_pfpkt_begin(struct sh_pfpkt *p, const struct sh_pfev *e);
void sh_pfpkt_end(struct sh_pfpkt *p, uint64_t ts, uint64_t track);
void sh_pfpkt_instant(struct sh_pfpkt *p, const struct sh_pfev *e);
void sh_pfpkt_count(struct sh_pfpkt *p, uint64_t ts, uint64_t track, int64_t value);

#endif
