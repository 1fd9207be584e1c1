/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The protobuf wire format, written into a buffer (see pb.h). */
#include "config.h"

#include <string.h>

#include "report/pb.h"

/* The length placeholder of an open message: 4 varint bytes, up to 2^28 - 1. */
#define LEN_BYTES 4
#define LEN_MAX ((1u << (7 * LEN_BYTES)) - 1)

void sh_pb_varint(struct sh_buf *b, uint64_t v)
{
	char out[10];
	size_t n = 0;

	while (v >= 0x80) {
		out[n++] = (char)((v & 0x7f) | 0x80);
		v >>= 7;
	}
	out[n++] = (char)v;
	sh_buf_addn(b, out, n);
}

static void tag(struct sh_buf *b, unsigned field, enum sh_pb_wire wire)
{
	sh_pb_varint(b, (uint64_t)field << 3 | wire);
}

void sh_pb_uint(struct sh_buf *b, unsigned field, uint64_t v)
{
	tag(b, field, SH_PB_VARINT);
	sh_pb_varint(b, v);
}

void sh_pb_int(struct sh_buf *b, unsigned field, int64_t v)
{
	sh_pb_uint(b, field, (uint64_t)v);	/* two's complement, as int64 is encoded */
}

void sh_pb_fixed64(struct sh_buf *b, unsigned field, uint64_t v)
{
	char out[8];

	for (unsigned i = 0; i < 8; i++)
		out[i] = (char)(v >> (8 * i) & 0xff);
	tag(b, field, SH_PB_FIXED64);
	sh_buf_addn(b, out, sizeof(out));
}

void sh_pb_bytes(struct sh_buf *b, unsigned field, const void *p, size_t n)
{
	tag(b, field, SH_PB_LEN);
	sh_pb_varint(b, n);
	if (n)
		sh_buf_addn(b, p, n);
}

void sh_pb_str(struct sh_buf *b, unsigned field, const char *s)
{
	sh_pb_bytes(b, field, s, strlen(s));
}

size_t sh_pb_open(struct sh_buf *b, unsigned field)
{
	static const char placeholder[LEN_BYTES] = { 0 };

	tag(b, field, SH_PB_LEN);
	sh_buf_addn(b, placeholder, LEN_BYTES);
	return b->len;
}

void sh_pb_close(struct sh_buf *b, size_t mark)
{
	size_t len;

	if (b->failed || mark < LEN_BYTES || mark > b->len)
		return;
	len = b->len - mark;
	if (len > LEN_MAX) {
		b->failed = true;
		return;
	}
	for (unsigned i = 0; i < LEN_BYTES; i++) {
		unsigned char byte = (unsigned char)(len >> (7 * i) & 0x7f);

		b->data[mark - LEN_BYTES + i] = (char)(i + 1 < LEN_BYTES ? byte | 0x80 : byte);
	}
}
