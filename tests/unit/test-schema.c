/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The schema table through the trace.dat record decoder: every mapped event
 * is parsed from its format text (schedhang_* in tracepoint and uprobe form
 * written from the event contract; stock ones from tracepoints/formats/stock)
 * and decoded from record bytes, then checked field by field.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <event-parse.h>

#include "core/error.h"
#include "core/event.h"
#include "read/schema.h"
#include "read/source-dat.h"

#define COMMON \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"

/* ---- helpers ---- */

struct ctx {
	struct tep_handle *tep;
	struct sh_source *src;
	unsigned warnings;
};

static void count_sink(enum sh_log_level level, const char *msg, void *data)
{
	struct ctx *c = data;

	(void)msg;
	if (level == SH_LOG_WARNING)
		c->warnings++;
}

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	c->tep = tep_alloc();
	tep_set_long_size(c->tep, 8);
	tep_set_file_bigendian(c->tep, TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(c->tep, TEP_LITTLE_ENDIAN);
	{
		/* kallsyms entries as a trace.dat carries them */
		static char run[] = "drm_sched_run_job_work", fr[] = "drm_sched_free_job_work",
			    tdr[] = "drm_sched_job_timedout", vm[] = "vmstat_update", mod[] = "gpu_sched";

		tep_register_function(c->tep, run, 0xffffffffc0a01000ull, mod);
		tep_register_function(c->tep, fr, 0xffffffffc0a02000ull, mod);
		tep_register_function(c->tep, tdr, 0xffffffffc0a03000ull, mod);
		tep_register_function(c->tep, vm, 0xffffffff81200000ull, NULL);
	}
	c->src = sh_source_dat_new_tep(c->tep);
	sh_log_set_sink(count_sink, c, NULL);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	sh_log_set_sink(NULL, NULL, NULL);
	sh_source_free(c->src);
	tep_free(c->tep);
	free(c);
	return 0;
}

static struct tep_event *parse(struct ctx *c, const char *fmt, const char *sys)
{
	struct tep_event *ev = NULL;

	assert_int_equal(tep_parse_format(c->tep, &ev, fmt, strlen(fmt), sys), 0);
	assert_non_null(ev);
	return ev;
}

static char *read_fixture(const char *rel)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	FILE *f;
	char *buf = calloc(1, 65536);
	size_t n;

	snprintf(path, sizeof(path), "%s/tracepoints/formats/stock/%s", top ? top : ".", rel);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void put(unsigned char *rec, int off, int size, uint64_t v)
{
	for (int i = 0; i < size; i++)
		rec[off + i] = (unsigned char)(v >> (8 * i));	/* little endian */
}

/*
 * Build a record of @ev from "k=v k=v" (kernel field names; strings for
 * string fields, numbers otherwise) placing values at the parsed offsets.
 */
static int build(struct tep_event *ev, const char *kvs, int pid, unsigned char *rec)
{
	char *copy = strdup(kvs), *save = NULL;
	int dyn = 0, size;

	memset(rec, 0, 512);
	put(rec, 0, 2, (uint64_t)ev->id);
	put(rec, 4, 4, (uint64_t)pid);
	/* dynamic data goes after the last fixed field */
	for (struct tep_format_field *f = ev->format.fields; f; f = f->next)
		if (f->offset + f->size > dyn)
			dyn = f->offset + f->size;
	size = dyn;
	for (char *kv = strtok_r(copy, " ", &save); kv; kv = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(kv, '=');
		struct tep_format_field *f;

		assert_non_null(eq);
		*eq = '\0';
		f = tep_find_field(ev, kv);
		if (!f)
			fail_msg("no field %s in %s", kv, ev->name);
		if (f->flags & TEP_FIELD_IS_DYNAMIC) {
			int len = (int)strlen(eq + 1) + 1;

			memcpy(rec + size, eq + 1, (size_t)len);
			put(rec, f->offset, 4, (uint64_t)size | (uint64_t)len << 16);
			size += len;
		} else if (f->flags & TEP_FIELD_IS_ARRAY) {
			strncpy((char *)rec + f->offset, eq + 1, (size_t)f->size - 1);
		} else {
			put(rec, f->offset, f->size, strtoull(eq + 1, NULL, 0)); /* "-1" wraps */
		}
	}
	free(copy);
	return size;
}

/* Check @e against "k=v ..." in normalized names (fields, string slot names, "flags"). */
static void expect(const struct sh_event *e, unsigned type, const char *exp)
{
	const struct sh_ev_desc *d = sh_ev_desc(type);
	char *copy = strdup(exp), *save = NULL;

	assert_int_equal(e->type, type);
	for (char *kv = strtok_r(copy, " ", &save); kv; kv = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(kv, '=');
		int idx;

		*eq = '\0';
		if (strcmp(kv, "flags") == 0) {
			assert_int_equal(e->flags, strtoul(eq + 1, NULL, 0));
			continue;
		}
		if (d->str_name[0] && strcmp(kv, d->str_name[0]) == 0) {
			assert_non_null(e->str[0]);
			assert_string_equal(e->str[0], eq + 1);
			continue;
		}
		if (d->str_name[1] && strcmp(kv, d->str_name[1]) == 0) {
			assert_non_null(e->str[1]);
			assert_string_equal(e->str[1], eq + 1);
			continue;
		}
		idx = sh_ev_field_index(type, kv);
		if (idx < 0)
			fail_msg("%s has no field %s", d->name, kv);
		if (d->fields[idx].kind == SH_FK_E && sh_enum_name(d->fields[idx].table, e->f[idx]) &&
		    !(eq[1] >= '0' && eq[1] <= '9'))
			assert_string_equal(sh_enum_name(d->fields[idx].table, e->f[idx]), eq + 1);
		else if (eq[1] == '-')
			assert_int_equal((int64_t)e->f[idx], strtoll(eq + 1, NULL, 0));
		else
			assert_int_equal(e->f[idx], strtoull(eq + 1, NULL, 0));
	}
	free(copy);
}

static void decode_one(struct ctx *c, unsigned char *rec, int size, struct sh_event *e)
{
	struct tep_record r = { .ts = 812000101000ull, .size = size, .data = rec, .cpu = 1 };

	assert_int_equal(sh_source_dat_decode(c->src, &r, 1, e), 1);
	assert_int_equal(e->ts, 812000101000ull);
	assert_int_equal(e->cpu, 1);
}

/* ---- schedhang_*: formats written from the contract ---- */

struct sh_spec {
	const char *event;
	unsigned type;
	const char *fields;	/* "name:type ..." with type u64, u32, s32, s64, str */
	const char *values;	/* normalized = kernel names: "k=v ..." */
};

static const struct sh_spec sh_specs[] = {
	{ "sched_info", SH_EV_SCHED_INFO,
	  "sched:u64 name:str credit_limit:u32 timeout_ms:u32 work_run:u64 work_free:u64",
	  "sched=0xffff8881052a0000 name=gfx_0.0.0 credit_limit=64 timeout_ms=10000 "
	  "work_run=0xffff8881052a0120 work_free=0xffff8881052a0180" },
	{ "push", SH_EV_PUSH,
	  "sched:u64 entity:u64 ectx:u64 seqno:u64 first:u32 cnt_before:u32 cnt_after:u32",
	  "sched=0xffff8881052a0000 entity=0xffff888104c8a400 ectx=77 seqno=1042 first=0 "
	  "cnt_before=1 cnt_after=1" },
	{ "pop", SH_EV_POP,
	  "sched:u64 entity:u64 ectx:u64 seqno:u64 cnt_after:u32 head_nonnull:u32 slowpath:u32",
	  "sched=0xffff8881052a0000 entity=0xffff888104c8a400 ectx=77 seqno=1041 cnt_after=0 "
	  "head_nonnull=1 slowpath=1" },
	{ "kick", SH_EV_KICK, "sched:u64 which:u32 reason:u32 stopped:u32 queued:u32",
	  "sched=0xffff8881052a0000 which=1 reason=8 stopped=0 queued=1" },
	{ "worker_begin", SH_EV_WORKER_BEGIN, "sched:u64", "sched=0xffff8881052a0000" },
	{ "worker", SH_EV_WORKER,
	  "sched:u64 outcome:u32 entity:u64 ectx:u64 seqno:u64 credit_count:u32 credit_limit:u32 "
	  "n_nonempty_unready:u32",
	  "sched=0xffff8881052a0000 outcome=1 entity=0x0 ectx=0 seqno=0 credit_count=0 "
	  "credit_limit=64 n_nonempty_unready=1" },
	{ "done", SH_EV_DONE, "sched:u64 ectx:u64 seqno:u64 result:s32",
	  "sched=0xffff8881052a0000 ectx=77 seqno=1041 result=-62" },
	{ "dep", SH_EV_DEP, "entity:u64 ectx:u64 seqno:u64 dep_ctx:u64 dep_seqno:u64 action:u32",
	  "entity=0xffff888104c8a400 ectx=77 seqno=1043 dep_ctx=12 dep_seqno=99 action=4" },
	{ "state", SH_EV_STATE, "sched:u64 entity:u64 state:u32 arg:s64",
	  "sched=0xffff8881052a0000 entity=0x0 state=3 arg=-19" },
};

/*
 * The format text of schedhang_@ev: the tracepoint form (declared widths)
 * or the uprobe form (__probe_ip first, every integer a 64-bit slot).
 */
static void sh_format(const struct sh_spec *s, bool uprobe, int id, char *out, size_t n)
{
	char *copy = strdup(s->fields), *save = NULL;
	int off = 8, len;

	len = snprintf(out, n, "name: schedhang_%s\nID: %d\nformat:\n" COMMON, s->event, id);
	if (uprobe) {
		len += snprintf(out + len, n - (size_t)len,
				"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n");
		off = 16;
	}
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(t, ':');
		const char *ty = colon + 1;
		int size = strcmp(ty, "u32") == 0 || strcmp(ty, "s32") == 0 || !strcmp(ty, "str") ? 4 : 8;
		bool sgn = ty[0] == 's' && ty[1] != 't';

		*colon = '\0';
		if (uprobe && strcmp(ty, "str") != 0)
			size = 8;
		if (size == 8 && off % 8)
			off += 4;
		if (strcmp(ty, "str") == 0)
			len += snprintf(out + len, n - (size_t)len,
					"\tfield:__data_loc char[] %s;\toffset:%d;\tsize:4;\tsigned:0;\n", t, off);
		else
			len += snprintf(out + len, n - (size_t)len,
					"\tfield:%s%d %s;\toffset:%d;\tsize:%d;\tsigned:%d;\n",
					sgn ? "s" : "u", size * 8, t, off, size, sgn);
		off += size;
	}
	snprintf(out + len, n - (size_t)len, "\nprint fmt: \"%s\"\n", uprobe ? "(%lx)" : "x");
	free(copy);
}

static void test_schedhang_forms(void **state)
{
	struct ctx *c = *state;

	for (int uprobe = 0; uprobe < 2; uprobe++) {
		for (size_t i = 0; i < sizeof(sh_specs) / sizeof(sh_specs[0]); i++) {
			const struct sh_spec *s = &sh_specs[i];
			char fmt[4096], kvs[512];
			unsigned char rec[512];
			struct tep_event *ev;
			struct sh_event e;
			int size;

			sh_format(s, uprobe, 3000 + uprobe * 100 + (int)i, fmt, sizeof(fmt));
			ev = parse(c, fmt, "schedhang");
			snprintf(kvs, sizeof(kvs), "%s%s", uprobe ? "__probe_ip=0x55d0c0a01139 " : "",
				 s->values);
			size = build(ev, kvs, 91, rec);
			decode_one(c, rec, size, &e);
			assert_int_equal(e.pid, 91);
			expect(&e, s->type, s->values);
			assert_int_equal(e.flags, uprobe ? SH_EVF_UPROBE : 0);
		}
	}
	assert_int_equal(sh_source_info(c->src)->schemas,
			 SH_SCHEMA(SCHEDHANG) | SH_SCHEMA(SCHEDHANG_UPROBE));
}

/*
 * schedhang_push as the kernel tracepoint writes it, byte by byte: the
 * decoder must not depend on the test's own record builder.
 */
static void test_push_bytes(void **state)
{
	struct ctx *c = *state;
	static const unsigned char rec[] = {
		0xd0, 0x07,			/* common_type 2000 */
		0x01, 0x02,			/* common_flags, common_preempt_count */
		0x5b, 0x00, 0x00, 0x00,		/* common_pid 91 */
		0x00, 0x00, 0x2a, 0x05, 0x81, 0x88, 0xff, 0xff,	/* sched 0xffff8881052a0000 */
		0x00, 0xa4, 0xc8, 0x04, 0x81, 0x88, 0xff, 0xff,	/* entity 0xffff888104c8a400 */
		0x4d, 0, 0, 0, 0, 0, 0, 0,	/* ectx 77 */
		0x12, 0x04, 0, 0, 0, 0, 0, 0,	/* seqno 1042 */
		0x00, 0x00, 0x00, 0x00,		/* first 0 */
		0x01, 0x00, 0x00, 0x00,		/* cnt_before 1 */
		0x01, 0x00, 0x00, 0x00,		/* cnt_after 1 */
		0x00, 0x00, 0x00, 0x00,		/* padding */
	};
	struct sh_event e;

	parse(c, "name: schedhang_push\nID: 2000\nformat:\n" COMMON
	      "\tfield:u64 sched;\toffset:8;\tsize:8;\tsigned:0;\n"
	      "\tfield:u64 entity;\toffset:16;\tsize:8;\tsigned:0;\n"
	      "\tfield:u64 ectx;\toffset:24;\tsize:8;\tsigned:0;\n"
	      "\tfield:u64 seqno;\toffset:32;\tsize:8;\tsigned:0;\n"
	      "\tfield:u32 first;\toffset:40;\tsize:4;\tsigned:0;\n"
	      "\tfield:u32 cnt_before;\toffset:44;\tsize:4;\tsigned:0;\n"
	      "\tfield:u32 cnt_after;\toffset:48;\tsize:4;\tsigned:0;\n\n"
	      "print fmt: \"sched=0x%llx entity=0x%llx ectx=%llu seqno=%llu first=%u "
	      "cnt_before=%u cnt_after=%u\", REC->sched, REC->entity, REC->ectx, REC->seqno, "
	      "REC->first, REC->cnt_before, REC->cnt_after\n", "schedhang");
	decode_one(c, (unsigned char *)rec, (int)sizeof(rec), &e);
	assert_int_equal(e.pid, 91);
	expect(&e, SH_EV_PUSH, "sched=0xffff8881052a0000 entity=0xffff888104c8a400 ectx=77 "
	       "seqno=1042 first=0 cnt_before=1 cnt_after=1 flags=0");
}

/* schedhang_done from a uprobe: __probe_ip first, result as a sign-extended 64-bit slot. */
static void test_done_uprobe_bytes(void **state)
{
	struct ctx *c = *state;
	static const unsigned char rec[] = {
		0xd1, 0x07, 0x00, 0x00,		/* common_type 2001, flags, preempt */
		0x39, 0x30, 0x00, 0x00,		/* common_pid 12345 */
		0x39, 0x11, 0xa0, 0xc0, 0xd0, 0x55, 0, 0,	/* __probe_ip 0x55d0c0a01139 */
		0x00, 0x00, 0x2a, 0x05, 0x81, 0x88, 0xff, 0xff,	/* sched */
		0x4d, 0, 0, 0, 0, 0, 0, 0,	/* ectx 77 */
		0x11, 0x04, 0, 0, 0, 0, 0, 0,	/* seqno 1041 */
		0xc2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* result -62 (s64) */
	};
	struct sh_event e;

	parse(c, "name: schedhang_done\nID: 2001\nformat:\n" COMMON
	      "\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	      "\tfield:u64 sched;\toffset:16;\tsize:8;\tsigned:0;\n"
	      "\tfield:u64 ectx;\toffset:24;\tsize:8;\tsigned:0;\n"
	      "\tfield:u64 seqno;\toffset:32;\tsize:8;\tsigned:0;\n"
	      "\tfield:s64 result;\toffset:40;\tsize:8;\tsigned:1;\n\n"
	      "print fmt: \"(%lx) sched=0x%Lx ectx=%Lu seqno=%Lu result=%Ld\", REC->__probe_ip, "
	      "REC->sched, REC->ectx, REC->seqno, REC->result\n", "schedhang");
	decode_one(c, (unsigned char *)rec, (int)sizeof(rec), &e);
	assert_int_equal(e.pid, 12345);
	expect(&e, SH_EV_DONE, "sched=0xffff8881052a0000 ectx=77 seqno=1041 result=-62 flags=4");
}

/* ---- stock events from tracepoints/formats/stock ---- */

struct stock_case {
	const char *file, *system;
	const char *kernel;	/* record values by kernel field name */
	unsigned type;
	const char *expect;	/* normalized values */
};

static const struct stock_case stock[] = {
	{ "gpu_scheduler/v6.16/drm_sched_job.format", "gpu_scheduler",
	  "entity=0xffff888104c8a400 fence=0xffff8881aa00c040 name=gfx_0.0.0 id=135 job_count=2 hw_job_count=-1",
	  SH_EV_JOB_QUEUE, "entity=0xffff888104c8a400 fence=0xffff8881aa00c040 id=135 job_count=2 "
	  "hw_job_count=-1 ring=gfx_0.0.0 flags=1" },
	{ "gpu_scheduler/v6.16/drm_run_job.format", "gpu_scheduler",
	  "entity=0xffff888104c8a400 fence=0xffff8881aa00c040 name=gfx_0.0.0 id=135 job_count=0 hw_job_count=1",
	  SH_EV_JOB_RUN, "entity=0xffff888104c8a400 fence=0xffff8881aa00c040 id=135 job_count=0 "
	  "hw_job_count=1 ring=gfx_0.0.0 flags=1" },
	{ "gpu_scheduler/v6.16/drm_sched_process_job.format", "gpu_scheduler",
	  "fence=0xffff8881aa00c040", SH_EV_JOB_DONE, "fence=0xffff8881aa00c040 flags=1" },
	{ "gpu_scheduler/v6.16/drm_sched_job_wait_dep.format", "gpu_scheduler",
	  "name=comp_1.0.0 id=136 fence=0xffff8881bb000000 ctx=12 seqno=4000000000",
	  SH_EV_JOB_DEP, "kind=wait_dep id=136 dep_fence=0xffff8881bb000000 dep_ctx=12 "
	  "dep_seqno=4000000000 ring=comp_1.0.0 flags=1" },
	{ "gpu_scheduler/v6.17/drm_sched_job_queue.format", "gpu_scheduler",
	  "name=gfx_0.0.0 job_count=3 hw_job_count=2 dev=0000:03:00.0 fence_context=77 fence_seqno=1042 client_id=9",
	  SH_EV_JOB_QUEUE, "ectx=77 seqno=1042 job_count=3 hw_job_count=2 client_id=9 "
	  "ring=gfx_0.0.0 dev=0000:03:00.0 flags=2" },
	{ "gpu_scheduler/v6.17/drm_sched_job_run.format", "gpu_scheduler",
	  "name=gfx_0.0.0 job_count=0 hw_job_count=1 dev=0000:03:00.0 fence_context=77 fence_seqno=1042 client_id=9",
	  SH_EV_JOB_RUN, "ectx=77 seqno=1042 job_count=0 hw_job_count=1 client_id=9 flags=2" },
	{ "gpu_scheduler/v6.17/drm_sched_job_done.format", "gpu_scheduler",
	  "fence_context=77 fence_seqno=1042", SH_EV_JOB_DONE, "ectx=77 seqno=1042 flags=2" },
	{ "gpu_scheduler/v6.17/drm_sched_job_add_dep.format", "gpu_scheduler",
	  "fence_context=77 fence_seqno=1043 ctx=12 seqno=99", SH_EV_JOB_DEP,
	  "kind=add_dep ectx=77 seqno=1043 dep_ctx=12 dep_seqno=99 flags=2" },
	{ "gpu_scheduler/v6.17/drm_sched_job_unschedulable.format", "gpu_scheduler",
	  "fence_context=77 fence_seqno=1043 ctx=12 seqno=99", SH_EV_JOB_DEP,
	  "kind=unschedulable ectx=77 seqno=1043 dep_ctx=12 dep_seqno=99 flags=2" },
	{ "workqueue/workqueue_queue_work.format", "workqueue",
	  "work=0xffff8881052a0120 function=0xffffffffc0a01000 workqueue=gfx_0.0.0 req_cpu=256 cpu=1",
	  SH_EV_WQ_QUEUE, "work=0xffff8881052a0120 func=drm_sched_run_job_work req_cpu=256 wq_cpu=1 "
	  "workqueue=gfx_0.0.0 function=drm_sched_run_job_work flags=0" },
	{ "workqueue/workqueue_activate_work.format", "workqueue",
	  "work=0xffff8881052a0180 function=0xffffffffc0a02000", SH_EV_WQ_ACTIVATE,
	  "work=0xffff8881052a0180 func=drm_sched_free_job_work function=drm_sched_free_job_work" },
	{ "workqueue/workqueue_execute_start.format", "workqueue",
	  "work=0xffff8881052a01c0 function=0xffffffffc0a03000", SH_EV_WQ_START,
	  "work=0xffff8881052a01c0 func=drm_sched_job_timedout function=drm_sched_job_timedout" },
	{ "workqueue/workqueue_execute_end.format", "workqueue",
	  "work=0xffff888100001000 function=0xffffffff81200000", SH_EV_WQ_END,
	  "work=0xffff888100001000 func=other function=vmstat_update" },
	{ "dma_fence/dma_fence_init.format", "dma_fence",
	  "driver=drm_sched timeline=gfx_0.0.0 context=77 seqno=1042", SH_EV_FENCE,
	  "kind=init context=77 seqno=1042 driver=drm_sched timeline=gfx_0.0.0" },
	{ "dma_fence/dma_fence_emit.format", "dma_fence",
	  "driver=amdgpu timeline=gfx context=5 seqno=7", SH_EV_FENCE, "kind=emit context=5 seqno=7" },
	{ "dma_fence/dma_fence_enable_signal.format", "dma_fence",
	  "driver=amdgpu timeline=gfx context=5 seqno=7", SH_EV_FENCE, "kind=enable_signal" },
	{ "dma_fence/dma_fence_signaled.format", "dma_fence",
	  "driver=amdgpu timeline=gfx context=5 seqno=7", SH_EV_FENCE, "kind=signaled" },
	{ "dma_fence/dma_fence_wait_start.format", "dma_fence",
	  "driver=amdgpu timeline=gfx context=5 seqno=7", SH_EV_FENCE, "kind=wait_start" },
	{ "dma_fence/dma_fence_wait_end.format", "dma_fence",
	  "driver=amdgpu timeline=gfx context=5 seqno=7", SH_EV_FENCE, "kind=wait_end" },
	{ "dma_fence/dma_fence_destroy.format", "dma_fence",
	  "driver=amdgpu timeline=gfx context=5 seqno=7", SH_EV_FENCE, "kind=destroy seqno=7" },
	{ "sched/sched_switch.format", "sched",
	  "prev_comm=gnome-shel:cs0 prev_pid=1706 prev_prio=120 prev_state=0x102 next_comm=swapper/1 next_pid=0 next_prio=120",
	  SH_EV_SWITCH, "prev_pid=1706 prev_state=0x102 next_pid=0 prev_comm=gnome-shel:cs0 "
	  "next_comm=swapper/1" },
	{ "sched/sched_wakeup.format", "sched",
	  "comm=kworker/u8:2 pid=91 prio=120 target_cpu=1", SH_EV_WAKEUP,
	  "woken_pid=91 target_cpu=1 comm=kworker/u8:2" },
};

static void test_stock(void **state)
{
	struct ctx *c = *state;

	for (size_t i = 0; i < sizeof(stock) / sizeof(stock[0]); i++) {
		char *fmt = read_fixture(stock[i].file);
		struct tep_event *ev = parse(c, fmt, stock[i].system);
		unsigned char rec[512];
		struct sh_event e;
		int size = build(ev, stock[i].kernel, 1706, rec);

		decode_one(c, rec, size, &e);
		expect(&e, stock[i].type, stock[i].expect);
		free(fmt);
	}
	assert_int_equal(sh_source_info(c->src)->missing_field, 0);
	assert_int_equal(sh_source_info(c->src)->schemas,
			 SH_SCHEMA(STOCK_OLD) | SH_SCHEMA(STOCK_NEW) | SH_SCHEMA(WORKQUEUE) |
			 SH_SCHEMA(DMA_FENCE) | SH_SCHEMA(SCHED));
}

/* A required field missing: dropped, counted, one warning per event type. */
static void test_missing_and_unknown(void **state)
{
	struct ctx *c = *state;
	unsigned char rec[512];
	struct tep_record r = { .ts = 1, .data = rec };
	struct sh_event e;
	struct tep_event *ev;

	ev = parse(c, "name: schedhang_kick\nID: 2100\nformat:\n" COMMON
		   "\tfield:u64 sched;\toffset:8;\tsize:8;\tsigned:0;\n"
		   "\tfield:u32 which;\toffset:16;\tsize:4;\tsigned:0;\n\n"
		   "print fmt: \"x\"\n", "schedhang");
	r.size = build(ev, "sched=1 which=0", 5, rec);
	for (int i = 0; i < 3; i++)
		assert_int_equal(sh_source_dat_decode(c->src, &r, 0, &e), 0);
	assert_int_equal(sh_source_info(c->src)->missing_field, 3);
	assert_int_equal(c->warnings, 1);

	/* a schedhang_* probe in another group maps like the schedhang group's */
	ev = parse(c, "name: schedhang_worker_begin\nID: 2102\nformat:\n" COMMON
		   "\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
		   "\tfield:u64 sched;\toffset:16;\tsize:8;\tsigned:0;\n\nprint fmt: \"x\"\n", "uprobes");
	r.size = build(ev, "__probe_ip=1 sched=0x42", 5, rec);
	assert_int_equal(sh_source_dat_decode(c->src, &r, 0, &e), 1);
	expect(&e, SH_EV_WORKER_BEGIN, "sched=0x42 flags=4");

	ev = parse(c, "name: job_submit\nID: 2101\nformat:\n" COMMON
		   "\tfield:u64 seqno;\toffset:8;\tsize:8;\tsigned:0;\n\nprint fmt: \"x\"\n", "uprobes");
	r.size = build(ev, "seqno=3", 5, rec);
	assert_int_equal(sh_source_dat_decode(c->src, &r, 0, &e), 0);
	assert_int_equal(sh_source_info(c->src)->unknown_events, 1);
	assert_int_equal(sh_source_info(c->src)->raw_events, 5);
}

/* Truncated record: a field past the end is unreadable, never read out of bounds. */
static void test_short_record(void **state)
{
	struct ctx *c = *state;
	unsigned char rec[512];
	struct tep_record r = { .ts = 1, .data = rec };
	struct sh_event e;
	char *fmt = read_fixture("dma_fence/dma_fence_emit.format");

	parse(c, fmt, "dma_fence");
	free(fmt);
	r.size = 12;	/* driver's __data_loc only */
	memset(rec, 0, sizeof(rec));
	put(rec, 0, 2, 2194);
	assert_int_equal(sh_source_dat_decode(c->src, &r, 0, &e), 0);
	assert_int_equal(sh_source_info(c->src)->missing_field, 1);
}

/* The table itself: slots in range, string slots named, pairs well formed, lookups. */
static void test_table(void **state)
{
	(void)state;
	assert_true(sh_schema_count() > 30);
	for (unsigned i = 0; i < sh_schema_count(); i++) {
		const struct sh_schema_event *se = sh_schema_at(i);
		const struct sh_ev_desc *d = sh_ev_desc(se->type);

		assert_non_null(d);
		assert_true(se->nfields <= 12);
		assert_int_equal(sh_schema_find(se->system, se->event), (int)i);
		if (se->const_slot >= 0)
			assert_true((unsigned)se->const_slot < d->nfields);
		for (unsigned f = 0; f < se->nfields; f++) {
			const struct sh_schema_field *sf = &se->fields[f];

			assert_non_null(sf->kname);
			if (sf->conv == SH_CV_STR) {
				assert_true(sf->slot == 0 || sf->slot == 1);
				assert_non_null(d->str_name[sf->slot]);
			} else {
				assert_true(sf->slot >= 0 && (unsigned)sf->slot < d->nfields);
			}
			if (sf->conv == SH_CV_FUNC)
				assert_non_null(d->str_name[1]);
			if (sf->tpair) {
				assert_true(f + 1 < se->nfields);
				assert_null(se->fields[f + 1].tkey);
			}
			if (!sf->tkey)
				assert_true(f > 0 && se->fields[f - 1].tpair);
		}
	}
	assert_int_equal(sh_schema_find("uprobes", "schedhang_push"), -1);
	assert_true(sh_schema_find(NULL, "drm_run_job") >= 0);
	assert_int_equal(sh_schema_wq_func("drm_sched_run_job_work [gpu_sched]"), SH_WQ_FUNC_RUN_JOB);
	assert_int_equal(sh_schema_wq_func("drm_sched_free_job_work+0x0/0x90"), SH_WQ_FUNC_FREE_JOB);
	assert_int_equal(sh_schema_wq_func("drm_sched_job_timedout"), SH_WQ_FUNC_TIMEDOUT);
	assert_int_equal(sh_schema_wq_func("drm_sched_run_job_work_x"), SH_WQ_FUNC_OTHER);
}

/* The names the recorder takes from the table (record/evlist.c, record/check.c) are in it. */
static void test_recorder_names(void **state)
{
	(void)state;
	assert_true(sh_schema_find(SH_SYS_GPU_SCHEDULER, SH_SCHEMA_UNSCHEDULABLE) >= 0);
	for (unsigned bit = 0; bit < SH_SCHEMA__COUNT; bit++) {
		const struct sh_schema_event *m = sh_schema_marker(bit);

		if (bit == SH_SCHEMA_BIT_SCHEDHANG_UPROBE) {	/* a reader's label, no table entry */
			assert_null(m);
			continue;
		}
		assert_non_null(m);
		assert_int_equal(m->schema_bit, bit);
		assert_string_not_equal(m->system, SH_SCHEMA_LTTNG_SYSTEM);
	}
	assert_null(sh_schema_marker(SH_SCHEMA__COUNT));
	assert_int_equal(sh_schema_wq_func(sh_schema_work_fn(0)), SH_WQ_FUNC_RUN_JOB);
	assert_int_equal(sh_schema_wq_func(sh_schema_work_fn(1)), SH_WQ_FUNC_FREE_JOB);
	assert_int_equal(sh_schema_wq_func(sh_schema_work_fn(2)), SH_WQ_FUNC_TIMEDOUT);
	assert_null(sh_schema_work_fn(3));
}

static void test_task_state(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(sh_schema_task_state("R", 1, false, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(sh_schema_task_state("R+", 2, false, &v), 0);
	assert_int_equal(v, 0x100);
	assert_int_equal(sh_schema_task_state("S|D", 3, false, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(sh_schema_task_state("I", 1, false, &v), 0);
	assert_int_equal(v, 0x80);
	assert_int_equal(sh_schema_task_state("W", 1, true, &v), 0);	/* plugin letters */
	assert_int_equal(v, 0x80);
	assert_int_equal(sh_schema_task_state("X", 1, true, &v), 0);
	assert_int_equal(v, 0x20);
	assert_int_equal(sh_schema_task_state("Q", 1, false, &v), -1);
	assert_int_equal(sh_schema_task_state("S|", 2, false, &v), -1);
	assert_int_equal(sh_schema_task_state("", 0, false, &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_task_state),
		cmocka_unit_test(test_recorder_names),
		cmocka_unit_test_setup_teardown(test_schedhang_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_push_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_done_uprobe_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_record, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
