/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The trace.dat record decoder: event id -> schema entry -> field plan,
 * resolved once per id; per record, numbers at planned offsets and interned
 * strings. See dat-decode.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "read/dat-decode.h"

#define MAX_EVENT_ID (1 << 20)
#define MAX_PLAN 12

enum { EC_UNRESOLVED, EC_MAPPED, EC_UNKNOWN, EC_BROKEN };

enum { FP_SIGNED = 1, FP_DYNAMIC = 2, FP_RELATIVE = 4, FP_REQUIRED = 8 };


/* How to read one schema field of an event id */
struct fplan {
	uint32_t off;
	uint32_t size;
	uint8_t conv;			/* enum sh_conv */
	uint8_t slot;
	uint8_t flags;			/* FP_* */
	bool plain;			/* host byte order, 1, 2, 4 or 8 bytes: shift and keep apply */
	uint8_t shift;			/* 64 - bits of the field */
	uint8_t lsh;			/* plain: left shift of the 8 bytes at load, before >> shift */
	uint32_t load;			/* plain: offset of 8 bytes that end (or start) with the field */
	uint64_t lend;			/* plain: load + 8, the record size they need */
	uint64_t keep;			/* bits kept after the arithmetic shift: all, or the field's */
	const char *kname;		/* borrowed from the schema table */
	struct tep_format_field *tf;	/* borrowed from the tep: odd sizes */
	const struct sh_str *last;	/* borrowed from the pool: the string read last time */
};

/* A plain number field of an event id, as the fast loop reads it (see struct fplan) */
struct fastnum {
	uint32_t load;
	uint8_t lsh, shift, slot;
	uint64_t keep;
};

/* What an event id maps to; resolved on first sight. */
struct evcache {
	uint8_t state;			/* EC_* */
	uint8_t schema_bit;
	uint16_t flags;			/* SH_EVF_* for every event */
	uint16_t type;			/* enum sh_ev_type */
	int16_t si;			/* schema index */
	int8_t const_slot;		/* the schema entry's constant field, or -1 */
	uint8_t const_val;
	uint8_t nplan;
	const char *missing;		/* EC_BROKEN: the missing field (borrowed from the table) */
	struct fplan plan[MAX_PLAN];
	/*
	 * The plan's plain numbers, read without a check each by a record of
	 * at least fast_end bytes: none of them can fail there, so the others
	 * (slow[], in plan order) fail as they would have in plan order.
	 */
	struct fastnum fast[MAX_PLAN];
	uint8_t nfast, nslow;
	uint8_t slow[MAX_PLAN];
	uint64_t fast_end;
};

/* A small open-addressing map u64 -> (interned string, class). */
struct u64map_ent {
	uint64_t key;
	const char *str;	/* borrowed from the string pool */
	unsigned cls;
	bool used;
};
struct u64map {
	struct u64map_ent *e;	/* owned */
	size_t n, count;
};

struct sh_dat_dec {
	struct sh_source *src;		/* borrowed */
	struct tep_handle *tep;		/* borrowed */
	/*
	 * Event id -> 0 not seen yet, 1 unknown, else 2 + its index in ec. Only
	 * ids with a format get an entry of ec: the id space is 2^20, and a file
	 * naming a large id must not cost a cache entry per smaller id.
	 */
	uint32_t *ids;			/* owned */
	size_t nids;
	struct evcache *ec;		/* owned */
	size_t nec, ec_cap;
	bool swap;			/* the file's byte order is not the host's */
	/* the common fields; size 0: none (every record is unknown, its pid -1) */
	struct fplan type, pid;
	struct u64map funcs;		/* function address -> name, SH_WQ_FUNC_* */
	struct u64map comms;		/* pid -> comm */
	/* a direct-mapped cache of lookup_comm(): CPUs interleave their tasks */
	struct {
		int pid;
		const char *comm;	/* borrowed from the string pool; NULL: empty */
	} comm_cache[64];
};

static int u64map_grow(struct u64map *m)
{
	size_t n = m->n ? m->n * 2 : 256;
	struct u64map_ent *e = calloc(n, sizeof(*e));

	if (!e)
		return -1;
	for (size_t i = 0; i < m->n; i++) {
		size_t j;

		if (!m->e[i].used)
			continue;
		for (j = (m->e[i].key * 0x9E3779B97F4A7C15ull) >> 40 & (n - 1); e[j].used;
		     j = (j + 1) & (n - 1))
			;
		e[j] = m->e[i];
	}
	free(m->e);
	m->e = e;
	m->n = n;
	return 0;
}

/* The entry for @key, added (unused) if absent; NULL on allocation failure. */
static struct u64map_ent *u64map_get(struct u64map *m, uint64_t key)
{
	size_t i;

	if ((m->count + 1) * 2 > m->n && u64map_grow(m) < 0)
		return NULL;
	for (i = (key * 0x9E3779B97F4A7C15ull) >> 40 & (m->n - 1); m->e[i].used;
	     i = (i + 1) & (m->n - 1))
		if (m->e[i].key == key)
			return &m->e[i];
	m->e[i].key = key;
	return &m->e[i];
}

static struct fplan plan_field(const struct sh_dat_dec *dec, const struct sh_schema_field *sf,
			       struct tep_format_field *f);

/*
 * The common header's type and pid fields, read at their offsets like any
 * other field, bounded by the record.
 */
static void find_common(struct sh_dat_dec *dec)
{
	struct tep_event *any = tep_get_first_event(dec->tep);
	struct tep_format_field *f;

	if (!any)
		return;
	if ((f = tep_find_common_field(any, "common_type")) && f->offset >= 0 && f->size > 0)
		dec->type = plan_field(dec, NULL, f);
	if ((f = tep_find_common_field(any, "common_pid")) && f->offset >= 0 && f->size > 0)
		dec->pid = plan_field(dec, NULL, f);
}

struct sh_dat_dec *sh_dat_dec_new(struct sh_source *src, struct tep_handle *tep)
{
	struct sh_dat_dec *dec = calloc(1, sizeof(*dec));

	if (!dec)
		return NULL;
	dec->src = src;
	dec->tep = tep;
	dec->swap = tep_is_file_bigendian(tep) != tep_is_local_bigendian(tep);
	find_common(dec);
	return dec;
}

void sh_dat_dec_free(struct sh_dat_dec *dec)
{
	if (!dec)
		return;
	free(dec->ids);
	free(dec->ec);
	free(dec->funcs.e);
	free(dec->comms.e);
	free(dec);
}

/* The plan entry for schema field @sf (NULL: a common field) found as @f. */
static struct fplan plan_field(const struct sh_dat_dec *dec, const struct sh_schema_field *sf,
			       struct tep_format_field *f)
{
	struct fplan p = {
		.off = (uint32_t)f->offset,
		.size = (uint32_t)f->size,
		.conv = sf ? sf->conv : SH_CV_NUM,
		.slot = sf ? (uint8_t)sf->slot : 0,
		.kname = sf ? sf->kname : f->name,
		.tf = f,
	};

	if (f->flags & TEP_FIELD_IS_SIGNED)
		p.flags |= FP_SIGNED;
	if (f->flags & TEP_FIELD_IS_DYNAMIC)
		p.flags |= FP_DYNAMIC;
	if (f->flags & TEP_FIELD_IS_RELATIVE)
		p.flags |= FP_RELATIVE;
	if (sf && sf->required)
		p.flags |= FP_REQUIRED;
	if (!dec->swap && (f->size == 1 || f->size == 2 || f->size == 4 || f->size == 8)) {
		p.plain = true;
		p.shift = (uint8_t)(64 - 8 * f->size);
		p.keep = (p.flags & FP_SIGNED) || f->size == 8 ? ~0ull : (1ull << (8 * f->size)) - 1;
		/*
		 * The 8 bytes that end with the field: they need no more of the
		 * record than the field (the last field of a record is common).
		 * Near the start, the 8 bytes from the field's start instead.
		 */
		if ((uint64_t)p.off + p.size >= 8) {
			p.load = (uint32_t)((uint64_t)p.off + p.size - 8);
			p.lsh = 0;
		} else {
			p.load = p.off;
			p.lsh = p.shift;
		}
		p.lend = (uint64_t)p.load + 8;
	}
	return p;
}

/* Sort @c's plan into the fast loop's numbers and the rest (struct evcache). */
static void split_plan(struct evcache *c)
{
	for (unsigned i = 0; i < c->nplan; i++) {
		const struct fplan *p = &c->plan[i];

		if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && p->plain &&
		    (p->conv == SH_CV_NUM || p->conv == SH_CV_STATE)) {
			c->fast[c->nfast++] = (struct fastnum){ p->load, p->lsh, p->shift, p->slot,
								p->keep };
			if (p->lend > c->fast_end)
				c->fast_end = p->lend;
		} else {
			c->slow[c->nslow++] = (uint8_t)i;
		}
	}
}

/* Fill @c for event @tev: schema entry and field plan. */
static void resolve_event(const struct sh_dat_dec *dec, struct evcache *c, struct tep_event *tev)
{
	const struct sh_schema_event *se;
	bool probe = tep_find_field(tev, SH_SCHEMA_PROBE_IP) != NULL;
	int si = sh_schema_find(tev->system, tev->name);

	/* a probe of a schedhang_* name in another group (as text shows no group) */
	if (si < 0 && probe)
		si = sh_schema_find(SH_SCHEMA_SCHEDHANG_SYSTEM, tev->name);
	if (si < 0)
		return;
	se = sh_schema_at((unsigned)si);
	c->si = (int16_t)si;
	c->type = se->type;
	c->flags = se->flags;
	c->schema_bit = se->schema_bit;
	c->const_slot = se->const_slot;
	c->const_val = se->const_val;
	if (probe && se->schema_bit == SH_SCHEMA_BIT_SCHEDHANG) {
		c->flags |= SH_EVF_UPROBE;
		c->schema_bit = SH_SCHEMA_BIT_SCHEDHANG_UPROBE;
	}
	c->state = EC_MAPPED;
	for (unsigned i = 0; i < se->nfields && i < MAX_PLAN; i++) {
		struct tep_format_field *f = tep_find_field(tev, se->fields[i].kname);

		if (f && f->offset >= 0 && f->size >= 0) {
			c->plan[c->nplan++] = plan_field(dec, &se->fields[i], f);
		} else if (se->fields[i].required && c->state == EC_MAPPED) {
			c->state = EC_BROKEN;
			c->missing = se->fields[i].kname;
		}
	}
	split_plan(c);
}

/* Make room for event id @id in dec->ids (geometric growth). false: no memory. */
static bool grow_ids(struct sh_dat_dec *dec, size_t id)
{
	size_t n = dec->nids ? dec->nids : 64;
	uint32_t *ids;

	while (n <= id)
		n *= 2;
	ids = realloc(dec->ids, n * sizeof(*ids));
	if (!ids)
		return false;
	memset(ids + dec->nids, 0, (n - dec->nids) * sizeof(*ids));
	dec->ids = ids;
	dec->nids = n;
	return true;
}

/* A new cache entry for event @tev; NULL when out of memory. */
static struct evcache *add_entry(struct sh_dat_dec *dec, struct tep_event *tev, int id)
{
	struct evcache *c;

	if (dec->nec == dec->ec_cap) {
		size_t n = dec->ec_cap ? dec->ec_cap * 2 : 16;
		struct evcache *ec = realloc(dec->ec, n * sizeof(*ec));

		if (!ec)
			return NULL;
		dec->ec = ec;
		dec->ec_cap = n;
	}
	c = &dec->ec[dec->nec];
	memset(c, 0, sizeof(*c));
	c->state = EC_UNKNOWN;
	resolve_event(dec, c, tev);
	dec->ids[id] = (uint32_t)(2 + dec->nec++);
	return c;
}

/* The cache entry of event id @id, resolved; NULL for an unknown or absurd id, or no memory. */
static struct evcache *resolve(struct sh_dat_dec *dec, int id)
{
	struct tep_event *tev;

	if (id < 0 || id >= MAX_EVENT_ID || ((size_t)id >= dec->nids && !grow_ids(dec, (size_t)id)))
		return NULL;
	if (dec->ids[id] >= 2)
		return &dec->ec[dec->ids[id] - 2];
	if (dec->ids[id] == 1)
		return NULL;
	tev = tep_find_event(dec->tep, id);
	if (!tev) {
		dec->ids[id] = 1;
		return NULL;
	}
	return add_entry(dec, tev, id);
}

/* The number at @p of @size bytes, in host order; false for an odd size. */
static inline bool load_num(const unsigned char *p, uint32_t size, bool swap, uint64_t *v)
{
	switch (size) {
	case 1:
		*v = p[0];
		return true;
	case 2: {
		uint16_t u;

		memcpy(&u, p, 2);
		*v = swap ? __builtin_bswap16(u) : u;
		return true;
	}
	case 4: {
		uint32_t u;

		memcpy(&u, p, 4);
		*v = swap ? __builtin_bswap32(u) : u;
		return true;
	}
	case 8: {
		uint64_t u;

		memcpy(&u, p, 8);
		*v = swap ? __builtin_bswap64(u) : u;
		return true;
	}
	}
	return false;
}

/* read_num() the general way: swapped byte order, odd sizes, the record's last bytes. */
static bool read_any(const struct fplan *p, const unsigned char *data, bool swap, uint64_t *v)
{
	unsigned long long x;

	if (load_num(data + p->off, p->size, swap, v))
		x = *v;
	else if (tep_read_number_field(p->tf, data, &x) < 0)
		return false;
	if ((p->flags & FP_SIGNED) && p->size < 8 && p->size > 0) {
		unsigned bits = p->size * 8;
		uint64_t m = 1ull << (bits - 1);

		x &= (1ull << bits) - 1;
		x = (x ^ m) - m;
	}
	*v = x;
	return true;
}

/* Field @p of the @size-byte record @data as a number, sign-extended if signed. */
static inline bool read_num(const struct fplan *p, const unsigned char *data, unsigned size,
			    bool swap, uint64_t *v)
{
	/*
	 * Branch-free where the 8 bytes planned are there: load them, put the
	 * field at the top and shift it back (arithmetic: sign-extends), keep
	 * its bits if unsigned. A switch on the field's size cost a
	 * mispredicted jump per field.
	 */
	if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && p->plain && p->lend <= size) {
		uint64_t x;

		memcpy(&x, data + p->load, 8);
		*v = (uint64_t)((int64_t)(x << p->lsh) >> p->shift) & p->keep;
		return true;
	}
	if ((uint64_t)p->off + p->size > size)
		return false;
	return read_any(p, data, swap, v);
}

/* String field @p (fixed char[] or __data_loc/__rel_loc) interned; NULL if out of bounds. */
static const char *read_str(struct sh_dat_dec *dec, struct fplan *p, const unsigned char *data,
			    unsigned size)
{
	size_t off, len;
	struct sh_str *e;

	if (p->flags & FP_DYNAMIC) {
		uint64_t v;

		if (!read_num(p, data, size, dec->swap, &v))
			return NULL;
		off = v & 0xffff;
		len = (v >> 16) & 0xffff;
		if (p->flags & FP_RELATIVE)
			off += (size_t)p->off + p->size;
	} else {
		off = p->off;
		len = p->size;
	}
	if (off > size || len > size - off)
		return NULL;
	len = strnlen((const char *)data + off, len);
	/* a field mostly repeats its last value (ring and task names) */
	if (p->last && p->last->len == len && memcmp(p->last->s, data + off, len) == 0)
		return p->last->s;
	e = sh_strpool_get(dec->src->strings, (const char *)data + off, len);
	if (e)
		p->last = e;
	return e ? e->s : NULL;
}

static const struct u64map_ent *lookup_func(struct sh_dat_dec *dec, uint64_t addr)
{
	struct u64map_ent *e = u64map_get(&dec->funcs, addr);
	const char *name;

	if (!e || e->used)
		return e;
	name = tep_find_function(dec->tep, addr);
	if (name) {
		e->str = sh_strpool_intern(dec->src->strings, name);
	} else {
		char hex[24];

		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)addr);
		e->str = sh_strpool_intern(dec->src->strings, hex);
	}
	e->cls = sh_schema_wq_func(e->str);
	e->used = true;
	dec->funcs.count++;
	return e;
}

static const char *lookup_comm(struct sh_dat_dec *dec, int pid)
{
	unsigned slot = (unsigned)pid % 64;
	struct u64map_ent *e;

	if (dec->comm_cache[slot].comm && dec->comm_cache[slot].pid == pid)
		return dec->comm_cache[slot].comm;
	e = u64map_get(&dec->comms, (uint64_t)(uint32_t)pid);
	if (!e)
		return NULL;
	if (!e->used) {
		const char *c = pid == 0 ? "<idle>" : tep_data_comm_from_pid(dec->tep, pid);

		e->str = sh_strpool_intern(dec->src->strings, c ? c : "<...>");
		e->used = true;
		dec->comms.count++;
	}
	dec->comm_cache[slot].pid = pid;
	dec->comm_cache[slot].comm = e->str;
	return e->str;
}

/*
 * A common field at its planned offset: false when the formats declare none
 * or the record is too short for it. Never through tep_data_type() or
 * tep_data_pid(): they read at the format's offset without a bound.
 */
static bool common_field(struct sh_dat_dec *dec, const struct fplan *p, const void *data,
			 unsigned size, uint64_t *v)
{
	return p->size && read_num(p, data, size, dec->swap, v);
}

/* A string or function field @p into @ev; false if unreadable. */
static bool read_other(struct sh_dat_dec *dec, struct fplan *p, const unsigned char *data,
		       unsigned size, struct sh_event *ev)
{
	const struct u64map_ent *fe;
	uint64_t v;

	if (p->conv == SH_CV_STR)
		return (ev->str[p->slot] = read_str(dec, p, data, size)) != NULL;
	if (!read_num(p, data, size, dec->swap, &v) || !(fe = lookup_func(dec, v)))
		return false;
	ev->f[p->slot] = fe->cls;		/* SH_CV_FUNC */
	ev->str[1] = fe->str;
	return true;
}

/* Fill @ev's fields from @data per @c; false if a required field is unreadable. */
static bool decode_fields(struct sh_dat_dec *dec, struct evcache *c, const unsigned char *data,
			  unsigned size, struct sh_event *ev)
{
	unsigned n = c->nplan;
	const uint8_t *idx = NULL;

	if (size >= c->fast_end) {
		for (unsigned i = 0; i < c->nfast; i++) {
			const struct fastnum *f = &c->fast[i];
			uint64_t x;

			memcpy(&x, data + f->load, 8);
			ev->f[f->slot] = (uint64_t)((int64_t)(x << f->lsh) >> f->shift) & f->keep;
		}
		n = c->nslow;
		idx = c->slow;
	}
	for (unsigned k = 0; k < n; k++) {
		struct fplan *p = &c->plan[idx ? idx[k] : k];
		/* numbers tested first: most fields are, and a switch's jump table mispredicts */
		bool ok = p->conv == SH_CV_NUM || p->conv == SH_CV_STATE ?
			  read_num(p, data, size, dec->swap, &ev->f[p->slot]) :
			  read_other(dec, p, data, size, ev);

		if (!ok && (p->flags & FP_REQUIRED)) {
			sh_source_missing(dec->src, (unsigned)c->si, p->kname);
			return false;
		}
	}
	if (c->const_slot >= 0)
		ev->f[c->const_slot] = c->const_val;
	return true;
}

bool sh_dat_dec_record(struct sh_dat_dec *dec, uint64_t ts, const void *data, unsigned size,
		       int cpu, struct sh_event *ev)
{
	struct sh_trace_info *in = &dec->src->info;
	struct evcache *c;
	uint64_t v;

	in->raw_events++;
	if (!dec->type.size)		/* the formats may be parsed after the decoder was made */
		find_common(dec);
	c = common_field(dec, &dec->type, data, size, &v) && v <= INT32_MAX ?
	    resolve(dec, (int)v) : NULL;
	if (!c || c->state == EC_UNKNOWN) {
		in->unknown_events++;
		return false;
	}
	if (c->state == EC_BROKEN) {
		sh_source_missing(dec->src, (unsigned)c->si, c->missing);
		return false;
	}
	/* field by field: a memset of the whole event was a quarter of the decoding */
	for (unsigned i = 0; i < SH_EV_MAX_FIELDS; i++)
		ev->f[i] = 0;
	ev->str[0] = ev->str[1] = NULL;
	ev->idx = 0;
	ev->ts = ts;
	ev->cpu = cpu;
	ev->pid = common_field(dec, &dec->pid, data, size, &v) ? (int)v : -1;
	ev->comm = lookup_comm(dec, ev->pid);
	ev->type = c->type;
	ev->flags = c->flags;
	if (!decode_fields(dec, c, data, size, ev))
		return false;
	in->schemas |= 1u << c->schema_bit;
	return true;
}
