/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

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
	return sched_matches(ctx->opts->sched, s->id, s->name);
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
	e = f->entity ? sh_model_entity(ctx->a->model, f->entity) : NULL;
	return e && e->ectx == o->entity;
}

const struct sh_finding **sh_report_findings(const struct sh_report_ctx *ctx, size_t *n)
{
	const struct sh_findings *all = &ctx->a->findings;
	const struct sh_finding **v = malloc((all->len + 1) * sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < all->len; i++) {
		if (ctx->opts->top && *n >= ctx->opts->top)
			break;
		if (sh_report_shows_finding(ctx, &all->items[i]))
			v[(*n)++] = &all->items[i];
	}
	return v;
}

void sh_report_ts(struct sh_buf *b, const struct sh_report_ctx *ctx, uint64_t ts)
{
	sh_format_ts(b, ts, ctx->opts->ns);
}
