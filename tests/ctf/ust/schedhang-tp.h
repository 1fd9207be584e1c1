/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test-only LTTng-UST provider `schedhang`: the schedhang_* events of
 * schedhang-events(7) (man/schedhang-events.7) that the spsc-race
 * reproduction in app.c emits, with their field names.
 */
#undef LTTNG_UST_TRACEPOINT_PROVIDER
#define LTTNG_UST_TRACEPOINT_PROVIDER schedhang

#undef LTTNG_UST_TRACEPOINT_INCLUDE
#define LTTNG_UST_TRACEPOINT_INCLUDE "./schedhang-tp.h"

#if !defined(SCHEDHANG_TP_H) || defined(LTTNG_UST_TRACEPOINT_HEADER_MULTI_READ)
#define SCHEDHANG_TP_H

#include <stdint.h>
#include <lttng/tracepoint.h>

#define U64(n) lttng_ust_field_integer_hex(uint64_t, n, n)
#define N64(n) lttng_ust_field_integer(uint64_t, n, n)
#define U32(n) lttng_ust_field_integer(uint32_t, n, n)

LTTNG_UST_TRACEPOINT_EVENT(schedhang, schedhang_sched_info,
	LTTNG_UST_TP_ARGS(uint64_t, sched, const char *, name, uint32_t, credit_limit,
			  uint32_t, timeout_ms, uint64_t, work_run, uint64_t, work_free),
	LTTNG_UST_TP_FIELDS(U64(sched) lttng_ust_field_string(name, name) U32(credit_limit)
			    U32(timeout_ms) U64(work_run) U64(work_free)))

LTTNG_UST_TRACEPOINT_EVENT(schedhang, schedhang_push,
	LTTNG_UST_TP_ARGS(uint64_t, sched, uint64_t, entity, uint64_t, ectx, uint64_t, seqno,
			  uint32_t, first, uint32_t, cnt_before, uint32_t, cnt_after),
	LTTNG_UST_TP_FIELDS(U64(sched) U64(entity) N64(ectx) N64(seqno) U32(first)
			    U32(cnt_before) U32(cnt_after)))

LTTNG_UST_TRACEPOINT_EVENT(schedhang, schedhang_pop,
	LTTNG_UST_TP_ARGS(uint64_t, sched, uint64_t, entity, uint64_t, ectx, uint64_t, seqno,
			  uint32_t, cnt_after, uint32_t, head_nonnull, uint32_t, slowpath),
	LTTNG_UST_TP_FIELDS(U64(sched) U64(entity) N64(ectx) N64(seqno) U32(cnt_after)
			    U32(head_nonnull) U32(slowpath)))

LTTNG_UST_TRACEPOINT_EVENT(schedhang, schedhang_kick,
	LTTNG_UST_TP_ARGS(uint64_t, sched, uint32_t, which, uint32_t, reason, uint32_t, stopped,
			  uint32_t, queued),
	LTTNG_UST_TP_FIELDS(U64(sched) U32(which) U32(reason) U32(stopped) U32(queued)))

LTTNG_UST_TRACEPOINT_EVENT(schedhang, schedhang_worker_begin,
	LTTNG_UST_TP_ARGS(uint64_t, sched),
	LTTNG_UST_TP_FIELDS(U64(sched)))

LTTNG_UST_TRACEPOINT_EVENT(schedhang, schedhang_worker,
	LTTNG_UST_TP_ARGS(uint64_t, sched, uint32_t, outcome, uint64_t, entity, uint64_t, ectx,
			  uint64_t, seqno, uint32_t, credit_count, uint32_t, credit_limit,
			  uint32_t, n_nonempty_unready),
	LTTNG_UST_TP_FIELDS(U64(sched) U32(outcome) U64(entity) N64(ectx) N64(seqno)
			    U32(credit_count) U32(credit_limit) U32(n_nonempty_unready)))

/* result is signed: the CTF reader sign-extends any width */
LTTNG_UST_TRACEPOINT_EVENT(schedhang, schedhang_done,
	LTTNG_UST_TP_ARGS(uint64_t, sched, uint64_t, ectx, uint64_t, seqno, int32_t, result),
	LTTNG_UST_TP_FIELDS(U64(sched) N64(ectx) N64(seqno)
			    lttng_ust_field_integer(int32_t, result, result)))

#endif

#include <lttng/tracepoint-event.h>
