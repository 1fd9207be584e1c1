/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CTF input through babeltrace2's library API.
 *
 * Folder mode (sh_source_open): every folder holding a 'metadata' file (the
 * input or below it, as `babeltrace2 DIR` discovers traces) becomes one
 * source.ctf.fs component; all feed a filter.utils.muxer whose output a simple
 * sink consumes one batch per bt_graph_run_once(), mapping the messages into
 * a small queue that sh_source_next() drains. So the reader stays pull-based.
 *
 * Feed mode (sh_source_ctf_new_feed): the babeltrace2 plugin hands over the
 * messages of its own graph one at a time; the same mapping (ctf-map.c)
 * maps them.
 *
 * Names, as the tools write them (all looked up through schema.c):
 * - LTTng-UST, our provider: "schedhang:schedhang_push" (provider:event);
 *   plain "schedhang_push" also maps.
 * - LTTng-modules: bare kernel names ("sched_switch", "workqueue_execute_start";
 *   lttng-modules instrumentation/events/{sched,workqueue}.h), with "tid" for
 *   the kernel's "pid" fields (the SH_SCHEMA_LTTNG_SYSTEM entries); per-CPU
 *   streams with packet context "cpu_id"; pid/comm from the "tid"/"vtid"/"pid"
 *   and "procname" contexts when the session added them.
 * - perf data convert --to-ctf (tools/perf/util/data-convert-bt.c): the evsel
 *   name "sched:sched_switch" as the event name, the tracepoint's common_* and
 *   own fields in the payload (keywords prefixed with '_'), "perf_tid" and
 *   "perf_pid" payload fields, packet context "cpu_id", env tracer_name=perf.
 */
#define _GNU_SOURCE
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/error.h"
#include "read/ctf-map.h"
#include "read/source-ctf.h"
#include "read/source-impl.h"

#define CTF_MAX_DEPTH 6
/*
 * Exit status of the probe child (reads_safely()) when babeltrace2 read the
 * whole trace or failed cleanly. Distinctive, so that a child killed by a
 * sanitizer or a fuzzer's crash handler (which exit 1 or similar) is told
 * apart from a clean end.
 */
#define PROBE_DONE 86
/*
 * babeltrace2 can also loop forever on a corrupt trace (growing its memory
 * by ~10 MB/s; found by fuzz-ctf): the probe is killed when the graph setup
 * takes longer than SETUP_MS plus SETUP_MS_PER_100MB per 100 MB of files in
 * the trace folders, or when no batch of messages comes for STALL_MS after
 * it. The setup indexes every packet (about 0.7 s per 100 MB here: the
 * margin is 4x); a batch takes milliseconds. The child says it is alive
 * every BEAT_MS.
 */
#define SETUP_MS 10000
#define SETUP_MS_PER_100MB 3000
#define STALL_MS 10000
#define BEAT_MS 500

struct ctf {
	struct sh_ctf_map map;		/* the message mapping, both modes */
	const bt_message *pending;	/* feed mode: borrowed from the feeder */
	/* folder mode */
	char **dirs;			/* owned; trace folders */
	size_t ndirs;
	const bt_plugin *ctf_plugin;	/* owned reference */
	const bt_plugin *utils_plugin;	/* owned reference */
	bt_graph *graph;		/* owned reference */
	struct sh_event *queue;		/* owned; mapped events not yet delivered */
	size_t qhead, qlen, qcap;
	bool ended, failed;
	/* in the probe child */
	int beat_fd;			/* the pipe to the parent */
	struct timespec last_beat;
};

static struct ctf *ctf_new(struct sh_source *src)
{
	struct ctf *ctf = calloc(1, sizeof(*ctf));

	if (!ctf)
		return sh_error("cannot read '%s': out of memory", src->info.path), NULL;
	sh_ctf_map_init(&ctf->map);
	snprintf(src->info.format, sizeof(src->info.format), "CTF");
	src->priv = ctf;
	return ctf;
}

static void ctf_close(struct sh_source *src)
{
	struct ctf *ctf = src->priv;

	if (ctf->graph)
		bt_graph_put_ref(ctf->graph);
	bt_plugin_put_ref(ctf->ctf_plugin);
	bt_plugin_put_ref(ctf->utils_plugin);
	sh_ctf_map_release(&ctf->map);
	for (size_t i = 0; i < ctf->ndirs; i++)
		free(ctf->dirs[i]);
	free(ctf->dirs);
	free(ctf->queue);
	free(ctf);
	src->priv = NULL;
}

/* ---- feed mode (the plugin) ---- */

static int feed_next(struct sh_source *src, struct sh_event *ev)
{
	struct ctf *ctf = src->priv;
	const bt_message *msg = ctf->pending;

	if (!msg)
		return 0;
	ctf->pending = NULL;
	return sh_ctf_map_message(&ctf->map, src, msg, ev);
}

static int feed_open(struct sh_source *src)
{
	return ctf_new(src) ? 0 : -1;
}

static const struct sh_source_ops feed_ops = {
	.name = "CTF",
	.format = SH_INPUT_CTF,
	.want_dir = true,
	.open = feed_open,
	.next = feed_next,
	.close = ctf_close,
};

struct sh_source *sh_source_ctf_new_feed(const char *name)
{
	struct sh_source *src = sh_source_new(&feed_ops, name);

	if (src && feed_open(src) < 0) {
		sh_source_free(src);
		return NULL;
	}
	if (src)
		snprintf(src->info.format, sizeof(src->info.format), "babeltrace2 graph");
	return src;
}

void sh_source_ctf_feed(struct sh_source *src, const bt_message *msg)
{
	((struct ctf *)src->priv)->pending = msg;
}

/* ---- folder mode ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_dir(struct ctf *ctf, const char *dir)
{
	char **d = realloc(ctf->dirs, (ctf->ndirs + 1) * sizeof(*d));

	if (!d)
		return -1;
	ctf->dirs = d;
	if (!(d[ctf->ndirs] = strdup(dir)))
		return -1;
	ctf->ndirs++;
	return 0;
}

/* Every folder at or below @dir with a 'metadata' file (not looking inside those). */
static int find_traces(struct ctf *ctf, const char *dir, int depth)
{
	struct stat st;
	struct dirent *de;
	char *sub;
	DIR *d;
	int r = 0;

	if (asprintf(&sub, "%s/metadata", dir) < 0)
		return -1;
	if (stat(sub, &st) == 0 && S_ISREG(st.st_mode)) {
		free(sub);
		return add_dir(ctf, dir);
	}
	free(sub);
	if (depth >= CTF_MAX_DEPTH || !(d = opendir(dir)))
		return 0;
	while (r == 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&sub, "%s/%s", dir, de->d_name) < 0) {
			r = -1;
			break;
		}
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			r = find_traces(ctf, sub, depth + 1);
		free(sub);
	}
	closedir(d);
	return r;
}

/* Report a babeltrace2 failure in one line: @what, then its root cause in our style. */
static int bt_fail(struct sh_source *src, const char *what)
{
	const bt_error *err = bt_current_thread_take_error();
	const char *cause = NULL;
	char first = 0;
	int len = 0;

	if (err && bt_error_get_cause_count(err) > 0)
		cause = bt_error_cause_get_message(bt_error_borrow_cause_by_index(err, 0));
	if (cause && *cause) {
		len = (int)strcspn(cause, "\n");
		if (len > 1 && cause[len - 1] == '.')
			len--;
		first = (char)(cause[0] >= 'A' && cause[0] <= 'Z' ? cause[0] - 'A' + 'a' : cause[0]);
	}
	if (len > 0)
		sh_error("cannot read '%s': %s: %c%.*s", src->info.path, what, first, len - 1,
			 cause + 1);
	else
		sh_error("cannot read '%s': %s", src->info.path, what);
	if (err)
		bt_error_release(err);
	return -1;
}

static int push_event(struct ctf *ctf, const struct sh_event *ev)
{
	if (ctf->qhead == ctf->qlen)
		ctf->qhead = ctf->qlen = 0;
	if (ctf->qlen == ctf->qcap) {
		size_t n = ctf->qcap ? ctf->qcap * 2 : 64;
		struct sh_event *q = realloc(ctf->queue, n * sizeof(*q));

		if (!q)
			return -1;
		ctf->queue = q;
		ctf->qcap = n;
	}
	ctf->queue[ctf->qlen++] = *ev;
	return 0;
}

/* The simple sink: map one batch of messages into the queue. */
static bt_graph_simple_sink_component_consume_func_status consume(bt_message_iterator *it,
								    void *data)
{
	struct sh_source *src = data;
	struct ctf *ctf = src->priv;
	bt_message_array_const msgs;
	uint64_t n;
	int r = 0;

	switch (bt_message_iterator_next(it, &msgs, &n)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		break;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_END;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_AGAIN;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_MEMORY_ERROR:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_MEMORY_ERROR;
	default:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_ERROR;
	}
	for (uint64_t i = 0; i < n; i++) {
		struct sh_event ev;

		if (r == 0 && (r = sh_ctf_map_message(&ctf->map, src, msgs[i], &ev)) > 0)
			r = push_event(ctf, &ev) < 0 ?
				sh_error("cannot read '%s': out of memory", src->info.path) : 0;
		bt_message_put_ref(msgs[i]);
	}
	if (r < 0) {
		ctf->failed = true;	/* reported already */
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_ERROR;
	}
	return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_OK;
}

static int find_plugins(struct sh_source *src, struct ctf *ctf)
{
	if (bt_plugin_find("ctf", BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_FALSE, &ctf->ctf_plugin) !=
		    BT_PLUGIN_FIND_STATUS_OK ||
	    bt_plugin_find("utils", BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_FALSE,
			   &ctf->utils_plugin) != BT_PLUGIN_FIND_STATUS_OK)
		return bt_fail(src, "babeltrace2's 'ctf' and 'utils' plugins are not installed");
	return 0;
}

/* source.ctf.fs per trace folder, all into one muxer. */
static int add_sources(struct sh_source *src, struct ctf *ctf, const bt_component_filter *mux)
{
	const bt_component_class_source *fs =
		bt_plugin_borrow_source_component_class_by_name_const(ctf->ctf_plugin, "fs");

	if (!fs)
		return sh_error("cannot read '%s': babeltrace2 has no source.ctf.fs", src->info.path);
	for (size_t i = 0; i < ctf->ndirs; i++) {
		const bt_component_source *comp;
		bt_value *params = bt_value_map_create(), *inputs = NULL;
		char name[32];
		int r = -1;

		snprintf(name, sizeof(name), "src%zu", i);
		if (params && bt_value_map_insert_empty_array_entry(params, "inputs", &inputs) == 0 &&
		    bt_value_array_append_string_element(inputs, ctf->dirs[i]) == 0)
			r = bt_graph_add_source_component(ctf->graph, fs, name, params,
							  BT_LOGGING_LEVEL_NONE, &comp) ==
			    BT_GRAPH_ADD_COMPONENT_STATUS_OK ? 0 : -2;
		bt_value_put_ref(params);
		if (r == -2)
			return bt_fail(src, "not a readable CTF trace");
		if (r < 0)
			return sh_error("cannot read '%s': out of memory", src->info.path);
		for (uint64_t p = 0; p < bt_component_source_get_output_port_count(comp); p++) {
			uint64_t in = bt_component_filter_get_input_port_count(mux) - 1;

			if (bt_graph_connect_ports(ctf->graph,
					bt_component_source_borrow_output_port_by_index_const(comp, p),
					bt_component_filter_borrow_input_port_by_index_const(mux, in),
					NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK)
				return bt_fail(src, "cannot connect its streams");
		}
	}
	return 0;
}

static int build_graph(struct sh_source *src, struct ctf *ctf,
		       bt_graph_simple_sink_component_consume_func sink_consume)
{
	const bt_component_class_filter *muxer =
		bt_plugin_borrow_filter_component_class_by_name_const(ctf->utils_plugin, "muxer");
	const bt_component_filter *mux;
	const bt_component_sink *sink;

	if (!muxer)
		return sh_error("cannot read '%s': babeltrace2 has no filter.utils.muxer",
				src->info.path);
	ctf->graph = bt_graph_create(0);
	if (!ctf->graph)
		return bt_fail(src, "cannot create a babeltrace2 graph");
	if (bt_graph_add_filter_component(ctf->graph, muxer, "mux", NULL, BT_LOGGING_LEVEL_NONE,
					  &mux) != BT_GRAPH_ADD_COMPONENT_STATUS_OK ||
	    bt_graph_add_simple_sink_component(ctf->graph, "schedhang", NULL, sink_consume, NULL,
					       src, &sink) != BT_GRAPH_ADD_COMPONENT_STATUS_OK)
		return bt_fail(src, "cannot set up the babeltrace2 graph");
	if (add_sources(src, ctf, mux) < 0)
		return -1;
	if (bt_graph_connect_ports(ctf->graph,
				   bt_component_filter_borrow_output_port_by_index_const(mux, 0),
				   bt_component_sink_borrow_input_port_by_index_const(sink, 0),
				   NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK)
		return bt_fail(src, "cannot connect the muxer");
	return 0;
}

/*
 * Did babeltrace2 leave an error on the thread? Its CTF message iterator can
 * (2.0.4, found by fuzz-ctf) while the graph reports success, and running
 * the graph again with an error pending violates a precondition: abort.
 * The error stays on the thread for bt_fail().
 */
static bool error_pending(void)
{
	const bt_error *err = bt_current_thread_take_error();

	if (!err)
		return false;
	bt_current_thread_move_error(err);
	return true;
}

/* The probe's sink: drop every message (only babeltrace2 runs in the probe). */
static long ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

static bt_graph_simple_sink_component_consume_func_status probe_consume(bt_message_iterator *it,
									  void *data)
{
	struct ctf *ctf = ((struct sh_source *)data)->priv;
	bt_message_array_const msgs;
	uint64_t n;

	switch (bt_message_iterator_next(it, &msgs, &n)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		for (uint64_t i = 0; i < n; i++)
			bt_message_put_ref(msgs[i]);
		if (ms_since(&ctf->last_beat) >= BEAT_MS) {
			clock_gettime(CLOCK_MONOTONIC, &ctf->last_beat);
			if (write(ctf->beat_fd, "b", 1) != 1)
				return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_ERROR;
		}
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_OK;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_END;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_AGAIN;
	default:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_ERROR;
	}
}

/*
 * In the probe child: read the whole trace with babeltrace2 alone, then
 * exit. 'm' on @fd once the graph is set up (source.ctf.fs has parsed the
 * metadata and indexed the packets of every stream file by then), then 'b'
 * every BEAT_MS while messages come.
 */
static void probe(struct sh_source *src, struct ctf *ctf, int fd, pid_t parent)
{
	static const int deadly[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	int null = open("/dev/null", O_WRONLY);

	/* never outlive the parent (killed, or a fuzzer's timeout): babeltrace2 may loop */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(PROBE_DONE);

	/*
	 * Die plainly: a crash here is babeltrace2's, reported by the parent;
	 * a sanitizer's or fuzzer's handler would report it as a crash of ours.
	 */
	for (size_t i = 0; i < sizeof(deadly) / sizeof(deadly[0]); i++)
		signal(deadly[i], SIG_DFL);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
	}
	ctf->beat_fd = fd;
	clock_gettime(CLOCK_MONOTONIC, &ctf->last_beat);
	if (build_graph(src, ctf, probe_consume) == 0 && write(fd, "m", 1) == 1)
		while (bt_graph_run(ctf->graph) == BT_GRAPH_RUN_STATUS_AGAIN && !error_pending())
			;
	_exit(PROBE_DONE);
}

/* How long the probe may take to set up the graph for the trace folders of @ctf. */
static int setup_ms(const struct ctf *ctf)
{
	uint64_t bytes = 0;

	for (size_t i = 0; i < ctf->ndirs; i++) {
		DIR *d = opendir(ctf->dirs[i]);
		struct dirent *de;
		struct stat st;

		while (d && (de = readdir(d)))
			if (fstatat(dirfd(d), de->d_name, &st, 0) == 0 && S_ISREG(st.st_mode))
				bytes += (uint64_t)st.st_size;
		if (d)
			closedir(d);
	}
	bytes /= 100u << 20;
	return bytes > (INT_MAX - SETUP_MS) / SETUP_MS_PER_100MB ? INT_MAX :
	       SETUP_MS + (int)bytes * SETUP_MS_PER_100MB;
}

/*
 * Follow the probe's messages on @fd until it exits (end of file): true if it
 * hung (no setup within SETUP_MS, or no beat for STALL_MS). *@setup: the
 * graph setup is done.
 */
static bool watch(int fd, int setup_ms, bool *setup)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[64];

	for (;;) {
		int r = poll(&p, 1, *setup ? STALL_MS : setup_ms);
		ssize_t n;

		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return true;
		if (r < 0)
			return false;		/* cannot tell */
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;		/* exited (or cannot tell) */
		if (memchr(buf, 'm', (size_t)n))
			*setup = true;
	}
}

/*
 * Does babeltrace2 survive reading the trace? babeltrace2 2.0.4 can abort or
 * crash on some invalid metadata and stream data, and a trace analyzer must
 * not die of a bug-report attachment: a forked child reads the whole trace
 * first (metadata, graph setup and every stream, without mapping), and only
 * if it comes back does this process read it; errors the child meets
 * cleanly are reported by the real read. Costs a second babeltrace2 pass
 * (see tests/fuzz/README); the dat reader does the same for its headers.
 * 0 = safe (or cannot tell), -1 = reported.
 */
static int reads_safely(struct sh_source *src, struct ctf *ctf)
{
	int status = 0, fds[2], limit = setup_ms(ctf);
	bool phase = false, hung = false;
	pid_t self, pid, w = -1;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return 0;		/* cannot tell: let the real read try */
	fflush(NULL);
	self = getpid();
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		probe(src, ctf, fds[1], self);
	}
	close(fds[1]);
	if (pid > 0) {
		hung = watch(fds[0], limit, &phase);
		if (hung)
			kill(pid, SIGKILL);
		while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
			;
	}
	close(fds[0]);
	if (hung)
		return sh_error("cannot read '%s': corrupt CTF %s (babeltrace2 hung %s it)",
				src->info.path, phase ? "stream data" : "trace",
				phase ? "decoding" : "opening");
	if (w < 0 || (WIFEXITED(status) && WEXITSTATUS(status) == PROBE_DONE))
		return 0;
	if (!phase)
		return sh_error("cannot read '%s': corrupt CTF trace (babeltrace2 crashed opening it)",
				src->info.path);
	return sh_error("cannot read '%s': corrupt CTF stream data (babeltrace2 crashed decoding it)",
			src->info.path);
}

static int ctf_open(struct sh_source *src)
{
	struct ctf *ctf = ctf_new(src);

	if (!ctf)
		return -1;
	bt_current_thread_clear_error();
	if (find_traces(ctf, src->info.path, 0) < 0)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	if (ctf->ndirs == 0)
		return sh_error("cannot read '%s': a directory without a CTF 'metadata' file",
				src->info.path);
	qsort(ctf->dirs, ctf->ndirs, sizeof(*ctf->dirs), cmp_str);
	/* buffers: the trace folders relative to the input ("" = the input itself) */
	for (size_t i = 0; i < ctf->ndirs; i++) {
		const char *rel = ctf->dirs[i] + strlen(src->info.path);

		if (sh_source_add_buffer(src, *rel == '/' ? rel + 1 : rel) < 0)
			return -1;
	}
	if (find_plugins(src, ctf) < 0)
		return -1;
	if (reads_safely(src, ctf) < 0)
		return -1;
	return build_graph(src, ctf, consume);
}

static int ctf_next(struct sh_source *src, struct sh_event *ev)
{
	struct ctf *ctf = src->priv;

	while (ctf->qhead == ctf->qlen && !ctf->ended) {
		switch (bt_graph_run_once(ctf->graph)) {
		case BT_GRAPH_RUN_ONCE_STATUS_OK:
		case BT_GRAPH_RUN_ONCE_STATUS_AGAIN:
			if (error_pending()) {	/* reported as the failure it is */
				ctf->ended = true;
				return bt_fail(src, "cannot decode the CTF data");
			}
			break;
		case BT_GRAPH_RUN_ONCE_STATUS_END:
			ctf->ended = true;
			break;
		default:
			ctf->ended = true;
			if (ctf->failed) {
				bt_current_thread_clear_error();
				return -1;
			}
			return bt_fail(src, "cannot decode the CTF data");
		}
	}
	if (ctf->qhead == ctf->qlen)
		return 0;
	*ev = ctf->queue[ctf->qhead++];
	return 1;
}

const struct sh_source_ops sh_source_ctf_ops = {
	.name = "CTF",
	.format = SH_INPUT_CTF,
	.want_dir = true,
	.open = ctf_open,
	.next = ctf_next,
	.close = ctf_close,
};
