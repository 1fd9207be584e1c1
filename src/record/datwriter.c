/* SPDX-License-Identifier: GPL-2.0-or-later */
/* trace.dat version 6 writer: layout from man 5 trace-cmd.dat.v6. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "record/datwriter.h"

/* trace-cmd option ids (trace-cmd.dat(5)) */
enum {
	OPT_DONE = 0,
	OPT_CPUSTAT = 2,
	OPT_TRACECLOCK = 4,
	OPT_UNAME = 5,
};

/* Buffered output with a sticky error, checked once per section. */
struct out {
	int fd;
	int err;		/* first errno, 0 if none */
	uint64_t pos;		/* bytes written so far */
	size_t n;
	char buf[65536];
};

static void flush(struct out *o)
{
	size_t done = 0;

	while (!o->err && done < o->n) {
		ssize_t w = write(o->fd, o->buf + done, o->n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			o->err = w < 0 ? errno : ENOSPC;
		else
			done += (size_t)w;
	}
	o->n = 0;
}

static void put(struct out *o, const void *p, size_t len)
{
	const char *c = p;

	while (len && !o->err) {
		size_t k = sizeof(o->buf) - o->n;

		if (k > len)
			k = len;
		memcpy(o->buf + o->n, c, k);
		o->n += k;
		o->pos += k;
		c += k;
		len -= k;
		if (o->n == sizeof(o->buf))
			flush(o);
	}
}

/* Little-endian integers of 2, 4 or 8 bytes. */
static void put_le(struct out *o, uint64_t v, unsigned bytes)
{
	unsigned char b[8];

	for (unsigned i = 0; i < bytes; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	put(o, b, bytes);
}

static void put_blob8(struct out *o, const struct sh_dat_blob *b)
{
	put_le(o, b->len, 8);
	put(o, b->data, b->len);
}

static void put_blob4(struct out *o, const struct sh_dat_blob *b)
{
	put_le(o, b->len, 4);
	put(o, b->data, b->len);
}

static void put_initial(struct out *o, const struct sh_dat_input *in)
{
	static const char magic[] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };

	put(o, magic, sizeof(magic));
	put(o, "6", 2);
	put_le(o, 0, 1);	/* little endian */
	put_le(o, 8, 1);	/* 64-bit long */
	put_le(o, in->page_size, 4);
	put(o, "header_page", 12);
	put_blob8(o, &in->header_page);
	put(o, "header_event", 13);
	put_blob8(o, &in->header_event);
	put_le(o, in->n_ftrace, 4);
	for (unsigned i = 0; i < in->n_ftrace; i++)
		put_blob8(o, &in->ftrace[i]);
}

/* Index of the first event of @i's system, so systems are written once. */
static unsigned first_of_system(const struct sh_dat_input *in, unsigned i)
{
	for (unsigned j = 0; j < i; j++)
		if (!strcmp(in->events[j].system, in->events[i].system))
			return j;
	return i;
}

static void put_event_formats(struct out *o, const struct sh_dat_input *in)
{
	unsigned nsys = 0;

	for (unsigned i = 0; i < in->n_events; i++)
		nsys += first_of_system(in, i) == i;
	put_le(o, nsys, 4);
	for (unsigned i = 0; i < in->n_events; i++) {
		unsigned count = 0;

		if (first_of_system(in, i) != i)
			continue;
		for (unsigned j = i; j < in->n_events; j++)
			count += first_of_system(in, j) == i;
		put(o, in->events[i].system, strlen(in->events[i].system) + 1);
		put_le(o, count, 4);
		for (unsigned j = i; j < in->n_events; j++)
			if (first_of_system(in, j) == i)
				put_blob8(o, &in->events[j].text);
	}
}

static void put_option(struct out *o, unsigned id, const struct sh_dat_blob *b)
{
	if (!b || !b->data)
		return;
	put_le(o, id, 2);
	put_le(o, b->len + 1, 4);	/* stored NUL-terminated */
	put(o, b->data, b->len);
	put(o, "", 1);
}

static void put_options(struct out *o, const struct sh_dat_input *in)
{
	put(o, "options  ", 10);
	for (unsigned c = 0; in->cpustats && c < in->ncpus; c++)
		put_option(o, OPT_CPUSTAT, &in->cpustats[c]);
	put_option(o, OPT_TRACECLOCK, &in->trace_clock);
	put_option(o, OPT_UNAME, &in->uname);
	put_le(o, OPT_DONE, 2);
}

static int cpu_size(const struct sh_dat_input *in, unsigned c, uint64_t *size)
{
	struct stat st;

	*size = 0;
	if (!in->cpu_files || !in->cpu_files[c])
		return 0;
	if (stat(in->cpu_files[c], &st) < 0)
		return sh_error("cannot read '%s': %s", in->cpu_files[c], strerror(errno));
	*size = (uint64_t)st.st_size;
	return 0;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static void put_zeros(struct out *o, uint64_t n)
{
	static const char zero[4096];

	while (n && !o->err) {
		size_t k = n < sizeof(zero) ? (size_t)n : sizeof(zero);

		put(o, zero, k);
		n -= k;
	}
}

/* Append the file @path (@size bytes) at the current position. */
static int copy_file(struct out *o, const char *path, uint64_t size)
{
	char buf[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint64_t done = 0;

	if (fd < 0)
		return sh_error("cannot read '%s': %s", path, strerror(errno));
	while (done < size && !o->err) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		put(o, buf, (size_t)r);
		done += (uint64_t)r;
	}
	close(fd);
	if (done < size && !o->err)
		return sh_error("cannot read '%s': file shrank to %llu bytes", path,
				(unsigned long long)done);
	return 0;
}

/*
 * The flyrecord section: each CPU's data offset and size, then, as the
 * TRACECLOCK option promises a v6 reader, the trace_clock file (its 8-byte
 * length and text), then the data, each CPU's from a page boundary.
 */
static int put_flyrecord(struct out *o, const struct sh_dat_input *in)
{
	const struct sh_dat_blob *clock = in->trace_clock.data ? &in->trace_clock : NULL;
	uint64_t *size = calloc(in->ncpus + 1, sizeof(*size));
	uint64_t off;
	int ret = -1;

	if (!size)
		return sh_error("out of memory");
	for (unsigned c = 0; c < in->ncpus; c++)
		if (cpu_size(in, c, &size[c]) < 0)
			goto out;
	put(o, "flyrecord", 10);
	off = align_up(o->pos + 16ull * in->ncpus + (clock ? 8 + clock->len : 0), in->page_size);
	for (unsigned c = 0; c < in->ncpus; c++) {
		put_le(o, size[c] ? off : 0, 8);
		put_le(o, size[c], 8);
		off = align_up(off + size[c], in->page_size);
	}
	if (clock)
		put_blob8(o, clock);
	for (unsigned c = 0; c < in->ncpus; c++) {
		if (!size[c])
			continue;
		put_zeros(o, align_up(o->pos, in->page_size) - o->pos);
		if (copy_file(o, in->cpu_files[c], size[c]) < 0)
			goto out;
	}
	ret = 0;
out:
	free(size);
	return ret;
}

static int write_all(struct out *o, const struct sh_dat_input *in)
{
	put_initial(o, in);
	put_event_formats(o, in);
	put_blob4(o, &in->kallsyms);
	put_blob4(o, &in->printk);
	put_blob8(o, &in->cmdlines);
	put_le(o, in->ncpus, 4);
	put_options(o, in);
	if (put_flyrecord(o, in) < 0)
		return -1;
	flush(o);
	return 0;
}

/* As events/header_page and header_event read on x86-64 (kernel 6.18). */
static const char default_header_page[] =
	"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
	"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n";
static const char default_header_event[] =
	"# compressed entry header\n"
	"\ttype_len    :    5 bits\n\ttime_delta  :   27 bits\n\tarray       :   32 bits\n\n"
	"\tpadding     : type == 29\n\ttime_extend : type == 30\n"
	"\ttime_stamp : type == 31\n\tdata max type_len  == 28\n";

void sh_dat_default_headers(struct sh_dat_input *in)
{
	in->header_page = (struct sh_dat_blob){ default_header_page,
						sizeof(default_header_page) - 1 };
	in->header_event = (struct sh_dat_blob){ default_header_event,
						 sizeof(default_header_event) - 1 };
}

static bool is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int sh_dat_write(const char *path, const struct sh_dat_input *in)
{
	struct out *o;
	int ret;

	if (!in->page_size || in->page_size & (in->page_size - 1))
		return sh_error("cannot write '%s': bad page size %u", path, in->page_size);
	o = calloc(1, sizeof(*o));
	if (!o)
		return sh_error("out of memory");
	o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (o->fd < 0) {
		ret = sh_error("cannot create '%s': %s", path, strerror(errno));
		free(o);
		return ret;
	}
	ret = write_all(o, in);
	if (close(o->fd) < 0 && !o->err)
		o->err = errno;
	if (o->err)
		ret = sh_error("cannot write '%s': %s", path, strerror(o->err));
	if (ret < 0 && is_regular(path))
		unlink(path);	/* never a device such as /dev/full */
	free(o);
	return ret;
}
