/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON report: the same content as the text report with stable keys
 * (documented in schedhang-report(1)). Times are integers in ns, ids are
 * "0x..." strings, absent values are null.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>

#include "detect/lostwake.h"
#include "report/json.h"
#include "report/report.h"

#define SH_JSON_VERSION 2	/* 2: lost_events.per_cpu became sparse objects */

static void render_compact(struct sh_buf *b, const struct sh_report_ctx *ctx);

static void key(struct sh_buf *b, const char *k)
{
	sh_buf_json_str(b, k);
	sh_buf_addc(b, ':');
}

static void str_or_null(struct sh_buf *b, const char *s)
{
	if (s)
		sh_buf_json_str(b, s);
	else
		sh_buf_add(b, "null");
}

static void hex(struct sh_buf *b, uint64_t v)
{
	sh_buf_printf(b, "\"0x%" PRIx64 "\"", v);
}

static void event_fields(struct sh_buf *b, const struct sh_event *ev)
{
	const struct sh_ev_desc *d = sh_ev_desc(ev->type);
	const char *sep = "";

	sh_buf_addc(b, '{');
	for (unsigned s = 0; s < 2; s++) {
		if (d->str_name[s] && ev->str[s]) {
			sh_buf_add(b, sep);
			key(b, d->str_name[s]);
			sh_buf_json_str(b, ev->str[s]);
			sep = ",";
		}
	}
	for (unsigned i = 0; i < d->nfields; i++) {
		const struct sh_field_desc *fd = &d->fields[i];
		const char *name = fd->kind == SH_FK_E ? sh_enum_name(fd->table, ev->f[i]) : NULL;

		sh_buf_add(b, sep);
		sep = ",";
		key(b, fd->name);
		if (fd->kind == SH_FK_X)
			hex(b, ev->f[i]);
		else if (name)
			sh_buf_json_str(b, name);
		else if (fd->kind == SH_FK_S)
			sh_buf_printf(b, "%" PRId64, (int64_t)ev->f[i]);
		else
			sh_buf_printf(b, "%" PRIu64, ev->f[i]);
	}
	sh_buf_addc(b, '}');
}

static void input(struct sh_buf *b, const struct sh_report_ctx *ctx)
{
	const struct sh_trace_info *info = ctx->info;
	const struct sh_model *m = ctx->a->model;
	uint64_t total = 0;
	const char *sep = "";

	key(b, "input");
	sh_buf_addc(b, '{');
	key(b, "path"); sh_buf_json_str(b, ctx->opts->input_name);
	sh_buf_add(b, ","); key(b, "format"); sh_buf_json_str(b, info->format);
	sh_buf_add(b, ","); key(b, "kernel"); str_or_null(b, info->kernel[0] ? info->kernel : NULL);
	sh_buf_add(b, ","); key(b, "clock"); str_or_null(b, info->clock[0] ? info->clock : NULL);
	sh_buf_add(b, ","); key(b, "cpus"); sh_buf_printf(b, "%d", info->ncpus);
	sh_buf_add(b, ","); key(b, "first_ts_ns"); sh_buf_printf(b, "%" PRIu64, m->first_ts);
	sh_buf_add(b, ","); key(b, "last_ts_ns"); sh_buf_printf(b, "%" PRIu64, m->last_ts);
	sh_buf_add(b, ","); key(b, "schemas"); sh_buf_addc(b, '[');
	for (unsigned bit = 0; bit < SH_SCHEMA__COUNT; bit++) {
		if (info->schemas & (1u << bit)) {
			sh_buf_add(b, sep);
			sh_buf_json_str(b, sh_trace_info_schema(bit));
			sep = ",";
		}
	}
	sh_buf_add(b, "],");
	key(b, "lost_events");
	sh_buf_addc(b, '{');
	key(b, "per_cpu");	/* sparse: the CPUs with markers, in CPU order */
	sh_buf_addc(b, '[');
	for (size_t i = 0; i < info->nlost_cpus; i++) {
		const struct sh_lost_cpu *l = &info->lost_cpus[i];

		sh_buf_add(b, i ? ",{" : "{");
		key(b, "cpu");
		if (l->cpu < 0)
			sh_buf_add(b, "null");
		else
			sh_buf_printf(b, "%d", l->cpu);
		sh_buf_add(b, ","); key(b, "lost"); sh_buf_printf(b, "%" PRIu64, l->lost);
		sh_buf_add(b, ","); key(b, "markers"); sh_buf_printf(b, "%" PRIu64, l->markers);
		sh_buf_add(b, ","); key(b, "markers_unknown_count");
		sh_buf_printf(b, "%" PRIu64 "}", l->unknown);
		total += l->lost;
	}
	sh_buf_add(b, "],");
	key(b, "total"); sh_buf_printf(b, "%" PRIu64, total);
	sh_buf_add(b, ","); key(b, "markers"); sh_buf_printf(b, "%" PRIu64, info->lost_markers);
	sh_buf_add(b, ","); key(b, "markers_unknown_count");
	sh_buf_printf(b, "%" PRIu64 "}}", info->lost_unknown);
}

static void finding(struct sh_buf *b, const struct sh_finding *f)
{
	sh_buf_addc(b, '{');
	key(b, "class"); sh_buf_json_str(b, sh_finding_class_name(f->cls));
	sh_buf_add(b, ","); key(b, "confidence"); sh_buf_json_str(b, sh_confidence_name(f->conf));
	sh_buf_add(b, ","); key(b, "summary"); sh_buf_json_str(b, sh_finding_class_summary(f->cls));
	sh_buf_add(b, ","); key(b, "sched");
	if (f->sched) hex(b, f->sched); else sh_buf_add(b, "null");
	sh_buf_add(b, ","); key(b, "sched_name"); str_or_null(b, f->sched_name);
	sh_buf_add(b, ","); key(b, "entity");
	if (f->entity) hex(b, f->entity); else sh_buf_add(b, "null");
	sh_buf_add(b, ","); key(b, "job");
	if (f->has_job)
		sh_buf_printf(b, "{\"ectx\":%" PRIu64 ",\"seqno\":%" PRIu64 "}", f->ectx, f->seqno);
	else
		sh_buf_add(b, "null");
	sh_buf_add(b, ","); key(b, "start_ns"); sh_buf_printf(b, "%" PRIu64, f->start);
	sh_buf_add(b, ","); key(b, "end_ns"); sh_buf_printf(b, "%" PRIu64, f->end);
	sh_buf_add(b, ","); key(b, "duration_ns"); sh_buf_printf(b, "%" PRIu64, sh_finding_duration(f));
	sh_buf_add(b, ","); key(b, "open_at_end"); sh_buf_add(b, f->open_at_end ? "true" : "false");
	sh_buf_add(b, ","); key(b, "rescued_by"); str_or_null(b, f->rescued_by);
	sh_buf_add(b, ","); key(b, "count"); sh_buf_printf(b, "%" PRIu64, f->count);
	sh_buf_add(b, ","); key(b, "detail"); sh_buf_json_str(b, f->detail);
	sh_buf_add(b, ","); key(b, "evidence"); sh_buf_addc(b, '[');
	for (unsigned i = 0; i < f->nevidence; i++) {
		const struct sh_event *ev = &f->evidence[i].ev;

		sh_buf_add(b, i ? ",{" : "{");
		key(b, "role"); sh_buf_json_str(b, f->evidence[i].role);
		sh_buf_add(b, ","); key(b, "ts_ns"); sh_buf_printf(b, "%" PRIu64, ev->ts);
		sh_buf_add(b, ","); key(b, "cpu"); sh_buf_printf(b, "%d", ev->cpu);
		sh_buf_add(b, ","); key(b, "pid"); sh_buf_printf(b, "%d", ev->pid);
		sh_buf_add(b, ","); key(b, "comm"); str_or_null(b, ev->comm);
		sh_buf_add(b, ","); key(b, "event"); sh_buf_json_str(b, sh_ev_desc(ev->type)->name);
		sh_buf_add(b, ","); key(b, "fields"); event_fields(b, ev);
		sh_buf_addc(b, '}');
	}
	sh_buf_add(b, "]}");
}

static void hist(struct sh_buf *b, const char *name, const struct sh_hist *h)
{
	key(b, name);
	sh_buf_printf(b, "{\"count\":%" PRIu64 ",\"avg_ns\":%" PRIu64 ",\"p99_ns\":%" PRIu64
		      ",\"max_ns\":%" PRIu64 ",\"max_at_ns\":%" PRIu64 "}", h->count, sh_hist_avg(h),
		      sh_hist_percentile(h, 99), h->max, h->count ? h->max_at : 0);
}

static void entity(struct sh_buf *b, const struct sh_report_ctx *ctx, const struct sh_entity *e)
{
	const struct sh_entity_stats *st = &e->st;

	sh_buf_addc(b, '{');
	key(b, "id"); hex(b, e->id);
	sh_buf_printf(b, ",\"ectx\":%" PRIu64 ",\"jobs\":%" PRIu64 ",\"not_first_pushes\":%" PRIu64
		      ",\"jobs_done\":%" PRIu64 ",\"max_depth\":%" PRIu64 ",\"max_depth_at_ns\":%" PRIu64
		      ",\"max_kernel_count\":%" PRIu64 ",\"count_mismatches\":%" PRIu64
		      ",\"queued_at_end\":%" PRIu64 ",\"seeded\":%s,\"killed\":%s,\"stalls\":%" PRIu64 ",",
		      e->ectx, st->pushes, st->not_first, st->done, st->max_depth, st->max_depth_at,
		      st->max_kcount, st->count_mismatch, sh_entity_depth(e),
		      e->seeded || e->st.pops > e->st.pushes ? "true" : "false",
		      e->killed ? "true" : "false", sh_lostwake_stalls(ctx->a, e->sched, e));
	hist(b, "queue_to_run", &st->q2r);
	sh_buf_addc(b, ',');
	hist(b, "run_to_done", &st->r2d);
	sh_buf_addc(b, '}');
}

static void schedulers(struct sh_buf *b, const struct sh_report_ctx *ctx)
{
	unsigned ns, ne;
	struct sh_sched **scheds = sh_model_sorted_scheds(ctx->a->model, &ns);
	const char *sep = "";

	key(b, "schedulers");
	sh_buf_addc(b, '[');
	for (unsigned i = 0; scheds && i < ns; i++) {
		const struct sh_sched *s = scheds[i];
		struct sh_entity **ents;
		const char *esep = "";

		if (!sh_report_shows_sched(ctx, s))
			continue;
		sh_buf_add(b, sep);
		sep = ",";
		sh_buf_addc(b, '{');
		key(b, "id"); hex(b, s->id);
		sh_buf_add(b, ","); key(b, "name"); str_or_null(b, s->name);
		sh_buf_printf(b, ",\"stock_events_only\":%s,\"worker_runs\":%" PRIu64 ",\"kicks\":%" PRIu64
			      ",\"kicks_while_paused\":%" PRIu64 ",\"jobs_done\":%" PRIu64
			      ",\"stalls\":%" PRIu64 ",\"worker_at_end\":\"%s\",\"credit_limit\":%u,",
			      s->stock ? "true" : "false", s->runs, s->kicks, s->kicks_suppressed,
			      s->jobs_done, sh_lostwake_stalls(ctx->a, s, NULL),
			      sh_worker_state_name(s->worker), s->credit_limit);
		key(b, "entities");
		sh_buf_addc(b, '[');
		ents = sh_sched_sorted_entities(s, &ne);
		for (unsigned k = 0; ents && k < ne; k++) {
			if (!sh_report_shows_entity(ctx, ents[k]))
				continue;
			sh_buf_add(b, esep);
			esep = ",";
			entity(b, ctx, ents[k]);
		}
		if (!ents)
			b->failed = true;
		free(ents);
		sh_buf_add(b, "]}");
	}
	if (!scheds)
		b->failed = true;
	free(scheds);
	sh_buf_addc(b, ']');
}

static void quality(struct sh_buf *b, const struct sh_report_ctx *ctx)
{
	const struct sh_trace_info *info = ctx->info;
	const struct sh_model *m = ctx->a->model;
	const char *sep = "";

	key(b, "quality");
	sh_buf_printf(b, "{\"events\":%" PRIu64 ",\"input_events\":%" PRIu64 ",\"unknown_events\":%" PRIu64
		      ",\"missing_field\":%" PRIu64 ",\"unordered\":%" PRIu64 ",\"orphan_done\":%" PRIu64
		      ",\"orphan_pop\":%" PRIu64 ",\"duplicate_push\":%" PRIu64 ",\"late_push\":%" PRIu64 ",",
		      m->nevents, info->raw_events, info->unknown_events, info->missing_field,
		      info->unordered, m->orphan_done, m->orphan_pop, m->duplicate_push,
		      m->late_push);
	key(b, "by_type");
	sh_buf_addc(b, '{');
	for (unsigned t = 0; t < SH_EV__COUNT; t++) {
		if (!info->per_type[t])
			continue;
		sh_buf_add(b, sep);
		sep = ",";
		key(b, sh_ev_desc(t)->name);
		sh_buf_printf(b, "%" PRIu64, info->per_type[t]);
	}
	sh_buf_add(b, "}}");
}

static void indent(struct sh_buf *b, int depth)
{
	sh_buf_addc(b, '\n');
	for (int i = 0; i < depth; i++)
		sh_buf_add(b, "  ");
}

/*
 * Re-indent compact JSON, two spaces a level, one member per line, so that
 * goldens diff line by line; empty arrays and objects stay "[]" and "{}".
 */
static void pretty(struct sh_buf *out, const char *s)
{
	int depth = 0;
	bool in_str = false;

	for (; *s; s++) {
		char c = *s;

		if (in_str) {
			sh_buf_addc(out, c);
			if (c == '\\' && s[1])
				sh_buf_addc(out, *++s);
			else if (c == '"')
				in_str = false;
			continue;
		}
		switch (c) {
		case '"':
			in_str = true;
			sh_buf_addc(out, c);
			break;
		case '{':
		case '[':
			sh_buf_addc(out, c);
			if (s[1] == (c == '{' ? '}' : ']'))
				sh_buf_addc(out, *++s);
			else
				indent(out, ++depth);
			break;
		case '}':
		case ']':
			indent(out, --depth);
			sh_buf_addc(out, c);
			break;
		case ',':
			sh_buf_addc(out, c);
			indent(out, depth);
			break;
		case ':':
			sh_buf_add(out, ": ");
			break;
		default:
			sh_buf_addc(out, c);
		}
	}
}

static void render(struct sh_buf *out, const struct sh_report_ctx *ctx)
{
	struct sh_buf compact;

	sh_buf_init(&compact);
	render_compact(&compact, ctx);
	if (compact.failed)
		out->failed = true;
	else
		pretty(out, compact.data);
	sh_buf_release(&compact);
}

static void render_compact(struct sh_buf *b, const struct sh_report_ctx *ctx)
{
	size_t n;
	const struct sh_finding **v = sh_report_findings(ctx, &n);

	sh_buf_printf(b, "{\"schedhang_report\":%d,", SH_JSON_VERSION);
	input(b, ctx);
	sh_buf_add(b, ",");
	key(b, "findings");
	sh_buf_addc(b, '[');
	for (size_t i = 0; v && i < n; i++) {
		if (i)
			sh_buf_addc(b, ',');
		finding(b, v[i]);
	}
	if (!v)
		b->failed = true;
	free((void *)v);
	sh_buf_add(b, "],");
	schedulers(b, ctx);
	sh_buf_add(b, ",");
	quality(b, ctx);
	sh_buf_add(b, "}\n");
}

const struct sh_report_ops sh_report_json = {
	.name = "json",
	.render = render,
};
