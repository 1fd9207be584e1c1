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
/*
 * An input with no drm_sched events of any known schema is an input error,
 * not a clean bill of health: -1 (reported, naming what the input has and
 * how to record the right events), else 0.
 */
int sh_report_require_drm_sched(const struct sh_report_ctx *ctx, bool stock_only);

/* --sched and --entity must match something: -1 (reported), else 0. */
int sh_report_check_filters(const struct sh_report_ctx *ctx);

/* The findings a report shows, worst first, honouring the filters and --top. */
struct sh_report_shown {
	const struct sh_finding **v;	/* owned: borrowed pointers into the analysis */
	size_t n;			/* shown */
	size_t matched;			/* matching the filters (more than n when --top cut) */
};

/* Fill @sh for @ctx. 0, or -1 when out of memory. */
int sh_report_shown_init(struct sh_report_shown *sh, const struct sh_report_ctx *ctx);
void sh_report_shown_release(struct sh_report_shown *sh);
/* How many shown findings are about scheduler @sched (and entity @entity unless 0). */
size_t sh_report_shown_about(const struct sh_report_shown *sh, uint64_t sched, uint64_t entity);

#endif
