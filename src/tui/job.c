/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The job detail view: one job's life (queued, deps, run, done) with its latencies. */
#include "config.h"

#include <inttypes.h>

#include "core/format.h"
#include "tui/graph.h"
#include "tui/job.h"
#include "tui/tui.h"

struct job_life {
	uint64_t queued, run, done;	/* 0: not seen */
	unsigned deps;
};

static const char *step_name(const struct sh_tl_entry *x, struct job_life *life)
{
	switch (x->type) {
	case SH_EV_JOB_QUEUE:
		life->queued = life->queued ? life->queued : sh_tl_ts(x);
		return "queued (stock event: whether it woke the worker is unknown)";
	case SH_EV_PUSH:
		life->queued = life->queued ? life->queued : sh_tl_ts(x);
		return x->flags & SH_TLF_NOT_FIRST ? "queued (push not first: did not wake the worker)" :
						     "queued (push woke the worker)";
	case SH_EV_DEP: case SH_EV_JOB_DEP:
		life->deps++;
		return "dependency";
	case SH_EV_POP: case SH_EV_JOB_RUN:
		life->run = life->run ? life->run : sh_tl_ts(x);
		return "taken by the worker (run)";
	case SH_EV_DONE: case SH_EV_JOB_DONE:
		life->done = sh_tl_ts(x);
		return "done";
	default:
		return sh_ev_desc(x->type)->name;
	}
}

static void latency(struct tui *t, int *y, const char *what, uint64_t from, uint64_t to)
{
	struct sh_buf b;

	sh_buf_init(&b);
	sh_buf_printf(&b, "  %-16s ", what);
	if (from && to)
		sh_format_duration(&b, to - from);
	else
		sh_buf_add(&b, "-");
	tui_put(&t->scr, 0, (*y)++, t->scr.cols, TS_NORMAL, b.failed ? "" : b.data);
	sh_buf_release(&b);
}

static void job_findings(struct tui *t, int *y)
{
	for (size_t i = 0; i < t->a->findings.len && *y < t->scr.rows - 1; i++) {
		const struct sh_finding *f = &t->a->findings.items[i];

		if (f->has_job && (uint32_t)f->ectx == t->job_ectx && (uint32_t)f->seqno == t->job_seqno) {
			tui_put(&t->scr, 2, *y, t->scr.cols - 2, TS_FINDING, sh_finding_class_summary(f->cls));
			(*y)++;
		}
	}
}

void tui_draw_job(struct tui *t)
{
	const struct sh_tl_row *r = &t->tl->rows[t->job_row];
	struct job_life life = { 0 };
	struct sh_buf b;
	int y = 2;

	sh_buf_init(&b);
	sh_buf_printf(&b, "job %" PRIu32 ":%" PRIu32 " of entity 0x%" PRIx64 " (q or Esc closes)",
		      t->job_ectx, t->job_seqno, r->id);
	tui_put(&t->scr, 0, 0, t->scr.cols, TS_TITLE, b.failed ? "" : b.data);
	tui_style_line(&t->scr, 0, 0, TS_TITLE);
	for (size_t i = 0; i < r->len && y < t->scr.rows - 6; i++) {
		const struct sh_tl_entry *x = &r->ent[i];

		if (!(x->flags & SH_TLF_HAS_SEQNO) || x->seqno != t->job_seqno)
			continue;
		sh_buf_reset(&b);
		sh_buf_add(&b, "  ");
		tui_fmt_ts(t, &b, sh_tl_ts(x));
		sh_buf_printf(&b, "  %s", step_name(x, &life));
		tui_put(&t->scr, 0, y++, t->scr.cols, TS_NORMAL, b.failed ? "" : b.data);
	}
	if (!life.done)
		tui_put(&t->scr, 2, y++, t->scr.cols - 2, TS_FINDING,
			"no done event for this job on its entity (not done, or stock events only)");
	y++;
	latency(t, &y, "queue -> run", life.queued, life.run);
	latency(t, &y, "run -> done", life.run, life.done);
	latency(t, &y, "queue -> done", life.queued, life.done);
	job_findings(t, &y);
	sh_buf_release(&b);
}
