/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_BUF_H
#define SH_BUF_H

/*
 * A growable output buffer with a sticky error flag: append freely, check
 * once (libtraceevent's trace_seq). Outputs are built here and written whole.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sh_buf {
	char *data;	/* owned, NUL-terminated when len > 0 */
	size_t len;
	size_t cap;
	bool failed;	/* an allocation failed; content is incomplete */
};

void sh_buf_init(struct sh_buf *b);
void sh_buf_release(struct sh_buf *b);
void sh_buf_reset(struct sh_buf *b);

void sh_buf_add(struct sh_buf *b, const char *s);
void sh_buf_addn(struct sh_buf *b, const char *s, size_t n);
void sh_buf_addc(struct sh_buf *b, char c);
void sh_buf_printf(struct sh_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Append @s as a JSON string literal, quotes included. Bytes that are not
 * UTF-8 are escaped as the code points U+0080..U+00FF, so the output is
 * always valid JSON (trace strings such as comm names need not be UTF-8).
 */
void sh_buf_json_str(struct sh_buf *b, const char *s);
/*
 * Append trace-supplied text @s for a terminal: control characters (C0,
 * DEL, C1) and bytes that are not UTF-8 are written as \xNN.
 */
void sh_buf_add_text(struct sh_buf *b, const char *s);

/* Write the content to @fp: 0, or -1 (reported) on allocation or write failure. */
int sh_buf_write(const struct sh_buf *b, FILE *fp);

#endif
