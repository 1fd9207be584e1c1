/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_DAT_CHECK_H
#define SH_SOURCE_DAT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length of the trace.dat magic "\x17\x08\x44tracing" */
#define DAT_MAGIC_LEN 10

/* Where one CPU's ring-buffer pages of one buffer are in the file */
struct sh_dat_cpu_data {
	unsigned buf;			/* 0 = the top level, then the instances in file order */
	unsigned cpu;
	uint64_t off, len;		/* of the pages, or for compressed data of the chunk table */
};

/*
 * The flyrecord data of a v6 or v7 file: where each buffer's CPUs are.
 * With @zstd the data of every CPU is a table of zstd-compressed chunks
 * (v7); otherwise plain pages.
 */
struct sh_dat_layout {
	unsigned page_size;
	unsigned long_size;		/* of a page header's commit word: 4 or 8 */
	unsigned nbuf;			/* buffers (0: the layout is unknown) */
	bool zstd, big_endian;
	struct sh_dat_cpu_data *cpu;	/* owned; n entries of cap */
	size_t n, cap;
};

/*
 * Check that the file @fd (@size bytes, first bytes @hdr, NUL-terminated,
 * at least DAT_MAGIC_LEN + 8 of them) holds the sections its header
 * announces: v6 CPU data tables of every buffer and the header of every
 * page in them, v7 options offset. For a flyrecord file whose data schedhang
 * can read in place (v6, v7 uncompressed or zstd), @layout (if not NULL)
 * receives where the data is, and only each CPU's first page, or its chunk
 * count and first chunk's sizes, are checked (all that libtracecmd reads
 * while opening the file): the page cursor checks every page it reads, and
 * sh_dat_check_pages() the others before libtracecmd reads them. Otherwise
 * @layout is left empty (nbuf 0).
 * 0, or -1 after reporting "cannot read '@path': truncated ..." or "corrupt ...".
 */
int sh_dat_check_layout(const char *path, int fd, uint64_t size, const unsigned char *hdr,
			struct sh_dat_layout *layout);

/*
 * The header of every uncompressed page of @layout (from
 * sh_dat_check_layout()) in file @fd, before libtracecmd reads them: its
 * kbuffer trusts a page's commit size. 0, or -1 (reported as there).
 */
int sh_dat_check_pages(const char *path, int fd, const struct sh_dat_layout *layout);

/*
 * The bytes of @cd's data (from @layout) in a file of @size bytes: its
 * pages, or its chunk count and chunks (a v7 BUFFER option's size of
 * compressed data leaves out the count), cut at the end of the file when
 * it starts before it.
 */
uint64_t sh_dat_cpu_data_len(const struct sh_dat_layout *layout,
			     const struct sh_dat_cpu_data *cd, uint64_t size);

/* Free what @layout owns; it is empty after. */
void sh_dat_layout_clear(struct sh_dat_layout *layout);

#endif
