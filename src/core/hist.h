/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_HIST_H
#define SH_HIST_H

/*
 * A latency distribution: log-linear buckets (16 per power of two, so
 * percentiles are within ~6%), plus exact count, sum, and max with the
 * timestamp where the max happened. Buckets are allocated a power of two
 * at a time, for the powers of two that have samples: an entity with a
 * few jobs costs a few chunks of 64 bytes, not 4 KB per histogram (100,000
 * entities cost 1 GB that way).
 */

#include <stdint.h>

#define SH_HIST_SUB 16
#define SH_HIST_OCTAVES 64
#define SH_HIST_BUCKETS (SH_HIST_OCTAVES * SH_HIST_SUB)

struct sh_hist {
	uint64_t count;
	uint64_t sum;
	uint64_t max;
	uint64_t max_at;	/* timestamp of the sample that set max */
	uint64_t octaves;	/* bit o: chunk holds octave o's buckets */
	uint32_t (*chunk)[SH_HIST_SUB];	/* owned: one per bit of octaves, in octave order */
};

/* Add a sample; 0, or -1 when out of memory (the sample is not counted). */
int sh_hist_add(struct sh_hist *h, uint64_t value, uint64_t at);
/* Value at percentile @pct (0-100): an upper bound within one bucket; 0 if empty. */
uint64_t sh_hist_percentile(const struct sh_hist *h, double pct);
uint64_t sh_hist_avg(const struct sh_hist *h);
/* Free the buckets; @h is empty after. */
void sh_hist_release(struct sh_hist *h);

#endif
