/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace.dat reader (v6, v7, v7+zstd). libtracecmd opens the file (headers,
 * event formats, buffers; dat-open.c), or a view of it without most of its
 * compressed pages (dat-view.c); the top-level buffer and every instance buffer
 * are merged per CPU into one time-ordered stream. The per-CPU pages (v6,
 * v7 plain or zstd-compressed) are read in place from a mapping of the file
 * (dat-pages.c), which is what tracecmd_read_data() does less a
 * record allocation per event and the decompressed chunks it keeps; other
 * files, and files whose timestamps libtracecmd adjusts, are read through
 * tracecmd_read_data(). Decoding is in dat-decode.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <trace-cmd.h>

#include "core/error.h"
#include "read/dat-check.h"
#include "read/dat-decode.h"
#include "read/dat-open.h"
#include "read/dat-pages.h"
#include "read/dat-view.h"
#include "read/source-dat.h"
#include "read/source-impl.h"

/*
 * Exported by libtracecmd 1.3 (configure pins 1.3.x) but declared only in
 * its private header: the trace's clock, uname, CPU count and page size.
 */
const char *tracecmd_get_trace_clock(struct tracecmd_input *handle);
const char *tracecmd_get_uname(struct tracecmd_input *handle);
int tracecmd_cpus(struct tracecmd_input *handle);
int tracecmd_page_size(struct tracecmd_input *handle);

/*
 * libtracecmd 1.3.1 leaks the clock name it sscanf()s while opening a v6
 * file (tracecmd_parse_trace_clock), and both libraries leak on their
 * error paths for corrupt files. Tell LeakSanitizer, when it is linked in,
 * so sanitizer builds stay clean; the unwinder often stops in libc.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tracecmd_parse_trace_clock\nleak:__isoc99_vsscanf\n"
	       "leak:libtracecmd.so\nleak:libtraceevent.so\n";
}

const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

static const char dat_magic[] = "\x17\x08\x44tracing";


struct handle {
	struct tracecmd_input *h;	/* borrowed from dat->libs */
	struct sh_dat_dec *dec;		/* owned */
	unsigned page_size;		/* of libtracecmd's pages */
};

/* One merge cursor: a (buffer, CPU) with data, read directly or through libtracecmd. */
struct stream {
	struct handle *hd;		/* borrowed from dat->handles */
	int cpu;
	size_t idx;			/* in dat->streams and dat->heads */
	bool direct;			/* pages is in use, not rec */
	bool lost_done;			/* the pending event's missed-events marker was delivered */
	struct sh_dat_pages pages;
	struct tep_record *rec;		/* owned; libtracecmd's pending record */
	/* the pending event; data NULL at the end */
	uint64_t ts;
	const void *data;		/* borrowed from the mapping or rec */
	unsigned size;
	int missed;			/* lost before it: > 0 count, -1 unknown, 0 none */
};

struct dat {
	struct sh_dat_libs libs;	/* owned: libtracecmd's handles */
	struct handle *handles;		/* owned; [0] = top level */
	size_t nhandles;
	struct stream *streams;		/* owned */
	uint64_t *heads;		/* owned; per stream: its pending event's time, or UINT64_MAX */
	size_t nstreams;
	struct sh_dat_layout layout;	/* where the pages are; nbuf 0 when unknown */
	int fd;				/* owned: the file, for direct reads; or -1 */
	uint64_t size;			/* its size when opened */
	bool viewed;			/* libtracecmd opened a view of it (dat-view.c) */
	size_t raw_max;			/* the longest raw record (dat_raw_max()) */
};

static bool dat_sniff(const unsigned char *buf, size_t len)
{
	return len >= DAT_MAGIC_LEN && memcmp(buf, dat_magic, DAT_MAGIC_LEN) == 0;
}

/* "trace.dat v7 (zstd)" from the file header: magic, version, endian, long size, page size, compression. */
static int read_header(struct sh_source *src, struct sh_dat_layout *layout)
{
	unsigned char buf[256];
	const char *path = src->info.path;
	ssize_t n;
	size_t vlen, off;
	/* non-blocking: a FIFO without a writer must not hang the open */
	int fd = open(path, O_RDONLY | O_NONBLOCK), r;
	struct stat st;

	if (fd < 0)
		return sh_error("cannot read '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		return sh_error("cannot read '%s': not a regular file (a trace.dat is read by offset)",
				path);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0 || fstat(fd, &st) < 0) {
		r = sh_error("cannot read '%s': %s", path, strerror(errno));
		close(fd);
		return r;
	}
	buf[n] = '\0';
	r = 0;
	if (!dat_sniff(buf, (size_t)n))
		r = sh_error("cannot read '%s': not a trace.dat file", path);
	vlen = r ? 0 : strnlen((char *)buf + DAT_MAGIC_LEN, (size_t)n - DAT_MAGIC_LEN);
	if (!r && (DAT_MAGIC_LEN + vlen + 7 >= (size_t)n || vlen == 0 || vlen > 3))
		r = sh_error("cannot read '%s': truncated trace.dat header", path);
	if (!r)
		r = sh_dat_check_layout(path, fd, (uint64_t)st.st_size, buf, layout);
	close(fd);
	if (r < 0)
		return -1;
	off = DAT_MAGIC_LEN + vlen + 1 + 1 + 1 + 4;	/* version NUL, endian, long size, page size */
	if (atoi((char *)buf + DAT_MAGIC_LEN) >= 7 && off < (size_t)n &&
	    strcmp((char *)buf + off, "none") != 0 && buf[off])
		snprintf(src->info.format, sizeof(src->info.format), "trace.dat v%s (%.16s)",
			 (char *)buf + DAT_MAGIC_LEN, (char *)buf + off);
	else
		snprintf(src->info.format, sizeof(src->info.format), "trace.dat v%s",
			 (char *)buf + DAT_MAGIC_LEN);
	return 0;
}

/* A handle with its decoder for each of libtracecmd's (d->libs). 0, or -1 (reported). */
static int take_handles(struct sh_source *src, struct dat *d)
{
	d->handles = calloc(d->libs.n, sizeof(*d->handles));
	if (!d->handles)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	for (size_t i = 0; i < d->libs.n; i++) {
		struct tracecmd_input *h = d->libs.h[i];

		d->handles[i] = (struct handle){ .h = h, .dec = sh_dat_dec_new(src, tracecmd_get_tep(h)),
						 .page_size = (unsigned)tracecmd_page_size(h) };
		d->nhandles++;
		if (!d->handles[i].dec)
			return sh_error("cannot read '%s': out of memory", src->info.path);
	}
	return 0;
}

static void drop_handles(struct dat *d)
{
	for (size_t i = 0; i < d->nhandles; i++)
		sh_dat_dec_free(d->handles[i].dec);
	free(d->handles);
	d->handles = NULL;
	d->nhandles = 0;
	sh_dat_libs_close(&d->libs);
}

static void drop_streams(struct dat *d)
{
	for (size_t i = 0; i < d->nstreams; i++) {
		sh_dat_pages_release(&d->streams[i].pages);
		if (d->streams[i].rec)
			tracecmd_free_record(d->streams[i].rec);
	}
	free(d->streams);
	free(d->heads);
	d->streams = NULL;
	d->heads = NULL;
	d->nstreams = 0;
}

/*
 * Open the file for direct page reads; without it libtracecmd reads
 * everything. The pages are read with pread(), not mapped: a mapped file
 * that shrinks while it is read kills the reader with SIGBUS.
 */
static void open_file(struct sh_source *src, struct dat *d)
{
	struct stat st;

	if (d->layout.nbuf == 0 || (d->fd = open(src->info.path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (fstat(d->fd, &st) == 0 && st.st_size > 0) {
		d->size = (uint64_t)st.st_size;
		return;
	}
	close(d->fd);
	d->fd = -1;
}

/*
 * The bytes of @rec's data inside its page: libtracecmd takes a record's size
 * from its ring-buffer length word without checking it against the page, so
 * the last record of a corrupt page can claim bytes past the page's buffer.
 * A record's offset is its page's (a multiple of the page size, or libtracecmd
 * refuses the page) plus where its header starts in the page.
 */
static unsigned record_size(const struct tep_record *rec, unsigned page_size)
{
	uint64_t hdr = rec->record_size > rec->size ? (uint64_t)(rec->record_size - rec->size) : 4;
	uint64_t at = (page_size ? rec->offset % page_size : 0) + hdr;
	uint64_t room = at < page_size ? page_size - at : 0;

	if (rec->size <= 0)
		return 0;
	return (uint64_t)rec->size < room || !page_size ? (unsigned)rec->size : (unsigned)room;
}

/* @s's pending event from @rec (owned, or NULL at the end). */
static void take_record(struct stream *s, struct tep_record *rec)
{
	if (s->rec)
		tracecmd_free_record(s->rec);
	s->rec = rec;
	s->data = rec ? rec->data : NULL;
	if (rec) {
		s->ts = rec->ts;
		s->size = record_size(rec, s->hd->page_size);
		s->missed = rec->missed_events > 0 ? (int)rec->missed_events :
			    rec->missed_events < 0 ? -1 : 0;
	}
}

/* @s's pending event from its pages after sh_dat_pages_next() returned @r >= 0. */
static void take_page_event(struct stream *s, int r)
{
	s->data = r > 0 ? s->pages.data : NULL;
	s->ts = s->pages.ts;
	s->size = s->pages.size;
	s->missed = s->pages.missed;
}

/* Report why @cpu's pages @p failed: the file shrank, or they are corrupt. -1. */
static int pages_error(const struct sh_source *src, int cpu, const struct sh_dat_pages *p)
{
	if (p->short_read)
		return sh_error("cannot read '%s': the file ends before CPU %d's data at offset %llu "
				"(it shrank while being read?)", src->info.path, cpu,
				(unsigned long long)sh_dat_pages_offset(p));
	return sh_error("cannot read '%s': corrupt trace.dat: CPU %d page at offset %llu",
			src->info.path, cpu, (unsigned long long)sh_dat_pages_offset(p));
}

/* Move @s to its next event; 0, or -1 on a corrupt page (reported). */
static int advance(struct sh_source *src, struct stream *s)
{
	struct dat *d = src->priv;
	int r;

	s->lost_done = false;
	if (!s->direct) {
		take_record(s, tracecmd_read_data(s->hd->h, s->cpu));
	} else {
		r = sh_dat_pages_next(&s->pages);
		if (r < 0)
			return pages_error(src, s->cpu, &s->pages);
		take_page_event(s, r);
	}
	d->heads[s->idx] = s->data ? s->ts : UINT64_MAX;
	return 0;
}

static int cmp_cpu_data(const void *a, const void *b)
{
	const struct sh_dat_cpu_data *x = a, *y = b;

	if (x->buf != y->buf)
		return x->buf < y->buf ? -1 : 1;
	return (x->cpu > y->cpu) - (x->cpu < y->cpu);
}

/*
 * Where buffer @buf's CPU @cpu data is, or NULL if the file has none. The
 * layout is sorted by open_streams(): a file may name 65536 CPUs.
 */
static const struct sh_dat_cpu_data *cpu_data(const struct dat *d, size_t buf, int cpu)
{
	struct sh_dat_cpu_data key = { .buf = (unsigned)buf, .cpu = (unsigned)cpu };

	return d->layout.n ? bsearch(&key, d->layout.cpu, d->layout.n, sizeof(key), cmp_cpu_data)
			   : NULL;
}

/*
 * Start @s (buffer @buf) on its pages in the file and check that their
 * first event is libtracecmd's first record (s->rec, maybe NULL): 1 when it
 * is, 0 when not, -1 when the pages are corrupt there (s->pages says where).
 * It is not when libtracecmd adjusts timestamps (offsets, TSC multipliers
 * from the file's options), which kbuffer does not: then everything is read
 * through it. Corrupt pages are not a reason to: libtracecmd takes a chunk
 * it cannot decompress for the end of the CPU's data.
 */
static int start_direct(struct dat *d, struct stream *s, size_t buf)
{
	const struct sh_dat_cpu_data *cd = cpu_data(d, buf, s->cpu);
	struct tep_handle *tep = tracecmd_get_tep(s->hd->h);
	int lsize = tep_get_header_page_size(tep), r;
	int (*init)(struct sh_dat_pages *, int, uint64_t, uint64_t, unsigned, unsigned, bool, bool) =
		d->layout.zstd ? sh_dat_pages_init_zstd_fd : sh_dat_pages_init_fd;
	uint64_t len;

	if (!cd || !cd->len)
		return !s->rec;
	len = sh_dat_cpu_data_len(&d->layout, cd, d->size);
	if ((lsize != 4 && lsize != 8) ||
	    init(&s->pages, d->fd, cd->off, len, d->layout.page_size, (unsigned)lsize,
		 tep_is_file_bigendian(tep), tep_is_old_format(tep)) < 0)
		return 0;
	r = sh_dat_pages_next(&s->pages);
	if (r < 0)
		return -1;
	if (!s->rec)
		return r == 0;
	return r == 1 && s->pages.ts == s->rec->ts && s->pages.size == (unsigned)s->rec->size &&
	       memcmp(s->pages.data, s->rec->data, s->pages.size) == 0;
}

/* Append @probe (its record and pages taken over) to the streams. 0 or -1. */
static int add_stream(struct sh_source *src, struct stream *probe)
{
	struct dat *d = src->priv;
	/* doubling: a file may have 65536 CPUs with data */
	bool grow = d->nstreams >= 16 ? !(d->nstreams & (d->nstreams - 1)) : d->nstreams == 0;
	struct stream *s = grow ? realloc(d->streams, (d->nstreams ? 2 * d->nstreams : 16) *
						    sizeof(*s)) : d->streams;

	if (!s) {
		tracecmd_free_record(probe->rec);
		sh_dat_pages_release(&probe->pages);
		return sh_error("cannot read '%s': out of memory", src->info.path);
	}
	d->streams = s;
	s[d->nstreams] = *probe;
	s[d->nstreams].idx = d->nstreams;
	d->nstreams++;
	return 0;
}

/*
 * Compressed data libtracecmd is to read: every chunk of every CPU in file
 * @fd (@size bytes) decompressed and its events walked first, as the
 * reader does in place. libtracecmd takes a chunk it cannot decompress, or
 * a count short of the chunks, for the end of the CPU's data: a shorter
 * trace, silently. It reads them many times slower than this.
 * 0, or -1 (reported).
 */
static int check_chunks(struct sh_source *src, struct dat *d, int fd, uint64_t size)
{
	bool old = tep_is_old_format(tracecmd_get_tep(d->handles[0].h));
	int r = 0;

	for (size_t i = 0; i < d->layout.n && r >= 0; i++) {
		const struct sh_dat_cpu_data *cd = &d->layout.cpu[i];
		struct sh_dat_pages p;

		if (!cd->len)
			continue;
		r = sh_dat_pages_init_zstd_fd(&p, fd, cd->off, sh_dat_cpu_data_len(&d->layout, cd, size),
					      d->layout.page_size, d->layout.long_size,
					      d->layout.big_endian, old);
		while (r >= 0 && (r = sh_dat_pages_next(&p)) > 0)
			;
		if (r < 0)
			pages_error(src, (int)cd->cpu, &p);
		sh_dat_pages_release(&p);
	}
	return r < 0 ? -1 : 0;
}

/*
 * Before libtracecmd reads past each CPU's first page: the header of every
 * page, or every compressed chunk (only the first ones were checked when
 * the file was opened; read in place, each page is checked as it is read).
 * 0, or -1 (reported).
 */
static int check_pages(struct sh_source *src, struct dat *d)
{
	struct stat st;
	int fd = d->fd, r;

	if (!d->layout.nbuf)
		return 0;
	if (fd < 0 && (fd = open(src->info.path, O_RDONLY | O_CLOEXEC)) < 0)
		return sh_error("cannot read '%s': %s", src->info.path, strerror(errno));
	if (!d->layout.zstd)
		r = sh_dat_check_pages(src->info.path, fd, &d->layout);
	else if (fstat(fd, &st) < 0)
		r = sh_error("cannot read '%s': %s", src->info.path, strerror(errno));
	else
		r = check_chunks(src, d, fd, (uint64_t)st.st_size);
	if (fd != d->fd)
		close(fd);
	return r;
}

/* The file is open for reading its pages in place, and the environment does not say otherwise. */
static bool may_read_in_place(const struct dat *d)
{
	/* SCHEDHANG_DAT_LIBTRACECMD: read through libtracecmd (tests compare both ways) */
	return d->fd >= 0 && !getenv("SCHEDHANG_DAT_LIBTRACECMD");
}

/*
 * One merge cursor per (buffer, CPU) that has data, each holding
 * libtracecmd's first record and, while all agree so far, its pages at
 * their first event. 1 when the layout is known and every CPU's first event
 * agrees with libtracecmd's (the pages are read in place), 0 when not
 * (libtracecmd reads them), -1 (reported).
 */
static int first_events(struct sh_source *src)
{
	struct dat *d = src->priv;
	int ncpus = tracecmd_cpus(d->handles[0].h);
	bool direct = may_read_in_place(d) && d->layout.nbuf == d->nhandles;

	src->info.ncpus = ncpus > 0 ? ncpus : 0;
	if (d->layout.n)
		qsort(d->layout.cpu, d->layout.n, sizeof(*d->layout.cpu), cmp_cpu_data);
	for (size_t i = 0; i < d->nhandles; i++) {
		int n = tracecmd_cpus(d->handles[i].h);

		for (int cpu = 0; cpu < n; cpu++) {
			struct tep_record *r = tracecmd_read_cpu_first(d->handles[i].h, cpu);
			struct stream probe = { .hd = &d->handles[i], .cpu = cpu, .rec = r };
			int at = direct ? start_direct(d, &probe, i) : 0;

			direct = at == 1;
			/*
			 * not reasons to read through libtracecmd: it would end the CPU
			 * at a corrupt page, and its mapping of a shrunk file SIGBUS
			 */
			if (at < 0 || probe.pages.short_read) {
				pages_error(src, cpu, &probe.pages);
				tracecmd_free_record(r);
				sh_dat_pages_release(&probe.pages);
				return -1;
			}
			if (!r)
				sh_dat_pages_release(&probe.pages);
			else if (add_stream(src, &probe) < 0)
				return -1;
		}
		if (n > src->info.ncpus)
			src->info.ncpus = n;
	}
	return direct;
}

/* Start the streams of first_events() on their first event, read in place if @direct. 0 or -1. */
static int open_streams(struct sh_source *src, bool direct)
{
	struct dat *d = src->priv;

	if (!direct && check_pages(src, d) < 0)
		return -1;
	for (size_t i = 0; i < d->nstreams; i++) {
		struct stream *s = &d->streams[i];
		struct tep_record *first = s->rec;

		s->rec = NULL;
		if (!direct) {
			sh_dat_pages_release(&s->pages);
			take_record(s, first);
			continue;
		}
		tracecmd_free_record(first);
		s->direct = true;
		take_page_event(s, 1);
	}
	d->heads = malloc((d->nstreams ? d->nstreams : 1) * sizeof(*d->heads));
	if (!d->heads)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	for (size_t i = 0; i < d->nstreams; i++)
		d->heads[i] = d->streams[i].data ? d->streams[i].ts : UINT64_MAX;
	return 0;
}

/*
 * libtracecmd opens a view of a file with compressed pages (dat-view.c),
 * which spares it reading every chunk's header, when the pages are read in
 * place. 1 when it did and every CPU's first event agrees with its (as
 * first_events()), 0 when libtracecmd is to open the file itself (nothing
 * reported, nothing left open), -1 (reported).
 */
static int open_view(struct sh_source *src, struct dat *d)
{
	int view, r;

	if (!may_read_in_place(d) || !d->layout.zstd ||
	    (view = sh_dat_view_open(d->fd, d->size, &d->layout)) < 0)
		return 0;
	r = sh_dat_libs_open_view(&d->libs, view, src->info.path, d->size);
	close(view);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (take_handles(src, d) < 0)
		return -1;
	r = first_events(src);
	d->viewed = r == 1;
	if (r != 0)
		return r;
	drop_streams(d);
	drop_handles(d);
	return 0;
}

static int dat_open(struct sh_source *src)
{
	const char *path = src->info.path;
	struct dat *d = calloc(1, sizeof(*d));
	struct stat st = { 0 };
	const char *s;
	int direct;

	if (!d)
		return sh_error("cannot read '%s': out of memory", path);
	d->fd = -1;
	src->priv = d;			/* dat_close() frees whatever is set up below */
	if (read_header(src, &d->layout) < 0)
		return -1;
	tracecmd_set_loglevel(TEP_LOG_NONE);
	if (stat(path, &st) < 0)
		return sh_error("cannot read '%s': %s", path, strerror(errno));
	open_file(src, d);
	direct = open_view(src, d);
	if (direct == 0) {
		if (sh_dat_libs_open(&d->libs, path, (uint64_t)st.st_size) < 0 ||
		    take_handles(src, d) < 0)
			return -1;
		direct = first_events(src);
	}
	if (direct < 0)
		return -1;
	for (size_t i = 0; i < d->libs.n; i++)
		if (sh_source_add_buffer(src, d->libs.name[i]) < 0)
			return -1;
	if ((s = tracecmd_get_trace_clock(d->libs.h[0])))
		snprintf(src->info.clock, sizeof(src->info.clock), "%s", s);
	src->info.clock[strcspn(src->info.clock, "\n")] = '\0';
	if ((s = tracecmd_get_uname(d->libs.h[0])))	/* "sysname nodename release machine" */
		sscanf(s, "%*s %*s %95s", src->info.kernel);
	return open_streams(src, direct == 1);
}

static void dat_close(struct sh_source *src)
{
	struct dat *d = src->priv;

	drop_streams(d);
	drop_handles(d);
	sh_dat_layout_clear(&d->layout);
	if (d->fd >= 0)
		close(d->fd);
	free(d);
	src->priv = NULL;
}

/* The stream with the oldest pending event (the first of equals), or NULL when all are done. */
static struct stream *oldest(struct dat *d)
{
	size_t best = 0;
	uint64_t min = d->nstreams ? d->heads[0] : UINT64_MAX;

	/* branch-free: which CPU comes next is as good as random */
	for (size_t i = 1; i < d->nstreams; i++) {
		bool lt = d->heads[i] < min;

		best = lt ? i : best;
		min = lt ? d->heads[i] : min;
	}
	if (d->nstreams && d->heads[best] != UINT64_MAX)
		return &d->streams[best];
	/* at the end, or only events stamped UINT64_MAX are left */
	for (size_t i = 0; i < d->nstreams; i++)
		if (d->streams[i].data)
			return &d->streams[i];
	return NULL;
}

/* The marker of events lost on @cpu before time @ts: @missed > 0 of them, or -1 unknown. */
static void lost_marker(struct sh_event *ev, uint64_t ts, int cpu, int missed)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = SH_EV_LOST;
	ev->ts = ts;
	ev->cpu = cpu;
	ev->pid = -1;
	ev->lost.count = missed > 0 ? (uint64_t)missed : 0;
}

/* Up to @max events of the merged streams into @ev[0..*@n): the source's read(). */
static int dat_read(struct sh_source *src, struct sh_event *ev, size_t max, size_t *n)
{
	struct dat *d = src->priv;
	struct stream *s;

	*n = 0;
	while (*n < max) {
		bool keep;

		if (!(s = oldest(d)))
			return 0;
		if (s->missed && !s->lost_done) {
			lost_marker(&ev[(*n)++], s->ts, s->cpu, s->missed);
			s->lost_done = true;
			continue;
		}
		keep = sh_dat_dec_record(s->hd->dec, s->ts, s->data, s->size, s->cpu, &ev[*n]);
		if (advance(src, s) < 0)
			return -1;
		*n += keep;
	}
	return 1;
}

/*
 * A raw record as dat_read_raw() copies it for dat_decode(): this header,
 * then the record's bytes, padded to 8.
 */
struct raw {
	uint64_t ts;
	uint32_t size;			/* the record's bytes */
	int32_t cpu;
	uint32_t handle;		/* its buffer's in dat->handles, or RAW_LOST */
	/*
	 * RAW_LOST: the events lost, > 0, or -1 unknown. A record: 1 when it
	 * is decoded (and counted) but not delivered, as dat_read() does with
	 * the record before a corrupt page.
	 */
	int32_t extra;
};
#define RAW_LOST UINT32_MAX

static size_t raw_len(uint32_t size)
{
	return sizeof(struct raw) + ((size + 7u) & ~(size_t)7);
}

/* The longest raw record: the source's raw_max(). */
static size_t dat_raw_max(struct sh_source *src)
{
	struct dat *d = src->priv;
	unsigned page = d->layout.page_size;

	for (size_t i = 0; i < d->nhandles; i++)
		page = d->handles[i].page_size > page ? d->handles[i].page_size : page;
	d->raw_max = raw_len(page);	/* a record lies inside its page */
	return d->raw_max;
}

/* Whole raw records of the merged streams, up to @cap bytes, into @buf: the source's read_raw(). */
static int dat_read_raw(struct sh_source *src, void *buf, size_t cap, size_t *len,
			size_t *records)
{
	struct dat *d = src->priv;
	unsigned char *out = buf;
	struct stream *s;

	*len = *records = 0;
	while ((s = oldest(d))) {
		bool lost = s->missed && !s->lost_done;
		struct raw r = { .ts = s->ts, .cpu = s->cpu, .size = lost ? 0 : s->size,
				 .handle = lost ? RAW_LOST : (uint32_t)(s->hd - d->handles),
				 .extra = lost ? s->missed : 0 };
		size_t need = raw_len(r.size);

		if (need > d->raw_max)	/* it would never fit: not a page's record */
			return sh_error("cannot read '%s': corrupt trace.dat: CPU %d record of %u "
					"bytes", src->info.path, s->cpu, r.size);
		if (need > cap - *len)
			return 1;
		memcpy(out + *len, &r, sizeof(r));
		memcpy(out + *len + sizeof(r), s->data, r.size);
		*len += need;
		*records += !lost;
		if (lost) {
			s->lost_done = true;
		} else if (advance(src, s) < 0) {
			((struct raw *)(void *)(out + *len - need))->extra = 1;
			return -1;
		}
	}
	return 0;
}

/* The events of the raw records at @buf[*@pos..@len), up to @max: the source's decode(). */
static size_t dat_decode(struct sh_source *src, const void *buf, size_t len, size_t *pos,
			 struct sh_event *ev, size_t max)
{
	struct dat *d = src->priv;
	const unsigned char *in = buf;
	size_t n = 0;

	while (n < max && *pos < len) {
		const struct raw *r = (const struct raw *)(const void *)(in + *pos);

		*pos += raw_len(r->size);
		if (r->handle == RAW_LOST)
			lost_marker(&ev[n++], r->ts, r->cpu, r->extra);
		else if (sh_dat_dec_record(d->handles[r->handle].dec, r->ts, r + 1, r->size, r->cpu,
					   &ev[n]))
			n += !r->extra;
	}
	return n;
}

struct sh_source *sh_source_dat_new_tep(struct tep_handle *tep)
{
	struct sh_source *src = sh_source_new(&sh_source_dat_ops, "(tep)");
	struct dat *d;

	if (!src)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (d) {
		d->fd = -1;
		src->priv = d;
	}
	if (!d || !(d->handles = calloc(1, sizeof(*d->handles))) ||
	    !(d->handles[0].dec = sh_dat_dec_new(src, tep))) {
		sh_source_free(src);
		return NULL;
	}
	d->nhandles = 1;
	return src;
}

int sh_source_dat_decode(struct sh_source *src, const struct tep_record *rec, int cpu,
			 struct sh_event *ev)
{
	struct dat *d = src->priv;

	if (!sh_dat_dec_record(d->handles[0].dec, rec->ts, rec->data, (unsigned)rec->size, cpu,
			       ev))
		return 0;
	return sh_source_deliver(src, ev);
}

const char *sh_source_dat_reader(const struct sh_source *src)
{
	const struct dat *d = src->priv;

	if (src->ops != &sh_source_dat_ops || !d)
		return NULL;
	return d->nstreams && d->streams[0].direct ? "pages" : "libtracecmd";
}

bool sh_source_dat_viewed(const struct sh_source *src)
{
	const struct dat *d = src->priv;

	return src->ops == &sh_source_dat_ops && d && d->viewed;
}

const struct sh_source_ops sh_source_dat_ops = {
	.name = "trace.dat",
	.format = SH_INPUT_DAT,
	.sniff = dat_sniff,
	.open = dat_open,
	.read = dat_read,
	.raw_max = dat_raw_max,
	.read_raw = dat_read_raw,
	.decode = dat_decode,
	.close = dat_close,
};
