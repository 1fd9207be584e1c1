/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TEST_EVENTS_H
#define SH_TEST_EVENTS_H

/* Builders of normalized events for detector tests: a script of events, fed in order. */

#include <string.h>

#include "detect/analysis.h"
#include "detect/lostwake.h"

#define S1 0xffff888100001000ULL	/* a scheduler */
#define E1 0xffff888100002000ULL	/* an entity of S1, finished-fence context 77 */
#define E2 0xffff888100003000ULL	/* another entity of S1, context 79 */
#define CTX1 77
#define CTX2 79

struct script {
	struct sh_analysis *a;
	uint64_t idx;
};

static inline struct sh_event mk(unsigned type, uint64_t ts)
{
	struct sh_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = (uint16_t)type;
	ev.ts = ts;
	ev.cpu = 1;
	ev.pid = 42;
	return ev;
}

static inline void feed(struct script *sc, struct sh_event ev)
{
	ev.idx = sc->idx++;
	assert_int_equal(sh_analysis_feed(sc->a, &ev), 0);
}

static inline void push(struct script *sc, uint64_t ts, uint64_t ent, uint64_t ctx, uint64_t seqno,
			int first, int before, int after)
{
	struct sh_event ev = mk(SH_EV_PUSH, ts);

	ev.push = (struct sh_ev_push){ S1, ent, ctx, seqno, (uint64_t)first, (uint64_t)before,
				       (uint64_t)after };
	feed(sc, ev);
}

static inline void pop(struct script *sc, uint64_t ts, uint64_t ent, uint64_t ctx, uint64_t seqno,
		       int after, int head_nonnull, int slowpath)
{
	struct sh_event ev = mk(SH_EV_POP, ts);

	ev.pop = (struct sh_ev_pop){ S1, ent, ctx, seqno, (uint64_t)after, (uint64_t)head_nonnull,
				     (uint64_t)slowpath };
	feed(sc, ev);
}

static inline void kick(struct script *sc, uint64_t ts, int which, int reason, int stopped, int queued)
{
	struct sh_event ev = mk(SH_EV_KICK, ts);

	ev.kick = (struct sh_ev_kick){ S1, (uint64_t)which, (uint64_t)reason, (uint64_t)stopped,
				       (uint64_t)queued };
	feed(sc, ev);
}

static inline void begin(struct script *sc, uint64_t ts)
{
	struct sh_event ev = mk(SH_EV_WORKER_BEGIN, ts);

	ev.worker_begin.sched = S1;
	feed(sc, ev);
}

static inline void worker(struct script *sc, uint64_t ts, int outcome, uint64_t ent, uint64_t ctx,
			  uint64_t seqno, int unready)
{
	struct sh_event ev = mk(SH_EV_WORKER, ts);

	ev.worker = (struct sh_ev_worker){ S1, (uint64_t)outcome, ent, ctx, seqno, 1, 64,
					   (uint64_t)unready };
	feed(sc, ev);
}

static inline void done(struct script *sc, uint64_t ts, uint64_t ctx, uint64_t seqno)
{
	struct sh_event ev = mk(SH_EV_DONE, ts);

	ev.done = (struct sh_ev_done){ S1, ctx, seqno, 0 };
	feed(sc, ev);
}

static inline void state(struct script *sc, uint64_t ts, uint64_t ent, int st, int64_t arg)
{
	struct sh_event ev = mk(SH_EV_STATE, ts);

	ev.state = (struct sh_ev_state){ S1, ent, (uint64_t)st, (uint64_t)arg };
	feed(sc, ev);
}

static inline void dep(struct script *sc, uint64_t ts, uint64_t ent, uint64_t ctx, uint64_t seqno,
		       int action)
{
	struct sh_event ev = mk(SH_EV_DEP, ts);

	ev.dep = (struct sh_ev_dep){ ent, ctx, seqno, 500, 9, (uint64_t)action };
	feed(sc, ev);
}

static inline void lost(struct script *sc, uint64_t ts, int cpu)
{
	struct sh_event ev = mk(SH_EV_LOST, ts);

	ev.cpu = cpu;
	ev.lost.count = 10;
	feed(sc, ev);
}

/* Any event that only moves the end of the trace forward. */
static inline void tick(struct script *sc, uint64_t ts)
{
	struct sh_event ev = mk(SH_EV_FENCE, ts);

	ev.fence.kind = SH_FENCE_KIND_EMIT;
	feed(sc, ev);
}

#endif
