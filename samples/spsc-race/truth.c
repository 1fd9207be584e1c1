/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ground truth: which jobs were stranded by a lost wakeup, from the model's
 * own state. A job J of entity E on scheduler S is stranded when J is E's
 * oldest unpopped job, J's push returned first=0 after S's last worker run
 * began, and S's run-job work then sits idle (neither queued nor running)
 * while J waits: nothing looks at E again until some kick. A stall is such a
 * wait whose idle part lasts at least --stall-ms. It starts at the end of J's
 * push (the contract's view) and ends at the start of the next worker run
 * (rescued, with the reason and time of the kick that queued that run) or at
 * the end of the run (not rescued).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "lat.h"
#include "race.h"

#define U64(x) ((uint64_t)(uintptr_t)(x))

/* Add a stall; returns its index + 1, or 0 when out of memory */
static size_t add_stall(struct sr_ctx *ctx, const struct sr_stall *st)
{
	struct sr_stall *grown;
	size_t idx;

	pthread_mutex_lock(&ctx->truth_lock);
	if (ctx->nstalls == ctx->stall_cap) {
		size_t cap = ctx->stall_cap ? 2 * ctx->stall_cap : 16;

		grown = realloc(ctx->stalls, cap * sizeof(*grown));
		if (!grown) {
			pthread_mutex_unlock(&ctx->truth_lock);
			return 0;
		}
		ctx->stalls = grown;
		ctx->stall_cap = cap;
	}
	idx = ctx->nstalls++;
	ctx->stalls[idx] = *st;
	pthread_mutex_unlock(&ctx->truth_lock);
	return idx + 1;
}

/*
 * E's oldest unpopped job, if its push ended with first=0 after S's last run
 * began, and S's run work then sat idle (not queued, not running) for at
 * least the threshold before NOW (the time it was newly queued again, or the
 * watchdog's now). A worker thread that was merely slow to get a CPU is no
 * lost wakeup. Returns the seqno, or 0.
 */
static uint64_t stranded_job(struct sr_entity *e, uint64_t now, uint64_t *start)
{
	uint64_t idle_from = atomic_load(&e->sched->run_end_ns);
	struct sr_ctx *ctx = e->sched->ctx;
	uint64_t j = atomic_load(&e->popped) + 1, end;
	struct sr_pushrec *rec;

	if (atomic_load(&e->pushed) < j || atomic_load(&e->dep_blocked))
		return 0;
	rec = &e->ring[j % ctx->opt.depth];
	end = atomic_load(&rec->end_ns);
	if (atomic_load(&rec->first) || end <= e->sched->last_begin_ns)
		return 0;
	if (idle_from < end)
		idle_from = end;
	if (now < idle_from || now - idle_from < (uint64_t)ctx->opt.stall_ms * 1000000u)
		return 0;
	*start = end;
	return j;
}

static void fill_stall(struct sr_stall *st, struct sr_entity *e, uint64_t seqno,
		       uint64_t start)
{
	memset(st, 0, sizeof(*st));
	st->sched = U64(e->sched);
	st->entity = U64(e);
	st->ectx = e->ectx;
	st->seqno = seqno;
	st->start_ns = start;
}

void sr_truth_on_begin(struct sr_sched *s, uint64_t tb, unsigned reason, uint64_t kick_ns)
{
	struct sr_ctx *ctx = s->ctx;
	struct sr_stall st;
	uint64_t seqno, start;
	unsigned i;

	pthread_mutex_lock(&s->stall_lock);
	for (i = 0; i < s->nents; i++) {
		struct sr_entity *e = s->ents[i];

		if (e->open_stall) {
			pthread_mutex_lock(&ctx->truth_lock);
			ctx->stalls[e->open_stall - 1].rescued = true;
			ctx->stalls[e->open_stall - 1].reason = reason;
			ctx->stalls[e->open_stall - 1].rescue_ns = tb;
			ctx->stalls[e->open_stall - 1].kick_ns = kick_ns;
			pthread_mutex_unlock(&ctx->truth_lock);
			e->open_stall = 0;
			continue;
		}
		seqno = stranded_job(e, kick_ns, &start);
		if (!seqno)
			continue;
		fill_stall(&st, e, seqno, start);
		st.rescued = true;
		st.reason = reason;
		st.kick_ns = kick_ns;
		st.rescue_ns = tb;
		add_stall(ctx, &st);
	}
	s->last_begin_ns = tb;
	pthread_mutex_unlock(&s->stall_lock);
}

/* Called with s->stall_lock held: record the live stalls of an idle S */
static unsigned watch_sched(struct sr_sched *s, uint64_t now)
{
	struct sr_ctx *ctx = s->ctx;
	struct sr_stall st;
	uint64_t seqno, start;
	unsigned i, found = 0;

	if (atomic_load(&s->pending) & SR_PEND_RUN)
		return 0;
	if (atomic_load(&s->running))
		return 0;
	for (i = 0; i < s->nents; i++) {
		struct sr_entity *e = s->ents[i];

		if (e->open_stall)
			continue;
		seqno = stranded_job(e, now, &start);
		if (!seqno)
			continue;
		fill_stall(&st, e, seqno, start);
		st.watchdog = true;
		e->open_stall = add_stall(ctx, &st);
		if (!ctx->opt.quiet)
			printf("watchdog: stall sched=0x%" PRIx64 " entity=0x%" PRIx64
			       " ectx=%" PRIu64 " seqno=%" PRIu64 " idle for %" PRIu64
			       " ms, %s\n", st.sched, st.entity, st.ectx, seqno,
			       (now - start) / 1000000u,
			       ctx->opt.kick ? "kicking (MANUAL)" : "stopping");
		fflush(stdout);
		found++;
	}
	return found;
}

void *sr_watchdog_main(void *arg)
{
	struct sr_ctx *ctx = arg;
	uint64_t period = (uint64_t)ctx->opt.stall_ms * 1000000u / 4;
	unsigned i, found;

	if (period < 1000000u)
		period = 1000000u;
	while (!atomic_load(&ctx->quit)) {
		sr_sleep_ns(period);
		for (i = 0; i < ctx->opt.nsched; i++) {
			struct sr_sched *s = &ctx->scheds[i];

			pthread_mutex_lock(&s->stall_lock);
			found = watch_sched(s, sr_now_ns());
			pthread_mutex_unlock(&s->stall_lock);
			if (!found)
				continue;
			if (ctx->opt.kick)
				sr_kick(s, SR_WHICH_RUN, SR_REASON_MANUAL);
			else
				atomic_store(&ctx->stop, 1);
		}
	}
	return NULL;
}

static int cmp_stall(const void *a, const void *b)
{
	const struct sr_stall *x = a, *y = b;

	if (x->start_ns != y->start_ns)
		return x->start_ns < y->start_ns ? -1 : 1;
	if (x->ectx != y->ectx)
		return x->ectx < y->ectx ? -1 : 1;
	return 0;
}

static void print_stalls(struct sr_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nstalls; i++) {
		const struct sr_stall *st = &ctx->stalls[i];

		printf("stall: sched=0x%" PRIx64 " entity=0x%" PRIx64 " ectx=%" PRIu64
		       " seqno=%" PRIu64 " start_ns=%" PRIu64, st->sched, st->entity,
		       st->ectx, st->seqno, st->start_ns);
		if (st->rescued)
			printf(" rescued=%s after %.3f ms\n", sr_reason_name(st->reason),
			       (double)(st->rescue_ns - st->start_ns) / 1e6);
		else
			printf(" not rescued (%.3f ms until the end)\n",
			       (double)(ctx->end_ns - st->start_ns) / 1e6);
	}
}

static void json_entities(FILE *f, const struct sr_sched *s)
{
	unsigned i;

	for (i = 0; i < s->nents; i++) {
		const struct sr_entity *e = s->ents[i];

		fprintf(f, "%s\n        {\"entity\": \"0x%" PRIx64 "\", \"ectx\": %" PRIu64
			", \"jobs\": %" PRIu64 ", \"pushed\": %" PRIu64 ", \"done\": %u}",
			i ? "," : "", U64(e), e->ectx, e->njobs,
			(uint64_t)atomic_load(&e->pushed), (unsigned)atomic_load(&e->done));
	}
}

static void json_stall(FILE *f, const struct sr_stall *st)
{
	fprintf(f, "    {\"sched\": \"0x%" PRIx64 "\", \"entity\": \"0x%" PRIx64
		"\", \"ectx\": %" PRIu64 ", \"seqno\": %" PRIu64 ", \"start_ns\": %" PRIu64
		", \"watchdog\": %s, \"rescued\": %s, ", st->sched, st->entity, st->ectx,
		st->seqno, st->start_ns, st->watchdog ? "true" : "false",
		st->rescued ? "true" : "false");
	if (st->rescued)
		fprintf(f, "\"rescue_reason\": \"%s\", \"rescue_kick_ns\": %" PRIu64
			", \"rescue_ns\": %" PRIu64 ", \"duration_ns\": %" PRIu64 "}",
			sr_reason_name(st->reason), st->kick_ns, st->rescue_ns,
			st->rescue_ns - st->start_ns);
	else
		fprintf(f, "\"rescue_reason\": null, \"rescue_kick_ns\": null, "
			"\"rescue_ns\": null, \"duration_ns\": null}");
}

static int write_json(struct sr_ctx *ctx, const char *path)
{
	const struct sr_opts *o = &ctx->opt;
	FILE *f = fopen(path, "w");
	unsigned i;
	size_t k;

	if (!f)
		return -1;
	fprintf(f, "{\n  \"clock\": \"CLOCK_MONOTONIC\",\n  \"variant\": \"%s\",\n"
		"  \"seed\": %" PRIu64 ",\n  \"schedulers\": %u,\n"
		"  \"entities_per_sched\": %u,\n  \"jobs\": %" PRIu64 ",\n"
		"  \"job_us\": %" PRIu64 ",\n  \"pace_us\": %" PRIu64 ",\n"
		"  \"window_delay_us\": %" PRIu64 ",\n  \"depth\": %u,\n"
		"  \"credit_limit\": %u,\n  \"stall_ms\": %u,\n  \"on_stall\": \"%s\",\n"
		"  \"start_ns\": %" PRIu64 ",\n  \"end_ns\": %" PRIu64 ",\n"
		"  \"jobs_done\": %" PRIu64 ",\n  \"scheds\": [",
		o->variant, o->seed, o->nsched, o->ents_per_sched, o->jobs,
		o->job_ns / 1000, o->pace_ns / 1000, o->window_ns / 1000, o->depth,
		o->credit_limit, o->stall_ms, o->kick ? "kick" : "stop",
		ctx->start_ns, ctx->end_ns, (uint64_t)atomic_load(&ctx->jobs_done));
	for (i = 0; i < o->nsched; i++) {
		const struct sr_sched *s = &ctx->scheds[i];

		fprintf(f, "%s\n    {\"sched\": \"0x%" PRIx64 "\", \"name\": \"%s\", "
			"\"entities\": [", i ? "," : "", U64(s), s->name);
		json_entities(f, s);
		fprintf(f, "\n    ]}");
	}
	fprintf(f, "\n  ],\n  \"stalls\": [");
	for (k = 0; k < ctx->nstalls; k++) {
		fputs(k ? ",\n" : "\n", f);
		json_stall(f, &ctx->stalls[k]);
	}
	fprintf(f, "%s]\n}\n", ctx->nstalls ? "\n  " : "");
	if (ferror(f)) {
		fclose(f);
		errno = EIO;
		return -1;
	}
	return fclose(f);
}

int sr_truth_report(struct sr_ctx *ctx)
{
	if (ctx->nstalls)
		qsort(ctx->stalls, ctx->nstalls, sizeof(*ctx->stalls), cmp_stall);
	if (!ctx->opt.quiet)
		print_stalls(ctx);
	if (ctx->opt.truth && write_json(ctx, ctx->opt.truth) < 0) {
		fprintf(stderr, "spsc-race: cannot write '%s': %s\n", ctx->opt.truth,
			strerror(errno));
		return -1;
	}
	return 0;
}

void sr_lat_merge(struct sr_lat *dst, const struct sr_lat *src)
{
	size_t i;

	for (i = 0; i <= SR_LAT_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
	dst->n += src->n;
}

uint64_t sr_lat_pct(const struct sr_lat *l, double p)
{
	uint64_t want, seen = 0;
	size_t i;

	if (!l->n)
		return 0;
	want = (uint64_t)((double)l->n * p / 100.0);
	if (want >= l->n)
		want = l->n - 1;
	for (i = 0; i <= SR_LAT_BUCKETS; i++) {
		seen += l->bucket[i];
		if (seen > want)
			break;
	}
	return (uint64_t)(i + 1) << SR_LAT_SHIFT;
}
