/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * datwriter: a synthetic trace.dat v6 built from embedded format text and
 * hand-built ring-buffer pages must read back through libtracecmd, an
 * independent reader, with every event, timestamp, CPU and field value.
 */
#define _GNU_SOURCE	/* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <trace-cmd.h>

#include "record/datwriter.h"

/* exported by libtracecmd 1.3, not declared in its trace-cmd.h */
const char *tracecmd_get_trace_clock(struct tracecmd_input *handle);

/*
 * libtracecmd 1.3.1 leaks the clock name it sscanf()s from the TRACECLOCK
 * option when the text after the CPU table names it again (as in trace-cmd's
 * own files); the readers tell LeakSanitizer the same (src/read/source-dat.c).
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tracecmd_parse_trace_clock\nleak:__isoc99_vsscanf\n";
}

#define TICK_ID 1000
static const char tick_format[] =
	"name: tick\nID: 1000\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:u64 value;\toffset:8;\tsize:8;\tsigned:0;\n\n"
	"print fmt: \"value=%llu\", REC->value\n";

#define PAGE 4096

struct tick { uint64_t ts, value; };

static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }

/*
 * One page: u64 base timestamp, u64 commit (data bytes), then per event a
 * 4-byte header (time_delta << 5 | type_len, type_len = payload / 4) and
 * the 16-byte payload: common_type, flags, preempt_count, pid, value.
 */
static void build_page(unsigned char *page, const struct tick *t, unsigned n)
{
	unsigned off = 16;
	uint64_t prev = t[0].ts;

	memset(page, 0, PAGE);
	put64(page, t[0].ts);
	for (unsigned i = 0; i < n; i++) {
		put32(page + off, (uint32_t)((t[i].ts - prev) << 5 | 4));
		page[off + 4] = TICK_ID & 0xff;
		page[off + 5] = TICK_ID >> 8;
		put32(page + off + 8, 42);
		put64(page + off + 12, t[i].value);
		off += 20;
		prev = t[i].ts;
	}
	put64(page + 8, off - 16);
}

static char *write_cpu_file(const char *dir, unsigned cpu, const struct tick *t, unsigned n)
{
	unsigned char page[PAGE];
	char *path = malloc(strlen(dir) + 16);
	FILE *f;

	assert_non_null(path);
	sprintf(path, "%s/cpu%u", dir, cpu);
	build_page(page, t, n);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(page, 1, PAGE, f), PAGE);
	assert_int_equal(fclose(f), 0);
	return path;
}

struct seen {
	unsigned n;
	uint64_t ts[8], value[8];
	int cpu[8];
};

static int on_record(struct tracecmd_input *h, struct tep_record *rec, int cpu, void *data)
{
	struct seen *s = data;
	struct tep_event *ev = tep_find_event_by_record(tracecmd_get_tep(h), rec);
	unsigned long long v = 0;

	assert_non_null(ev);
	assert_string_equal(ev->system, "test");
	assert_int_equal(tep_read_number_field(tep_find_field(ev, "value"), rec->data, &v), 0);
	assert_true(s->n < 8);
	s->ts[s->n] = rec->ts;
	s->value[s->n] = v;
	s->cpu[s->n++] = cpu;
	return 0;
}

/* @kallsyms_len bytes of kallsyms move the sections after it, the CPU table's end among them. */
static void write_trace_padded(const char *path, const char *const *files, size_t kallsyms_len)
{
	static char kallsyms[PAGE];
	const struct sh_dat_format fmt = { "test", { tick_format, sizeof(tick_format) - 1 } };
	const struct sh_dat_blob stats[3] = {
		{ "CPU: 0\noverrun: 0\n", 18 }, { "CPU: 1\noverrun: 0\n", 18 },
		{ "CPU: 2\noverrun: 0\n", 18 },
	};
	struct sh_dat_input in = {
		.page_size = PAGE,
		.events = &fmt, .n_events = 1,
		.cmdlines = { "42 worker\n", 10 },
		.ncpus = 3, .cpu_files = files, .cpustats = stats,
		.trace_clock = { "local global [mono]", 19 },
		.uname = { "Linux test", 10 },
		.kallsyms = { kallsyms, kallsyms_len },
	};

	assert_true(kallsyms_len <= sizeof(kallsyms));
	memset(kallsyms, '\n', kallsyms_len);
	sh_dat_default_headers(&in);
	assert_int_equal(sh_dat_write(path, &in), 0);
}

static void write_trace(const char *path, const char *const *files)
{
	write_trace_padded(path, files, 0);
}

/* Two CPUs of data and one empty CPU; events come back merged in time order. */
static void test_roundtrip(void **state)
{
	static const struct tick cpu0[] = { { 1000, 1 }, { 1010, 3 }, { 1030, 5 } };
	static const struct tick cpu1[] = { { 1005, 2 }, { 1020, 4 } };
	char dir[] = "/tmp/test-datwriter.XXXXXX", path[64];
	const char *files[3] = { NULL, NULL, NULL };
	struct tracecmd_input *h;
	struct seen s = { 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	files[0] = write_cpu_file(dir, 0, cpu0, 3);
	files[1] = write_cpu_file(dir, 1, cpu1, 2);
	snprintf(path, sizeof(path), "%s/t.dat", dir);
	write_trace(path, files);
	h = tracecmd_open(path, 0);
	assert_non_null(h);
	assert_int_equal(tracecmd_iterate_events(h, NULL, 0, on_record, &s), 0);
	tracecmd_close(h);
	assert_int_equal(s.n, 5);
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(s.value[i], i + 1);
		assert_int_equal(s.cpu[i], (i + 1) % 2 ? 0 : 1);
	}
	assert_int_equal(s.ts[0], 1000);
	assert_int_equal(s.ts[4], 1030);
	unlink(path);
	unlink(files[0]);
	unlink(files[1]);
	free((char *)files[0]);
	free((char *)files[1]);
	rmdir(dir);
}

/* Where the CPU table of the file @path ends, within its page. */
static size_t table_end_in_page(const char *path)
{
	static char data[4 * PAGE];
	FILE *f = fopen(path, "r");
	size_t n;
	char *fly;

	assert_non_null(f);
	n = fread(data, 1, sizeof(data), f);
	fclose(f);
	fly = memmem(data, n, "flyrecord", 10);
	assert_non_null(fly);
	return (size_t)(fly - data + 10 + 3 * 16) % PAGE;
}

/*
 * The TRACECLOCK option makes a v6 reader take the trace_clock file's text
 * from right after the CPU table: libtracecmd reads the clock the option
 * names however close the table ends to the first CPU's data (a page header
 * a few bytes on was once read as the text's length).
 */
static void test_clock_after_the_cpu_table(void **state)
{
	static const struct tick cpu0[] = { { 1000, 1 } };
	char dir[] = "/tmp/test-datwriter.XXXXXX", path[64];
	const char *files[3] = { NULL, NULL, NULL };
	size_t end;

	(void)state;
	assert_non_null(mkdtemp(dir));
	files[0] = write_cpu_file(dir, 0, cpu0, 1);
	snprintf(path, sizeof(path), "%s/t.dat", dir);
	write_trace_padded(path, files, 0);
	end = table_end_in_page(path);
	/* the table ending 24 bytes before a page boundary to 8 bytes after it */
	for (size_t gap = 0; gap <= 32; gap++) {
		size_t pad = (2 * PAGE - end - 24 + gap) % PAGE;
		struct tracecmd_input *h;

		write_trace_padded(path, files, pad);
		assert_int_equal(table_end_in_page(path), (PAGE - 24 + gap) % PAGE);
		h = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
		assert_non_null(h);
		assert_string_equal(tracecmd_get_trace_clock(h), "mono");
		tracecmd_close(h);
	}
	unlink(path);
	unlink(files[0]);
	free((char *)files[0]);
	rmdir(dir);
}

/* A bad page size and an unwritable path fail cleanly, leaving no file. */
static void test_errors(void **state)
{
	struct sh_dat_input in = { .page_size = 1000 };

	(void)state;
	assert_int_equal(sh_dat_write("/tmp/test-datwriter-bad.dat", &in), -1);
	assert_int_equal(access("/tmp/test-datwriter-bad.dat", F_OK), -1);
	in.page_size = PAGE;
	assert_int_equal(sh_dat_write("/nonexistent-dir/t.dat", &in), -1);
}

/* A full device fails with ENOSPC and is of course not removed. */
static void test_full(void **state)
{
	static const char hp[] = "x";
	struct sh_dat_input in = { .page_size = PAGE, .header_page = { hp, 1 },
				   .header_event = { hp, 1 } };
	char big[70000];

	(void)state;
	if (access("/dev/full", W_OK) < 0)
		skip();
	memset(big, 'k', sizeof(big));
	in.kallsyms = (struct sh_dat_blob){ big, sizeof(big) };
	assert_int_equal(sh_dat_write("/dev/full", &in), -1);
	assert_int_equal(access("/dev/full", F_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_clock_after_the_cpu_table),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
