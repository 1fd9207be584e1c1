/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CTF input through babeltrace2's library API.
 *
 * Folder mode (sh_source_open): every folder holding a 'metadata' file (the
 * input or below it, as `babeltrace2 DIR` discovers traces) becomes one
 * source.ctf.fs component; all feed a filter.utils.muxer whose output a simple
 * sink consumes one batch per bt_graph_run_once(), mapping the messages into
 * a small queue that sh_source_next() drains. So the reader stays pull-based.
 *
 * Feed mode (sh_source_ctf_new_feed): the babeltrace2 plugin hands over the
 * messages of its own graph one at a time; the same map_message() maps them.
 *
 * Names, as the tools write them (all looked up through schema.c):
 * - LTTng-UST, our provider: "schedhang:schedhang_push" (provider:event);
 *   plain "schedhang_push" also maps.
 * - LTTng-modules: bare kernel names ("sched_switch", "workqueue_execute_start";
 *   lttng-modules instrumentation/events/{sched,workqueue}.h), with "tid" for
 *   the kernel's "pid" fields (the SH_SCHEMA_LTTNG_SYSTEM entries); per-CPU
 *   streams with packet context "cpu_id"; pid/comm from the "tid"/"vtid"/"pid"
 *   and "procname" contexts when the session added them.
 * - perf data convert --to-ctf (tools/perf/util/data-convert-bt.c): the evsel
 *   name "sched:sched_switch" as the event name, the tracepoint's common_* and
 *   own fields in the payload (keywords prefixed with '_'), "perf_tid" and
 *   "perf_pid" payload fields, packet context "cpu_id", env tracer_name=perf.
 * Field handles (member indices) are resolved once per event class.
 */
#define _GNU_SOURCE
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "hmap.h"
#include "source-ctf.h"
#include "source-impl.h"

#define CTF_MAX_DEPTH 6
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

struct stream_cpu {
	const bt_stream *stream;	/* borrowed; only compared */
	int32_t cpu;
};

struct ctf {
	struct sh_hmap classes;		/* bt_event_class address -> struct evcache (owned) */
	struct stream_cpu *scpu;	/* owned */
	size_t nscpu;
	uint64_t last_ts;
	bool env_done;
	const bt_message *pending;	/* feed mode: borrowed from the feeder */
	/* folder mode */
	char **dirs;			/* owned; trace folders */
	size_t ndirs;
	const bt_plugin *ctf_plugin;	/* owned reference */
	const bt_plugin *utils_plugin;	/* owned reference */
	bt_graph *graph;		/* owned reference */
	struct sh_event *queue;		/* owned; mapped events not yet delivered */
	size_t qhead, qlen, qcap;
	bool ended, failed;
};

/* ---- the mapping (both modes) ---- */

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
	if (member_index(pfc, SH_SCHEMA_PROBE_IP) >= 0 ||
	    member_index(pfc, SH_SCHEMA_PROBE_IP + 1) >= 0) {
		c->flags |= SH_EVF_UPROBE;
		c->schema_bit = SH_SCHEMA_BIT_SCHEDHANG_UPROBE;
	}
}

static struct evcache *resolve(struct ctf *ctf, const bt_event_class *ec)
{
	struct evcache *c = sh_hmap_get(&ctf->classes, (uint64_t)(uintptr_t)ec);
	const bt_stream_class *sc;
	const char *name;
	int si;

	if (c)
		return c;
	c = calloc(1, sizeof(*c));
	if (!c || sh_hmap_put(&ctf->classes, (uint64_t)(uintptr_t)ec, c) < 0) {
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

/* ts, cpu, pid and comm of event @e of @msg. */
static void map_head(struct sh_source *src, struct ctf *ctf, const struct evcache *c,
		     const bt_message *msg, const bt_event *e, struct sh_event *ev)
{
	const struct sh_str *s;
	uint64_t v;

	ev->ts = ctf->last_ts;
	if (c->has_clock) {
		int64_t ns;

		if (bt_clock_snapshot_get_ns_from_origin(
			    bt_message_event_borrow_default_clock_snapshot_const(msg), &ns) ==
		    BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK)
			ev->ts = ns > 0 ? (uint64_t)ns : 0;
	}
	ctf->last_ts = ev->ts;
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

static int map_event(struct sh_source *src, struct ctf *ctf, const bt_message *msg,
		     struct sh_event *ev)
{
	const bt_event *e = bt_message_event_borrow_event_const(msg);
	struct evcache *c = resolve(ctf, bt_event_borrow_class_const(e));

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
	map_head(src, ctf, c, msg, e, ev);
	ev->type = sh_schema_at((unsigned)c->si)->type;
	ev->flags = c->flags;
	if (!map_payload(src, c, e, ev))
		return 0;
	src->info.schemas |= 1u << c->schema_bit;
	return 1;
}

static struct stream_cpu *stream_slot(struct ctf *ctf, const bt_stream *s)
{
	struct stream_cpu *p;

	for (size_t i = 0; i < ctf->nscpu; i++)
		if (ctf->scpu[i].stream == s)
			return &ctf->scpu[i];
	p = realloc(ctf->scpu, (ctf->nscpu + 1) * sizeof(*p));
	if (!p)
		return NULL;
	ctf->scpu = p;
	p[ctf->nscpu] = (struct stream_cpu){ s, -1 };
	return &p[ctf->nscpu++];
}

/* A packet's "cpu_id" names the CPU of its stream, for discarded-item messages. */
static int note_packet(struct sh_source *src, struct ctf *ctf, const bt_message *msg)
{
	const bt_packet *pk = bt_message_packet_beginning_borrow_packet_const(msg);
	const bt_field *ctx = bt_packet_borrow_context_field_const(pk);
	struct stream_cpu *sc;
	const bt_field *f;
	uint64_t v;

	if (!ctx || !(f = bt_field_structure_borrow_member_field_by_name_const(ctx, "cpu_id")) ||
	    !field_num(f, &v) || v >= INT32_MAX)
		return 0;
	sc = stream_slot(ctf, bt_packet_borrow_stream_const(pk));
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
static void note_stream(struct sh_source *src, struct ctf *ctf, const bt_message *msg)
{
	const bt_stream *s = bt_message_stream_beginning_borrow_stream_const(msg);
	const bt_trace *t = bt_stream_borrow_trace_const(s);
	const bt_clock_class *cc =
		bt_stream_class_borrow_default_clock_class_const(bt_stream_borrow_class_const(s));
	const char *tracer = env_str(t, "tracer_name"), *rel;

	if (ctf->env_done)
		return;
	ctf->env_done = true;
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
static int map_discarded(struct sh_source *src, struct ctf *ctf, const bt_message *msg,
			 struct sh_event *ev)
{
	bool events = bt_message_get_type(msg) == BT_MESSAGE_TYPE_DISCARDED_EVENTS;
	const bt_stream *s = events ? bt_message_discarded_events_borrow_stream_const(msg)
				    : bt_message_discarded_packets_borrow_stream_const(msg);
	const bt_stream_class *sc = bt_stream_borrow_class_const(s);
	const bt_clock_snapshot *snap = NULL;
	struct stream_cpu *cpu = stream_slot(ctf, s);
	uint64_t n = 0;
	int64_t ns;

	if (!cpu)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	memset(ev, 0, sizeof(*ev));
	ev->type = SH_EV_LOST;
	ev->pid = -1;
	ev->cpu = cpu->cpu;
	ev->ts = ctf->last_ts;
	if (events && bt_stream_class_discarded_events_have_default_clock_snapshots(sc))
		snap = bt_message_discarded_events_borrow_beginning_default_clock_snapshot_const(msg);
	else if (!events && bt_stream_class_discarded_packets_have_default_clock_snapshots(sc))
		snap = bt_message_discarded_packets_borrow_beginning_default_clock_snapshot_const(msg);
	if (snap && bt_clock_snapshot_get_ns_from_origin(snap, &ns) ==
		    BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK && ns > 0)
		ev->ts = (uint64_t)ns;
	/* a number of packets says nothing about the number of events in them */
	if (events && bt_message_discarded_events_get_count(msg, &n) ==
		      BT_PROPERTY_AVAILABILITY_AVAILABLE)
		ev->lost.count = n;
	return 1;
}

/* One babeltrace2 message -> at most one event: 1 = @ev filled, 0 = none, -1 = reported. */
static int map_message(struct sh_source *src, struct ctf *ctf, const bt_message *msg,
		       struct sh_event *ev)
{
	switch (bt_message_get_type(msg)) {
	case BT_MESSAGE_TYPE_EVENT:
		return map_event(src, ctf, msg, ev);
	case BT_MESSAGE_TYPE_STREAM_BEGINNING:
		note_stream(src, ctf, msg);
		return 0;
	case BT_MESSAGE_TYPE_PACKET_BEGINNING:
		return note_packet(src, ctf, msg);
	case BT_MESSAGE_TYPE_DISCARDED_EVENTS:
	case BT_MESSAGE_TYPE_DISCARDED_PACKETS:
		return map_discarded(src, ctf, msg, ev);
	default:
		return 0;
	}
}

static struct ctf *ctf_new(struct sh_source *src)
{
	struct ctf *ctf = calloc(1, sizeof(*ctf));

	if (!ctf)
		return sh_error("cannot read '%s': out of memory", src->info.path), NULL;
	sh_hmap_init(&ctf->classes);
	snprintf(src->info.format, sizeof(src->info.format), "CTF");
	src->priv = ctf;
	return ctf;
}

static void ctf_close(struct sh_source *src)
{
	struct ctf *ctf = src->priv;
	uint64_t k;
	void *v;

	if (ctf->graph)
		bt_graph_put_ref(ctf->graph);
	bt_plugin_put_ref(ctf->ctf_plugin);
	bt_plugin_put_ref(ctf->utils_plugin);
	for (size_t i = 0; sh_hmap_next(&ctf->classes, &i, &k, &v);)
		free(v);
	sh_hmap_release(&ctf->classes);
	for (size_t i = 0; i < ctf->ndirs; i++)
		free(ctf->dirs[i]);
	free(ctf->dirs);
	free(ctf->scpu);
	free(ctf->queue);
	free(ctf);
	src->priv = NULL;
}

/* ---- feed mode (the plugin) ---- */

static int feed_next(struct sh_source *src, struct sh_event *ev)
{
	struct ctf *ctf = src->priv;
	const bt_message *msg = ctf->pending;
	int r;

	if (!msg)
		return 0;
	ctf->pending = NULL;
	r = map_message(src, ctf, msg, ev);
	return r;
}

static int feed_open(struct sh_source *src)
{
	return ctf_new(src) ? 0 : -1;
}

static const struct sh_source_ops feed_ops = {
	.name = "CTF",
	.format = SH_INPUT_CTF,
	.want_dir = true,
	.open = feed_open,
	.next = feed_next,
	.close = ctf_close,
};

struct sh_source *sh_source_ctf_new_feed(const char *name)
{
	struct sh_source *src = sh_source_new(&feed_ops, name);

	if (src && feed_open(src) < 0) {
		sh_source_free(src);
		return NULL;
	}
	if (src)
		snprintf(src->info.format, sizeof(src->info.format), "babeltrace2 graph");
	return src;
}

void sh_source_ctf_feed(struct sh_source *src, const bt_message *msg)
{
	((struct ctf *)src->priv)->pending = msg;
}

/* ---- folder mode ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_dir(struct ctf *ctf, const char *dir)
{
	char **d = realloc(ctf->dirs, (ctf->ndirs + 1) * sizeof(*d));

	if (!d)
		return -1;
	ctf->dirs = d;
	if (!(d[ctf->ndirs] = strdup(dir)))
		return -1;
	ctf->ndirs++;
	return 0;
}

/* Every folder at or below @dir with a 'metadata' file (not looking inside those). */
static int find_traces(struct ctf *ctf, const char *dir, int depth)
{
	struct stat st;
	struct dirent *de;
	char *sub;
	DIR *d;
	int r = 0;

	if (asprintf(&sub, "%s/metadata", dir) < 0)
		return -1;
	if (stat(sub, &st) == 0 && S_ISREG(st.st_mode)) {
		free(sub);
		return add_dir(ctf, dir);
	}
	free(sub);
	if (depth >= CTF_MAX_DEPTH || !(d = opendir(dir)))
		return 0;
	while (r == 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&sub, "%s/%s", dir, de->d_name) < 0) {
			r = -1;
			break;
		}
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			r = find_traces(ctf, sub, depth + 1);
		free(sub);
	}
	closedir(d);
	return r;
}

/* Report a babeltrace2 failure in one line: @what, then its root cause. */
static int bt_fail(struct sh_source *src, const char *what)
{
	const bt_error *err = bt_current_thread_take_error();
	const char *cause = NULL;
	int len;

	if (err && bt_error_get_cause_count(err) > 0)
		cause = bt_error_cause_get_message(bt_error_borrow_cause_by_index(err, 0));
	len = cause ? (int)strcspn(cause, "\n") : 0;
	sh_error("cannot read '%s': %s%s%.*s", src->info.path, what, cause ? ": " : "", len,
		 cause ? cause : "");
	if (err)
		bt_error_release(err);
	return -1;
}

static int push_event(struct ctf *ctf, const struct sh_event *ev)
{
	if (ctf->qhead == ctf->qlen)
		ctf->qhead = ctf->qlen = 0;
	if (ctf->qlen == ctf->qcap) {
		size_t n = ctf->qcap ? ctf->qcap * 2 : 64;
		struct sh_event *q = realloc(ctf->queue, n * sizeof(*q));

		if (!q)
			return -1;
		ctf->queue = q;
		ctf->qcap = n;
	}
	ctf->queue[ctf->qlen++] = *ev;
	return 0;
}

/* The simple sink: map one batch of messages into the queue. */
static bt_graph_simple_sink_component_consume_func_status consume(bt_message_iterator *it,
								    void *data)
{
	struct sh_source *src = data;
	struct ctf *ctf = src->priv;
	bt_message_array_const msgs;
	uint64_t n;
	int r = 0;

	switch (bt_message_iterator_next(it, &msgs, &n)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		break;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_END;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_AGAIN;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_MEMORY_ERROR:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_MEMORY_ERROR;
	default:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_ERROR;
	}
	for (uint64_t i = 0; i < n; i++) {
		struct sh_event ev;

		if (r == 0 && (r = map_message(src, ctf, msgs[i], &ev)) > 0)
			r = push_event(ctf, &ev) < 0 ?
				sh_error("cannot read '%s': out of memory", src->info.path) : 0;
		bt_message_put_ref(msgs[i]);
	}
	if (r < 0) {
		ctf->failed = true;	/* reported already */
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_ERROR;
	}
	return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_OK;
}

static int find_plugins(struct sh_source *src, struct ctf *ctf)
{
	if (bt_plugin_find("ctf", BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_FALSE, &ctf->ctf_plugin) !=
		    BT_PLUGIN_FIND_STATUS_OK ||
	    bt_plugin_find("utils", BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_FALSE,
			   &ctf->utils_plugin) != BT_PLUGIN_FIND_STATUS_OK)
		return bt_fail(src, "babeltrace2's 'ctf' and 'utils' plugins are not installed");
	return 0;
}

/* source.ctf.fs per trace folder, all into one muxer. */
static int add_sources(struct sh_source *src, struct ctf *ctf, const bt_component_filter *mux)
{
	const bt_component_class_source *fs =
		bt_plugin_borrow_source_component_class_by_name_const(ctf->ctf_plugin, "fs");

	if (!fs)
		return sh_error("cannot read '%s': babeltrace2 has no source.ctf.fs", src->info.path);
	for (size_t i = 0; i < ctf->ndirs; i++) {
		const bt_component_source *comp;
		bt_value *params = bt_value_map_create(), *inputs = NULL;
		char name[32];
		int r = -1;

		snprintf(name, sizeof(name), "src%zu", i);
		if (params && bt_value_map_insert_empty_array_entry(params, "inputs", &inputs) == 0 &&
		    bt_value_array_append_string_element(inputs, ctf->dirs[i]) == 0)
			r = bt_graph_add_source_component(ctf->graph, fs, name, params,
							  BT_LOGGING_LEVEL_NONE, &comp) ==
			    BT_GRAPH_ADD_COMPONENT_STATUS_OK ? 0 : -2;
		bt_value_put_ref(params);
		if (r == -2)
			return bt_fail(src, "not a readable CTF trace");
		if (r < 0)
			return sh_error("cannot read '%s': out of memory", src->info.path);
		for (uint64_t p = 0; p < bt_component_source_get_output_port_count(comp); p++) {
			uint64_t in = bt_component_filter_get_input_port_count(mux) - 1;

			if (bt_graph_connect_ports(ctf->graph,
					bt_component_source_borrow_output_port_by_index_const(comp, p),
					bt_component_filter_borrow_input_port_by_index_const(mux, in),
					NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK)
				return bt_fail(src, "cannot connect its streams");
		}
	}
	return 0;
}

static int build_graph(struct sh_source *src, struct ctf *ctf)
{
	const bt_component_class_filter *muxer =
		bt_plugin_borrow_filter_component_class_by_name_const(ctf->utils_plugin, "muxer");
	const bt_component_filter *mux;
	const bt_component_sink *sink;

	if (!muxer)
		return sh_error("cannot read '%s': babeltrace2 has no filter.utils.muxer",
				src->info.path);
	ctf->graph = bt_graph_create(0);
	if (!ctf->graph)
		return bt_fail(src, "cannot create a babeltrace2 graph");
	if (bt_graph_add_filter_component(ctf->graph, muxer, "mux", NULL, BT_LOGGING_LEVEL_NONE,
					  &mux) != BT_GRAPH_ADD_COMPONENT_STATUS_OK ||
	    bt_graph_add_simple_sink_component(ctf->graph, "schedhang", NULL, consume, NULL, src,
					       &sink) != BT_GRAPH_ADD_COMPONENT_STATUS_OK)
		return bt_fail(src, "cannot set up the babeltrace2 graph");
	if (add_sources(src, ctf, mux) < 0)
		return -1;
	if (bt_graph_connect_ports(ctf->graph,
				   bt_component_filter_borrow_output_port_by_index_const(mux, 0),
				   bt_component_sink_borrow_input_port_by_index_const(sink, 0),
				   NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK)
		return bt_fail(src, "cannot connect the muxer");
	return 0;
}

static int ctf_open(struct sh_source *src)
{
	struct ctf *ctf = ctf_new(src);

	if (!ctf)
		return -1;
	bt_current_thread_clear_error();
	if (find_traces(ctf, src->info.path, 0) < 0)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	if (ctf->ndirs == 0)
		return sh_error("cannot read '%s': a directory without a CTF 'metadata' file",
				src->info.path);
	qsort(ctf->dirs, ctf->ndirs, sizeof(*ctf->dirs), cmp_str);
	/* buffers: the trace folders relative to the input ("" = the input itself) */
	for (size_t i = 0; i < ctf->ndirs; i++) {
		const char *rel = ctf->dirs[i] + strlen(src->info.path);

		if (sh_source_add_buffer(src, *rel == '/' ? rel + 1 : rel) < 0)
			return -1;
	}
	if (find_plugins(src, ctf) < 0)
		return -1;
	return build_graph(src, ctf);
}

static int ctf_next(struct sh_source *src, struct sh_event *ev)
{
	struct ctf *ctf = src->priv;

	while (ctf->qhead == ctf->qlen && !ctf->ended) {
		switch (bt_graph_run_once(ctf->graph)) {
		case BT_GRAPH_RUN_ONCE_STATUS_OK:
		case BT_GRAPH_RUN_ONCE_STATUS_AGAIN:
			break;
		case BT_GRAPH_RUN_ONCE_STATUS_END:
			ctf->ended = true;
			break;
		default:
			ctf->ended = true;
			if (ctf->failed) {
				bt_current_thread_clear_error();
				return -1;
			}
			return bt_fail(src, "corrupt CTF data");
		}
	}
	if (ctf->qhead == ctf->qlen)
		return 0;
	*ev = ctf->queue[ctf->qhead++];
	return 1;
}

const struct sh_source_ops sh_source_ctf_ops = {
	.name = "CTF",
	.format = SH_INPUT_CTF,
	.want_dir = true,
	.open = ctf_open,
	.next = ctf_next,
	.close = ctf_close,
};
