/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One CPU's ring-buffer pages, read in place with kbuffer. See source-dat-pages.h. */
#include "config.h"

#include <string.h>

#include <kbuffer.h>

#include "source-dat-pages.h"

/* The commit word's data size; the bits above carry the missed-events flags. */
#define COMMIT_SIZE_MASK ((1u << 27) - 1)

int sh_dat_pages_init(struct sh_dat_pages *p, const unsigned char *base,
		      const unsigned char *data, uint64_t len, unsigned page_size,
		      unsigned long_size, bool big_endian, bool old_format)
{
	memset(p, 0, sizeof(*p));
	p->kb = kbuffer_alloc(long_size == 4 ? KBUFFER_LSIZE_4 : KBUFFER_LSIZE_8,
			      big_endian ? KBUFFER_ENDIAN_BIG : KBUFFER_ENDIAN_LITTLE);
	if (!p->kb)
		return -1;
	if (old_format)
		kbuffer_set_old_format(p->kb);
	p->base = base;
	p->next = data;
	p->end = data + len;
	p->page_size = page_size;
	p->long_size = long_size == 4 ? 4 : 8;
	p->big_endian = big_endian;
	return 0;
}

void sh_dat_pages_release(struct sh_dat_pages *p)
{
	if (p->kb)
		kbuffer_free(p->kb);
	p->kb = NULL;
}

uint64_t sh_dat_pages_offset(const struct sh_dat_pages *p)
{
	return (uint64_t)(p->cur - p->base);
}

/* Does the page at p->next hold a sane header (commit within the page and the data)? */
static bool page_ok(const struct sh_dat_pages *p)
{
	unsigned hdr = 8 + p->long_size;
	size_t room = (size_t)(p->end - p->next);
	uint64_t commit = 0;

	if (room < hdr)
		return false;
	for (unsigned i = 0; i < p->long_size; i++)
		commit |= (uint64_t)p->next[8 + (p->big_endian ? p->long_size - 1 - i : i)] << (8 * i);
	commit &= COMMIT_SIZE_MASK;
	return commit <= p->page_size - hdr && commit <= room - hdr;
}

/* The end of the data of the page at @page (checked by page_ok()). */
static const unsigned char *data_end(const struct sh_dat_pages *p, const unsigned char *page)
{
	uint64_t commit = 0;

	for (unsigned i = 0; i < p->long_size; i++)
		commit |= (uint64_t)page[8 + (p->big_endian ? p->long_size - 1 - i : i)] << (8 * i);
	return page + 8 + p->long_size + (commit & COMMIT_SIZE_MASK);
}

/* Load the next page with an event: its first event, or NULL at the end (-1 in *err if corrupt). */
static void *load_next(struct sh_dat_pages *p, unsigned long long *ts, int *err)
{
	void *d = NULL;

	while (!d && p->next < p->end) {
		int m;

		p->cur = p->next;
		if (!page_ok(p) || kbuffer_load_subbuffer(p->kb, (void *)p->next) < 0) {
			*err = -1;
			return NULL;
		}
		p->cur_end = data_end(p, p->cur);
		p->next += p->page_size > (size_t)(p->end - p->next) ? (size_t)(p->end - p->next) :
								     p->page_size;
		m = kbuffer_missed_events(p->kb);
		if (m)
			p->pending_missed = m < 0 || p->pending_missed < 0 ? -1 : p->pending_missed + m;
		d = kbuffer_read_event(p->kb, ts);
	}
	return d;
}

int sh_dat_pages_next(struct sh_dat_pages *p)
{
	unsigned long long ts = 0;
	void *d = p->started ? kbuffer_next_event(p->kb, &ts) : NULL;
	int err = 0;

	if (!d) {
		d = load_next(p, &ts, &err);
		if (!d)
			return err;
	}
	p->started = true;
	p->ts = ts;
	p->data = d;
	p->size = (unsigned)kbuffer_event_size(p->kb);
	/* an event length that runs past the page's data: the page is corrupt */
	if ((const unsigned char *)d > p->cur_end || p->size > (size_t)(p->cur_end - (const unsigned char *)d))
		return -1;
	p->missed = p->pending_missed;
	p->pending_missed = 0;
	return 1;
}
