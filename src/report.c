/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

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
	if (ctx->opts->ns)
		sh_buf_printf(b, "%" PRIu64 ".%09" PRIu64, ts / 1000000000, ts % 1000000000);
	else
		sh_buf_printf(b, "%" PRIu64 ".%06" PRIu64, ts / 1000000000, ts % 1000000000 / 1000);
}

void sh_report_duration(struct sh_buf *b, uint64_t ns)
{
	if (ns >= 1000000000)
		sh_buf_printf(b, "%.3f s", ns / 1e9);
	else if (ns >= 1000000)
		sh_buf_printf(b, "%.3f ms", ns / 1e6);
	else if (ns >= 1000)
		sh_buf_printf(b, "%.1f us", ns / 1e3);
	else
		sh_buf_printf(b, "%" PRIu64 " ns", ns);
}

void sh_report_fields(struct sh_buf *b, const struct sh_event *ev)
{
	const struct sh_ev_desc *d = sh_ev_desc(ev->type);
	const char *sep = "";

	if (!d)
		return;
	for (unsigned s = 0; s < 2; s++) {
		if (d->str_name[s] && ev->str[s]) {
			sh_buf_printf(b, "%s%s=%s", sep, d->str_name[s], ev->str[s]);
			sep = " ";
		}
	}
	for (unsigned i = 0; i < d->nfields; i++) {
		const struct sh_field_desc *fd = &d->fields[i];
		uint64_t v = ev->f[i];
		const char *name;

		sh_buf_printf(b, "%s%s=", sep, fd->name);
		sep = " ";
		switch (fd->kind) {
		case SH_FK_X:
			sh_buf_printf(b, "0x%" PRIx64, v);
			break;
		case SH_FK_S:
			sh_buf_printf(b, "%" PRId64, (int64_t)v);
			break;
		case SH_FK_E:
			name = sh_enum_name(fd->table, v);
			if (name)
				sh_buf_add(b, name);
			else
				sh_buf_printf(b, "%" PRIu64, v);
			break;
		default:
			sh_buf_printf(b, "%" PRIu64, v);
			break;
		}
	}
}
