/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_INPUT_H
#define SH_INPUT_H

/*
 * Text inputs read as a stream: standard input and gzip, xz or zstd
 * compressed files, decompressed while they are read (no process spawned).
 */

#include <stddef.h>
#include <stdio.h>

enum sh_input_codec {
	SH_CODEC_PLAIN,
	SH_CODEC_GZIP,
	SH_CODEC_XZ,
	SH_CODEC_ZSTD,
};

/* The codec whose magic @buf starts with (SH_CODEC_PLAIN: none). */
enum sh_input_codec sh_input_codec_of(const unsigned char *buf, size_t len);
const char *sh_input_codec_name(enum sh_input_codec c);
/*
 * What a stream's failure means: errno @err of a read, or EBADMSG for data
 * codec @c could not decompress ("corrupt or truncated gzip data").
 */
const char *sh_input_strerror(enum sh_input_codec c, int err);

/*
 * A stdio stream of @fd's bytes, decompressed by the codec its first bytes
 * name. The first @head bytes (fewer at the end of the input) are
 * decompressed ahead and shown in @phead and @nhead (valid until the stream is
 * closed) for format detection; the stream delivers them again. On success
 * the stream owns @fd (standard input is left open); NULL (reported, naming
 * @path) leaves @fd to the caller. A failure later makes the stream's reads
 * fail with errno set (EBADMSG for bad data): see sh_input_strerror().
 */
FILE *sh_input_open(const char *path, int fd, size_t head, const unsigned char **phead, size_t *nhead,
		    enum sh_input_codec *codec);

#endif
