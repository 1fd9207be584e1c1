/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_HMAP_H
#define SH_HMAP_H

/* An open-addressing map from u64 keys to pointers (libc only). */

#include <stddef.h>
#include <stdint.h>

struct sh_hmap {
	uint64_t *keys;		/* owned */
	void **vals;		/* owned array; the values are the caller's */
	size_t cap;		/* power of two, or 0 */
	size_t len;
};

void sh_hmap_init(struct sh_hmap *m);
/* Frees the table, not the values. */
void sh_hmap_release(struct sh_hmap *m);

/* The value stored for @key, or NULL. */
void *sh_hmap_get(const struct sh_hmap *m, uint64_t key);

/* Store @val (non-NULL) for @key, replacing any value. 0, or -1 on allocation failure. */
int sh_hmap_put(struct sh_hmap *m, uint64_t key, void *val);

/* Remove @key; returns its value or NULL. */
void *sh_hmap_del(struct sh_hmap *m, uint64_t key);

/* Iterate: for (size_t i = 0; sh_hmap_next(m, &i, &k, &v); ) ... */
int sh_hmap_next(const struct sh_hmap *m, size_t *pos, uint64_t *key, void **val);

/* Mix two u64 into one key (for (ectx, seqno) pairs). */
static inline uint64_t sh_key2(uint64_t a, uint64_t b)
{
	return a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL + (a << 6) + (a >> 2));
}

#endif
