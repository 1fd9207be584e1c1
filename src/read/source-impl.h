/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_IMPL_H
#define SH_SOURCE_IMPL_H

/*
 * Inside the readers: the per-format ops table and the state every source
 * shares. source.c picks one ops table per input (by content or by force)
 * and does the common accounting in sh_source_next(); a format reader only
 * decodes. Not for code outside src/source*.c.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/hmap.h"
#include "read/schema.h"
#include "read/source.h"
#include "read/strpool.h"

struct sh_source;

struct sh_source_ops {
	const char *name;		/* "trace.dat", "ftrace text", "CTF" */
	enum sh_input_format format;
	bool want_dir;			/* the input is a folder (CTF) */
	/* Does the start of the file look like this format? (NULL: never by content) */
	bool (*sniff)(const unsigned char *buf, size_t len);
	/* Open src->info.path; set src->priv and the static info. 0 or -1 (reported). */
	int (*open)(struct sh_source *src);
	/*
	 * Decode the next mapped event into @ev (ts, cpu, pid, comm, type,
	 * flags, f[], str[]); 1 = event, 0 = end, -1 = error (reported).
	 * Counts raw, unknown and dropped input events in src->info.
	 */
	int (*next)(struct sh_source *src, struct sh_event *ev);
	void (*close)(struct sh_source *src);
};

extern const struct sh_source_ops sh_source_dat_ops;
extern const struct sh_source_ops sh_source_text_ops;
extern const struct sh_source_ops sh_source_ctf_ops;

struct sh_source {
	const struct sh_source_ops *ops;	/* borrowed (static) */
	void *priv;				/* owned by ops */
	struct sh_trace_info info;
	struct sh_strpool *strings;		/* owned; events borrow from it */
	unsigned char *warned;			/* owned; per schema entry: missing field reported */
	struct sh_ahead *ahead;			/* owned; the read-ahead thread, or NULL */
	uint64_t prev_ts;
	struct sh_hmap lost_index;		/* CPU -> index + 1 in info.lost_cpus */
	size_t lost_cap;			/* entries allocated in info.lost_cpus */
	size_t lost_sorted;			/* leading entries of it in CPU order */
	bool warned_cpu;			/* a CPU above the limit was reported */
};

/* A source of @ops for @path (borrowed), not yet opened; NULL = reported. */
struct sh_source *sh_source_new(const struct sh_source_ops *ops, const char *path);

/*
 * Count an input event of schema entry @si dropped for lacking required field
 * @field; warns once per entry.
 */
void sh_source_missing(struct sh_source *src, unsigned si, const char *field);

/*
 * The accounting every delivered event gets (index, per-type counts, times,
 * CPU range, lost markers), done by sh_source_next() for the readers' own
 * events and by a reader that decodes records handed to it from outside.
 * 1, or -1 (reported) when out of memory.
 */
int sh_source_deliver(struct sh_source *src, struct sh_event *ev);

/* Buffer names: append @name (copied) to src->info.buffers. 0 or -1. */
int sh_source_add_buffer(struct sh_source *src, const char *name);

#endif
