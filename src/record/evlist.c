/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which events schedhang record enables: the default set, -e globs, filters. */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs.h>

#include "core/error.h"
#include "core/schema.h"
#include "core/trace-info.h"
#include "record/evlist.h"
#include "record/record.h"

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
	if (!strcmp(sys, SH_SYS_WORKQUEUE))
		v->filter = l->wq_filter;
	if (!strcmp(ev, SH_SCHEMA_UNSCHEDULABLE))
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
		for (unsigned i = 0; sh_schema_work_fn(i); i++)
			if (!strcmp(name, sh_schema_work_fn(i)))
				snprintf(filter + strlen(filter), sizeof(filter) - strlen(filter),
					 "%sfunction == 0x%llx", *filter ? " || " : "", addr);
	}
	if (f)
		fclose(f);
	return *filter ? strdup(filter) : NULL;
}

/* The events of @system that the schema table maps (and this kernel has). */
static int add_schema_events(struct sh_evlist *l, const char *system)
{
	for (unsigned i = 0; i < sh_schema_count(); i++) {
		const struct sh_schema_event *e = sh_schema_at(i);

		if (!strcmp(e->system, system) && add_glob(l, system, e->event) < 0)
			return -1;
	}
	return 0;
}

int sh_evlist_add_defaults(struct sh_evlist *l)
{
	/* every event of these systems: unmapped ones are counted in the report */
	static const char *const whole[] = { SH_SYS_SCHEDHANG, SH_SYS_GPU_SCHEDULER, SH_SYS_DMA_FENCE };

	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		if (add_glob(l, whole[i], "*") < 0)
			return -1;
	if (add_schema_events(l, SH_SYS_SCHED) < 0)
		return -1;
	free(l->wq_filter);
	l->wq_filter = work_fn_filter();
	if (!l->wq_filter) {
		l->wq_skipped = true;
		return 0;
	}
	return add_schema_events(l, SH_SYS_WORKQUEUE);
}

unsigned sh_evlist_schemas(const struct sh_evlist *l)
{
	unsigned bits = 0;

	for (unsigned bit = 0; bit < SH_SCHEMA__COUNT; bit++) {
		const struct sh_schema_event *m = sh_schema_marker(bit);

		if (m && selected(l, m->system, m->event))
			bits |= 1u << bit;
	}
	return bits;
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
		sh_warning("enabling " SH_SYS_GPU_SCHEDULER ":" SH_SCHEMA_UNSCHEDULABLE ": some 2025 kernels oops "
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
