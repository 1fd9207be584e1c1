/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A trace.dat as libtracecmd needs to see it when schedhang reads the pages
 * itself. Opening a file whose pages are zstd-compressed, libtracecmd 1.3
 * reads the header of every chunk of every CPU with a read() and lseek()s
 * (14,000 chunks: 0.09 s on a VM, and the probe child does it again), yet
 * the reader asks it for one record per CPU, the first, to check that it
 * agrees with its own cursor (source-dat.c). The view keeps the chunks up
 * to the one holding that first event: a prefix of the table, so its first
 * record is the file's. Should libtracecmd find its first record further
 * on, the two disagree and the reader opens the file itself.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "read/dat-pages.h"
#include "read/dat-view.h"

/* One CPU's data in the file, and what of it the view keeps */
struct range {
	uint64_t off, end;		/* the chunk count, then the chunks: [off, end) */
	uint64_t keep;			/* the view holds [off, keep) */
	uint32_t count;			/* the chunks it holds */
};

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return (x->off > y->off) - (x->off < y->off);
}

/*
 * The chunks of @cd up to the one that holds its first event, as the page
 * cursor reads them (all of them when it finds none). False when the
 * cursor fails there: corrupt or short data is left to the reader.
 */
static bool first_chunks(int fd, uint64_t size, const struct sh_dat_layout *lay,
			 const struct sh_dat_cpu_data *cd, struct range *r)
{
	struct sh_dat_pages p;
	uint64_t len = sh_dat_cpu_data_len(lay, cd, size);
	bool ok = sh_dat_pages_init_zstd_fd(&p, fd, cd->off, len, lay->page_size, lay->long_size,
					    lay->big_endian, false) == 0 &&
		  sh_dat_pages_next(&p) >= 0;

	if (ok) {
		*r = (struct range){ .off = cd->off, .end = cd->off + len };
		r->count = sh_dat_pages_chunks_read(&p, &r->keep);
	}
	sh_dat_pages_release(&p);
	return ok;
}

/* @len bytes at @off of @from to the same offset of @to. */
static bool copy(int from, int to, uint64_t off, uint64_t len, unsigned char *buf, size_t cap)
{
	while (len) {
		size_t want = len < cap ? (size_t)len : cap;
		ssize_t n = pread(from, buf, want, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || pwrite(to, buf, (size_t)n, (off_t)off) != n)
			return false;
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return true;
}

/* Write the view of @fd into @view: @r[0..@n) sorted, apart. */
static bool fill(int fd, int view, uint64_t size, const struct range *r, size_t n, bool big_endian)
{
	size_t cap = 1u << 20;
	unsigned char *buf = malloc(cap);
	uint64_t at = 0;
	bool ok = buf != NULL;

	for (size_t i = 0; i < n && ok; i++) {
		unsigned char count[4];

		for (unsigned b = 0; b < 4; b++)
			count[b] = (unsigned char)(r[i].count >> (8 * (big_endian ? 3 - b : b)));
		ok = copy(fd, view, at, r[i].off - at, buf, cap) &&
		     pwrite(view, count, 4, (off_t)r[i].off) == 4 &&
		     copy(fd, view, r[i].off + 4, r[i].keep - r[i].off - 4, buf, cap);
		at = r[i].end;
	}
	ok = ok && copy(fd, view, at, size - at, buf, cap);
	free(buf);
	return ok;
}

int sh_dat_view_open(int fd, uint64_t size, const struct sh_dat_layout *layout)
{
	struct range *r = layout->zstd && layout->n ? malloc(layout->n * sizeof(*r)) : NULL;
	int view = -1;
	bool ok = r != NULL;

	for (size_t i = 0; i < layout->n && ok; i++)
		ok = first_chunks(fd, size, layout, &layout->cpu[i], &r[i]);
	if (ok)
		qsort(r, layout->n, sizeof(*r), cmp_range);
	for (size_t i = 1; i < layout->n && ok; i++)
		ok = r[i].off >= r[i - 1].end;
	if (ok && (view = memfd_create("schedhang-view", MFD_CLOEXEC)) >= 0 &&
	    (ftruncate(view, (off_t)size) < 0 || !fill(fd, view, size, r, layout->n,
							 layout->big_endian))) {
		close(view);
		view = -1;
	}
	free(r);
	return view;
}
