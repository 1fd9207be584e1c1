/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening an input: format detection by content, the ops table chosen once,
 * and the accounting every format shares (indices, per-type counts, time
 * span, unordered timestamps, lost events per CPU).
 */
#define _GNU_SOURCE
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "read/ahead.h"
#include "read/source-impl.h"

#define SNIFF_SIZE 4096
#define CTF_MAX_DEPTH 6
/*
 * Highest CPU number believed; events on higher CPUs get CPU -1 (unknown).
 * The model's per-CPU tables grow to the highest CPU seen, so one corrupt
 * "CPU:2147483647" would cost 16 GB; Linux allows 8192.
 */
#define MAX_CPU ((1 << 20) - 1)

static const struct sh_source_ops *const all_ops[] = {
	&sh_source_dat_ops,
	&sh_source_ctf_ops,
	&sh_source_text_ops,
};

int sh_input_format_parse(const char *name, enum sh_input_format *out)
{
	static const struct { const char *name; enum sh_input_format f; } fmts[] = {
		{ "dat", SH_INPUT_DAT }, { "text", SH_INPUT_TEXT }, { "ctf", SH_INPUT_CTF },
	};

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		if (strcmp(name, fmts[i].name) == 0) {
			*out = fmts[i].f;
			return 0;
		}
	}
	return -1;
}

/* Is there a file named "metadata" in @dir or below (CTF)? */
static bool has_ctf_metadata(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		char *sub;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&sub, "%s/%s", dir, de->d_name) < 0)
			break;
		if (stat(sub, &st) == 0) {
			if (S_ISREG(st.st_mode) && strcmp(de->d_name, "metadata") == 0)
				found = true;
			else if (S_ISDIR(st.st_mode) && depth < CTF_MAX_DEPTH)
				found = has_ctf_metadata(sub, depth + 1);
		}
		free(sub);
	}
	closedir(d);
	return found;
}

static const struct sh_source_ops *ops_for(enum sh_input_format fmt)
{
	for (size_t i = 0; i < sizeof(all_ops) / sizeof(all_ops[0]); i++)
		if (all_ops[i]->format == fmt)
			return all_ops[i];
	return NULL;
}

/* Pick the reader of @path: by @fmt, or by content. NULL = reported. */
static const struct sh_source_ops *detect(const char *path, enum sh_input_format fmt)
{
	unsigned char buf[SNIFF_SIZE];
	struct stat st;
	ssize_t n;
	int fd;

	if (stat(path, &st) < 0)
		return sh_error("cannot read '%s': %s", path, strerror(errno)), NULL;
	if (S_ISDIR(st.st_mode)) {
		if (fmt != SH_INPUT_AUTO && fmt != SH_INPUT_CTF)
			return sh_error("cannot read '%s': is a directory", path), NULL;
		if (!has_ctf_metadata(path, 0))
			return sh_error("cannot read '%s': a directory without a CTF 'metadata' file",
					path), NULL;
		return ops_for(SH_INPUT_CTF);
	}
	if (fmt == SH_INPUT_CTF)
		return sh_error("cannot read '%s': a CTF trace is a directory", path), NULL;
	if (fmt != SH_INPUT_AUTO)	/* forced (pipes too): the reader says what is wrong */
		return ops_for(fmt);
	if (!S_ISREG(st.st_mode))
		return sh_error("cannot read '%s': not a regular file (use --input-format)", path), NULL;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return sh_error("cannot read '%s': %s", path, strerror(errno)), NULL;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return sh_error("cannot read '%s': %s", path, strerror(errno)), NULL;
	if (n == 0)
		return sh_error("cannot read '%s': empty file", path), NULL;
	for (size_t i = 0; i < sizeof(all_ops) / sizeof(all_ops[0]); i++)
		if (!all_ops[i]->want_dir && all_ops[i]->sniff && all_ops[i]->sniff(buf, (size_t)n))
			return all_ops[i];
	return sh_error("cannot read '%s': not a trace.dat, ftrace text or CTF trace", path), NULL;
}

struct sh_source *sh_source_new(const struct sh_source_ops *ops, const char *path)
{
	struct sh_source *src = calloc(1, sizeof(*src));

	if (!src)
		return sh_error("cannot read '%s': out of memory", path), NULL;
	src->ops = ops;
	src->info.path = path;
	sh_hmap_init(&src->lost_index);
	src->strings = sh_strpool_new();
	src->warned = calloc(sh_schema_count(), 1);
	if (!src->strings || !src->warned) {
		sh_error("cannot read '%s': out of memory", path);
		sh_source_free(src);
		return NULL;
	}
	return src;
}

struct sh_source *sh_source_open(const char *path, enum sh_input_format fmt)
{
	const struct sh_source_ops *ops = detect(path, fmt);
	struct sh_source *src;

	if (!ops || !(src = sh_source_new(ops, path)))
		return NULL;
	if (ops->open(src) < 0) {
		sh_source_free(src);
		return NULL;
	}
	return src;
}

/* Key of CPU @cpu (-1 included) in src->lost_index. */
static uint64_t cpu_key(int cpu)
{
	return (uint64_t)(int64_t)cpu;
}

/* The entry of @cpu in info.lost_cpus, added (unsorted) when new; NULL = out of memory. */
static struct sh_lost_cpu *lost_entry(struct sh_source *src, int cpu)
{
	struct sh_trace_info *in = &src->info;
	uintptr_t i = (uintptr_t)sh_hmap_get(&src->lost_index, cpu_key(cpu));
	struct sh_lost_cpu *p;

	if (i)
		return &in->lost_cpus[i - 1];
	if (in->nlost_cpus == src->lost_cap) {
		size_t n = src->lost_cap ? src->lost_cap * 2 : 8;

		p = realloc(in->lost_cpus, n * sizeof(*p));
		if (!p)
			return NULL;
		in->lost_cpus = p;
		src->lost_cap = n;
	}
	p = in->lost_cpus;
	if (sh_hmap_put(&src->lost_index, cpu_key(cpu), (void *)(uintptr_t)(in->nlost_cpus + 1)) < 0)
		return NULL;
	if (src->lost_sorted == in->nlost_cpus && (!in->nlost_cpus || p[in->nlost_cpus - 1].cpu < cpu))
		src->lost_sorted++;	/* still in order */
	p += in->nlost_cpus++;
	*p = (struct sh_lost_cpu){ .cpu = cpu };
	return p;
}

static int count_lost(struct sh_source *src, const struct sh_event *ev)
{
	struct sh_trace_info *in = &src->info;
	struct sh_lost_cpu *l = lost_entry(src, ev->cpu < 0 ? -1 : ev->cpu);

	if (!l)
		return sh_error("cannot read '%s': out of memory", in->path);
	in->lost_markers++;
	l->markers++;
	l->lost += ev->lost.count;
	if (ev->lost.count == 0) {
		in->lost_unknown++;
		l->unknown++;
	}
	return 0;
}

static int cmp_lost_cpu(const void *a, const void *b)
{
	const struct sh_lost_cpu *x = a, *y = b;

	return (x->cpu > y->cpu) - (x->cpu < y->cpu);
}

/* Move entry @i of @a into place in the sorted a[0..i). */
static void insert_sorted(struct sh_lost_cpu *a, size_t i)
{
	struct sh_lost_cpu e = a[i];
	size_t lo = 0, hi = i;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid].cpu < e.cpu)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(a + lo + 1, a + lo, (i - lo) * sizeof(*a));
	a[lo] = e;
}

/*
 * Put info.lost_cpus in CPU order, when input ends (in feed mode: after each
 * message). Not on every new CPU: a sorted insert each would be quadratic on
 * a hostile text trace naming many CPUs. A few new entries are inserted,
 * many are sorted.
 */
static int sort_lost(struct sh_source *src)
{
	struct sh_trace_info *in = &src->info;
	size_t n = in->nlost_cpus;

	if (src->lost_sorted == n)
		return 0;
	if ((n - src->lost_sorted) * 8 < n)
		for (size_t i = src->lost_sorted; i < n; i++)
			insert_sorted(in->lost_cpus, i);
	else
		qsort(in->lost_cpus, n, sizeof(*in->lost_cpus), cmp_lost_cpu);
	src->lost_sorted = n;
	for (size_t i = 0; i < in->nlost_cpus; i++)
		if (sh_hmap_put(&src->lost_index, cpu_key(in->lost_cpus[i].cpu),
				(void *)(uintptr_t)(i + 1)) < 0)
			return sh_error("cannot read '%s': out of memory", in->path);
	return 0;
}

/* sh_source_next()'s work, in the caller or in the read-ahead thread */
static int source_next(struct sh_source *src, struct sh_event *ev)
{
	int r = src->ops->next(src, ev);

	if (r == 0 && sort_lost(src) < 0)
		return -1;
	if (r <= 0)
		return r;
	return sh_source_deliver(src, ev);
}

int sh_source_deliver(struct sh_source *src, struct sh_event *ev)
{
	struct sh_trace_info *in = &src->info;

	ev->idx = in->nevents++;
	in->per_type[ev->type]++;
	if (ev->cpu > MAX_CPU) {
		if (!src->warned_cpu)
			sh_warning("'%s': CPU numbers above %d are taken as unknown (first: %d)",
				   in->path, MAX_CPU, ev->cpu);
		src->warned_cpu = true;
		ev->cpu = -1;		/* corrupt: unknown CPU */
	}
	if (ev->idx == 0)
		in->first_ts = ev->ts;
	else if (ev->ts < src->prev_ts)
		in->unordered++;
	src->prev_ts = ev->ts;
	if (ev->ts > in->last_ts)
		in->last_ts = ev->ts;
	if (ev->type == SH_EV_LOST && count_lost(src, ev) < 0)
		return -1;
	return 1;
}

int sh_source_next(struct sh_source *src, struct sh_event *ev)
{
	return src->ahead ? sh_ahead_next(src->ahead, ev) : source_next(src, ev);
}

void sh_source_read_ahead(struct sh_source *src)
{
	/* on one CPU a second thread only adds switches */
	if (!src->ahead && sysconf(_SC_NPROCESSORS_ONLN) > 1)
		src->ahead = sh_ahead_start(src, source_next);
}

const struct sh_trace_info *sh_source_info(const struct sh_source *src)
{
	return &src->info;
}

void sh_source_free(struct sh_source *src)
{
	if (!src)
		return;
	sh_ahead_stop(src->ahead);	/* before the reader's state goes */
	if (src->priv && src->ops->close)
		src->ops->close(src);
	for (size_t i = 0; i < src->info.nbuffers; i++)
		free(src->info.buffers[i]);
	free(src->info.buffers);
	free(src->info.lost_cpus);
	sh_hmap_release(&src->lost_index);
	sh_strpool_free(src->strings);
	free(src->warned);
	free(src);
}

void sh_source_missing(struct sh_source *src, unsigned si, const char *field)
{
	const struct sh_schema_event *se = sh_schema_at(si);

	src->info.missing_field++;
	if (!se || src->warned[si])
		return;
	src->warned[si] = 1;
	sh_warning("'%s': %s:%s events without field '%s' are ignored", src->info.path,
		   se->system, se->event, field);
}

int sh_source_add_buffer(struct sh_source *src, const char *name)
{
	struct sh_trace_info *in = &src->info;
	char **b = realloc(in->buffers, (in->nbuffers + 1) * sizeof(*b));

	if (!b)
		return sh_error("cannot read '%s': out of memory", in->path);
	in->buffers = b;
	b[in->nbuffers] = strdup(name);
	if (!b[in->nbuffers])
		return sh_error("cannot read '%s': out of memory", in->path);
	in->nbuffers++;
	return 0;
}
