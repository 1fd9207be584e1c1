/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * babeltrace2 messages -> normalized events: the one mapping of CTF event
 * names, payload fields and contexts, used by the CTF reader (source-ctf.c)
 * and, through its feed mode, by the babeltrace2 plugin. Which names the
 * tools write is described in source-ctf.c; the names themselves are in the
 * schema table (schema.c). Field handles (member indices) are resolved once
 * per event class.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "read/ctf-map.h"
#include "read/source-impl.h"

#define MAX_FIELDS 12

enum { EC_MAPPED, EC_UNKNOWN, EC_BROKEN };
enum { SC_NONE, SC_COMMON, SC_SPECIFIC, SC_PAYLOAD };

/* Where a member lives: event common context, specific context or payload. */
struct loc {
	uint8_t scope;		/* SC_* */
	uint32_t idx;
};

/* What one event class maps to; resolved on first sight. */
struct evcache {
	uint8_t state;			/* EC_* */
	uint8_t schema_bit;
	uint16_t flags;			/* SH_EVF_* for every event */
	int16_t si;			/* schema index */
	bool has_clock;			/* the stream class has a default clock class */
	const char *missing;		/* EC_BROKEN: the missing field (borrowed from the table) */
	int32_t fld[MAX_FIELDS];	/* payload member index per schema field, or -1 */
	int32_t cpu_idx;		/* packet context member "cpu_id", or -1 */
	struct loc pid, comm;
};

/* Index of member @name of structure class @sfc, or -1. */
static int32_t member_index(const bt_field_class *sfc, const char *name)
{
	uint64_t n;

	if (!sfc || bt_field_class_get_type(sfc) != BT_FIELD_CLASS_TYPE_STRUCTURE)
		return -1;
	n = bt_field_class_structure_get_member_count(sfc);
	for (uint64_t i = 0; i < n && i < INT32_MAX; i++) {
		const bt_field_class_structure_member *m =
			bt_field_class_structure_borrow_member_by_index_const(sfc, i);

		if (strcmp(bt_field_class_structure_member_get_name(m), name) == 0)
			return (int32_t)i;
	}
	return -1;
}

static bool class_is(const bt_field_class *sfc, int32_t idx, bt_field_class_type want)
{
	const bt_field_class_structure_member *m =
		bt_field_class_structure_borrow_member_by_index_const(sfc, (uint64_t)idx);

	return bt_field_class_type_is(bt_field_class_get_type(
		bt_field_class_structure_member_borrow_field_class_const(m)), want);
}

/* Can a value of class @sfc[@idx] be converted by @conv? */
static bool conv_fits(const bt_field_class *sfc, int32_t idx, uint8_t conv)
{
	bool is_int = class_is(sfc, idx, BT_FIELD_CLASS_TYPE_INTEGER) ||
		      class_is(sfc, idx, BT_FIELD_CLASS_TYPE_BOOL);
	bool is_str = class_is(sfc, idx, BT_FIELD_CLASS_TYPE_STRING);

	switch (conv) {
	case SH_CV_STR: return is_str;
	case SH_CV_FUNC: return is_int || is_str;
	default: return is_int;
	}
}

/* Schema index of CTF event name @name ("sys:event", or a bare event name). */
static int find_schema(const char *name)
{
	const char *colon = strchr(name, ':');
	char sys[64];
	int si;

	if (colon) {
		if ((size_t)(colon - name) >= sizeof(sys))
			return -1;
		memcpy(sys, name, (size_t)(colon - name));
		sys[colon - name] = '\0';
		return sh_schema_find(sys, colon + 1);
	}
	si = sh_schema_find(SH_SCHEMA_LTTNG_SYSTEM, name);
	return si >= 0 ? si : sh_schema_find(NULL, name);
}

/*
 * pid and comm sources in preference order: LTTng contexts (tid is what the
 * ftrace text calls the pid), then perf's payload fields.
 */
static void resolve_task(struct evcache *c, const bt_stream_class *sc, const bt_event_class *ec)
{
	static const struct { uint8_t scope; const char *name; } pids[] = {
		{ SC_COMMON, "tid" }, { SC_SPECIFIC, "tid" }, { SC_COMMON, "vtid" },
		{ SC_SPECIFIC, "vtid" }, { SC_PAYLOAD, "perf_tid" }, { SC_PAYLOAD, "common_pid" },
		{ SC_COMMON, "pid" }, { SC_SPECIFIC, "pid" }, { SC_COMMON, "vpid" },
		{ SC_SPECIFIC, "vpid" },
	};
	const bt_field_class *cls[] = {
		NULL, bt_stream_class_borrow_event_common_context_field_class_const(sc),
		bt_event_class_borrow_specific_context_field_class_const(ec),
		bt_event_class_borrow_payload_field_class_const(ec),
	};
	int32_t idx;

	for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]) && !c->pid.scope; i++) {
		idx = member_index(cls[pids[i].scope], pids[i].name);
		if (idx >= 0 && class_is(cls[pids[i].scope], idx, BT_FIELD_CLASS_TYPE_INTEGER))
			c->pid = (struct loc){ pids[i].scope, (uint32_t)idx };
	}
	for (uint8_t s = SC_COMMON; s <= SC_SPECIFIC && !c->comm.scope; s++) {
		idx = member_index(cls[s], "procname");
		if (idx >= 0 && class_is(cls[s], idx, BT_FIELD_CLASS_TYPE_STRING))
			c->comm = (struct loc){ s, (uint32_t)idx };
	}
}

static void resolve_fields(struct evcache *c, const bt_event_class *ec)
{
	const struct sh_schema_event *se = sh_schema_at((unsigned)c->si);
	const bt_field_class *pfc = bt_event_class_borrow_payload_field_class_const(ec);

	for (unsigned i = 0; i < se->nfields && i < MAX_FIELDS; i++) {
		const struct sh_schema_field *sf = &se->fields[i];
		int32_t idx = member_index(pfc, sf->kname);

		if (idx >= 0 && !conv_fits(pfc, idx, sf->conv))
			idx = -1;
		c->fld[i] = idx;
		if (idx < 0 && sf->required && c->state == EC_MAPPED) {
			c->state = EC_BROKEN;
			c->missing = sf->kname;
		}
	}
	/* a uprobe event converted by perf: babeltrace2 drops one leading '_' */
	if (se->schema_bit == SH_SCHEMA_BIT_SCHEDHANG &&
	    (member_index(pfc, SH_SCHEMA_PROBE_IP) >= 0 ||
	     member_index(pfc, SH_SCHEMA_PROBE_IP + 1) >= 0)) {
		c->flags |= SH_EVF_UPROBE;
		c->schema_bit = SH_SCHEMA_BIT_SCHEDHANG_UPROBE;
	}
}

static struct evcache *resolve(struct sh_ctf_map *m, const bt_event_class *ec)
{
	struct evcache *c = sh_hmap_get(&m->classes, (uint64_t)(uintptr_t)ec);
	const bt_stream_class *sc;
	const char *name;
	int si;

	if (c)
		return c;
	c = calloc(1, sizeof(*c));
	if (!c || sh_hmap_put(&m->classes, (uint64_t)(uintptr_t)ec, c) < 0) {
		free(c);
		return NULL;
	}
	c->state = EC_UNKNOWN;
	name = bt_event_class_get_name(ec);
	if (!name || (si = find_schema(name)) < 0)
		return c;
	c->state = EC_MAPPED;
	c->si = (int16_t)si;
	c->flags = sh_schema_at((unsigned)si)->flags;
	c->schema_bit = sh_schema_at((unsigned)si)->schema_bit;
	resolve_fields(c, ec);
	sc = bt_event_class_borrow_stream_class_const(ec);
	c->has_clock = bt_stream_class_borrow_default_clock_class_const(sc) != NULL;
	c->cpu_idx = -1;
	if (bt_stream_class_supports_packets(sc)) {
		const bt_field_class *pc = bt_stream_class_borrow_packet_context_field_class_const(sc);

		c->cpu_idx = member_index(pc, "cpu_id");
		if (c->cpu_idx >= 0 && !class_is(pc, c->cpu_idx, BT_FIELD_CLASS_TYPE_INTEGER))
			c->cpu_idx = -1;
	}
	resolve_task(c, sc, ec);
	return c;
}

static bool field_num(const bt_field *f, uint64_t *v)
{
	bt_field_class_type t;

	if (!f)
		return false;
	t = bt_field_get_class_type(f);
	if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
		*v = (uint64_t)bt_field_integer_signed_get_value(f);
	else if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER))
		*v = bt_field_integer_unsigned_get_value(f);
	else if (t == BT_FIELD_CLASS_TYPE_BOOL)
		*v = bt_field_bool_get_value(f) ? 1 : 0;
	else
		return false;
	return true;
}

static struct sh_str *field_str(struct sh_source *src, const bt_field *f)
{
	if (!f || bt_field_get_class_type(f) != BT_FIELD_CLASS_TYPE_STRING)
		return NULL;
	return sh_strpool_get(src->strings, bt_field_string_get_value(f),
			      (size_t)bt_field_string_get_length(f));
}

/* A work function: a symbol name (classified once per string) or an address. */
static bool field_func(struct sh_source *src, const bt_field *f, uint64_t *cls, const char **name)
{
	struct sh_str *s;
	uint64_t addr;

	if (field_num(f, &addr)) {
		char hex[24];

		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)addr);
		s = sh_strpool_get(src->strings, hex, strlen(hex));
	} else {
		s = field_str(src, f);
	}
	if (!s)
		return false;
	if (s->tag == 0)
		s->tag = (intptr_t)sh_schema_wq_func(s->s) + 1;
	*cls = (uint64_t)(s->tag - 1);
	*name = s->s;
	return true;
}

static const bt_field *member(const bt_field *sf, uint32_t idx)
{
	return sf ? bt_field_structure_borrow_member_field_by_index_const(sf, idx) : NULL;
}

static const bt_field *loc_field(const bt_event *e, struct loc l)
{
	switch (l.scope) {
	case SC_COMMON: return member(bt_event_borrow_common_context_field_const(e), l.idx);
	case SC_SPECIFIC: return member(bt_event_borrow_specific_context_field_const(e), l.idx);
	case SC_PAYLOAD: return member(bt_event_borrow_payload_field_const(e), l.idx);
	default: return NULL;
	}
}

static void note_cpu(struct sh_source *src, int64_t cpu)
{
	if (cpu >= 0 && cpu < INT32_MAX && cpu + 1 > src->info.ncpus)
		src->info.ncpus = (int)cpu + 1;
}

/*
 * Nanoseconds from the clock's origin of @snap into @ns: true when it fits.
 * On overflow (a corrupt clock offset or frequency) babeltrace2 leaves an
 * error on the thread, and calling it again with one pending violates its
 * preconditions (abort): clear it, the caller keeps the previous time.
 */
static bool snapshot_ns(const bt_clock_snapshot *snap, int64_t *ns)
{
	if (bt_clock_snapshot_get_ns_from_origin(snap, ns) ==
	    BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK)
		return true;
	bt_current_thread_clear_error();
	return false;
}

/* ts, cpu, pid and comm of event @e of @msg. */
static void map_head(struct sh_source *src, struct sh_ctf_map *m, const struct evcache *c,
		     const bt_message *msg, const bt_event *e, struct sh_event *ev)
{
	const struct sh_str *s;
	uint64_t v;

	ev->ts = m->last_ts;
	if (c->has_clock) {
		int64_t ns;

		if (snapshot_ns(bt_message_event_borrow_default_clock_snapshot_const(msg), &ns))
			ev->ts = ns > 0 ? (uint64_t)ns : 0;
	}
	m->last_ts = ev->ts;
	ev->cpu = -1;
	if (c->cpu_idx >= 0 &&
	    field_num(member(bt_packet_borrow_context_field_const(bt_event_borrow_packet_const(e)),
			     (uint32_t)c->cpu_idx), &v) && v < INT32_MAX) {
		ev->cpu = (int32_t)v;
		note_cpu(src, ev->cpu);
	}
	ev->pid = -1;
	if (field_num(loc_field(e, c->pid), &v))
		ev->pid = (int32_t)v;
	if ((s = field_str(src, loc_field(e, c->comm))))
		ev->comm = s->s;
}

/* Payload -> ev->f[]/str[] per the schema entry; false if a required field is unreadable. */
static bool map_payload(struct sh_source *src, const struct evcache *c, const bt_event *e,
			struct sh_event *ev)
{
	const struct sh_schema_event *se = sh_schema_at((unsigned)c->si);
	const bt_field *p = bt_event_borrow_payload_field_const(e);

	for (unsigned i = 0; i < se->nfields && i < MAX_FIELDS; i++) {
		const struct sh_schema_field *sf = &se->fields[i];
		const bt_field *f;
		const struct sh_str *s;
		bool ok;

		if (c->fld[i] < 0)
			continue;
		f = member(p, (uint32_t)c->fld[i]);
		switch (sf->conv) {
		case SH_CV_STR:
			s = field_str(src, f);
			ok = s != NULL;
			if (ok)
				ev->str[sf->slot] = s->s;
			break;
		case SH_CV_FUNC:
			ok = field_func(src, f, &ev->f[sf->slot], &ev->str[1]);
			break;
		default:
			ok = field_num(f, &ev->f[sf->slot]);
			break;
		}
		if (!ok && sf->required) {
			sh_source_missing(src, (unsigned)c->si, sf->kname);
			return false;
		}
	}
	if (se->const_slot >= 0)
		ev->f[se->const_slot] = se->const_val;
	return true;
}

static int map_event(struct sh_source *src, struct sh_ctf_map *m, const bt_message *msg,
		     struct sh_event *ev)
{
	const bt_event *e = bt_message_event_borrow_event_const(msg);
	struct evcache *c = resolve(m, bt_event_borrow_class_const(e));

	if (!c)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	src->info.raw_events++;
	if (c->state == EC_UNKNOWN) {
		src->info.unknown_events++;
		return 0;
	}
	if (c->state == EC_BROKEN) {
		sh_source_missing(src, (unsigned)c->si, c->missing);
		return 0;
	}
	memset(ev, 0, sizeof(*ev));
	map_head(src, m, c, msg, e, ev);
	ev->type = sh_schema_at((unsigned)c->si)->type;
	ev->flags = c->flags;
	if (!map_payload(src, c, e, ev))
		return 0;
	src->info.schemas |= 1u << c->schema_bit;
	return 1;
}

static struct sh_ctf_stream_cpu *stream_slot(struct sh_ctf_map *m, const bt_stream *s)
{
	struct sh_ctf_stream_cpu *p;

	for (size_t i = 0; i < m->nscpu; i++)
		if (m->scpu[i].stream == s)
			return &m->scpu[i];
	p = realloc(m->scpu, (m->nscpu + 1) * sizeof(*p));
	if (!p)
		return NULL;
	m->scpu = p;
	p[m->nscpu] = (struct sh_ctf_stream_cpu){ s, -1 };
	return &p[m->nscpu++];
}

/* A packet's "cpu_id" names the CPU of its stream, for discarded-item messages. */
static int note_packet(struct sh_source *src, struct sh_ctf_map *m, const bt_message *msg)
{
	const bt_packet *pk = bt_message_packet_beginning_borrow_packet_const(msg);
	const bt_field *ctx = bt_packet_borrow_context_field_const(pk);
	struct sh_ctf_stream_cpu *sc;
	const bt_field *f;
	uint64_t v;

	if (!ctx || !(f = bt_field_structure_borrow_member_field_by_name_const(ctx, "cpu_id")) ||
	    !field_num(f, &v) || v >= INT32_MAX)
		return 0;
	sc = stream_slot(m, bt_packet_borrow_stream_const(pk));
	if (!sc)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	sc->cpu = (int32_t)v;
	note_cpu(src, sc->cpu);
	return 0;
}

static const char *env_str(const bt_trace *t, const char *name)
{
	const bt_value *v = bt_trace_borrow_environment_entry_value_by_name_const(t, name);

	return v && bt_value_is_string(v) ? bt_value_string_get(v) : NULL;
}

/* The first stream tells the tracer, kernel release and clock name. */
static void note_stream(struct sh_source *src, struct sh_ctf_map *m, const bt_message *msg)
{
	const bt_stream *s = bt_message_stream_beginning_borrow_stream_const(msg);
	const bt_trace *t = bt_stream_borrow_trace_const(s);
	const bt_clock_class *cc =
		bt_stream_class_borrow_default_clock_class_const(bt_stream_borrow_class_const(s));
	const char *tracer = env_str(t, "tracer_name"), *rel;

	if (m->env_done)
		return;
	m->env_done = true;
	if (tracer)
		snprintf(src->info.format, sizeof(src->info.format), "CTF (%.32s)", tracer);
	rel = env_str(t, "kernel_release");
	if (!rel)
		rel = env_str(t, "release");
	if (rel)
		snprintf(src->info.kernel, sizeof(src->info.kernel), "%s", rel);
	if (cc && bt_clock_class_get_name(cc))
		snprintf(src->info.clock, sizeof(src->info.clock), "%s", bt_clock_class_get_name(cc));
}

/* Discarded events or packets -> a lost marker (count 0 = unknown). */
static int map_discarded(struct sh_source *src, struct sh_ctf_map *m, const bt_message *msg,
			 struct sh_event *ev)
{
	bool events = bt_message_get_type(msg) == BT_MESSAGE_TYPE_DISCARDED_EVENTS;
	const bt_stream *s = events ? bt_message_discarded_events_borrow_stream_const(msg)
				    : bt_message_discarded_packets_borrow_stream_const(msg);
	const bt_stream_class *sc = bt_stream_borrow_class_const(s);
	const bt_clock_snapshot *snap = NULL;
	struct sh_ctf_stream_cpu *cpu = stream_slot(m, s);
	uint64_t n = 0;
	int64_t ns;

	if (!cpu)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	memset(ev, 0, sizeof(*ev));
	ev->type = SH_EV_LOST;
	ev->pid = -1;
	ev->cpu = cpu->cpu;
	ev->ts = m->last_ts;
	if (events && bt_stream_class_discarded_events_have_default_clock_snapshots(sc))
		snap = bt_message_discarded_events_borrow_beginning_default_clock_snapshot_const(msg);
	else if (!events && bt_stream_class_discarded_packets_have_default_clock_snapshots(sc))
		snap = bt_message_discarded_packets_borrow_beginning_default_clock_snapshot_const(msg);
	if (snap && snapshot_ns(snap, &ns) && ns > 0)
		ev->ts = (uint64_t)ns;
	/* a number of packets says nothing about the number of events in them */
	if (events && bt_message_discarded_events_get_count(msg, &n) ==
		      BT_PROPERTY_AVAILABILITY_AVAILABLE)
		ev->lost.count = n;
	return 1;
}

int sh_ctf_map_message(struct sh_ctf_map *m, struct sh_source *src, const bt_message *msg,
		       struct sh_event *ev)
{
	switch (bt_message_get_type(msg)) {
	case BT_MESSAGE_TYPE_EVENT:
		return map_event(src, m, msg, ev);
	case BT_MESSAGE_TYPE_STREAM_BEGINNING:
		note_stream(src, m, msg);
		return 0;
	case BT_MESSAGE_TYPE_PACKET_BEGINNING:
		return note_packet(src, m, msg);
	case BT_MESSAGE_TYPE_DISCARDED_EVENTS:
	case BT_MESSAGE_TYPE_DISCARDED_PACKETS:
		return map_discarded(src, m, msg, ev);
	default:
		return 0;
	}
}

void sh_ctf_map_init(struct sh_ctf_map *m)
{
	memset(m, 0, sizeof(*m));
	sh_hmap_init(&m->classes);
}

void sh_ctf_map_release(struct sh_ctf_map *m)
{
	uint64_t k;
	void *v;

	for (size_t i = 0; sh_hmap_next(&m->classes, &i, &k, &v);)
		free(v);
	sh_hmap_release(&m->classes);
	free(m->scpu);
}
