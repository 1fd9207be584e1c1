/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recording session: setup, the record loop, and cleanup on every path. */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <tracefs.h>
#include <unistd.h>

#include "core/error.h"
#include "core/trace-info.h"
#include "record/check.h"
#include "record/live.h"
#include "record/output.h"
#include "record/record.h"
#include "record/stale.h"
#include "record/stream.h"

volatile sig_atomic_t sh_record_stop;

/* Wake up the poll loop often enough to notice a signal or the child. */
#define POLL_MS 100

static void on_signal(int sig)
{
	(void)sig;
	sh_record_stop = 1;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int sh_record_require_tracefs(void)
{
	const char *dir = tracefs_tracing_dir();

	if (!dir || access(dir, R_OK | W_OK | X_OK) < 0 || geteuid() != 0) {
		sh_error("recording needs root (CAP_SYS_ADMIN) and tracefs mounted at "
			 "/sys/kernel/tracing (%s)",
			 !dir ? "tracefs not found" : geteuid() ? "not root" : strerror(errno));
		return -1;
	}
	return 0;
}

static int create_instance(struct sh_record *r)
{
	const char *name = r->o->instance;

	if (strchr(name, '/') || !*name || name[0] == '.')
		return sh_error("bad instance name '%s'", name);
	if (!(r->marker = sh_record_marker_path(name)))
		return sh_error("out of memory");
	/* what dead recorders left (instances, uprobes, temporary files) goes first */
	if (sh_record_clean_stale() < 0)
		return -1;
	if (tracefs_instance_exists(name))
		return sh_error("tracefs instance '%s' already exists (used by another "
				"tracer?); choose another name with -B", name);
	r->inst = tracefs_instance_create(name);
	if (!r->inst)
		return sh_error("cannot create tracefs instance '%s': %s", name, strerror(errno));
	sh_record_marker_write(r->marker, r->up.n ? sh_uprobes_group(&r->up) : NULL,
			       r->kp.n ? SH_SYS_KPROBE : NULL, r->o->output);
	return 0;
}

static int configure_instance(struct sh_record *r)
{
	struct tracefs_instance *inst = r->inst;

	tracefs_trace_off(inst);
	if (tracefs_instance_file_write(inst, "trace_clock", r->o->clock) < 0)
		return sh_error("cannot set trace clock '%s' (see trace_clock for the choices)",
				r->o->clock);
	if (r->o->buffer_kb &&
	    tracefs_instance_set_buffer_size(inst, r->o->buffer_kb, -1) < 0)
		return sh_error("cannot set the buffer size to %lu KB per CPU", r->o->buffer_kb);
	/* wake the reader at a tenth full rather than half: fewer overruns */
	tracefs_instance_file_write(inst, "buffer_percent", "10");
	return 0;
}

static int select_events(struct sh_record *r)
{
	if (!r->o->no_default && sh_evlist_add_defaults(&r->ev) < 0)
		return -1;
	if (r->ev.wq_skipped)
		sh_info("drm_sched is not loaded (no drm_sched_run_job_work in /proc/kallsyms): "
			"workqueue events not recorded; add -e 'workqueue:*' to record them "
			"unfiltered");
	for (unsigned i = 0; i < r->o->nevents; i++)
		if (sh_evlist_add_spec(&r->ev, r->o->events[i]) < 0)
			return -1;
	for (unsigned i = 0; i < r->up.n; i++) {
		char spec[256];

		snprintf(spec, sizeof(spec), "%s:%s", sh_uprobes_group(&r->up), r->up.v[i].event);
		if (sh_evlist_add_spec(&r->ev, spec) < 0)
			return -1;
	}
	for (unsigned i = 0; i < r->kp.n; i++) {
		char spec[256];

		if (!r->kp.v[i].created)
			continue;
		snprintf(spec, sizeof(spec), "%s:%s", SH_SYS_KPROBE, r->kp.v[i].def->event);
		if (sh_evlist_add_spec(&r->ev, spec) < 0)
			return -1;
	}
	if (!r->ev.n)
		return sh_error("no event to record (this kernel offers none of the default "
				"set; name some with -e)");
	sh_record_say_reach(sh_evlist_schemas(&r->ev) |
			    (r->up.n ? SH_SCHEMA(SCHEDHANG_UPROBE) : 0));
	return sh_evlist_read_formats(&r->ev);
}

/* --stop-on-stall: a live analysis, and a window of the per-CPU buffer size. */
static int setup_live(struct sh_record *r)
{
	ssize_t kb = (ssize_t)r->o->buffer_kb;
	long page = sysconf(_SC_PAGESIZE);

	if (!kb)
		kb = tracefs_instance_get_buffer_size(r->inst, 0);
	if (kb <= 0)
		kb = 1408;	/* the kernel's default */
	r->live = sh_live_new(&r->ev, r->ncpus, r->o->clock, r->o->stall_ms * 1000000ULL);
	if (!r->live)
		return -1;
	return sh_stream_set_live(r->stream, r->live, (unsigned)((size_t)kb * 1024 / (size_t)page));
}

static void report_stall(struct sh_record *r)
{
	char what[512];

	r->stalled = true;
	sh_live_describe(r->live, what, sizeof(what));
	sh_info("stopped: %s", what);
}

static int setup(struct sh_record *r)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	r->ncpus = n > 0 ? (unsigned)n : 1;
	r->up.group = r->o->uprobe_group;
	for (unsigned i = 0; i < r->o->nbinaries; i++)
		if (sh_uprobes_scan(&r->up, r->o->binaries[i]) < 0)
			return -1;
	if (r->o->kprobes && sh_kprobes_scan(&r->kp) < 0)
		return -1;
	if (create_instance(r) < 0 || configure_instance(r) < 0)
		return -1;
	if (sh_uprobes_create(&r->up) < 0 || sh_kprobes_create(&r->kp) < 0 || select_events(r) < 0)
		return -1;
	if (sh_evlist_enable(&r->ev, r->inst) < 0)
		return -1;
	r->stream = sh_stream_new(r->inst, r->ncpus, r->o->output);
	if (!r->stream)
		return -1;
	return r->o->stall_ms ? setup_live(r) : 0;
}

/* Start -- COMMAND; an exec failure comes back through a close-on-exec pipe. */
static int start_child(struct sh_record *r)
{
	int p[2], err = 0;

	if (pipe2(p, O_CLOEXEC) < 0)
		return sh_error("cannot start '%s': %s", r->o->cmd[0], strerror(errno));
	r->child = fork();
	if (r->child == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(r->o->cmd[0], r->o->cmd);
		err = errno;
		(void)!write(p[1], &err, sizeof(err));
		_exit(127);
	}
	close(p[1]);
	if (r->child < 0 || read(p[0], &err, sizeof(err)) == sizeof(err)) {
		close(p[0]);
		return sh_error("cannot run '%s': %s", r->o->cmd[0],
				strerror(r->child < 0 ? errno : err));
	}
	close(p[0]);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool child_exited(struct sh_record *r)
{
	int status;

	if (r->child <= 0 || waitpid(r->child, &status, WNOHANG) != r->child)
		return false;
	r->child = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status))
		sh_info("'%s' exited with status %d", r->o->cmd[0], WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		sh_info("'%s' killed by signal %d", r->o->cmd[0], WTERMSIG(status));
	return true;
}

/* "gpu_scheduler, workqueue": the systems of the selected events, each once. */
static void list_systems(const struct sh_evlist *l, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < l->n && n < size; i++) {
		bool seen = false;

		for (unsigned j = 0; j < i && !seen; j++)
			seen = !strcmp(l->v[j].system, l->v[i].system);
		if (!seen)
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? ", " : "",
					      l->v[i].system);
	}
}

/* On a terminal, say what is recorded where, and how to stop. */
static void announce(const struct sh_record *r)
{
	char systems[256], until[160] = "";

	if (!isatty(STDERR_FILENO))
		return;
	list_systems(&r->ev, systems, sizeof(systems));
	if (r->o->cmd)
		snprintf(until, sizeof(until), " until '%s' exits", r->o->cmd[0]);
	else if (r->o->duration > 0)
		snprintf(until, sizeof(until), " for %g s", r->o->duration);
	sh_info("recording %u event%s (%s) into '%s'%s; Ctrl-C to stop", r->ev.n,
		r->ev.n == 1 ? "" : "s", systems, r->o->output, until);
}

static int record_loop(struct sh_record *r)
{
	double end = r->o->duration > 0 ? now() + r->o->duration : 0;

	if (tracefs_trace_on(r->inst) < 0)
		return sh_error("cannot turn tracing on in instance '%s'", r->o->instance);
	if (r->o->cmd && start_child(r) < 0)
		return -1;
	announce(r);
	while (!sh_record_stop) {
		int st = sh_stream_poll(r->stream, POLL_MS);

		if (st < 0)
			return -1;
		if (st > 0) {
			report_stall(r);
			break;
		}
		if ((r->o->cmd && child_exited(r)) || (end && now() >= end))
			break;
	}
	return 0;
}

static void stop_child(struct sh_record *r)
{
	if (r->child <= 0)
		return;
	kill(r->child, SIGTERM);
	waitpid(r->child, NULL, 0);
	r->child = 0;
}

/* Undo every side effect; safe on any partially set-up session. */
static void teardown(struct sh_record *r)
{
	stop_child(r);
	if (r->inst) {
		tracefs_trace_off(r->inst);
		tracefs_event_disable(r->inst, NULL, NULL);
	}
	sh_stream_close_readers(r->stream);
	sh_uprobes_destroy(&r->up);
	sh_kprobes_destroy(&r->kp);
	if (r->inst) {
		if (sh_record_instance_destroy(r->inst) < 0)
			sh_warning("cannot remove tracefs instance '%s': %s", r->o->instance,
				   strerror(errno));
		tracefs_instance_free(r->inst);
		r->inst = NULL;
		if (r->marker)
			unlink(r->marker);
	}
}

static void release(struct sh_record *r)
{
	sh_stream_free(r->stream);
	sh_live_free(r->live);
	sh_evlist_release(&r->ev);
	sh_uprobes_release(&r->up);
	sh_kprobes_release(&r->kp);
	for (unsigned c = 0; r->stats && c < r->ncpus; c++)
		free(r->stats[c].text);
	free(r->stats);
	free(r->cmdlines);
	free(r->trace_clock);
	free(r->marker);
}

static uint64_t discarded(const struct sh_record *r)
{
	uint64_t n = 0, pages;

	for (unsigned c = 0; c < r->ncpus; c++)
		n += sh_stream_discarded(r->stream, c, &pages);
	return n;
}

static void print_summary(const struct sh_record *r)
{
	char line[1024];
	uint64_t total = 0, lost = 0;
	int n;

	for (unsigned c = 0; c < r->ncpus; c++)
		total += sh_stream_events(r->stream, c);
	n = snprintf(line, sizeof(line), "recorded %llu events", (unsigned long long)total);
	for (unsigned c = 0; c < r->ncpus && n < (int)sizeof(line); c++) {
		uint64_t l = r->stats[c].overrun + r->stats[c].dropped;

		lost += l;
		if (l)
			n += snprintf(line + n, sizeof(line) - (size_t)n, ", lost %llu on CPU %u",
				      (unsigned long long)l, c);
	}
	if (!lost && n < (int)sizeof(line))
		n += snprintf(line + n, sizeof(line) - (size_t)n, ", lost 0");
	if (r->live && n < (int)sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n,
			 "; flight recorder kept the last window, discarded %llu older events "
			 "by design", (unsigned long long)discarded(r));
	sh_info("%s", line);
}

/* Stop tracing, drain, collect what the file needs, then remove everything. */
static int finish(struct sh_record *r)
{
	int ret = 0;

	stop_child(r);
	tracefs_trace_off(r->inst);
	if (sh_stream_finish(r->stream) < 0 || sh_output_read_stats(r) < 0)
		ret = -1;
	r->cmdlines = tracefs_instance_file_read(NULL, "saved_cmdlines", NULL);
	r->trace_clock = tracefs_instance_file_read(r->inst, "trace_clock", NULL);
	teardown(r);
	if (ret == 0)
		ret = sh_output_write(r);
	if (ret == 0)
		print_summary(r);
	return ret;
}

int sh_record_run(const struct sh_record_opts *o)
{
	struct sh_record r = { .o = o };
	int ret;

	if (sh_record_require_tracefs() < 0)
		return -1;
	install_signals();
	ret = setup(&r);
	if (ret == 0)
		ret = record_loop(&r);
	if (ret == 0)
		ret = finish(&r);
	else
		teardown(&r);
	release(&r);
	if (ret < 0)
		return -1;
	return r.stalled ? 1 : 0;
}
