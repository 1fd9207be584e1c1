/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tui without a terminal: the key table, jumping to a finding, panes, prompts, tiny screens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/error.h"
#include "read/source.h"
#include "tui/fetch.h"
#include "tui/graph.h"
#include "tui/keys.h"
#include "tui/lists.h"
#include "tui/mouse.h"
#include "tui/nav.h"
#include "tui/timeline-load.h"
#include "tui/tui.h"

struct fixture {
	struct sh_source *src;
	struct sh_analysis *a;
	struct sh_timeline tl;
	struct tui t;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct tui_opts opts = { .ascii = true };
	char path[4096];
	const char *top = getenv("top_srcdir");

	assert_non_null(fx);
	snprintf(path, sizeof(path), "%s/tests/golden/traces/spsc-race.txt", top ? top : ".");
	fx->src = sh_source_open(path, SH_INPUT_AUTO);
	assert_non_null(fx->src);
	fx->a = sh_analysis_new(NULL);
	sh_timeline_init(&fx->tl);
	assert_int_equal(sh_timeline_load(&fx->tl, fx->a, fx->src, NULL, NULL, NULL), 0);
	assert_int_equal(tui_init(&fx->t, fx->a, &fx->tl, sh_source_info(fx->src), "t", &opts, 80, 24), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	tui_release(&fx->t);
	sh_timeline_release(&fx->tl);
	sh_analysis_free(fx->a);
	sh_source_free(fx->src);
	free(fx);
	return 0;
}

static void keys(struct tui *t, const char *s)
{
	while (*s)
		tui_key(t, (unsigned char)*s++);
}

static void test_each_key_dispatches_once_and_has_help(void **state)
{
	(void)state;
	for (unsigned i = 0; i < tui_nkeys; i++) {
		assert_non_null(tui_keys[i].fn);
		assert_true(tui_keys[i].help && tui_keys[i].help[0]);
		for (unsigned j = i + 1; j < tui_nkeys; j++)
			assert_int_not_equal(tui_keys[i].key, tui_keys[j].key);
	}
}

/* Does screen line @y hold a cell of style @st? */
static bool line_has(const struct tui_screen *s, int y, enum tui_style st)
{
	for (int x = 0; x < s->cols; x++)
		if (s->cells[y * s->cols + x].style == st)
			return true;
	return false;
}

static void test_next_finding_zooms_and_paints_it(void **state)
{
	struct fixture *fx = *state;
	struct tui *t = &fx->t;
	const struct sh_finding *f = &fx->a->findings.items[0];

	uint64_t from, to;

	assert_int_equal(f->cls, SH_FC_SPSC_RACE);
	tui_key(t, ']');
	assert_int_equal(t->sel_finding, 0);
	/* the evidence (5 us here, of a 3 s finding) fills the window with a margin */
	assert_true(tui_evidence_span(f, &from, &to));
	assert_true(to - from < sh_finding_duration(f) / 1000);
	for (unsigned i = 0; i < f->nevidence; i++)
		assert_true(tui_col_of(t, f->evidence[i].ev.ts) > 0);
	assert_true(t->span <= (to - from) * 3 / 2 + 1000);
	assert_true(t->t0 <= f->start && f->start < t->t0 + t->span);
	assert_int_equal(t->cursor, from);			/* on the first evidence event */
	assert_int_equal(sh_tl_ts(sh_timeline_at(&fx->tl, t->ev_sel)), from);
	tui_draw(t);
	assert_true(line_has(&t->scr, 2, TS_FINDING));		/* scheduler gfx */
	assert_true(line_has(&t->scr, 3, TS_FINDING));		/* entity ectx 77 */
	assert_false(line_has(&t->scr, 4, TS_FINDING));	/* entity ectx 79 */
	assert_non_null(strstr(t->msg, "SPSC_RACE"));
	/* e: the whole span, and back */
	tui_key(t, 'e');
	assert_true(t->t0 <= f->start && f->end < t->t0 + t->span);
	assert_int_equal(t->cursor, f->start);
	tui_key(t, 'e');
	assert_int_equal(t->cursor, from);
	/* + keeps the cursor's column and reaches 1 us per column in a few presses */
	{
		int col = tui_col_of(t, t->cursor);

		tui_key(t, '+');
		assert_int_equal(tui_col_of(t, t->cursor), col);
	}
	tui_key(t, '[');
	assert_int_equal(t->sel_finding, 0);			/* no previous one */
}

static void test_enter_on_a_finding_selects_its_evidence(void **state)
{
	struct fixture *fx = *state;
	struct tui *t = &fx->t;

	tui_key(t, TK_TAB);
	assert_int_equal(t->pane, PANE_FINDINGS);
	assert_int_equal(fx->a->findings.len, 1);
	tui_key(t, TK_DOWN);					/* stays on the only one */
	tui_key(t, TK_ENTER);
	assert_int_equal(t->sel_finding, 0);
	assert_int_equal(t->pane, PANE_EVENTS);
	assert_non_null(tui_evidence_of(&fx->a->findings.items[0], sh_timeline_at(&fx->tl, t->ev_sel)));
	tui_key(t, TK_ENTER);					/* the event's job */
	assert_int_equal(t->view, VIEW_JOB);
	tui_draw(t);
	tui_key(t, 'q');
	assert_int_equal(t->view, VIEW_MAIN);
	assert_false(t->quit);
	tui_key(t, 'q');
	assert_true(t->quit);
}

static void test_prompts_and_marks(void **state)
{
	struct fixture *fx = *state;
	struct tui *t = &fx->t;

	keys(t, "g3.5\n");
	assert_int_equal(t->cursor, 3500000000ULL);
	keys(t, "mxg9x\n");					/* bad time: a message, cursor kept */
	assert_int_equal(t->cursor, 3500000000ULL);
	assert_non_null(strstr(t->msg, "seconds"));
	keys(t, "g1\n'x");
	assert_int_equal(t->cursor, 3500000000ULL);
	keys(t, "fnosuch\n");
	assert_int_equal(t->nvis, 0);
	tui_draw(t);
	keys(t, "f\n");
	assert_int_equal(t->nvis, 3);
	keys(t, "g1.9\n/pop\n");
	assert_int_equal(sh_timeline_at(&fx->tl, t->ev_sel)->type, SH_EV_POP);
}

static void test_tiny_and_huge_screens_draw(void **state)
{
	struct fixture *fx = *state;
	struct tui *t = &fx->t;
	static const int sizes[][2] = { { 1, 1 }, { 5, 12 }, { 10, 3 }, { 80, 5 }, { 300, 100 } };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		assert_int_equal(tui_resize(t, sizes[i][0], sizes[i][1]), 0);
		keys(t, "]+++-");
		tui_draw(t);
		keys(t, "?");
		tui_draw(t);
		keys(t, "?\t\t");
		tui_draw(t);
	}
}

/* Clicks select rows, findings and events; the wheel zooms around the pointer. */
static void test_mouse(void **state)
{
	struct fixture *fx = *state;
	struct tui *t = &fx->t;
	int gx, line;
	uint64_t at, span;

	tui_draw(t);
	gx = tui_graph_x(t);
	/* a click on the second row (ectx 77), 10 columns into the graph */
	at = tui_time_of_col(t, 10);
	tui_mouse(t, TUI_MOUSE_CLICK, gx + 10, t->tl_y + 2);
	assert_int_equal(t->pane, PANE_TIMELINE);
	assert_int_equal(t->sel_row, 1);
	assert_int_equal(t->cursor, at);
	/* the wheel zooms 2x, the time under the pointer staying in its column */
	span = t->span;
	at = tui_time_of_col(t, 30) + t->span / (uint64_t)tui_graph_w(t) / 2;	/* mid-column */
	tui_mouse(t, TUI_MOUSE_WHEEL_UP, gx + 30, t->tl_y + 1);
	assert_int_equal(t->span, span / 2);
	assert_int_equal(tui_col_of(t, at), 30);
	tui_mouse(t, TUI_MOUSE_WHEEL_DOWN, gx + 30, t->tl_y + 1);
	assert_true(t->span >= span - 1 && t->span <= span);	/* halving rounds down */
	/* a click on the first finding: selected, zoomed to its evidence */
	assert_int_equal(t->lower, PANE_FINDINGS);
	tui_mouse(t, TUI_MOUSE_CLICK, 3, t->list_y);
	assert_int_equal(t->sel_finding, 0);
	assert_int_equal(t->pane, PANE_FINDINGS);
	assert_non_null(tui_evidence_of(&fx->a->findings.items[0], sh_timeline_at(&fx->tl, t->ev_sel)));
	/* the header's Events tab, then the event on the second line */
	tui_mouse(t, TUI_MOUSE_CLICK, t->events_x + 2, t->list_y - 1);
	assert_int_equal(t->lower, PANE_EVENTS);
	tui_draw(t);
	line = t->list_y + 1;
	assert_true(t->list_pos[line].row >= 0);
	{
		struct sh_tl_pos p = t->list_pos[line];

		tui_mouse(t, TUI_MOUSE_CLICK, 5, line);
		assert_int_equal(t->ev_sel.row, p.row);
		assert_int_equal(t->ev_sel.pos, p.pos);
		assert_int_equal(t->cursor, sh_tl_ts(sh_timeline_at(&fx->tl, p)));
		assert_int_equal(t->pane, PANE_EVENTS);
	}
	/* a click outside anything does nothing harmful */
	tui_mouse(t, TUI_MOUSE_CLICK, 79, 23);
	tui_mouse(t, TUI_MOUSE_WHEEL_UP, 500, 500);
}

/* Does any line of the screen hold @s (ASCII)? */
static bool screen_has(const struct tui *t, const char *s)
{
	char line[512];

	for (int y = 0; y < t->scr.rows; y++) {
		int x;

		for (x = 0; x < t->scr.cols && x < (int)sizeof(line) - 1; x++) {
			uint32_t ch = t->scr.cells[y * t->scr.cols + x].ch;

			line[x] = ch < 0x80 && ch ? (char)ch : '?';
		}
		line[x] = '\0';
		if (strstr(line, s))
			return true;
	}
	return false;
}

static void quiet(enum sh_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)msg;
	(*(int *)ctx)++;
}

/* With a fetcher, other events print the trace's fields; a read error falls back, said once. */
static void test_events_fetch_fields(void **state)
{
	struct fixture *fx = *state;
	struct tui *t = &fx->t;
	char path[4096], dir[] = "/tmp/test-tui.XXXXXX", gone[64];
	const char *top = getenv("top_srcdir");
	int errors = 0;
	void *old_ctx;
	sh_log_fn old;
	FILE *fp;

	assert_int_equal(tui_resize(t, 300, 60), 0);
	t->lower = PANE_EVENTS;
	tui_draw(t);
	assert_false(screen_has(t, "cnt_before="));	/* the index keeps no counts */
	snprintf(path, sizeof(path), "%s/tests/golden/traces/spsc-race.txt", top ? top : ".");
	t->fetch = tui_fetch_new(path, SH_INPUT_AUTO, NULL);
	assert_non_null(t->fetch);
	tui_draw(t);
	assert_true(screen_has(t, "cnt_before="));
	assert_string_equal(t->msg, "");

	assert_non_null(mkdtemp(dir));
	snprintf(gone, sizeof(gone), "%s/trace.txt", dir);
	assert_non_null(fp = fopen(gone, "w"));
	fclose(fp);
	tui_fetch_free(t->fetch);
	t->fetch = tui_fetch_new(gone, SH_INPUT_TEXT, NULL);
	assert_non_null(t->fetch);
	unlink(gone);
	rmdir(dir);
	old = sh_log_set_sink(quiet, &errors, &old_ctx);
	tui_draw(t);
	sh_log_set_sink(old, old_ctx, NULL);
	assert_int_equal(errors, 1);
	assert_null(t->fetch);
	assert_non_null(strstr(t->msg, "cannot read the trace again"));
	assert_false(screen_has(t, "cnt_before="));
	assert_true(screen_has(t, "first="));	/* the index's fields */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_key_dispatches_once_and_has_help),
		cmocka_unit_test_setup_teardown(test_next_finding_zooms_and_paints_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enter_on_a_finding_selects_its_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prompts_and_marks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tiny_and_huge_screens_draw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mouse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_fetch_fields, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
