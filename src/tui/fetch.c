/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading an indexed event again from the trace, for the events pane. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "tui/fetch.h"

/* A redraw of the largest events pane hits the cache, and a few scrolls back too. */
#define NCACHE 256

struct cached {
	bool used, found;
	uint8_t type;
	uint16_t cpu;
	uint64_t ts;
	struct sh_event ev;	/* its strings point into own[] */
	char *own[3];		/* owned copies of comm and str[] (the source may be reopened) */
};

struct tui_fetch {
	char *path;			/* owned */
	enum sh_input_format fmt;
	const struct sh_filter *filt;	/* borrowed from the caller, or NULL */
	struct sh_source *src;		/* owned, NULL until the first read */
	const struct sh_event *batch;	/* borrowed from src: events [i, n) not passed yet */
	long i, n;
	uint64_t floor;		/* an entry before this time needs a reopen: events of it were passed */
	bool failed;
	struct cached cache[NCACHE];
	unsigned next;		/* the cache slot replaced next */
	unsigned kept;		/* events the load handed over (tui_fetch_keep()) */
};

/* Only a file or a folder opens again at its start; a pipe or standard input does not. */
static bool reopenable(const char *path)
{
	struct stat st;

	if (strcmp(path, "-") == 0 || stat(path, &st) < 0)
		return false;
	return S_ISREG(st.st_mode) || S_ISDIR(st.st_mode);
}

struct tui_fetch *tui_fetch_new(const char *path, enum sh_input_format fmt, const struct sh_filter *filt)
{
	struct tui_fetch *f;

	if (!path || !reopenable(path) || !(f = calloc(1, sizeof(*f))))
		return NULL;
	f->path = strdup(path);
	if (!f->path) {
		free(f);
		return NULL;
	}
	f->fmt = fmt;
	f->filt = filt;
	return f;
}

static void uncache(struct cached *c)
{
	for (unsigned k = 0; k < 3; k++)
		free(c->own[k]);
	memset(c, 0, sizeof(*c));
}

void tui_fetch_free(struct tui_fetch *f)
{
	if (!f)
		return;
	for (unsigned k = 0; k < NCACHE; k++)
		uncache(&f->cache[k]);
	sh_source_free(f->src);
	free(f->path);
	free(f);
}

static bool matches(const struct tui_fetch *f, const struct sh_event *ev, const struct sh_tl_entry *x)
{
	return ev->ts == sh_tl_ts(x) && ev->type == x->type && sh_tl_cpu_of(ev->cpu) == x->cpu &&
	       (!f->filt || sh_filter_selected(f->filt, ev));
}

/* Open the input again at its start. 0 or -1 (reported). */
static int reopen(struct tui_fetch *f)
{
	sh_source_free(f->src);
	f->batch = NULL;
	f->i = f->n = 0;
	f->floor = 0;
	f->src = sh_source_open(f->path, f->fmt);
	return f->src ? 0 : -1;
}

/* Pass the next event: entries at or before its time now need a reopen. */
static void pass(struct tui_fetch *f)
{
	uint64_t ts = f->batch[f->i++].ts;

	if (ts + 1 > f->floor)
		f->floor = ts + 1;
}

/*
 * Read forward to the event of @x: 1 with *@ev borrowed from the source, 0
 * when the stream goes past its time without it, -1 on a read error.
 * Events at @x's time are looked at without passing them (others at that
 * time may be asked for next), unless the batch ends among them.
 */
static int scan(struct tui_fetch *f, const struct sh_tl_entry *x, const struct sh_event **ev)
{
	uint64_t ts = sh_tl_ts(x);

	for (;;) {
		long j;

		if (f->i == f->n) {
			f->n = sh_source_next_batch(f->src, &f->batch);
			f->i = 0;
			if (f->n <= 0)
				return f->n < 0 ? -1 : (f->n = 0);
		}
		if (f->batch[f->i].ts > ts)
			return 0;
		if (f->batch[f->i].ts < ts) {
			pass(f);
			continue;
		}
		for (j = f->i; j < f->n && f->batch[j].ts == ts; j++)
			if (matches(f, &f->batch[j], x))
				return *ev = &f->batch[j], 1;
		if (j < f->n)
			return 0;
		while (f->i < f->n)
			pass(f);
	}
}

static struct cached *lookup(struct tui_fetch *f, const struct sh_tl_entry *x)
{
	for (unsigned k = 0; k < NCACHE; k++) {
		struct cached *c = &f->cache[k];

		if (c->used && c->ts == sh_tl_ts(x) && c->cpu == x->cpu && c->type == x->type)
			return c;
	}
	return NULL;
}

static char *dup_str(const char *s, bool *oom)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*oom = true;
	return d;
}

/* Remember what was found for @x (@ev, or NULL: not in the trace): its slot, or NULL (reported). */
static struct cached *remember(struct tui_fetch *f, const struct sh_tl_entry *x, const struct sh_event *ev)
{
	struct cached *c = &f->cache[f->next];
	bool oom = false;

	f->next = (f->next + 1) % NCACHE;
	uncache(c);
	c->ts = sh_tl_ts(x);
	c->cpu = x->cpu;
	c->type = x->type;
	c->used = true;
	if (!ev)
		return c;
	c->found = true;
	c->ev = *ev;
	c->ev.comm = c->own[0] = dup_str(ev->comm, &oom);
	c->ev.str[0] = c->own[1] = dup_str(ev->str[0], &oom);
	c->ev.str[1] = c->own[2] = dup_str(ev->str[1], &oom);
	if (oom) {
		uncache(c);
		return sh_error("out of memory fetching an event"), NULL;
	}
	return c;
}

void tui_fetch_keep(void *ctx, const struct sh_event *ev, const struct sh_tl_entry *x)
{
	struct tui_fetch *f = ctx;

	/*
	 * Not an event indexed at a time before its own (out of order: a fetch
	 * does not find it), nor a second event of the same time, CPU and type
	 * (ambiguous: the pane does not fetch it).
	 */
	if (f->kept == NCACHE || f->failed || ev->ts != sh_tl_ts(x) || lookup(f, x))
		return;
	f->kept++;
	if (!remember(f, x, ev))
		f->failed = true;
}

int tui_fetch_event(struct tui_fetch *f, const struct sh_tl_entry *x, const struct sh_event **ev)
{
	struct cached *c = lookup(f, x);
	const struct sh_event *found = NULL;
	int r;

	if (!c) {
		if (f->failed)
			return -1;
		if ((!f->src || sh_tl_ts(x) < f->floor) && reopen(f) < 0)
			goto fail;
		if ((r = scan(f, x, &found)) < 0 || !(c = remember(f, x, r ? found : NULL)))
			goto fail;
	}
	*ev = c->found ? &c->ev : NULL;
	return c->found;
fail:
	f->failed = true;
	return -1;
}
