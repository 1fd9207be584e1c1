/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timeline index: entry size, rows, states, bins and the merged walk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "events.h"
#include "tui/timeline.h"

struct tl_fixture {
	struct sh_analysis *a;
	struct sh_timeline tl;
};

static void tfeed(struct tl_fixture *fx, struct sh_event ev)
{
	assert_int_equal(sh_analysis_feed(fx->a, &ev), 0);
	assert_int_equal(sh_timeline_add(&fx->tl, fx->a, &ev), 0);
}

static struct sh_event ev_push(uint64_t ts, uint64_t ent, uint64_t ctx, uint64_t seqno, int first)
{
	struct sh_event ev = mk(SH_EV_PUSH, ts);

	ev.push = (struct sh_ev_push){ S1, ent, ctx, seqno, (uint64_t)first, 0, 1 };
	return ev;
}

static struct sh_event ev_pop(uint64_t ts, uint64_t ent, uint64_t ctx, uint64_t seqno)
{
	struct sh_event ev = mk(SH_EV_POP, ts);

	ev.pop = (struct sh_ev_pop){ S1, ent, ctx, seqno, 0, 0, 0 };
	return ev;
}

static struct sh_event ev_sched(unsigned type, uint64_t ts)
{
	struct sh_event ev = mk(type, ts);

	ev.f[0] = S1;
	return ev;
}

static struct sh_event ev_done(uint64_t ts, uint64_t ctx, uint64_t seqno)
{
	struct sh_event ev = mk(SH_EV_DONE, ts);

	ev.done = (struct sh_ev_done){ S1, ctx, seqno, 0 };
	return ev;
}

static int setup(void **state)
{
	struct tl_fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->a = sh_analysis_new(NULL);
	assert_non_null(fx->a);
	sh_timeline_init(&fx->tl);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct tl_fixture *fx = *state;

	sh_timeline_release(&fx->tl);
	sh_analysis_free(fx->a);
	free(fx);
	return 0;
}

/* One job of entity @ent: push, kick, worker begin, pop, worker end, done. */
static void job(struct tl_fixture *fx, uint64_t t, uint64_t ent, uint64_t ctx, uint64_t seqno)
{
	struct sh_event w = ev_sched(SH_EV_WORKER, t + 4);

	tfeed(fx, ev_push(t, ent, ctx, seqno, 1));
	tfeed(fx, ev_sched(SH_EV_KICK, t + 1));
	tfeed(fx, ev_sched(SH_EV_WORKER_BEGIN, t + 2));
	tfeed(fx, ev_pop(t + 3, ent, ctx, seqno));
	w.worker.entity = ent;
	w.worker.ectx = ctx;
	w.worker.seqno = seqno;
	tfeed(fx, w);
	tfeed(fx, ev_done(t + 10, ctx, seqno));
}

static void test_entry_is_20_bytes_and_index_costs_20_per_event(void **state)
{
	struct tl_fixture *fx = *state;
	size_t bytes;

	assert_int_equal(sizeof(struct sh_tl_entry), 20);
	for (uint64_t i = 0; i < 20000; i++)
		job(fx, 1000 + i * 100, i & 1 ? E2 : E1, i & 1 ? CTX2 : CTX1, i / 2 + 1);
	assert_int_equal(sh_timeline_finish(&fx->tl), 0);
	assert_int_equal(fx->tl.nevents, 120000);
	bytes = sh_timeline_entry_bytes(&fx->tl);
	print_message("index: %zu bytes for %llu events (%.2f bytes/event)\n", bytes,
		      (unsigned long long)fx->tl.nevents, (double)bytes / (double)fx->tl.nevents);
	assert_true(bytes <= 20 * fx->tl.nevents);
}

/* Every packed field holds its widest value, and setting one leaves the others alone. */
static void test_entry_fields_pack_without_overlap(void **state)
{
	struct sh_tl_entry x = { 0 };

	(void)state;
	x.type = SH_EV__COUNT - 1;
	x.flags = SH_TLF__ALL;
	x.cpu = SH_TL_CPU_UNKNOWN;
	x.state = 255;
	x.seqno = UINT32_MAX;
	x.depth = x.nf_cum = UINT16_MAX;
	sh_tl_set_ts(&x, UINT64_MAX - 1);
	assert_int_equal(x.type, SH_EV__COUNT - 1);
	assert_int_equal(x.flags, SH_TLF__ALL);
	assert_int_equal(x.cpu, 0x7fff);
	assert_int_equal(x.state, 255);
	assert_true(sh_tl_ts(&x) == UINT64_MAX - 1);
	x.type = 0;
	x.cpu = 0;
	assert_int_equal(x.flags, SH_TLF__ALL);
	assert_int_equal(x.state, 255);
	x.flags = 0;
	x.type = SH_EV__COUNT - 1;
	x.cpu = SH_TL_CPU_UNKNOWN - 1;
	x.state = 0;
	assert_int_equal(x.type, SH_EV__COUNT - 1);
	assert_int_equal(x.flags, 0);
	assert_int_equal(x.cpu, 32766);
	assert_int_equal(x.seqno, UINT32_MAX);
	assert_int_equal(x.depth, UINT16_MAX);
	assert_int_equal(x.nf_cum, UINT16_MAX);
	sh_tl_set_ts(&x, 1ULL << 32);
	assert_true(sh_tl_ts(&x) == 1ULL << 32);
	assert_int_equal(x.cpu, 32766);

	assert_int_equal(sh_tl_cpu_of(-1), SH_TL_CPU_UNKNOWN);
	assert_int_equal(sh_tl_cpu_of(0), 0);
	assert_int_equal(sh_tl_cpu_of(8191), 8191);
	assert_int_equal(sh_tl_cpu_of(32766), 32766);
	assert_int_equal(sh_tl_cpu_of(32767), SH_TL_CPU_UNKNOWN);
	assert_int_equal(sh_tl_cpu_of(65535), SH_TL_CPU_UNKNOWN);	/* the old unknown */
	assert_int_equal(sh_tl_cpu_of(65536 + 3), SH_TL_CPU_UNKNOWN);	/* would wrap to 3 */
	assert_int_equal(sh_tl_cpu_of(INT32_MAX), SH_TL_CPU_UNKNOWN);
}

static struct sh_event on_cpu(struct sh_event ev, int cpu)
{
	ev.cpu = cpu;
	return ev;
}

/*
 * What the index stores of events at the edges: CPUs 32766, unknown and too
 * large, every flag, the highest event type, times past 2^32 and near 2^64.
 */
static void test_entries_round_trip_edge_values(void **state)
{
	struct tl_fixture *fx = *state;
	const uint64_t t2 = (1ULL << 32) + 5, t3 = 1ULL << 40, t4 = UINT64_MAX - 2;
	struct sh_event kill = mk(SH_EV_STATE, t3), lost = mk(SH_EV_LOST, UINT64_MAX);
	const struct sh_tl_row *e, *o, *l;
	const struct sh_tl_entry *x;
	struct sh_tl_pos p;

	kill.state.sched = S1;
	kill.state.entity = E1;
	kill.state.state = SH_STATE_ENTITY_KILL;
	lost.lost.count = 3;
	tfeed(fx, on_cpu(ev_push(1000, E1, CTX1, 0x123456789ULL, 1), 32766));
	tfeed(fx, on_cpu(ev_push(t2, E1, CTX1, 2, 0), -1));
	tfeed(fx, on_cpu(kill, 0x7fffffff));
	tfeed(fx, on_cpu(ev_push(t4, E1, CTX1, UINT32_MAX, 0), 0x7fff));
	tfeed(fx, on_cpu(mk(SH_EV__COUNT - 1, t4 + 1), 65536 + 3));
	tfeed(fx, on_cpu(lost, 0));
	assert_int_equal(sh_timeline_finish(&fx->tl), 0);
	e = &fx->tl.rows[sh_timeline_row_of(&fx->tl, SH_TL_ENTITY, E1)];
	o = &fx->tl.rows[sh_timeline_row_of(&fx->tl, SH_TL_OTHER, 0)];
	l = &fx->tl.rows[sh_timeline_row_of(&fx->tl, SH_TL_LOST, 0)];
	assert_int_equal(e->len, 4);
	assert_int_equal(o->len, 1);
	assert_int_equal(l->len, 1);

	x = &e->ent[0];
	assert_int_equal(x->type, SH_EV_PUSH);
	assert_int_equal(x->cpu, 32766);
	assert_int_equal(x->flags, SH_TLF_HAS_SEQNO);
	assert_int_equal(x->seqno, 0x23456789);
	assert_int_equal(sh_tl_ts(x), 1000);
	x = &e->ent[1];
	assert_int_equal(x->cpu, SH_TL_CPU_UNKNOWN);
	assert_int_equal(x->flags, SH_TLF_HAS_SEQNO | SH_TLF_NOT_FIRST);
	assert_true(sh_tl_ts(x) == t2);
	assert_int_equal(x->depth, 2);
	x = &e->ent[2];
	assert_int_equal(x->type, SH_EV_STATE);
	assert_int_equal(x->cpu, SH_TL_CPU_UNKNOWN);
	assert_int_equal(x->flags, SH_TLF_KILLED);
	assert_true(sh_tl_ts(x) == t3);
	x = &e->ent[3];
	assert_int_equal(x->type, SH_EV_PUSH);
	assert_int_equal(x->cpu, SH_TL_CPU_UNKNOWN);
	assert_int_equal(x->flags, SH_TLF_HAS_SEQNO | SH_TLF_NOT_FIRST | SH_TLF_KILLED);
	assert_int_equal(x->seqno, UINT32_MAX);
	assert_true(sh_tl_ts(x) == t4);
	assert_int_equal(x->nf_cum, 2);
	x = &o->ent[0];
	assert_int_equal(x->type, SH_EV__COUNT - 1);
	assert_int_equal(x->cpu, SH_TL_CPU_UNKNOWN);
	assert_int_equal(x->flags, 0);
	assert_true(sh_tl_ts(x) == t4 + 1);
	x = &l->ent[0];
	assert_int_equal(x->type, SH_EV_LOST);
	assert_int_equal(x->cpu, 0);
	assert_int_equal(x->flags, SH_TLF_LOST);
	assert_true(sh_tl_ts(x) == UINT64_MAX);

	/* the searches compare whole times */
	p = sh_timeline_seek(&fx->tl, NULL, t2);
	assert_true(sh_tl_ts(sh_timeline_at(&fx->tl, p)) == t2);
	p = sh_timeline_seek(&fx->tl, NULL, 1001);
	assert_true(sh_tl_ts(sh_timeline_at(&fx->tl, p)) == t2);
	p = sh_timeline_seek(&fx->tl, NULL, t4 + 1);
	assert_true(sh_tl_ts(sh_timeline_at(&fx->tl, p)) == t4 + 1);
	p = sh_timeline_prev(&fx->tl, NULL, p);
	assert_true(sh_tl_ts(sh_timeline_at(&fx->tl, p)) == t4);
}

static void test_rows_first_seen_then_sorted_for_display(void **state)
{
	struct tl_fixture *fx = *state;
	const struct sh_timeline *tl = &fx->tl;

	job(fx, 1000, E2, CTX2, 1);	/* E2 (higher id) seen first */
	job(fx, 2000, E1, CTX1, 1);
	assert_int_equal(sh_timeline_finish(&fx->tl), 0);
	assert_int_equal(sh_timeline_row_of(tl, SH_TL_SCHED, S1), 0);
	assert_int_equal(sh_timeline_row_of(tl, SH_TL_ENTITY, E2), 1);
	assert_int_equal(sh_timeline_row_of(tl, SH_TL_ENTITY, E1), 2);
	assert_int_equal(tl->norder, 3);
	assert_int_equal(tl->order[0], 0);
	assert_int_equal(tl->order[1], 2);	/* E1 before E2 on screen */
	assert_int_equal(tl->order[2], 1);
	assert_int_equal(tl->rows[2].parent, 0);
	assert_int_equal(tl->rows[2].ectx, CTX1);
}

static void test_states_and_bins(void **state)
{
	struct tl_fixture *fx = *state;
	const struct sh_tl_row *s, *e;
	struct sh_tl_bin bin;

	job(fx, 1000, E1, CTX1, 1);
	tfeed(fx, ev_push(2000, E1, CTX1, 2, 1));
	tfeed(fx, ev_push(2100, E1, CTX1, 3, 0));	/* not first: stranded */
	assert_int_equal(sh_timeline_finish(&fx->tl), 0);
	s = &fx->tl.rows[sh_timeline_row_of(&fx->tl, SH_TL_SCHED, S1)];
	e = &fx->tl.rows[sh_timeline_row_of(&fx->tl, SH_TL_ENTITY, E1)];
	assert_int_equal(s->len, 3);	/* kick, begin, worker */
	assert_int_equal(e->len, 5);	/* push, pop, done, push, push */
	assert_int_equal(s->ent[1].state, SH_WORKER_RUNNING);
	assert_int_equal(s->ent[2].state, SH_WORKER_IDLE);
	assert_int_equal(e->ent[1].state, 1);	/* popped: running */
	assert_int_equal(e->ent[2].state, 0);	/* done */
	assert_int_equal(e->ent[2].type, SH_EV_DONE);
	assert_int_equal(e->ent[4].depth, 2);
	assert_true(e->ent[4].flags & SH_TLF_NOT_FIRST);
	assert_int_equal(e->ent[4].seqno, 3);

	sh_timeline_bin(s, 0, 1000, &bin);		/* before anything */
	assert_false(bin.known);
	sh_timeline_bin(s, 1002, 1003, &bin);		/* worker running, begin inside */
	assert_true(bin.active);
	assert_int_equal(bin.last->state, SH_WORKER_RUNNING);
	sh_timeline_bin(s, 1003, 1004, &bin);		/* still running, nothing inside */
	assert_false(bin.active);
	assert_true(bin.known);
	assert_int_equal(bin.last->state, SH_WORKER_RUNNING);
	sh_timeline_bin(e, 2000, 2050, &bin);		/* first push only */
	assert_false(bin.not_first);
	sh_timeline_bin(e, 2050, 3000, &bin);
	assert_true(bin.not_first);
	sh_timeline_bin(e, 5000, 9000, &bin);		/* after the end: state carried */
	assert_false(bin.active);
	assert_int_equal(bin.last->depth, 2);
}

static void test_merged_walk_is_in_time_order(void **state)
{
	struct tl_fixture *fx = *state;
	const struct sh_tl_entry *x, *prev = NULL;
	struct sh_tl_pos p, last = { -1, 0 };
	uint64_t n = 0;

	for (uint64_t i = 0; i < 50; i++)
		job(fx, 1000 + i * 20, i & 1 ? E2 : E1, i & 1 ? CTX2 : CTX1, i / 2 + 1);
	assert_int_equal(sh_timeline_finish(&fx->tl), 0);
	for (p = sh_timeline_seek(&fx->tl, NULL, 0); p.row >= 0; p = sh_timeline_next(&fx->tl, NULL, p)) {
		x = sh_timeline_at(&fx->tl, p);
		assert_true(!prev || sh_tl_ts(prev) <= sh_tl_ts(x));
		prev = x;
		last = p;
		n++;
	}
	assert_int_equal(n, fx->tl.nevents);
	for (n = 1, p = last; (p = sh_timeline_prev(&fx->tl, NULL, p)).row >= 0;)
		n++;
	assert_int_equal(n, fx->tl.nevents);
	p = sh_timeline_seek(&fx->tl, NULL, 1042);
	assert_int_equal(sh_tl_ts(sh_timeline_at(&fx->tl, p)), 1042);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_entry_is_20_bytes_and_index_costs_20_per_event, setup, teardown),
		cmocka_unit_test(test_entry_fields_pack_without_overlap),
		cmocka_unit_test_setup_teardown(test_entries_round_trip_edge_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_first_seen_then_sorted_for_display, setup, teardown),
		cmocka_unit_test_setup_teardown(test_states_and_bins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merged_walk_is_in_time_order, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
