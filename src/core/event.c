/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include "core/event.h"

#define SH_DESC(name, kind, table) { #name, SH_FK_##kind, SH_ENUM_##table },
#define SH_X(id, m, pname, fields, s0, s1) \
	static const struct sh_field_desc m##_fields[] = { fields(SH_DESC) };
SH_EV_TYPES(SH_X)
#undef SH_X
#undef SH_DESC

#define SH_COUNT(name, kind, table) + 1
static const struct sh_ev_desc ev_descs[SH_EV__COUNT] = {
#define SH_X(id, m, pname, fields, s0, s1) \
	[SH_EV_##id] = { pname, m##_fields, 0 fields(SH_COUNT), { s0, s1 } },
	SH_EV_TYPES(SH_X)
#undef SH_X
};

/* Every field list must fit the event's storage. */
#define SH_X(id, m, pname, fields, s0, s1) \
	_Static_assert((0 fields(SH_COUNT)) <= SH_EV_MAX_FIELDS, #id " has too many fields");
SH_EV_TYPES(SH_X)
#undef SH_X
#undef SH_COUNT

struct enum_table {
	const char *const *names;
	unsigned count;
};

#define SH_V(T, id, s) s,
#define SH_T(n) static const char *const n##_names[] = { SH_##n##_VALUES(SH_V, n) };
SH_ENUM_TABLES(SH_T)
#undef SH_T
#undef SH_V

static const struct enum_table enum_tables[SH_ENUM__COUNT] = {
#define SH_T(n) [SH_ENUM_##n] = { n##_names, sizeof(n##_names) / sizeof(n##_names[0]) },
	SH_ENUM_TABLES(SH_T)
#undef SH_T
};

const struct sh_ev_desc *sh_ev_desc(unsigned type)
{
	return type < SH_EV__COUNT ? &ev_descs[type] : NULL;
}

int sh_ev_field_index(unsigned type, const char *name)
{
	const struct sh_ev_desc *d = sh_ev_desc(type);

	if (!d)
		return -1;
	for (unsigned i = 0; i < d->nfields; i++)
		if (strcmp(d->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *sh_enum_name(enum sh_enum_table table, uint64_t v)
{
	if (table <= SH_ENUM_NONE || table >= SH_ENUM__COUNT)
		return NULL;
	return v < enum_tables[table].count ? enum_tables[table].names[v] : NULL;
}

int sh_enum_parse(enum sh_enum_table table, const char *s, size_t len, uint64_t *v)
{
	for (unsigned i = 0; i < sh_enum_count(table); i++) {
		const char *name = enum_tables[table].names[i];

		if (name && strlen(name) == len && memcmp(name, s, len) == 0) {
			*v = i;
			return 0;
		}
	}
	return -1;
}

unsigned sh_enum_count(enum sh_enum_table table)
{
	if (table <= SH_ENUM_NONE || table >= SH_ENUM__COUNT)
		return 0;
	return enum_tables[table].count;
}
