/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_HIST_H
#define SH_HIST_H

/*
 * A latency distribution in constant memory: log-linear buckets (16 per power
 * of two, so percentiles are within ~6%), plus exact count, sum, and max with
 * the timestamp where the max happened.
 */

#include <stdint.h>

#define SH_HIST_SUB 16
#define SH_HIST_BUCKETS (64 * SH_HIST_SUB)

struct sh_hist {
	uint64_t count;
	uint64_t sum;
	uint64_t max;
	uint64_t max_at;	/* timestamp of the sample that set max */
	uint32_t bucket[SH_HIST_BUCKETS];
};

void sh_hist_add(struct sh_hist *h, uint64_t value, uint64_t at);
/* Value at percentile @pct (0-100): an upper bound within one bucket; 0 if empty. */
uint64_t sh_hist_percentile(const struct sh_hist *h, double pct);
uint64_t sh_hist_avg(const struct sh_hist *h);

#endif
