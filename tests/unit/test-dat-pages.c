/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ring-buffer pages read in place (src/read/dat-pages.c), from annotated
 * bytes: events and their timestamps across pages, missed-event flags,
 * empty pages, and corrupt pages that must stop the reader rather than
 * reach past the page; zstd-compressed chunks of pages (trace.dat v7).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zstd.h>

#include "read/dat-pages.h"

#define PAGE 256
#define HDR 16			/* u64 time stamp, u64 commit */
#define MISSED (1ull << 31)	/* commit flag: events were lost before this page */
#define MISSED_STORED (1ull << 30)	/* ... and their count follows the data */

struct pages {
	unsigned char buf[4 * PAGE];
	unsigned npages;
	size_t at;		/* write position in the current page */
};

static void put(unsigned char *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));	/* little endian */
}

static uint64_t get(const unsigned char *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static unsigned char *page(struct pages *ps, uint64_t ts)
{
	unsigned char *p = ps->buf + ps->npages++ * PAGE;

	put(p, ts, 8);
	ps->at = HDR;
	return p;
}

/* An event of @len (multiple of 4, <= 112) data bytes @delta ns after the previous. */
static void event(struct pages *ps, unsigned char *p, uint32_t delta, unsigned len, unsigned char fill)
{
	put(p + ps->at, (uint64_t)(len / 4) | (uint64_t)delta << 5, 4);	/* type_len, time_delta */
	memset(p + ps->at + 4, fill, len);
	ps->at += 4 + len;
	put(p + 8, ps->at - HDR, 8);					/* commit */
}

static void start(struct sh_dat_pages *r, struct pages *ps)
{
	assert_int_equal(sh_dat_pages_init(r, ps->buf, ps->buf, (uint64_t)ps->npages * PAGE, PAGE,
					   8, false, false), 0);
}

static void test_events_across_pages(void **state)
{
	struct pages ps = { 0 };
	struct sh_dat_pages r;
	unsigned char *p;

	(void)state;
	p = page(&ps, 1000);
	event(&ps, p, 5, 8, 0x11);
	event(&ps, p, 10, 4, 0x22);
	p = page(&ps, 2000);
	event(&ps, p, 1, 12, 0x33);
	start(&r, &ps);
	assert_int_equal(sh_dat_pages_next(&r), 1);
	assert_int_equal(r.ts, 1005);
	assert_int_equal(r.size, 8);
	assert_int_equal(((const unsigned char *)r.data)[0], 0x11);
	assert_int_equal(r.missed, 0);
	assert_int_equal(sh_dat_pages_next(&r), 1);
	assert_int_equal(r.ts, 1015);
	assert_int_equal(r.size, 4);
	assert_int_equal(sh_dat_pages_next(&r), 1);
	assert_int_equal(r.ts, 2001);
	assert_int_equal(r.size, 12);
	assert_int_equal(((const unsigned char *)r.data)[11], 0x33);
	assert_int_equal(sh_dat_pages_next(&r), 0);
	assert_int_equal(sh_dat_pages_next(&r), 0);
	sh_dat_pages_release(&r);
}

static void test_missed_events(void **state)
{
	struct pages ps = { 0 };
	struct sh_dat_pages r;
	unsigned char *p;

	(void)state;
	p = page(&ps, 100);
	event(&ps, p, 1, 4, 1);
	p = page(&ps, 200);		/* lost an unknown number before it */
	event(&ps, p, 1, 4, 2);
	put(p + 8, (ps.at - HDR) | MISSED, 8);
	p = page(&ps, 300);		/* empty, with 7 lost (stored after the data) ... */
	put(p + 8, MISSED | MISSED_STORED, 8);
	put(p + HDR, 7, 8);
	p = page(&ps, 400);		/* ... so they are reported before this page's event */
	event(&ps, p, 1, 4, 3);
	put(p + 8, (ps.at - HDR) | MISSED | MISSED_STORED, 8);
	put(p + ps.at, 5, 8);
	start(&r, &ps);
	assert_int_equal(sh_dat_pages_next(&r), 1);
	assert_int_equal(r.missed, 0);
	assert_int_equal(sh_dat_pages_next(&r), 1);
	assert_int_equal(r.ts, 201);
	assert_int_equal(r.missed, -1);
	assert_int_equal(sh_dat_pages_next(&r), 1);
	assert_int_equal(r.ts, 401);
	assert_int_equal(r.missed, 12);
	assert_int_equal(sh_dat_pages_next(&r), 0);
	sh_dat_pages_release(&r);
}

static void test_commit_past_page(void **state)
{
	struct pages ps = { 0 };
	struct sh_dat_pages r;
	unsigned char *p;

	(void)state;
	p = page(&ps, 100);
	event(&ps, p, 1, 4, 1);
	p = page(&ps, 200);
	put(p + 8, PAGE, 8);		/* more data than the page holds */
	start(&r, &ps);
	assert_int_equal(sh_dat_pages_next(&r), 1);
	assert_int_equal(sh_dat_pages_next(&r), -1);
	assert_int_equal(sh_dat_pages_offset(&r), PAGE);
	sh_dat_pages_release(&r);
}

static void test_event_past_commit(void **state)
{
	struct pages ps = { 0 };
	struct sh_dat_pages r;
	unsigned char *p;

	(void)state;
	p = page(&ps, 100);
	put(p + HDR, 1u << 5, 4);	/* type_len 0: the length is in the next word */
	put(p + HDR + 4, 4000, 4);	/* far past the page */
	put(p + 8, 16, 8);
	start(&r, &ps);
	assert_int_equal(sh_dat_pages_next(&r), -1);
	assert_int_equal(sh_dat_pages_offset(&r), 0);
	sh_dat_pages_release(&r);
}

static void test_truncated_data(void **state)
{
	struct pages ps = { 0 };
	struct sh_dat_pages r;
	unsigned char *p;

	(void)state;
	p = page(&ps, 100);
	event(&ps, p, 1, 40, 1);	/* commit 44, but only 30 bytes of the page are there */
	assert_int_equal(sh_dat_pages_init(&r, ps.buf, ps.buf, 30, PAGE, 8, false, false), 0);
	assert_int_equal(sh_dat_pages_next(&r), -1);
	sh_dat_pages_release(&r);
}

/* Append a raw record: header word of @type and @delta, then @words 32-bit words @w. */
static void record(struct pages *ps, unsigned char *p, unsigned type, uint32_t delta,
		   const uint32_t *w, unsigned words)
{
	put(p + ps->at, type | (uint64_t)delta << 5, 4);
	for (unsigned i = 0; i < words; i++)
		put(p + ps->at + 4 + 4 * i, w[i], 4);
	ps->at += 4 + 4 * words;
	put(p + 8, ps->at - HDR, 8);
}

/* Everything of @ps read with the cursor's own parsing (@parse) or kbuffer's alone. */
static unsigned read_all(struct pages *ps, bool parse, uint64_t *ts, unsigned *size, int *last,
			 bool *handed)
{
	struct sh_dat_pages r;
	unsigned n = 0;
	int ret;

	start(&r, ps);
	r.can_parse = parse;
	*handed = false;
	while ((ret = sh_dat_pages_next(&r)) == 1 && n < 16) {
		ts[n] = r.ts;
		size[n++] = r.size;
		*handed |= parse && !r.parse;
	}
	*last = ret;
	sh_dat_pages_release(&r);
	return n;
}

/*
 * Time extends, long events (length word), padding, and a discarded event
 * (padding with a time delta) that the cursor leaves to kbuffer: the same
 * events and times as kbuffer's own reading.
 */
static void test_parse_like_kbuffer(void **state)
{
	const uint32_t ext[] = { 3 }, big[] = { 4 + 120 }, pad[] = { 8, 0 };
	uint64_t ts1[16], ts2[16];
	unsigned sz1[16], sz2[16], n1, n2;
	struct pages ps = { 0 };
	unsigned char *p;
	int last1, last2;
	bool handed;

	(void)state;
	p = page(&ps, 5000);
	event(&ps, p, 7, 8, 1);
	record(&ps, p, 30, 11, ext, 1);		/* time extend: 3 << 27 + 11 */
	event(&ps, p, 2, 4, 2);
	record(&ps, p, 0, 5, big, 1);		/* a 120-byte event */
	ps.at += 120;
	put(p + 8, ps.at - HDR, 8);
	event(&ps, p, 1, 4, 3);
	p = page(&ps, 9000000000ull);
	event(&ps, p, 4, 4, 4);
	record(&ps, p, 29, 6, pad, 2);		/* a discarded event: kbuffer's from here */
	event(&ps, p, 3, 8, 5);
	event(&ps, p, 1, 4, 6);
	p = page(&ps, 9000001000ull);
	event(&ps, p, 2, 4, 7);
	n1 = read_all(&ps, true, ts1, sz1, &last1, &handed);
	assert_true(handed);		/* the discarded event went to kbuffer */
	n2 = read_all(&ps, false, ts2, sz2, &last2, &handed);
	assert_int_equal(last1, 0);
	assert_int_equal(last2, 0);
	assert_int_equal(n1, n2);
	assert_int_equal(n1, 8);
	assert_int_equal(ts1[1], 5000 + 7 + (3ull << 27) + 11 + 2);
	assert_int_equal(sz1[2], 120);
	for (unsigned i = 0; i < n1; i++) {
		assert_int_equal(ts1[i], ts2[i]);
		assert_int_equal(sz1[i], sz2[i]);
	}
}

/* A v7 chunk table of @ps's pages in chunks of @per pages; returns its length. */
static size_t chunks(const struct pages *ps, unsigned per, unsigned char *out, size_t cap)
{
	unsigned n = (ps->npages + per - 1) / per;
	size_t at = 4;

	put(out, n, 4);
	for (unsigned i = 0; i < n; i++) {
		unsigned np = ps->npages - i * per < per ? ps->npages - i * per : per;
		size_t z = ZSTD_compress(out + at + 8, cap - at - 8, ps->buf + i * per * PAGE,
					 np * PAGE, 1);

		assert_false(ZSTD_isError(z));
		put(out + at, z, 4);
		put(out + at + 4, np * PAGE, 4);
		at += 8 + z;
	}
	return at;
}

/*
 * @n pages, page i at (i + 1) us holding two 8-byte events filled with i,
 * 1 and 3 ns after the page's time.
 */
static void two_a_page(struct pages *ps, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned char *p = page(ps, 1000 * (i + 1));

		event(ps, p, 1, 8, (unsigned char)i);
		event(ps, p, 2, 8, (unsigned char)i);
	}
}

static void test_zstd_chunks(void **state)
{
	struct pages ps = { 0 };
	struct sh_dat_pages r;
	unsigned char z[4096];
	uint64_t end;
	size_t len;

	(void)state;
	two_a_page(&ps, 3);
	len = chunks(&ps, 2, z, sizeof(z));	/* two chunks: pages 0-1, page 2 */
	assert_int_equal(sh_dat_pages_init_zstd(&r, z, z, len, PAGE, 8, false, false), 0);
	assert_int_equal(sh_dat_pages_chunks_read(&r, &end), 0);
	assert_int_equal(end, 4);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(sh_dat_pages_next(&r), 1);
		assert_int_equal(r.ts, 1000 * (i + 1) + 1);
		assert_int_equal(((const unsigned char *)r.data)[0], i);
		/* the first chunk is read to the end of page 1's events, the second after */
		assert_int_equal(sh_dat_pages_chunks_read(&r, &end), i < 2 ? 1 : 2);
		assert_int_equal(end, i < 2 ? 4 + 8 + get(z + 4, 4) : len);
		assert_int_equal(sh_dat_pages_next(&r), 1);
		assert_int_equal(r.ts, 1000 * (i + 1) + 3);
	}
	assert_int_equal(sh_dat_pages_next(&r), 0);
	assert_int_equal(sh_dat_pages_chunks_read(&r, &end), 2);
	assert_int_equal(end, len);
	sh_dat_pages_release(&r);

	/* a chunk whose compressed size runs past the table: corrupt, at that chunk */
	assert_int_equal(sh_dat_pages_init_zstd(&r, z, z, len - 1, PAGE, 8, false, false), 0);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(sh_dat_pages_next(&r), 1);
	assert_int_equal(sh_dat_pages_next(&r), -1);
	assert_true(sh_dat_pages_offset(&r) > 4);
	sh_dat_pages_release(&r);

	/* a count short of the chunks: what follows the last counted one is corrupt, there */
	put(z, 1, 4);
	assert_int_equal(sh_dat_pages_init_zstd(&r, z, z, len, PAGE, 8, false, false), 0);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(sh_dat_pages_next(&r), 1);
	assert_int_equal(sh_dat_pages_next(&r), -1);
	assert_int_equal(sh_dat_pages_offset(&r), 4 + 8 + get(z + 4, 4));
	sh_dat_pages_release(&r);
	put(z, 0, 4);
	assert_int_equal(sh_dat_pages_init_zstd(&r, z, z, len, PAGE, 8, false, false), 0);
	assert_int_equal(sh_dat_pages_next(&r), -1);
	assert_int_equal(sh_dat_pages_offset(&r), 4);
	sh_dat_pages_release(&r);
	put(z, 2, 4);

	/* a decompressed size that is not what the chunk holds */
	put(z + 8, 3 * PAGE, 4);
	assert_int_equal(sh_dat_pages_init_zstd(&r, z, z, len, PAGE, 8, false, false), 0);
	assert_int_equal(sh_dat_pages_next(&r), -1);
	assert_int_equal(sh_dat_pages_offset(&r), 4);
	sh_dat_pages_release(&r);
}

/*
 * From a file: every chunk through the window of compressed data; a file
 * that shrank inside the third chunk fails there, as a short read.
 */
static void test_zstd_chunks_fd(void **state)
{
	char path[] = "/tmp/test-dat-pages.XXXXXX";
	struct pages ps = { 0 };
	struct sh_dat_pages r;
	unsigned char z[8192];
	size_t len, third = 4;
	int fd;

	(void)state;
	two_a_page(&ps, 4);
	len = chunks(&ps, 1, z, sizeof(z));	/* four chunks of a page */
	for (unsigned i = 0; i < 2; i++)
		third += 8 + (z[third] | z[third + 1] << 8 | z[third + 2] << 16);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, z, len), (ssize_t)len);
	assert_int_equal(sh_dat_pages_init_zstd_fd(&r, fd, 0, len, PAGE, 8, false, false), 0);
	for (unsigned i = 0; i < 8; i++) {
		assert_int_equal(sh_dat_pages_next(&r), 1);
		assert_int_equal(((const unsigned char *)r.data)[0], i / 2);
	}
	assert_int_equal(sh_dat_pages_next(&r), 0);
	assert_false(r.short_read);
	sh_dat_pages_release(&r);

	assert_int_equal(ftruncate(fd, (off_t)third + 8 + 1), 0);
	assert_int_equal(sh_dat_pages_init_zstd_fd(&r, fd, 0, len, PAGE, 8, false, false), 0);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(sh_dat_pages_next(&r), 1);
	assert_int_equal(sh_dat_pages_next(&r), -1);
	assert_true(r.short_read);
	assert_int_equal(sh_dat_pages_offset(&r), third);
	sh_dat_pages_release(&r);
	close(fd);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_across_pages),
		cmocka_unit_test(test_missed_events),
		cmocka_unit_test(test_commit_past_page),
		cmocka_unit_test(test_event_past_commit),
		cmocka_unit_test(test_truncated_data),
		cmocka_unit_test(test_zstd_chunks),
		cmocka_unit_test(test_zstd_chunks_fd),
		cmocka_unit_test(test_parse_like_kbuffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
