/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include "core/hmap.h"

/*
 * Linear probing with backward-shift deletion; a slot is empty when its value
 * is NULL, so any key (0 included) is valid. Keys are pairs compared whole:
 * a pair of ids is never mixed into one u64 that two pairs could share.
 */

/*
 * The slot of (@a, @b): a single-key map hashes @a, a map of pairs mixes the
 * pair first. (These are the hashes the maps used when a pair was mixed into
 * its key: iteration orders, and so the reports, stay as they were.)
 */
static size_t slot_of(const struct sh_hmap *m, uint64_t a, uint64_t b)
{
	uint64_t key = m->pairs ? a * 0x9e3779b97f4a7c15ULL ^
				  (b + 0x632be59bd9b4e019ULL + (a << 6) + (a >> 2)) : a;

	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (m->cap - 1);
}

static int same(const struct sh_hkey *k, uint64_t a, uint64_t b)
{
	return k->a == a && k->b == b;
}

void sh_hmap_init(struct sh_hmap *m)
{
	m->keys = NULL;
	m->vals = NULL;
	m->cap = 0;
	m->len = 0;
	m->pairs = false;
}

void sh_hmap_release(struct sh_hmap *m)
{
	free(m->keys);
	free(m->vals);
	sh_hmap_init(m);
}

void *sh_hmap_get2(const struct sh_hmap *m, uint64_t a, uint64_t b)
{
	if (!m->cap)
		return NULL;
	for (size_t i = slot_of(m, a, b);; i = (i + 1) & (m->cap - 1)) {
		if (!m->vals[i])
			return NULL;
		if (same(&m->keys[i], a, b))
			return m->vals[i];
	}
}

void *sh_hmap_get(const struct sh_hmap *m, uint64_t key)
{
	return sh_hmap_get2(m, key, 0);
}

static int put(struct sh_hmap *m, uint64_t a, uint64_t b, void *val, bool pairs);

static int grow(struct sh_hmap *m)
{
	struct sh_hmap bigger = { 0 };

	bigger.cap = m->cap ? m->cap * 2 : 16;
	bigger.pairs = m->pairs;
	bigger.keys = malloc(bigger.cap * sizeof(*bigger.keys));
	bigger.vals = calloc(bigger.cap, sizeof(*bigger.vals));
	if (!bigger.keys || !bigger.vals) {
		free(bigger.keys);
		free(bigger.vals);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->vals[i])
			put(&bigger, m->keys[i].a, m->keys[i].b, m->vals[i], m->pairs);
	free(m->keys);
	free(m->vals);
	*m = bigger;
	return 0;
}

/* @pairs: put2 (true) or put (false); decides the hash of an empty map */
static int put(struct sh_hmap *m, uint64_t a, uint64_t b, void *val, bool pairs)
{
	size_t i;

	if (!m->len)
		m->pairs = pairs;
	if ((m->len + 1) * 4 > m->cap * 3 && grow(m) < 0)
		return -1;
	for (i = slot_of(m, a, b); m->vals[i]; i = (i + 1) & (m->cap - 1)) {
		if (same(&m->keys[i], a, b)) {
			m->vals[i] = val;
			return 0;
		}
	}
	m->keys[i] = (struct sh_hkey){ a, b };
	m->vals[i] = val;
	m->len++;
	return 0;
}

int sh_hmap_put2(struct sh_hmap *m, uint64_t a, uint64_t b, void *val)
{
	return put(m, a, b, val, true);
}

int sh_hmap_put(struct sh_hmap *m, uint64_t key, void *val)
{
	return put(m, key, 0, val, false);
}

void *sh_hmap_del2(struct sh_hmap *m, uint64_t a, uint64_t b)
{
	size_t i, j, mask = m->cap - 1;
	void *val;

	if (!m->cap)
		return NULL;
	for (i = slot_of(m, a, b); m->vals[i] && !same(&m->keys[i], a, b); i = (i + 1) & mask)
		;
	if (!m->vals[i])
		return NULL;
	val = m->vals[i];
	m->vals[i] = NULL;
	m->len--;
	/* Shift back later members of the probe run so lookups still find them. */
	for (j = (i + 1) & mask; m->vals[j]; j = (j + 1) & mask) {
		size_t home = slot_of(m, m->keys[j].a, m->keys[j].b);

		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			m->keys[i] = m->keys[j];
			m->vals[i] = m->vals[j];
			m->vals[j] = NULL;
			i = j;
		}
	}
	return val;
}

void *sh_hmap_del(struct sh_hmap *m, uint64_t key)
{
	return sh_hmap_del2(m, key, 0);
}

int sh_hmap_next(const struct sh_hmap *m, size_t *pos, uint64_t *key, void **val)
{
	for (; *pos < m->cap; (*pos)++) {
		if (m->vals[*pos]) {
			if (key)
				*key = m->keys[*pos].a;
			if (val)
				*val = m->vals[*pos];
			(*pos)++;
			return 1;
		}
	}
	return 0;
}
