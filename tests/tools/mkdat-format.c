/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Just enough of the ftrace format-file syntax to encode records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "mkdat-format.h"

/* "\tfield:TYPE NAME[N];\toffset:O;\tsize:S;\tsigned:G;" */
static int parse_field(struct mk_field *fl, const char *line)
{
	const char *semi = strchr(line, ';'), *name = semi;
	const char *o = strstr(line, "offset:"), *s = strstr(line, "size:");
	const char *g = strstr(line, "signed:");
	size_t n;

	if (!semi || !o || !s)
		return -1;
	while (name > line && name[-1] != ' ')
		name--;
	n = (size_t)(semi - name);
	if (n >= sizeof(fl->name))
		return -1;
	memset(fl, 0, sizeof(*fl));
	memcpy(fl->name, name, n);
	fl->chars = strchr(fl->name, '[') && strstr(line, "char ");
	if (strchr(fl->name, '['))
		*strchr(fl->name, '[') = '\0';
	fl->data_loc = strstr(line, "__data_loc") != NULL;
	fl->offset = (unsigned)strtoul(o + 7, NULL, 10);
	fl->size = (unsigned)strtoul(s + 5, NULL, 10);
	fl->is_signed = g && g[7] == '1';
	return 0;
}

static int add_field(struct mk_format *f, const char *line)
{
	struct mk_field *v = realloc(f->field, (f->nfield + 1) * sizeof(*v));

	if (!v)
		return sh_error("out of memory");
	f->field = v;
	if (parse_field(&v[f->nfield], line) < 0)
		return -1;
	if (v[f->nfield].offset + v[f->nfield].size > f->size)
		f->size = v[f->nfield].offset + v[f->nfield].size;
	f->nfield++;
	return 0;
}

int mk_format_parse(struct mk_format *f, const char *path)
{
	char *copy = strndup(f->text, f->len), *save = NULL;

	if (!copy)
		return sh_error("out of memory");
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "name: ", 6))
			snprintf(f->name, sizeof(f->name), "%s", l + 6);
		else if (!strncmp(l, "ID: ", 4))
			f->id = (unsigned)strtoul(l + 4, NULL, 10);
		else if (strstr(l, "field:") && add_field(f, l) < 0) {
			free(copy);
			return sh_error("%s: bad field line '%s'", path, l);
		}
	}
	free(copy);
	if (!f->name[0] || !f->id || !mk_format_field(f, "common_type"))
		return sh_error("%s: not an event format (name, ID, common_type)", path);
	return 0;
}

const struct mk_field *mk_format_field(const struct mk_format *f, const char *name)
{
	for (unsigned i = 0; i < f->nfield; i++)
		if (!strcmp(f->field[i].name, name))
			return &f->field[i];
	return NULL;
}
