/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_DAT_PAGES_H
#define SH_SOURCE_DAT_PAGES_H

/*
 * Inside the trace.dat reader: the events of one CPU's ring-buffer pages,
 * read in place from the file mapping with libtraceevent's kbuffer. This is
 * what libtracecmd's tracecmd_read_data() does, without allocating a record
 * per event. Every page header is checked before kbuffer sees it.
 */

#include <stdbool.h>
#include <stdint.h>

struct kbuffer;

struct sh_dat_pages {
	struct kbuffer *kb;		/* owned */
	const unsigned char *cur;	/* borrowed from the mapping: the page being read */
	const unsigned char *cur_end;	/* borrowed: the end of its data */
	const unsigned char *next;	/* borrowed: the page to load next */
	const unsigned char *end;	/* borrowed: the end of this CPU's data */
	const unsigned char *base;	/* borrowed: the start of the mapping (for offsets) */
	unsigned page_size, long_size;
	bool big_endian, started;
	int pending_missed;		/* missed-event count of pages without events */
	/* the current event */
	uint64_t ts;
	const void *data;		/* borrowed from the mapping */
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

/*
 * Move to the next event: 1 (p->ts, data, size, missed set), 0 at the end,
 * -1 on a corrupt page (not loaded; sh_dat_pages_offset() says where).
 */
int sh_dat_pages_next(struct sh_dat_pages *p);

/* The file offset of the page being read (for messages). */
uint64_t sh_dat_pages_offset(const struct sh_dat_pages *p);

void sh_dat_pages_release(struct sh_dat_pages *p);

#endif
