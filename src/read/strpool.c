/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "read/strpool.h"

#define CHUNK_SIZE (64 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char data[];
};

struct sh_strpool {
	struct sh_str **slots;	/* owned array; entries live in chunks */
	size_t nslots;		/* power of two */
	size_t count;
	struct chunk *chunks;	/* owned list */
};

/* FNV-1a: short strings, cheap. */
static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

struct sh_strpool *sh_strpool_new(void)
{
	struct sh_strpool *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->nslots = 256;
	p->slots = calloc(p->nslots, sizeof(*p->slots));
	if (!p->slots) {
		free(p);
		return NULL;
	}
	return p;
}

void sh_strpool_free(struct sh_strpool *pool)
{
	if (!pool)
		return;
	while (pool->chunks) {
		struct chunk *c = pool->chunks;

		pool->chunks = c->next;
		free(c);
	}
	free(pool->slots);
	free(pool);
}

static void *pool_alloc(struct sh_strpool *p, size_t size)
{
	struct chunk *c = p->chunks;

	size = (size + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
	if (!c || c->size - c->used < size) {
		size_t csize = size > CHUNK_SIZE ? size : CHUNK_SIZE;

		c = malloc(sizeof(*c) + csize);
		if (!c)
			return NULL;
		c->size = csize;
		c->used = 0;
		c->next = p->chunks;
		p->chunks = c;
	}
	c->used += size;
	return c->data + c->used - size;
}

static int grow(struct sh_strpool *p)
{
	size_t n = p->nslots * 2;
	struct sh_str **slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -1;
	for (size_t i = 0; i < p->nslots; i++) {
		struct sh_str *e = p->slots[i];
		size_t j;

		if (!e)
			continue;
		for (j = e->hash & (n - 1); slots[j]; j = (j + 1) & (n - 1))
			;
		slots[j] = e;
	}
	free(p->slots);
	p->slots = slots;
	p->nslots = n;
	return 0;
}

struct sh_str *sh_strpool_get(struct sh_strpool *pool, const char *s, size_t len)
{
	uint32_t h = hash_bytes(s, len);
	size_t mask = pool->nslots - 1;
	size_t i;
	struct sh_str *e;

	for (i = h & mask; (e = pool->slots[i]); i = (i + 1) & mask)
		if (e->hash == h && e->len == len && memcmp(e->s, s, len) == 0)
			return e;
	if (len > UINT32_MAX || pool->count + 1 >= pool->nslots)
		return NULL;
	e = pool_alloc(pool, sizeof(*e) + len + 1);
	if (!e)
		return NULL;
	e->hash = h;
	e->len = (uint32_t)len;
	e->tag = 0;
	memcpy(e->s, s, len);
	e->s[len] = '\0';
	pool->slots[i] = e;
	pool->count++;
	/* keep the table at most half full; a failed grow only costs speed */
	if (pool->count * 2 > pool->nslots)
		(void)grow(pool);
	return e;
}

const char *sh_strpool_intern(struct sh_strpool *pool, const char *s)
{
	struct sh_str *e = sh_strpool_get(pool, s, strlen(s));

	return e ? e->s : NULL;
}

size_t sh_strpool_count(const struct sh_strpool *pool)
{
	return pool->count;
}
