/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_CTF_MAP_H
#define SH_CTF_MAP_H

/*
 * Inside the CTF reader: babeltrace2 messages -> normalized events (ctf-map.c),
 * shared by the folder mode and the feed mode of source-ctf.c. Not for code
 * outside src/read/source-ctf.c and src/read/ctf-map.c.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <babeltrace2/babeltrace.h>

#include "core/event.h"
#include "core/hmap.h"

struct sh_source;

struct sh_ctf_stream_cpu {
	const bt_stream *stream;	/* borrowed; only compared */
	int32_t cpu;
};

struct sh_ctf_map {
	struct sh_hmap classes;		/* bt_event_class address -> per-class cache (owned) */
	struct sh_ctf_stream_cpu *scpu;	/* owned; the CPU of each stream, from its packets */
	size_t nscpu;
	uint64_t last_ts;		/* for messages without a clock snapshot */
	bool env_done;			/* trace environment noted in the source's info */
};

void sh_ctf_map_init(struct sh_ctf_map *m);
void sh_ctf_map_release(struct sh_ctf_map *m);

/*
 * Map one message (borrowed) into at most one event of @src (strings
 * interned in @src, counts in its info): 1 = @ev filled, 0 = nothing to
 * deliver, -1 = error (reported).
 */
int sh_ctf_map_message(struct sh_ctf_map *m, struct sh_source *src, const bt_message *msg,
		       struct sh_event *ev);

#endif
