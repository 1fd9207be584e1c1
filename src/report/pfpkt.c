/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Perfetto trace packets (see pfpkt.h). Field numbers are Perfetto's public
 * schema, github.com/google/perfetto, protos/perfetto/trace/...; each is
 * cited with its file and declaration.
 */
#include "config.h"

#include <stdio.h>

#include "report/pb.h"
#include "report/pfpkt.h"

/* trace.proto: message Trace { repeated TracePacket packet = 1; } */
#define TRACE_PACKET 1
/* trace_packet.proto, message TracePacket */
#define PACKET_TIMESTAMP 8		/* optional uint64 timestamp = 8 */
#define PACKET_SEQUENCE_ID 10		/* uint32 trusted_packet_sequence_id = 10 */
#define PACKET_TRACK_EVENT 11		/* TrackEvent track_event = 11 */
#define PACKET_SEQUENCE_FLAGS 13	/* optional uint32 sequence_flags = 13 */
#define PACKET_TRACK_DESCRIPTOR 60	/* TrackDescriptor track_descriptor = 60 */
#define PACKET_FIRST_ON_SEQUENCE 87	/* optional bool first_packet_on_sequence = 87 */
#define SEQ_INCREMENTAL_STATE_CLEARED 1	/* enum SequenceFlags */
/* track_event/track_descriptor.proto, message TrackDescriptor */
#define TRACK_UUID 1			/* optional uint64 uuid = 1 */
#define TRACK_NAME 2			/* optional string name = 2 */
#define TRACK_PROCESS 3			/* optional ProcessDescriptor process = 3 */
#define TRACK_PARENT_UUID 5		/* optional uint64 parent_uuid = 5 */
#define TRACK_COUNTER 8			/* optional CounterDescriptor counter = 8 */
/* track_event/process_descriptor.proto, message ProcessDescriptor */
#define PROCESS_PID 1			/* optional int32 pid = 1 */
#define PROCESS_NAME 6			/* optional string process_name = 6 */
/* track_event/counter_descriptor.proto, message CounterDescriptor */
#define COUNTER_UNIT 3			/* optional Unit unit = 3 */
#define UNIT_COUNT 2			/* enum Unit { ... UNIT_COUNT = 2 } */
/* track_event/track_event.proto, message TrackEvent */
#define EVENT_DEBUG_ANNOTATIONS 4	/* repeated DebugAnnotation debug_annotations = 4 */
#define EVENT_TYPE 9			/* optional Type type = 9 */
#define EVENT_TRACK_UUID 11		/* optional uint64 track_uuid = 11 */
#define EVENT_CATEGORIES 22		/* repeated string categories = 22 */
#define EVENT_NAME 23			/* string name = 23 (oneof name_field) */
#define EVENT_COUNTER_VALUE 30		/* int64 counter_value = 30 (oneof counter_value_field) */
#define EVENT_FLOW_IDS 47		/* repeated fixed64 flow_ids = 47 */
#define EVENT_TERMINATING_FLOW_IDS 48	/* repeated fixed64 terminating_flow_ids = 48 */
enum {					/* enum Type */
	TYPE_SLICE_BEGIN = 1,
	TYPE_SLICE_END = 2,
	TYPE_INSTANT = 3,
	TYPE_COUNTER = 4,
};
/* track_event/debug_annotation.proto, message DebugAnnotation */
#define ANNOTATION_UINT 3		/* uint64 uint_value = 3 (oneof value) */
#define ANNOTATION_STRING 6		/* string string_value = 6 (oneof value) */
#define ANNOTATION_NAME 10		/* string name = 10 (oneof name_field) */

#define CATEGORY "schedhang"

void sh_pfpkt_init(struct sh_pfpkt *p, struct sh_buf *out, uint32_t seq)
{
	p->out = out;
	p->seq = seq;
	p->started = false;
}

/* Open a packet at *@ts (NULL: none) on the sequence; the first one clears its state. */
static size_t packet_open(struct sh_pfpkt *p, const uint64_t *ts)
{
	size_t mark = sh_pb_open(p->out, TRACE_PACKET);

	if (ts)
		sh_pb_uint(p->out, PACKET_TIMESTAMP, *ts);
	sh_pb_uint(p->out, PACKET_SEQUENCE_ID, p->seq);
	if (!p->started) {
		sh_pb_uint(p->out, PACKET_SEQUENCE_FLAGS, SEQ_INCREMENTAL_STATE_CLEARED);
		sh_pb_uint(p->out, PACKET_FIRST_ON_SEQUENCE, 1);
		p->started = true;
	}
	return mark;
}

void sh_pfpkt_start(struct sh_pfpkt *p)
{
	sh_pb_close(p->out, packet_open(p, NULL));
}

static size_t descriptor_open(struct sh_pfpkt *p, size_t *packet, uint64_t uuid, uint64_t parent,
			      const char *name)
{
	size_t mark;

	*packet = packet_open(p, NULL);
	mark = sh_pb_open(p->out, PACKET_TRACK_DESCRIPTOR);
	sh_pb_uint(p->out, TRACK_UUID, uuid);
	if (parent)
		sh_pb_uint(p->out, TRACK_PARENT_UUID, parent);
	if (name)
		sh_pb_str(p->out, TRACK_NAME, name);
	return mark;
}

void sh_pfpkt_process(struct sh_pfpkt *p, uint64_t uuid, int32_t pid, const char *name)
{
	size_t packet, desc = descriptor_open(p, &packet, uuid, 0, NULL);
	size_t proc = sh_pb_open(p->out, TRACK_PROCESS);

	sh_pb_int(p->out, PROCESS_PID, pid);
	sh_pb_str(p->out, PROCESS_NAME, name);
	sh_pb_close(p->out, proc);
	sh_pb_close(p->out, desc);
	sh_pb_close(p->out, packet);
}

void sh_pfpkt_track(struct sh_pfpkt *p, uint64_t uuid, uint64_t parent, const char *name)
{
	size_t packet, desc = descriptor_open(p, &packet, uuid, parent, name);

	sh_pb_close(p->out, desc);
	sh_pb_close(p->out, packet);
}

void sh_pfpkt_counter_track(struct sh_pfpkt *p, uint64_t uuid, uint64_t parent, const char *name)
{
	size_t packet, desc = descriptor_open(p, &packet, uuid, parent, name);
	size_t counter = sh_pb_open(p->out, TRACK_COUNTER);

	sh_pb_uint(p->out, COUNTER_UNIT, UNIT_COUNT);
	sh_pb_close(p->out, counter);
	sh_pb_close(p->out, desc);
	sh_pb_close(p->out, packet);
}

static void arg_add(struct sh_pfargs *a, const char *key, const char *sval, uint64_t uval)
{
	if (a->n >= sizeof(a->key) / sizeof(a->key[0]))
		return;
	a->key[a->n] = key;
	a->sval[a->n] = sval;
	a->uval[a->n] = uval;
	a->n++;
}

void sh_pfargs_str(struct sh_pfargs *a, const char *key, const char *val)
{
	if (val)
		arg_add(a, key, val, 0);
}

void sh_pfargs_uint(struct sh_pfargs *a, const char *key, uint64_t val)
{
	arg_add(a, key, NULL, val);
}

void sh_pfargs_event(struct sh_pfargs *a, const struct sh_event *ev)
{
	const struct sh_ev_desc *d = sh_ev_desc(ev->type);

	if (!d)
		return;
	for (unsigned i = 0; i < d->nfields; i++) {
		const char *name = d->fields[i].kind == SH_FK_E ? sh_enum_name(d->fields[i].table, ev->f[i]) : NULL;

		if (name)
			sh_pfargs_str(a, d->fields[i].name, name);
		else
			sh_pfargs_uint(a, d->fields[i].name, ev->f[i]);
	}
	for (unsigned i = 0; i < 2; i++)
		if (d->str_name[i])
			sh_pfargs_str(a, d->str_name[i], ev->str[i]);
	sh_pfargs_str(a, "comm", ev->comm);
	sh_pfargs_uint(a, "cpu", (uint64_t)ev->cpu);
}

static void write_args(struct sh_buf *b, const struct sh_pfargs *a)
{
	for (unsigned i = 0; a && i < a->n; i++) {
		size_t mark = sh_pb_open(b, EVENT_DEBUG_ANNOTATIONS);

		sh_pb_str(b, ANNOTATION_NAME, a->key[i]);
		if (a->sval[i])
			sh_pb_str(b, ANNOTATION_STRING, a->sval[i]);
		else
			sh_pb_uint(b, ANNOTATION_UINT, a->uval[i]);
		sh_pb_close(b, mark);
	}
}

/* One TrackEvent packet of @type; @e may leave name, args and flows unset. */
static void track_event(struct sh_pfpkt *p, int type, const struct sh_pfev *e, const int64_t *value)
{
	size_t packet = packet_open(p, &e->ts);
	size_t mark = sh_pb_open(p->out, PACKET_TRACK_EVENT);

	sh_pb_uint(p->out, EVENT_TYPE, (uint64_t)type);
	sh_pb_uint(p->out, EVENT_TRACK_UUID, e->track);
	if (type != TYPE_COUNTER && type != TYPE_SLICE_END)
		sh_pb_str(p->out, EVENT_CATEGORIES, CATEGORY);
	if (e->name)
		sh_pb_str(p->out, EVENT_NAME, e->name);
	if (value)
		sh_pb_int(p->out, EVENT_COUNTER_VALUE, *value);
	write_args(p->out, e->args);
	for (unsigned i = 0; i < e->nflows; i++)
		sh_pb_fixed64(p->out, EVENT_FLOW_IDS, e->flows[i]);
	for (unsigned i = 0; i < e->nend_flows; i++)
		sh_pb_fixed64(p->out, EVENT_TERMINATING_FLOW_IDS, e->end_flows[i]);
	sh_pb_close(p->out, mark);
	sh_pb_close(p->out, packet);
}

void sh_pfpkt_begin(struct sh_pfpkt *p, const struct sh_pfev *e)
{
	track_event(p, TYPE_SLICE_BEGIN, e, NULL);
}

void sh_pfpkt_end(struct sh_pfpkt *p, uint64_t ts, uint64_t track)
{
	struct sh_pfev e = { .ts = ts, .track = track };

	track_event(p, TYPE_SLICE_END, &e, NULL);
}

void sh_pfpkt_instant(struct sh_pfpkt *p, const struct sh_pfev *e)
{
	track_event(p, TYPE_INSTANT, e, NULL);
}

void sh_pfpkt_count(struct sh_pfpkt *p, uint64_t ts, uint64_t track, int64_t value)
{
	struct sh_pfev e = { .ts = ts, .track = track };

	track_event(p, TYPE_COUNTER, &e, &value);
}
