/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the fuzz targets: silence, and rendering the reports into memory. */
#define _GNU_SOURCE
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/error.h"
#include "detect/analysis.h"
#include "fuzz.h"
#include "report/json.h"
#include "report/report.h"
#include "report/text.h"

static void drop(enum sh_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)msg;
	(void)ctx;
}

void sh_fuzz_quiet(void)
{
	if (!getenv("SH_FUZZ_VERBOSE"))
		sh_log_set_sink(drop, NULL, NULL);
}

void sh_fuzz_render(const struct sh_analysis *a, const struct sh_trace_info *info, unsigned variant)
{
	struct sh_report_opts ro = {
		.ns = variant & 1,
		.top = (variant >> 1) & 3,
		.input_name = "fuzz-input",
	};
	struct sh_report_ctx ctx = { info, a, &ro };
	struct sh_report_shown sh;
	struct sh_buf out;

	sh_buf_init(&out);
	if (sh_report_shown_init(&sh, &ctx) == 0)
		sh_report_shown_release(&sh);
	(void)sh_report_require_drm_sched(&ctx, variant & 8);
	(void)sh_report_check_filters(&ctx);
	sh_report_text.render(&out, &ctx);
	sh_buf_reset(&out);
	ro.color = true;
	sh_report_text.render(&out, &ctx);
	sh_buf_reset(&out);
	sh_report_json.render(&out, &ctx);
	sh_buf_release(&out);
}
