/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SR_LAT_H
#define SR_LAT_H

/*
 * Latency histograms for --latency (the bench): 16 ns buckets up to 64 us,
 * one overflow bucket. One writer per histogram; merged after the run.
 */
#include <stdint.h>

#define SR_LAT_SHIFT 4
#define SR_LAT_BUCKETS 4096

struct sr_lat {
	uint64_t n;
	uint64_t bucket[SR_LAT_BUCKETS + 1];
};

static inline void sr_lat_add(struct sr_lat *l, uint64_t ns)
{
	uint64_t b = ns >> SR_LAT_SHIFT;

	l->bucket[b < SR_LAT_BUCKETS ? b : SR_LAT_BUCKETS]++;
	l->n++;
}

/* Add SRC into DST */
void sr_lat_merge(struct sr_lat *dst, const struct sr_lat *src);
/* The upper bound (ns) of the bucket holding percentile P (0..100); 0 if empty */
uint64_t sr_lat_pct(const struct sr_lat *l, double p);

#endif
