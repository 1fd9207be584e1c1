/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-CPU raw pages from trace_pipe_raw into temporary files, in one poll
 * loop: memory stays one page per CPU whatever the trace size. Each page is
 * parsed with kbuffer only to count its events.
 *
 * Flight recorder (--stop-on-stall): every page also goes to the live
 * analysis, and instead of the file it goes into a per-CPU ring of the
 * newest pages in memory (the window); the oldest page makes room and is
 * counted as discarded. The ring is written to the file at the end.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs.h>
#include <kbuffer.h>
#include <unistd.h>

#include "core/error.h"
#include "record/record.h"
#include "record/stream.h"

/* Pages drained from one CPU before looking at the others again. */
#define BATCH_PAGES 256

struct cpu_stream {
	struct tracefs_cpu *tcpu;	/* owned; NULL if the CPU has no buffer */
	int fd;				/* trace_pipe_raw, owned by tcpu */
	int out;			/* owned: temporary file */
	char *path;			/* owned */
	uint64_t events;
	/* flight recorder window */
	char *ring;			/* owned: ring_pages pages, or NULL */
	uint32_t *ring_events;		/* owned: events of each kept page */
	unsigned ring_head, ring_len;
	uint64_t discarded, discarded_pages;
};

struct sh_stream {
	struct cpu_stream *cpu;		/* owned, ncpus entries */
	unsigned ncpus;
	int page_size;
	void *page;			/* owned */
	struct kbuffer *kbuf;		/* owned */
	struct pollfd *pfd;		/* owned */
	struct sh_live *live;		/* borrowed from the session, or NULL */
	unsigned ring_pages;		/* 0: pages go straight to the files */
};

static int open_cpu(struct sh_stream *s, struct tracefs_instance *inst, unsigned c,
		    const char *prefix)
{
	struct cpu_stream *cs = &s->cpu[c];
	char name[64];

	cs->out = -1;
	cs->fd = -1;
	snprintf(name, sizeof(name), "per_cpu/cpu%u/trace_pipe_raw", c);
	if (asprintf(&cs->path, "%s.cpu%u", prefix, c) < 0) {
		cs->path = NULL;
		return sh_error("out of memory");
	}
	cs->out = open(cs->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (cs->out < 0)
		return sh_error("cannot create '%s': %s", cs->path, strerror(errno));
	cs->fd = tracefs_instance_file_open(inst, name, O_RDONLY | O_NONBLOCK);
	if (cs->fd < 0)
		return 0;	/* CPU possible but not present */
	cs->tcpu = tracefs_cpu_alloc_fd(cs->fd, s->page_size, true);
	if (!cs->tcpu) {
		close(cs->fd);
		cs->fd = -1;
		return sh_error("cannot read '%s' of the instance", name);
	}
	return 0;
}

struct sh_stream *sh_stream_new(void *inst, unsigned ncpus, const char *prefix)
{
	struct sh_stream *s = calloc(1, sizeof(*s));

	if (!s)
		goto oom;
	s->ncpus = ncpus;
	s->page_size = getpagesize();
	s->cpu = calloc(ncpus, sizeof(*s->cpu));
	s->pfd = calloc(ncpus, sizeof(*s->pfd));
	s->page = malloc((size_t)s->page_size);
	s->kbuf = kbuffer_alloc(KBUFFER_LSIZE_8, KBUFFER_ENDIAN_LITTLE);
	if (!s->cpu || !s->pfd || !s->page || !s->kbuf)
		goto oom;
	for (unsigned c = 0; c < ncpus; c++)
		if (open_cpu(s, inst, c, prefix) < 0)
			goto fail;
	return s;
oom:
	sh_error("out of memory");
fail:
	sh_stream_free(s);
	return NULL;
}

static uint64_t count_events(struct sh_stream *s)
{
	unsigned long long ts;
	uint64_t n = 0;

	if (kbuffer_load_subbuffer(s->kbuf, s->page) < 0)
		return 0;
	for (void *e = kbuffer_read_event(s->kbuf, &ts); e; e = kbuffer_next_event(s->kbuf, &ts))
		n++;
	return n;
}

static int write_page(struct cpu_stream *cs, const void *page, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t w = write(cs->out, (const char *)page + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return sh_error("cannot write '%s': %s", cs->path,
					w < 0 ? strerror(errno) : "short write");
		done += (size_t)w;
	}
	return 0;
}

int sh_stream_set_live(struct sh_stream *s, struct sh_live *live, unsigned ring_pages)
{
	s->live = live;
	s->ring_pages = ring_pages ? ring_pages : 1;
	for (unsigned c = 0; c < s->ncpus; c++) {
		struct cpu_stream *cs = &s->cpu[c];

		cs->ring = malloc((size_t)s->ring_pages * (size_t)s->page_size);
		cs->ring_events = calloc(s->ring_pages, sizeof(*cs->ring_events));
		if (!cs->ring || !cs->ring_events)
			return sh_error("out of memory for a %u-page flight recorder window",
					s->ring_pages);
	}
	return 0;
}

/* Keep s->page in @cs's window, dropping the oldest page when it is full. */
static void ring_keep(struct sh_stream *s, struct cpu_stream *cs, uint64_t events)
{
	unsigned slot = (cs->ring_head + cs->ring_len) % s->ring_pages;

	if (cs->ring_len == s->ring_pages) {
		cs->discarded += cs->ring_events[cs->ring_head];
		cs->discarded_pages++;
		cs->events -= cs->ring_events[cs->ring_head];
		cs->ring_head = (cs->ring_head + 1) % s->ring_pages;
		cs->ring_len--;
	}
	memcpy(cs->ring + (size_t)slot * (size_t)s->page_size, s->page, (size_t)s->page_size);
	cs->ring_events[slot] = (uint32_t)events;
	cs->ring_len++;
}

static int ring_write(struct sh_stream *s, struct cpu_stream *cs)
{
	for (unsigned i = 0; cs->ring && i < cs->ring_len; i++) {
		unsigned slot = (cs->ring_head + i) % s->ring_pages;

		if (write_page(cs, cs->ring + (size_t)slot * (size_t)s->page_size,
			       (size_t)s->page_size) < 0)
			return -1;
	}
	cs->ring_len = 0;
	return 0;
}

/* One page read into s->page: to the live analysis, then the window or the file. */
static int take_page(struct sh_stream *s, unsigned c)
{
	struct cpu_stream *cs = &s->cpu[c];
	uint64_t n = count_events(s);

	cs->events += n;
	if (s->live && sh_live_page(s->live, c, s->page) < 0)
		return -1;
	if (cs->ring) {
		ring_keep(s, cs, n);
		return 0;
	}
	return write_page(cs, s->page, (size_t)s->page_size);
}

/* Read up to @max pages of CPU @c; returns pages read or -1. */
static int drain(struct sh_stream *s, unsigned c, int max)
{
	struct cpu_stream *cs = &s->cpu[c];
	int n = 0;

	while (cs->tcpu && n < max) {
		int r = tracefs_cpu_read(cs->tcpu, s->page, true);

		if (r <= 0)
			break;
		if (r < s->page_size)
			memset((char *)s->page + r, 0, (size_t)(s->page_size - r));
		if (take_page(s, c) < 0)
			return -1;
		n++;
	}
	return n;
}

/*
 * A live round: every CPU read until empty, then the analysis advanced to
 * the watermark. A CPU is read at most twice its window (the buffer size)
 * per round, so one that writes faster than it can be read cannot starve the
 * stall check; it then holds the watermark back (sh_live_behind) and the
 * kernel counts what it overwrites as lost.
 */
static int live_round(struct sh_stream *s)
{
	uint64_t t0 = sh_live_now(s->live);
	int cap = s->ring_pages > BATCH_PAGES / 2 ? (int)s->ring_pages * 2 : BATCH_PAGES;

	for (unsigned c = 0; c < s->ncpus; c++) {
		int n = drain(s, c, cap);

		if (n < 0)
			return -1;
		if (n == cap)
			sh_live_behind(s->live, c);
	}
	return sh_live_advance(s->live, t0);
}

int sh_stream_poll(struct sh_stream *s, int timeout_ms)
{
	for (unsigned c = 0; c < s->ncpus; c++) {
		s->pfd[c].fd = s->cpu[c].fd;
		s->pfd[c].events = POLLIN;
		s->pfd[c].revents = 0;
	}
	if (poll(s->pfd, s->ncpus, timeout_ms) < 0 && errno != EINTR)
		return sh_error("cannot poll the trace buffers: %s", strerror(errno));
	if (s->live)
		return live_round(s);
	for (unsigned c = 0; c < s->ncpus; c++)
		if (s->pfd[c].revents & POLLIN && drain(s, c, BATCH_PAGES) < 0)
			return -1;
	return 0;
}

int sh_stream_finish(struct sh_stream *s)
{
	s->live = NULL;	/* the recording is over: no more analysis */
	for (unsigned c = 0; c < s->ncpus; c++) {
		int r;

		while ((r = drain(s, c, BATCH_PAGES)) == BATCH_PAGES)
			;
		if (r < 0 || ring_write(s, &s->cpu[c]) < 0)
			return -1;
	}
	return 0;
}

const char *sh_stream_file(const struct sh_stream *s, unsigned cpu)
{
	return s->cpu[cpu].path;
}

uint64_t sh_stream_events(const struct sh_stream *s, unsigned cpu)
{
	return s->cpu[cpu].events;
}

uint64_t sh_stream_discarded(const struct sh_stream *s, unsigned cpu, uint64_t *pages)
{
	*pages = s->cpu[cpu].discarded_pages;
	return s->cpu[cpu].discarded;
}

void sh_stream_close_readers(struct sh_stream *s)
{
	for (unsigned c = 0; s && s->cpu && c < s->ncpus; c++) {
		if (s->cpu[c].tcpu)
			tracefs_cpu_close(s->cpu[c].tcpu);
		s->cpu[c].tcpu = NULL;
		s->cpu[c].fd = -1;
	}
}

void sh_stream_free(struct sh_stream *s)
{
	if (!s)
		return;
	sh_stream_close_readers(s);
	for (unsigned c = 0; s->cpu && c < s->ncpus; c++) {
		struct cpu_stream *cs = &s->cpu[c];

		if (cs->out >= 0)
			close(cs->out);
		if (cs->path)
			unlink(cs->path);
		free(cs->path);
		free(cs->ring);
		free(cs->ring_events);
	}
	free(s->cpu);
	free(s->pfd);
	free(s->page);
	if (s->kbuf)
		kbuffer_free(s->kbuf);
	free(s);
}
