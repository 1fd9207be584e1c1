/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>

#include "detect/analysis.h"
#include "core/error.h"

static const struct sh_detector *const detectors[] = {
	&sh_detect_invariant,
	&sh_detect_lostwake,
	&sh_detect_hang,
	&sh_detect_stock,
};

#define N_DETECTORS (sizeof(detectors) / sizeof(detectors[0]))

struct sh_analysis *sh_analysis_new(const struct sh_analysis_opts *opts)
{
	struct sh_analysis *a = calloc(1, sizeof(*a));

	if (!a) {
		sh_error("out of memory creating the analysis");
		return NULL;
	}
	if (opts)
		a->opts = *opts;
	if (!a->opts.hang_ns)
		a->opts.hang_ns = a->opts.stall_ns ? a->opts.stall_ns : SH_DEFAULT_HANG_NS;
	sh_findings_init(&a->findings);
	a->model = sh_model_new();
	if (!a->model) {
		sh_analysis_free(a);
		return NULL;
	}
	return a;
}

void sh_analysis_free(struct sh_analysis *a)
{
	if (!a)
		return;
	sh_model_free(a->model);
	sh_findings_release(&a->findings);
	free(a);
}

int sh_analysis_feed(struct sh_analysis *a, const struct sh_event *ev)
{
	if (sh_model_feed(a->model, ev) < 0)
		return -1;
	for (size_t i = 0; i < N_DETECTORS; i++)
		if (detectors[i]->event)
			detectors[i]->event(a, ev);
	return a->model->oom ? -1 : 0;
}

int sh_analysis_finish(struct sh_analysis *a)
{
	if (a->finished)
		return 0;
	a->finished = true;
	for (size_t i = 0; i < N_DETECTORS; i++)
		if (detectors[i]->finish)
			detectors[i]->finish(a);
	sh_findings_sort(&a->findings);
	return a->model->oom ? -1 : 0;
}

struct sh_finding *sh_analysis_report(struct sh_analysis *a, enum sh_finding_class cls,
				      const struct sh_sched *s, uint64_t start, uint64_t end)
{
	struct sh_finding *f = sh_findings_add(&a->findings, cls);

	if (!f)
		return NULL;
	if (s) {
		f->sched = s->id;
		f->sched_name = s->name;
	}
	f->start = start;
	f->end = end;
	f->conf = sh_analysis_confidence(a, start, end);
	return f;
}

enum sh_confidence sh_analysis_confidence(const struct sh_analysis *a, uint64_t from, uint64_t to)
{
	return sh_model_lost_between(a->model, from, to) ? SH_CONF_DEGRADED : SH_CONF_PROVEN;
}

void sh_analysis_cite_worker(struct sh_finding *f, const struct sh_sched *s)
{
	if (!s)
		return;
	sh_finding_cite(f, sh_saved_get(&s->last_kick), "the worker's last kick");
	sh_finding_cite(f, sh_saved_get(&s->last_begin), "the worker's last run start");
	sh_finding_cite(f, sh_saved_get(&s->last_end), "the worker's last decision");
}

/* Keep @cand in @out if it lasts at least @min_ns at @now and began before @out's. */
static void consider(struct sh_stall *out, bool *found, const struct sh_stall *cand, uint64_t now,
		     uint64_t min_ns)
{
	if (cand->since > now || now - cand->since < min_ns)
		return;
	if (*found && out->since <= cand->since)
		return;
	*out = *cand;
	*found = true;
}

static void sched_stalls(const struct sh_sched *s, uint64_t now, uint64_t min_ns,
			 struct sh_stall *out, bool *found)
{
	static const struct {
		size_t off;
		enum sh_finding_class cls;
	} watches[] = {
		{ offsetof(struct sh_sched, paused), SH_FC_SCHED_PAUSED },
		{ offsetof(struct sh_sched, credit), SH_FC_CREDIT_STARVATION },
		{ offsetof(struct sh_sched, wq_queued), SH_FC_WQ_STARVATION },
		{ offsetof(struct sh_sched, wq_running), SH_FC_WQ_STARVATION },
		{ offsetof(struct sh_sched, free_pending), SH_FC_FREE_WORK_STALL },
		{ offsetof(struct sh_sched, tdr), SH_FC_JOB_TIMEOUT },
	};
	struct sh_stall c = { .sched = s };

	/* a kick already sent and not served yet is the workqueue's stall, not a lost wakeup */
	for (const struct sh_entity *e = s->lw_open ? s->entities : NULL; e; e = e->next_in_sched) {
		if (!e->lw.open || e->lw.rescue_kick.set)
			continue;
		c.cls = sh_lostwake_race_evidence(&e->lw) ? SH_FC_SPSC_RACE : SH_FC_MISSING_KICK;
		c.since = e->lw.start;
		c.ectx = e->lw.ectx;
		c.seqno = e->lw.seqno;
		consider(out, found, &c, now, min_ns);
	}
	c.ectx = c.seqno = 0;
	for (size_t i = 0; i < sizeof(watches) / sizeof(watches[0]); i++) {
		const struct sh_watch *w = (const void *)((const char *)s + watches[i].off);

		if (!w->open)
			continue;
		c.cls = watches[i].cls;
		c.since = w->since;
		consider(out, found, &c, now, min_ns);
	}
}

bool sh_analysis_stalled(const struct sh_analysis *a, uint64_t now, uint64_t min_ns,
			 struct sh_stall *out)
{
	bool found = false;
	void *v;

	for (size_t i = 0; sh_hmap_next(&a->model->scheds, &i, NULL, &v);)
		sched_stalls(v, now, min_ns, out, &found);
	return found;
}
