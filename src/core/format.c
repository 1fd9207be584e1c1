/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Times, durations and event fields printed the same way by every output. */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>

#include "core/format.h"

void sh_format_ts(struct sh_buf *b, uint64_t ts, bool ns)
{
	if (ns)
		sh_buf_printf(b, "%" PRIu64 ".%09" PRIu64, ts / 1000000000, ts % 1000000000);
	else
		sh_buf_printf(b, "%" PRIu64 ".%06" PRIu64, ts / 1000000000, ts % 1000000000 / 1000);
}

void sh_format_duration(struct sh_buf *b, uint64_t ns)
{
	if (ns >= 1000000000)
		sh_buf_printf(b, "%.3f s", ns / 1e9);
	else if (ns >= 1000000)
		sh_buf_printf(b, "%.3f ms", ns / 1e6);
	else if (ns >= 1000)
		sh_buf_printf(b, "%.1f us", ns / 1e3);
	else
		sh_buf_printf(b, "%" PRIu64 " ns", ns);
}

void sh_format_fields(struct sh_buf *b, const struct sh_event *ev)
{
	const struct sh_ev_desc *d = sh_ev_desc(ev->type);
	const char *sep = "";

	if (!d)
		return;
	for (unsigned s = 0; s < 2; s++) {
		if (d->str_name[s] && ev->str[s]) {
			sh_buf_printf(b, "%s%s=%s", sep, d->str_name[s], ev->str[s]);
			sep = " ";
		}
	}
	for (unsigned i = 0; i < d->nfields; i++) {
		const struct sh_field_desc *fd = &d->fields[i];
		uint64_t v = ev->f[i];
		const char *name;

		sh_buf_printf(b, "%s%s=", sep, fd->name);
		sep = " ";
		switch (fd->kind) {
		case SH_FK_X:
			sh_buf_printf(b, "0x%" PRIx64, v);
			break;
		case SH_FK_S:
			sh_buf_printf(b, "%" PRId64, (int64_t)v);
			break;
		case SH_FK_E:
			name = sh_enum_name(fd->table, v);
			if (name)
				sh_buf_add(b, name);
			else
				sh_buf_printf(b, "%" PRIu64, v);
			break;
		default:
			sh_buf_printf(b, "%" PRIu64, v);
			break;
		}
	}
}

bool sh_format_no_color(void)
{
	const char *v = getenv("NO_COLOR");

	return v && *v;
}
