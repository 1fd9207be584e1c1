/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_STRPOOL_H
#define SH_STRPOOL_H

/*
 * A string pool: each distinct string is stored once, in chunks that never
 * move, so the returned pointers stay valid until sh_strpool_free(). Readers
 * intern comms, ring names and the like so events can borrow them.
 */

#include <stddef.h>
#include <stdint.h>

struct sh_str {
	uint32_t hash;
	uint32_t len;
	intptr_t tag;		/* free for the caller; 0 on creation */
	char s[];		/* NUL-terminated */
};

struct sh_strpool;

/* New empty pool, or NULL on allocation failure. */
struct sh_strpool *sh_strpool_new(void);

/* Free @pool and every string in it. NULL is fine. */
void sh_strpool_free(struct sh_strpool *pool);

/*
 * The pool's entry for the @len bytes at @s (not necessarily terminated),
 * added if new. Returns NULL on allocation failure.
 */
struct sh_str *sh_strpool_get(struct sh_strpool *pool, const char *s, size_t len);

/* Shorthand: the interned copy of @s (NUL-terminated), or NULL on failure. */
const char *sh_strpool_intern(struct sh_strpool *pool, const char *s);

/* Number of distinct strings. */
size_t sh_strpool_count(const struct sh_strpool *pool);

#endif
