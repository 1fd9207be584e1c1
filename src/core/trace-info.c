/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "core/trace-info.h"

static const char *const schema_names[SH_SCHEMA__COUNT] = {
#define SH_X(id, name) [SH_SCHEMA_BIT_##id] = name,
	SH_SCHEMAS(SH_X)
#undef SH_X
};

const char *sh_trace_info_schema(unsigned bit)
{
	return bit < SH_SCHEMA__COUNT ? schema_names[bit] : NULL;
}
