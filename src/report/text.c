/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The text report: header, findings (worst first), per-entity table, trace quality. */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>

#include "core/schema.h"
#include "report/report.h"
#include "report/text.h"

#define BOLD "\033[1m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define MAGENTA "\033[35m"
#define RESET "\033[0m"

static void color(struct sh_buf *b, const struct sh_report_ctx *ctx, const char *code)
{
	if (ctx->opts->color)
		sh_buf_add(b, code);
}

static void heading(struct sh_buf *b, const struct sh_report_ctx *ctx, const char *title)
{
	sh_buf_addc(b, '\n');
	color(b, ctx, BOLD);
	sh_buf_add(b, title);
	color(b, ctx, RESET);
	sh_buf_addc(b, '\n');
}

static void lost_summary(struct sh_buf *b, const struct sh_trace_info *info)
{
	uint64_t total = 0;
	const char *sep = " (";

	for (size_t i = 0; i < info->nlost_cpus; i++)
		total += info->lost_cpus[i].lost;
	if (!total && !info->lost_markers) {
		sh_buf_add(b, "none");
		return;
	}
	sh_buf_printf(b, "%" PRIu64, total);
	for (size_t i = 0; i < info->nlost_cpus; i++) {
		const struct sh_lost_cpu *l = &info->lost_cpus[i];

		if (!l->lost)
			continue;
		if (l->cpu < 0)
			sh_buf_printf(b, "%sunknown CPU: %" PRIu64, sep, l->lost);
		else
			sh_buf_printf(b, "%sCPU %d: %" PRIu64, sep, l->cpu, l->lost);
		sep = ", ";
	}
	if (*sep == ',')
		sh_buf_addc(b, ')');
	if (info->lost_unknown)
		sh_buf_printf(b, ", plus %" PRIu64 " gaps of unknown size", info->lost_unknown);
}

static void header(struct sh_buf *b, const struct sh_report_ctx *ctx)
{
	const struct sh_trace_info *info = ctx->info;
	const struct sh_model *m = ctx->a->model;
	const char *sep = "";

	color(b, ctx, BOLD);
	sh_buf_add(b, "schedhang report: ");
	sh_buf_add_text(b, ctx->opts->input_name);
	sh_buf_addc(b, '\n');
	color(b, ctx, RESET);
	sh_buf_printf(b, "  format      %s\n", info->format[0] ? info->format : "unknown");
	if (info->kernel[0]) {
		sh_buf_add(b, "  kernel      ");
		sh_buf_add_text(b, info->kernel);
		sh_buf_addc(b, '\n');
	}
	sh_buf_add(b, "  clock       ");
	sh_buf_add_text(b, info->clock[0] ? info->clock : "unknown");
	sh_buf_addc(b, '\n');
	sh_buf_add(b, "  time span   ");
	if (m->nevents) {
		sh_report_ts(b, ctx, m->first_ts);
		sh_buf_add(b, " - ");
		sh_report_ts(b, ctx, m->last_ts);
		sh_buf_add(b, " (");
		sh_format_duration(b, m->last_ts - m->first_ts);
		sh_buf_add(b, ")\n");
	} else {
		sh_buf_add(b, "no events\n");
	}
	if (info->ncpus)
		sh_buf_printf(b, "  CPUs        %d\n", info->ncpus);
	sh_buf_add(b, "  events      ");
	for (unsigned bit = 0; bit < SH_SCHEMA__COUNT; bit++) {
		if (info->schemas & (1u << bit)) {
			sh_buf_printf(b, "%s%s", sep, sh_trace_info_schema(bit));
			sep = ", ";
		}
	}
	sh_buf_printf(b, "%s%" PRIu64 " analyzed\n", *sep ? "; " : "", m->nevents);
	sh_buf_add(b, "  lost events ");
	lost_summary(b, info);
	sh_buf_addc(b, '\n');
}

static void evidence(struct sh_buf *b, const struct sh_report_ctx *ctx, const struct sh_finding *f)
{
	sh_buf_add(b, "    evidence:\n");
	for (unsigned i = 0; i < f->nevidence; i++) {
		const struct sh_event *ev = &f->evidence[i].ev;

		/* as trace-cmd report prints it, so that it can be found there */
		sh_buf_add(b, "      ");
		sh_buf_add_text(b, ev->comm ? ev->comm : "<...>");
		sh_buf_printf(b, "-%d [%03d] ", ev->pid, ev->cpu);
		sh_report_ts(b, ctx, ev->ts);
		sh_buf_add(b, ": ");
		sh_schema_print(b, ev);
		sh_buf_printf(b, "\n        ^ %s\n", f->evidence[i].role);
	}
}

/* The jobs a finding stands for, when it is more than its own. */
static void jobs(struct sh_buf *b, const struct sh_finding *f)
{
	if (f->njobs < 2)
		return;
	sh_buf_add(b, "    jobs     ");
	for (unsigned i = 0; i < f->njobs; i++)
		sh_buf_printf(b, " %" PRIu64 ":%" PRIu64, f->jobs[i].ectx, f->jobs[i].seqno);
	if (f->count > f->njobs)
		sh_buf_printf(b, " and %" PRIu64 " more", f->count - f->njobs);
	sh_buf_addc(b, '\n');
}

static void finding(struct sh_buf *b, const struct sh_report_ctx *ctx, const struct sh_finding *f,
		    size_t nr)
{
	static const char *const conf_color[] = { RED, YELLOW, MAGENTA };
	const struct sh_sched *s = f->sched ? sh_model_sched(ctx->a->model, f->sched) : NULL;

	sh_buf_printf(b, "\n[%zu] ", nr);
	color(b, ctx, conf_color[f->conf]);
	color(b, ctx, BOLD);
	sh_buf_printf(b, "%s", sh_finding_class_name(f->cls));
	color(b, ctx, RESET);
	sh_buf_printf(b, " (%s, %s): %s\n", sh_confidence_name(f->conf), sh_reason_key(f->reason),
		      sh_finding_class_summary(f->cls));
	if (s && s->stock) {
		sh_buf_add(b, "    scheduler ");
		sh_buf_add_text(b, f->sched_name ? f->sched_name : "?");
		sh_buf_add(b, " (stock events name rings, not schedulers)\n");
	} else if (f->sched) {
		sh_buf_printf(b, "    scheduler 0x%" PRIx64 "%s", f->sched, f->sched_name ? " (" : "");
		sh_buf_add_text(b, f->sched_name ? f->sched_name : "");
		sh_buf_add(b, f->sched_name ? ")\n" : "\n");
	}
	if (f->entity)
		sh_buf_printf(b, "    entity    0x%" PRIx64 "\n", f->entity);
	if (f->has_job)
		sh_buf_printf(b, "    job       %" PRIu64 ":%" PRIu64 "\n", f->ectx, f->seqno);
	jobs(b, f);
	sh_buf_add(b, "    when      ");
	sh_report_ts(b, ctx, f->start);
	if (f->end > f->start) {
		sh_buf_add(b, " - ");
		sh_report_ts(b, ctx, f->end);
		sh_buf_add(b, " (");
		sh_format_duration(b, sh_finding_duration(f));
		sh_buf_add(b, f->open_at_end ? ", until the end of the trace)" : ")");
	}
	if (f->rescued_by)
		sh_buf_printf(b, ", rescued by %s", f->rescued_by);
	if (f->count > 1 && sh_finding_count_unit(f))
		sh_buf_printf(b, ", %" PRIu64 " %s", f->count, sh_finding_count_unit(f));
	sh_buf_printf(b, "\n    %s\n", f->detail);
	evidence(b, ctx, f);
}

static void findings(struct sh_buf *b, const struct sh_report_ctx *ctx,
		     const struct sh_report_shown *sh)
{
	char title[160];

	if (!sh->n)
		snprintf(title, sizeof(title), "FINDINGS: none");
	else if (sh->matched > sh->n)
		snprintf(title, sizeof(title), "FINDINGS: %zu (the %zu worst; %zu more not shown, see --top)",
			 sh->matched, sh->n, sh->matched - sh->n);
	else
		snprintf(title, sizeof(title), "FINDINGS: %zu", sh->n);
	heading(b, ctx, title);
	for (size_t i = 0; i < sh->n; i++)
		finding(b, ctx, sh->v[i], i + 1);
}

static void hist_cols(struct sh_buf *b, const struct sh_report_ctx *ctx, const struct sh_hist *h)
{
	struct sh_buf t;

	sh_buf_init(&t);
	if (!h->count) {
		sh_buf_printf(b, " %10s %10s %10s %-16s", "-", "-", "-", "-");
		return;
	}
	sh_format_duration(&t, sh_hist_avg(h));
	sh_buf_printf(b, " %10s", t.data ? t.data : "");
	sh_buf_reset(&t);
	sh_format_duration(&t, sh_hist_percentile(h, 99));
	sh_buf_printf(b, " %10s", t.data ? t.data : "");
	sh_buf_reset(&t);
	sh_format_duration(&t, h->max);
	sh_buf_printf(b, " %10s ", t.data ? t.data : "");
	sh_buf_reset(&t);
	sh_report_ts(&t, ctx, h->max_at);
	sh_buf_printf(b, "%-16s", t.data ? t.data : "");
	if (t.failed)
		b->failed = true;
	sh_buf_release(&t);
}

static void entity_row(struct sh_buf *b, const struct sh_report_ctx *ctx,
		       const struct sh_report_shown *sh, const struct sh_entity *e)
{
	const struct sh_entity_stats *st = &e->st;

	sh_buf_printf(b, "  0x%-18" PRIx64 " %6" PRIu64 " %6" PRIu64 " %5" PRIu64 "/%-4" PRIu64,
		      e->id, e->ectx, st->pushes, st->max_depth, st->max_kcount);
	hist_cols(b, ctx, &st->q2r);
	hist_cols(b, ctx, &st->r2d);
	sh_buf_printf(b, " %8zu\n", sh_report_shown_about(sh, e->sched->id, e->id));
}

static void table(struct sh_buf *b, const struct sh_report_ctx *ctx, const struct sh_report_shown *sh)
{
	unsigned ns, ne;
	struct sh_sched **scheds = sh_model_sorted_scheds(ctx->a->model, &ns);

	heading(b, ctx, "SCHEDULERS AND ENTITIES");
	if (!scheds) {
		b->failed = true;
		return;
	}
	if (!ns)
		sh_buf_add(b, "  no scheduler activity in the trace\n");
	for (unsigned i = 0; i < ns; i++) {
		const struct sh_sched *s = scheds[i];
		struct sh_entity **ents;

		if (!sh_report_shows_sched(ctx, s))
			continue;
		if (s->stock) {
			sh_buf_add(b, "\nring ");
			sh_buf_add_text(b, s->name ? s->name : "?");
			sh_buf_add(b, " [stock events]");
		} else {
			sh_buf_printf(b, "\nscheduler 0x%" PRIx64 " (", s->id);
			sh_buf_add_text(b, s->name ? s->name : "unnamed");
			sh_buf_addc(b, ')');
		}
		sh_buf_printf(b, ": worker runs %" PRIu64 ", kicks %" PRIu64
			      " (%" PRIu64 " while paused), jobs done %" PRIu64 ", findings %zu"
			      ", worker %s at the end\n", s->runs, s->kicks, s->kicks_suppressed,
			      s->jobs_done, sh_report_shown_about(sh, s->id, 0),
			      sh_worker_state_name(s->worker));
		sh_buf_printf(b, "  %-20s %6s %6s %10s %10s %10s %10s %-16s %10s %10s %10s %-16s %8s\n",
			      "entity", "ctx", "jobs", "depth/kcnt", "q->r avg", "p99", "max", "max at",
			      "r->d avg", "p99", "max", "max at", "findings");
		ents = sh_sched_sorted_entities(s, &ne);
		if (!ents) {
			b->failed = true;
			break;
		}
		for (unsigned k = 0; k < ne; k++)
			if (sh_report_shows_entity(ctx, ents[k]))
				entity_row(b, ctx, sh, ents[k]);
		free(ents);
	}
	free(scheds);
}

static void quality(struct sh_buf *b, const struct sh_report_ctx *ctx)
{
	const struct sh_trace_info *info = ctx->info;
	const struct sh_model *m = ctx->a->model;
	uint64_t mismatch = 0;
	const char *sep = "";
	void *v;

	heading(b, ctx, "TRACE QUALITY");
	sh_buf_add(b, "  events by type: ");
	for (unsigned t = 0; t < SH_EV__COUNT; t++) {
		if (info->per_type[t]) {
			sh_buf_printf(b, "%s%s %" PRIu64, sep, sh_ev_desc(t)->name, info->per_type[t]);
			sep = ", ";
		}
	}
	sh_buf_printf(b, "%s\n", *sep ? "" : "none");
	sh_buf_printf(b, "  input events %" PRIu64 ", of types schedhang does not use %" PRIu64
		      ", dropped for a missing field %" PRIu64 ", out of time order %" PRIu64 "\n",
		      info->raw_events, info->unknown_events, info->missing_field, info->unordered);
	for (size_t i = 0; sh_hmap_next(&m->entities, &i, NULL, &v);)
		mismatch += ((const struct sh_entity *)v)->st.count_mismatch;
	for (size_t i = 0; sh_hmap_next(&m->stock_entities, &i, NULL, &v);)
		mismatch += ((const struct sh_entity *)v)->st.count_mismatch;
	sh_buf_printf(b, "  done without a known job %" PRIu64 ", pop of an unpushed job %" PRIu64
		      " (push traced later %" PRIu64 "), duplicate pushes %" PRIu64
		      ", kernel count != reconstructed depth %" PRIu64 "\n",
		      m->orphan_done, m->orphan_pop, m->late_push, m->duplicate_push, mismatch);
	sh_buf_printf(b, "  lost-event markers %" PRIu64 "%s\n", info->lost_markers,
		      info->lost_markers ? ": findings near them are marked degraded" : "");
}

static void render(struct sh_buf *b, const struct sh_report_ctx *ctx)
{
	struct sh_report_shown sh;

	if (sh_report_shown_init(&sh, ctx) < 0) {
		b->failed = true;
		return;
	}
	header(b, ctx);
	findings(b, ctx, &sh);
	table(b, ctx, &sh);
	quality(b, ctx);
	sh_report_shown_release(&sh);
}

const struct sh_report_ops sh_report_text = {
	.name = "text",
	.render = render,
};
