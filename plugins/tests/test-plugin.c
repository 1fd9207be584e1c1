/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plugin_schedhang.so on the kernel tracepoint form of the events, without a
 * kernel: libtraceevent parses the files in tracepoints/formats/schedhang/ (so the
 * format files are also checked to be parseable), records are laid out by
 * the parsed field offsets, and the printed text is compared with and
 * without the plugin. The uprobe form is covered by plugin-report.sh.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <event-parse.h>
#include <trace-seq.h>

static const char *const events[] = {
	"schedhang_sched_info", "schedhang_push", "schedhang_pop", "schedhang_kick",
	"schedhang_worker_begin", "schedhang_worker", "schedhang_done",
	"schedhang_dep", "schedhang_state",
};

struct fixture {
	struct tep_handle *tep;			/* owned */
	struct tep_plugin_list *plugins;	/* owned; NULL until loaded */
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;

	if (!f)
		return NULL;
	buf = malloc(65536);
	if (buf)
		*len = fread(buf, 1, 65536, f);
	fclose(f);
	return buf;
}

static int setup(void **state)
{
	const char *srcdir = getenv("top_srcdir");
	struct fixture *fx = calloc(1, sizeof(*fx));
	char path[4096];

	if (!fx || !srcdir)
		return -1;
	fx->tep = tep_alloc();
	if (!fx->tep)
		return -1;
	tep_set_long_size(fx->tep, 8);
	tep_set_file_bigendian(fx->tep, TEP_LITTLE_ENDIAN);
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		size_t len = 0;
		char *buf;

		snprintf(path, sizeof(path), "%s/tracepoints/formats/schedhang/%s.format",
			 srcdir, events[i]);
		buf = slurp(path, &len);
		if (!buf) {
			fprintf(stderr, "cannot read '%s'\n", path);
			return -1;
		}
		if (tep_parse_event(fx->tep, buf, len, "schedhang") != 0) {
			fprintf(stderr, "libtraceevent cannot parse '%s'\n", path);
			free(buf);
			return -1;
		}
		free(buf);
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	if (fx->plugins)
		tep_unload_plugins(fx->plugins, fx->tep);
	tep_free(fx->tep);
	free(fx);
	return 0;
}

static void load_plugin(struct fixture *fx)
{
	const char *builddir = getenv("top_builddir");
	char dir[4096];

	assert_non_null(builddir);
	snprintf(dir, sizeof(dir), "%s/plugins/traceevent/.libs", builddir);
	setenv("TRACEEVENT_PLUGIN_DIR", dir, 1);
	fx->plugins = tep_load_plugins(fx->tep);
	assert_non_null(fx->plugins);
}

/* A record of @name in @buf: common_type set, then each field by name. */
static struct tep_event *record_init(struct fixture *fx, const char *name,
				     unsigned char *buf, size_t size)
{
	struct tep_event *ev = tep_find_event_by_name(fx->tep, "schedhang", name);
	uint16_t id;

	assert_non_null(ev);
	memset(buf, 0, size);
	id = (uint16_t)ev->id;
	memcpy(buf, &id, sizeof(id));
	return ev;
}

static void put(struct tep_event *ev, unsigned char *buf, const char *field,
		uint64_t v)
{
	struct tep_format_field *f = tep_find_field(ev, field);

	assert_non_null(f);
	assert_true(f->size <= 8);
	memcpy(buf + f->offset, &v, f->size);	/* little endian */
}

static void print(struct fixture *fx, unsigned char *buf, int size, char *out,
		  size_t outsz)
{
	struct tep_record rec;
	struct trace_seq s;

	memset(&rec, 0, sizeof(rec));
	rec.data = buf;
	rec.size = size;
	trace_seq_init(&s);
	tep_print_event(fx->tep, &s, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	snprintf(out, outsz, "%s", s.buffer);
	trace_seq_destroy(&s);
}

static void fill_kick(struct tep_event *ev, unsigned char *buf)
{
	put(ev, buf, "sched", 0xffff8881052a0000ULL);
	put(ev, buf, "which", 1);
	put(ev, buf, "reason", 2);
	put(ev, buf, "stopped", 0);
	put(ev, buf, "queued", 1);
}

static void test_kick_names(void **state)
{
	struct fixture *fx = *state;
	unsigned char buf[64];
	char out[512];
	struct tep_event *ev = record_init(fx, "schedhang_kick", buf, sizeof(buf));

	fill_kick(ev, buf);
	print(fx, buf, sizeof(buf), out, sizeof(out));
	/* The kernel's own print fmt: numbers. */
	assert_string_equal(out, "sched=0xffff8881052a0000 which=1 reason=2 stopped=0 queued=1");

	load_plugin(fx);
	print(fx, buf, sizeof(buf), out, sizeof(out));
	assert_string_equal(out,
			    "sched=0xffff8881052a0000 which=FREE reason=JOB_DONE stopped=0 queued=1");
}

static void test_worker_state_dep(void **state)
{
	struct fixture *fx = *state;
	unsigned char buf[96];
	char out[512];
	struct tep_event *ev;

	load_plugin(fx);
	ev = record_init(fx, "schedhang_worker", buf, sizeof(buf));
	put(ev, buf, "sched", 0xffff8881052a0000ULL);
	put(ev, buf, "outcome", 1);
	put(ev, buf, "credit_limit", 64);
	put(ev, buf, "n_nonempty_unready", 1);
	print(fx, buf, sizeof(buf), out, sizeof(out));
	assert_string_equal(out, "sched=0xffff8881052a0000 outcome=NO_ENTITY entity=0x0 ectx=0 "
			    "seqno=0 credit_count=0 credit_limit=64 n_nonempty_unready=1");

	ev = record_init(fx, "schedhang_state", buf, sizeof(buf));
	put(ev, buf, "sched", 0x10);
	put(ev, buf, "entity", 0x20);
	put(ev, buf, "state", 4);
	put(ev, buf, "arg", (uint64_t)-3);
	print(fx, buf, sizeof(buf), out, sizeof(out));
	assert_string_equal(out, "sched=0x10 entity=0x20 state=ENTITY_KILL arg=-3");

	ev = record_init(fx, "schedhang_dep", buf, sizeof(buf));
	put(ev, buf, "entity", 0x20);
	put(ev, buf, "ectx", 77);
	put(ev, buf, "seqno", 5);
	put(ev, buf, "dep_ctx", 12);
	put(ev, buf, "dep_seqno", 9);
	put(ev, buf, "action", 4);
	print(fx, buf, sizeof(buf), out, sizeof(out));
	assert_string_equal(out, "entity=0x20 ectx=77 seqno=5 dep_ctx=12 dep_seqno=9 action=CB_FIRED");

	/* Out of range: the number, not a wrong name. */
	put(ev, buf, "action", 99);
	print(fx, buf, sizeof(buf), out, sizeof(out));
	assert_string_equal(out, "entity=0x20 ectx=77 seqno=5 dep_ctx=12 dep_seqno=9 action=99");
}

/* __data_loc string: (length << 16) | offset of the bytes in the record. */
static void test_sched_info_string(void **state)
{
	struct fixture *fx = *state;
	static const char name[] = "gfx_0.0.0";
	unsigned char buf[96];
	char out[512];
	struct tep_event *ev;
	const unsigned off = 48;

	load_plugin(fx);
	ev = record_init(fx, "schedhang_sched_info", buf, sizeof(buf));
	put(ev, buf, "sched", 0xffff8881052a0000ULL);
	put(ev, buf, "name", (uint64_t)sizeof(name) << 16 | off);
	memcpy(buf + off, name, sizeof(name));
	put(ev, buf, "credit_limit", 64);
	put(ev, buf, "timeout_ms", 10000);
	put(ev, buf, "work_run", 0xffff8881052a0100ULL);
	put(ev, buf, "work_free", 0xffff8881052a0120ULL);
	print(fx, buf, off + sizeof(name), out, sizeof(out));
	assert_string_equal(out, "sched=0xffff8881052a0000 name=gfx_0.0.0 credit_limit=64 "
			    "timeout_ms=10000 work_run=0xffff8881052a0100 "
			    "work_free=0xffff8881052a0120");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kick_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_worker_state_dep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sched_info_string, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
