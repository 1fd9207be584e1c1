/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test-only babeltrace2 plugin `schedhangtest` with `source.schedhangtest.scenario`:
 * re-emits a schedhang scenario (an ftrace text trace, read by schedhang's
 * own text reader: no second parser) as babeltrace2 messages, so tests can
 * write it to CTF with sink.ctf.fs or feed it straight into the schedhang
 * plugin. Payload field names come from the schema table, as the CTF reader
 * expects them.
 *
 * Parameters:
 *   path    the text scenario (string, required)
 *   naming  "lttng" (default): LTTng-UST "schedhang:schedhang_push", LTTng-
 *           modules kernel names, tid/procname contexts;
 *           "perf": "system:event" names, perf_tid in the payload, no comm
 *   lost    "events" (default): discarded-events messages with the count;
 *           "packets": discarded-packets messages (the event count unknown)
 *
 * One stream per CPU, packet context cpu_id. A lost-events marker of the
 * scenario on CPU C ends C's packet there and emits a discarded-events
 * message spanning to the end of C's next packet, as CTF 1.8 can store it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <babeltrace2/babeltrace.h>

#include "read/schema.h"
#include "read/source.h"

BT_PLUGIN_MODULE();
BT_PLUGIN(schedhangtest);
BT_PLUGIN_DESCRIPTION("schedhang test fixtures (not installed)");

struct scen {
	struct sh_source *src;		/* owned; the events borrow its strings */
	struct sh_event *evs;		/* owned */
	size_t nev;
	int ncpus;
	bool perf;
	bool lost_packets;		/* markers as discarded packets */
	bt_trace_class *tc;		/* owned reference */
	bt_stream_class *sc;		/* borrowed from tc */
	bt_event_class **ecs;		/* owned array of borrowed classes, per schema entry */
};

struct cpu_state {
	bt_stream *stream;		/* owned reference */
	bt_packet *packet;		/* owned reference */
	size_t next_lost;		/* index in evs of this CPU's next marker search */
};

struct iter {
	struct scen *sc;		/* borrowed from the component */
	bt_trace *trace;		/* owned reference */
	struct cpu_state *cpus;		/* owned */
	const bt_message **msgs;	/* owned references, all built up front */
	size_t nmsgs, cap, pos;
};

/* An integer class of @bits bits (the reader takes any width and sign-extends). */
static bt_field_class *int_class(bt_trace_class *tc, bool is_signed, unsigned bits, bool hex)
{
	bt_field_class *fc = is_signed ? bt_field_class_integer_signed_create(tc)
				       : bt_field_class_integer_unsigned_create(tc);

	if (fc)
		bt_field_class_integer_set_field_value_range(fc, bits);
	if (fc && hex)
		bt_field_class_integer_set_preferred_display_base(fc,
			BT_FIELD_CLASS_INTEGER_PREFERRED_DISPLAY_BASE_HEXADECIMAL);
	return fc;
}

static int add_member(bt_field_class *st, const char *name, bt_field_class *fc)
{
	int r = fc && bt_field_class_structure_append_member(st, name, fc) ==
		BT_FIELD_CLASS_STRUCTURE_APPEND_MEMBER_STATUS_OK ? 0 : -1;

	bt_field_class_put_ref(fc);
	return r;
}

/* The schema entry to write @ev as. */
static int entry_for(const struct scen *s, const struct sh_event *ev)
{
	int best = -1;

	for (unsigned i = 0; i < sh_schema_count(); i++) {
		const struct sh_schema_event *se = sh_schema_at(i);
		bool lttng = strcmp(se->system, SH_SCHEMA_LTTNG_SYSTEM) == 0;

		if (se->type != ev->type ||
		    (se->flags & (SH_EVF_STOCK_OLD | SH_EVF_STOCK_NEW)) !=
			    (ev->flags & (SH_EVF_STOCK_OLD | SH_EVF_STOCK_NEW)) ||
		    (se->const_slot >= 0 && ev->f[se->const_slot] != se->const_val) ||
		    (lttng && s->perf))
			continue;
		if (best < 0 || lttng)
			best = (int)i;
	}
	return best;
}

static bt_event_class *make_event_class(struct scen *s, unsigned si)
{
	const struct sh_schema_event *se = sh_schema_at(si);
	const struct sh_ev_desc *d = sh_ev_desc(se->type);
	bt_event_class *ec = bt_event_class_create(s->sc);
	bt_field_class *p = bt_field_class_structure_create(s->tc);
	char name[128];
	int r = ec && p ? 0 : -1;

	if (s->perf || se->type <= SH_EV_STATE)
		snprintf(name, sizeof(name), "%s:%s", se->system, se->event);
	else
		snprintf(name, sizeof(name), "%s", se->event);
	if (r == 0 && s->perf)
		r = add_member(p, "perf_tid", int_class(s->tc, true, 32, false));
	for (unsigned i = 0; r == 0 && i < se->nfields; i++) {
		const struct sh_schema_field *f = &se->fields[i];

		if (f->conv == SH_CV_STR || f->conv == SH_CV_FUNC)
			r = add_member(p, f->kname, bt_field_class_string_create(s->tc));
		else
			r = add_member(p, f->kname, int_class(s->tc, d->fields[f->slot].kind == SH_FK_S, 64,
							     d->fields[f->slot].kind == SH_FK_X));
	}
	if (r == 0 && (bt_event_class_set_name(ec, name) != BT_EVENT_CLASS_SET_NAME_STATUS_OK ||
		       bt_event_class_set_payload_field_class(ec, p) !=
			       BT_EVENT_CLASS_SET_FIELD_CLASS_STATUS_OK))
		r = -1;
	bt_field_class_put_ref(p);
	if (r < 0) {
		bt_event_class_put_ref(ec);
		return NULL;
	}
	bt_event_class_put_ref(ec);	/* the stream class keeps it */
	return ec;
}

static int make_classes(struct scen *s, bt_self_component *self)
{
	bt_clock_class *cc;
	bt_field_class *pc, *cctx;
	int r;

	s->tc = bt_trace_class_create(self);
	if (!s->tc || !(s->sc = bt_stream_class_create(s->tc)))
		return -1;
	cc = bt_clock_class_create(self);
	if (!cc)
		return -1;
	bt_clock_class_set_origin_is_unix_epoch(cc, BT_FALSE);
	r = bt_clock_class_set_name(cc, "monotonic") == BT_CLOCK_CLASS_SET_NAME_STATUS_OK &&
	    bt_stream_class_set_default_clock_class(s->sc, cc) ==
		    BT_STREAM_CLASS_SET_DEFAULT_CLOCK_CLASS_STATUS_OK ? 0 : -1;
	bt_clock_class_put_ref(cc);
	if (r < 0)
		return -1;
	bt_stream_class_set_supports_packets(s->sc, BT_TRUE, BT_TRUE, BT_TRUE);
	bt_stream_class_set_supports_discarded_events(s->sc, BT_TRUE, BT_TRUE);
	bt_stream_class_set_supports_discarded_packets(s->sc, BT_TRUE, BT_TRUE);
	pc = bt_field_class_structure_create(s->tc);
	r = pc && add_member(pc, "cpu_id", int_class(s->tc, false, 32, false)) == 0 &&
	    bt_stream_class_set_packet_context_field_class(s->sc, pc) ==
		    BT_STREAM_CLASS_SET_FIELD_CLASS_STATUS_OK ? 0 : -1;
	bt_field_class_put_ref(pc);
	if (r < 0 || s->perf)
		return r;
	cctx = bt_field_class_structure_create(s->tc);
	r = cctx && add_member(cctx, "tid", int_class(s->tc, true, 32, false)) == 0 &&
	    add_member(cctx, "procname", bt_field_class_string_create(s->tc)) == 0 &&
	    bt_stream_class_set_event_common_context_field_class(s->sc, cctx) ==
		    BT_STREAM_CLASS_SET_FIELD_CLASS_STATUS_OK ? 0 : -1;
	bt_field_class_put_ref(cctx);
	return r;
}

static int read_scenario(struct scen *s, const char *path)
{
	struct sh_event ev;
	int r;

	s->src = sh_source_open(path, SH_INPUT_TEXT);
	if (!s->src)
		return -1;
	while ((r = sh_source_next(s->src, &ev)) > 0) {
		struct sh_event *e = realloc(s->evs, (s->nev + 1) * sizeof(*e));

		if (!e)
			return -1;
		s->evs = e;
		s->evs[s->nev++] = ev;
		if (ev.cpu + 1 > s->ncpus)
			s->ncpus = ev.cpu + 1;
	}
	if (sh_source_info(s->src)->ncpus > s->ncpus)
		s->ncpus = sh_source_info(s->src)->ncpus;
	return r;
}

static void scen_free(struct scen *s)
{
	if (!s)
		return;
	bt_trace_class_put_ref(s->tc);
	sh_source_free(s->src);
	free(s->evs);
	free(s->ecs);
	free(s);
}

static bt_component_class_initialize_method_status scen_init(
	bt_self_component_source *self, bt_self_component_source_configuration *config,
	const bt_value *params, void *data)
{
	const bt_value *path = bt_value_map_borrow_entry_value_const(params, "path");
	const bt_value *naming = bt_value_map_borrow_entry_value_const(params, "naming");
	const bt_value *lost = bt_value_map_borrow_entry_value_const(params, "lost");
	struct scen *s = calloc(1, sizeof(*s));

	if (!s || !path || !bt_value_is_string(path))
		goto fail;
	s->perf = naming && bt_value_is_string(naming) &&
		  strcmp(bt_value_string_get(naming), "perf") == 0;
	s->lost_packets = lost && bt_value_is_string(lost) &&
			  strcmp(bt_value_string_get(lost), "packets") == 0;
	s->ecs = calloc(sh_schema_count(), sizeof(*s->ecs));
	if (!s->ecs || read_scenario(s, bt_value_string_get(path)) < 0 ||
	    make_classes(s, bt_self_component_source_as_self_component(self)) < 0 ||
	    bt_self_component_source_add_output_port(self, "out", NULL, NULL) !=
		    BT_SELF_COMPONENT_ADD_PORT_STATUS_OK)
		goto fail;
	bt_self_component_set_data(bt_self_component_source_as_self_component(self), s);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
fail:
	scen_free(s);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
}

static void scen_finalize(bt_self_component_source *self)
{
	scen_free(bt_self_component_get_data(bt_self_component_source_as_self_component(self)));
}

static int push(struct iter *it, bt_message *m)
{
	if (!m)
		return -1;
	if (it->nmsgs == it->cap) {
		size_t n = it->cap ? it->cap * 2 : 256;
		const bt_message **p = realloc(it->msgs, n * sizeof(*p));

		if (!p) {
			bt_message_put_ref(m);
			return -1;
		}
		it->msgs = p;
		it->cap = n;
	}
	it->msgs[it->nmsgs++] = m;
	return 0;
}

static int begin_packet(struct iter *it, bt_self_message_iterator *self, int cpu, uint64_t ts)
{
	struct cpu_state *c = &it->cpus[cpu];

	bt_packet_put_ref(c->packet);
	c->packet = bt_packet_create(c->stream);
	if (!c->packet)
		return -1;
	bt_field_integer_unsigned_set_value(bt_field_structure_borrow_member_field_by_index(
		bt_packet_borrow_context_field(c->packet), 0), (uint64_t)cpu);
	return push(it, bt_message_packet_beginning_create_with_default_clock_snapshot(
		self, c->packet, ts));
}

/* Where CPU @cpu's packet that is open at event @from ends: its next marker, or the end. */
static uint64_t packet_end(const struct scen *s, int cpu, size_t from)
{
	for (size_t i = from; i < s->nev; i++)
		if (s->evs[i].type == SH_EV_LOST && s->evs[i].cpu == cpu)
			return s->evs[i].ts;
	return s->nev ? s->evs[s->nev - 1].ts : 0;
}

static int emit_lost(struct iter *it, bt_self_message_iterator *self, size_t i)
{
	const struct sh_event *ev = &it->sc->evs[i];
	struct cpu_state *c;
	bt_message *m;

	if (ev->cpu < 0 || ev->cpu >= it->sc->ncpus)
		return -1;	/* CTF has no stream for an unknown CPU's loss */
	c = &it->cpus[ev->cpu];
	if (push(it, bt_message_packet_end_create_with_default_clock_snapshot(self, c->packet,
									      ev->ts)) < 0)
		return -1;
	if (it->sc->lost_packets) {
		m = bt_message_discarded_packets_create_with_default_clock_snapshots(
			self, c->stream, ev->ts, packet_end(it->sc, ev->cpu, i + 1));
		if (m)
			bt_message_discarded_packets_set_count(m, 1);
		if (push(it, m) < 0)
			return -1;
		return begin_packet(it, self, ev->cpu, ev->ts);
	}
	m = bt_message_discarded_events_create_with_default_clock_snapshots(
		self, c->stream, ev->ts, packet_end(it->sc, ev->cpu, i + 1));
	if (m && ev->lost.count)
		bt_message_discarded_events_set_count(m, ev->lost.count);
	if (push(it, m) < 0)
		return -1;
	return begin_packet(it, self, ev->cpu, ev->ts);
}

static int emit_event(struct iter *it, bt_self_message_iterator *self, const struct sh_event *ev)
{
	struct scen *s = it->sc;
	int si = entry_for(s, ev);
	const struct sh_schema_event *se;
	bt_message *m;
	bt_event *e;
	bt_field *p;
	unsigned base = s->perf ? 1 : 0;

	if (si < 0 || ev->cpu < 0 || ev->cpu >= s->ncpus)
		return -1;
	if (!s->ecs[si] && !(s->ecs[si] = make_event_class(s, (unsigned)si)))
		return -1;
	se = sh_schema_at((unsigned)si);
	m = bt_message_event_create_with_packet_and_default_clock_snapshot(
		self, s->ecs[si], it->cpus[ev->cpu].packet, ev->ts);
	if (!m)
		return -1;
	e = bt_message_event_borrow_event(m);
	p = bt_event_borrow_payload_field(e);
	if (s->perf) {
		bt_field_integer_signed_set_value(bt_field_structure_borrow_member_field_by_index(p, 0),
						  ev->pid);
	} else {
		bt_field *ctx = bt_event_borrow_common_context_field(e);

		bt_field_integer_signed_set_value(bt_field_structure_borrow_member_field_by_index(ctx, 0),
						  ev->pid);
		bt_field_string_set_value(bt_field_structure_borrow_member_field_by_index(ctx, 1),
					  ev->comm ? ev->comm : "");
	}
	for (unsigned i = 0; i < se->nfields; i++) {
		const struct sh_schema_field *f = &se->fields[i];
		bt_field *fld = bt_field_structure_borrow_member_field_by_index(p, base + i);
		const char *str = f->conv == SH_CV_FUNC ? ev->str[1] :
				  f->conv == SH_CV_STR ? ev->str[f->slot] : NULL;

		if (f->conv == SH_CV_STR || f->conv == SH_CV_FUNC)
			bt_field_string_set_value(fld, str ? str : "");
		else if (bt_field_get_class_type(fld) == BT_FIELD_CLASS_TYPE_SIGNED_INTEGER)
			bt_field_integer_signed_set_value(fld, (int64_t)ev->f[f->slot]);
		else
			bt_field_integer_unsigned_set_value(fld, ev->f[f->slot]);
	}
	return push(it, m);
}

static int build(struct iter *it, bt_self_message_iterator *self)
{
	struct scen *s = it->sc;
	uint64_t first = s->nev ? s->evs[0].ts : 0, last = s->nev ? s->evs[s->nev - 1].ts : 0;

	for (int c = 0; c < s->ncpus; c++) {
		it->cpus[c].stream = bt_stream_create(s->sc, it->trace);
		if (!it->cpus[c].stream ||
		    push(it, bt_message_stream_beginning_create(self, it->cpus[c].stream)) < 0 ||
		    begin_packet(it, self, c, first) < 0)
			return -1;
	}
	for (size_t i = 0; i < s->nev; i++) {
		int r = s->evs[i].type == SH_EV_LOST ? emit_lost(it, self, i)
						     : emit_event(it, self, &s->evs[i]);

		if (r < 0)
			return -1;
	}
	for (int c = 0; c < s->ncpus; c++)
		if (push(it, bt_message_packet_end_create_with_default_clock_snapshot(
				     self, it->cpus[c].packet, last)) < 0 ||
		    push(it, bt_message_stream_end_create(self, it->cpus[c].stream)) < 0)
			return -1;
	return 0;
}

static void iter_fini(bt_self_message_iterator *self)
{
	struct iter *it = bt_self_message_iterator_get_data(self);

	if (!it)
		return;
	for (size_t i = it->pos; i < it->nmsgs; i++)
		bt_message_put_ref(it->msgs[i]);
	for (int c = 0; it->cpus && c < it->sc->ncpus; c++) {
		bt_packet_put_ref(it->cpus[c].packet);
		bt_stream_put_ref(it->cpus[c].stream);
	}
	bt_trace_put_ref(it->trace);
	free(it->cpus);
	free(it->msgs);
	free(it);
}

static bt_message_iterator_class_initialize_method_status iter_init(
	bt_self_message_iterator *self, bt_self_message_iterator_configuration *config,
	bt_self_component_port_output *port)
{
	struct iter *it = calloc(1, sizeof(*it));

	if (!it)
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	bt_self_message_iterator_set_data(self, it);
	it->sc = bt_self_component_get_data(bt_self_message_iterator_borrow_component(self));
	it->trace = bt_trace_create(it->sc->tc);
	it->cpus = calloc((size_t)it->sc->ncpus + 1, sizeof(*it->cpus));
	if (!it->trace || !it->cpus || build(it, self) < 0) {
		iter_fini(self);
		bt_self_message_iterator_set_data(self, NULL);
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	}
	return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

static bt_message_iterator_class_next_method_status iter_next(
	bt_self_message_iterator *self, bt_message_array_const msgs, uint64_t capacity,
	uint64_t *count)
{
	struct iter *it = bt_self_message_iterator_get_data(self);
	uint64_t n = 0;

	if (it->pos == it->nmsgs)
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_END;
	while (n < capacity && it->pos < it->nmsgs)
		msgs[n++] = it->msgs[it->pos++];
	*count = n;
	return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_OK;
}

BT_PLUGIN_SOURCE_COMPONENT_CLASS(scenario, iter_next);
BT_PLUGIN_SOURCE_COMPONENT_CLASS_DESCRIPTION(scenario,
	"Emit a schedhang text scenario as CTF-like events (test fixture).");
BT_PLUGIN_SOURCE_COMPONENT_CLASS_HELP(scenario,
	"Parameters: path=TEXT-TRACE (required), naming=\"lttng\" (default) or \"perf\",\n"
	"lost=\"events\" (default) or \"packets\".");
BT_PLUGIN_SOURCE_COMPONENT_CLASS_INITIALIZE_METHOD(scenario, scen_init);
BT_PLUGIN_SOURCE_COMPONENT_CLASS_FINALIZE_METHOD(scenario, scen_finalize);
BT_PLUGIN_SOURCE_COMPONENT_CLASS_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD(scenario, iter_init);
BT_PLUGIN_SOURCE_COMPONENT_CLASS_MESSAGE_ITERATOR_CLASS_FINALIZE_METHOD(scenario, iter_fini);
