/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ftrace text reader: /sys/kernel/tracing/trace (with or without the
 * irq-flags column) and `trace-cmd report` output (µs or -t ns timestamps,
 * buffer-name prefixes, its headers). Streams line by line with one reused
 * buffer. Each line is "COMM-PID [CPU] [FLAGS] SECS.FRAC: EVENT: TEXT"; TEXT
 * is decoded with the event's text keys from the schema table.
 */
#define _GNU_SOURCE
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "read/input.h"
#include "read/source-impl.h"
#include "read/source-text.h"

struct text {
	FILE *f;			/* owned */
	int codec;			/* enum sh_input_codec: how f decompresses */
	char *line;			/* owned; line buffer, at most MAX_LINE bytes */
	size_t cap;
	uint64_t bytes;			/* read so far */
	bool warned_long;
	uint64_t lineno;
	uint64_t last_ts;
	bool lost_pending;		/* a LOST line waits for the next event's timestamp */
	bool lost_ready;		/* ... which lost_ts now holds */
	uint64_t lost_ts;
	int lost_cpu;
	uint64_t lost_count;
	bool lost2_pending;		/* a second LOST line came while one was pending */
	int lost2_cpu;
	uint64_t lost2_count;
	bool held;			/* ev_held is delivered next */
	struct sh_event ev_held;
	bool warned_bad;
	const char *last_buffer;	/* borrowed from the pool */
};

/* ---- line head ---- */

static bool parse_uint(const char **pp, const char *end, uint64_t *v)
{
	const char *p = *pp;
	uint64_t x = 0;

	if (p >= end || !isdigit((unsigned char)*p))
		return false;
	while (p < end && isdigit((unsigned char)*p))
		x = x * 10 + (uint64_t)(*p++ - '0');
	*pp = p;
	*v = x;
	return true;
}

/* "SECS.FRAC:" -> ns, exactly (no floating point). */
static bool parse_ts(const char *p, const char *end, uint64_t *ts)
{
	uint64_t sec, frac = 0;
	unsigned nd = 0;

	if (!parse_uint(&p, end, &sec) || p >= end || *p != '.')
		return false;
	for (p++; p < end && isdigit((unsigned char)*p); p++, nd++)
		if (nd < 9)
			frac = frac * 10 + (uint64_t)(*p - '0');
	if (nd == 0 || p + 1 != end || *p != ':')
		return false;
	for (; nd < 9; nd++)
		frac *= 10;
	*ts = sec * 1000000000ull + frac;
	return true;
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static const char *token_end(const char *p)
{
	while (*p && *p != ' ' && *p != '\t')
		p++;
	return p;
}

/* Parse the line after "[CPU]" at @p. */
static bool parse_tail(const char *p, struct sh_text_head *h)
{
	const char *e;

	p = skip_spaces(p);
	e = token_end(p);
	if (!parse_ts(p, e, &h->ts)) {
		/* irq-flags column ("d..1.", "....."), then the timestamp */
		p = skip_spaces(e);
		e = token_end(p);
		if (!parse_ts(p, e, &h->ts))
			return false;
	}
	p = skip_spaces(e);
	e = p;
	while (*e && *e != ':' && *e != ' ')
		e++;
	if (e == p || *e != ':' || (e[1] && e[1] != ' ' && e[1] != '\t'))
		return false;
	h->name = p;
	h->name_len = (size_t)(e - p);
	h->rest = skip_spaces(e + 1);
	return true;
}

/* "-PID" ending at @end: the pid is the digits after the last '-' before "[CPU]". */
static bool parse_pid(const char *line, const char *end, struct sh_text_head *h)
{
	const char *d = end, *p;
	uint64_t pid;

	while (d > line && isdigit((unsigned char)d[-1]))
		d--;
	if (d == end || d == line || d[-1] != '-' || end - d > 10)
		return false;
	p = d;
	if (!parse_uint(&p, end, &pid) || pid > INT32_MAX)
		return false;
	h->pid = (int32_t)pid;
	h->comm_end = d - 1;
	return true;
}

/* Does "[CPU]" start at @b, with "COMM-PID" (and maybe "(TGID)") before it? */
static bool parse_at_bracket(const char *line, const char *b, struct sh_text_head *h)
{
	const char *p = b + 1, *q;
	uint64_t cpu;

	if (!parse_uint(&p, p + 12, &cpu) || *p != ']' || cpu > INT32_MAX)
		return false;
	q = b;
	while (q > line && q[-1] == ' ')
		q--;
	if (q > line && q[-1] == ')') {		/* "(  1234)" tgid column */
		while (q > line && q[-1] != '(')
			q--;
		if (q == line)
			return false;
		q--;
		while (q > line && q[-1] == ' ')
			q--;
	}
	if (!parse_pid(line, q, h))
		return false;
	h->cpu = (int32_t)cpu;
	h->comm = skip_spaces(line);
	if (h->comm > h->comm_end)
		return false;
	/* "BUFFER:   comm-pid" (trace-cmd report of -B instances) */
	for (const char *c = h->comm; c + 1 < h->comm_end; c++) {
		if (c[0] == ':' && c[1] == ' ') {
			h->buffer = h->comm;
			h->buffer_len = (size_t)(c - h->comm);
			h->comm = skip_spaces(c + 1);
			break;
		}
	}
	return parse_tail(p + 1, h);
}

bool sh_text_parse_head(const char *line, struct sh_text_head *h)
{
	memset(h, 0, sizeof(*h));
	for (const char *b = strchr(line, '['); b; b = strchr(b + 1, '[')) {
		if (b > line && b[-1] == ' ' && parse_at_bracket(line, b, h))
			return true;
		memset(h, 0, sizeof(*h));
	}
	return false;
}

/* ---- field values ---- */

/* @key in @s from @from on, preceded by start, ' ', ',' or '(' and followed by '=', ':' or ' '. */
static const char *find_key_from(const char *s, const char *from, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = strstr(from, key); p; p = strstr(p + 1, key)) {
		char after = p[kl];

		if (p != s && p[-1] != ' ' && p[-1] != ',' && p[-1] != '(')
			continue;
		if (after == '=' || after == ':' || after == ' ')
			return p + kl + 1;
	}
	return NULL;
}

static const char *find_key(const char *s, const char *key)
{
	return find_key_from(s, s, key);
}

/* A number: hex for pointer fields (0x optional: tracefs hashes print without it). */
static bool parse_value(const char **pp, bool ptr, uint64_t *v, bool *hashed)
{
	const char *p = *pp;
	char *end;
	bool neg = false;

	errno = 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		*v = strtoull(p + 2, &end, 16);
		if (end == p + 2)
			return false;
	} else if (ptr) {
		*v = strtoull(p, &end, 16);
		if (end == p || !isxdigit((unsigned char)*p))
			return false;
		*hashed = true;
	} else {
		if (*p == '-') {
			neg = true;
			p++;
		}
		if (!isdigit((unsigned char)*p))
			return false;
		*v = strtoull(p, &end, 10);
		/* below INT64_MIN is out of range; negate unsigned: -INT64_MIN overflows */
		if (neg && *v > (uint64_t)INT64_MAX + 1)
			return false;
		if (neg)
			*v = 0 - *v;
	}
	if (errno == ERANGE)
		return false;
	*pp = end;
	return true;
}

/* Interned copy of @len bytes at @p; NULL on allocation failure. */
static const char *intern_n(struct sh_source *src, const char *p, size_t len)
{
	struct sh_str *e = sh_strpool_get(src->strings, p, len);

	return e ? e->s : NULL;
}

static const char *intern_until(struct sh_source *src, const char *p, const char *stop)
{
	size_t len = strcspn(p, stop);
	struct sh_str *e = sh_strpool_get(src->strings, p, len);

	return e ? e->s : NULL;
}

static bool is_ptr_slot(unsigned type, int slot)
{
	const struct sh_ev_desc *d = sh_ev_desc(type);

	return slot >= 0 && (unsigned)slot < d->nfields && d->fields[slot].kind == SH_FK_X;
}

/*
 * An enumeration printed by name, as the schedhang print plugin of
 * libtraceevent shows it ("reason=PUSH_FIRST"); numbers go to parse_value().
 */
static bool parse_enum(unsigned type, int slot, const char **pp, uint64_t *v)
{
	const struct sh_ev_desc *d = sh_ev_desc(type);
	const char *p = *pp;
	size_t len = 0;

	if (slot < 0 || (unsigned)slot >= d->nfields || d->fields[slot].table == SH_ENUM_NONE ||
	    !(isupper((unsigned char)*p) || *p == '_'))
		return false;
	while (isalnum((unsigned char)p[len]) || p[len] == '_')
		len++;
	if (sh_enum_parse(d->fields[slot].table, p, len, v) < 0)
		return false;
	*pp = p + len;
	return true;
}

/*
 * One keyed field of @se into @ev; false if absent or malformed. Fields are
 * printed in table order, so the search starts at *@cur (after the previous
 * value) and only falls back to the whole text.
 */
static bool key_field(struct sh_source *src, const struct sh_schema_event *se, unsigned i,
		      const char *rest, const char **cur, struct sh_event *ev)
{
	const struct sh_schema_field *sf = &se->fields[i];
	const char *p = find_key_from(rest, *cur, sf->tkey);
	bool hashed = false;

	if (!p && !(p = find_key(rest, sf->tkey)))
		return false;
	*cur = p;
	switch (sf->conv) {
	case SH_CV_NUM:
		if (parse_enum(se->type, sf->slot, &p, &ev->f[sf->slot]))
			break;
		if (!parse_value(&p, is_ptr_slot(se->type, sf->slot), &ev->f[sf->slot], &hashed))
			return false;
		if (sf->tpair) {	/* "CTX:SEQNO" fills this field and the next */
			int s2 = se->fields[i + 1].slot;

			if (*p != ':')
				return false;
			p++;
			if (!parse_value(&p, is_ptr_slot(se->type, s2), &ev->f[s2], &hashed))
				return false;
		}
		break;
	case SH_CV_STR:
		if (*p == '"') {	/* probe "string" arguments print quoted */
			const char *q = strchr(p + 1, '"');

			if (q) {
				ev->str[sf->slot] = intern_n(src, p + 1, (size_t)(q - p - 1));
				return ev->str[sf->slot] != NULL;
			}
		}
		ev->str[sf->slot] = intern_until(src, p, ", \t");
		return ev->str[sf->slot] != NULL;
	case SH_CV_FUNC:
		/* %ps may append " [module]": the name is the first word */
		ev->str[1] = intern_until(src, p, ", \t");
		ev->f[sf->slot] = sh_schema_wq_func(ev->str[1]);
		return ev->str[1] != NULL;
	case SH_CV_STATE: {
		size_t len = strcspn(p, " \t");

		return sh_schema_task_state(p, len, false, &ev->f[sf->slot]) == 0;
	}
	}
	if (hashed)
		ev->flags |= SH_EVF_HASHED;
	return true;
}

/* "COMM:PID [PRIO]" ending at @end (libtraceevent's sched plugin) */
static bool plugin_task(struct sh_source *src, const char *s, const char *end,
			const char **comm, uint64_t *pid, const char **after)
{
	const char *br = NULL, *colon = NULL;

	for (const char *p = s; p + 1 < end; p++)
		if (p[0] == ' ' && p[1] == '[')
			br = p;
	if (!br)
		return false;
	for (const char *p = s; p < br; p++)
		if (*p == ':')
			colon = p;
	if (!colon) {
		return false;
	} else {
		const char *q = colon + 1;
		struct sh_str *e;

		if (!parse_uint(&q, br, pid) || q != br)
			return false;
		e = sh_strpool_get(src->strings, s, (size_t)(colon - s));
		if (!e)
			return false;
		*comm = e->s;
	}
	*after = strchr(br, ']');
	return *after != NULL;
}

static bool parse_switch(struct sh_source *src, const char *rest, struct sh_event *ev)
{
	struct sh_ev_sched_switch *sw = &ev->sched_switch;
	const char *arrow = strstr(rest, " ==> "), *p, *e;
	uint64_t v;
	bool h = false;

	if (!arrow)
		return false;
	if (strncmp(rest, "prev_comm=", 10) == 0) {	/* kernel TP_printk */
		const char *pp = strstr(rest, " prev_pid="), *np;

		if (!pp || !(np = strstr(arrow, " next_pid=")) || strncmp(arrow, " ==> next_comm=", 15))
			return false;
		ev->str[0] = intern_n(src, rest + 10, (size_t)(pp - rest - 10));
		ev->str[1] = intern_n(src, arrow + 15, (size_t)(np - arrow - 15));
		if (!ev->str[0] || !ev->str[1])
			return false;
		p = pp + 10;
		if (!parse_value(&p, false, &v, &h))
			return false;
		sw->prev_pid = v;
		p = np + 10;
		if (!parse_value(&p, false, &v, &h))
			return false;
		sw->next_pid = v;
		if (!(p = find_key(rest, "prev_state")))
			return false;
		return sh_schema_task_state(p, strcspn(p, " "), false, &sw->prev_state) == 0;
	}
	/* plugin: "prev:pid [prio] STATE ==> next:pid [prio]" */
	if (!plugin_task(src, rest, arrow, &ev->str[0], &v, &e))
		return false;
	sw->prev_pid = v;
	p = skip_spaces(e + 1);
	if (sh_schema_task_state(p, (size_t)(arrow - p), true, &sw->prev_state) < 0)
		return false;
	p = arrow + 5;
	if (!plugin_task(src, p, p + strlen(p), &ev->str[1], &v, &e))
		return false;
	sw->next_pid = v;
	return true;
}

static bool parse_wakeup(struct sh_source *src, const char *rest, struct sh_event *ev)
{
	uint64_t v;
	bool h = false;
	const char *p, *e;

	if (strncmp(rest, "comm=", 5) == 0) {		/* kernel TP_printk */
		const char *pp = strstr(rest, " pid=");

		if (!pp)
			return false;
		ev->str[0] = intern_n(src, rest + 5, (size_t)(pp - rest - 5));
		p = pp + 5;
		if (!ev->str[0])
			return false;
		if (!parse_value(&p, false, &v, &h))
			return false;
		ev->wakeup.woken_pid = v;
		if ((p = find_key(pp, "target_cpu")) && parse_value(&p, false, &v, &h))
			ev->wakeup.target_cpu = v;
		return true;
	}
	/* plugin: "comm:pid [prio] CPU:001" (maybe " success=1" before CPU) */
	e = strstr(rest, " CPU:");
	if (!e || !plugin_task(src, rest, e, &ev->str[0], &v, &p))
		return false;
	ev->wakeup.woken_pid = v;
	p = e + 5;
	if (parse_value(&p, false, &v, &h))
		ev->wakeup.target_cpu = v;
	return true;
}

int sh_text_decode(struct sh_source *src, unsigned si, const char *rest, struct sh_event *ev)
{
	const struct sh_schema_event *se = sh_schema_at(si);
	const char *cur = rest;

	ev->type = se->type;
	ev->flags |= se->flags;
	if (se->const_slot >= 0)
		ev->f[se->const_slot] = se->const_val;
	if (se->type <= SH_EV_STATE && rest[0] == '(') {	/* uprobe: "(0x55d0c0a01139) k=v ..." */
		ev->flags |= SH_EVF_UPROBE;
	}
	/* a malformed switch or wakeup is dropped, and counted like a missing field */
	if (se->text == SH_TX_SWITCH && !parse_switch(src, rest, ev))
		return sh_source_missing(src, si, "next_pid"), -1;
	if (se->text == SH_TX_SWITCH)
		return 0;
	if (se->text == SH_TX_WAKEUP && !parse_wakeup(src, rest, ev))
		return sh_source_missing(src, si, "pid"), -1;
	if (se->text == SH_TX_WAKEUP)
		return 0;
	for (unsigned i = 0; i < se->nfields; i++) {
		const struct sh_schema_field *sf = &se->fields[i];

		if (!sf->tkey)
			continue;
		if (!key_field(src, se, i, rest, &cur, ev) && sf->required) {
			sh_source_missing(src, si, sf->tkey);
			return -1;
		}
	}
	return 0;
}

/* ---- headers and the stream ---- */

/* Headers ('#...', "cpus=", "version = ", "CPU N is empty") and lost-event lines. */
static bool header_line(struct sh_source *src, struct text *t, const char *l)
{
	int a;
	unsigned long long n;
	char c;

	if (l[0] == '#') {
		const char *p = strstr(l, "#P:");

		if (p && sscanf(p, "#P:%d", &a) == 1)
			src->info.ncpus = a;
		return true;
	}
	if (l[0] == ' ' && l[1] == ' ')
		return false;		/* the common case: a right-aligned event line */
	if (sscanf(l, "cpus=%d%c", &a, &c) == 1) {
		src->info.ncpus = a;
		snprintf(src->info.format, sizeof(src->info.format), "trace-cmd report text");
		return true;
	}
	{
		/* "BUFFER: CPU:N [...]": lost lines of trace-cmd report's instances */
		const char *sp = strchr(l, ' ');

		if (sp && sp > l && sp[-1] == ':' && strncmp(skip_spaces(sp), "CPU:", 4) == 0)
			l = skip_spaces(sp);
	}
	if (strncmp(l, "version = ", 10) == 0 ||
	    (sscanf(l, "CPU %d is empty%c", &a, &c) == 1))
		return true;
	if (sscanf(l, "CPU:%d [LOST %llu EVENTS]%c", &a, &n, &c) == 2 ||
	    sscanf(l, "CPU:%d [%llu EVENTS DROPPED]%c", &a, &n, &c) == 2 ||
	    (sscanf(l, "CPU:%d [EVENTS DROPPED]%c", &a, &c) == 1 && (n = 0, 1)) ||
	    (sscanf(l, "CPU:%d [LOST EVENTS]%c", &a, &c) == 1 && (n = 0, 1))) {
		if (t->lost_pending) {		/* two markers in a row: keep the first too */
			t->lost2_pending = true;
			t->lost2_cpu = a;
			t->lost2_count = n;
			return true;
		}
		t->lost_pending = true;
		t->lost_cpu = a;
		t->lost_count = n;
		return true;
	}
	return false;
}

static bool text_sniff(const unsigned char *buf, size_t len)
{
	const char *p = (const char *)buf, *end = p + len;
	bool headers = false;

	if (memchr(buf, '\0', len))
		return false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char line[1024];
		size_t n;
		struct sh_text_head h;

		if (!nl)
			break;		/* a partial last line proves nothing */
		n = (size_t)(nl - p) < sizeof(line) - 1 ? (size_t)(nl - p) : sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		p = nl + 1;
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (!line[strspn(line, " \t")])
			continue;
		if (line[0] == '#' || strncmp(line, "cpus=", 5) == 0 ||
		    strncmp(line, "version = ", 10) == 0 || strncmp(line, "CPU", 3) == 0) {
			headers = true;
			continue;
		}
		return sh_text_parse_head(line, &h);
	}
	return headers;
}

static int text_open(struct sh_source *src)
{
	struct text *t = calloc(1, sizeof(*t));
	int fd;

	if (!t)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	src->priv = t;
	if (src->input) {	/* standard input or a compressed file, opened by detection */
		t->f = src->input;
		t->codec = src->input_codec;
		src->input = NULL;
		snprintf(src->info.format, sizeof(src->info.format), "ftrace text (%s)", src->input_kind);
		return sh_source_add_buffer(src, "");
	}
	/* non-blocking open: a FIFO without a writer must not hang (it reads as empty) */
	fd = open(src->info.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fcntl(fd, F_SETFL, 0) < 0 || !(t->f = fdopen(fd, "r"))) {
		int r = sh_error("cannot read '%s': %s", src->info.path, strerror(errno));

		if (fd >= 0)
			close(fd);
		return r;
	}
	snprintf(src->info.format, sizeof(src->info.format), "ftrace text");
	return sh_source_add_buffer(src, "");
}

static void text_close(struct sh_source *src)
{
	struct text *t = src->priv;

	if (t->f)
		fclose(t->f);
	free(t->line);
	free(t);
	src->priv = NULL;
}

static void lost_event(struct text *t, uint64_t ts, struct sh_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = SH_EV_LOST;
	ev->ts = ts;
	ev->cpu = t->lost_cpu;
	ev->pid = -1;
	ev->lost.count = t->lost_count;
	t->lost_pending = false;
	t->lost_ready = false;
}

/*
 * A LOST line came while another was pending: deliver the pending one now,
 * at the last event's timestamp, and keep the new one pending.
 */
static void lost_flush(struct text *t, struct sh_event *ev)
{
	lost_event(t, t->last_ts, ev);
	t->lost_pending = true;
	t->lost_cpu = t->lost2_cpu;
	t->lost_count = t->lost2_count;
	t->lost2_pending = false;
}

static int note_buffer(struct sh_source *src, struct text *t, const struct sh_text_head *h)
{
	struct sh_str *e;

	if (!h->buffer)
		return 0;
	e = sh_strpool_get(src->strings, h->buffer, h->buffer_len);
	if (!e)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	if (e->s == t->last_buffer)
		return 0;
	t->last_buffer = e->s;
	if (e->tag)
		return 0;
	e->tag = 1;
	return sh_source_add_buffer(src, e->s);
}

/* Parse one event line into @ev: 1 mapped, 0 skipped (counted), -1 error. */
static int event_line(struct sh_source *src, struct text *t, const char *l, struct sh_event *ev)
{
	struct sh_text_head h;
	struct sh_str *name;

	if (!sh_text_parse_head(l, &h)) {
		src->info.unparsed_lines++;
		if (!t->warned_bad)
			sh_warning("'%s': line %llu: not a trace event line, skipped",
				   src->info.path, (unsigned long long)t->lineno);
		t->warned_bad = true;
		return 0;
	}
	if (note_buffer(src, t, &h) < 0)
		return -1;
	if (t->lost_pending && !t->lost_ready) {	/* the marker takes this line's time */
		t->lost_ts = h.ts;
		t->lost_ready = true;
	}
	src->info.raw_events++;
	name = sh_strpool_get(src->strings, h.name, h.name_len);
	if (!name)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	if (name->tag == 0) {
		int si = sh_schema_find(NULL, name->s);

		name->tag = si < 0 ? -1 : si + 1;
	}
	if (name->tag < 0) {
		src->info.unknown_events++;
		return 0;
	}
	memset(ev, 0, sizeof(*ev));
	ev->ts = h.ts;
	ev->cpu = h.cpu;
	ev->pid = h.pid;
	ev->comm = intern_n(src, h.comm, (size_t)(h.comm_end - h.comm));
	if (!ev->comm)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	if (sh_text_decode(src, (unsigned)(name->tag - 1), h.rest, ev) < 0)
		return 0;
	if (ev->type <= SH_EV_STATE && ev->type != SH_EV_LOST)
		src->info.schemas |= (ev->flags & SH_EVF_UPROBE) ? SH_SCHEMA(SCHEDHANG_UPROBE)
								   : SH_SCHEMA(SCHEDHANG);
	else
		src->info.schemas |= 1u << sh_schema_at((unsigned)(name->tag - 1))->schema_bit;
	return 1;
}

/* Longer lines are cut (and counted as unparsed): memory stays bounded. */
#define MAX_LINE (1 << 20)

/*
 * The next line into t->line, NUL-terminated, without its newline; its
 * length, -1 at the end, -2 out of memory. *cut is set when the line was
 * longer than MAX_LINE and its rest was skipped.
 */
static ssize_t read_line(struct text *t, bool *cut)
{
	size_t n = 0;
	int c;

	*cut = false;
	while ((c = getc_unlocked(t->f)) != EOF && c != '\n') {
		if (n + 1 >= t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 4096;
			char *p;

			if (t->cap >= MAX_LINE) {
				*cut = true;
				continue;
			}
			p = realloc(t->line, cap);
			if (!p)
				return -2;
			t->line = p;
			t->cap = cap;
		}
		t->line[n++] = (char)c;
	}
	t->bytes += n + (c == '\n');
	if (c == EOF && ((n == 0 && !*cut) || ferror(t->f)))
		return -1;	/* the end, or a read error (a partial line is not parsed) */
	if (!t->line && !(t->line = malloc(t->cap = 4096)))
		return -2;
	t->line[n] = '\0';
	return (ssize_t)n;
}

static int text_next(struct sh_source *src, struct sh_event *ev)
{
	struct text *t = src->priv;
	ssize_t n;
	bool cut;

	if (t->held) {
		*ev = t->ev_held;
		t->held = false;
		return 1;
	}
	while ((n = read_line(t, &cut)) >= 0) {
		char *l = t->line;
		int r;

		t->lineno++;
		if (cut) {
			src->info.unparsed_lines++;
			if (!t->warned_long)
				sh_warning("'%s': line %llu: longer than %d bytes, skipped", src->info.path,
					   (unsigned long long)t->lineno, MAX_LINE);
			t->warned_long = true;
			continue;
		}
		while (n > 0 && (l[n - 1] == '\n' || l[n - 1] == '\r'))
			l[--n] = '\0';
		if (!l[strspn(l, " \t")])
			continue;
		if (header_line(src, t, l)) {
			if (t->lost2_pending) {
				lost_flush(t, ev);
				return 1;
			}
			continue;
		}
		r = event_line(src, t, l, ev);
		if (r < 0)
			return -1;
		if (r == 1)
			t->last_ts = ev->ts;
		if (t->lost_ready) {
			if (r == 1) {
				t->ev_held = *ev;
				t->held = true;
			}
			lost_event(t, t->lost_ts, ev);
			return 1;
		}
		if (r == 1)
			return 1;
	}
	if (n == -2)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	if (ferror(t->f))
		return sh_error("cannot read '%s': %s", src->info.path,
				sh_input_strerror((enum sh_input_codec)t->codec, errno));
	if (t->bytes == 0)	/* a regular file was checked when opened; a pipe is now */
		return sh_error("cannot read '%s': empty input", src->info.path);
	if (t->lost_pending) {
		lost_event(t, t->last_ts, ev);
		return 1;
	}
	return 0;
}

const struct sh_source_ops sh_source_text_ops = {
	.name = "ftrace text",
	.format = SH_INPUT_TEXT,
	.sniff = text_sniff,
	.open = text_open,
	.next = text_next,
	.close = text_close,
};
