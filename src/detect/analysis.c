/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdalign.h>
#include <stdlib.h>

#include "core/error.h"
#include "detect/analysis.h"
#include "detect/detector.h"
#include "detect/hang.h"
#include "detect/invariant.h"
#include "detect/lostwake.h"
#include "detect/stock.h"
#include "model/model-feed.h"

/* The detectors, run in this order after the model saw each event. */
static const struct sh_detector *const detectors[] = {
	&sh_invariant_detector,
	&sh_lostwake_detector,
	&sh_hang_detector,
	&sh_stock_detector,
};

#define N_DETECTORS (sizeof(detectors) / sizeof(detectors[0]))

static size_t align_up(size_t n)
{
	return (n + alignof(max_align_t) - 1) / alignof(max_align_t) * alignof(max_align_t);
}

/* Give each detector its place in the bytes the model reserves; the totals in @ns and @ne. */
static void place_detectors(struct sh_analysis *a, size_t *ns, size_t *ne)
{
	*ns = *ne = 0;
	for (unsigned i = 0; i < N_DETECTORS; i++) {
		struct sh_detect *d = &a->detect[i];

		d->ops = detectors[i];
		d->a = a;
		d->sched_off = *ns;
		d->entity_off = *ne;
		*ns += align_up(d->ops->sched_state);
		*ne += align_up(d->ops->entity_state);
	}
	a->ndetect = N_DETECTORS;
}

struct sh_analysis *sh_analysis_new(const struct sh_analysis_opts *opts)
{
	struct sh_analysis *a = calloc(1, sizeof(*a));
	size_t sched_extra, entity_extra;

	if (!a || !(a->detect = calloc(N_DETECTORS, sizeof(*a->detect)))) {
		free(a);
		sh_error("out of memory creating the analysis");
		return NULL;
	}
	if (opts)
		a->opts = *opts;
	if (!a->opts.hang_ns)
		a->opts.hang_ns = a->opts.stall_ns ? a->opts.stall_ns : SH_DEFAULT_HANG_NS;
	sh_findings_init(&a->findings);
	place_detectors(a, &sched_extra, &entity_extra);
	a->model = sh_model_new(sched_extra, entity_extra);
	if (!a->model) {
		sh_analysis_free(a);
		return NULL;
	}
	return a;
}

void sh_analysis_free(struct sh_analysis *a)
{
	void *v;

	if (!a)
		return;
	for (size_t i = 0; a->model && sh_hmap_next(&a->model->scheds, &i, NULL, &v);)
		for (unsigned k = 0; k < a->ndetect; k++)
			if (a->detect[k].ops->release_sched)
				a->detect[k].ops->release_sched(&a->detect[k], v);
	sh_model_free(a->model);
	sh_findings_release(&a->findings);
	free(a->detect);
	free(a);
}

int sh_analysis_feed(struct sh_analysis *a, const struct sh_event *ev)
{
	if (sh_model_feed(a->model, ev) < 0)
		return -1;
	for (unsigned i = 0; i < a->ndetect; i++)
		if (a->detect[i].ops->event)
			a->detect[i].ops->event(&a->detect[i], ev);
	return a->model->oom ? -1 : 0;
}

int sh_analysis_finish(struct sh_analysis *a)
{
	if (a->finished)
		return 0;
	a->finished = true;
	for (unsigned i = 0; i < a->ndetect; i++)
		if (a->detect[i].ops->finish)
			a->detect[i].ops->finish(&a->detect[i]);
	sh_findings_sort(&a->findings);
	return a->model->oom ? -1 : 0;
}

const struct sh_detect *sh_analysis_detector(const struct sh_analysis *a,
					     const struct sh_detector *ops)
{
	for (unsigned i = 0; i < a->ndetect; i++)
		if (a->detect[i].ops == ops)
			return &a->detect[i];
	return NULL;
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

void sh_stall_offer(struct sh_stall_query *q, const struct sh_stall *cand)
{
	if (cand->since > q->now || q->now - cand->since < q->min_ns)
		return;
	if (q->found && q->out->since <= cand->since)
		return;
	*q->out = *cand;
	q->found = true;
}

bool sh_analysis_stalled(const struct sh_analysis *a, uint64_t now, uint64_t min_ns,
			 struct sh_stall *out)
{
	struct sh_stall_query q = { now, min_ns, out, false };
	void *v;

	for (size_t i = 0; sh_hmap_next(&a->model->scheds, &i, NULL, &v);)
		for (unsigned k = 0; k < a->ndetect; k++)
			if (a->detect[k].ops->stalled)
				a->detect[k].ops->stalled(&a->detect[k], v, &q);
	return q.found;
}
