/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_CMDOPT_H
#define SH_CMDOPT_H

/*
 * Option values shared by the commands that read a trace (report, tui): the
 * --time and --cpu input filters and number parsing. Errors are reported
 * through sh_error() naming the option and the value; each parser returns 0
 * or -1.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct sh_cmdopt_filters {
	bool has_time;
	uint64_t t_start, t_end;
	uint8_t *cpus;		/* owned: cpus[c] != 0 selects CPU c; NULL = all */
	size_t ncpus;
};

/* --time START,END in seconds (either may be empty). */
int sh_cmdopt_time(const char *arg, struct sh_cmdopt_filters *f);
/* --cpu LIST like 0,2-3. */
int sh_cmdopt_cpus(const char *arg, struct sh_cmdopt_filters *f);
/* A non-negative number for option @opt, times @scale (1000000: MS -> ns). */
int sh_cmdopt_number(const char *opt, const char *arg, uint64_t scale, uint64_t *out);
/* Does @ev pass the filters? Lost-event markers always do. */
bool sh_cmdopt_selected(const struct sh_cmdopt_filters *f, const struct sh_event *ev);
void sh_cmdopt_filters_release(struct sh_cmdopt_filters *f);

#endif
