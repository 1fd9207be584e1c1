/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event filter of the commands that read a trace: time window and CPUs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/filter.h"

/* "1.5" seconds -> ns; empty is not a time. */
static int parse_seconds(const char *s, const char *end, uint64_t *out)
{
	char buf[64], *stop;
	double v;

	if (end - s <= 0 || (size_t)(end - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(end - s));
	buf[end - s] = '\0';
	v = strtod(buf, &stop);
	if (*stop || !(v >= 0 && v <= 1.8e10))		/* NaN fails */
		return -1;
	*out = (uint64_t)(v * 1e9 + 0.5);
	return 0;
}

int sh_filter_time(struct sh_filter *f, const char *arg)
{
	const char *comma = strchr(arg, ',');

	if (!comma)
		return sh_error("--time takes START,END (seconds), not '%s'", arg);
	f->has_time = true;
	f->t_start = 0;
	f->t_end = UINT64_MAX;
	if ((comma > arg && parse_seconds(arg, comma, &f->t_start) < 0) ||
	    (comma[1] && parse_seconds(comma + 1, comma + strlen(comma), &f->t_end) < 0) ||
	    f->t_start > f->t_end)
		return sh_error("--time takes START,END (seconds), not '%s'", arg);
	return 0;
}

int sh_filter_cpus(struct sh_filter *f, const char *arg)
{
	const char *p = arg;

	while (*p) {
		char *end;
		unsigned long lo = strtoul(p, &end, 10), hi = lo;

		if (end == p || lo > 65535)
			return sh_error("--cpu takes a list like 0,2-3, not '%s'", arg);
		if (*end == '-') {
			p = end + 1;
			hi = strtoul(p, &end, 10);
			if (end == p || hi < lo || hi > 65535)
				return sh_error("--cpu takes a list like 0,2-3, not '%s'", arg);
		}
		if (hi >= f->ncpus) {
			uint8_t *c = realloc(f->cpus, hi + 1);

			if (!c)
				return sh_error("out of memory");
			memset(c + f->ncpus, 0, hi + 1 - f->ncpus);
			f->cpus = c;
			f->ncpus = hi + 1;
		}
		memset(f->cpus + lo, 1, hi - lo + 1);
		p = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return sh_error("--cpu takes a list like 0,2-3, not '%s'", arg);
	}
	return f->cpus ? 0 : sh_error("--cpu takes a list like 0,2-3, not '%s'", arg);
}

int sh_filter_events(struct sh_filter *f, const char *arg)
{
	if (strcmp(arg, "all") && strcmp(arg, "stock"))
		return sh_error("--events takes all or stock, not '%s'", arg);
	f->stock_only = strcmp(arg, "stock") == 0;
	return 0;
}

bool sh_filter_selected(const struct sh_filter *f, const struct sh_event *ev)
{
	if (ev->type == SH_EV_LOST)
		return true;	/* lost data matters wherever it is */
	if (f->stock_only && ((ev->type >= SH_EV_SCHED_INFO && ev->type <= SH_EV_STATE) ||
			      (ev->type >= SH_EV_KP_PUSH && ev->type <= SH_EV_KP_READY)))
		return false;	/* what an unpatched kernel's tracepoints would have traced */
	if (f->has_time && (ev->ts < f->t_start || ev->ts > f->t_end))
		return false;
	if (f->cpus && (ev->cpu < 0 || (size_t)ev->cpu >= f->ncpus || !f->cpus[ev->cpu]))
		return false;
	return true;
}

void sh_filter_release(struct sh_filter *f)
{
	free(f->cpus);
	f->cpus = NULL;
	f->ncpus = 0;
}
