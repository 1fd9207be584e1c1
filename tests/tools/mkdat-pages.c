/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ring-buffer pages as the kernel writes them (64-bit, little endian):
 * u64 base timestamp, u64 commit (data bytes), then events, each a u32
 * header (time_delta << 5 | type_len) where type_len 1..28 gives the
 * payload length in words, 0 means array[0] holds length + 4, and 30 is a
 * time extend (array[0] = delta >> 27).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "mkdat-pages.h"

#define PAGE 4096
#define HDR 16
#define DELTA_BITS 27
#define TYPE_EXTEND 30

struct cpu_pages {
	FILE *f;		/* owned */
	unsigned char page[PAGE];
	unsigned used;		/* bytes after the header */
	uint64_t last_ts;
};

struct mk_pages {
	char *dir;		/* owned */
	struct cpu_pages *cpu;	/* owned */
	char **files;		/* owned */
	unsigned ncpus;
};

struct mk_pages *mk_pages_new(const char *dir)
{
	struct mk_pages *p = calloc(1, sizeof(*p));

	if (p)
		p->dir = strdup(dir);
	if (!p || !p->dir) {
		free(p);
		sh_error("out of memory");
		return NULL;
	}
	return p;
}

static int grow(struct mk_pages *p, unsigned cpu)
{
	struct cpu_pages *c = realloc(p->cpu, (cpu + 1) * sizeof(*c));
	char **f = c ? realloc(p->files, (cpu + 2) * sizeof(*f)) : NULL;

	if (c)
		p->cpu = c;
	if (!f)
		return sh_error("out of memory");
	p->files = f;
	for (; p->ncpus <= cpu; p->ncpus++) {
		memset(&c[p->ncpus], 0, sizeof(*c));
		if (asprintf(&f[p->ncpus], "%s/cpu%u", p->dir, p->ncpus) < 0)
			return sh_error("out of memory");
		f[p->ncpus + 1] = NULL;
		c[p->ncpus].f = fopen(f[p->ncpus], "we");
		if (!c[p->ncpus].f)
			return sh_error("cannot create '%s': %s", f[p->ncpus], strerror(errno));
	}
	return 0;
}

static void put32(unsigned char *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static int flush_page(struct cpu_pages *c)
{
	if (!c->used)
		return 0;
	put32(c->page + 8, c->used);	/* commit, upper half stays 0 */
	c->used = 0;
	if (fwrite(c->page, 1, PAGE, c->f) != PAGE)
		return sh_error("cannot write a page: %s", strerror(errno));
	return 0;
}

/* Room for the event header and payload (padded to words). */
static unsigned event_size(size_t len)
{
	size_t words = (len + 3) / 4;

	return (unsigned)(words <= 28 ? 4 + 4 * words : 8 + 4 * words);
}

static void start_page(struct cpu_pages *c, uint64_t ts)
{
	memset(c->page, 0, PAGE);
	for (int i = 0; i < 8; i++)
		c->page[i] = (unsigned char)(ts >> (8 * i));
	c->last_ts = ts;
}

static void put_event(struct cpu_pages *c, uint32_t delta, const void *rec, size_t len)
{
	unsigned char *e = c->page + HDR + c->used;
	size_t words = (len + 3) / 4;

	if (words <= 28) {
		put32(e, delta << 5 | (uint32_t)words);
		memcpy(e + 4, rec, len);
	} else {
		put32(e, delta << 5);
		put32(e + 4, (uint32_t)(4 * words + 4));
		memcpy(e + 8, rec, len);
	}
	c->used += event_size(len);
}

int mk_pages_add(struct mk_pages *p, unsigned cpu, uint64_t ts, const void *rec, size_t len)
{
	struct cpu_pages *c;
	uint64_t delta;

	if (cpu >= p->ncpus && grow(p, cpu) < 0)
		return -1;
	c = &p->cpu[cpu];
	if (event_size(len) > PAGE - HDR)
		return sh_error("record of %zu bytes does not fit a page", len);
	if (c->used && ts < c->last_ts)
		return sh_error("time goes back on CPU %u (%llu)", cpu, (unsigned long long)ts);
	if (c->used && c->used + 8 + event_size(len) > PAGE - HDR && flush_page(c) < 0)
		return -1;
	if (!c->used)
		start_page(c, ts);
	delta = ts - c->last_ts;
	if (delta >> DELTA_BITS) {
		unsigned char *e = c->page + HDR + c->used;

		put32(e, (uint32_t)(delta & ((1u << DELTA_BITS) - 1)) << 5 | TYPE_EXTEND);
		put32(e + 4, (uint32_t)(delta >> DELTA_BITS));
		c->used += 8;
		delta = 0;
	}
	put_event(c, (uint32_t)delta, rec, len);
	c->last_ts = ts;
	return 0;
}

int mk_pages_finish(struct mk_pages *p)
{
	for (unsigned c = 0; c < p->ncpus; c++) {
		if (flush_page(&p->cpu[c]) < 0)
			return -1;
		if (fclose(p->cpu[c].f) != 0)
			return sh_error("cannot write '%s': %s", p->files[c], strerror(errno));
		p->cpu[c].f = NULL;
	}
	return 0;
}

unsigned mk_pages_ncpus(const struct mk_pages *p)
{
	return p->ncpus;
}

const char *const *mk_pages_files(const struct mk_pages *p)
{
	return (const char *const *)p->files;
}

void mk_pages_free(struct mk_pages *p)
{
	if (!p)
		return;
	for (unsigned c = 0; c < p->ncpus; c++) {
		if (p->cpu[c].f)
			fclose(p->cpu[c].f);
		if (p->files[c])
			unlink(p->files[c]);
		free(p->files[c]);
	}
	free(p->cpu);
	free(p->files);
	free(p->dir);
	free(p);
}
