/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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

/* The chunk index of octave @o among those allocated (those below it). */
static unsigned chunk_of(const struct sh_hist *h, unsigned o)
{
	return (unsigned)__builtin_popcountll(h->octaves & ((1ULL << o) - 1));
}

int sh_hist_add(struct sh_hist *h, uint64_t value, uint64_t at)
{
	unsigned b = bucket_of(value), o, c;

	if (b >= SH_HIST_BUCKETS)
		b = SH_HIST_BUCKETS - 1;
	o = b / SH_HIST_SUB;
	c = chunk_of(h, o);
	if (!(h->octaves & (1ULL << o))) {
		unsigned n = (unsigned)__builtin_popcountll(h->octaves);
		uint32_t (*p)[SH_HIST_SUB] = realloc(h->chunk, (n + 1) * sizeof(*p));

		if (!p)
			return -1;
		memmove(p + c + 1, p + c, (n - c) * sizeof(*p));
		memset(p + c, 0, sizeof(*p));
		h->chunk = p;
		h->octaves |= 1ULL << o;
	}
	h->chunk[c][b % SH_HIST_SUB]++;
	h->count++;
	h->sum += value;
	if (value > h->max || h->count == 1) {
		h->max = value;
		h->max_at = at;
	}
	return 0;
}

uint64_t sh_hist_percentile(const struct sh_hist *h, double pct)
{
	uint64_t want, seen = 0;
	unsigned c = 0;

	if (!h->count)
		return 0;
	want = (uint64_t)((double)h->count * pct / 100.0 + 0.999999);
	if (want == 0)
		want = 1;
	for (unsigned o = 0; o < SH_HIST_OCTAVES; o++) {
		if (!(h->octaves & (1ULL << o)))
			continue;
		for (unsigned i = 0; i < SH_HIST_SUB; i++) {
			seen += h->chunk[c][i];
			if (seen >= want) {
				uint64_t top = bucket_top(o * SH_HIST_SUB + i);

				return top < h->max ? top : h->max;
			}
		}
		c++;
	}
	return h->max;
}

void sh_hist_release(struct sh_hist *h)
{
	free(h->chunk);
	*h = (struct sh_hist){ 0 };
}

uint64_t sh_hist_avg(const struct sh_hist *h)
{
	return h->count ? h->sum / h->count : 0;
}
