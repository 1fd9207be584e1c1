/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text inputs that are not plain files: standard input ("-") and gzip, xz or
 * zstd compressed traces, decompressed as they are read (through zlib,
 * liblzma and libzstd) into a stdio stream, so that the text reader reads
 * them as it reads any file. The first bytes are decompressed ahead and kept
 * for format detection, then delivered again.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "core/error.h"
#include "read/input.h"

#define CHUNK 65536

struct input {
	int fd;
	enum sh_input_codec codec;
	const char *path;		/* borrowed, for messages */
	unsigned char *head;		/* owned: bytes decompressed ahead, delivered first */
	size_t nhead, head_pos;
	unsigned char in[CHUNK];	/* compressed bytes read, not consumed yet */
	size_t in_len, in_pos;
	bool eof, failed;
	bool mid;			/* inside a compressed stream: its end not seen yet */
	int err;			/* errno of the failure: a read's, or EBADMSG for bad data */
	z_stream z;
	lzma_stream x;
	ZSTD_DStream *zs;
};

static const char *const codec_names[] = { "plain", "gzip", "xz", "zstd" };

const char *sh_input_strerror(enum sh_input_codec c, int err)
{
	switch (err == EBADMSG ? c : SH_CODEC_PLAIN) {
	case SH_CODEC_GZIP: return "corrupt or truncated gzip data";
	case SH_CODEC_XZ: return "corrupt or truncated xz data";
	case SH_CODEC_ZSTD: return "corrupt or truncated zstd data";
	default: return strerror(err);
	}
}

const char *sh_input_codec_name(enum sh_input_codec c)
{
	return (unsigned)c < sizeof(codec_names) / sizeof(codec_names[0]) ? codec_names[c] : "?";
}

enum sh_input_codec sh_input_codec_of(const unsigned char *buf, size_t len)
{
	static const unsigned char gz[] = { 0x1f, 0x8b }, xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	static const unsigned char zst[] = { 0x28, 0xb5, 0x2f, 0xfd };

	if (len >= sizeof(gz) && !memcmp(buf, gz, sizeof(gz)))
		return SH_CODEC_GZIP;
	if (len >= sizeof(xz) && !memcmp(buf, xz, sizeof(xz)))
		return SH_CODEC_XZ;
	if (len >= sizeof(zst) && !memcmp(buf, zst, sizeof(zst)))
		return SH_CODEC_ZSTD;
	return SH_CODEC_PLAIN;
}

/* Refill in[] when consumed; false at the end of the file or on an error (in->failed). */
static bool refill(struct input *in)
{
	ssize_t n;

	if (in->in_pos < in->in_len)
		return true;
	if (in->eof)
		return false;
	do
		n = read(in->fd, in->in, sizeof(in->in));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		in->failed = true;
		in->err = errno;
		return false;
	}
	in->in_len = (size_t)n;
	in->in_pos = 0;
	in->eof = n == 0;
	return n > 0;
}

/* The stream failed: bad or truncated compressed data (or a read error before). */
static ssize_t corrupt(struct input *in)
{
	if (!in->failed)
		in->err = EBADMSG;
	in->failed = true;
	errno = in->err;
	return -1;
}

/* gzip, several members allowed (as gzip -d does). */
static ssize_t read_gzip(struct input *in, unsigned char *out, size_t len)
{
	in->z.next_out = out;
	in->z.avail_out = (uInt)len;
	while (in->z.avail_out == len && refill(in)) {
		int r;

		in->z.next_in = in->in + in->in_pos;
		in->z.avail_in = (uInt)(in->in_len - in->in_pos);
		r = inflate(&in->z, Z_NO_FLUSH);
		in->in_pos = in->in_len - in->z.avail_in;
		in->mid = r != Z_STREAM_END;
		if (r == Z_STREAM_END)
			r = inflateReset(&in->z);
		if (r != Z_OK && r != Z_BUF_ERROR)
			return corrupt(in);
	}
	if (in->failed || (in->z.avail_out == len && in->mid))
		return corrupt(in);	/* a read error, or the data ended inside a member */
	return (ssize_t)(len - in->z.avail_out);
}

static ssize_t read_xz(struct input *in, unsigned char *out, size_t len)
{
	in->x.next_out = out;
	in->x.avail_out = len;
	while (in->x.avail_out == len) {
		lzma_action act = refill(in) ? LZMA_RUN : LZMA_FINISH;
		lzma_ret r;

		if (in->failed)
			return -1;
		in->x.next_in = in->in + in->in_pos;
		in->x.avail_in = in->in_len - in->in_pos;
		r = lzma_code(&in->x, act);
		in->in_pos = in->in_len - in->x.avail_in;
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK)
			return corrupt(in);	/* truncated data ends in LZMA_BUF_ERROR */
	}
	return (ssize_t)(len - in->x.avail_out);
}

static ssize_t read_zstd(struct input *in, unsigned char *out, size_t len)
{
	ZSTD_outBuffer o = { out, len, 0 };

	while (!o.pos && refill(in)) {
		ZSTD_inBuffer i = { in->in, in->in_len, in->in_pos };
		size_t r = ZSTD_decompressStream(in->zs, &o, &i);

		in->in_pos = i.pos;
		if (ZSTD_isError(r))
			return corrupt(in);
		in->mid = r != 0;	/* 0: a frame ended */
	}
	if (in->failed || (!o.pos && in->mid))
		return corrupt(in);	/* a read error, or the data ended inside a frame */
	return (ssize_t)o.pos;
}

static ssize_t read_plain(struct input *in, unsigned char *out, size_t len)
{
	size_t n;

	if (!refill(in))
		return in->failed ? corrupt(in) : 0;
	n = in->in_len - in->in_pos < len ? in->in_len - in->in_pos : len;
	memcpy(out, in->in + in->in_pos, n);
	in->in_pos += n;
	return (ssize_t)n;
}

static ssize_t decode(struct input *in, unsigned char *out, size_t len)
{
	switch (in->codec) {
	case SH_CODEC_GZIP: return read_gzip(in, out, len);
	case SH_CODEC_XZ: return read_xz(in, out, len);
	case SH_CODEC_ZSTD: return read_zstd(in, out, len);
	default: return read_plain(in, out, len);
	}
}

/* fopencookie's read: the head first, then the rest of the stream. */
static ssize_t cookie_read(void *cookie, char *buf, size_t len)
{
	struct input *in = cookie;

	if (in->head_pos < in->nhead) {
		size_t n = in->nhead - in->head_pos < len ? in->nhead - in->head_pos : len;

		memcpy(buf, in->head + in->head_pos, n);
		in->head_pos += n;
		return (ssize_t)n;
	}
	return decode(in, (unsigned char *)buf, len);
}

static int cookie_close(void *cookie)
{
	struct input *in = cookie;

	if (in->codec == SH_CODEC_GZIP)
		inflateEnd(&in->z);
	else if (in->codec == SH_CODEC_XZ)
		lzma_end(&in->x);
	ZSTD_freeDStream(in->zs);
	if (in->fd > STDERR_FILENO)
		close(in->fd);
	free(in->head);
	free(in);
	return 0;
}

static int start_codec(struct input *in)
{
	static const lzma_stream init = LZMA_STREAM_INIT;

	switch (in->codec) {
	case SH_CODEC_GZIP:
		return inflateInit2(&in->z, 16 + MAX_WBITS) == Z_OK ? 0 : -1;
	case SH_CODEC_XZ:
		in->x = init;
		return lzma_stream_decoder(&in->x, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK ? 0 : -1;
	case SH_CODEC_ZSTD:
		in->zs = ZSTD_createDStream();
		return in->zs && !ZSTD_isError(ZSTD_initDStream(in->zs)) ? 0 : -1;
	default:
		return 0;
	}
}

/* Decompress up to @want bytes ahead into in->head. 0, or -1 (reported). */
static int read_head(struct input *in, size_t want)
{
	in->head = malloc(want);
	if (!in->head)
		return sh_error("cannot read '%s': out of memory", in->path);
	while (in->nhead < want) {
		ssize_t n = decode(in, in->head + in->nhead, want - in->nhead);

		if (n < 0)
			return sh_error("cannot read '%s': %s", in->path, sh_input_strerror(in->codec, in->err));
		if (n == 0)
			break;
		in->nhead += (size_t)n;
	}
	return 0;
}

FILE *sh_input_open(const char *path, int fd, size_t head, const unsigned char **phead, size_t *nhead,
		    enum sh_input_codec *codec)
{
	static const cookie_io_functions_t io = { .read = cookie_read, .close = cookie_close };
	struct input *in = calloc(1, sizeof(*in));
	FILE *f;

	if (!in) {
		sh_error("cannot read '%s': out of memory", path);
		return NULL;
	}
	in->fd = fd;
	in->path = path;
	refill(in);
	in->codec = in->failed ? SH_CODEC_PLAIN : sh_input_codec_of(in->in, in->in_len);
	f = NULL;
	if (in->failed)
		sh_error("cannot read '%s': %s", path, strerror(in->err));
	else if (start_codec(in) < 0)
		sh_error("cannot read '%s': cannot start the %s decoder", path, codec_names[in->codec]);
	else if (read_head(in, head) == 0 && !(f = fopencookie(in, "r", io)))
		sh_error("cannot read '%s': out of memory", path);
	if (!f) {
		in->fd = -1;	/* the caller's */
		cookie_close(in);
		return NULL;
	}
	*phead = in->head;
	*nhead = in->nhead;
	*codec = in->codec;
	return f;
}
