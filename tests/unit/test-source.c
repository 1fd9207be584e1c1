/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hand-over of events from a source: sh_source_next() one at a time,
 * sh_source_next_batch() in place, mixed, read ahead or not. Every way must
 * give the same stream (indices, times, fields), then the end, again on
 * every later call. A text trace of a few thousand events spans several
 * batches of both the caller's reading and the read-ahead thread's.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/event.h"
#include "read/source.h"

#define NEVENTS 5000

struct trace {
	char path[64];
	uint64_t ts[NEVENTS];		/* each event's time, as the reader must give it */
};

/* A text trace of NEVENTS schedhang_push events, one per microsecond. */
static int setup(void **state)
{
	struct trace *t = calloc(1, sizeof(*t));
	FILE *f;
	int fd;

	assert_non_null(t);
	strcpy(t->path, "/tmp/sh-test-source.XXXXXX");
	fd = mkstemp(t->path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("# tracer: nop\n#\n", f);
	for (unsigned i = 0; i < NEVENTS; i++) {
		t->ts[i] = 100000000000ull + i * 1000ull;
		fprintf(f, " app-42 [%03u] .....   100.%06u: schedhang_push: sched=0x1 "
			"entity=0x2 ectx=7 seqno=%u first=0 cnt_before=1 cnt_after=2\n", i % 2, i, i);
	}
	assert_int_equal(fclose(f), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct trace *t = *state;

	unlink(t->path);
	free(t);
	return 0;
}

/* Event @i as it must come: its index, time and sequence number. */
static void check_event(const struct trace *t, const struct sh_event *ev, uint64_t i)
{
	assert_true(i < NEVENTS);
	assert_int_equal(ev->idx, i);
	assert_int_equal(ev->type, SH_EV_PUSH);
	assert_int_equal(ev->ts, t->ts[i]);
	assert_int_equal(ev->push.seqno, i);
}

/* The end, and the end again on later calls of either kind. */
static void check_end(struct sh_source *src)
{
	const struct sh_event *evs = NULL;
	struct sh_event ev;

	assert_int_equal(sh_source_next(src, &ev), 0);
	assert_int_equal(sh_source_next_batch(src, &evs), 0);
	assert_int_equal(sh_source_next(src, &ev), 0);
	assert_int_equal(sh_source_info(src)->nevents, NEVENTS);
}

/*
 * Read the whole trace: one event in @every_next through sh_source_next(),
 * the others as batches (@every_next 1: sh_source_next() only, 0: batches).
 */
static void read_all(const struct trace *t, bool ahead, unsigned every_next)
{
	struct sh_source *src = sh_source_open(t->path, SH_INPUT_TEXT);
	uint64_t i = 0;
	unsigned call = 0;

	assert_non_null(src);
	if (ahead)
		sh_source_read_ahead(src);
	for (;;) {
		const struct sh_event *evs;
		struct sh_event ev;
		long n;

		if (every_next && call++ % every_next == 0) {
			if (sh_source_next(src, &ev) <= 0)
				break;
			check_event(t, &ev, i++);
			continue;
		}
		n = sh_source_next_batch(src, &evs);
		if (n <= 0) {
			assert_int_equal(n, 0);
			break;
		}
		for (long k = 0; k < n; k++)
			check_event(t, &evs[k], i++);
	}
	assert_int_equal(i, NEVENTS);
	check_end(src);
	sh_source_free(src);
}

static void test_next(void **state)
{
	read_all(*state, false, 1);
	read_all(*state, true, 1);
}

static void test_batch(void **state)
{
	read_all(*state, false, 0);
	read_all(*state, true, 0);
}

static void test_mixed(void **state)
{
	read_all(*state, false, 3);
	read_all(*state, true, 3);
	read_all(*state, true, 2);
}

/* Read-ahead started after some events were handed out: none lost, none twice. */
static void test_ahead_late(void **state)
{
	const struct trace *t = *state;
	struct sh_source *src = sh_source_open(t->path, SH_INPUT_TEXT);
	const struct sh_event *evs;
	struct sh_event ev;
	uint64_t i = 0;
	long n;

	assert_non_null(src);
	for (; i < 10; i++) {
		assert_int_equal(sh_source_next(src, &ev), 1);
		check_event(t, &ev, i);
	}
	sh_source_read_ahead(src);
	while ((n = sh_source_next_batch(src, &evs)) > 0)
		for (long k = 0; k < n; k++)
			check_event(t, &evs[k], i++);
	assert_int_equal(n, 0);
	assert_int_equal(i, NEVENTS);
	check_end(src);
	sh_source_free(src);
}

/* Freed in the middle, read ahead or not: nothing leaks, nothing hangs. */
static void test_free_early(void **state)
{
	const struct trace *t = *state;

	for (int ahead = 0; ahead < 2; ahead++) {
		struct sh_source *src = sh_source_open(t->path, SH_INPUT_TEXT);
		const struct sh_event *evs;

		assert_non_null(src);
		if (ahead)
			sh_source_read_ahead(src);
		assert_true(sh_source_next_batch(src, &evs) > 0);
		check_event(t, &evs[0], 0);
		sh_source_free(src);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_ahead_late),
		cmocka_unit_test(test_free_early),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
