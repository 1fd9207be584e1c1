/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_PB_H
#define SH_PB_H

/*
 * A protobuf wire-format writer into a struct sh_buf (libc only): varints,
 * fixed64, length-delimited strings and nested messages. Only what the
 * Perfetto export needs; see protobuf's "Encoding" documentation for the
 * wire format (tag = field << 3 | wire type).
 *
 * A nested message is written in place: sh_pb_open() writes its tag and a
 * 4-byte length placeholder, sh_pb_close() patches in the length as a
 * redundant (padded) varint, which every protobuf parser accepts. So no
 * message is copied, and messages nest to any depth. A message of 2^28 bytes
 * or more cannot be closed: the buffer's sticky error flag is set instead.
 */

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum sh_pb_wire {
	SH_PB_VARINT = 0,
	SH_PB_FIXED64 = 1,
	SH_PB_LEN = 2,
};

/* The varint encoding of @v (1 to 10 bytes). */
void sh_pb_varint(struct sh_buf *b, uint64_t v);
/* A varint field (uint32/uint64/int32/int64/bool/enum: negative values take 10 bytes). */
void sh_pb_uint(struct sh_buf *b, unsigned field, uint64_t v);
void sh_pb_int(struct sh_buf *b, unsigned field, int64_t v);
/* A fixed64 field (little-endian, 8 bytes). */
void sh_pb_fixed64(struct sh_buf *b, unsigned field, uint64_t v);
/* A length-delimited field: @n bytes at @p, or the NUL-terminated string @s. */
void sh_pb_bytes(struct sh_buf *b, unsigned field, const void *p, size_t n);
void sh_pb_str(struct sh_buf *b, unsigned field, const char *s);

/* Open nested message @field; returns the mark sh_pb_close() takes. */
size_t sh_pb_open(struct sh_buf *b, unsigned field);
/* Close the message opened at @mark: its length is what was written since. */
void sh_pb_close(struct sh_buf *b, size_t mark);

#endif
