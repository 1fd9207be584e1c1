/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The protobuf writer (src/report/pb.c) and the Perfetto packets built on it
 * (src/report/pfpkt.c), byte for byte against hand-encoded wire format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "report/pb.h"
#include "report/pfpkt.h"

static void expect_bytes(const struct sh_buf *b, const unsigned char *want, size_t n)
{
	assert_false(b->failed);
	assert_int_equal(b->len, n);
	assert_memory_equal(b->data, want, n);
}

/* Varints: 7 bits a byte, low first, high bit set on all but the last; 10 bytes for 2^64 - 1. */
static void test_varint(void **state)
{
	static const unsigned char want[] = {
		0x00, 0x7f, 0x80, 0x01, 0xac, 0x02,			/* 0, 127, 128, 300 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,	/* UINT64_MAX */
	};
	struct sh_buf b;

	(void)state;
	sh_buf_init(&b);
	sh_pb_varint(&b, 0);
	sh_pb_varint(&b, 127);
	sh_pb_varint(&b, 128);
	sh_pb_varint(&b, 300);
	sh_pb_varint(&b, UINT64_MAX);
	expect_bytes(&b, want, sizeof(want));
	sh_buf_release(&b);
}

/* Tags are field << 3 | wire type; int64 -1 is ten bytes; fixed64 is little-endian. */
static void test_fields(void **state)
{
	static const unsigned char want[] = {
		0x08, 0x96, 0x01,					/* 1: 150 */
		0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, /* 4: -1 */
		0xf9, 0x02, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,	/* 47: fixed64 */
		0xba, 0x01, 0x02, 'h', 'i',				/* 23: "hi" */
		0x12, 0x00,						/* 2: "" */
	};
	struct sh_buf b;

	(void)state;
	sh_buf_init(&b);
	sh_pb_uint(&b, 1, 150);
	sh_pb_int(&b, 4, -1);
	sh_pb_fixed64(&b, 47, 0x0807060504030201ULL);
	sh_pb_str(&b, 23, "hi");
	sh_pb_str(&b, 2, "");
	expect_bytes(&b, want, sizeof(want));
	sh_buf_release(&b);
}

/* Nested messages get a 4-byte padded length, patched when closed, at any depth. */
static void test_nested(void **state)
{
	static const unsigned char want[] = {
		0x0a, 0x89, 0x80, 0x80, 0x00,		/* 1: message of 9 bytes */
		0x08, 0x05,				/*   1: 5 */
		0x1a, 0x82, 0x80, 0x80, 0x00,		/*   3: message of 2 bytes */
		0x10, 0x01,				/*     2: 1 */
		0x12, 0x80, 0x80, 0x80, 0x00,		/* 2: empty message */
	};
	struct sh_buf b;
	size_t outer, inner;

	(void)state;
	sh_buf_init(&b);
	outer = sh_pb_open(&b, 1);
	sh_pb_uint(&b, 1, 5);
	inner = sh_pb_open(&b, 3);
	sh_pb_uint(&b, 2, 1);
	sh_pb_close(&b, inner);
	sh_pb_close(&b, outer);
	sh_pb_close(&b, sh_pb_open(&b, 2));
	expect_bytes(&b, want, sizeof(want));
	sh_buf_release(&b);
}

/* A length of 2^21 takes all four bytes of the placeholder. */
static void test_nested_large(void **state)
{
	struct sh_buf b;
	size_t mark, n = 1u << 21;
	char *blob = calloc(1, n);

	(void)state;
	assert_non_null(blob);
	sh_buf_init(&b);
	mark = sh_pb_open(&b, 1);
	sh_buf_addn(&b, blob, n);
	sh_pb_close(&b, mark);
	assert_false(b.failed);
	assert_int_equal((unsigned char)b.data[1], 0x80);
	assert_int_equal((unsigned char)b.data[2], 0x80);
	assert_int_equal((unsigned char)b.data[3], 0x80);
	assert_int_equal((unsigned char)b.data[4], 0x01);
	sh_buf_release(&b);
	free(blob);
}

/*
 * A Perfetto counter packet: Trace.packet (1) { timestamp (8), sequence id (10),
 * the first packet's flags (13 = 1, 87 = true), track_event (11) { type (9) =
 * COUNTER, track_uuid (11), counter_value (30) } }.
 */
static void test_counter_packet(void **state)
{
	static const unsigned char want[] = {
		0x0a, 0x96, 0x80, 0x80, 0x00,		/* Trace.packet, 22 bytes */
		0x40, 0xe8, 0x07,			/* timestamp 1000 */
		0x50, 0x07,				/* trusted_packet_sequence_id 7 */
		0x68, 0x01,				/* sequence_flags INCREMENTAL_STATE_CLEARED */
		0xb8, 0x05, 0x01,			/* first_packet_on_sequence */
		0x5a, 0x87, 0x80, 0x80, 0x00,		/* track_event, 7 bytes */
		0x48, 0x04,				/* type COUNTER */
		0x58, 0x2a,				/* track_uuid 42 */
		0xf0, 0x01, 0x03,			/* counter_value 3 */
	};
	struct sh_buf b;
	struct sh_pfpkt p;

	(void)state;
	sh_buf_init(&b);
	sh_pfpkt_init(&p, &b, 7);
	sh_pfpkt_count(&p, 1000, 42, 3);
	expect_bytes(&b, want, sizeof(want));
	/* later packets on the sequence do not clear its state again */
	sh_buf_reset(&b);
	sh_pfpkt_end(&p, 5, 42);
	assert_int_equal(b.len, 5 + 2 + 2 + 5 + 4);
	sh_buf_release(&b);
}

/* A slice begin carries its name, category, arguments and flows. */
static void test_slice_begin(void **state)
{
	static const uint64_t flows[] = { 0x11 };
	struct sh_pfargs args = { .n = 0 };
	struct sh_pfev ev = { .ts = 1, .track = 2, .name = "6:51", .args = &args, .flows = flows, .nflows = 1 };
	struct sh_buf b;
	struct sh_pfpkt p;
	static const unsigned char tail[] = {
		0x22, 0x88, 0x80, 0x80, 0x00,		/* debug_annotations, 8 bytes */
		0x52, 0x03, 'j', 'o', 'b',		/* name "job" */
		0x32, 0x01, 'x',			/* string_value "x" */
		0xf9, 0x02, 0x11, 0, 0, 0, 0, 0, 0, 0,	/* flow_ids 0x11 */
	};

	(void)state;
	sh_buf_init(&b);
	sh_pfpkt_init(&p, &b, 1);
	sh_pfargs_str(&args, "job", "x");
	sh_pfargs_str(&args, "ignored", NULL);
	sh_pfpkt_begin(&p, &ev);
	assert_false(b.failed);
	assert_non_null(memmem(b.data, b.len, "\xba\x01\x04" "6:51", 7));
	assert_non_null(memmem(b.data, b.len, "\xb2\x01\x09" "schedhang", 12));
	assert_true(b.len > sizeof(tail));
	assert_memory_equal(b.data + b.len - sizeof(tail), tail, sizeof(tail));
	sh_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_varint),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_nested_large),
		cmocka_unit_test(test_counter_packet),
		cmocka_unit_test(test_slice_begin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
