/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MKDAT_FORMAT_H
#define MKDAT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

/* One field of an event format file. */
struct mk_field {
	char name[64];
	unsigned offset, size;
	bool is_signed;
	bool data_loc;		/* __data_loc char[]: u32 (len << 16 | offset) */
	bool chars;		/* char name[N]: a fixed string */
};

/* One event format (events/<system>/<event>/format). */
struct mk_format {
	char *system;		/* owned */
	char *text;		/* owned: the format file */
	size_t len;
	char name[64];
	unsigned id;
	unsigned size;		/* fixed part of the record */
	struct mk_field *field;	/* owned */
	unsigned nfield;
};

/* Parse @f->text into the other members; -1 with a message on bad text. */
int mk_format_parse(struct mk_format *f, const char *path);

/* The field called @name, or NULL. */
const struct mk_field *mk_format_field(const struct mk_format *f, const char *name);

#endif
