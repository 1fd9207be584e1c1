/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spsc-race: reproduce the drm_sched spsc_queue lost wakeup in user space.
 * Exit status: 0 no stall, 1 stalls found, 2 usage error, 3 system error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "race.h"

static const char usage[] =
	"usage: spsc-race [--variant buggy|fixed|locked] [--schedulers N] [--entities N]\n"
	"                 [--jobs N] [--job-us US] [--pace-us US] [--window-delay US]\n"
	"                 [--depth N] [--credit-limit N] [--deps] [--cross-deps] [--seed N]\n"
	"                 [--stall-ms MS] [--kick | --stop-on-stall] [--truth FILE] [--quiet]\n"
	"                 [--latency] [--pin-producers CPU] [--pin-workers CPU]\n"
	"\n"
	"  --variant V         queue: buggy (pre-6.16-rc5), fixed (8af39ec5cf2b), locked\n"
	"  --schedulers N      schedulers, one submit worker each (1)\n"
	"  --entities N        entities per scheduler, one producer each (1)\n"
	"  --jobs N            jobs in total, spread over the entities (10000)\n"
	"  --job-us US         hardware time per job, 0 = fence already signalled (0)\n"
	"  --pace-us US        mean producer pause between pushes (0)\n"
	"  --window-delay US   sleep up to US inside the push window (0)\n"
	"  --depth N           max unfinished jobs per entity (8)\n"
	"  --credit-limit N    scheduler credit limit, one credit per job (64)\n"
	"  --deps              each job depends on its entity's previous job\n"
	"  --cross-deps        job n of entity k depends on job n-1 of entity k+1\n"
	"                      (on the next scheduler; needs --schedulers 2+)\n"
	"  --seed N            random seed for pacing, durations and delays (1)\n"
	"  --stall-ms MS       watchdog threshold (100)\n"
	"  --kick              on a stall, kick the worker (reason MANUAL) and go on\n"
	"  --stop-on-stall     on a stall, stop pushing and end the run (default)\n"
	"  --truth FILE        write the ground truth as JSON\n"
	"  --quiet             print nothing but errors\n"
	"  --latency           measure push and pop times, print a 'bench:' line\n"
	"  --pin-producers CPU run the producer threads on CPU\n"
	"  --pin-workers CPU   run the worker threads on CPU\n";

static int parse_u64(const char *name, const char *arg, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno || end == arg || *end || arg[0] == '-' || v > max) {
		fprintf(stderr, "spsc-race: invalid value '%s' for --%s\n", arg, name);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_opts(int argc, char **argv, struct sr_opts *o)
{
	static const struct option longopts[] = {
		{ "variant", required_argument, NULL, 'v' },
		{ "schedulers", required_argument, NULL, 's' },
		{ "entities", required_argument, NULL, 'e' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "job-us", required_argument, NULL, 'd' },
		{ "pace-us", required_argument, NULL, 'p' },
		{ "window-delay", required_argument, NULL, 'w' },
		{ "depth", required_argument, NULL, 'D' },
		{ "credit-limit", required_argument, NULL, 'c' },
		{ "deps", no_argument, NULL, 'P' },
		{ "cross-deps", no_argument, NULL, 'X' },
		{ "seed", required_argument, NULL, 'S' },
		{ "stall-ms", required_argument, NULL, 't' },
		{ "kick", no_argument, NULL, 'k' },
		{ "stop-on-stall", no_argument, NULL, 'x' },
		{ "truth", required_argument, NULL, 'T' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "latency", no_argument, NULL, 'L' },
		{ "pin-producers", required_argument, NULL, 'A' },
		{ "pin-workers", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c, idx;

	while ((c = getopt_long(argc, argv, "h", longopts, &idx)) != -1) {
		const char *name = c == '?' || c == 'h' ? "" : longopts[idx].name;

		switch (c) {
		case 'v': o->variant = optarg; continue;
		case 'P': o->deps = true; continue;
		case 'X': o->xdeps = true; continue;
		case 'k': o->kick = true; continue;
		case 'x': o->kick = false; continue;
		case 'T': o->truth = optarg; continue;
		case 'q': o->quiet = true; continue;
		case 'L': o->latency = true; continue;
		case 'h': fputs(usage, stdout); exit(0);
		case '?': fputs(usage, stderr); return -1;
		default: break;
		}
		if (parse_u64(name, optarg, UINT32_MAX, &v) < 0)
			return -1;
		switch (c) {
		case 's': o->nsched = (unsigned)v; break;
		case 'e': o->ents_per_sched = (unsigned)v; break;
		case 'j': o->jobs = v; break;
		case 'd': o->job_ns = v * 1000; break;
		case 'p': o->pace_ns = v * 1000; break;
		case 'w': o->window_ns = v * 1000; break;
		case 'D': o->depth = (unsigned)v; break;
		case 'c': o->credit_limit = (unsigned)v; break;
		case 'S': o->seed = v; break;
		case 't': o->stall_ms = (unsigned)v; break;
		case 'A': o->pin_producers = (int)(v & 0xffff); break;
		case 'B': o->pin_workers = (int)(v & 0xffff); break;
		default: break;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "spsc-race: unexpected argument '%s'\n%s", argv[optind], usage);
		return -1;
	}
	if (!o->nsched || !o->ents_per_sched || o->nsched > 64 || o->ents_per_sched > 64 ||
	    !o->depth || !o->credit_limit || !o->stall_ms) {
		fprintf(stderr, "spsc-race: --schedulers and --entities must be 1..64; "
			"--depth, --credit-limit and --stall-ms at least 1\n");
		return -1;
	}
	if (o->xdeps && o->nsched < 2) {
		fprintf(stderr, "spsc-race: --cross-deps needs --schedulers 2 or more\n");
		return -1;
	}
	return 0;
}

static int setup(struct sr_ctx *ctx)
{
	const struct sr_opts *o = &ctx->opt;
	uint64_t next_context = 1;	/* dma_fence_context_alloc() */
	unsigned i, k;

	ctx->nents = o->nsched * o->ents_per_sched;
	ctx->scheds = calloc(o->nsched, sizeof(*ctx->scheds));
	ctx->ents = calloc(ctx->nents, sizeof(*ctx->ents));
	if (!ctx->scheds || !ctx->ents)
		return -1;
	pthread_mutex_init(&ctx->truth_lock, NULL);
	for (i = 0; i < o->nsched; i++) {
		struct sr_sched *s = &ctx->scheds[i];

		s->ctx = ctx;
		s->id = i;
		snprintf(s->name, sizeof(s->name), "ring%u", i);
		s->work_run_job.which = SR_WHICH_RUN;
		s->work_free_job.which = SR_WHICH_FREE;
		s->hw_rng = o->seed * 7919 + i + 1;
		pthread_mutex_init(&s->hw_lock, NULL);
		pthread_cond_init(&s->hw_cond, NULL);
		pthread_mutex_init(&s->stall_lock, NULL);
		s->nents = o->ents_per_sched;
		s->ents = calloc(s->nents, sizeof(*s->ents));
		if (!s->ents)
			return -1;
		if (o->latency && !(s->pop_lat = calloc(1, sizeof(*s->pop_lat))))
			return -1;
	}
	for (k = 0; k < ctx->nents; k++) {
		struct sr_entity *e = &ctx->ents[k];
		struct sr_sched *s = &ctx->scheds[k % o->nsched];

		if (sr_queue_init(&e->q) < 0)
			return -1;
		pthread_mutex_init(&e->dep_lock, NULL);
		e->sched = s;
		e->id = k;
		s->ents[k / o->nsched] = e;
		e->fence_context = next_context;
		next_context += 2;
		e->ectx = e->fence_context + 1;
		e->njobs = o->jobs / ctx->nents + (k < o->jobs % ctx->nents);
		e->rng = o->seed * 104729 + k + 1;
		e->ring = calloc(o->depth, sizeof(*e->ring));
		if (!e->ring)
			return -1;
		if (o->latency && !(e->push_lat = calloc(1, sizeof(*e->push_lat))))
			return -1;
	}
	return 0;
}

static void teardown(struct sr_ctx *ctx)
{
	unsigned i;

	for (i = 0; ctx->scheds && i < ctx->opt.nsched; i++) {
		sr_sched_drain(&ctx->scheds[i]);
		free(ctx->scheds[i].ents);
		free(ctx->scheds[i].pop_lat);
		pthread_mutex_destroy(&ctx->scheds[i].hw_lock);
		pthread_cond_destroy(&ctx->scheds[i].hw_cond);
		pthread_mutex_destroy(&ctx->scheds[i].stall_lock);
	}
	for (i = 0; ctx->ents && i < ctx->nents; i++) {
		sr_queue_release(&ctx->ents[i].q);
		pthread_mutex_destroy(&ctx->ents[i].dep_lock);
		free(ctx->ents[i].ring);
		free(ctx->ents[i].push_lat);
	}
	free(ctx->scheds);
	free(ctx->ents);
	free(ctx->stalls);
}

static void emit_state(uint64_t sched, uint64_t entity, unsigned state)
{
	uint64_t slots[] = { sched, entity, state, 0 };

	schedhang_probe_state(slots);
}

/* drm_sched_entity_fini() (kill) for each entity, then drm_sched_fini() */
static void emit_teardown(struct sr_ctx *ctx)
{
	unsigned i;

	for (i = 0; i < ctx->nents; i++)
		emit_state((uint64_t)(uintptr_t)ctx->ents[i].sched,
			   (uint64_t)(uintptr_t)&ctx->ents[i], SR_STATE_ENTITY_KILL);
	for (i = 0; i < ctx->opt.nsched; i++) {
		emit_state((uint64_t)(uintptr_t)&ctx->scheds[i], 0, SR_STATE_WQ_STOP);
		emit_state((uint64_t)(uintptr_t)&ctx->scheds[i], 0, SR_STATE_FINI);
	}
}

static int start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	int err = pthread_create(t, NULL, fn, arg);

	if (err)
		fprintf(stderr, "spsc-race: cannot create a thread: %s\n", strerror(err));
	return err ? -1 : 0;
}

/* Run the threads to completion (or stop); returns 0 or -1 */
static int run(struct sr_ctx *ctx)
{
	unsigned i, nprod = 0, nwork = 0, nhw = 0;
	uint64_t pushed;
	int ret = -1;
	bool wd = false;

	for (i = 0; i < ctx->opt.nsched; i++)
		sr_emit_sched_info(&ctx->scheds[i]);
	ctx->start_ns = sr_now_ns();
	for (; nwork < ctx->opt.nsched; nwork++)
		if (start(&ctx->scheds[nwork].worker, sr_worker_main, &ctx->scheds[nwork]) < 0)
			goto out;
	for (; ctx->opt.job_ns && nhw < ctx->opt.nsched; nhw++)
		if (start(&ctx->scheds[nhw].hw, sr_hw_main, &ctx->scheds[nhw]) < 0)
			goto out;
	if (start(&ctx->watchdog, sr_watchdog_main, ctx) < 0)
		goto out;
	wd = true;
	for (; nprod < ctx->nents; nprod++)
		if (start(&ctx->ents[nprod].thread, sr_producer_main, &ctx->ents[nprod]) < 0)
			goto out;
	ret = 0;
out:
	if (ret)
		atomic_store(&ctx->stop, 1);
	for (i = 0; i < nprod; i++)
		pthread_join(ctx->ents[i].thread, NULL);
	for (pushed = 0, i = 0; i < ctx->nents; i++)
		pushed += atomic_load(&ctx->ents[i].pushed);
	while (!atomic_load(&ctx->stop) && atomic_load(&ctx->jobs_done) < pushed)
		sr_sleep_ns(1000000);
	ctx->end_ns = sr_now_ns();
	/* workers first (they finish their pending run work), then the
	 * hardware completes what it holds: no job is left running */
	for (i = 0; i < nwork; i++) {
		sr_sched_quit_worker(&ctx->scheds[i]);
		pthread_join(ctx->scheds[i].worker, NULL);
	}
	atomic_store(&ctx->quit, 1);
	for (i = 0; i < nhw; i++) {
		sr_sched_quit_hw(&ctx->scheds[i]);
		pthread_join(ctx->scheds[i].hw, NULL);
	}
	if (wd)
		pthread_join(ctx->watchdog, NULL);
	return ret;
}

/* One machine-readable line for the bench: rate and latency percentiles */
static int print_bench(struct sr_ctx *ctx)
{
	struct sr_lat *push = calloc(1, sizeof(*push)), *pop = calloc(1, sizeof(*pop));
	double secs = (double)(ctx->end_ns - ctx->start_ns) / 1e9;
	unsigned i;

	if (!push || !pop) {
		free(push);
		free(pop);
		return -1;
	}
	for (i = 0; i < ctx->nents; i++)
		sr_lat_merge(push, ctx->ents[i].push_lat);
	for (i = 0; i < ctx->opt.nsched; i++)
		sr_lat_merge(pop, ctx->scheds[i].pop_lat);
	printf("bench: variant=%s jobs=%" PRIu64 " secs=%.6f jobs_per_s=%.0f push_p50=%" PRIu64
	       " push_p99=%" PRIu64 " pop_p50=%" PRIu64 " pop_p99=%" PRIu64 " stalls=%zu\n",
	       ctx->opt.variant, (uint64_t)atomic_load(&ctx->jobs_done), secs,
	       secs > 0 ? (double)atomic_load(&ctx->jobs_done) / secs : 0.0,
	       sr_lat_pct(push, 50), sr_lat_pct(push, 99), sr_lat_pct(pop, 50),
	       sr_lat_pct(pop, 99), ctx->nstalls);
	free(push);
	free(pop);
	return 0;
}

int main(int argc, char **argv)
{
	struct sr_ctx ctx;
	int status = 3;

	memset(&ctx, 0, sizeof(ctx));
	ctx.opt = (struct sr_opts){ .variant = "fixed", .nsched = 1, .ents_per_sched = 1,
				    .jobs = 10000, .depth = 8, .credit_limit = 64,
				    .seed = 1, .stall_ms = 100, .pin_producers = -1,
				    .pin_workers = -1 };
	if (parse_opts(argc, argv, &ctx.opt) < 0)
		return 2;
	ctx.qops = sr_queue_ops_find(ctx.opt.variant);
	if (!ctx.qops) {
		fprintf(stderr, "spsc-race: unknown variant '%s' (buggy, fixed, locked)\n",
			ctx.opt.variant);
		return 2;
	}
	if (setup(&ctx) < 0) {
		fprintf(stderr, "spsc-race: cannot set up: %s\n", strerror(errno));
		goto out;
	}
	if (run(&ctx) < 0)
		goto out;
	emit_teardown(&ctx);
	if (!ctx.opt.quiet)
		printf("spsc-race: variant=%s schedulers=%u entities=%u jobs_done=%" PRIu64
		       " elapsed=%.3f s stalls=%zu\n", ctx.opt.variant, ctx.opt.nsched,
		       ctx.nents, (uint64_t)atomic_load(&ctx.jobs_done),
		       (double)(ctx.end_ns - ctx.start_ns) / 1e9, ctx.nstalls);
	if (sr_truth_report(&ctx) < 0)
		goto out;
	if (ctx.opt.latency && print_bench(&ctx) < 0)
		goto out;
	status = ctx.nstalls ? 1 : 0;
out:
	teardown(&ctx);
	if (fflush(stdout) != 0)
		status = 3;
	return status;
}
