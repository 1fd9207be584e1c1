/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen-trace: a large synthetic trace.dat v6 for benchmarks, deterministic by
 * seed, written through datwriter (tests/tools/mkdat's format parser and page
 * builder, no second writer).
 *
 *   gen-trace [-n EVENTS] [-s SEED] [-c CPUS] FORMATDIR OUTPUT
 *
 * FORMATDIR is tracepoints/formats. The trace holds every schema the readers
 * map: schedhang_* (kernel tracepoint form) on six schedulers with four
 * entities each, stock gpu_scheduler <= 6.16 and >= 6.17 forms on two
 * schedulers each, with the workqueue events of their workers, dma_fence
 * signals and sched_switch noise. Traffic is healthy (single jobs and
 * batches, so pushes with first=0 that the running worker picks up) except
 * for a few injected lost wakeups: three schedhang stalls of 200 ms rescued by
 * a MANUAL kick (spsc-race evidence on the pop), and near the end one
 * schedhang, one 6.17 and one 6.16 scheduler stranded until the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "mkdat-format.h"
#include "mkdat-pages.h"
#include "record/datwriter.h"

/* The event types, in the order of formats[] below. */
enum {
	E_INFO, E_PUSH, E_POP, E_KICK, E_WBEGIN, E_WORKER, E_DONE, E_DEP, E_STATE,
	E_Q16, E_RUN16, E_DONE16, E_DEP16,
	E_Q17, E_RUN17, E_DONE17, E_DEP17,
	E_WQ_QUEUE, E_WQ_START, E_WQ_END,
	E_FENCE_SIG, E_SWITCH, E_NTYPES
};

static const char *const formats[E_NTYPES][2] = {
	{ "schedhang", "schedhang/schedhang_sched_info.format" },
	{ "schedhang", "schedhang/schedhang_push.format" },
	{ "schedhang", "schedhang/schedhang_pop.format" },
	{ "schedhang", "schedhang/schedhang_kick.format" },
	{ "schedhang", "schedhang/schedhang_worker_begin.format" },
	{ "schedhang", "schedhang/schedhang_worker.format" },
	{ "schedhang", "schedhang/schedhang_done.format" },
	{ "schedhang", "schedhang/schedhang_dep.format" },
	{ "schedhang", "schedhang/schedhang_state.format" },
	{ "gpu_scheduler", "stock/gpu_scheduler/v6.16/drm_sched_job.format" },
	{ "gpu_scheduler", "stock/gpu_scheduler/v6.16/drm_run_job.format" },
	{ "gpu_scheduler", "stock/gpu_scheduler/v6.16/drm_sched_process_job.format" },
	{ "gpu_scheduler", "stock/gpu_scheduler/v6.16/drm_sched_job_wait_dep.format" },
	{ "gpu_scheduler", "stock/gpu_scheduler/v6.17/drm_sched_job_queue.format" },
	{ "gpu_scheduler", "stock/gpu_scheduler/v6.17/drm_sched_job_run.format" },
	{ "gpu_scheduler", "stock/gpu_scheduler/v6.17/drm_sched_job_done.format" },
	{ "gpu_scheduler", "stock/gpu_scheduler/v6.17/drm_sched_job_add_dep.format" },
	{ "workqueue", "stock/workqueue/workqueue_queue_work.format" },
	{ "workqueue", "stock/workqueue/workqueue_execute_start.format" },
	{ "workqueue", "stock/workqueue/workqueue_execute_end.format" },
	{ "dma_fence", "stock/dma_fence/dma_fence_signaled.format" },
	{ "sched", "stock/sched/sched_switch.format" },
};

#define FN_RUN 0xffffffffc0a01000ull
#define FN_FREE 0xffffffffc0a01200ull
static const char kallsyms[] =
	"ffffffffc0a01000 t drm_sched_run_job_work\t[gpu_sched]\n"
	"ffffffffc0a01200 t drm_sched_free_job_work\t[gpu_sched]\n";

enum kind { K_SCHEDHANG, K_STOCK16, K_STOCK17 };

struct sched {
	enum kind kind;
	const char *name;
	uint64_t ptr;
	unsigned cpu;		/* its worker's CPU */
	int wpid;		/* its worker's pid */
	uint64_t stalled_until;	/* 0: running; UINT64_MAX: stranded */
	unsigned stalled_entity;	/* the entity whose job waits */
	uint64_t ectx[4];	/* per entity */
	uint64_t seqno[4];
};

struct gen {
	struct mk_format fmt[E_NTYPES];
	struct mk_pages *pages;		/* owned */
	uint64_t rng;
	uint64_t ts;			/* ns, only grows */
	unsigned long long nevents, target;
	unsigned ncpus;
	struct sched sched[10];
	unsigned nsched;
	unsigned rescued_left;		/* injected rescued stalls still to place */
	int err;
};

static uint64_t rnd(struct gen *g)
{
	uint64_t z = (g->rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static unsigned below(struct gen *g, unsigned n)
{
	return (unsigned)(rnd(g) % n);
}

static void put_int(unsigned char *rec, const struct mk_field *fl, uint64_t v)
{
	for (unsigned i = 0; i < fl->size && i < 8; i++)
		rec[fl->offset + i] = (unsigned char)(v >> (8 * i));
}

/*
 * Emit event @type at now + @dt ns on @cpu by @pid; the variable arguments
 * are the format's own fields in file order, as uint64_t (strings: a
 * const char * cast to uintptr_t).
 */
static void emit(struct gen *g, unsigned type, uint64_t dt, unsigned cpu, int pid, ...)
{
	const struct mk_format *f = &g->fmt[type];
	unsigned char rec[512] = { 0 };
	size_t len = f->size;
	va_list ap;

	if (g->err)
		return;
	g->ts += dt;
	va_start(ap, pid);
	for (unsigned i = 0; i < f->nfield; i++) {
		const struct mk_field *fl = &f->field[i];
		uint64_t v;

		if (!strcmp(fl->name, "common_type")) {
			put_int(rec, fl, f->id);
			continue;
		}
		if (!strcmp(fl->name, "common_pid")) {
			put_int(rec, fl, (uint64_t)pid);
			continue;
		}
		if (!strncmp(fl->name, "common_", 7))
			continue;
		v = va_arg(ap, uint64_t);
		if (fl->chars) {
			strncpy((char *)rec + fl->offset, (const char *)(uintptr_t)v, fl->size);
		} else if (fl->data_loc) {
			size_t n = strlen((const char *)(uintptr_t)v) + 1;

			memcpy(rec + len, (const char *)(uintptr_t)v, n);
			put_int(rec, fl, (uint64_t)(n << 16 | len));
			len += n;
		} else {
			put_int(rec, fl, v);
		}
	}
	va_end(ap);
	if (mk_pages_add(g->pages, cpu % g->ncpus, g->ts, rec, len) < 0)
		g->err = -1;
	g->nevents++;
}

#define S(x) ((uint64_t)(uintptr_t)(x))

static unsigned irq_cpu(struct gen *g)
{
	return below(g, g->ncpus);
}

static void switch_to(struct gen *g, unsigned cpu, const char *prev, int ppid, const char *next,
		      int npid)
{
	emit(g, E_SWITCH, 1, cpu, ppid, S(prev), (uint64_t)ppid, 120ull, 1ull, S(next),
	     (uint64_t)npid, 120ull);
}

/* ---- schedhang_* schedulers ---- */

static void sh_worker_idle(struct gen *g, struct sched *s, uint64_t credits)
{
	emit(g, E_WBEGIN, 1, s->cpu, s->wpid, s->ptr);
	emit(g, E_WORKER, 1, s->cpu, s->wpid, s->ptr, 1ull, 0ull, 0ull, 0ull, credits, 64ull, 0ull);
}

/* Push a batch of @n jobs on entity @e, run them, signal them. */
static void sh_cycle(struct gen *g, struct sched *s, unsigned e, unsigned n)
{
	int app = 1000 + (int)(s - g->sched) * 10 + (int)e;
	unsigned acpu = (s->cpu + 1 + e) % g->ncpus;
	uint64_t ent = s->ptr + 0x400 + e * 0x100, first = s->seqno[e] + 1;

	switch_to(g, acpu, "swapper", 0, "app", app);
	for (unsigned i = 0; i < n; i++) {
		uint64_t sq = ++s->seqno[e];

		emit(g, E_PUSH, 1 + below(g, 3), acpu, app, s->ptr, ent, s->ectx[e], sq,
		     (uint64_t)(i == 0), (uint64_t)i, (uint64_t)i + 1);
		if (i == 0)
			emit(g, E_KICK, 1, acpu, app, s->ptr, 0ull, 0ull, 0ull, 1ull);
	}
	emit(g, E_WQ_START, 2 + below(g, 4), s->cpu, s->wpid, s->ptr + 0x100, FN_RUN);
	for (unsigned i = 0; i < n; i++) {
		uint64_t left = n - 1 - i;

		emit(g, E_WBEGIN, 1, s->cpu, s->wpid, s->ptr);
		emit(g, E_POP, 1, s->cpu, s->wpid, s->ptr, ent, s->ectx[e], first + i, left,
		     (uint64_t)(left > 0), 0ull);
		emit(g, E_KICK, 1, s->cpu, s->wpid, s->ptr, 0ull, 4ull, 0ull, 1ull);
		emit(g, E_WORKER, 1, s->cpu, s->wpid, s->ptr, 0ull, ent, s->ectx[e], first + i,
		     (uint64_t)i + 1, 64ull, 0ull);
	}
	sh_worker_idle(g, s, n);
	emit(g, E_WQ_END, 1, s->cpu, s->wpid, s->ptr + 0x100, FN_RUN);
	for (unsigned i = 0; i < n; i++) {
		unsigned c = irq_cpu(g);

		emit(g, E_DONE, 20 + below(g, 200), c, 0, s->ptr, s->ectx[e], first + i, 0ull);
		emit(g, E_FENCE_SIG, 1, c, 0, S("drm_sched"), S(s->name), s->ectx[e] - 1, first + i);
		emit(g, E_KICK, 1, c, 0, s->ptr, 1ull, 2ull, 0ull, 1ull);
	}
	emit(g, E_KICK, 2, s->cpu, s->wpid, s->ptr, 0ull, 3ull, 0ull, 1ull);
	sh_worker_idle(g, s, 0);
}

/*
 * The spsc race: J1's pop sees head non-NULL with count 0 while J2's push
 * (first=0) is in flight, the worker finds no ready entity and sleeps; J2
 * waits for a MANUAL kick after @stall_ns (UINT64_MAX: never).
 */
static void sh_lost_wakeup(struct gen *g, struct sched *s, unsigned e, uint64_t stall_ns)
{
	int app = 1000 + (int)(s - g->sched) * 10 + (int)e;
	unsigned acpu = (s->cpu + 1 + e) % g->ncpus;
	uint64_t ent = s->ptr + 0x400 + e * 0x100, j1 = ++s->seqno[e], j2 = ++s->seqno[e];

	emit(g, E_PUSH, 1, acpu, app, s->ptr, ent, s->ectx[e], j1, 1ull, 0ull, 1ull);
	emit(g, E_KICK, 1, acpu, app, s->ptr, 0ull, 0ull, 0ull, 1ull);
	emit(g, E_WBEGIN, 2, s->cpu, s->wpid, s->ptr);
	emit(g, E_POP, 1, s->cpu, s->wpid, s->ptr, ent, s->ectx[e], j1, 0ull, 1ull, 1ull);
	emit(g, E_PUSH, 1, acpu, app, s->ptr, ent, s->ectx[e], j2, 0ull, 1ull, 1ull);
	emit(g, E_WORKER, 1, s->cpu, s->wpid, s->ptr, 0ull, ent, s->ectx[e], j1, 1ull, 64ull, 0ull);
	emit(g, E_WBEGIN, 1, s->cpu, s->wpid, s->ptr);
	emit(g, E_WORKER, 1, s->cpu, s->wpid, s->ptr, 1ull, 0ull, 0ull, 0ull, 1ull, 64ull, 1ull);
	emit(g, E_DONE, 100, irq_cpu(g), 0, s->ptr, s->ectx[e], j1, 0ull);
	s->stalled_until = stall_ns == UINT64_MAX ? UINT64_MAX : g->ts + stall_ns;
	s->stalled_entity = e;
}

static void sh_rescue(struct gen *g, struct sched *s)
{
	unsigned e = s->stalled_entity;

	emit(g, E_KICK, 1, s->cpu, s->wpid, s->ptr, 0ull, 8ull, 0ull, 1ull);
	emit(g, E_WBEGIN, 2, s->cpu, s->wpid, s->ptr);
	emit(g, E_POP, 1, s->cpu, s->wpid, s->ptr, s->ptr + 0x400 + e * 0x100, s->ectx[e],
	     s->seqno[e], 0ull, 0ull, 0ull);
	emit(g, E_WORKER, 1, s->cpu, s->wpid, s->ptr, 0ull, s->ptr + 0x400 + e * 0x100, s->ectx[e],
	     s->seqno[e], 1ull, 64ull, 0ull);
	emit(g, E_DONE, 50, irq_cpu(g), 0, s->ptr, s->ectx[e], s->seqno[e], 0ull);
	s->stalled_until = 0;
}

/* ---- stock schedulers (gpu_scheduler + workqueue) ---- */

static void wq_queue(struct gen *g, struct sched *s, unsigned cpu, int pid, uint64_t fn)
{
	emit(g, E_WQ_QUEUE, 1, cpu, pid, s->ptr + (fn == FN_RUN ? 0x528 : 0x548), fn, S(s->name),
	     8ull, (uint64_t)cpu);
}

static void wq_run(struct gen *g, struct sched *s, uint64_t fn, unsigned gap)
{
	uint64_t work = s->ptr + (fn == FN_RUN ? 0x528 : 0x548);

	emit(g, E_WQ_START, gap, s->cpu, s->wpid, work, fn);
	emit(g, E_WQ_END, 2, s->cpu, s->wpid, work, fn);
}

/* One job's queue event (@count: jobs already queued on the entity). */
static void stock_queue(struct gen *g, struct sched *s, unsigned e, uint64_t sq, uint64_t count,
			unsigned cpu, int app)
{
	if (s->kind == K_STOCK17)
		emit(g, E_Q17, 1, cpu, app, S(s->name), count, 0ull, S("0000:03:00.0"), s->ectx[e],
		     sq, 42ull + e);
	else
		emit(g, E_Q16, 1, cpu, app, s->ptr + 0x400 + e * 0x100,
		     0xffff888110a30000ull + s->ectx[e] * 0x10000 + (sq & 0xfff) * 0x10,
		     S(s->name), (s->ectx[e] << 20) + sq, count, 0ull);
}

static void stock_run(struct gen *g, struct sched *s, unsigned e, uint64_t sq, uint64_t left)
{
	if (s->kind == K_STOCK17)
		emit(g, E_RUN17, 3, s->cpu, s->wpid, S(s->name), left, 1ull, S("0000:03:00.0"),
		     s->ectx[e], sq, 42ull + e);
	else
		emit(g, E_RUN16, 3, s->cpu, s->wpid, s->ptr + 0x400 + e * 0x100,
		     0xffff888110a30000ull + s->ectx[e] * 0x10000 + (sq & 0xfff) * 0x10,
		     S(s->name), (s->ectx[e] << 20) + sq, left, 1ull);
}

static void stock_done(struct gen *g, struct sched *s, unsigned e, uint64_t sq)
{
	unsigned c = irq_cpu(g);

	if (s->kind == K_STOCK17)
		emit(g, E_DONE17, 20 + below(g, 200), c, 0, s->ectx[e], sq);
	else
		emit(g, E_DONE16, 20 + below(g, 200), c, 0,
		     0xffff888110a30000ull + s->ectx[e] * 0x10000 + (sq & 0xfff) * 0x10);
	emit(g, E_FENCE_SIG, 1, c, 0, S("drm_sched"), S(s->name), s->ectx[e] - 1, sq);
	wq_queue(g, s, c, 0, FN_FREE);
}

static void stock_cycle(struct gen *g, struct sched *s, unsigned e, unsigned n)
{
	int app = 2000 + (int)(s - g->sched) * 10 + (int)e;
	unsigned acpu = (s->cpu + 1 + e) % g->ncpus;
	uint64_t first = s->seqno[e] + 1;

	for (unsigned i = 0; i < n; i++) {
		stock_queue(g, s, e, ++s->seqno[e], i, acpu, app);
		if (i == 0)
			wq_queue(g, s, acpu, app, FN_RUN);
	}
	for (unsigned i = 0; i < n; i++) {
		emit(g, E_WQ_START, 2 + below(g, 4), s->cpu, s->wpid, s->ptr + 0x528, FN_RUN);
		stock_run(g, s, e, first + i, n - 1 - i);
		wq_queue(g, s, s->cpu, s->wpid, FN_RUN);
		emit(g, E_WQ_END, 1, s->cpu, s->wpid, s->ptr + 0x528, FN_RUN);
	}
	wq_run(g, s, FN_RUN, 2);
	for (unsigned i = 0; i < n; i++)
		stock_done(g, s, e, first + i);
	wq_run(g, s, FN_FREE, 3);
}

/* A job queued behind a count of 1 (no wakeup issued) that never runs. */
static void stock_strand(struct gen *g, struct sched *s)
{
	int app = 2000 + (int)(s - g->sched) * 10;
	unsigned acpu = (s->cpu + 1) % g->ncpus;

	stock_queue(g, s, 0, ++s->seqno[0], 1, acpu, app);
	s->stalled_until = UINT64_MAX;
}

/* ---- the driver ---- */

static void setup(struct gen *g)
{
	static const char *const names[] = {
		"gfx", "comp_1.0", "comp_1.1", "sdma0", "sdma1", "vcn_dec",
		"gfx_0.0.0", "sdma0.17", "gfx_old", "sdma_old",
	};

	g->nsched = 10;
	for (unsigned i = 0; i < g->nsched; i++) {
		struct sched *s = &g->sched[i];

		s->kind = i < 6 ? K_SCHEDHANG : i < 8 ? K_STOCK17 : K_STOCK16;
		s->name = names[i];
		s->ptr = 0xffff888105200000ull + (uint64_t)i * 0x10000;
		s->cpu = i % g->ncpus;
		s->wpid = 50 + (int)i;
		for (unsigned e = 0; e < 4; e++)
			s->ectx[e] = 100 + i * 8 + e * 2 + 1;
	}
	g->ts = 1000000000ull;
	for (unsigned i = 0; i < 6; i++) {
		struct sched *s = &g->sched[i];

		emit(g, E_INFO, 1, s->cpu, s->wpid, s->ptr, S(s->name), 64ull, 10000ull,
		     s->ptr + 0x100, s->ptr + 0x200);
	}
}

static void inject_end(struct gen *g)
{
	sh_lost_wakeup(g, &g->sched[1], 0, UINT64_MAX);
	stock_strand(g, &g->sched[6]);
	stock_strand(g, &g->sched[9]);
}

static void step(struct gen *g)
{
	struct sched *s = &g->sched[below(g, g->nsched)];
	unsigned e = below(g, 4), n = below(g, 8) == 0 ? 2 + below(g, 3) : 1;

	g->ts += 5000 + below(g, 20000);	/* about 15 events per 15 us */
	if (s->stalled_until) {
		if (s->stalled_until != UINT64_MAX && g->ts >= s->stalled_until)
			sh_rescue(g, s);
		return;
	}
	if (s->kind == K_SCHEDHANG) {
		/* the rescued stalls at 1/4, 2/4 and 3/4 of the trace */
		if (g->rescued_left && g->nevents >= g->target / 4 * (4 - g->rescued_left)) {
			g->rescued_left--;
			sh_lost_wakeup(g, s, e, 200000000ull);
			return;
		}
		if (below(g, 64) == 0)
			emit(g, E_DEP, 1, s->cpu, s->wpid, s->ptr + 0x400 + e * 0x100, s->ectx[e],
			     s->seqno[e] + 1, s->ectx[(e + 1) % 4], s->seqno[(e + 1) % 4], 3ull);
		sh_cycle(g, s, e, n);
	} else {
		if (s->kind == K_STOCK17 && below(g, 64) == 0)
			emit(g, E_DEP17, 1, s->cpu, s->wpid, s->ectx[e], s->seqno[e] + 1,
			     s->ectx[(e + 1) % 4], s->seqno[(e + 1) % 4]);
		stock_cycle(g, s, e, n);
	}
	if (below(g, 4) == 0)
		switch_to(g, s->cpu, "app", 1000, "swapper", 0);
}

static int load_formats(struct gen *g, const char *dir)
{
	for (unsigned i = 0; i < E_NTYPES; i++) {
		struct mk_format *f = &g->fmt[i];
		char path[4096];
		FILE *in;

		snprintf(path, sizeof(path), "%s/%s", dir, formats[i][1]);
		in = fopen(path, "re");
		if (!in)
			return sh_error("cannot read '%s': %s", path, strerror(errno));
		f->text = NULL;
		f->len = 0;
		if (getdelim(&f->text, &f->len, '\0', in) < 0) {
			fclose(in);
			return sh_error("cannot read '%s': empty", path);
		}
		fclose(in);
		f->len = strlen(f->text);
		f->system = strdup(formats[i][0]);
		if (!f->system || mk_format_parse(f, path) < 0)
			return -1;
	}
	return 0;
}

static int write_dat(struct gen *g, const char *out)
{
	static const char cmdlines[] =
		"50 kworker/u8:0\n51 kworker/u8:1\n52 kworker/u8:2\n53 kworker/u8:3\n"
		"54 kworker/u8:4\n55 kworker/u8:5\n56 kworker/u8:6\n57 kworker/u8:7\n"
		"58 kworker/u8:8\n59 kworker/u8:9\n1000 app\n";
	struct sh_dat_format ev[E_NTYPES];
	struct sh_dat_input in = { .page_size = 4096 };

	for (unsigned i = 0; i < E_NTYPES; i++)
		ev[i] = (struct sh_dat_format){ g->fmt[i].system, { g->fmt[i].text, g->fmt[i].len } };
	sh_dat_default_headers(&in);
	in.events = ev;
	in.n_events = E_NTYPES;
	in.ncpus = mk_pages_ncpus(g->pages);
	in.cpu_files = mk_pages_files(g->pages);
	in.trace_clock = (struct sh_dat_blob){ "[mono]", 6 };
	in.kallsyms = (struct sh_dat_blob){ kallsyms, sizeof(kallsyms) - 1 };
	in.cmdlines = (struct sh_dat_blob){ cmdlines, sizeof(cmdlines) - 1 };
	return sh_dat_write(out, &in);
}

static int generate(struct gen *g, const char *fmtdir, const char *out)
{
	char *tmpdir = NULL;
	const char *t = getenv("TMPDIR");
	int ret = -1;

	if (asprintf(&tmpdir, "%s/gen-trace.XXXXXX", t ? t : "/tmp") < 0 || !mkdtemp(tmpdir)) {
		free(tmpdir);
		return sh_error("cannot create a temporary directory: %s", strerror(errno));
	}
	g->pages = mk_pages_new(tmpdir);
	if (g->pages && load_formats(g, fmtdir) == 0) {
		setup(g);
		while (!g->err && g->nevents < g->target - g->target / 10)
			step(g);
		inject_end(g);
		while (!g->err && g->nevents < g->target)
			step(g);
		if (!g->err && mk_pages_finish(g->pages) == 0)
			ret = write_dat(g, out);
	}
	mk_pages_free(g->pages);
	rmdir(tmpdir);
	free(tmpdir);
	return ret;
}

int main(int argc, char **argv)
{
	struct gen *g = calloc(1, sizeof(*g));
	int opt, ret;

	sh_log_set_prefix("gen-trace");
	if (!g)
		return 3;
	g->target = 10000000;
	g->rng = 1;
	g->ncpus = 4;
	g->rescued_left = 3;
	while ((opt = getopt(argc, argv, "n:s:c:")) != -1) {
		switch (opt) {
		case 'n': g->target = strtoull(optarg, NULL, 0); break;
		case 's': g->rng = strtoull(optarg, NULL, 0); break;
		case 'c': g->ncpus = (unsigned)strtoul(optarg, NULL, 0); break;
		default: goto usage;
		}
	}
	if (argc - optind != 2 || g->ncpus == 0 || g->target < 1000)
		goto usage;
	ret = generate(g, argv[optind], argv[optind + 1]);
	if (ret == 0)
		fprintf(stderr, "gen-trace: %llu events on %u CPUs, %.3f s of trace\n", g->nevents,
			g->ncpus, (double)(g->ts - 1000000000ull) / 1e9);
	for (unsigned i = 0; i < E_NTYPES; i++) {
		free(g->fmt[i].system);
		free(g->fmt[i].text);
		free(g->fmt[i].field);
	}
	free(g);
	return ret < 0 ? 3 : 0;
usage:
	fprintf(stderr, "usage: gen-trace [-n EVENTS] [-s SEED] [-c CPUS] FORMATDIR OUTPUT\n");
	free(g);
	return 2;
}
