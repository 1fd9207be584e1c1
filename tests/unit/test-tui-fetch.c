/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The events pane's fetcher: every indexed event read again, forward and back, filtered, failing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/filter.h"
#include "read/source.h"
#include "tui/fetch.h"
#include "tui/timeline-load.h"

struct loaded {
	char path[4096];
	struct sh_timeline tl;
	struct sh_analysis *a;
};

/* Index @rel (from the top source folder) through @filt. */
static void load(struct loaded *l, const char *rel, const struct sh_filter *filt)
{
	const char *top = getenv("top_srcdir");
	struct sh_source *src;

	snprintf(l->path, sizeof(l->path), "%s/%s", top ? top : ".", rel);
	src = sh_source_open(l->path, SH_INPUT_AUTO);
	assert_non_null(src);
	l->a = sh_analysis_new(NULL);
	assert_non_null(l->a);
	sh_timeline_init(&l->tl);
	assert_int_equal(sh_timeline_load(&l->tl, l->a, src, filt, NULL, NULL), 0);
	sh_source_free(src);	/* the fetcher opens its own */
}

static void unload(struct loaded *l)
{
	sh_timeline_release(&l->tl);
	sh_analysis_free(l->a);
}

static const struct sh_tl_entry *entry(const struct loaded *l, size_t k)
{
	for (unsigned r = 0; r < l->tl.nrows; r++) {
		if (k < l->tl.rows[r].len)
			return &l->tl.rows[r].ent[k];
		k -= l->tl.rows[r].len;
	}
	return NULL;
}

/*
 * Fetch @max entries from the first, in the merged stream's order or
 * backwards from the end: each is found, as indexed.
 */
static unsigned fetch_all(struct tui_fetch *f, const struct loaded *l, bool backwards, unsigned max,
			  unsigned *pushes)
{
	struct sh_tl_pos p = sh_timeline_seek(&l->tl, NULL, 0), q;
	unsigned n = 0;

	while (backwards && (q = sh_timeline_next(&l->tl, NULL, p)).row >= 0)
		p = q;
	for (; p.row >= 0 && n < max;
	     p = backwards ? sh_timeline_prev(&l->tl, NULL, p) : sh_timeline_next(&l->tl, NULL, p)) {
		const struct sh_tl_entry *x = sh_timeline_at(&l->tl, p);
		const struct sh_event *ev = NULL;

		assert_int_equal(tui_fetch_event(f, x, &ev), 1);
		assert_int_equal(ev->ts, sh_tl_ts(x));
		assert_int_equal(ev->type, x->type);
		assert_int_equal(ev->cpu < 0 ? SH_TL_CPU_UNKNOWN : (unsigned)ev->cpu, x->cpu);
		if (ev->type == SH_EV_PUSH) {
			/* the push of this row's entity, with what the index does not keep (counts) */
			assert_int_equal(ev->push.entity, l->tl.rows[p.row].id);
			assert_int_equal(ev->push.first, !(x->flags & SH_TLF_NOT_FIRST));
			assert_true(ev->push.cnt_before || ev->push.cnt_after);
			(*pushes)++;
		}
		n++;
	}
	return n;
}

static void test_dat_forward_and_back(void **state)
{
	struct loaded l;
	struct tui_fetch *f;
	unsigned pushes = 0;

	(void)state;
	load(&l, "samples/traces/buggy-lost-wakeup.dat", NULL);
	f = tui_fetch_new(l.path, SH_INPUT_AUTO, NULL);
	assert_non_null(f);
	assert_int_equal(fetch_all(f, &l, false, ~0u, &pushes), l.tl.nevents);
	assert_true(pushes > 0);
	/* backwards past the cache (256 events): each older event reopens the trace */
	assert_true(l.tl.nevents > 300);
	assert_int_equal(fetch_all(f, &l, true, 300, &pushes), 300);
	tui_fetch_free(f);
	unload(&l);
}

static void test_text_stock_job_counts(void **state)
{
	const struct sh_tl_entry *x;
	const struct sh_event *ev, *again;
	struct loaded l;
	struct tui_fetch *f;
	unsigned pushes = 0, queued = 0;

	(void)state;
	load(&l, "tests/tui/traces/stock-old.txt", NULL);
	f = tui_fetch_new(l.path, SH_INPUT_TEXT, NULL);
	assert_non_null(f);
	assert_int_equal(fetch_all(f, &l, false, ~0u, &pushes), l.tl.nevents);
	for (size_t k = 0; (x = entry(&l, k)); k++) {
		if (x->type != SH_EV_JOB_QUEUE)
			continue;
		assert_int_equal(tui_fetch_event(f, x, &ev), 1);
		assert_int_equal(ev->job_queue.job_count, 1);	/* "job count:1" */
		assert_string_equal(ev->str[0], "gfx_0.0.0");	/* copied: survives reopening */
		assert_int_equal(tui_fetch_event(f, x, &again), 1);
		assert_ptr_equal(again, ev);			/* the cache */
		queued++;
	}
	assert_true(queued > 0);
	tui_fetch_free(f);
	unload(&l);
}

/* The loader's filter applies: an event it dropped is not found in its place. */
static void test_filter(void **state)
{
	struct sh_filter cpu1 = { 0 };
	struct loaded l;
	struct tui_fetch *f;
	struct sh_tl_entry x;
	const struct sh_event *ev;
	unsigned pushes = 0;

	(void)state;
	assert_int_equal(sh_filter_cpus(&cpu1, "1"), 0);
	load(&l, "tests/tui/traces/stock-old.txt", &cpu1);
	f = tui_fetch_new(l.path, SH_INPUT_AUTO, &cpu1);
	assert_non_null(f);
	assert_int_equal(fetch_all(f, &l, false, ~0u, &pushes), l.tl.nevents);
	x = *entry(&l, 0);
	x.cpu = 0;	/* the same time and type on a CPU the filter drops */
	assert_int_equal(tui_fetch_event(f, &x, &ev), 0);
	assert_null(ev);
	tui_fetch_free(f);
	unload(&l);
	sh_filter_release(&cpu1);
}

static void count_errors(enum sh_log_level level, const char *msg, void *ctx)
{
	(void)msg;
	if (level == SH_LOG_ERROR)
		(*(int *)ctx)++;
}

/* Copy the file @from to @to. */
static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/*
 * The load hands the fetcher its first events: they are found with the
 * trace gone since (the first screen reads nothing again), a later one is
 * not.
 */
static void test_load_hands_over(void **state)
{
	char dir[] = "/tmp/test-tui-fetch.XXXXXX", copy[64];
	const char *top = getenv("top_srcdir");
	const struct sh_tl_entry *last;
	const struct sh_event *ev;
	struct sh_tl_pos p, q;
	struct sh_source *src;
	struct tui_fetch *f;
	struct loaded l;
	unsigned pushes = 0;
	sh_log_fn old;
	void *old_ctx;
	int errors = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(copy, sizeof(copy), "%s/trace.dat", dir);
	snprintf(l.path, sizeof(l.path), "%s/samples/traces/buggy-lost-wakeup.dat", top ? top : ".");
	copy_file(l.path, copy);
	f = tui_fetch_new(copy, SH_INPUT_AUTO, NULL);
	assert_non_null(f);
	src = sh_source_open(copy, SH_INPUT_AUTO);
	assert_non_null(src);
	l.a = sh_analysis_new(NULL);
	assert_non_null(l.a);
	sh_timeline_init(&l.tl);
	sh_timeline_observe(&l.tl, tui_fetch_keep, f);
	assert_int_equal(sh_timeline_load(&l.tl, l.a, src, NULL, NULL, NULL), 0);
	assert_null(l.tl.observe);	/* told until the load finished */
	sh_source_free(src);
	assert_int_equal(unlink(copy), 0);
	assert_true(l.tl.nevents > 300);
	assert_int_equal(fetch_all(f, &l, false, 200, &pushes), 200);
	assert_true(pushes > 0);
	for (p = sh_timeline_seek(&l.tl, NULL, 0); (q = sh_timeline_next(&l.tl, NULL, p)).row >= 0;)
		p = q;
	last = sh_timeline_at(&l.tl, p);	/* the last in time: not among the first */
	old = sh_log_set_sink(count_errors, &errors, &old_ctx);
	assert_int_equal(tui_fetch_event(f, last, &ev), -1);
	sh_log_set_sink(old, old_ctx, NULL);
	assert_int_equal(errors, 1);
	tui_fetch_free(f);
	unload(&l);
	rmdir(dir);
}

/* Standard input and pipes have no fetcher; a trace gone since the load is an error, once. */
static void test_cannot_read_twice(void **state)
{
	char dir[] = "/tmp/test-tui-fetch.XXXXXX", fifo[64], copy[64];
	const struct sh_event *ev;
	struct sh_tl_entry x = { .ts_lo = 1, .type = SH_EV_JOB_QUEUE };
	struct tui_fetch *f;
	sh_log_fn old;
	void *old_ctx;
	int errors = 0;
	FILE *fp;

	(void)state;
	assert_null(tui_fetch_new("-", SH_INPUT_TEXT, NULL));
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_null(tui_fetch_new(fifo, SH_INPUT_TEXT, NULL));
	snprintf(copy, sizeof(copy), "%s/trace.txt", dir);
	fp = fopen(copy, "w");
	assert_non_null(fp);
	fclose(fp);
	f = tui_fetch_new(copy, SH_INPUT_TEXT, NULL);
	assert_non_null(f);
	assert_int_equal(unlink(copy), 0);
	old = sh_log_set_sink(count_errors, &errors, &old_ctx);
	assert_int_equal(tui_fetch_event(f, &x, &ev), -1);
	assert_int_equal(tui_fetch_event(f, &x, &ev), -1);
	sh_log_set_sink(old, old_ctx, NULL);
	assert_int_equal(errors, 1);
	tui_fetch_free(f);
	unlink(fifo);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dat_forward_and_back),
		cmocka_unit_test(test_text_stock_job_counts),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_cannot_read_twice),
		cmocka_unit_test(test_load_hands_over),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
