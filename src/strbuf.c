/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "strbuf.h"

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

void sh_buf_json_str(struct sh_buf *b, const char *s)
{
	sh_buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			sh_buf_printf(b, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			sh_buf_printf(b, "\\u%04x", *p);
		else
			sh_buf_addc(b, (char)*p);
	}
	sh_buf_addc(b, '"');
}

int sh_buf_write(const struct sh_buf *b, FILE *fp)
{
	if (b->failed)
		return sh_error("out of memory while formatting the output");
	if (b->len && fwrite(b->data, 1, b->len, fp) != b->len)
		return sh_error("cannot write the output: %s", strerror(errno));
	return 0;
}
