/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "core/hist.h"

static unsigned bucket_of(uint64_t v)
{
	unsigned msb, sub;

	if (v < SH_HIST_SUB)
		return (unsigned)v;
	msb = 63 - (unsigned)__builtin_clzll(v);
	sub = (unsigned)(v >> (msb - 4)) & (SH_HIST_SUB - 1);
	return (msb - 3) * SH_HIST_SUB + sub;
}

/* The largest value that falls in bucket @b. */
static uint64_t bucket_top(unsigned b)
{
	unsigned msb, sub;

	if (b < SH_HIST_SUB)
		return b;
	msb = b / SH_HIST_SUB + 3;
	sub = b % SH_HIST_SUB;
	return ((uint64_t)(SH_HIST_SUB + sub) << (msb - 4)) + ((1ULL << (msb - 4)) - 1);
}

void sh_hist_add(struct sh_hist *h, uint64_t value, uint64_t at)
{
	unsigned b = bucket_of(value);

	if (b >= SH_HIST_BUCKETS)
		b = SH_HIST_BUCKETS - 1;
	h->bucket[b]++;
	h->count++;
	h->sum += value;
	if (value > h->max || h->count == 1) {
		h->max = value;
		h->max_at = at;
	}
}

uint64_t sh_hist_percentile(const struct sh_hist *h, double pct)
{
	uint64_t want, seen = 0;

	if (!h->count)
		return 0;
	want = (uint64_t)((double)h->count * pct / 100.0 + 0.999999);
	if (want == 0)
		want = 1;
	for (unsigned b = 0; b < SH_HIST_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= want) {
			uint64_t top = bucket_top(b);

			return top < h->max ? top : h->max;
		}
	}
	return h->max;
}

uint64_t sh_hist_avg(const struct sh_hist *h)
{
	return h->count ? h->sum / h->count : 0;
}
