/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"

void sh_buf_init(struct sh_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void sh_buf_release(struct sh_buf *b)
{
	free(b->data);
	sh_buf_init(b);
}

void sh_buf_reset(struct sh_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static bool reserve(struct sh_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	char *p;

	if (b->failed)
		return false;
	if (need <= b->cap)
		return true;
	if (need < 2 * b->cap)
		need = 2 * b->cap;
	if (need < 256)
		need = 256;
	p = realloc(b->data, need);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = need;
	return true;
}

void sh_buf_addn(struct sh_buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sh_buf_add(struct sh_buf *b, const char *s)
{
	sh_buf_addn(b, s, strlen(s));
}

void sh_buf_addc(struct sh_buf *b, char c)
{
	sh_buf_addn(b, &c, 1);
}

void sh_buf_printf(struct sh_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/*
 * Length of the valid UTF-8 sequence at @p (1 for ASCII), or 0 when the
 * byte there does not start one (stray continuation, overlong form,
 * surrogate, beyond U+10FFFF, or cut short).
 */
static unsigned utf8_len(const unsigned char *p)
{
	unsigned n, cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (unsigned i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* Is the sequence at @p (@n bytes, valid) a C0, DEL or C1 control character? */
static bool is_control(const unsigned char *p, unsigned n)
{
	return (n == 1 && (p[0] < 0x20 || p[0] == 0x7f)) || (n == 2 && p[0] == 0xc2 && p[1] < 0xa0);
}

void sh_buf_json_str(struct sh_buf *b, const char *s)
{
	sh_buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
		unsigned n = utf8_len(p);

		if (*p == '"' || *p == '\\')
			sh_buf_printf(b, "\\%c", *p);
		else if (n == 1 && is_control(p, 1))
			sh_buf_printf(b, "\\u%04x", *p);
		else if (n)
			sh_buf_addn(b, (const char *)p, n);
		else	/* not UTF-8 (comm names need not be): the byte as U+0080..U+00FF */
			sh_buf_printf(b, "\\u%04x", *p);
		p += n ? n : 1;
	}
	sh_buf_addc(b, '"');
}

void sh_buf_add_text(struct sh_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
		unsigned n = utf8_len(p);

		if (n && !is_control(p, n)) {
			sh_buf_addn(b, (const char *)p, n);
			p += n;
		} else {
			sh_buf_printf(b, "\\x%02x", *p++);
		}
	}
}

int sh_buf_write(const struct sh_buf *b, FILE *fp)
{
	if (b->failed)
		return sh_error("out of memory while formatting the output");
	if (b->len && fwrite(b->data, 1, b->len, fp) != b->len)
		return sh_error("cannot write the output: %s", strerror(errno));
	return 0;
}
