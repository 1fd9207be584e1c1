/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang record --check: what this kernel offers and what would be recorded. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <tracefs.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/schema.h"
#include "core/trace-info.h"
#include "detect/reach.h"
#include "record/check.h"
#include "record/record.h"

static void check_access(FILE *out, const char *dir)
{
	fprintf(out, "tracefs:     %s\n", dir ? dir : "not mounted (and cannot mount)");
	fprintf(out, "permissions: %s\n",
		geteuid() ? "not root: recording needs root (CAP_SYS_ADMIN)" :
		dir && access(dir, W_OK) == 0 ? "root, tracefs writable" :
		"root, but tracefs is not writable");
	fprintf(out, "uprobes:     %s\n", dir && tracefs_file_exists(NULL, "uprobe_events") ?
		"available (--uprobes works)" : "not available");
	fprintf(out, "kprobes:     %s\n", dir && tracefs_file_exists(NULL, "kprobe_events") ?
		"available (--kprobes works)" : "not available (--kprobes fails)");
}

/* Each event set of the schema table, and whether this kernel has it. */
static void check_schemas(FILE *out)
{
	fprintf(out, "schemas:\n");
	for (unsigned bit = 0; bit < SH_SCHEMA__COUNT; bit++) {
		const struct sh_schema_event *m = sh_schema_marker(bit);

		if (!m || bit == SH_SCHEMA_BIT_SCHEDHANG_UPROBE || bit == SH_SCHEMA_BIT_KPROBE)
			continue;	/* probes are made by --uprobes / --kprobes, not found */
		fprintf(out, "  %-32s %s\n", sh_trace_info_schema(bit),
			tracefs_event_file_exists(NULL, m->system, m->event, "format") ? "yes" : "no");
	}
}

/* Per hang class, what a report on what would be recorded can tell. */
static void check_reach(FILE *out, unsigned schemas)
{
	fprintf(out, "hang classes report can tell from these events (schema %s):\n",
		sh_reach_family(schemas));
	for (int c = 0; c < SH_FC__COUNT; c++) {
		const char *why;
		enum sh_reach r = sh_reach_class(schemas, (enum sh_finding_class)c, &why);

		fprintf(out, "  %-19s %-10s %s\n", sh_finding_class_name((enum sh_finding_class)c),
			sh_reach_name(r), why);
	}
}

void sh_record_say_reach(unsigned schemas)
{
	struct sh_buf b;

	sh_buf_init(&b);
	sh_reach_summary(&b, schemas);
	if (b.failed)
		sh_error("out of memory");
	else if (sh_reach_blind(schemas))
		sh_warning("%s", b.data);
	else
		sh_info("%s", b.data);
	sh_buf_release(&b);
}

static void check_events(FILE *out, const struct sh_record_opts *o)
{
	struct sh_evlist l = { 0 };
	int ret = o->no_default ? 0 : sh_evlist_add_defaults(&l);
	unsigned schemas;

	for (unsigned i = 0; ret == 0 && i < o->nevents; i++)
		ret = sh_evlist_add_spec(&l, o->events[i]);
	fprintf(out, "workqueue filter: %s\n", l.wq_filter ? l.wq_filter :
		"none: drm_sched is not loaded, workqueue left out of the default set");
	fprintf(out, "would record (%u events%s):\n", l.n,
		o->nbinaries ? ", plus the --uprobes probes" : "");
	for (unsigned i = 0; i < l.n; i++)
		fprintf(out, "  %s:%s%s\n", l.v[i].system, l.v[i].event,
			l.v[i].filter ? " (filtered)" : "");
	schemas = sh_evlist_schemas(&l) | (o->kprobes ? SH_SCHEMA(KPROBE) : 0);
	check_reach(out, schemas);
	if (l.unschedulable)
		sh_warning(SH_SYS_GPU_SCHEDULER ":" SH_SCHEMA_UNSCHEDULABLE " would be enabled: "
			   "some 2025 kernels oops (NULL pointer) in it");
	sh_evlist_release(&l);
	fflush(out);
	sh_record_say_reach(schemas);
}

/* --kprobes: the probe definitions this kernel takes. 0, or -1 (reported). */
static int check_kprobes(FILE *out)
{
	struct sh_kprobes kp = { 0 };
	int r = sh_kprobes_scan(&kp);

	if (r == 0) {
		fprintf(out, "kprobes (--kprobes; the first of each probe the kernel accepts):\n");
		sh_kprobes_print(&kp, out);
	}
	sh_kprobes_release(&kp);
	return r;
}

int sh_record_check(const struct sh_record_opts *o)
{
	const char *dir = tracefs_tracing_dir();	/* once: it leaks when it fails */
	int ok = geteuid() == 0 && dir && access(dir, W_OK) == 0;

	check_access(stdout, dir);
	if (ok) {
		check_schemas(stdout);
		check_events(stdout, o);
	}
	if (ok && o->kprobes && check_kprobes(stdout) < 0)
		return -1;
	if (fflush(stdout) != 0 || ferror(stdout))
		return sh_error("cannot write to stdout");
	if (!ok)
		return sh_error("recording needs root (CAP_SYS_ADMIN) and a writable tracefs");
	return 0;
}
