/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TIMELINE_LOAD_H
#define SH_TIMELINE_LOAD_H

#include <stdint.h>

#include "core/filter.h"
#include "detect/analysis.h"
#include "read/source.h"
#include "tui/timeline.h"

/*
 * Build the whole index from @src through @a (no terminal needed, so it can be
 * timed): every selected event is fed to @a then indexed; @a is finished at the
 * end. @progress, if not NULL, is called about every 65536 events; a non-zero return
 * stops the load (reported as interrupted). 0 or -1 (reported).
 */
int sh_timeline_load(struct sh_timeline *tl, struct sh_analysis *a, struct sh_source *src,
		     const struct sh_filter *filt,
		     int (*progress)(void *ctx, uint64_t nevents), void *ctx);

#endif
