/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_EVLIST_H
#define SH_EVLIST_H

/* The events a recording enables: the default set the kernel offers, -e globs, filters. */

#include <stdbool.h>


/* One event selected for recording. */
struct sh_evsel {
	char *system;		/* owned */
	char *event;		/* owned */
	char *format;		/* owned: its format file, read at setup */
	const char *filter;	/* borrowed from the list, or NULL */
};

struct sh_evlist {
	struct sh_evsel *v;	/* owned */
	unsigned n;
	char *wq_filter;	/* owned: drm_sched work-function filter, or NULL */
	bool wq_skipped;	/* default workqueue events left out (no drm_sched) */
	bool unschedulable;	/* drm_sched_job_unschedulable selected */
};

/* Add the default event set the kernel offers (see schedhang-record(1)). */
int sh_evlist_add_defaults(struct sh_evlist *l);

/* Add the events matching @spec ("SYS:EVENT" globs); -1 if none matches. */
int sh_evlist_add_spec(struct sh_evlist *l, const char *spec);

/*
 * The SH_SCHEMA() bits of the selected events: a schema counts when its
 * marker event (sh_schema_marker()) is selected. Uprobes are not included.
 */
unsigned sh_evlist_schemas(const struct sh_evlist *l);

/* Read every selected event's format file (after uprobes are created). */
int sh_evlist_read_formats(struct sh_evlist *l);

/* Enable (with filters) every selected event in @inst. */
int sh_evlist_enable(struct sh_evlist *l, void *inst);

void sh_evlist_release(struct sh_evlist *l);

#endif
