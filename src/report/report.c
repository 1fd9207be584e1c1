/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "report/json.h"
#include "report/report.h"
#include "report/text.h"

static const struct sh_report_ops *const formats[] = { &sh_report_text, &sh_report_json };

const struct sh_report_ops *sh_report_find(const char *name)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

/* --sched matches the scheduler's name or its id (0x...). */
static bool sched_matches(const char *want, uint64_t id, const char *name)
{
	char *end;
	uint64_t v;

	if (!want)
		return true;
	if (name && strcmp(name, want) == 0)
		return true;
	v = strtoull(want, &end, 0);
	return *want && !*end && v == id;
}

bool sh_report_shows_sched(const struct sh_report_ctx *ctx, const struct sh_sched *s)
{
	return !sh_model_shadowed(ctx->a->model, s) && sched_matches(ctx->opts->sched, s->id, s->name);
}

bool sh_report_shows_entity(const struct sh_report_ctx *ctx, const struct sh_entity *e)
{
	const struct sh_report_opts *o = ctx->opts;

	if (o->has_entity && e->id != o->entity && e->ectx != o->entity)
		return false;
	return e->st.q2r.max >= o->min_ns;
}

bool sh_report_shows_finding(const struct sh_report_ctx *ctx, const struct sh_finding *f)
{
	const struct sh_report_opts *o = ctx->opts;
	const struct sh_entity *e;

	if (!sched_matches(o->sched, f->sched, f->sched_name))
		return false;
	if (!o->has_entity)
		return true;
	if (f->entity == o->entity)
		return true;
	e = f->entity ? sh_model_find_entity(ctx->a->model, f->entity) : NULL;
	return e && e->ectx == o->entity;
}

int sh_report_require_drm_sched(const struct sh_report_ctx *ctx, bool stock_only)
{
	const unsigned stock = SH_SCHEMA(STOCK_OLD) | SH_SCHEMA(STOCK_NEW);
	const unsigned drm_sched = stock | SH_SCHEMA(SCHEDHANG) | SH_SCHEMA(SCHEDHANG_UPROBE);
	const struct sh_trace_info *info = ctx->info;
	struct sh_buf found;
	const char *sep = "";
	int r;

	if (stock_only && !(info->schemas & stock) && (info->schemas & drm_sched))
		return sh_error("'%s' has no stock gpu_scheduler events to analyze with --events stock",
				ctx->opts->input_name);
	if (info->schemas & drm_sched)
		return 0;
	sh_buf_init(&found);
	for (unsigned t = 0; t < SH_EV__COUNT; t++) {
		if (info->per_type[t]) {
			sh_buf_printf(&found, "%s%s %" PRIu64, sep, sh_ev_desc(t)->name, info->per_type[t]);
			sep = ", ";
		}
	}
	if (info->missing_field)
		sh_buf_printf(&found, "%s%" PRIu64 " dropped for a missing field", sep, info->missing_field);
	if (info->unknown_events)
		sh_buf_printf(&found, "%s%" PRIu64 " of types schedhang does not use",
			      info->missing_field ? ", " : sep, info->unknown_events);
	r = sh_error("'%s' has no drm_sched events (found: %s); record gpu_scheduler, workqueue and "
		     "dma_fence events with 'schedhang record', or 'trace-cmd record -e gpu_scheduler "
		     "-e workqueue -e dma_fence'", ctx->opts->input_name,
		     found.data && !found.failed ? found.data : "no events");
	sh_buf_release(&found);
	return r;
}

int sh_report_check_filters(const struct sh_report_ctx *ctx)
{
	const struct sh_report_opts *o = ctx->opts;
	struct sh_model *m = ctx->a->model;
	bool sched = !o->sched, entity = !o->has_entity;
	void *v;

	for (size_t i = 0; !sched && sh_hmap_next(&m->scheds, &i, NULL, &v);)
		sched = sh_report_shows_sched(ctx, v);
	for (size_t i = 0; !entity && sh_hmap_next(&m->entities, &i, NULL, &v);) {
		const struct sh_entity *e = v;

		entity = sh_report_shows_sched(ctx, e->sched) && (e->id == o->entity || e->ectx == o->entity);
	}
	for (size_t i = 0; !entity && sh_hmap_next(&m->stock_entities, &i, NULL, &v);) {
		const struct sh_entity *e = v;

		entity = sh_report_shows_sched(ctx, e->sched) && (e->id == o->entity || e->ectx == o->entity);
	}
	if (!sched)
		return sh_error("--sched '%s' matches no scheduler of '%s' (see the table of "
				"'schedhang report' without it)", o->sched, o->input_name);
	if (!entity)
		return sh_error("--entity 0x%" PRIx64 " (%" PRIu64 ") matches no entity%s of '%s'",
				o->entity, o->entity, o->sched ? " of that scheduler" : "", o->input_name);
	return 0;
}

int sh_report_shown_init(struct sh_report_shown *sh, const struct sh_report_ctx *ctx)
{
	const struct sh_findings *all = &ctx->a->findings;

	sh->n = sh->matched = 0;
	sh->v = malloc((all->len + 1) * sizeof(*sh->v));
	if (!sh->v)
		return -1;
	for (size_t i = 0; i < all->len; i++) {
		if (!sh_report_shows_finding(ctx, &all->items[i]))
			continue;
		sh->matched++;
		if (!ctx->opts->top || sh->n < ctx->opts->top)
			sh->v[sh->n++] = &all->items[i];
	}
	return 0;
}

void sh_report_shown_release(struct sh_report_shown *sh)
{
	free((void *)sh->v);
	sh->v = NULL;
	sh->n = sh->matched = 0;
}

size_t sh_report_shown_about(const struct sh_report_shown *sh, uint64_t sched, uint64_t entity)
{
	size_t n = 0;

	for (size_t i = 0; i < sh->n; i++)
		if (sh->v[i]->sched == sched && (!entity || sh->v[i]->entity == entity))
			n++;
	return n;
}

void sh_report_ts(struct sh_buf *b, const struct sh_report_ctx *ctx, uint64_t ts)
{
	sh_format_ts(b, ts, ctx->opts->ns);
}
