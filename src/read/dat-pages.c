/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One CPU's ring-buffer pages, read in place: event headers parsed here,
 * kbuffer for page loading and the rare records. See dat-pages.h.
 */
#include "config.h"

#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kbuffer.h>
#include <zstd.h>

#include "read/dat-pages.h"

/* The commit word's data size; the bits above carry the missed-events flags. */
#define COMMIT_SIZE_MASK ((1u << 27) - 1)

/* Ring-buffer event header: type_len (5 bits), then time_delta (27 bits) */
enum { RB_DATA_MAX = 28, RB_PADDING = 29, RB_TIME_EXTEND = 30 };
#define RB_TS_SHIFT 27

/* Window of a file's pages read at a time (whole pages; less at the end of the data). */
#define WINDOW (256u << 10)

/* Compressed chunks read from a file at a time (about 60 of trace-cmd's) */
#define ZWINDOW (256u << 10)

static int init(struct sh_dat_pages *p, int fd, const unsigned char *base, uint64_t off,
		uint64_t len, unsigned page_size, unsigned long_size, bool big_endian,
		bool old_format)
{
	memset(p, 0, sizeof(*p));
	p->kb = kbuffer_alloc(long_size == 4 ? KBUFFER_LSIZE_4 : KBUFFER_LSIZE_8,
			      big_endian ? KBUFFER_ENDIAN_BIG : KBUFFER_ENDIAN_LITTLE);
	if (!p->kb)
		return -1;
	if (old_format)
		kbuffer_set_old_format(p->kb);
	p->fd = fd;
	p->base = base;
	p->foff = p->zoff = off;
	p->fend = off + len;
	p->page_size = page_size;
	p->long_size = long_size == 4 ? 4 : 8;
	p->big_endian = big_endian;
	p->can_parse = !big_endian && !old_format;
	return 0;
}

/*
 * The @len bytes at offset @off of the data: in memory, where they are; from
 * the file, read into *@buf (grown to *@cap). NULL when the file ends before
 * them (it shrank while being read: p->short_read) or out of memory.
 */
static const unsigned char *fetch(struct sh_dat_pages *p, uint64_t off, size_t len,
				  unsigned char **buf, size_t *cap)
{
	size_t got = 0;

	if (p->fd < 0)
		return p->base + off;
	if (len > *cap) {
		unsigned char *b = realloc(*buf, len);

		if (!b)
			return NULL;
		*buf = b;
		*cap = len;
	}
	while (got < len) {
		ssize_t n = pread(p->fd, *buf + got, len - got, (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			p->short_read = true;
			return NULL;
		}
		got += (size_t)n;
	}
	return *buf;
}

/*
 * As fetch(), compressed data: from a window of ZWINDOW bytes of the file
 * kept in p->cbuf, one read for many chunks (a read is dear on a VM). Where
 * the window's read comes short, the @len bytes alone are read, so a file that
 * shrank fails at the chunk it did before.
 */
static const unsigned char *zfetch(struct sh_dat_pages *p, uint64_t off, size_t len)
{
	uint64_t want = len > ZWINDOW ? len : ZWINDOW;
	const unsigned char *b;

	if (p->fd < 0)
		return p->base + off;
	if (off >= p->cwoff && len <= p->cwlen && off - p->cwoff <= p->cwlen - len)
		return p->cbuf + (off - p->cwoff);
	if (want > p->fend - off)
		want = p->fend - off > len ? p->fend - off : len;
	p->cwlen = 0;
	b = fetch(p, off, (size_t)want, &p->cbuf, &p->ccap);
	if (!b && want > len && p->short_read) {
		p->short_read = false;
		want = len;
		b = fetch(p, off, len, &p->cbuf, &p->ccap);
	}
	if (b) {
		p->cwoff = off;
		p->cwlen = want;
	}
	return b;
}

int sh_dat_pages_init(struct sh_dat_pages *p, const unsigned char *base,
		      const unsigned char *data, uint64_t len, unsigned page_size,
		      unsigned long_size, bool big_endian, bool old_format)
{
	return init(p, -1, base, (uint64_t)(data - base), len, page_size, long_size, big_endian,
		    old_format);
}

int sh_dat_pages_init_fd(struct sh_dat_pages *p, int fd, uint64_t off, uint64_t len,
			 unsigned page_size, unsigned long_size, bool big_endian, bool old_format)
{
	return init(p, fd, NULL, off, len, page_size, long_size, big_endian, old_format);
}

static uint32_t rd32(const struct sh_dat_pages *p, const unsigned char *b)
{
	return p->big_endian ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3] :
			       (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

/* The chunk count before the chunks (as init()); a table without one is corrupt. */
static int init_zstd(struct sh_dat_pages *p)
{
	const unsigned char *c;

	p->zstd = true;
	if (p->fend - p->zoff < 4) {
		p->zcount = p->zleft = 1;
		return 0;
	}
	c = zfetch(p, p->zoff, 4);
	if (!c)
		return -1;
	p->zcount = p->zleft = rd32(p, c);
	p->zoff += 4;
	return 0;
}

int sh_dat_pages_init_zstd(struct sh_dat_pages *p, const unsigned char *base,
			   const unsigned char *data, uint64_t len, unsigned page_size,
			   unsigned long_size, bool big_endian, bool old_format)
{
	if (sh_dat_pages_init(p, base, data, len, page_size, long_size, big_endian, old_format) < 0)
		return -1;
	return init_zstd(p);
}

int sh_dat_pages_init_zstd_fd(struct sh_dat_pages *p, int fd, uint64_t off, uint64_t len,
			      unsigned page_size, unsigned long_size, bool big_endian,
			      bool old_format)
{
	if (sh_dat_pages_init_fd(p, fd, off, len, page_size, long_size, big_endian, old_format) < 0)
		return -1;
	return init_zstd(p);
}

/* Decompress the next chunk into p->zbuf: 1, 0 when there is none, -1 if corrupt. */
static int next_chunk(struct sh_dat_pages *p)
{
	const unsigned char *h, *c;
	uint32_t csize, usize;
	size_t n;

	p->zchunk = p->zoff;
	/* trace-cmd's chunks fill the CPU's data: bytes past the count's last are corrupt */
	if (!p->zleft)
		return p->zoff < p->fend ? -1 : 0;
	if (p->fend - p->zoff < 8 || !(h = zfetch(p, p->zoff, 8)))
		return -1;
	csize = rd32(p, h);
	usize = rd32(p, h + 4);
	if (csize > p->fend - p->zoff - 8 || usize == 0 || usize > SH_DAT_MAX_CHUNK)
		return -1;
	if (usize > p->zcap) {
		unsigned char *b = realloc(p->zbuf, usize);

		if (!b)
			return -1;
		p->zbuf = b;
		p->zcap = usize;
	}
	if (!(c = zfetch(p, p->zoff + 8, csize)))
		return -1;
	/* one context for every chunk: ZSTD_decompress() makes and frees one per call */
	if (!p->zctx && !(p->zctx = ZSTD_createDCtx()))
		return -1;
	n = ZSTD_decompressDCtx(p->zctx, p->zbuf, usize, c, csize);
	if (ZSTD_isError(n) || n != usize)
		return -1;
	p->zoff += 8 + (uint64_t)csize;
	p->zleft--;
	p->woff = p->zchunk;
	p->next = p->zbuf;
	p->end = p->zbuf + usize;
	return 1;
}

/*
 * The next pages of plain data into [p->next, p->end): all of them in memory,
 * a window of whole pages from the file (pread, not a mapping: a file that
 * shrinks while mapped kills the reader with SIGBUS). 1, 0 at the end, -1.
 */
static int next_window(struct sh_dat_pages *p)
{
	uint64_t left = p->fend - p->foff;
	size_t n = p->fd < 0 || left < WINDOW ? (size_t)left :
		   WINDOW - WINDOW % (p->page_size ? p->page_size : 1);
	const unsigned char *w;

	if (!left)
		return 0;
	if (!n)
		n = (size_t)(left < p->page_size ? left : p->page_size);
	if (!(w = fetch(p, p->foff, n, &p->win, &p->wcap)))
		return -1;
	p->woff = p->foff;
	p->wstart = w;
	p->foff += n;
	p->next = w;
	p->end = w + n;
	return 1;
}

void sh_dat_pages_release(struct sh_dat_pages *p)
{
	if (p->kb)
		kbuffer_free(p->kb);
	p->kb = NULL;
	ZSTD_freeDCtx(p->zctx);
	p->zctx = NULL;
	p->cwoff = p->cwlen = 0;
	free(p->zbuf);
	free(p->cbuf);
	free(p->win);
	p->zbuf = p->cbuf = p->win = NULL;
	p->zcap = p->ccap = p->wcap = 0;
}

uint64_t sh_dat_pages_offset(const struct sh_dat_pages *p)
{
	if (p->zstd)
		return p->zchunk;
	return p->cur ? p->woff + (uint64_t)(p->cur - p->wstart) : p->foff;
}

uint32_t sh_dat_pages_chunks_read(const struct sh_dat_pages *p, uint64_t *end)
{
	*end = p->zoff;
	return p->zcount - p->zleft;
}

/* The data size in the commit word of the page at @page (its header is there). */
static uint64_t commit_size(const struct sh_dat_pages *p, const unsigned char *page)
{
	uint64_t commit = 0;

	for (unsigned i = 0; i < p->long_size; i++)
		commit |= (uint64_t)page[8 + (p->big_endian ? p->long_size - 1 - i : i)] << (8 * i);
	return commit & COMMIT_SIZE_MASK;
}

/* Does the page at p->next hold a sane header (commit within the page and the data)? */
static bool page_ok(const struct sh_dat_pages *p)
{
	unsigned hdr = 8 + p->long_size;
	size_t room = (size_t)(p->end - p->next);
	uint64_t commit;

	if (room < hdr)
		return false;
	commit = commit_size(p, p->next);
	return commit <= p->page_size - hdr && commit <= room - hdr;
}

static uint32_t le32(const unsigned char *b)
{
	uint32_t v;

	memcpy(&v, b, 4);
	return le32toh(v);
}

/* The page's next data event through kbuffer; NULL at the end of the page. */
static void *kb_event(struct sh_dat_pages *p, unsigned long long *ts, unsigned *size)
{
	void *d = p->first ? kbuffer_read_event(p->kb, ts) : kbuffer_next_event(p->kb, ts);

	p->first = false;
	if (d)
		*size = (unsigned)kbuffer_event_size(p->kb);
	return d;
}

/*
 * The page's next data event, parsed here: kbuffer's reading costs about
 * 200 instructions an event. Only the common records are handled (data,
 * time extends, padding to the end); anything else (absolute time stamps,
 * discarded events, odd lengths) hands the rest of the page to kbuffer.
 */
static void *parse_event(struct sh_dat_pages *p, unsigned long long *ts, unsigned *size)
{
	const unsigned char *end = p->cur_end;

	while (end - p->pos >= 4) {
		uint32_t h = le32(p->pos), len, type = h & 31, delta = h >> 5;
		const unsigned char *d;

		if (type >= 1 && type <= RB_DATA_MAX) {
			len = type * 4;
			d = p->pos + 4;
		} else if (type == 0 && end - p->pos >= 8 && (len = le32(p->pos + 4)) >= 4) {
			len = (len - 4 + 3) & ~3u;
			d = p->pos + 8;
		} else if (type == RB_TIME_EXTEND && end - p->pos >= 8) {
			p->pts += ((uint64_t)le32(p->pos + 4) << RB_TS_SHIFT) + delta;
			p->pos += 8;
			continue;
		} else if (type == RB_PADDING && delta == 0 && end - p->pos >= 8) {
			len = le32(p->pos + 4);
			p->pos = len > (size_t)(end - p->pos) - 4 ? end : p->pos + 4 + len;
			continue;
		} else {			/* the rest of the page is kbuffer's */
			p->parse = false;
			p->first = false;
			d = kbuffer_read_at_offset(p->kb, (int)(p->pos - p->cur), ts);
			if (d)
				*size = (unsigned)kbuffer_event_size(p->kb);
			return (void *)d;
		}
		p->pts += delta;
		p->pos = len > (size_t)(end - d) ? end : d + len;
		*ts = p->pts;
		*size = len;
		return (void *)d;
	}
	return NULL;
}

/* The next data event of the loaded page, or NULL at its end. */
static void *page_event(struct sh_dat_pages *p, unsigned long long *ts, unsigned *size)
{
	return p->parse ? parse_event(p, ts, size) : kb_event(p, ts, size);
}

/* Load the next page with an event: its first event, or NULL at the end (-1 in *err if corrupt). */
static void *load_next(struct sh_dat_pages *p, unsigned long long *ts, unsigned *size, int *err)
{
	void *d = NULL;

	while (!d) {
		int m;

		if (p->next >= p->end) {
			int r = p->zstd ? next_chunk(p) : next_window(p);

			if (r <= 0) {
				*err = r;
				return NULL;
			}
		}
		p->cur = p->next;
		if (!page_ok(p) || kbuffer_load_subbuffer(p->kb, (void *)p->next) < 0) {
			*err = -1;
			return NULL;
		}
		p->cur_end = p->cur + 8 + p->long_size + commit_size(p, p->cur);
		p->next += p->page_size > (size_t)(p->end - p->next) ? (size_t)(p->end - p->next) :
								     p->page_size;
		m = kbuffer_missed_events(p->kb);
		if (m)
			p->pending_missed = m < 0 || p->pending_missed < 0 ? -1 : p->pending_missed + m;
		p->parse = p->can_parse;
		p->first = true;
		p->pos = p->cur + 8 + p->long_size;
		p->pts = kbuffer_subbuf_timestamp(p->kb, (void *)p->cur);
		d = page_event(p, ts, size);
	}
	return d;
}

int sh_dat_pages_next(struct sh_dat_pages *p)
{
	unsigned long long ts = 0;
	unsigned size = 0;
	void *d = p->started ? page_event(p, &ts, &size) : NULL;
	int err = 0;

	if (!d) {
		d = load_next(p, &ts, &size, &err);
		if (!d)
			return err;
	}
	p->started = true;
	p->ts = ts;
	p->data = d;
	p->size = size;
	/* an event length that runs past the page's data: the page is corrupt */
	if ((const unsigned char *)d > p->cur_end || p->size > (size_t)(p->cur_end - (const unsigned char *)d))
		return -1;
	p->missed = p->pending_missed;
	p->pending_missed = 0;
	return 1;
}
