/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which events schedhang record enables: the default set, -e globs, filters. */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs.h>

#include "core/error.h"
#include "record/record.h"

#define UNSCHEDULABLE "drm_sched_job_unschedulable"

/* drm_sched's work functions, matched against workqueue's `function` */
static const char *const drm_sched_work_fns[] = {
	"drm_sched_run_job_work", "drm_sched_free_job_work", "drm_sched_job_timedout", NULL,
};

static bool selected(const struct sh_evlist *l, const char *sys, const char *ev)
{
	for (unsigned i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].system, sys) && !strcmp(l->v[i].event, ev))
			return true;
	return false;
}

static int add_one(struct sh_evlist *l, const char *sys, const char *ev)
{
	struct sh_evsel *v;

	if (selected(l, sys, ev))
		return 0;
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v)
		return sh_error("out of memory");
	l->v = v;
	v += l->n;
	memset(v, 0, sizeof(*v));
	v->system = strdup(sys);
	v->event = strdup(ev);
	l->n++;
	if (!v->system || !v->event)
		return sh_error("out of memory");
	if (!strcmp(sys, "workqueue"))
		v->filter = l->wq_filter;
	if (!strcmp(ev, UNSCHEDULABLE))
		l->unschedulable = true;
	return 0;
}

/* Add every event matching the globs; returns how many matched, or -1. */
static int add_glob(struct sh_evlist *l, const char *sysglob, const char *evglob)
{
	char **systems = tracefs_event_systems(NULL);
	int found = 0;

	for (char **s = systems; s && *s && found >= 0; s++) {
		char **events;

		if (!strcmp(*s, "ftrace") || fnmatch(sysglob, *s, 0))
			continue;
		events = tracefs_system_events(NULL, *s);
		for (char **e = events; e && *e && found >= 0; e++)
			if (!fnmatch(evglob, *e, 0))
				found = add_one(l, *s, *e) < 0 ? -1 : found + 1;
		tracefs_list_free(events);
	}
	tracefs_list_free(systems);
	return found;
}

int sh_evlist_add_spec(struct sh_evlist *l, const char *spec)
{
	char *sys = strdup(spec), *ev;
	int found;

	if (!sys)
		return sh_error("out of memory");
	ev = strpbrk(sys, ":/");
	if (ev)
		*ev++ = '\0';
	found = add_glob(l, sys, ev && *ev ? ev : "*");
	free(sys);
	if (found == 0)
		return sh_error("no event of this kernel matches '%s'", spec);
	return found < 0 ? -1 : 0;
}

/* The address of each symbol in @names from /proc/kallsyms, "" if absent. */
static char *work_fn_filter(void)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512], filter[512] = "";
	unsigned long long addr;
	char type, name[256];

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || !addr)
			continue;
		for (const char *const *fn = drm_sched_work_fns; *fn; fn++)
			if (!strcmp(name, *fn))
				snprintf(filter + strlen(filter), sizeof(filter) - strlen(filter),
					 "%sfunction == 0x%llx", *filter ? " || " : "", addr);
	}
	if (f)
		fclose(f);
	return *filter ? strdup(filter) : NULL;
}

int sh_evlist_add_defaults(struct sh_evlist *l)
{
	static const char *const globs[][2] = {
		{ "schedhang", "*" }, { "gpu_scheduler", "*" }, { "dma_fence", "*" },
		{ "sched", "sched_switch" }, { "sched", "sched_wakeup" },
	};

	for (size_t i = 0; i < sizeof(globs) / sizeof(globs[0]); i++)
		if (add_glob(l, globs[i][0], globs[i][1]) < 0)
			return -1;
	free(l->wq_filter);
	l->wq_filter = work_fn_filter();
	if (!l->wq_filter) {
		l->wq_skipped = true;
		return 0;
	}
	return add_glob(l, "workqueue", "workqueue_*") < 0 ? -1 : 0;
}

int sh_evlist_read_formats(struct sh_evlist *l)
{
	for (unsigned i = 0; i < l->n; i++) {
		struct sh_evsel *e = &l->v[i];

		free(e->format);
		e->format = tracefs_event_file_read(NULL, e->system, e->event, "format", NULL);
		if (!e->format)
			return sh_error("cannot read the format of '%s:%s'", e->system, e->event);
	}
	return 0;
}

/* Apply @e's filter; a kernel that refuses it records unfiltered, loudly. */
static void apply_filter(struct tracefs_instance *inst, const struct sh_evsel *e)
{
	if (!e->filter || !strstr(e->format ? e->format : "", " function;"))
		return;
	if (tracefs_event_file_write(inst, e->system, e->event, "filter", e->filter) < 0)
		sh_warning("kernel refused filter '%s' on '%s:%s': recorded unfiltered",
			   e->filter, e->system, e->event);
}

int sh_evlist_enable(struct sh_evlist *l, void *instance)
{
	struct tracefs_instance *inst = instance;

	if (l->unschedulable)
		sh_warning("enabling gpu_scheduler:" UNSCHEDULABLE ": some 2025 kernels oops "
			   "(NULL pointer) in this tracepoint; leave it out with "
			   "--no-default-events if yours is one of them");
	for (unsigned i = 0; i < l->n; i++) {
		const struct sh_evsel *e = &l->v[i];

		apply_filter(inst, e);
		if (tracefs_event_file_write(inst, e->system, e->event, "enable", "1") < 0)
			return sh_error("cannot enable '%s:%s' in instance '%s'", e->system,
					e->event, tracefs_instance_get_name(inst));
	}
	return 0;
}

void sh_evlist_release(struct sh_evlist *l)
{
	for (unsigned i = 0; i < l->n; i++) {
		free(l->v[i].system);
		free(l->v[i].event);
		free(l->v[i].format);
	}
	free(l->v);
	free(l->wq_filter);
	memset(l, 0, sizeof(*l));
}
