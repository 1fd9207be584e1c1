/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * filter.schedhang.findings: forward every message and, when the input ends,
 * add the findings as `schedhang_finding` events.
 *
 * Why at the end, in a stream of our own: a finding is known only once its
 * stall ends (often at the end of the trace), so it cannot be slotted into
 * the upstream streams in time order, and an upstream stream's class is not
 * ours to extend. So after upstream's last message the filter creates a trace
 * `schedhang` with one stream and emits stream beginning, packet beginning,
 * one event per finding (in start order), packet end, stream end.
 *
 * The stream class's clock class copies the upstream one (frequency, offset,
 * origin, UUID, name), so a folder that sink.ctf.fs wrote with both traces
 * reads back through a muxer, and each finding event is stamped at its start.
 * Without an upstream clock class the stream has none and the times are
 * only in the payload (start_ns, end_ns: ns from the clock's origin).
 * The findings are stamped earlier than upstream's last event: fine for
 * sink.text.pretty and sink.ctf.fs (they check order per stream), but a
 * muxer placed after this filter in the same graph would refuse them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugin.h"
#include "read/source-ctf.h"

/* Payload members, in order. */
enum { M_CLASS, M_CONF, M_SUMMARY, M_SCHED, M_ENTITY, M_START, M_END, M_OPEN, M_DETAIL, M__N };

struct findings_comp {
	struct shp_params p;
};

struct findings_iter {
	struct findings_comp *fc;	/* borrowed from the component */
	const bt_clock_class *up_clock;	/* owned reference: upstream's first default clock */
	bt_trace_class *tc;		/* owned reference */
	bt_stream_class *sc;		/* borrowed from tc */
	bt_event_class *ec;		/* borrowed from sc */
	bt_message_iterator *up;	/* owned reference */
	struct sh_source *src;		/* owned; feed mode */
	struct sh_analysis *a;		/* owned */
	bool upstream_done;
	bt_trace *trace;		/* owned reference */
	bt_stream *stream;		/* owned reference */
	bt_packet *packet;		/* owned reference */
	const bt_message **extra;	/* owned references: the findings' messages */
	size_t nextra, pos;
};

static int add_member(bt_trace_class *tc, bt_field_class *st, const char *name, int kind)
{
	bt_field_class *fc = kind == 's' ? bt_field_class_string_create(tc)
					 : bt_field_class_integer_unsigned_create(tc);
	int r = fc ? 0 : -1;

	if (r == 0 && kind == 'x')
		bt_field_class_integer_set_preferred_display_base(fc,
			BT_FIELD_CLASS_INTEGER_PREFERRED_DISPLAY_BASE_HEXADECIMAL);
	if (r == 0 && kind == 'b')
		bt_field_class_integer_set_field_value_range(fc, 8);
	if (r == 0 && bt_field_class_structure_append_member(st, name, fc) !=
			      BT_FIELD_CLASS_STRUCTURE_APPEND_MEMBER_STATUS_OK)
		r = -1;
	bt_field_class_put_ref(fc);
	return r;
}

/* Our clock class: a copy of upstream's, so the two correlate. */
static bt_clock_class *copy_clock(bt_self_component *self, const bt_clock_class *up)
{
	bt_clock_class *cc = bt_clock_class_create(self);
	int64_t sec;
	uint64_t cyc;

	if (!cc)
		return NULL;
	bt_clock_class_set_frequency(cc, bt_clock_class_get_frequency(up));
	bt_clock_class_get_offset(up, &sec, &cyc);
	bt_clock_class_set_offset(cc, sec, cyc);
	bt_clock_class_set_precision(cc, bt_clock_class_get_precision(up));
	bt_clock_class_set_origin_is_unix_epoch(cc, bt_clock_class_origin_is_unix_epoch(up));
	if (bt_clock_class_get_uuid(up))
		bt_clock_class_set_uuid(cc, bt_clock_class_get_uuid(up));
	if (bt_clock_class_get_name(up) &&
	    bt_clock_class_set_name(cc, bt_clock_class_get_name(up)) !=
		    BT_CLOCK_CLASS_SET_NAME_STATUS_OK) {
		bt_clock_class_put_ref(cc);
		return NULL;
	}
	return cc;
}

static int make_classes(struct findings_iter *c, bt_self_component *self)
{
	static const struct { const char *name; int kind; } members[M__N] = {
		{ "class", 's' }, { "confidence", 's' }, { "summary", 's' }, { "sched", 'x' },
		{ "entity", 'x' }, { "start_ns", 'u' }, { "end_ns", 'u' }, { "open_at_end", 'b' },
		{ "detail", 's' },
	};
	bt_field_class *p;
	int r = 0;

	c->tc = bt_trace_class_create(self);
	if (!c->tc || !(c->sc = bt_stream_class_create(c->tc)))
		return -1;
	if (c->up_clock) {
		bt_clock_class *cc = copy_clock(self, c->up_clock);

		r = cc && bt_stream_class_set_default_clock_class(c->sc, cc) ==
			BT_STREAM_CLASS_SET_DEFAULT_CLOCK_CLASS_STATUS_OK ? 0 : -1;
		bt_clock_class_put_ref(cc);
		if (r < 0)
			return -1;
	}
	bt_stream_class_set_supports_packets(c->sc, BT_TRUE, BT_FALSE, BT_FALSE);
	if (!(c->ec = bt_event_class_create(c->sc)) || !(p = bt_field_class_structure_create(c->tc)))
		return -1;
	bt_stream_class_set_name(c->sc, "schedhang");
	for (int i = 0; i < M__N && r == 0; i++)
		r = add_member(c->tc, p, members[i].name, members[i].kind);
	if (r == 0 && (bt_event_class_set_name(c->ec, "schedhang_finding") !=
			       BT_EVENT_CLASS_SET_NAME_STATUS_OK ||
		       bt_event_class_set_payload_field_class(c->ec, p) !=
			       BT_EVENT_CLASS_SET_FIELD_CLASS_STATUS_OK))
		r = -1;
	bt_field_class_put_ref(p);
	bt_event_class_put_ref(c->ec);	/* the stream class keeps it */
	return r;
}

static void comp_free(struct findings_comp *c)
{
	free(c);
}

bt_component_class_initialize_method_status shp_findings_init(
	bt_self_component_filter *self, bt_self_component_filter_configuration *config,
	const bt_value *params, void *data)
{
	bt_self_component *comp = bt_self_component_filter_as_self_component(self);
	struct findings_comp *c = calloc(1, sizeof(*c));

	if (!c)
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	if (shp_params_parse(comp, params, &c->p) < 0 ||
	    bt_self_component_filter_add_input_port(self, "in", NULL, NULL) !=
		    BT_SELF_COMPONENT_ADD_PORT_STATUS_OK ||
	    bt_self_component_filter_add_output_port(self, "out", NULL, NULL) !=
		    BT_SELF_COMPONENT_ADD_PORT_STATUS_OK) {
		comp_free(c);
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	}
	bt_self_component_set_data(comp, c);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

void shp_findings_finalize(bt_self_component_filter *self)
{
	comp_free(bt_self_component_get_data(bt_self_component_filter_as_self_component(self)));
}

void shp_findings_iter_finalize(bt_self_message_iterator *self)
{
	struct findings_iter *it = bt_self_message_iterator_get_data(self);

	if (!it)
		return;
	for (size_t i = it->pos; i < it->nextra; i++)
		bt_message_put_ref(it->extra[i]);
	free(it->extra);
	bt_packet_put_ref(it->packet);
	bt_stream_put_ref(it->stream);
	bt_trace_put_ref(it->trace);
	bt_trace_class_put_ref(it->tc);
	bt_clock_class_put_ref(it->up_clock);
	bt_message_iterator_put_ref(it->up);
	sh_analysis_free(it->a);
	sh_source_free(it->src);
	free(it);
}

bt_message_iterator_class_initialize_method_status shp_findings_iter_init(
	bt_self_message_iterator *self, bt_self_message_iterator_configuration *config,
	bt_self_component_port_output *port)
{
	bt_self_component *comp = bt_self_message_iterator_borrow_component(self);
	struct findings_iter *it = calloc(1, sizeof(*it));

	if (!it)
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	bt_self_message_iterator_set_data(self, it);
	it->fc = bt_self_component_get_data(comp);
	it->src = sh_source_ctf_new_feed("babeltrace2 graph");
	it->a = it->src ? sh_analysis_new(&it->fc->p.aopts) : NULL;
	if (!it->a || bt_message_iterator_create_from_message_iterator(self,
			      bt_self_component_filter_borrow_input_port_by_name(
				      (bt_self_component_filter *)comp, "in"), &it->up) !=
			      BT_MESSAGE_ITERATOR_CREATE_FROM_MESSAGE_ITERATOR_STATUS_OK) {
		shp_findings_iter_finalize(self);
		bt_self_message_iterator_set_data(self, NULL);
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	}
	return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

static int push(struct findings_iter *it, bt_message *m, size_t cap)
{
	if (!m || it->nextra == cap) {
		bt_message_put_ref(m);
		return -1;
	}
	it->extra[it->nextra++] = m;
	return 0;
}

static void set_str(bt_field *p, int i, const char *s)
{
	bt_field_string_set_value(bt_field_structure_borrow_member_field_by_index(p, (uint64_t)i),
				  s ? s : "");
}

static void set_u64(bt_field *p, int i, uint64_t v)
{
	bt_field_integer_unsigned_set_value(
		bt_field_structure_borrow_member_field_by_index(p, (uint64_t)i), v);
}

/* Clock value of @ns from the origin in clock class @cc (0 before its offset). */
static uint64_t ns_to_cycles(const bt_clock_class *cc, uint64_t ns)
{
	uint64_t freq = bt_clock_class_get_frequency(cc), cyc;
	int64_t sec;
	double off_ns, v;

	bt_clock_class_get_offset(cc, &sec, &cyc);
	off_ns = (double)sec * 1e9 + (double)cyc * 1e9 / (double)freq;
	v = ((double)ns - off_ns) * (double)freq / 1e9;
	if (freq == 1000000000 && sec >= 0 && cyc < freq)	/* exact in the common case */
		return ns >= (uint64_t)sec * freq + cyc ? ns - ((uint64_t)sec * freq + cyc) : 0;
	return v > 0 ? (uint64_t)v : 0;
}

static int by_start(const void *a, const void *b)
{
	const struct sh_finding *x = *(const struct sh_finding *const *)a;
	const struct sh_finding *y = *(const struct sh_finding *const *)b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static bt_message *finding_event(struct findings_iter *it, bt_self_message_iterator *self,
				 const struct sh_finding *f)
{
	bt_message *m;
	bt_field *p;

	if (it->up_clock)
		m = bt_message_event_create_with_packet_and_default_clock_snapshot(self, it->ec,
			it->packet, ns_to_cycles(it->up_clock, f->start));
	else
		m = bt_message_event_create_with_packet(self, it->ec, it->packet);

	if (!m)
		return NULL;
	p = bt_event_borrow_payload_field(bt_message_event_borrow_event(m));
	set_str(p, M_CLASS, sh_finding_class_name(f->cls));
	set_str(p, M_CONF, sh_confidence_name(f->conf));
	set_str(p, M_SUMMARY, sh_finding_class_summary(f->cls));
	set_u64(p, M_SCHED, f->sched);
	set_u64(p, M_ENTITY, f->entity);
	set_u64(p, M_START, f->start);
	set_u64(p, M_END, f->end);
	set_u64(p, M_OPEN, f->open_at_end);
	set_str(p, M_DETAIL, f->detail);
	return m;
}

/* Upstream ended: the findings' stream, all its messages queued in it->extra. */
static int build_findings(struct findings_iter *it, bt_self_message_iterator *self)
{
	const struct sh_findings *fs;
	const struct sh_finding **order = NULL;
	size_t cap;
	int r = -1;

	if (sh_analysis_finish(it->a) < 0 ||
	    make_classes(it, bt_self_message_iterator_borrow_component(self)) < 0)
		return -1;
	fs = &it->a->findings;
	cap = fs->len + 4;
	it->extra = calloc(cap, sizeof(*it->extra));
	order = calloc(fs->len + 1, sizeof(*order));
	it->trace = bt_trace_create(it->tc);
	if (!it->extra || !order || !it->trace ||
	    !(it->stream = bt_stream_create(it->sc, it->trace)) ||
	    !(it->packet = bt_packet_create(it->stream)))
		goto out;
	bt_trace_set_name(it->trace, "schedhang");
	for (size_t i = 0; i < fs->len; i++)
		order[i] = &fs->items[i];
	qsort(order, fs->len, sizeof(*order), by_start);
	if (push(it, bt_message_stream_beginning_create(self, it->stream), cap) < 0 ||
	    push(it, bt_message_packet_beginning_create(self, it->packet), cap) < 0)
		goto out;
	for (size_t i = 0; i < fs->len; i++)
		if (push(it, finding_event(it, self, order[i]), cap) < 0)
			goto out;
	if (push(it, bt_message_packet_end_create(self, it->packet), cap) < 0 ||
	    push(it, bt_message_stream_end_create(self, it->stream), cap) < 0)
		goto out;
	r = 0;
out:
	free(order);
	return r;
}

/* Remember upstream's first default clock class. */
static void note_clock(struct findings_iter *it, const bt_message *msg)
{
	const bt_clock_class *cc;

	if (it->up_clock || bt_message_get_type(msg) != BT_MESSAGE_TYPE_STREAM_BEGINNING)
		return;
	cc = bt_stream_class_borrow_default_clock_class_const(bt_stream_borrow_class_const(
		bt_message_stream_beginning_borrow_stream_const(msg)));
	if (cc) {
		bt_clock_class_get_ref(cc);
		it->up_clock = cc;
	}
}

static bt_message_iterator_class_next_method_status next_extra(struct findings_iter *it,
	bt_message_array_const msgs, uint64_t capacity, uint64_t *count)
{
	uint64_t n = 0;

	if (it->pos == it->nextra)
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_END;
	while (n < capacity && it->pos < it->nextra)
		msgs[n++] = it->extra[it->pos++];
	*count = n;
	return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_OK;
}

bt_message_iterator_class_next_method_status shp_findings_iter_next(
	bt_self_message_iterator *self, bt_message_array_const msgs, uint64_t capacity,
	uint64_t *count)
{
	struct findings_iter *it = bt_self_message_iterator_get_data(self);
	bt_message_array_const up;
	uint64_t n;

	if (it->upstream_done)
		return next_extra(it, msgs, capacity, count);
	switch (bt_message_iterator_next(it->up, &up, &n)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		break;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		it->upstream_done = true;
		if (build_findings(it, self) < 0) {
			BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_MESSAGE_ITERATOR(self,
				"cannot emit the schedhang findings");
			return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_ERROR;
		}
		return next_extra(it, msgs, capacity, count);
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_AGAIN;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_MEMORY_ERROR:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_ERROR;
	}
	/* upstream's batch never exceeds our capacity (one graph, one batch size) */
	if (n > capacity) {
		for (uint64_t j = 0; j < n; j++)
			bt_message_put_ref(up[j]);
		BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_MESSAGE_ITERATOR(self,
			"upstream batch larger than ours");
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_ERROR;
	}
	for (uint64_t i = 0; i < n; i++) {
		if (shp_feed(it->src, it->a, up[i]) < 0) {
			for (uint64_t j = i; j < n; j++)
				bt_message_put_ref(up[j]);
			for (uint64_t j = 0; j < i; j++)
				bt_message_put_ref(msgs[j]);
			BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_MESSAGE_ITERATOR(self,
				"schedhang analysis failed");
			return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_ERROR;
		}
		note_clock(it, up[i]);
		msgs[i] = up[i];
	}
	*count = n;
	return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_OK;
}
