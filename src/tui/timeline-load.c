/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building the timeline index from a source (no terminal: benchmarks time this). */
#include "config.h"

#include <inttypes.h>

#include "core/error.h"
#include "core/filter.h"
#include "read/source.h"
#include "tui/timeline-load.h"

/* The @n events @ev (selected by @filt, if any) into the analysis and the index. */
static int feed(struct sh_timeline *tl, struct sh_analysis *a, const struct sh_filter *filt,
		const struct sh_event *ev, long n)
{
	for (long i = 0; i < n; i++) {
		if (filt && !sh_filter_selected(filt, &ev[i]))
			continue;
		if (sh_analysis_feed(a, &ev[i]) < 0 || sh_timeline_add(tl, a, &ev[i]) < 0)
			return -1;
	}
	return 0;
}

int sh_timeline_load(struct sh_timeline *tl, struct sh_analysis *a, struct sh_source *src,
		     const struct sh_filter *filt,
		     int (*progress)(void *ctx, uint64_t nevents), void *ctx)
{
	const struct sh_event *ev;
	uint64_t n = 0, shown = 0;
	long r;

	sh_source_read_ahead(src);
	while ((r = sh_source_next_batch(src, &ev)) > 0) {
		if (feed(tl, a, filt, ev, r) < 0)
			return -1;
		n += (uint64_t)r;
		if (progress && n - shown >= 0x10000 && progress(ctx, shown = n))
			return sh_error("loading interrupted after %" PRIu64 " events", n);
	}
	if (r < 0 || sh_analysis_finish(a) < 0)
		return -1;
	return sh_timeline_finish(tl);
}
