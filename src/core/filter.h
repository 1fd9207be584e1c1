/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_FILTER_H
#define SH_FILTER_H

/*
 * Which events of a trace are analysed: a time window and a set of CPUs
 * (report's and tui's --time and --cpu). Parse errors are reported through
 * sh_error() naming the option and the value; each parser returns 0 or -1.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct sh_filter {
	bool stock_only;	/* --events stock: drop the schedhang_* events */
	bool has_time;
	uint64_t t_start, t_end;
	uint8_t *cpus;		/* owned: cpus[c] != 0 selects CPU c; NULL = all */
	size_t ncpus;
};

/* --time START,END in seconds (either may be empty). */
int sh_filter_time(struct sh_filter *f, const char *arg);
/* --events all|stock. */
int sh_filter_events(struct sh_filter *f, const char *arg);
/* --cpu LIST like 0,2-3. */
int sh_filter_cpus(struct sh_filter *f, const char *arg);
/* Does @ev pass the filter? Lost-event markers always do. */
bool sh_filter_selected(const struct sh_filter *f, const struct sh_event *ev);
void sh_filter_release(struct sh_filter *f);

#endif
