/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * record --kprobes: which probe definitions a kernel gets, from a fake
 * function list (available_filter_functions or kallsyms) and a fake BTF
 * directory; and the definitions against the prototypes of the drm_sched
 * functions they probe, so a rename or a new signature upstream fails here
 * rather than recording nothing.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/schema.h"
#include "record/kprobes.h"

/*
 * The probed functions as declared in drm_sched 6.12 (Debian's
 * linux-source-6.12: sched_entity.c, sched_main.c) and in the newest layout
 * read (torvalds/linux sched_entity.c @ 0755a4e3e809, the fair scheduler):
 * the same three prototypes.
 */
static const char *const protos_612[] = {
	"void drm_sched_entity_push_job(struct drm_sched_job *sched_job)",
	"void drm_sched_wakeup(struct drm_gpu_scheduler *sched)",
	"struct drm_sched_job *drm_sched_entity_pop_job(struct drm_sched_entity *entity)",
	"bool drm_sched_entity_is_ready(struct drm_sched_entity *entity)",
	NULL,
};
/* (is_ready is a static inline of sched_internal.h there: not in the function lists, not probed) */
static const char *const protos_newest[] = {
	"void drm_sched_entity_push_job(struct drm_sched_job *sched_job)",
	"void drm_sched_wakeup(struct drm_gpu_scheduler *sched)",
	"struct drm_sched_job *drm_sched_entity_pop_job(struct drm_sched_entity *entity)",
	"static inline bool drm_sched_entity_is_ready(struct drm_sched_entity *entity)",
	NULL,
};

/* available_filter_functions of a 6.12 kernel with drm_sched as the gpu_sched module */
static const char avail_module[] =
	"drm_sched_entity_init [gpu_sched]\n"
	"drm_sched_entity_push_job [gpu_sched]\n"
	"drm_sched_entity_pop_job [gpu_sched]\n"
	"drm_sched_entity_is_ready [gpu_sched]\n"
	"drm_sched_wakeup [gpu_sched]\n"
	"drm_sched_run_job_work [gpu_sched]\n";
/* the same, built in, as /proc/kallsyms lists it */
static const char kallsyms_builtin[] =
	"ffffffff81a2c0e0 T drm_sched_entity_push_job\n"
	"ffffffff81a2c2a0 T drm_sched_entity_pop_job\n"
	"ffffffff81a2d3c0 T drm_sched_wakeup\n"
	"ffffffff81a2d400 t drm_sched_run_job_work\n";

static char btf_dir[64];

static void quiet(enum sh_log_level level, const char *msg, void *data)
{
	(void)level;
	(void)msg;
	(*(unsigned *)data)++;
}

static void touch(const char *name)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", btf_dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

static void untouch(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", btf_dir, name);
	unlink(path);
}

/* The event names of @kp's definitions, space-separated, with "@addr" after each. */
static const char *names(const struct sh_kprobes *kp)
{
	static char buf[512];

	buf[0] = '\0';
	for (unsigned i = 0; i < kp->n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s@%s", i ? " " : "",
			 kp->v[i].def->event, kp->v[i].addr);
	return buf;
}

static void test_module_btf(void **state)
{
	struct sh_kprobes kp = { 0 };

	(void)state;
	touch("vmlinux");
	touch("gpu_sched");
	assert_int_equal(sh_kprobes_choose(&kp, avail_module, btf_dir), 0);
	assert_string_equal(names(&kp),
		"schedhang_kp_push_state@gpu_sched:drm_sched_entity_push_job "
		"schedhang_kp_push@gpu_sched:drm_sched_entity_push_job "
		"schedhang_kp_push_ret@gpu_sched:drm_sched_entity_push_job "
		"schedhang_kp_push_ret@gpu_sched:drm_sched_entity_push_job "
		"schedhang_kp_wakeup@gpu_sched:drm_sched_wakeup "
		"schedhang_kp_pop_state@gpu_sched:drm_sched_entity_pop_job "
		"schedhang_kp_pop@gpu_sched:drm_sched_entity_pop_job "
		"schedhang_kp_ready_state@gpu_sched:drm_sched_entity_is_ready "
		"schedhang_kp_ready@gpu_sched:drm_sched_entity_is_ready");
	sh_kprobes_release(&kp);
	/* BTF of the kernel but not of the module: no typed queue state */
	untouch("gpu_sched");
	assert_int_equal(sh_kprobes_choose(&kp, avail_module, btf_dir), 0);
	assert_null(strstr(names(&kp), "_state"));
	assert_non_null(strstr(names(&kp), "schedhang_kp_pop@gpu_sched:drm_sched_entity_pop_job"));
	assert_non_null(strstr(names(&kp), "schedhang_kp_ready@gpu_sched:drm_sched_entity_is_ready"));
	sh_kprobes_release(&kp);
	untouch("vmlinux");
}

static void test_builtin_kallsyms(void **state)
{
	struct sh_kprobes kp = { 0 };

	(void)state;
	touch("vmlinux");
	assert_int_equal(sh_kprobes_choose(&kp, kallsyms_builtin, btf_dir), 0);
	assert_string_equal(names(&kp),
		"schedhang_kp_push_state@drm_sched_entity_push_job "
		"schedhang_kp_push@drm_sched_entity_push_job "
		"schedhang_kp_push_ret@drm_sched_entity_push_job "
		"schedhang_kp_push_ret@drm_sched_entity_push_job "
		"schedhang_kp_wakeup@drm_sched_wakeup "
		"schedhang_kp_pop_state@drm_sched_entity_pop_job "
		"schedhang_kp_pop@drm_sched_entity_pop_job");
	sh_kprobes_release(&kp);
	/* no BTF at all */
	assert_int_equal(sh_kprobes_choose(&kp, kallsyms_builtin, NULL), 0);
	assert_null(strstr(names(&kp), "pop_state"));
	sh_kprobes_release(&kp);
	untouch("vmlinux");
}

static void test_missing(void **state)
{
	/* drm_sched_wakeup inlined away (only a clone), pop_job absent: no push flag, an error */
	static const char no_wakeup[] =
		"drm_sched_entity_push_job [gpu_sched]\n"
		"drm_sched_wakeup.isra.0 [gpu_sched]\n"
		"xdrm_sched_wakeup\n";
	/* pop_job missing: optional, the rest is still chosen */
	static const char no_pop[] =
		"drm_sched_entity_push_job\ndrm_sched_wakeup\n";
	struct sh_kprobes kp = { 0 };
	unsigned errors = 0;
	void *old_ctx;
	sh_log_fn old;

	(void)state;
	old = sh_log_set_sink(quiet, &errors, &old_ctx);
	assert_int_equal(sh_kprobes_choose(&kp, no_wakeup, NULL), -1);
	assert_int_equal(errors, 1);
	sh_kprobes_release(&kp);
	assert_int_equal(sh_kprobes_choose(&kp, "", NULL), -1);
	sh_kprobes_release(&kp);
	assert_int_equal(sh_kprobes_choose(&kp, no_pop, NULL), 0);
	assert_null(strstr(names(&kp), "_pop"));
	assert_int_equal(kp.n, 4);
	sh_kprobes_release(&kp);
	sh_log_set_sink(old, old_ctx, NULL);
}

/* Parameter @i (1-based) of @proto: its name, into @buf; false if there is none. */
static bool param(const char *proto, unsigned i, char *buf, size_t size)
{
	const char *p = strchr(proto, '('), *start, *end;

	for (unsigned k = 1; p && k < i; k++)
		p = strchr(p + 1, ',');
	if (!p)
		return false;
	end = p + 1 + strcspn(p + 1, ",)");
	start = end;

	while (start > p + 1 && (start[-1] == '_' || isalnum((unsigned char)start[-1])))
		start--;
	if (start == end || (size_t)(end - start) >= size)
		return false;
	memcpy(buf, start, (size_t)(end - start));
	buf[end - start] = '\0';
	return true;
}

static const char *find_proto(const char *const *protos, const char *func)
{
	for (; *protos; protos++) {
		const char *name = strstr(*protos, func);

		if (name && name[strlen(func)] == '(')
			return *protos;
	}
	return NULL;
}

/* Is @name a parameter of @proto? */
static bool has_param(const char *proto, const char *name)
{
	char p[64];

	for (unsigned k = 1; param(proto, k, p, sizeof(p)); k++)
		if (strcmp(p, name) == 0)
			return true;
	return false;
}

/* Every $argN and BTF name of each definition is a parameter of its function in @protos. */
static void check_against(const char *const *protos)
{
	const struct sh_schema_kprobe *d;

	for (unsigned i = 0; (d = sh_schema_kprobe_at(i)); i++) {
		const char *proto = find_proto(protos, d->func);
		char args[256], *save = NULL, name[64];

		assert_non_null(proto);
		assert_true(d->ret || !strstr(d->args, "$retval"));
		assert_true(strstr(proto, "void ") != proto || !strstr(d->args, "$retval"));
		snprintf(args, sizeof(args), "%s", d->args);
		for (char *a = strtok_r(args, " ", &save); a; a = strtok_r(NULL, " ", &save)) {
			char *val = strchr(a, '=');
			size_t len;

			assert_non_null(val);
			val++;
			if (strncmp(val, "$arg", 4) == 0) {
				assert_true(param(proto, (unsigned)atoi(val + 4), name, sizeof(name)));
				continue;
			}
			if (val[0] == '$')
				continue;	/* $retval */
			/* a BTF name: the parameter before "->" */
			assert_true(d->btf);
			len = strcspn(val, "-.:");
			assert_true(len < sizeof(name));
			memcpy(name, val, len);
			name[len] = '\0';
			if (!has_param(proto, name))
				fail_msg("%s: '%s' is not a parameter of %s", d->event, name, proto);
		}
	}
}

static void test_signatures(void **state)
{
	(void)state;
	check_against(protos_612);
	check_against(protos_newest);
}

/* Every definition's event is a row of the schema table in group schedhang_kp. */
static void test_events_mapped(void **state)
{
	const struct sh_schema_kprobe *d;
	bool seen[SH_KPROBE__COUNT] = { false };

	(void)state;
	for (unsigned i = 0; (d = sh_schema_kprobe_at(i)); i++) {
		int si = sh_schema_find(SH_SYS_KPROBE, d->event);

		assert_true(si >= 0);
		assert_true(d->probe < SH_KPROBE__COUNT);
		seen[d->probe] = true;
	}
	for (unsigned p = 0; p < SH_KPROBE__COUNT; p++)
		assert_true(seen[p]);
}

static int setup(void **state)
{
	(void)state;
	snprintf(btf_dir, sizeof(btf_dir), "/tmp/sh-test-kprobes-XXXXXX");
	return mkdtemp(btf_dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(btf_dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_module_btf),
		cmocka_unit_test(test_builtin_kallsyms),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_signatures),
		cmocka_unit_test(test_events_mapped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
