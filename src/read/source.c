/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening an input: format detection by content, the ops table chosen once,
 * and the accounting every format shares (indices, per-type counts, time
 * span, unordered timestamps, lost events per CPU).
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "core/error.h"
#include "read/ahead.h"
#include "read/input.h"
#include "read/source-impl.h"

#define SNIFF_SIZE 4096
/*
 * Highest CPU number believed; events on higher CPUs get CPU -1 (unknown).
 * The model's per-CPU tables grow to the highest CPU seen, so one corrupt
 * "CPU:2147483647" would cost 16 GB; Linux allows 8192.
 */
#define MAX_CPU ((1 << 20) - 1)

/* Events read (or decoded) at a time in the caller's thread (14 KB: they stay in the cache) */
#define OWN_BATCH 128
/* Events the read-ahead thread decodes before it streams them to its batch */
#define STAGE_EVENTS 32

static const struct sh_source_ops *const all_ops[] = {
	&sh_source_dat_ops,
	&sh_source_ctf_ops,
	&sh_source_text_ops,
};

int sh_input_format_parse(const char *name, enum sh_input_format *out)
{
	static const struct { const char *name; enum sh_input_format f; } fmts[] = {
		{ "dat", SH_INPUT_DAT }, { "text", SH_INPUT_TEXT }, { "ctf", SH_INPUT_CTF },
	};

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		if (strcmp(name, fmts[i].name) == 0) {
			*out = fmts[i].f;
			return 0;
		}
	}
	return -1;
}

/*
 * Is @path tracefs's trace_pipe or a CPU's trace_pipe_raw? Both are regular
 * files of size 0 whose reads block until events come and consume them:
 * format detection would wait forever (or eat live events).
 */
static bool live_pipe(const char *path)
{
	const char *base = strrchr(path, '/');
	struct statfs fs;

	base = base ? base + 1 : path;
	return strncmp(base, "trace_pipe", 10) == 0 && statfs(path, &fs) == 0 &&
	       (fs.f_type == TRACEFS_MAGIC || fs.f_type == DEBUGFS_MAGIC);
}

static const struct sh_source_ops *ops_for(enum sh_input_format fmt)
{
	for (size_t i = 0; i < sizeof(all_ops) / sizeof(all_ops[0]); i++)
		if (all_ops[i]->format == fmt)
			return all_ops[i];
	return NULL;
}

/*
 * A text input read as a stream (standard input, or a compressed file whose
 * fd is @fd): its reader by content, the stream in *@input. NULL = reported.
 */
static const struct sh_source_ops *detect_stream(const char *path, int fd, enum sh_input_format fmt,
						 FILE **input, enum sh_input_codec *codec)
{
	const struct sh_source_ops *text = ops_for(SH_INPUT_TEXT), *dat = ops_for(SH_INPUT_DAT);
	const char *name = strcmp(path, "-") ? path : "standard input";
	const unsigned char *head;
	size_t n;

	*input = sh_input_open(path, fd, SNIFF_SIZE, &head, &n, codec);
	if (!*input)
		return NULL;
	if (fmt == SH_INPUT_DAT || (fmt == SH_INPUT_AUTO && dat->sniff(head, n)))
		return sh_error("cannot read '%s': a trace.dat must be a seekable, uncompressed file "
				"(%s)", name, *codec != SH_CODEC_PLAIN ? "decompress it first" :
				"give its path instead of a pipe"), NULL;
	if (fmt == SH_INPUT_CTF)
		return sh_error("cannot read '%s': a CTF trace is a directory", name), NULL;
	if (!n)
		return sh_error("cannot read '%s': empty input", name), NULL;
	if (fmt == SH_INPUT_TEXT || text->sniff(head, n))
		return text;
	return sh_error("cannot read '%s': not an ftrace or trace-cmd text trace (%s)", name,
			sh_input_codec_name(*codec)), NULL;
}

/* Pick the reader of @path: by @fmt, or by content. NULL = reported. */
static const struct sh_source_ops *detect(const char *path, enum sh_input_format fmt,
					  FILE **input, enum sh_input_codec *codec)
{
	const struct sh_source_ops *ops;
	unsigned char buf[SNIFF_SIZE];
	struct stat st;
	ssize_t n;
	int fd;

	if (strcmp(path, "-") == 0)
		return detect_stream(path, STDIN_FILENO, fmt, input, codec);
	if (stat(path, &st) < 0)
		return sh_error("cannot read '%s': %s", path, strerror(errno)), NULL;
	if (S_ISDIR(st.st_mode)) {
		if (fmt != SH_INPUT_AUTO && fmt != SH_INPUT_CTF)
			return sh_error("cannot read '%s': is a directory", path), NULL;
		return ops_for(SH_INPUT_CTF);	/* its reader looks for the traces in it */
	}
	if (fmt == SH_INPUT_CTF)
		return sh_error("cannot read '%s': a CTF trace is a directory", path), NULL;
	if (fmt != SH_INPUT_AUTO)	/* forced (pipes too): the reader says what is wrong */
		return ops_for(fmt);
	if (!S_ISREG(st.st_mode))
		return sh_error("cannot read '%s': not a regular file (use --input-format)", path), NULL;
	if (live_pipe(path))
		return sh_error("cannot read '%s': a live tracefs pipe, which never ends (record a "
				"trace with 'schedhang record', or read it with --input-format text)",
				path), NULL;
	/* non-blocking: a file of a pseudo file system may have nothing to read yet */
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return sh_error("cannot read '%s': %s", path, strerror(errno)), NULL;
	n = read(fd, buf, sizeof(buf));
	if (n > 0 && sh_input_codec_of(buf, (size_t)n) != SH_CODEC_PLAIN &&
	    lseek(fd, 0, SEEK_SET) == 0) {
		ops = detect_stream(path, fd, fmt, input, codec);
		if (!*input)
			close(fd);
		return ops;
	}
	close(fd);
	if (n < 0 && errno == EAGAIN)
		return sh_error("cannot read '%s': nothing to read yet (a pipe-like file? use "
				"--input-format)", path), NULL;
	if (n < 0)
		return sh_error("cannot read '%s': %s", path, strerror(errno)), NULL;
	if (n == 0)
		return sh_error("cannot read '%s': empty file", path), NULL;
	for (size_t i = 0; i < sizeof(all_ops) / sizeof(all_ops[0]); i++)
		if (!all_ops[i]->want_dir && all_ops[i]->sniff && all_ops[i]->sniff(buf, (size_t)n))
			return all_ops[i];
	return sh_error("cannot read '%s': not a trace.dat, ftrace text or CTF trace", path), NULL;
}

struct sh_source *sh_source_new(const struct sh_source_ops *ops, const char *path)
{
	struct sh_source *src = calloc(1, sizeof(*src));

	if (!src)
		return sh_error("cannot read '%s': out of memory", path), NULL;
	src->ops = ops;
	src->info.path = path;
	src->batch_end = 1;
	sh_hmap_init(&src->lost_index);
	src->strings = sh_strpool_new();
	src->warned = calloc(sh_schema_count(), 1);
	if (!src->strings || !src->warned) {
		sh_error("cannot read '%s': out of memory", path);
		sh_source_free(src);
		return NULL;
	}
	return src;
}

struct sh_source *sh_source_open(const char *path, enum sh_input_format fmt)
{
	FILE *input = NULL;
	enum sh_input_codec codec = SH_CODEC_PLAIN;
	const struct sh_source_ops *ops = detect(path, fmt, &input, &codec);
	struct sh_source *src;

	if (!ops || !(src = sh_source_new(ops, path))) {
		if (input)
			fclose(input);
		return NULL;
	}
	src->input = input;
	src->input_codec = codec;
	src->input_kind = !input ? NULL : codec != SH_CODEC_PLAIN ? sh_input_codec_name(codec) :
			  "standard input";
	if (ops->open(src) < 0) {
		sh_source_free(src);
		return NULL;
	}
	return src;
}

/* Key of CPU @cpu (-1 included) in src->lost_index. */
static uint64_t cpu_key(int cpu)
{
	return (uint64_t)(int64_t)cpu;
}

/* The entry of @cpu in info.lost_cpus, added (unsorted) when new; NULL = out of memory. */
static struct sh_lost_cpu *lost_entry(struct sh_source *src, int cpu)
{
	struct sh_trace_info *in = &src->info;
	uintptr_t i = (uintptr_t)sh_hmap_get(&src->lost_index, cpu_key(cpu));
	struct sh_lost_cpu *p;

	if (i)
		return &in->lost_cpus[i - 1];
	if (in->nlost_cpus == src->lost_cap) {
		size_t n = src->lost_cap ? src->lost_cap * 2 : 8;

		p = realloc(in->lost_cpus, n * sizeof(*p));
		if (!p)
			return NULL;
		in->lost_cpus = p;
		src->lost_cap = n;
	}
	p = in->lost_cpus;
	if (sh_hmap_put(&src->lost_index, cpu_key(cpu), (void *)(uintptr_t)(in->nlost_cpus + 1)) < 0)
		return NULL;
	if (src->lost_sorted == in->nlost_cpus && (!in->nlost_cpus || p[in->nlost_cpus - 1].cpu < cpu))
		src->lost_sorted++;	/* still in order */
	p += in->nlost_cpus++;
	*p = (struct sh_lost_cpu){ .cpu = cpu };
	return p;
}

static int count_lost(struct sh_source *src, const struct sh_event *ev)
{
	struct sh_trace_info *in = &src->info;
	struct sh_lost_cpu *l = lost_entry(src, ev->cpu < 0 ? -1 : ev->cpu);

	if (!l)
		return sh_error("cannot read '%s': out of memory", in->path);
	in->lost_markers++;
	l->markers++;
	l->lost += ev->lost.count;
	if (ev->lost.count == 0) {
		in->lost_unknown++;
		l->unknown++;
	}
	return 0;
}

static int cmp_lost_cpu(const void *a, const void *b)
{
	const struct sh_lost_cpu *x = a, *y = b;

	return (x->cpu > y->cpu) - (x->cpu < y->cpu);
}

/* Move entry @i of @a into place in the sorted a[0..i). */
static void insert_sorted(struct sh_lost_cpu *a, size_t i)
{
	struct sh_lost_cpu e = a[i];
	size_t lo = 0, hi = i;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid].cpu < e.cpu)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(a + lo + 1, a + lo, (i - lo) * sizeof(*a));
	a[lo] = e;
}

/*
 * Put info.lost_cpus in CPU order, when input ends (in feed mode: after each
 * message). Not on every new CPU: a sorted insert each would be quadratic on
 * a hostile text trace naming many CPUs. A few new entries are inserted,
 * many are sorted.
 */
static int sort_lost(struct sh_source *src)
{
	struct sh_trace_info *in = &src->info;
	size_t n = in->nlost_cpus;

	if (src->lost_sorted == n)
		return 0;
	if ((n - src->lost_sorted) * 8 < n)
		for (size_t i = src->lost_sorted; i < n; i++)
			insert_sorted(in->lost_cpus, i);
	else
		qsort(in->lost_cpus, n, sizeof(*in->lost_cpus), cmp_lost_cpu);
	src->lost_sorted = n;
	for (size_t i = 0; i < in->nlost_cpus; i++)
		if (sh_hmap_put(&src->lost_index, cpu_key(in->lost_cpus[i].cpu),
				(void *)(uintptr_t)(i + 1)) < 0)
			return sh_error("cannot read '%s': out of memory", in->path);
	return 0;
}

/* A reader without read(): its next() for each event. */
static int next_each(struct sh_source *src, struct sh_event *ev, size_t max, size_t *n)
{
	int r = 1;

	for (*n = 0; *n < max && (r = src->ops->next(src, &ev[*n])) > 0; ++*n)
		;
	return *n < max ? r : 1;
}

/* The accounting of the @*n events read at @ev; 0, or -1 (reported; *@n cut there). */
static int deliver_all(struct sh_source *src, struct sh_event *ev, size_t *n)
{
	for (size_t i = 0; i < *n; i++) {
		if (sh_source_deliver(src, &ev[i]) < 0) {
			*n = i;
			return -1;
		}
	}
	return 0;
}

int sh_source_fill(struct sh_source *src, struct sh_event *ev, size_t max, size_t *n)
{
	int r = src->ops->read ? src->ops->read(src, ev, max, n) : next_each(src, ev, max, n);

	if (deliver_all(src, ev, n) < 0 || (r == 0 && sort_lost(src) < 0))
		return -1;
	return r;
}

int sh_source_deliver(struct sh_source *src, struct sh_event *ev)
{
	struct sh_trace_info *in = &src->info;

	ev->idx = in->nevents++;
	in->per_type[ev->type]++;
	if (ev->cpu > MAX_CPU) {
		if (!src->warned_cpu)
			sh_warning("'%s': CPU numbers above %d are taken as unknown (first: %d)",
				   in->path, MAX_CPU, ev->cpu);
		src->warned_cpu = true;
		ev->cpu = -1;		/* corrupt: unknown CPU */
	}
	if (ev->idx == 0)
		in->first_ts = ev->ts;
	else if (ev->ts < src->prev_ts)
		in->unordered++;
	src->prev_ts = ev->ts;
	if (ev->ts > in->last_ts)
		in->last_ts = ev->ts;
	if (ev->type == SH_EV_LOST && count_lost(src, ev) < 0)
		return -1;
	return 1;
}

/* Hand out events from src->own, the batch read or decoded in this thread. 0 or -1 (reported). */
static int use_own(struct sh_source *src)
{
	if (!src->own && !(src->own = malloc(OWN_BATCH * sizeof(*src->own))))
		return sh_error("cannot read '%s': out of memory", src->info.path);
	src->batch = src->own;
	return 0;
}

/*
 * Events decoded here into src->own from the raw records of the batch at
 * hand (src->raw); what follows them, as sh_source_fill().
 */
static int decode_raw(struct sh_source *src)
{
	size_t n = src->ops->decode(src, src->raw, src->raw_len, &src->raw_pos, src->own, OWN_BATCH);

	src->nbatch = n;
	if (deliver_all(src, src->own, &src->nbatch) < 0)
		return -1;
	if (src->raw_pos < src->raw_len)
		return 1;
	sh_ahead_say(src->ahead);	/* the reader's messages after the decoder's */
	if (src->raw_end == 0 && sort_lost(src) < 0)
		return -1;
	return src->raw_end;
}

/* The read-ahead thread's next batch: its events, or its raw records decoded here. */
static int take_batch(struct sh_source *src)
{
	const void *data;
	bool raw;
	int end;
	size_t len;

	if (src->raw_pos < src->raw_len)
		return decode_raw(src);
	len = sh_ahead_take(src->ahead, &data, &end, &raw);
	if (!raw) {
		src->batch = data;
		src->nbatch = len / sizeof(*src->batch);
		sh_ahead_say(src->ahead);
		return end;
	}
	src->raw = data;
	src->raw_len = len;
	src->raw_pos = 0;
	src->raw_end = end;
	return use_own(src) < 0 ? -1 : decode_raw(src);
}

/* A batch into src->batch and src->nbatch (maybe none); what follows it. */
static int read_batch(struct sh_source *src)
{
	if (src->ahead)
		return take_batch(src);
	if (use_own(src) < 0)
		return -1;
	return sh_source_fill(src, src->own, OWN_BATCH, &src->nbatch);
}

/*
 * The next events into src->batch: 1, or what ended the last batch. That
 * end is handed out once, after its events: in feed mode (a CTF message at
 * a time) a source ends after each message and then reads on.
 */
static int refill(struct sh_source *src)
{
	int end = src->batch_end;

	src->pos = src->nbatch = 0;
	src->batch_end = 1;
	while (end > 0 && !src->nbatch)
		end = read_batch(src);
	if (!src->nbatch)
		return end;
	src->batch_end = end;
	return 1;
}

int sh_source_next(struct sh_source *src, struct sh_event *ev)
{
	int r;

	if (src->pos == src->nbatch && (r = refill(src)) <= 0)
		return r;
	*ev = src->batch[src->pos++];
	return 1;
}

long sh_source_next_batch(struct sh_source *src, const struct sh_event **evs)
{
	size_t n;
	int r;

	if (src->pos == src->nbatch && (r = refill(src)) <= 0)
		return r;
	*evs = src->batch + src->pos;
	n = src->nbatch - src->pos;
	src->pos = src->nbatch;
	return (long)n;
}

/* The read-ahead thread's reading when it decodes: whole events. */
static int fill_events(void *ctx, void *buf, size_t cap, size_t *len, size_t *units)
{
	struct sh_source *src = ctx;
	uint64_t raw = src->info.raw_events;	/* this thread's while it decodes */
	size_t n = 0;
	int r = sh_source_fill(src, buf, cap / sizeof(struct sh_event), &n);

	*len = n * sizeof(struct sh_event);
	*units = (size_t)(src->info.raw_events - raw);
	return r;
}

/* ... and when it leaves decoding to the caller's thread: raw records. */
static int fill_raw(void *ctx, void *buf, size_t cap, size_t *len, size_t *units)
{
	struct sh_source *src = ctx;

	return src->ops->read_raw(src, buf, cap, len, units);
}

/*
 * SCHEDHANG_READ_AHEAD=events|raw|alternate: how the read-ahead thread hands
 * events over (tests compare the ways); unset, it tries both (ahead.h).
 */
static enum sh_ahead_policy ahead_policy(void)
{
	const char *v = getenv("SCHEDHANG_READ_AHEAD");

	if (!v)
		return SH_AHEAD_PROBE;
	return !strcmp(v, "events") ? SH_AHEAD_FULL : !strcmp(v, "raw") ? SH_AHEAD_LEAN :
	       !strcmp(v, "alternate") ? SH_AHEAD_ALTERNATE : SH_AHEAD_PROBE;
}

void sh_source_read_ahead(struct sh_source *src)
{
	size_t raw = src->ops->raw_max ? src->ops->raw_max(src) : 0;
	size_t piece = STAGE_EVENTS * sizeof(struct sh_event);

	_Static_assert(sizeof(struct sh_event) % 8 == 0, "events are pieces of whole 8-byte words");
	/* on one CPU a second thread only adds switches */
	if (src->ahead || sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	if (raw)
		src->ahead = sh_ahead_start(fill_events, fill_raw, src, raw > piece ? raw : piece,
					    ahead_policy());
	src->raw_ahead = src->ahead != NULL;
	if (!src->ahead)
		src->ahead = sh_ahead_start(fill_events, NULL, src, piece, SH_AHEAD_FULL);
}

const char *sh_source_ahead_kind(const struct sh_source *src)
{
	return !src->ahead ? NULL : src->raw_ahead ? "raw" : "events";
}

const struct sh_trace_info *sh_source_info(const struct sh_source *src)
{
	return &src->info;
}

void sh_source_free(struct sh_source *src)
{
	if (!src)
		return;
	sh_ahead_stop(src->ahead);	/* before the reader's state goes */
	free(src->own);
	if (src->priv && src->ops->close)
		src->ops->close(src);
	if (src->input)
		fclose(src->input);
	for (size_t i = 0; i < src->info.nbuffers; i++)
		free(src->info.buffers[i]);
	free(src->info.buffers);
	free(src->info.lost_cpus);
	sh_hmap_release(&src->lost_index);
	sh_strpool_free(src->strings);
	free(src->warned);
	free(src);
}

void sh_source_missing(struct sh_source *src, unsigned si, const char *field)
{
	const struct sh_schema_event *se = sh_schema_at(si);

	src->info.missing_field++;
	if (!se || src->warned[si])
		return;
	src->warned[si] = 1;
	sh_warning("'%s': %s:%s events without field '%s' are ignored", src->info.path,
		   se->system, se->event, field);
}

int sh_source_add_buffer(struct sh_source *src, const char *name)
{
	struct sh_trace_info *in = &src->info;
	char **b = realloc(in->buffers, (in->nbuffers + 1) * sizeof(*b));

	if (!b)
		return sh_error("cannot read '%s': out of memory", in->path);
	in->buffers = b;
	b[in->nbuffers] = strdup(name);
	if (!b[in->nbuffers])
		return sh_error("cannot read '%s': out of memory", in->path);
	in->nbuffers++;
	return 0;
}
