/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_REPORT_H
#define SH_REPORT_H

/*
 * Rendering an analysis: text (for people) or JSON (for CI), chosen once as
 * an ops table. Output is built in a struct sh_buf; nothing here prints.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/format.h"
#include "core/trace-info.h"
#include "detect/analysis.h"

struct sh_report_opts {
	bool ns;		/* -t: timestamps in ns instead of us */
	bool color;		/* ANSI colors (text only) */
	const char *sched;	/* --sched NAME|ID: only this scheduler, or NULL */
	uint64_t entity;	/* --entity ID: only this entity, or 0 */
	bool has_entity;
	unsigned top;		/* --top N: at most N findings (0: all) */
	uint64_t min_ns;	/* --min MS: only entities whose worst queue->run is at least this */
	const char *input_name;	/* how to name the input (as given on the command line) */
};

struct sh_report_ctx {
	const struct sh_trace_info *info;	/* borrowed */
	const struct sh_analysis *a;		/* borrowed, finished */
	const struct sh_report_opts *opts;	/* borrowed */
};

struct sh_report_ops {
	const char *name;	/* "text", "json" */
	void (*render)(struct sh_buf *out, const struct sh_report_ctx *ctx);
};


/* The output format called @name, or NULL. */
const struct sh_report_ops *sh_report_find(const char *name);

/* Shared by the renderers (report.c). */
bool sh_report_shows_sched(const struct sh_report_ctx *ctx, const struct sh_sched *s);
bool sh_report_shows_finding(const struct sh_report_ctx *ctx, const struct sh_finding *f);
bool sh_report_shows_entity(const struct sh_report_ctx *ctx, const struct sh_entity *e);
/* "812.000101" (us) or "812.000101123" (ns). */
void sh_report_ts(struct sh_buf *b, const struct sh_report_ctx *ctx, uint64_t ts);
/* Findings to show, in order, honouring the filters and --top; count in *n. Caller frees. */
const struct sh_finding **sh_report_findings(const struct sh_report_ctx *ctx, size_t *n);

#endif
