/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building the timeline index from a source (no terminal: benchmarks time this). */
#include "config.h"

#include <inttypes.h>

#include "core/error.h"
#include "core/filter.h"
#include "read/source.h"
#include "tui/timeline-load.h"

int sh_timeline_load(struct sh_timeline *tl, struct sh_analysis *a, struct sh_source *src,
		     const struct sh_filter *filt,
		     int (*progress)(void *ctx, uint64_t nevents), void *ctx)
{
	struct sh_event ev;
	uint64_t n = 0;
	int r;

	sh_source_read_ahead(src);
	while ((r = sh_source_next(src, &ev)) > 0) {
		if (filt && !sh_filter_selected(filt, &ev))
			continue;
		if (sh_analysis_feed(a, &ev) < 0 || sh_timeline_add(tl, a, &ev) < 0)
			return -1;
		if (progress && (++n & 0xffff) == 0 && progress(ctx, n))
			return sh_error("loading interrupted after %" PRIu64 " events", n);
	}
	if (r < 0 || sh_analysis_finish(a) < 0)
		return -1;
	return sh_timeline_finish(tl);
}
