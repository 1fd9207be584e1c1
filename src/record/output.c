/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Gather what trace.dat needs from tracefs and /proc, and hand it to datwriter. */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <tracefs.h>
#include <unistd.h>

#include "core/error.h"
#include "record/datwriter.h"
#include "record/output.h"
#include "record/record.h"
#include "record/stream.h"

/* The value after @key in a stats file ("overrun: 12"), 0 if absent. */
static uint64_t stat_value(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

/*
 * "CPU: n" and the kernel's stats; with the flight recorder, a line more
 * for what its window discarded, kept apart from the kernel's losses.
 */
static char *cpustat_text(const struct sh_record *r, unsigned c, const char *stats)
{
	uint64_t pages, gone = sh_stream_discarded(r->stream, c, &pages);
	char *text;
	int n;

	if (r->live)
		n = asprintf(&text, "CPU: %u\n%sflight recorder discarded (older than the window, "
			     "by design): %" PRIu64 " events in %" PRIu64 " pages\n", c, stats,
			     gone, pages);
	else
		n = asprintf(&text, "CPU: %u\n%s", c, stats);
	return n < 0 ? NULL : text;
}

int sh_output_read_stats(struct sh_record *r)
{
	r->stats = calloc(r->ncpus, sizeof(*r->stats));
	if (!r->stats)
		return sh_error("out of memory");
	for (unsigned c = 0; c < r->ncpus; c++) {
		char name[64], *text;

		snprintf(name, sizeof(name), "per_cpu/cpu%u/stats", c);
		text = tracefs_instance_file_read(r->inst, name, NULL);
		if (!text)
			continue;
		r->stats[c].overrun = stat_value(text, "overrun:");
		r->stats[c].dropped = stat_value(text, "dropped events:");
		r->stats[c].text = cpustat_text(r, c, text);
		free(text);
	}
	return 0;
}

/* A whole file of unknown size (procfs, tracefs) into a blob; "" if absent. */
static struct sh_dat_blob slurp(const char *path, char **owned)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0, cap = 0;
	char *buf = NULL;
	ssize_t n = 1;

	while (fd >= 0 && n > 0) {
		if (len + 65536 > cap) {
			char *b = realloc(buf, cap = 2 * cap + 65536);

			if (!b)
				break;
			buf = b;
		}
		n = read(fd, buf + len, cap - len);
		if (n > 0)
			len += (size_t)n;
	}
	if (fd >= 0)
		close(fd);
	*owned = buf;
	return (struct sh_dat_blob){ buf ? buf : "", buf ? len : 0 };
}

static struct sh_dat_blob text(const char *s)
{
	return (struct sh_dat_blob){ s ? s : "", s ? strlen(s) : 0 };
}

/* Owned buffers behind the blobs of one sh_dat_input. */
struct gathered {
	char *hpage, *hevent, *kallsyms, *printk;
	char **ftrace_text;		/* NULL-terminated, compacted */
	struct sh_dat_blob *ftrace;
	struct sh_dat_format *events;
	struct sh_dat_blob *cpustats;
	const char **files;
	char uname[512];
};

static struct sh_dat_blob tracing_file(const char *name, char **owned)
{
	char *path = tracefs_get_tracing_file(name);
	struct sh_dat_blob b = slurp(path ? path : "", owned);

	tracefs_put_tracing_file(path);
	return b;
}

static int gather_ftrace(struct gathered *g, struct sh_dat_input *in)
{
	char **names = tracefs_system_events(NULL, "ftrace");
	unsigned n = 0;

	while (names && names[n])
		n++;
	g->ftrace_text = calloc(n + 1, sizeof(char *));
	g->ftrace = calloc(n + 1, sizeof(*g->ftrace));
	if (!g->ftrace_text || !g->ftrace) {
		tracefs_list_free(names);
		return sh_error("out of memory");
	}
	for (unsigned i = 0; i < n; i++) {
		char *f = tracefs_event_file_read(NULL, "ftrace", names[i], "format", NULL);

		if (f) {
			g->ftrace_text[in->n_ftrace] = f;
			g->ftrace[in->n_ftrace++] = text(f);
		}
	}
	tracefs_list_free(names);
	in->ftrace = g->ftrace;
	return 0;
}

static int gather_cpus(struct gathered *g, struct sh_dat_input *in, const struct sh_record *r)
{
	g->cpustats = calloc(r->ncpus, sizeof(*g->cpustats));
	g->files = calloc(r->ncpus, sizeof(*g->files));
	if (!g->cpustats || !g->files)
		return sh_error("out of memory");
	for (unsigned c = 0; c < r->ncpus; c++) {
		g->cpustats[c] = text(r->stats[c].text);
		g->files[c] = sh_stream_file(r->stream, c);
	}
	in->ncpus = r->ncpus;
	in->cpustats = g->cpustats;
	in->cpu_files = g->files;
	return 0;
}

static int gather(struct gathered *g, struct sh_dat_input *in, const struct sh_record *r)
{
	struct utsname u;

	in->page_size = (unsigned)getpagesize();
	in->header_page = tracing_file("events/header_page", &g->hpage);
	in->header_event = tracing_file("events/header_event", &g->hevent);
	in->kallsyms = slurp("/proc/kallsyms", &g->kallsyms);
	in->printk = tracing_file("printk_formats", &g->printk);
	in->cmdlines = text(r->cmdlines);
	in->trace_clock = text(r->trace_clock);
	if (uname(&u) == 0)
		snprintf(g->uname, sizeof(g->uname), "%s %s %s %s", u.sysname, u.nodename,
			 u.release, u.version);
	in->uname = text(g->uname);
	g->events = calloc(r->ev.n + 1, sizeof(*g->events));
	if (!g->events)
		return sh_error("out of memory");
	for (unsigned i = 0; i < r->ev.n; i++)
		g->events[i] = (struct sh_dat_format){ r->ev.v[i].system, text(r->ev.v[i].format) };
	in->events = g->events;
	in->n_events = r->ev.n;
	if (!in->header_page.len || !in->header_event.len)
		return sh_error("cannot read events/header_page of tracefs");
	if (gather_ftrace(g, in) < 0)
		return -1;
	return gather_cpus(g, in, r);
}

static void release_gathered(struct gathered *g)
{
	free(g->hpage);
	free(g->hevent);
	free(g->kallsyms);
	free(g->printk);
	for (unsigned i = 0; g->ftrace_text && g->ftrace_text[i]; i++)
		free(g->ftrace_text[i]);
	free(g->ftrace_text);
	free(g->ftrace);
	free(g->events);
	free(g->cpustats);
	free(g->files);
}

int sh_output_write(struct sh_record *r)
{
	struct gathered g = { 0 };
	struct sh_dat_input in = { 0 };
	int ret = gather(&g, &in, r);

	if (ret == 0)
		ret = sh_dat_write(r->o->output, &in);
	release_gathered(&g);
	return ret;
}
