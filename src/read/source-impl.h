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
#include <stdio.h>
#include <stddef.h>

#include "core/hmap.h"
#include "core/schema.h"
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
	/*
	 * Optional, instead of calling next() for each: decode up to @max
	 * events into @ev[0..*@n); 1 = more may follow, 0 = end, -1 = error
	 * (reported), the *@n events before the end or error included.
	 */
	int (*read)(struct sh_source *src, struct sh_event *ev, size_t max, size_t *n);
	/*
	 * Optional, to move the decoding from the read-ahead thread to the
	 * caller's when reading outweighs the caller's analysis (ahead.h):
	 * raw_max() is the longest piece read_raw() writes. read_raw()
	 * copies whole raw records, up to @cap bytes, into @buf (8-byte aligned),
	 * *@len set, and counts in *@records those counted as info.raw_events
	 * when decoded; 1 = more may follow, 0 = end, -1 = error (reported), as
	 * read(). decode(), in the caller's thread, turns the raw records at
	 * @buf[*@pos..@len) into up to @max events (counted as read() counts
	 * them), moves *@pos past the records it took and returns how many
	 * events it wrote.
	 */
	size_t (*raw_max)(struct sh_source *src);
	int (*read_raw)(struct sh_source *src, void *buf, size_t cap, size_t *len,
			size_t *records);
	size_t (*decode)(struct sh_source *src, const void *buf, size_t len, size_t *pos,
			 struct sh_event *ev, size_t max);
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
	bool raw_ahead;				/* ahead may hand raw records over, decoded here */
	const unsigned char *raw;		/* borrowed from ahead: the raw records at hand */
	size_t raw_len, raw_pos;		/* their bytes, the next one to decode */
	int raw_end;				/* after them: 1 more, 0 end, -1 error */
	struct sh_event *own;			/* owned: the batch read in the caller's thread */
	const struct sh_event *batch;		/* borrowed from own or ahead: being handed out */
	size_t nbatch, pos;			/* its events, the next one to hand out */
	int batch_end;				/* after it: 1 more, 0 end, -1 error */
	uint64_t prev_ts;
	struct sh_hmap lost_index;		/* CPU -> index + 1 in info.lost_cpus */
	size_t lost_cap;			/* entries allocated in info.lost_cpus */
	size_t lost_sorted;			/* leading entries of it in CPU order */
	bool warned_cpu;			/* a CPU above the limit was reported */
	FILE *input;				/* owned until a reader takes it: a text stream
						   detection opened (standard input, compressed) */
	const char *input_kind;			/* static: what input is ("gzip"...), or NULL */
	int input_codec;			/* enum sh_input_codec of input */
};

/*
 * Read up to @max events of @src into @ev[0..*@n) with the accounting of
 * sh_source_deliver(): what sh_source_next() and the read-ahead thread
 * read with. 1 = more may follow, 0 = end, -1 = error (reported).
 */
int sh_source_fill(struct sh_source *src, struct sh_event *ev, size_t max, size_t *n);

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
