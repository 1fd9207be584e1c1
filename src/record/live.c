/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Live analysis while recording (--stop-on-stall): the pages the stream reads
 * are decoded by the trace.dat reader's own decoder, the per-CPU streams are
 * merged into timestamp order behind a watermark, and the analysis is asked
 * after every poll round whether anything has been stalled too long.
 *
 * Watermark: an event is fed once no CPU can still deliver an older one. A
 * round reads every CPU until it is empty, so after the round a CPU can only
 * deliver events newer than the trace-clock time taken before the round
 * (t0); a CPU whose read stopped at the per-round cap can still deliver
 * events newer than its last one. The watermark is the minimum of these.
 * Queued events are therefore only those written while the round read the
 * buffers, plus, while a CPU is capped, the others' events newer than its
 * last one. A round reads at most twice the buffer size per CPU, so a queue
 * holds at most about two buffers' worth of events (a 1.4 MB buffer of
 * 40-byte uprobe events: ~70,000 events of 120 bytes, 8 MB) before it is
 * fed, and it is emptied each round unless some CPU outruns the reader.
 */
#define _GNU_SOURCE
#include "config.h"

#include <event-parse.h>
#include <inttypes.h>
#include <kbuffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/error.h"
#include "detect/analysis.h"
#include "read/source-dat.h"
#include "record/live.h"
#include "record/record.h"

/* Commits racing the round's clock read: events this much older than t0 may still come. */
#define COMMIT_SLACK_NS 1000000ULL

struct cpu_queue {
	struct sh_event *v;	/* owned: events not fed yet, oldest first from head */
	size_t head, len, cap;
	uint64_t last_ts;	/* newest event decoded on this CPU */
	bool behind;		/* this round's read stopped at the cap */
};

struct sh_live {
	struct tep_handle *tep;		/* owned */
	struct sh_source *src;		/* owned: the trace.dat decoder over tep */
	struct kbuffer *kbuf;		/* owned */
	struct sh_analysis *a;		/* owned */
	struct cpu_queue *q;		/* owned, ncpus entries */
	unsigned ncpus;
	clockid_t clock;
	bool have_clock;		/* the trace clock is readable from user space */
	uint64_t stall_ns;
	uint64_t fed, max_ts;
	bool triggered;
	struct sh_stall stall;
	uint64_t stall_now;
};

static bool clock_of(const char *name, clockid_t *id)
{
	static const struct {
		const char *name;
		clockid_t id;
	} clocks[] = {
		{ "mono", CLOCK_MONOTONIC }, { "mono_raw", CLOCK_MONOTONIC_RAW },
		{ "boot", CLOCK_BOOTTIME }, { "tai", CLOCK_TAI },
	};

	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		if (!strcmp(name, clocks[i].name)) {
			*id = clocks[i].id;
			return true;
		}
	return false;
}

static int parse_formats(struct sh_live *l, const struct sh_evlist *ev)
{
	tep_set_long_size(l->tep, 8);
	tep_set_page_size(l->tep, getpagesize());
	tep_set_file_bigendian(l->tep, tep_is_local_bigendian(l->tep));
	for (unsigned i = 0; i < ev->n; i++) {
		const char *f = ev->v[i].format;

		if (f && tep_parse_event(l->tep, f, strlen(f), ev->v[i].system) != 0)
			return sh_error("cannot parse the format of event '%s:%s'", ev->v[i].system,
					ev->v[i].event);
	}
	return 0;
}

struct sh_live *sh_live_new(const struct sh_evlist *ev, unsigned ncpus, const char *clock,
			    uint64_t stall_ns)
{
	struct sh_analysis_opts o = { .stall_ns = stall_ns };
	struct sh_live *l = calloc(1, sizeof(*l));

	if (!l || !(l->q = calloc(ncpus, sizeof(*l->q))) || !(l->tep = tep_alloc()))
		goto oom;
	l->ncpus = ncpus;
	l->stall_ns = stall_ns;
	l->have_clock = clock_of(clock, &l->clock);
	if (parse_formats(l, ev) < 0)
		goto fail;
	l->kbuf = kbuffer_alloc(KBUFFER_LSIZE_8, tep_is_local_bigendian(l->tep) ?
				KBUFFER_ENDIAN_BIG : KBUFFER_ENDIAN_LITTLE);
	l->src = sh_source_dat_new_tep(l->tep);
	l->a = sh_analysis_new(&o);
	if (!l->kbuf || !l->src || !l->a)
		goto oom;
	if (!l->have_clock)
		sh_warning("trace clock '%s' cannot be read from user space: --stop-on-stall "
			   "measures stalls up to the newest recorded event only", clock);
	return l;
oom:
	sh_error("out of memory");
fail:
	sh_live_free(l);
	return NULL;
}

void sh_live_free(struct sh_live *l)
{
	if (!l)
		return;
	for (unsigned c = 0; l->q && c < l->ncpus; c++)
		free(l->q[c].v);
	free(l->q);
	sh_analysis_free(l->a);
	sh_source_free(l->src);
	if (l->kbuf)
		kbuffer_free(l->kbuf);
	if (l->tep)
		tep_free(l->tep);
	free(l);
}

uint64_t sh_live_now(const struct sh_live *l)
{
	struct timespec ts;

	if (!l->have_clock || clock_gettime(l->clock, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int enqueue(struct sh_live *l, unsigned cpu, const struct sh_event *ev)
{
	struct cpu_queue *q = &l->q[cpu];

	if (q->head && q->head + q->len == q->cap) {
		memmove(q->v, q->v + q->head, q->len * sizeof(*q->v));
		q->head = 0;
	}
	if (q->len == q->cap) {
		size_t cap = q->cap ? 2 * q->cap : 256;
		struct sh_event *v = realloc(q->v, cap * sizeof(*v));

		if (!v)
			return sh_error("out of memory");
		q->v = v;
		q->cap = cap;
	}
	q->v[q->head + q->len++] = *ev;
	if (ev->ts > q->last_ts)
		q->last_ts = ev->ts;
	if (ev->ts > l->max_ts)
		l->max_ts = ev->ts;
	return 0;
}

/* A kernel-lost marker at the page's first event, as the trace.dat reader makes one. */
static int enqueue_lost(struct sh_live *l, unsigned cpu, long long missed, uint64_t ts)
{
	struct sh_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = SH_EV_LOST;
	ev.ts = ts;
	ev.cpu = (int)cpu;
	ev.pid = -1;
	ev.lost.count = missed > 0 ? (uint64_t)missed : 0;
	return enqueue(l, cpu, &ev);
}

int sh_live_page(struct sh_live *l, unsigned cpu, void *page)
{
	unsigned long long ts;
	long long missed;
	void *data;
	int r;

	if (kbuffer_load_subbuffer(l->kbuf, page) < 0)
		return 0;
	missed = kbuffer_missed_events(l->kbuf);
	for (data = kbuffer_read_event(l->kbuf, &ts); data;
	     data = kbuffer_next_event(l->kbuf, &ts)) {
		struct tep_record rec = { .ts = ts, .cpu = (int)cpu, .data = data };
		struct sh_event ev;

		rec.size = (int)kbuffer_event_size(l->kbuf);
		rec.record_size = rec.size;
		if (missed && enqueue_lost(l, cpu, missed, ts) < 0)
			return -1;
		missed = 0;
		r = sh_source_dat_decode(l->src, &rec, (int)cpu, &ev);
		if (r < 0 || (r == 1 && enqueue(l, cpu, &ev) < 0))
			return -1;
	}
	return 0;
}

void sh_live_behind(struct sh_live *l, unsigned cpu)
{
	l->q[cpu].behind = true;
}

static uint64_t watermark(struct sh_live *l, uint64_t t0)
{
	uint64_t wm = t0 ? (t0 > COMMIT_SLACK_NS ? t0 - COMMIT_SLACK_NS : 0) : l->max_ts;

	for (unsigned c = 0; c < l->ncpus; c++) {
		if (l->q[c].behind && l->q[c].last_ts < wm)
			wm = l->q[c].last_ts;
		l->q[c].behind = false;
	}
	return wm;
}

/* The CPU whose oldest queued event is the oldest at or before @wm, or -1. */
static int oldest(const struct sh_live *l, uint64_t wm)
{
	int best = -1;

	for (unsigned c = 0; c < l->ncpus; c++) {
		const struct cpu_queue *q = &l->q[c];

		if (q->len && q->v[q->head].ts <= wm &&
		    (best < 0 || q->v[q->head].ts < l->q[best].v[l->q[best].head].ts))
			best = (int)c;
	}
	return best;
}

int sh_live_advance(struct sh_live *l, uint64_t t0)
{
	uint64_t wm = watermark(l, t0);
	int c;

	if (l->triggered)
		return 1;
	while ((c = oldest(l, wm)) >= 0) {
		struct cpu_queue *q = &l->q[c];
		struct sh_event *ev = &q->v[q->head];

		ev->idx = l->fed++;	/* stream order is the merged order, as in a file */
		if (sh_analysis_feed(l->a, ev) < 0)
			return -1;
		q->head++;
		if (!--q->len)
			q->head = 0;
	}
	if (sh_analysis_stalled(l->a, wm, l->stall_ns, &l->stall)) {
		l->triggered = true;
		l->stall_now = wm;
		return 1;
	}
	return 0;
}

int sh_live_describe(const struct sh_live *l, char *buf, size_t size)
{
	const struct sh_stall *st = &l->stall;
	char job[64] = "";

	if (!l->triggered)
		return 0;
	if (st->ectx || st->seqno)
		snprintf(job, sizeof(job), ", job %" PRIu64 ":%" PRIu64, st->ectx, st->seqno);
	return snprintf(buf, size, "%s (%s) on scheduler 0x%" PRIx64 " (%s)%s open for %.3f ms "
			"since %" PRIu64 ".%06" PRIu64 " (threshold %.0f ms)",
			sh_finding_class_name(st->cls), sh_finding_class_summary(st->cls),
			st->sched->id, st->sched->name ? st->sched->name : "unnamed", job,
			(double)(l->stall_now - st->since) / 1e6, (uint64_t)(st->since / 1000000000ULL),
			(uint64_t)(st->since % 1000000000ULL / 1000ULL), (double)l->stall_ns / 1e6);
}
