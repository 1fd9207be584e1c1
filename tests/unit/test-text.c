/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ftrace text reader: line heads with nasty comm names, exact
 * timestamps, both tracefs and trace-cmd report layouts, every mapped event
 * from its TP_printk text, lost-event lines and quality counters.
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

#include "core/error.h"
#include "core/event.h"
#include "read/source-text.h"
#include "read/source.h"

static unsigned warnings;

static void count_sink(enum sh_log_level level, const char *msg, void *data)
{
	(void)msg;
	(void)data;
	if (level == SH_LOG_WARNING)
		warnings++;
}

static void head(const char *line, const char *comm, int pid, int cpu, uint64_t ts,
		 const char *name, const char *rest)
{
	struct sh_text_head h;

	if (!sh_text_parse_head(line, &h))
		fail_msg("not parsed: %s", line);
	assert_int_equal((size_t)(h.comm_end - h.comm), strlen(comm));
	assert_memory_equal(h.comm, comm, strlen(comm));
	assert_int_equal(h.pid, pid);
	assert_int_equal(h.cpu, cpu);
	assert_int_equal(h.ts, ts);
	assert_int_equal(h.name_len, strlen(name));
	assert_memory_equal(h.name, name, strlen(name));
	assert_string_equal(h.rest, rest);
}

static void test_heads(void **state)
{
	struct sh_text_head h;

	(void)state;
	head("gnome-shel:cs0-1706 [004] 44.895256: drm_sched_job: entity=0x1, id=135",
	     "gnome-shel:cs0", 1706, 4, 44895256000ull, "drm_sched_job", "entity=0x1, id=135");
	head(" kworker/u8:2-91  [001] .....  812.000101: schedhang_push: sched=0x1",
	     "kworker/u8:2", 91, 1, 812000101000ull, "schedhang_push", "sched=0x1");
	head("   Web Content-4242  [000] d..1.  100.5: sched_switch: x", "Web Content", 4242, 0,
	     100500000000ull, "sched_switch", "x");
	head("a b-c-12 [003] 1.000000001: x: y", "a b-c", 12, 3, 1000000001ull, "x", "y");
	head("          <idle>-0     [001]   724.527441929: sched_waking:         comm=sleep",
	     "<idle>", 0, 1, 724527441929ull, "sched_waking", "comm=sleep");
	head("            bash-1234    (   1234) [000] dNh2. 5.000001: e: r", "bash", 1234, 0,
	     5000001000ull, "e", "r");
	/* trace-cmd report of a -B instance prefixes the buffer name */
	assert_true(sh_text_parse_head("readers_1:            sleep-18649 [001]   724.527441929: "
				       "sched_switch: a", &h));
	assert_int_equal(h.buffer_len, 9);
	assert_memory_equal(h.buffer, "readers_1", 9);
	assert_memory_equal(h.comm, "sleep", 5);
	/* not event lines */
	assert_false(sh_text_parse_head("# tracer: nop", &h));
	assert_false(sh_text_parse_head("CPU:1 [LOST 5 EVENTS]", &h));
	assert_false(sh_text_parse_head("hello [world] 1.2: x: y", &h));
	assert_false(sh_text_parse_head("x-1 [000] 12: e: r", &h));
	assert_false(sh_text_parse_head("x-1 [000] 1.2 e: r", &h));
}

/* Check @e against "k=v ..." (fields, string slots by name, ts/cpu/pid/comm/flags). */
static void expect(const struct sh_event *e, unsigned type, const char *exp)
{
	const struct sh_ev_desc *d = sh_ev_desc(type);
	char *copy = strdup(exp), *save = NULL;

	if (e->type != type)
		fail_msg("type %s, expected %s", sh_ev_desc(e->type)->name, d->name);
	for (char *kv = strtok_r(copy, " ", &save); kv; kv = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(kv, '='), *v = eq + 1;
		int idx;

		*eq = '\0';
		for (char *p = v; *p; p++)
			if (*p == '~')
				*p = ' ';	/* '~' stands for a space in values */
		if (!strcmp(kv, "flags"))
			assert_int_equal(e->flags, strtoul(v, NULL, 0));
		else if (!strcmp(kv, "ts"))
			assert_int_equal(e->ts, strtoull(v, NULL, 0));
		else if (!strcmp(kv, "cpu"))
			assert_int_equal(e->cpu, strtol(v, NULL, 0));
		else if (!strcmp(kv, "pid"))
			assert_int_equal(e->pid, strtol(v, NULL, 0));
		else if (!strcmp(kv, "comm"))
			assert_string_equal(e->comm, v);
		else if (d->str_name[0] && !strcmp(kv, d->str_name[0]))
			assert_string_equal(e->str[0] ? e->str[0] : "(null)", v);
		else if (d->str_name[1] && !strcmp(kv, d->str_name[1]))
			assert_string_equal(e->str[1] ? e->str[1] : "(null)", v);
		else if ((idx = sh_ev_field_index(type, kv)) < 0)
			fail_msg("%s has no field %s", d->name, kv);
		else if (d->fields[idx].kind == SH_FK_E && !(v[0] >= '0' && v[0] <= '9'))
			assert_string_equal(sh_enum_name(d->fields[idx].table, e->f[idx]), v);
		else if (v[0] == '-')
			assert_int_equal((int64_t)e->f[idx], strtoll(v, NULL, 0));
		else
			assert_int_equal(e->f[idx], strtoull(v, NULL, 0));
	}
	free(copy);
}

struct run {
	char path[64];
	struct sh_source *src;
	struct sh_event ev[64];
	int n;
};

static void run_text(struct run *r, const char *text, enum sh_input_format fmt)
{
	int fd;
	int rc;

	strcpy(r->path, "/tmp/sh-test-text.XXXXXX");
	fd = mkstemp(r->path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	warnings = 0;
	r->src = sh_source_open(r->path, fmt);
	assert_non_null(r->src);
	for (r->n = 0; r->n < 64 && (rc = sh_source_next(r->src, &r->ev[r->n])) > 0; r->n++)
		assert_int_equal(r->ev[r->n].idx, (uint64_t)r->n);
	assert_true(r->n < 64);
}

static void run_done(struct run *r)
{
	sh_source_free(r->src);
	unlink(r->path);
}

static const char tracefs_text[] =
	"# tracer: nop\n"
	"#\n"
	"# entries-in-buffer/entries-written: 6/6   #P:2\n"
	"#\n"
	"#                                _-----=> irqs-off/BH-disabled\n"
	"#                            TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
	"#                               | |         |   |||||     |         |\n"
	" kworker/u8:2-91      [001] .....   812.000101: schedhang_push: sched=0xffff8881052a0000 "
	"entity=0xffff888104c8a400 ectx=77 seqno=1042 first=0 cnt_before=1 cnt_after=1\n"
	" kworker/u8:1-57      [000] .....   812.000099: schedhang_pop: sched=0xffff8881052a0000 "
	"entity=0xffff888104c8a400 ectx=77 seqno=1041 cnt_after=0 head_nonnull=1 slowpath=1\n"
	"CPU:1 [LOST 12 EVENTS]\n"
	" kworker/u8:1-57      [001] d..1.   812.000120: schedhang_worker: sched=0xffff8881052a0000 "
	"outcome=1 entity=0x0 ectx=0 seqno=0 credit_count=0 credit_limit=64 n_nonempty_unready=1\n"
	"     app-4242    [000] .....   812.000130: schedhang_done: (0x55d0c0a01139) sched=0x1 "
	"ectx=3 seqno=4 result=-62\n"
	" gnome-shel:cs0-1706    [001] .....   812.000140: drm_sched_job: entity=00000000f1f2a3b4, "
	"id=135, fence=000000003c2d1e0f, ring=gfx_0.0.0, job count:0, hw job count:-1\n"
	"   app-4242  [000] .....   812.000150: schedhang_sched_info: sched=0x1 name=gfx_0.0.0 "
	"credit_limit=64 timeout_ms=10000 work_run=0x10 work_free=0x20\n"
	"   app-4242  [000] .....   812.000151: schedhang_kick: sched=0x1 which=0 reason=2 stopped=0 queued=1\n"
	"   app-4242  [000] .....   812.000152: schedhang_worker_begin: sched=0x1\n"
	"   app-4242  [000] .....   812.000153: schedhang_dep: entity=0x2 ectx=3 seqno=4 dep_ctx=5 dep_seqno=6 action=2\n"
	"   app-4242  [000] .....   812.000154: schedhang_state: sched=0x1 entity=0x0 state=2 arg=-19\n"
	"   app-4242  [000] .....   812.000155: schedhang_kick: sched=0x1 which=0\n"
	"   app-4242  [000] .....   812.000156: schedhang_kick: sched=0x1 which=1\n";

static void test_tracefs(void **state)
{
	struct run r;
	const struct sh_trace_info *in;

	(void)state;
	sh_log_set_sink(count_sink, NULL, NULL);
	run_text(&r, tracefs_text, SH_INPUT_AUTO);
	in = sh_source_info(r.src);
	assert_int_equal(r.n, 11);
	expect(&r.ev[0], SH_EV_PUSH, "ts=812000101000 cpu=1 pid=91 comm=kworker/u8:2 "
	       "sched=0xffff8881052a0000 entity=0xffff888104c8a400 ectx=77 seqno=1042 first=0 "
	       "cnt_before=1 cnt_after=1 flags=0");
	expect(&r.ev[1], SH_EV_POP, "ts=812000099000 seqno=1041 cnt_after=0 head_nonnull=1 slowpath=1");
	expect(&r.ev[2], SH_EV_LOST, "ts=812000120000 cpu=1 count=12");
	expect(&r.ev[3], SH_EV_WORKER, "outcome=NO_ENTITY entity=0 n_nonempty_unready=1 credit_limit=64");
	expect(&r.ev[4], SH_EV_DONE, "pid=4242 comm=app sched=1 ectx=3 seqno=4 result=-62 flags=4");
	expect(&r.ev[5], SH_EV_JOB_QUEUE, "comm=gnome-shel:cs0 pid=1706 entity=0xf1f2a3b4 "
	       "fence=0x3c2d1e0f id=135 job_count=0 hw_job_count=-1 ring=gfx_0.0.0 flags=9");
	expect(&r.ev[6], SH_EV_SCHED_INFO, "sched=1 name=gfx_0.0.0 credit_limit=64 "
	       "timeout_ms=10000 work_run=16 work_free=32");
	expect(&r.ev[7], SH_EV_KICK, "which=RUN reason=JOB_DONE stopped=0 queued=1");
	expect(&r.ev[8], SH_EV_WORKER_BEGIN, "sched=1");
	expect(&r.ev[9], SH_EV_DEP, "entity=2 ectx=3 seqno=4 dep_ctx=5 dep_seqno=6 action=CB_ADDED");
	expect(&r.ev[10], SH_EV_STATE, "state=TDR_BEGIN arg=-19");
	assert_int_equal(in->ncpus, 2);
	assert_int_equal(in->unordered, 1);
	assert_int_equal(in->lost_markers, 1);
	assert_int_equal(in->nlost_cpus, 1);
	assert_int_equal(in->lost_cpus[0].cpu, 1);
	assert_int_equal(in->lost_cpus[0].lost, 12);
	assert_int_equal(in->lost_cpus[0].markers, 1);
	assert_int_equal(in->missing_field, 2);
	assert_int_equal(warnings, 1);	/* once per event type */
	assert_int_equal(in->raw_events, 12);
	assert_int_equal(in->first_ts, 812000101000ull);
	assert_int_equal(in->last_ts, 812000154000ull);
	assert_int_equal(in->schemas, SH_SCHEMA(SCHEDHANG) | SH_SCHEMA(SCHEDHANG_UPROBE) |
			 SH_SCHEMA(STOCK_OLD));
	assert_string_equal(in->format, "ftrace text");
	run_done(&r);
	sh_log_set_sink(NULL, NULL, NULL);
}

static const char report_text[] =
	"version = 6\n"
	"cpus=2\n"
	"CPU 0 is empty\n"
	"   Web Content-4242  [001]   100.000000100: drm_sched_job_queue:  dev=0000:03:00.0, "
	"fence=77:1042, ring=gfx_0.0.0, job count:3, hw job count:2, client_id:9\n"
	" kworker/u8:2-91    [000]   100.000000200: drm_sched_job_run:    dev=0000:03:00.0, "
	"fence=77:1042, ring=gfx_0.0.0, job count:0, hw job count:1, client_id:9\n"
	"          <idle>-0     [000]   100.000000300: drm_sched_job_done:   fence=77:1042 signaled\n"
	" a b-c-12   [001]   100.000000400: drm_sched_job_add_dep: fence=77:1043 depends on fence=12:99\n"
	" a b-c-12   [001]   100.000000500: drm_sched_job_unschedulable: fence=77:1043 depends on "
	"unsignalled fence=12:98\n"
	" kworker/u8:2-91 [000] 100.000000600: workqueue_queue_work: work struct=0xffff8881052a0120 "
	"function=drm_sched_run_job_work [gpu_sched] workqueue=gfx_0.0.0 req_cpu=256 cpu=0\n"
	" kworker/u8:2-91 [000] 100.000000700: workqueue_execute_start: work struct 0xffff8881052a0120: "
	"function drm_sched_run_job_work [gpu_sched]\n"
	" kworker/u8:2-91 [000] 100.000000800: workqueue_execute_end: work struct 0xffff8881052a0180: "
	"function drm_sched_free_job_work\n"
	" kworker/u8:2-91 [000] 100.000000900: workqueue_activate_work: work struct 0xffff8881052a01c0 "
	"function=drm_sched_job_timedout \n"
	"          <idle>-0 [000] 100.000001000: dma_fence_signaled: driver=drm_sched timeline=gfx_0.0.0 "
	"context=78 seqno=1042\n"
	"CPU:0 [EVENTS DROPPED]\n"
	"           sleep-18654 [001]   100.000001100: sched_switch:         prev_comm=trace cmd "
	"prev_pid=18654 prev_prio=120 prev_state=R+ ==> next_comm=migration/1 next_pid=21 next_prio=0\n"
	"     migration/1-21    [001]   100.000001200: sched_switch:         migration/1:21 [0] S|D ==> "
	"trace-cmd:18651 [120]\n"
	"           sleep-18654 [001]   100.000001300: sched_wakeup:         comm=migration/1 pid=21 "
	"prio=0 target_cpu=001\n"
	"          <idle>-0     [001]   100.000001400: sched_wakeup:         sleep:18649 [120] CPU:001\n"
	"     kworker/0:1-10    [000]   100.000001500: drm_sched_job_wait_dep: job ring=comp_1.0.0, "
	"id=136, depends fence=0xffff8881bb000000, context=12, seq=4000000000\n"
	"     kworker/0:1-10    [000]   100.000001600: drm_sched_process_job: fence=0xffff8881aa00c040 signaled\n"
	"     kworker/0:1-10    [000]   100.000001700: sched_stat_runtime:   comm=x pid=1 runtime=5 [ns]\n"
	"this is not a trace line\n"
	"inst_a: CPU:1 [5 EVENTS DROPPED]\n"
	"          <idle>-0 [000] 100.000001750: sched_waking: comm=x pid=1 prio=1 target_cpu=000\n"
	"inst_a:     kworker/0:1-10    [000]   100.000001800: dma_fence_emit: driver=d timeline=t "
	"context=1 seqno=2\n";

static void test_report(void **state)
{
	struct run r;
	const struct sh_trace_info *in;

	(void)state;
	sh_log_set_sink(count_sink, NULL, NULL);
	run_text(&r, report_text, SH_INPUT_TEXT);
	in = sh_source_info(r.src);
	assert_int_equal(r.n, 19);
	expect(&r.ev[0], SH_EV_JOB_QUEUE, "ts=100000000100 cpu=1 pid=4242 comm=Web~Content ectx=77 "
	       "seqno=1042 job_count=3 hw_job_count=2 client_id=9 ring=gfx_0.0.0 dev=0000:03:00.0 flags=2");
	expect(&r.ev[1], SH_EV_JOB_RUN, "ectx=77 seqno=1042 job_count=0 hw_job_count=1 flags=2");
	expect(&r.ev[2], SH_EV_JOB_DONE, "comm=<idle> pid=0 ectx=77 seqno=1042 flags=2");
	expect(&r.ev[3], SH_EV_JOB_DEP, "comm=a~b-c pid=12 kind=add_dep ectx=77 seqno=1043 dep_ctx=12 "
	       "dep_seqno=99");
	expect(&r.ev[4], SH_EV_JOB_DEP, "kind=unschedulable ectx=77 seqno=1043 dep_ctx=12 dep_seqno=98");
	expect(&r.ev[5], SH_EV_WQ_QUEUE, "work=0xffff8881052a0120 func=drm_sched_run_job_work "
	       "req_cpu=256 wq_cpu=0 workqueue=gfx_0.0.0 function=drm_sched_run_job_work");
	expect(&r.ev[6], SH_EV_WQ_START, "work=0xffff8881052a0120 func=drm_sched_run_job_work");
	expect(&r.ev[7], SH_EV_WQ_END, "work=0xffff8881052a0180 func=drm_sched_free_job_work");
	expect(&r.ev[8], SH_EV_WQ_ACTIVATE, "work=0xffff8881052a01c0 func=drm_sched_job_timedout");
	expect(&r.ev[9], SH_EV_FENCE, "kind=signaled context=78 seqno=1042 driver=drm_sched "
	       "timeline=gfx_0.0.0");
	expect(&r.ev[10], SH_EV_LOST, "ts=100000001100 cpu=0 count=0");
	expect(&r.ev[11], SH_EV_SWITCH, "prev_comm=trace~cmd prev_pid=18654 prev_state=0x100 "
	       "next_comm=migration/1 next_pid=21");
	expect(&r.ev[12], SH_EV_SWITCH, "prev_comm=migration/1 prev_pid=21 prev_state=3 "
	       "next_comm=trace-cmd next_pid=18651");
	expect(&r.ev[13], SH_EV_WAKEUP, "comm=sleep woken_pid=21 target_cpu=1");
	expect(&r.ev[14], SH_EV_WAKEUP, "comm=<idle> woken_pid=18649 target_cpu=1");
	assert_string_equal(r.ev[14].str[0], "sleep");
	expect(&r.ev[15], SH_EV_JOB_DEP, "kind=wait_dep id=136 dep_fence=0xffff8881bb000000 dep_ctx=12 "
	       "dep_seqno=4000000000 ring=comp_1.0.0 flags=1");
	expect(&r.ev[16], SH_EV_JOB_DONE, "fence=0xffff8881aa00c040 flags=1");
	/* the marker takes the time of the line after it, mapped or not */
	expect(&r.ev[17], SH_EV_LOST, "ts=100000001750 cpu=1 count=5");
	expect(&r.ev[18], SH_EV_FENCE, "kind=emit context=1 seqno=2 driver=d timeline=t");
	assert_int_equal(in->ncpus, 2);
	assert_int_equal(in->unknown_events, 2);
	assert_int_equal(in->nlost_cpus, 2);	/* CPU 0 (count unknown), CPU 1 */
	assert_int_equal(in->lost_cpus[0].unknown, 1);
	assert_int_equal(in->lost_cpus[1].cpu, 1);
	assert_int_equal(in->lost_cpus[1].lost, 5);
	assert_int_equal(in->unparsed_lines, 1);
	assert_int_equal(in->lost_unknown, 1);
	assert_int_equal(in->unordered, 0);
	assert_int_equal(in->nbuffers, 2);
	assert_string_equal(in->buffers[1], "inst_a");
	assert_string_equal(in->format, "trace-cmd report text");
	assert_int_equal(in->schemas, SH_SCHEMA(STOCK_OLD) | SH_SCHEMA(STOCK_NEW) |
			 SH_SCHEMA(WORKQUEUE) | SH_SCHEMA(DMA_FENCE) | SH_SCHEMA(SCHED));
	assert_int_equal(warnings, 1);	/* the unparsed line */
	run_done(&r);
	sh_log_set_sink(NULL, NULL, NULL);
}

/* trace-cmd report with the schedhang print plugin: enumerations by name */
static const char plugin_text[] =
	"version = 6\n"
	"cpus=1\n"
	"  spsc-race-6934  [000]  2835.341327: schedhang_kick:       (0x56533ee128a0) sched=0x6160000001c0 "
	"which=RUN reason=PUSH_FIRST stopped=0 queued=1\n"
	"  spsc-race-6920  [000]  2835.377968: schedhang_worker:     (0x56533ee12890) sched=0x616000000080 "
	"outcome=NO_ENTITY entity=0x0 ectx=0 seqno=0 credit_count=0 credit_limit=64 n_nonempty_unready=2\n"
	"  spsc-race-6920  [000]  2835.377970: schedhang_state:      (0x56533ee128b0) sched=0x1 entity=0x0 "
	"state=WQ_STOP arg=0\n"
	"  spsc-race-6920  [000]  2835.377971: schedhang_dep:        (0x56533ee128c0) entity=0x2 ectx=3 "
	"seqno=4 dep_ctx=5 dep_seqno=6 action=CB_FIRED\n"
	"  spsc-race-6920  [000]  2835.377972: schedhang_kick:       (0x56533ee128a0) sched=0x1 "
	"which=FREE reason=BOGUS_NAME stopped=0 queued=1\n"
	"  spsc-race-6920  [000]  2835.377973: schedhang_kick:       (0x56533ee128a0) sched=0x1 "
	"which=FREE reason=5 stopped=0 queued=0\n";

static void test_plugin_enums(void **state)
{
	struct run r;
	const struct sh_trace_info *in;

	(void)state;
	sh_log_set_sink(count_sink, NULL, NULL);
	run_text(&r, plugin_text, SH_INPUT_TEXT);
	in = sh_source_info(r.src);
	assert_int_equal(r.n, 5);
	expect(&r.ev[0], SH_EV_KICK, "which=RUN reason=PUSH_FIRST stopped=0 queued=1");
	expect(&r.ev[1], SH_EV_WORKER, "outcome=NO_ENTITY credit_limit=64 n_nonempty_unready=2");
	expect(&r.ev[2], SH_EV_STATE, "state=WQ_STOP arg=0");
	expect(&r.ev[3], SH_EV_DEP, "action=CB_FIRED dep_seqno=6");
	expect(&r.ev[4], SH_EV_KICK, "which=FREE queued=0");
	assert_int_equal(r.ev[4].kick.reason, 5);
	assert_int_equal(in->missing_field, 1);	/* a name of no enumeration value */
	run_done(&r);
	sh_log_set_sink(NULL, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heads),
		cmocka_unit_test(test_tracefs),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_plugin_enums),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
