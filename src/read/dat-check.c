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
#include <sys/mman.h>
#include <unistd.h>

#include "core/error.h"
#include "read/dat-check.h"

/* More CPUs than Linux allows (8192) by far: the count is corrupt. */
#define MAX_CPUS (1u << 20)

/* Bounded reader over the file for the v6 layout check. */
struct cursor {
	int fd;
	uint64_t off, size;
	bool big_endian, bad;
	uint64_t printk_bad;	/* offset of a printk section libtraceevent misreads, or 0 */
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
	skip(c, rd(c, 4));				/* kallsyms */
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
 * are mapped, not read one by one: a pread() per page cost a fifth of a
 * report's time.
 */
static int check_pages(const struct cursor *c, const char *path, uint64_t off, uint64_t len,
		       unsigned page, unsigned lsize)
{
	uint64_t sys = (uint64_t)sysconf(_SC_PAGESIZE), start = off - off % sys;
	size_t maplen = (size_t)(off + len - start);
	const unsigned char *map;
	struct cursor pc = *c;

	if (len < 8 + lsize)
		return 0;
	map = mmap(NULL, maplen, PROT_READ, MAP_PRIVATE, c->fd, (off_t)start);
	for (uint64_t p = off; p <= off + len - 8 - lsize; p += page) {
		uint64_t commit = 0;

		if (map != MAP_FAILED) {
			const unsigned char *w = map + (p - start) + 8;

			for (unsigned i = 0; i < lsize; i++)
				commit |= (uint64_t)w[c->big_endian ? lsize - 1 - i : i] << (8 * i);
		} else {
			pc.off = p + 8;
			pc.bad = false;
			commit = rd(&pc, lsize);
		}
		commit &= (1u << 27) - 1;
		if (commit > page - 8 - lsize) {
			if (map != MAP_FAILED)
				munmap((void *)map, maplen);
			return sh_error("cannot read '%s': corrupt trace.dat: page at offset %llu "
					"holds %llu bytes, more than a %u-byte page", path,
					(unsigned long long)p, (unsigned long long)commit, page);
		}
	}
	if (map != MAP_FAILED)
		munmap((void *)map, maplen);
	return 0;
}

/* Append (@buf, @cpu, @off, @len) to @layout; false when out of memory. */
static bool layout_add(struct sh_dat_layout *layout, unsigned buf, unsigned cpu, uint64_t off,
		       uint64_t len)
{
	struct sh_dat_cpu_data *p;

	if (layout->n % 64 == 0) {
		p = realloc(layout->cpu, (layout->n + 64) * sizeof(*p));
		if (!p)
			return false;
		layout->cpu = p;
	}
	layout->cpu[layout->n++] = (struct sh_dat_cpu_data){ buf, cpu, off, len };
	return true;
}

static int check_v6(const char *path, int fd, uint64_t size, const unsigned char *hdr,
		    struct sh_dat_layout *layout)
{
	enum { OPT_BUFFER = 3, MAX_BUFFERS = 64 };
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
			else
				r = check_pages(&c, path, off, len, lay.page_size, lsize);
		}
		if (c.bad && !r)
			goto trunc;
		if (r)
			break;
		lay.nbuf++;
		if (b == nbuf) {
			/* complete: hand it over */
			if (layout)
				*layout = lay;
			else
				sh_dat_layout_clear(&lay);
			return 0;
		}
		if (bufs[b] >= size) {
			r = sh_error("cannot read '%s': truncated trace.dat: buffer at offset %llu, "
				     "the file ends at %llu", path, (unsigned long long)bufs[b],
				     (unsigned long long)size);
			break;
		}
		c.off = bufs[b];
		if (!skip_str(&c, "flyrecord"))
			break;			/* not for us: libtracecmd decides */
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
 */
static void layout_v7(struct cursor *c, uint64_t opt, const char *compression, unsigned page,
		      struct sh_dat_layout *layout)
{
	struct sh_dat_layout lay = { .page_size = page, .zstd = strcmp(compression, "zstd") == 0 };
	unsigned nsections = 0, nbuf = 0;
	int top = -1;

	if (!lay.zstd && strcmp(compression, "none") != 0)
		return;
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
			uint64_t len = rd(c, 4), next = c->off + len;

			if (c->bad || len > end - c->off)
				goto unknown;
			if (id == 0) {			/* DONE: the next options section */
				opt = rd(c, 8);
				break;
			}
			if (id == 3 && !buffer_v7(c, next, &lay, nbuf++, &top))
				goto unknown;
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
	return;
unknown:
	sh_dat_layout_clear(&lay);
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
	layout_v7(&c, opt, (const char *)hdr + DAT_MAGIC_LEN + 2 + 1 + 1 + 4, (unsigned)page, &lay);
	for (size_t i = 0; i < lay.n && !lay.zstd; i++)
		if (check_pages(&c, path, lay.cpu[i].off, lay.cpu[i].len, lay.page_size, lsize) < 0) {
			sh_dat_layout_clear(&lay);
			return -1;
		}
	if (layout)
		*layout = lay;
	else
		sh_dat_layout_clear(&lay);
	return 0;
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
