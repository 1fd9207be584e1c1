/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mkdat: build a trace.dat v6 from event format files and a text list of
 * events, through datwriter; for synthetic fixtures and benchmarks.
 *
 *   mkdat FORMATDIR EVENTS OUTPUT
 *
 * FORMATDIR is shaped like tracefs's events/: SYSTEM/EVENT/format; its files
 * kallsyms (/proc/kallsyms lines: the names of %ps function fields) and
 * saved_cmdlines ("PID COMM" lines), when present, are written too.
 * EVENTS has one event a line, in time order per CPU ('#' starts a comment):
 *   TS_NS CPU PID SYSTEM:EVENT field=value ...
 * Integers take C syntax (0x...), strings are one word.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "mkdat-format.h"
#include "mkdat-pages.h"
#include "record/datwriter.h"

struct formats {
	struct mk_format *v;	/* owned */
	unsigned n;
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0;

	if (!f)
		return NULL;
	*len = getdelim(&buf, &cap, '\0', f) > 0 ? strlen(buf) : 0;
	fclose(f);
	return buf;
}

static int load_event(struct formats *fs, const char *dir, const char *sys, const char *ev)
{
	struct mk_format *v = realloc(fs->v, (fs->n + 1) * sizeof(*v)), *f;
	char path[4096];

	if (!v)
		return sh_error("out of memory");
	fs->v = v;
	f = memset(&v[fs->n], 0, sizeof(*f));
	snprintf(path, sizeof(path), "%s/%s/%s/format", dir, sys, ev);
	f->text = slurp(path, &f->len);
	if (!f->text)
		return 0;	/* not an event directory */
	fs->n++;
	f->system = strdup(sys);
	if (!f->system)
		return sh_error("out of memory");
	return mk_format_parse(f, path);
}

static int load_formats(struct formats *fs, const char *dir)
{
	struct dirent **sys, **ev;
	int ns = scandir(dir, &sys, NULL, alphasort), ret = 0;

	if (ns < 0)
		return sh_error("cannot read '%s': %s", dir, strerror(errno));
	for (int i = 0; i < ns; i++) {
		char path[4096];
		int ne;

		snprintf(path, sizeof(path), "%s/%s", dir, sys[i]->d_name);
		ne = sys[i]->d_name[0] == '.' ? -1 : scandir(path, &ev, NULL, alphasort);
		for (int j = 0; j < ne; j++) {
			if (ev[j]->d_name[0] != '.' && ret == 0)
				ret = load_event(fs, dir, sys[i]->d_name, ev[j]->d_name);
			free(ev[j]);
		}
		if (ne >= 0)
			free(ev);
		free(sys[i]);
	}
	free(sys);
	return ret;
}

static const struct mk_format *find_format(const struct formats *fs, const char *spec)
{
	const char *colon = strchr(spec, ':');

	for (unsigned i = 0; colon && i < fs->n; i++)
		if (!strncmp(fs->v[i].system, spec, (size_t)(colon - spec)) &&
		    !fs->v[i].system[colon - spec] && !strcmp(fs->v[i].name, colon + 1))
			return &fs->v[i];
	return NULL;
}

/* Store integer @v in field @fl of @rec (little endian, the field's width). */
static void put_int(unsigned char *rec, const struct mk_field *fl, uint64_t v)
{
	for (unsigned i = 0; i < fl->size && i < 8; i++)
		rec[fl->offset + i] = (unsigned char)(v >> (8 * i));
}

/* One name=value; strings of __data_loc fields go after the fixed part. */
static int set_field(const struct mk_format *f, unsigned char *rec, size_t *len,
		     const char *tok, unsigned line)
{
	const char *eq = strchr(tok, '=');
	const struct mk_field *fl;
	char name[64];

	snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - tok) : 0, tok);
	fl = eq ? mk_format_field(f, name) : NULL;
	if (!fl)
		return sh_error("line %u: '%s' is not a field of %s", line, tok, f->name);
	if (fl->chars) {
		strncpy((char *)rec + fl->offset, eq + 1, fl->size);
	} else if (fl->data_loc) {
		size_t n = strlen(eq + 1) + 1;

		if (*len + n > 2048)
			return sh_error("line %u: strings too long", line);
		memcpy(rec + *len, eq + 1, n);
		put_int(rec, fl, (uint64_t)(n << 16 | *len));
		*len += n;
	} else {
		put_int(rec, fl, fl->is_signed ? (uint64_t)strtoll(eq + 1, NULL, 0) :
			strtoull(eq + 1, NULL, 0));
	}
	return 0;
}

static int add_line(const struct formats *fs, struct mk_pages *pages, char *l, unsigned line)
{
	unsigned char rec[4096] = { 0 };
	char *save = NULL, *tok[4];
	const struct mk_format *f;
	size_t len;

	for (int i = 0; i < 4; i++)
		tok[i] = strtok_r(i ? NULL : l, " \t\n", &save);
	if (!tok[0] || tok[0][0] == '#')
		return 0;
	if (!tok[3])
		return sh_error("line %u: want 'TS CPU PID SYSTEM:EVENT field=value...'", line);
	f = find_format(fs, tok[3]);
	if (!f)
		return sh_error("line %u: no format for '%s'", line, tok[3]);
	len = f->size;
	put_int(rec, mk_format_field(f, "common_type"), f->id);
	if (mk_format_field(f, "common_pid"))
		put_int(rec, mk_format_field(f, "common_pid"), strtoull(tok[2], NULL, 0));
	for (char *t = strtok_r(NULL, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save))
		if (set_field(f, rec, &len, t, line) < 0)
			return -1;
	return mk_pages_add(pages, (unsigned)strtoul(tok[1], NULL, 0),
			    strtoull(tok[0], NULL, 0), rec, len);
}

static int read_events(const struct formats *fs, struct mk_pages *pages, const char *path)
{
	FILE *in = fopen(path, "re");
	char *l = NULL;
	size_t cap = 0;
	unsigned line = 0;
	int ret = 0;

	if (!in)
		return sh_error("cannot read '%s': %s", path, strerror(errno));
	while (ret == 0 && getline(&l, &cap, in) > 0)
		ret = add_line(fs, pages, l, ++line);
	free(l);
	fclose(in);
	return ret;
}

/* FORMATDIR/NAME, whole, or an empty blob when it does not exist */
static struct sh_dat_blob optional_file(const char *dir, const char *name)
{
	char path[4096];
	size_t len = 0;
	char *text;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text = slurp(path, &len);
	return (struct sh_dat_blob){ text, text ? len : 0 };
}

static int write_dat(const struct formats *fs, const char *dir, struct mk_pages *pages,
		     const char *out)
{
	struct sh_dat_format *ev = calloc(fs->n + 1, sizeof(*ev));
	struct sh_dat_input in = { .page_size = 4096 };
	int ret;

	if (!ev)
		return sh_error("out of memory");
	for (unsigned i = 0; i < fs->n; i++)
		ev[i] = (struct sh_dat_format){ fs->v[i].system, { fs->v[i].text, fs->v[i].len } };
	sh_dat_default_headers(&in);
	in.events = ev;
	in.n_events = fs->n;
	in.ncpus = mk_pages_ncpus(pages);
	in.cpu_files = mk_pages_files(pages);
	in.trace_clock = (struct sh_dat_blob){ "[mono]", 6 };
	in.kallsyms = optional_file(dir, "kallsyms");
	in.cmdlines = optional_file(dir, "saved_cmdlines");
	ret = sh_dat_write(out, &in);
	free((void *)in.kallsyms.data);
	free((void *)in.cmdlines.data);
	free(ev);
	return ret;
}

int main(int argc, char **argv)
{
	struct formats fs = { 0 };
	char tmp[] = "/tmp/mkdat.XXXXXX";
	struct mk_pages *pages = NULL;
	int ret = -1;

	sh_log_set_prefix("mkdat");
	if (argc != 4) {
		fprintf(stderr, "usage: mkdat FORMATDIR EVENTS OUTPUT\n");
		return 2;
	}
	if (!mkdtemp(tmp))
		return sh_error("cannot create '%s': %s", tmp, strerror(errno)), 3;
	pages = mk_pages_new(tmp);
	if (pages && load_formats(&fs, argv[1]) == 0 && read_events(&fs, pages, argv[2]) == 0 &&
	    mk_pages_finish(pages) == 0)
		ret = write_dat(&fs, argv[1], pages, argv[3]);
	mk_pages_free(pages);
	rmdir(tmp);
	for (unsigned i = 0; i < fs.n; i++) {
		free(fs.v[i].system);
		free(fs.v[i].text);
		free(fs.v[i].field);
	}
	free(fs.v);
	return ret < 0 ? 3 : 0;
}
