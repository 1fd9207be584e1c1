/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cheap structural checks of a trace.dat before libtracecmd reads it:
 * libtracecmd 1.3.1 crashes or double-frees on some truncated files, so the
 * section tables are walked here (libc only, pread() on the file).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "read/dat-check.h"
#include "read/dat-pages.h"

/*
 * More CPUs than Linux allows (8192) by far: the count is corrupt. A count
 * is only a number in the file (a CPUCOUNT option, a v7 buffer's), and
 * libtracecmd sets up every CPU it names.
 */
#define MAX_CPUS (1u << 16)

/* trace.dat options that schedhang checks */
enum { OPT_BUFFER = 3, OPT_CPUCOUNT = 8 };

/* Bounded reader over the file for the v6 layout check. */
struct cursor {
	int fd;
	uint64_t off, size;
	bool big_endian, bad;
	uint64_t printk_bad;	/* offset of a printk section libtraceevent misreads, or 0 */
	uint64_t kallsyms_bad;	/* offset of a kallsyms length libtracecmd overflows, or 0 */
};

static uint64_t rd(struct cursor *c, unsigned n)
{
	unsigned char b[8];
	uint64_t v = 0;

	if (c->bad || c->off + n > c->size || pread(c->fd, b, n, (off_t)c->off) != (ssize_t)n) {
		c->bad = true;
		return 0;
	}
	c->off += n;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)b[c->big_endian ? n - 1 - i : i] << (8 * i);
	return v;
}

static void skip(struct cursor *c, uint64_t n)
{
	if (n > c->size - c->off)
		c->bad = true;
	else
		c->off += n;
}

/* Skip a NUL-terminated string; false if it does not end within 4 KiB. */
static bool skip_str(struct cursor *c, const char *want)
{
	char buf[4096];
	ssize_t n;
	size_t len;

	if (c->bad)
		return false;
	n = pread(c->fd, buf, sizeof(buf), (off_t)c->off);
	if (n <= 0 || !memchr(buf, '\0', (size_t)n)) {
		c->bad = true;
		return false;
	}
	len = strlen(buf);
	if (want && strcmp(buf, want) != 0)
		return false;
	c->off += len + 1;
	return true;
}

/*
 * A v6 file lists each CPU's data as (offset, size) after its headers, and
 * each instance buffer's the same way at the offset its BUFFER option gives.
 * libtracecmd 1.3.1 crashes on some v6 files cut inside the data (a NULL
 * dereference in its error path), so walk the sections first and refuse a
 * file that ends before the data it announces.
 */
/* Skip the v6 header sections up to the CPU count; returns it (c->bad on failure). */
/*
 * libtraceevent 1.7's tep_parse_printk_formats() reads past its buffer on
 * a line without "ADDR:" followed by at least one character (it skips the
 * byte after the colon). Kernel lines are 'ADDR : "FORMAT"'. Is every line
 * of the @len-byte section at c->off safe (up to a NUL, where it stops)?
 */
static bool printk_ok(const struct cursor *c, uint64_t len)
{
	char *buf;
	bool ok = true;

	if (len == 0 || len > c->size - c->off)
		return true;				/* empty, or truncation: reported elsewhere */
	buf = malloc(len + 1);
	if (!buf || pread(c->fd, buf, len, (off_t)c->off) != (ssize_t)len) {
		free(buf);
		return true;				/* cannot tell: leave it to the library */
	}
	buf[len] = '\0';
	for (char *line = buf, *next; ok && *line; line = next) {
		char *p = line + strspn(line, ":"), *colon;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (!*line)
			continue;			/* empty lines are skipped */
		colon = strchr(p, ':');
		ok = *p && colon && colon[1];
	}
	free(buf);
	return ok;
}

static uint64_t skip_v6_headers(struct cursor *c)
{
	uint64_t n;

	c->off = DAT_MAGIC_LEN + 2 + 1 + 1 + 4;	/* magic, "6\0", endian, long size, page size */
	if (!skip_str(c, "header_page") || (skip(c, rd(c, 8)), !skip_str(c, "header_event"))) {
		c->bad = true;
		return 0;
	}
	skip(c, rd(c, 8));
	for (n = rd(c, 4); n-- && !c->bad;)		/* ftrace formats */
		skip(c, rd(c, 8));
	for (uint64_t sys = rd(c, 4); sys-- && !c->bad;) {	/* event systems */
		skip_str(c, NULL);
		for (n = rd(c, 4); n-- && !c->bad;)
			skip(c, rd(c, 8));
	}
	n = rd(c, 4);					/* kallsyms */
	/* libtracecmd 1.3.1 allocates length + 1 bytes in 32 bits, then reads length */
	if (!c->bad && n == UINT32_MAX)
		c->kallsyms_bad = c->off - 4;
	skip(c, n);
	n = rd(c, 4);					/* printk formats */
	if (!c->bad && !printk_ok(c, n))
		c->printk_bad = c->off;
	skip(c, n);
	skip(c, rd(c, 8));				/* cmdlines */
	return rd(c, 4);
}

/*
 * Each ring-buffer page starts with a timestamp and a commit word (a long)
 * whose low 27 bits are the data size. libtraceevent 1.7's kbuffer trusts
 * that size and reads past the page when it is corrupt, so check every
 * page of the @len bytes at @off (v6 stores them uncompressed). The pages
 * are read 64 at a time: a pread() per page cost a fifth of a report's
 * time, and a mapping of a file that shrinks meanwhile dies of SIGBUS.
 */
static int check_pages(const struct cursor *c, const char *path, uint64_t off, uint64_t len,
		       unsigned page, unsigned lsize)
{
	size_t chunk = 64 * (size_t)page;
	unsigned char *buf;
	int r = 0;

	if (len < 8 + lsize)
		return 0;
	buf = malloc(chunk);
	if (!buf)
		return sh_error("cannot read '%s': out of memory", path);
	for (uint64_t at = off; at <= off + len - 8 - lsize && !r; at += chunk) {
		size_t want = off + len - at < chunk ? (size_t)(off + len - at) : chunk;
		ssize_t got = pread(c->fd, buf, want, (off_t)at);

		if (got != (ssize_t)want) {
			r = sh_error("cannot read '%s': the file ends before its data at offset %llu "
				     "(it shrank while being read?)", path, (unsigned long long)at);
			break;
		}
		for (size_t p = 0; p + 8 + lsize <= want && !r; p += page) {
			uint64_t commit = 0;

			for (unsigned i = 0; i < lsize; i++)
				commit |= (uint64_t)buf[p + 8 + (c->big_endian ? lsize - 1 - i : i)]
					  << (8 * i);
			commit &= (1u << 27) - 1;
			if (commit > page - 8 - lsize)
				r = sh_error("cannot read '%s': corrupt trace.dat: page at offset %llu "
					     "holds %llu bytes, more than a %u-byte page", path,
					     (unsigned long long)(at + p), (unsigned long long)commit,
					     page);
		}
	}
	free(buf);
	return r;
}

/*
 * The chunk count and the first chunk's sizes of @cd's compressed data:
 * libtracecmd allocates both sizes as they are while opening the file (a
 * corrupt 4 GiB is seconds of work, or the memory), and takes a count of 0
 * for a CPU without data. The page cursor checks each chunk it reads the
 * same way. Data the file does not hold is left to the reader (it shrank).
 */
static int check_first_chunk(const struct cursor *from, const char *path,
			     const struct sh_dat_cpu_data *cd)
{
	struct cursor c = *from;
	uint64_t count, csize, usize, room = cd->len < 8 ? 0 : cd->len - 8;

	c.off = cd->off;
	count = rd(&c, 4);
	csize = rd(&c, 4);
	usize = rd(&c, 4);
	if (c.bad)
		return 0;
	if (count == 0)
		return sh_error("cannot read '%s': corrupt trace.dat: CPU %u data at offset %llu: "
				"%llu bytes, but a chunk count of 0", path, cd->cpu,
				(unsigned long long)cd->off, (unsigned long long)cd->len);
	if (csize == 0)
		return sh_error("cannot read '%s': corrupt trace.dat: CPU %u chunk at offset %llu "
				"holds no compressed bytes", path, cd->cpu,
				(unsigned long long)cd->off + 4);
	if (csize > room)
		return sh_error("cannot read '%s': corrupt trace.dat: CPU %u chunk at offset %llu: "
				"%llu compressed bytes, more than the %llu of its data", path, cd->cpu,
				(unsigned long long)cd->off + 4, (unsigned long long)csize,
				(unsigned long long)room);
	if (usize == 0 || usize > SH_DAT_MAX_CHUNK)
		return sh_error("cannot read '%s': corrupt trace.dat: CPU %u chunk at offset %llu "
				"decompresses to %llu bytes", path, cd->cpu,
				(unsigned long long)cd->off + 4, (unsigned long long)usize);
	return 0;
}

static int cmp_off(const void *a, const void *b)
{
	const struct sh_dat_cpu_data *x = *(const struct sh_dat_cpu_data *const *)a;
	const struct sh_dat_cpu_data *y = *(const struct sh_dat_cpu_data *const *)b;

	return (x->off > y->off) - (x->off < y->off);
}

/*
 * Every CPU's data of @lay: the (offset, size) ranges must not overlap
 * (trace-cmd writes them one after the other; 200,000 CPUs sharing the same
 * pages made the page check quadratic), then the pages of uncompressed data
 * are checked, each once: all of them, or (@all_pages false) each CPU's
 * first, the only one libtracecmd reads while opening the file; of
 * compressed data, the first chunk's header.
 * 0, or -1 (reported).
 */
static int check_data(const struct cursor *c, const char *path, const struct sh_dat_layout *lay,
		      unsigned lsize, bool all_pages)
{
	const struct sh_dat_cpu_data **v = malloc((lay->n + 1) * sizeof(*v));
	size_t n = 0;
	int r = 0;

	if (!v)
		return sh_error("cannot read '%s': out of memory", path);
	for (size_t i = 0; i < lay->n; i++)
		if (lay->cpu[i].len)
			v[n++] = &lay->cpu[i];
	qsort(v, n, sizeof(*v), cmp_off);
	for (size_t i = 1; i < n && !r; i++)
		if (v[i]->off < v[i - 1]->off + v[i - 1]->len)
			r = sh_error("cannot read '%s': corrupt trace.dat: CPU %u data at offset %llu "
				     "overlaps CPU %u's", path, v[i]->cpu,
				     (unsigned long long)v[i]->off, v[i - 1]->cpu);
	for (size_t i = 0; i < n && !r && lay->zstd; i++)
		r = check_first_chunk(c, path, v[i]);
	for (size_t i = 0; i < n && !r && !lay->zstd; i++)
		r = check_pages(c, path, v[i]->off, all_pages || v[i]->len < lay->page_size ?
				v[i]->len : lay->page_size, lay->page_size, lsize);
	free(v);
	return r;
}

/* Append (@buf, @cpu, @off, @len) to @layout; false when out of memory. */
static bool layout_add(struct sh_dat_layout *layout, unsigned buf, unsigned cpu, uint64_t off,
		       uint64_t len)
{
	struct sh_dat_cpu_data *p;

	/* doubling: a file may list 65536 CPUs per buffer */
	if (layout->n == layout->cap) {
		size_t cap = layout->cap ? 2 * layout->cap : 64;

		p = realloc(layout->cpu, cap * sizeof(*p));
		if (!p)
			return false;
		layout->cpu = p;
		layout->cap = cap;
	}
	layout->cpu[layout->n++] = (struct sh_dat_cpu_data){ buf, cpu, off, len };
	return true;
}

static int check_v6(const char *path, int fd, uint64_t size, const unsigned char *hdr,
		    struct sh_dat_layout *layout)
{
	enum { MAX_BUFFERS = 64 };
	struct cursor c = { .fd = fd, .size = size, .big_endian = hdr[DAT_MAGIC_LEN + 2] != 0 };
	struct sh_dat_layout lay = { 0 };
	uint64_t ncpus, page, bufs[MAX_BUFFERS];
	unsigned nbuf = 0, lsize = hdr[DAT_MAGIC_LEN + 3] == 4 ? 4 : 8;
	int r = 0;

	c.off = DAT_MAGIC_LEN + 2 + 1 + 1;
	page = rd(&c, 4);
	if (c.bad)
		goto trunc;
	if (page < 8 + lsize || page > (1u << 27))
		return sh_error("cannot read '%s': corrupt trace.dat: page size %llu", path,
				(unsigned long long)page);
	lay.page_size = (unsigned)page;

	ncpus = skip_v6_headers(&c);
	if (c.bad)
		goto trunc;
	if (c.printk_bad)
		return sh_error("cannot read '%s': corrupt trace.dat: printk formats at offset %llu",
				path, (unsigned long long)c.printk_bad);
	if (c.kallsyms_bad)
		return sh_error("cannot read '%s': corrupt trace.dat: kallsyms length at offset %llu",
				path, (unsigned long long)c.kallsyms_bad);
	/* libtracecmd loops over the CPU count even without data: 2^32 takes seconds */
	if (ncpus > MAX_CPUS)
		return sh_error("cannot read '%s': corrupt trace.dat: %llu CPUs", path,
				(unsigned long long)ncpus);
	if (skip_str(&c, "options  ")) {
		for (uint16_t id; (id = (uint16_t)rd(&c, 2)) && !c.bad;) {
			uint64_t len = rd(&c, 4);

			if (id == OPT_BUFFER && len >= 8 && nbuf < MAX_BUFFERS) {
				bufs[nbuf++] = rd(&c, 8);	/* then the name */
				len -= 8;
			} else if (id == OPT_CPUCOUNT && len >= 4) {
				uint64_t n = rd(&c, 4);

				len -= 4;
				if (n > MAX_CPUS)
					return sh_error("cannot read '%s': corrupt trace.dat: a CPU count "
							"option of %llu CPUs", path, (unsigned long long)n);
			}
			skip(&c, len);
		}
	}
	if (c.bad)
		goto trunc;
	if (!skip_str(&c, "flyrecord"))
		return 0;				/* latency or unknown: leave it to libtracecmd */
	/* the top level's CPU table, then each instance's ("flyrecord" + table) */
	for (unsigned b = 0; !r; b++) {
		for (uint64_t cpu = 0; cpu < ncpus && !c.bad && !r; cpu++) {
			uint64_t off = rd(&c, 8), len = rd(&c, 8);

			if (c.bad)
				break;
			if (off > size || len > size - off)
				r = sh_error("cannot read '%s': truncated trace.dat: CPU %llu data "
					     "ends at offset %llu, the file at %llu", path,
					     (unsigned long long)cpu, (unsigned long long)(off + len),
					     (unsigned long long)size);
			else if (!layout_add(&lay, b, (unsigned)cpu, off, len))
				r = sh_error("cannot read '%s': out of memory", path);
		}
		if (c.bad && !r)
			goto trunc;
		if (r)
			break;
		lay.nbuf++;
		lay.long_size = lsize;
		lay.big_endian = c.big_endian;
		if (b == nbuf && (r = check_data(&c, path, &lay, lsize, !layout)) == 0) {
			/* complete: hand it over */
			if (layout)
				*layout = lay;
			else
				sh_dat_layout_clear(&lay);
			return 0;
		}
		if (r)
			break;
		if (bufs[b] >= size) {
			r = sh_error("cannot read '%s': truncated trace.dat: buffer at offset %llu, "
				     "the file ends at %llu", path, (unsigned long long)bufs[b],
				     (unsigned long long)size);
			break;
		}
		c.off = bufs[b];
		if (!skip_str(&c, "flyrecord")) {	/* not for us: libtracecmd decides */
			r = check_data(&c, path, &lay, lsize, true);
			break;
		}
	}
	sh_dat_layout_clear(&lay);
	return r;
trunc:
	sh_dat_layout_clear(&lay);
	return sh_error("cannot read '%s': truncated trace.dat: header section at offset %llu "
			"runs past the end (%llu bytes)", path, (unsigned long long)c.off,
			(unsigned long long)size);
}

/*
 * One v7 BUFFER option (the cursor at its data, @end its end): name, clock,
 * page size and the (CPU, offset, size) of each CPU's data. Adds them to
 * @lay as buffer @buf; *@top = @buf for the top level (empty name). False
 * when it is not what schedhang reads in place.
 */
static bool buffer_v7(struct cursor *c, uint64_t end, struct sh_dat_layout *lay, unsigned buf,
		      int *top)
{
	uint64_t n;

	rd(c, 8);				/* the flyrecord section's offset */
	if (rd(c, 1) == 0)
		*top = (int)buf;
	else if (c->off--, !skip_str(c, NULL))
		return false;
	if (!skip_str(c, NULL) || rd(c, 4) != lay->page_size)	/* clock; page size */
		return false;
	n = rd(c, 4);
	if (n > MAX_CPUS)
		return false;
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		unsigned cpu = (unsigned)rd(c, 4);
		uint64_t off = rd(c, 8), len = rd(c, 8);

		if (c->bad || off > c->size || len > c->size - off)
			return false;
		if (len && !layout_add(lay, buf, cpu, off, len))
			return false;
	}
	return !c->bad && c->off <= end;
}

/*
 * Where a v7 file's flyrecord data is: the options sections from @opt on,
 * their BUFFER options. Left empty for what libtracecmd alone reads
 * (compressed options, another compression than zstd, odd page sizes).
 * -1 (reported) for an absurd CPU count option, else 0.
 */
static int layout_v7(struct cursor *c, const char *path, uint64_t opt, const char *compression,
		     unsigned page, struct sh_dat_layout *layout)
{
	struct sh_dat_layout lay = { .page_size = page, .zstd = strcmp(compression, "zstd") == 0 };
	unsigned nsections = 0, nbuf = 0;
	int top = -1;

	if (!lay.zstd && strcmp(compression, "none") != 0)
		return 0;
	for (; opt && nsections < 1024; nsections++) {
		uint64_t size, end;

		c->off = opt;
		opt = 0;
		if (rd(c, 2) != 0 || (rd(c, 2) & 1))	/* an options section, not compressed */
			goto unknown;
		rd(c, 4);
		size = rd(c, 8);
		if (c->bad || size > c->size - c->off)
			goto unknown;
		for (end = c->off + size; c->off + 6 <= end && !c->bad;) {
			unsigned id = (unsigned)rd(c, 2);
			uint64_t len = rd(c, 4), next = c->off + len, cpus;

			if (c->bad || len > end - c->off)
				goto unknown;
			if (id == 0) {			/* DONE: the next options section */
				opt = rd(c, 8);
				break;
			}
			if (id == OPT_BUFFER && !buffer_v7(c, next, &lay, nbuf++, &top))
				goto unknown;
			if (id == OPT_CPUCOUNT && len >= 4 && (cpus = rd(c, 4)) > MAX_CPUS) {
				sh_dat_layout_clear(&lay);
				return sh_error("cannot read '%s': corrupt trace.dat: a CPU count "
						"option of %llu CPUs", path, (unsigned long long)cpus);
			}
			c->off = next;
		}
	}
	if (opt || c->bad)
		goto unknown;
	/* number the buffers as libtracecmd does: the top level first */
	for (size_t i = 0; i < lay.n; i++) {
		unsigned b = lay.cpu[i].buf;

		lay.cpu[i].buf = (int)b == top ? 0 : top < 0 || (int)b < top ? b + 1 : b;
	}
	lay.nbuf = top < 0 ? nbuf + 1 : nbuf;
	*layout = lay;
	return 0;
unknown:
	sh_dat_layout_clear(&lay);
	return 0;
}

/*
 * v7: compression name and version, then the offset of the first options
 * section. libtracecmd 1.3.1 double-frees when the file ends inside that
 * offset, so check it is there and points inside the file. Uncompressed
 * pages are checked as in v6.
 */
static int check_v7(const char *path, int fd, uint64_t size, const unsigned char *hdr,
		    struct sh_dat_layout *layout)
{
	struct cursor c = { .fd = fd, .size = size, .big_endian = hdr[DAT_MAGIC_LEN + 2] != 0 };
	struct sh_dat_layout lay = { 0 };
	unsigned lsize = hdr[DAT_MAGIC_LEN + 3] == 4 ? 4 : 8;
	uint64_t opt, page;

	c.off = DAT_MAGIC_LEN + 2 + 1 + 1;
	page = rd(&c, 4);
	skip_str(&c, NULL);			/* compression algorithm */
	skip_str(&c, NULL);			/* its version */
	opt = rd(&c, 8);
	if (c.bad)
		return sh_error("cannot read '%s': truncated trace.dat header", path);
	if (opt >= size)
		return sh_error("cannot read '%s': truncated trace.dat: options at offset %llu, "
				"the file ends at %llu", path, (unsigned long long)opt,
				(unsigned long long)size);
	if (page < 8 + lsize || page > (1u << 27))
		return 0;			/* libtracecmd decides */
	if (layout_v7(&c, path, opt, (const char *)hdr + DAT_MAGIC_LEN + 2 + 1 + 1 + 4,
		      (unsigned)page, &lay) < 0)
		return -1;
	lay.long_size = lsize;
	lay.big_endian = c.big_endian;
	if (check_data(&c, path, &lay, lsize, !layout) < 0) {
		sh_dat_layout_clear(&lay);
		return -1;
	}
	if (layout)
		*layout = lay;
	else
		sh_dat_layout_clear(&lay);
	return 0;
}

int sh_dat_check_pages(const char *path, int fd, const struct sh_dat_layout *layout)
{
	struct cursor c = { .fd = fd, .big_endian = layout->big_endian };

	if (!layout->nbuf)
		return 0;
	return check_data(&c, path, layout, layout->long_size, true);
}

uint64_t sh_dat_cpu_data_len(const struct sh_dat_layout *layout,
			     const struct sh_dat_cpu_data *cd, uint64_t size)
{
	uint64_t len = cd->len + (layout->zstd ? 4 : 0);

	/* data past the end (the file shrank) is left whole: reading it says so */
	return cd->off <= size && len > size - cd->off ? size - cd->off : len;
}

void sh_dat_layout_clear(struct sh_dat_layout *layout)
{
	free(layout->cpu);
	*layout = (struct sh_dat_layout){ 0 };
}

int sh_dat_check_layout(const char *path, int fd, uint64_t size, const unsigned char *hdr,
			struct sh_dat_layout *layout)
{
	const char *version = (const char *)hdr + DAT_MAGIC_LEN;

	if (layout)
		*layout = (struct sh_dat_layout){ 0 };
	if (strcmp(version, "6") == 0)
		return check_v6(path, fd, size, hdr, layout);
	if (strcmp(version, "7") == 0)
		return check_v7(path, fd, size, hdr, layout);
	return 0;
}
