/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_DAT_PAGES_H
#define SH_SOURCE_DAT_PAGES_H

/*
 * Inside the trace.dat reader: the events of one CPU's ring-buffer pages,
 * read in place (in memory, or in windows of whole pages read from the file)
 * with libtraceevent's kbuffer. This is
 * what libtracecmd's tracecmd_read_data() does, without allocating a record
 * per event. Every page header is checked before kbuffer sees it. The pages
 * of a v7 file may come in zstd-compressed chunks, decompressed one at a
 * time into a buffer of the cursor's.
 */

#include <stdbool.h>
#include <stdint.h>

struct kbuffer;

/*
 * The largest decompressed chunk read: trace-cmd writes chunks of 10 pages,
 * far more is a corrupt size (a chunk is decompressed whole, into memory).
 */
#define SH_DAT_MAX_CHUNK (64u << 20)

struct sh_dat_pages {
	struct kbuffer *kb;		/* owned */
	/* the data: in memory at base (fd -1), or in file fd, from foff to fend */
	int fd;				/* borrowed, or -1 */
	const unsigned char *base;	/* borrowed: memory, or NULL */
	uint64_t foff, fend;		/* offsets: the next plain bytes to read, the end */
	/* the pages at hand: all of them in memory, a window read from the file, a chunk */
	const unsigned char *cur;	/* the page being read */
	const unsigned char *cur_end;	/* the end of its data */
	const unsigned char *next;	/* the page to load next */
	const unsigned char *end;	/* the end of the pages at hand */
	const unsigned char *wstart;	/* the start of the window, at offset woff */
	uint64_t woff;
	unsigned char *win;		/* owned: the window read from the file */
	size_t wcap;
	bool short_read;		/* the file ended before its data: it shrank while read */
	unsigned page_size, long_size;
	bool big_endian, started;
	bool can_parse;			/* own event parsing possible (little endian, new format) */
	bool parse;			/* the current page is parsed here, not by kbuffer */
	bool first;			/* kbuffer has not returned the page's first event yet */
	const unsigned char *pos;	/* parse: the next event header */
	uint64_t pts;			/* parse: the time of the last event */
	int pending_missed;		/* missed-event count of pages without events */
	/* compressed data: the chunk table */
	bool zstd;
	uint64_t zoff;			/* offset of the next chunk */
	uint64_t zchunk;		/* offset of the chunk being read (for messages) */
	uint32_t zcount;		/* chunks in the table */
	uint32_t zleft;			/* chunks not yet decompressed */
	unsigned char *zbuf;		/* owned: the decompressed chunk */
	size_t zcap;
	unsigned char *cbuf;		/* owned: compressed chunks read from the file */
	size_t ccap;
	uint64_t cwoff, cwlen;		/* the file's bytes in cbuf: [cwoff, cwoff + cwlen) */
	void *zctx;			/* owned: the ZSTD_DCtx every chunk is decompressed with */
/* the current event */
	uint64_t ts;
	const void *data;		/* borrowed: in the pages at hand */
	unsigned size;
	int missed;			/* lost before it: > 0 count, -1 unknown, 0 none */
};

/*
 * Start @p on the @len bytes of pages at @data (inside the mapping @base,
 * both borrowed); @long_size 4 or 8 is the page header's commit word, as
 * the tep's header_page says. 0, or -1 when kbuffer cannot be allocated.
 */
int sh_dat_pages_init(struct sh_dat_pages *p, const unsigned char *base,
		      const unsigned char *data, uint64_t len, unsigned page_size,
		      unsigned long_size, bool big_endian, bool old_format);

/* As sh_dat_pages_init(), the @len bytes at offset @off of file @fd (borrowed: outlives @p). */
int sh_dat_pages_init_fd(struct sh_dat_pages *p, int fd, uint64_t off, uint64_t len,
			 unsigned page_size, unsigned long_size, bool big_endian, bool old_format);

/*
 * Start @p on the @len bytes at @data (in @base) holding zstd-compressed
 * chunks of pages (trace.dat v7): a chunk count, then for each chunk its
 * compressed and decompressed sizes and the compressed bytes. As
 * sh_dat_pages_init().
 */
int sh_dat_pages_init_zstd(struct sh_dat_pages *p, const unsigned char *base,
			   const unsigned char *data, uint64_t len, unsigned page_size,
			   unsigned long_size, bool big_endian, bool old_format);
int sh_dat_pages_init_zstd_fd(struct sh_dat_pages *p, int fd, uint64_t off, uint64_t len,
			      unsigned page_size, unsigned long_size, bool big_endian,
			      bool old_format);

/*
 * Move to the next event: 1 (p->ts, data, size, missed set), 0 at the end,
 * -1 on a corrupt page (not loaded; sh_dat_pages_offset() says where).
 */
int sh_dat_pages_next(struct sh_dat_pages *p);

/* The file offset of the page being read, or of its compressed chunk (for messages). */
uint64_t sh_dat_pages_offset(const struct sh_dat_pages *p);

/*
 * Compressed data: how many chunks have been decompressed so far, and
 * (*@end) the file offset after the last of them.
 */
uint32_t sh_dat_pages_chunks_read(const struct sh_dat_pages *p, uint64_t *end);

void sh_dat_pages_release(struct sh_dat_pages *p);

#endif
