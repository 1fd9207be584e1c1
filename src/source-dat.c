/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace.dat reader (v6, v7, v7+zstd) through libtracecmd's public read API.
 * The top-level buffer and every instance buffer are merged per CPU into one
 * time-ordered stream (k-way merge over tracecmd_read_data() cursors).
 * Field handles are resolved once per event id; the per-record path reads
 * numbers at cached offsets and interns strings, with no allocation once
 * the pools are warm.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <trace-cmd.h>

#include "error.h"
#include "source-dat.h"
#include "source-dat-check.h"
#include "source-impl.h"

/*
 * Exported by libtracecmd 1.3 (configure pins 1.3.x) but declared only in
 * its private header: the trace's clock, uname and CPU count.
 */
const char *tracecmd_get_trace_clock(struct tracecmd_input *handle);
const char *tracecmd_get_uname(struct tracecmd_input *handle);
int tracecmd_cpus(struct tracecmd_input *handle);

/*
 * libtracecmd 1.3.1 leaks the clock name it sscanf()s while opening a v6
 * file (tracecmd_parse_trace_clock), and both libraries leak on their
 * error paths for corrupt files. Tell LeakSanitizer, when it is linked in,
 * so sanitizer builds stay clean; the unwinder often stops in libc.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tracecmd_parse_trace_clock\nleak:__isoc99_vsscanf\n"
	       "leak:libtracecmd.so\nleak:libtraceevent.so\n";
}

const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

static const char dat_magic[] = "\x17\x08\x44tracing";


enum { EC_UNRESOLVED, EC_MAPPED, EC_UNKNOWN, EC_BROKEN };

/* What an event id of one handle maps to; resolved on first sight. */
struct evcache {
	uint8_t state;			/* EC_* */
	uint8_t schema_bit;
	uint16_t flags;			/* SH_EVF_* for every event */
	int16_t si;			/* schema index */
	const char *missing;		/* EC_BROKEN: the missing field (borrowed from the table) */
	struct tep_format_field *fld[12];	/* borrowed from the tep; per schema field */
};

/* A small open-addressing map u64 -> (interned string, class). */
struct u64map_ent {
	uint64_t key;
	const char *str;	/* borrowed from the string pool */
	unsigned cls;
	bool used;
};
struct u64map {
	struct u64map_ent *e;	/* owned */
	size_t n, count;
};

struct handle {
	struct tracecmd_input *h;	/* owned, except the top level's (see dat) */
	struct tep_handle *tep;		/* borrowed from h */
	struct evcache *ec;		/* owned; indexed by event id */
	size_t nec;
	bool swap;			/* the file's byte order is not the host's */
};

struct stream {
	struct handle *hd;		/* borrowed from dat->handles */
	int cpu;
	struct tep_record *rec;		/* owned; next record, NULL at the end */
	bool lost_done;			/* rec's missed-events marker was delivered */
};

struct dat {
	struct handle *handles;		/* owned; [0] = top level */
	size_t nhandles;
	struct stream *streams;		/* owned */
	size_t nstreams;
	struct u64map funcs;		/* function address -> name, SH_WQ_FUNC_* */
	struct u64map comms;		/* pid -> comm */
};

#define MAX_EVENT_ID (1 << 20)

static int u64map_grow(struct u64map *m)
{
	size_t n = m->n ? m->n * 2 : 256;
	struct u64map_ent *e = calloc(n, sizeof(*e));

	if (!e)
		return -1;
	for (size_t i = 0; i < m->n; i++) {
		size_t j;

		if (!m->e[i].used)
			continue;
		for (j = (m->e[i].key * 0x9E3779B97F4A7C15ull) >> 40 & (n - 1); e[j].used;
		     j = (j + 1) & (n - 1))
			;
		e[j] = m->e[i];
	}
	free(m->e);
	m->e = e;
	m->n = n;
	return 0;
}

/* The entry for @key, added (unused) if absent; NULL on allocation failure. */
static struct u64map_ent *u64map_get(struct u64map *m, uint64_t key)
{
	size_t i;

	if ((m->count + 1) * 2 > m->n && u64map_grow(m) < 0)
		return NULL;
	for (i = (key * 0x9E3779B97F4A7C15ull) >> 40 & (m->n - 1); m->e[i].used;
	     i = (i + 1) & (m->n - 1))
		if (m->e[i].key == key)
			return &m->e[i];
	m->e[i].key = key;
	return &m->e[i];
}

static bool dat_sniff(const unsigned char *buf, size_t len)
{
	return len >= DAT_MAGIC_LEN && memcmp(buf, dat_magic, DAT_MAGIC_LEN) == 0;
}

/* "trace.dat v7 (zstd)" from the file header: magic, version, endian, long size, page size, compression. */
static int read_header(struct sh_source *src)
{
	unsigned char buf[256];
	const char *path = src->info.path;
	ssize_t n;
	size_t vlen, off;
	/* non-blocking: a FIFO without a writer must not hang the open */
	int fd = open(path, O_RDONLY | O_NONBLOCK), r;
	struct stat st;

	if (fd < 0)
		return sh_error("cannot read '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		return sh_error("cannot read '%s': not a regular file (a trace.dat is read by offset)",
				path);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0 || fstat(fd, &st) < 0) {
		r = sh_error("cannot read '%s': %s", path, strerror(errno));
		close(fd);
		return r;
	}
	buf[n] = '\0';
	r = 0;
	if (!dat_sniff(buf, (size_t)n))
		r = sh_error("cannot read '%s': not a trace.dat file", path);
	vlen = r ? 0 : strnlen((char *)buf + DAT_MAGIC_LEN, (size_t)n - DAT_MAGIC_LEN);
	if (!r && (DAT_MAGIC_LEN + vlen + 7 >= (size_t)n || vlen == 0 || vlen > 3))
		r = sh_error("cannot read '%s': truncated trace.dat header", path);
	if (!r)
		r = sh_dat_check_layout(path, fd, (uint64_t)st.st_size, buf);
	close(fd);
	if (r < 0)
		return -1;
	off = DAT_MAGIC_LEN + vlen + 1 + 1 + 1 + 4;	/* version NUL, endian, long size, page size */
	if (atoi((char *)buf + DAT_MAGIC_LEN) >= 7 && off < (size_t)n &&
	    strcmp((char *)buf + off, "none") != 0 && buf[off])
		snprintf(src->info.format, sizeof(src->info.format), "trace.dat v%s (%.16s)",
			 (char *)buf + DAT_MAGIC_LEN, (char *)buf + off);
	else
		snprintf(src->info.format, sizeof(src->info.format), "trace.dat v%s",
			 (char *)buf + DAT_MAGIC_LEN);
	return 0;
}

/* Take @h into the source; on failure the caller still owns it. */
static int add_handle(struct sh_source *src, struct tracecmd_input *h, const char *name)
{
	struct dat *d = src->priv;
	struct handle *hs;

	if (sh_source_add_buffer(src, name) < 0)
		return -1;
	hs = realloc(d->handles, (d->nhandles + 1) * sizeof(*hs));
	if (!hs)
		return sh_error("cannot read '%s': out of memory", src->info.path);
	d->handles = hs;
	hs[d->nhandles] = (struct handle){ .h = h, .tep = tracecmd_get_tep(h) };
	hs[d->nhandles].swap = tep_is_file_bigendian(hs[d->nhandles].tep) !=
			       tep_is_local_bigendian(hs[d->nhandles].tep);
	d->nhandles++;
	return 0;
}

/* One merge cursor per (buffer, CPU) that has data. */
static int open_streams(struct sh_source *src)
{
	struct dat *d = src->priv;
	int ncpus = tracecmd_cpus(d->handles[0].h);

	src->info.ncpus = ncpus > 0 ? ncpus : 0;
	for (size_t i = 0; i < d->nhandles; i++) {
		int n = tracecmd_cpus(d->handles[i].h);

		for (int cpu = 0; cpu < n; cpu++) {
			struct tep_record *r = tracecmd_read_cpu_first(d->handles[i].h, cpu);
			struct stream *s;

			if (!r)
				continue;
			s = realloc(d->streams, (d->nstreams + 1) * sizeof(*s));
			if (!s) {
				tracecmd_free_record(r);
				return sh_error("cannot read '%s': out of memory", src->info.path);
			}
			d->streams = s;
			s[d->nstreams++] = (struct stream){ .hd = &d->handles[i], .cpu = cpu, .rec = r };
		}
		if (n > src->info.ncpus)
			src->info.ncpus = n;
	}
	return 0;
}

/*
 * libtraceevent 1.7 and libtracecmd 1.3 can crash on corrupt headers (event
 * format text, section tables) that no cheap check catches. Open the file
 * once in a child first: if that dies, the parent reports the file as
 * corrupt instead of crashing. Only the headers are parsed twice.
 */
static bool opens_safely(const char *path)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return true;		/* cannot tell: let the real open try */
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		struct tracecmd_input *h;

		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		h = tracecmd_open_head(path, TRACECMD_FL_LOAD_NO_PLUGINS);
		if (h)
			tracecmd_close(h);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return true;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * libtracecmd prints its own diagnostics on stderr ("Can not mmap file, will
 * read instead", even at TEP_LOG_NONE for some paths). Its print functions are
 * weak symbols meant to be replaced: schedhang reports every failure itself,
 * in one line naming the file, so the library's own lines are dropped.
 */
void tracecmd_warning(const char *fmt, ...);
void tracecmd_critical(const char *fmt, ...);
void tracecmd_info(const char *fmt, ...);

void tracecmd_warning(const char *fmt, ...)
{
	(void)fmt;
}

void tracecmd_critical(const char *fmt, ...)
{
	(void)fmt;
}

void tracecmd_info(const char *fmt, ...)
{
	(void)fmt;
}

static int dat_open(struct sh_source *src)
{
	const char *path = src->info.path;
	struct tracecmd_input *top;
	struct dat *d;
	const char *s;
	int nb;

	if (read_header(src) < 0)
		return -1;
	tracecmd_set_loglevel(TEP_LOG_NONE);
	if (!opens_safely(path))
		return sh_error("cannot read '%s': corrupt trace.dat headers", path);
	top = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!top)
		return sh_error("cannot read '%s': corrupt or truncated trace.dat", path);
	d = calloc(1, sizeof(*d));
	if (!d) {
		tracecmd_close(top);
		return sh_error("cannot read '%s': out of memory", path);
	}
	src->priv = d;
	if (add_handle(src, top, "") < 0) {
		tracecmd_close(top);
		return -1;
	}
	nb = tracecmd_buffer_instances(top);
	for (int i = 0; i < nb; i++) {
		struct tracecmd_input *h = tracecmd_buffer_instance_handle(top, i);
		const char *name = tracecmd_buffer_instance_name(top, i);

		if (!h)
			return sh_error("cannot read '%s': corrupt buffer '%s'", path, name ? name : "?");
		if (add_handle(src, h, name ? name : "?") < 0) {
			tracecmd_close(h);
			return -1;
		}
	}
	if ((s = tracecmd_get_trace_clock(top)))
		snprintf(src->info.clock, sizeof(src->info.clock), "%s", s);
	src->info.clock[strcspn(src->info.clock, "\n")] = '\0';
	if ((s = tracecmd_get_uname(top)))	/* "sysname nodename release machine" */
		sscanf(s, "%*s %*s %95s", src->info.kernel);
	return open_streams(src);
}

static void dat_close(struct sh_source *src)
{
	struct dat *d = src->priv;

	for (size_t i = 0; i < d->nstreams; i++)
		tracecmd_free_record(d->streams[i].rec);
	free(d->streams);
	/* instance handles first: they hold references to the top level's */
	for (size_t i = d->nhandles; i-- > 0;) {
		if (d->handles[i].h)
			tracecmd_close(d->handles[i].h);
		free(d->handles[i].ec);
	}
	free(d->handles);
	free(d->funcs.e);
	free(d->comms.e);
	free(d);
	src->priv = NULL;
}

/* Resolve event id @id of @hd: schema entry and field handles. */
static struct evcache *resolve(struct sh_source *src, struct handle *hd, int id)
{
	struct evcache *c;
	struct tep_event *tev;
	const struct sh_schema_event *se;
	int si;

	if (id < 0 || id >= MAX_EVENT_ID)
		return NULL;
	if ((size_t)id >= hd->nec) {
		size_t n = (size_t)id + 64;
		struct evcache *ec = realloc(hd->ec, n * sizeof(*ec));

		if (!ec)
			return NULL;
		memset(ec + hd->nec, 0, (n - hd->nec) * sizeof(*ec));
		hd->ec = ec;
		hd->nec = n;
	}
	c = &hd->ec[id];
	if (c->state != EC_UNRESOLVED)
		return c;
	c->state = EC_UNKNOWN;
	tev = tep_find_event(hd->tep, id);
	if (!tev)
		return c;
	si = sh_schema_find(tev->system, tev->name);
	/* a probe of a schedhang_* name in another group (as text shows no group) */
	if (si < 0 && tep_find_field(tev, SH_SCHEMA_PROBE_IP))
		si = sh_schema_find(SH_SCHEMA_SCHEDHANG_SYSTEM, tev->name);
	if (si < 0)
		return c;
	se = sh_schema_at((unsigned)si);
	c->si = (int16_t)si;
	c->flags = se->flags;
	c->schema_bit = se->schema_bit;
	if (tep_find_field(tev, SH_SCHEMA_PROBE_IP)) {
		c->flags |= SH_EVF_UPROBE;
		c->schema_bit = SH_SCHEMA_BIT_SCHEDHANG_UPROBE;
	}
	c->state = EC_MAPPED;
	for (unsigned i = 0; i < se->nfields && i < sizeof(c->fld) / sizeof(c->fld[0]); i++) {
		c->fld[i] = tep_find_field(tev, se->fields[i].kname);
		if (!c->fld[i] && se->fields[i].required && c->state == EC_MAPPED) {
			c->state = EC_BROKEN;
			c->missing = se->fields[i].kname;
		}
	}
	return c;
}

/* A number field of @r (host byte order unless @swap), sign-extended if signed. */
static bool read_num(const struct tep_format_field *f, const struct tep_record *r, bool swap,
		     uint64_t *v)
{
	const unsigned char *p = (const unsigned char *)r->data + f->offset;
	unsigned long long x;

	if (f->offset < 0 || f->offset + f->size > r->size)
		return false;
	switch (swap ? 0 : f->size) {	/* the hot path: no library call */
	case 1:
		x = p[0];
		break;
	case 2: {
		uint16_t u;

		memcpy(&u, p, 2);
		x = u;
		break;
	}
	case 4: {
		uint32_t u;

		memcpy(&u, p, 4);
		x = u;
		break;
	}
	case 8: {
		uint64_t u;

		memcpy(&u, p, 8);
		x = u;
		break;
	}
	default:
		if (tep_read_number_field((struct tep_format_field *)f, r->data, &x) < 0)
			return false;
	}
	if ((f->flags & TEP_FIELD_IS_SIGNED) && f->size < 8 && f->size > 0) {
		unsigned bits = (unsigned)f->size * 8;
		uint64_t m = 1ull << (bits - 1);

		x &= (1ull << bits) - 1;
		x = (x ^ m) - m;
	}
	*v = x;
	return true;
}

/* A string field (fixed char[] or __data_loc/__rel_loc) interned; NULL if out of bounds. */
static const char *read_str(struct sh_source *src, const struct tep_format_field *f,
			    const struct tep_record *r, bool swap)
{
	const char *base = r->data;
	size_t off, len;
	struct sh_str *e;

	if (f->offset < 0 || f->offset + f->size > r->size)
		return NULL;
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		uint64_t v;

		if (!read_num(f, r, swap, &v))
			return NULL;
		off = v & 0xffff;
		len = (v >> 16) & 0xffff;
		if (f->flags & TEP_FIELD_IS_RELATIVE)
			off += (size_t)f->offset + (size_t)f->size;
	} else {
		off = (size_t)f->offset;
		len = (size_t)f->size;
	}
	if (off > (size_t)r->size || len > (size_t)r->size - off)
		return NULL;
	len = strnlen(base + off, len);
	e = sh_strpool_get(src->strings, base + off, len);
	return e ? e->s : NULL;
}

static const struct u64map_ent *lookup_func(struct sh_source *src, struct handle *hd, uint64_t addr)
{
	struct dat *d = src->priv;
	struct u64map_ent *e = u64map_get(&d->funcs, addr);
	const char *name;

	if (!e || e->used)
		return e;
	name = tep_find_function(hd->tep, addr);
	if (name) {
		e->str = sh_strpool_intern(src->strings, name);
	} else {
		char hex[24];

		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)addr);
		e->str = sh_strpool_intern(src->strings, hex);
	}
	e->cls = sh_schema_wq_func(e->str);
	e->used = true;
	d->funcs.count++;
	return e;
}

static const char *lookup_comm(struct sh_source *src, struct handle *hd, int pid)
{
	struct dat *d = src->priv;
	struct u64map_ent *e = u64map_get(&d->comms, (uint64_t)(uint32_t)pid);

	if (!e)
		return NULL;
	if (!e->used) {
		const char *c = pid == 0 ? "<idle>" : tep_data_comm_from_pid(hd->tep, pid);

		e->str = sh_strpool_intern(src->strings, c ? c : "<...>");
		e->used = true;
		d->comms.count++;
	}
	return e->str;
}

/* Fill @ev from @r per @c; false if a required field is unreadable. */
static bool decode(struct sh_source *src, struct handle *hd, const struct evcache *c,
		   const struct tep_record *r, struct sh_event *ev)
{
	const struct sh_schema_event *se = sh_schema_at((unsigned)c->si);

	for (unsigned i = 0; i < se->nfields; i++) {
		const struct sh_schema_field *sf = &se->fields[i];
		const struct tep_format_field *f = c->fld[i];
		const struct u64map_ent *fe;
		uint64_t v;
		bool ok = true;

		if (!f)
			continue;
		switch (sf->conv) {
		case SH_CV_NUM:
		case SH_CV_STATE:
			ok = read_num(f, r, hd->swap, &ev->f[sf->slot]);
			break;
		case SH_CV_STR:
			ok = (ev->str[sf->slot] = read_str(src, f, r, hd->swap)) != NULL;
			break;
		case SH_CV_FUNC:
			ok = read_num(f, r, hd->swap, &v) && (fe = lookup_func(src, hd, v));
			if (ok) {
				ev->f[sf->slot] = fe->cls;
				ev->str[1] = fe->str;
			}
			break;
		}
		if (!ok && sf->required) {
			sh_source_missing(src, (unsigned)c->si, sf->kname);
			return false;
		}
	}
	if (se->const_slot >= 0)
		ev->f[se->const_slot] = se->const_val;
	return true;
}

/* The stream with the oldest pending record, or NULL when all are done. */
static struct stream *oldest(struct dat *d)
{
	struct stream *best = NULL;

	for (size_t i = 0; i < d->nstreams; i++) {
		struct stream *s = &d->streams[i];

		if (s->rec && (!best || s->rec->ts < best->rec->ts))
			best = s;
	}
	return best;
}

static void lost_marker(struct stream *s, struct sh_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = SH_EV_LOST;
	ev->ts = s->rec->ts;
	ev->cpu = s->cpu;
	ev->pid = -1;
	ev->lost.count = s->rec->missed_events > 0 ? (uint64_t)s->rec->missed_events : 0;
	s->lost_done = true;
}

/* Decode @r of @hd into @ev: true if it maps to an event (the rest is counted). */
static bool decode_record(struct sh_source *src, struct handle *hd, const struct tep_record *r,
			  int cpu, struct sh_event *ev)
{
	struct evcache *c;

	src->info.raw_events++;
	c = resolve(src, hd, tep_data_type(hd->tep, (struct tep_record *)r));
	if (!c || c->state == EC_UNKNOWN) {
		src->info.unknown_events++;
		return false;
	}
	if (c->state == EC_BROKEN) {
		sh_source_missing(src, (unsigned)c->si, c->missing);
		return false;
	}
	memset(ev, 0, sizeof(*ev));
	ev->ts = r->ts;
	ev->cpu = cpu;
	ev->pid = tep_data_pid(hd->tep, (struct tep_record *)r);
	ev->comm = lookup_comm(src, hd, ev->pid);
	ev->type = sh_schema_at((unsigned)c->si)->type;
	ev->flags = c->flags;
	if (!decode(src, hd, c, r, ev))
		return false;
	src->info.schemas |= 1u << c->schema_bit;
	return true;
}

static int dat_next(struct sh_source *src, struct sh_event *ev)
{
	struct dat *d = src->priv;
	struct stream *s;

	while ((s = oldest(d))) {
		bool keep;

		if (s->rec->missed_events && !s->lost_done) {
			lost_marker(s, ev);
			return 1;
		}
		keep = decode_record(src, s->hd, s->rec, s->cpu, ev);
		tracecmd_free_record(s->rec);
		s->rec = tracecmd_read_data(s->hd->h, s->cpu);
		s->lost_done = false;
		if (keep)
			return 1;
	}
	return 0;
}

struct sh_source *sh_source_dat_new_tep(struct tep_handle *tep)
{
	struct sh_source *src = sh_source_new(&sh_source_dat_ops, "(tep)");
	struct dat *d;

	if (!src)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d || !(d->handles = calloc(1, sizeof(*d->handles)))) {
		free(d);
		sh_source_free(src);
		return NULL;
	}
	d->handles[0].tep = tep;
	d->handles[0].swap = tep_is_file_bigendian(tep) != tep_is_local_bigendian(tep);
	d->nhandles = 1;
	src->priv = d;
	return src;
}

int sh_source_dat_decode(struct sh_source *src, const struct tep_record *rec, int cpu,
			 struct sh_event *ev)
{
	struct dat *d = src->priv;

	if (!decode_record(src, &d->handles[0], rec, cpu, ev))
		return 0;
	/* the shared accounting, as sh_source_next() does it */
	src->info.per_type[ev->type]++;
	ev->idx = src->info.nevents++;
	return 1;
}

const struct sh_source_ops sh_source_dat_ops = {
	.name = "trace.dat",
	.format = SH_INPUT_DAT,
	.sniff = dat_sniff,
	.open = dat_open,
	.next = dat_next,
	.close = dat_close,
};
