/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_HMAP_H
#define SH_HMAP_H

/*
 * An open-addressing map from u64 keys, or pairs of u64 (the _2 functions:
 * an (ectx, seqno) job, ...), to pointers (libc only). A key k and the pair
 * (k, 0) are the same key; a map holds either keys or pairs (which one its
 * first put says), so that each hashes as it did when pairs were mixed into
 * one u64 (which two pairs could share).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sh_hkey {
	uint64_t a, b;
};

struct sh_hmap {
	struct sh_hkey *keys;	/* owned */
	void **vals;		/* owned array; the values are the caller's */
	size_t cap;		/* power of two, or 0 */
	size_t len;
	bool pairs;		/* hashes pairs (see above) */
};

void sh_hmap_init(struct sh_hmap *m);
/* Frees the table, not the values. */
void sh_hmap_release(struct sh_hmap *m);

/* The value stored for @key (the pair @a, @b), or NULL. */
void *sh_hmap_get(const struct sh_hmap *m, uint64_t key);
void *sh_hmap_get2(const struct sh_hmap *m, uint64_t a, uint64_t b);

/* Store @val (non-NULL) for @key, replacing any value. 0, or -1 on allocation failure. */
int sh_hmap_put(struct sh_hmap *m, uint64_t key, void *val);
int sh_hmap_put2(struct sh_hmap *m, uint64_t a, uint64_t b, void *val);

/* Remove @key; returns its value or NULL. */
void *sh_hmap_del(struct sh_hmap *m, uint64_t key);
void *sh_hmap_del2(struct sh_hmap *m, uint64_t a, uint64_t b);

/* Iterate: for (size_t i = 0; sh_hmap_next(m, &i, &k, &v); ) ... (k: a pair's first id) */
int sh_hmap_next(const struct sh_hmap *m, size_t *pos, uint64_t *key, void **val);

#endif
