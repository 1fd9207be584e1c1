/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdalign.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "detect/analysis.h"
#include "detect/detector.h"
#include "detect/hang.h"
#include "detect/invariant.h"
#include "detect/jobs.h"
#include "detect/lostwake.h"
#include "detect/kprobe.h"
#include "detect/stock.h"
#include "detect/tdr.h"
#include "model/model-feed.h"

/*
 * The detectors, run in this order after the model saw each event and at the
 * end (jobs after tdr: a timeout the handler declared lists its stuck jobs).
 */
static const struct sh_detector *const detectors[] = {
	&sh_invariant_detector,
	&sh_lostwake_detector,
	&sh_hang_detector,
	&sh_tdr_detector,
	&sh_stock_detector,
	&sh_kprobe_detector,
	&sh_jobs_detector,
};

#define N_DETECTORS (sizeof(detectors) / sizeof(detectors[0]))
_Static_assert(N_DETECTORS <= SH_MAX_DETECTORS, "SH_MAX_DETECTORS holds every detector");

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
		for (unsigned t = 0; t < SH_EV__COUNT && d->ops->event; t++)
			if (d->ops->events & (1ULL << t))
				a->hooks[t][a->nhooks[t]++] = d;
	}
	a->ndetect = N_DETECTORS;
}

/* The detectors' global states; -1 when out of memory. */
static int alloc_globals(struct sh_analysis *a)
{
	for (unsigned i = 0; i < a->ndetect; i++) {
		struct sh_detect *d = &a->detect[i];

		if (d->ops->global_state && !(d->global = calloc(1, d->ops->global_state)))
			return -1;
	}
	return 0;
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
	sh_findings_init(&a->findings);
	place_detectors(a, &sched_extra, &entity_extra);
	if (alloc_globals(a) < 0) {
		sh_error("out of memory creating the analysis");
		sh_analysis_free(a);
		return NULL;
	}
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
	for (unsigned k = 0; k < a->ndetect; k++) {
		if (a->detect[k].global && a->detect[k].ops->release)
			a->detect[k].ops->release(&a->detect[k]);
		free(a->detect[k].global);
	}
	sh_model_free(a->model);
	sh_findings_release(&a->findings);
	free(a->detect);
	free(a);
}

int sh_analysis_feed(struct sh_analysis *a, const struct sh_event *ev)
{
	unsigned n;

	if (sh_model_feed(a->model, ev) < 0)
		return -1;
	/* most events are for no detector; the owner is looked up once for those that are */
	n = ev->type < SH_EV__COUNT ? a->nhooks[ev->type] : 0;
	if (n) {
		struct sh_detect *const *hook = a->hooks[ev->type];
		struct sh_sched *s;
		struct sh_entity *e;

		sh_model_owner(a->model, ev, &s, &e);
		for (unsigned i = 0; i < n; i++)
			hook[i]->ops->event(hook[i], ev, s, e);
	}
	return a->model->oom ? -1 : 0;
}

static bool lost_wakeup(enum sh_finding_class cls);

/*
 * The finding @f restates, or NULL:
 * - an entity killed (ENTITY_KILLED): a lost wakeup of that entity (any of
 *   the scheduler's when @f names none) that began before the kill;
 * - spsc_queue invariant violations (INVARIANT): the SPSC_RACE finding of
 *   that entity (or scheduler), whenever they happened;
 * - credit starvation: a job timeout of the scheduler that began before it
 *   (the job that never completes holds the credits).
 */
static struct sh_finding *restated(struct sh_analysis *a, const struct sh_finding *f)
{
	for (size_t i = 0; i < a->findings.len; i++) {
		struct sh_finding *l = &a->findings.items[i];
		bool match;

		if (l == f || l->cls == SH_FC__COUNT || l->sched != f->sched)
			continue;
		switch (f->cls) {
		case SH_FC_ENTITY_KILLED:
			match = lost_wakeup(l->cls) && (!f->entity || l->entity == f->entity) &&
				l->start <= f->end;
			break;
		case SH_FC_INVARIANT:
			match = l->cls == SH_FC_SPSC_RACE && (!f->entity || l->entity == f->entity);
			break;
		case SH_FC_CREDIT_STARVATION:
			match = l->cls == SH_FC_JOB_TIMEOUT && l->start <= f->start;
			break;
		default:
			match = false;
			break;
		}
		if (match)
			return l;
	}
	return NULL;
}

/* Append "; @text" to @f's detail, as far as it fits. */
static void add_detail(struct sh_finding *f, const char *text)
{
	size_t len = strlen(f->detail);

	snprintf(f->detail + len, sizeof(f->detail) - len, "; %s", text);
}

/* Cite @f's evidence of @type in @l for @role. */
static void cite_from(struct sh_finding *l, const struct sh_finding *f, unsigned type, const char *role)
{
	for (unsigned k = 0; k < f->nevidence; k++)
		if (f->evidence[k].ev.type == type)
			sh_finding_cite(l, &f->evidence[k].ev, role);
}

/* Fold @f into @l, the finding it restates. */
static void fold(struct sh_finding *l, const struct sh_finding *f)
{
	char text[128];

	switch (f->cls) {
	case SH_FC_ENTITY_KILLED:
		cite_from(l, f, SH_EV_STATE, "entity killed with the stranded jobs (ENTITY_KILL)");
		snprintf(text, sizeof(text), "then the entity was killed with %" PRIu64 " queued job%s",
			 f->count, f->count == 1 ? "" : "s");
		break;
	case SH_FC_INVARIANT:
		snprintf(text, sizeof(text), "%" PRIu64 " spsc_queue invariant violation%s on this %s",
			 f->count, f->count == 1 ? "" : "s", f->entity ? "entity" : "scheduler");
		break;
	default:
		cite_from(l, f, SH_EV_WORKER, "worker idled for lack of credits (NO_CREDIT)");
		snprintf(text, sizeof(text), "meanwhile the worker idled for lack of credits with "
			 "%" PRIu64 " job%s queued", f->count, f->count == 1 ? "" : "s");
		break;
	}
	add_detail(l, text);
}

/*
 * One finding per root cause: a kill of the jobs a lost wakeup stranded, the
 * spsc_queue violations of a race that stranded a job, the credits a job
 * that never completes holds, are evidence of that finding, not findings of
 * their own.
 */
static void fold_restatements(struct sh_analysis *a)
{
	struct sh_finding *v = a->findings.items;
	size_t n = 0;

	/* the findings folded into are never folded themselves: fold, then compact */
	for (size_t i = 0; i < a->findings.len; i++) {
		struct sh_finding *l = restated(a, &v[i]);

		if (l) {
			fold(l, &v[i]);
			v[i].cls = SH_FC__COUNT;
		}
	}
	for (size_t i = 0; i < a->findings.len; i++)
		if (v[i].cls != SH_FC__COUNT)
			v[n++] = v[i];
	a->findings.len = n;
}

int sh_analysis_finish(struct sh_analysis *a)
{
	if (a->finished)
		return 0;
	a->finished = true;
	for (unsigned i = 0; i < a->ndetect; i++)
		if (a->detect[i].ops->finish)
			a->detect[i].ops->finish(&a->detect[i]);
	fold_restatements(a);
	sh_findings_sort(&a->findings);
	return a->model->oom ? -1 : 0;
}

void sh_analysis_opts_hang(struct sh_analysis_opts *o, int cls, uint64_t ns)
{
	for (int c = 0; c < SH_FC__COUNT; c++)
		if (c == cls || (cls < 0 && c != SH_FC_SPSC_RACE && c != SH_FC_MISSING_KICK))
			o->hang_ns[c] = ns;
}

static bool lost_wakeup(enum sh_finding_class cls)
{
	return cls == SH_FC_SPSC_RACE || cls == SH_FC_MISSING_KICK;
}

bool sh_analysis_threshold_set(const struct sh_analysis *a, enum sh_finding_class cls)
{
	return lost_wakeup(cls) ? a->opts.stall_ns != 0 : a->opts.hang_ns[cls] != 0;
}

uint64_t sh_analysis_threshold(const struct sh_analysis *a, enum sh_finding_class cls,
			       const struct sh_sched *s)
{
	if (lost_wakeup(cls))
		return a->opts.stall_ns;
	if (a->opts.hang_ns[cls])
		return a->opts.hang_ns[cls];
	if ((cls == SH_FC_JOB_TIMEOUT || cls == SH_FC_CREDIT_STARVATION) && s && s->timeout_ms &&
	    s->timeout_ms != UINT32_MAX)
		return s->timeout_ms * 1000000ULL;
	return SH_DEFAULT_HANG_NS;
}

uint64_t sh_analysis_open_threshold(const struct sh_analysis *a, enum sh_finding_class cls,
				    const struct sh_sched *s)
{
	uint64_t thr = sh_analysis_threshold(a, cls, s), floor;
	struct sh_analysis_opts defaults = { 0 };
	struct sh_analysis def = { .opts = defaults };

	if (lost_wakeup(cls) || cls == SH_FC_SCHED_PAUSED)
		return thr;	/* state evidence: the user's threshold stands */
	floor = sh_analysis_threshold(&def, cls, s);
	return thr > floor ? thr : floor;
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
	f->conf = SH_CONF_PROVEN;
	sh_analysis_degrade(a, f, start, end);
	return f;
}

void sh_analysis_degrade(const struct sh_analysis *a, struct sh_finding *f, uint64_t from, uint64_t to)
{
	if (f->conf != SH_CONF_DEGRADED && sh_model_lost_between(a->model, from, to)) {
		f->conf = SH_CONF_DEGRADED;
		f->reason = SH_REASON_LOST_EVENTS;
	}
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
