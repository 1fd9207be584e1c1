/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_LOSTWAKE_H
#define SH_LOSTWAKE_H

#include "detect/detector.h"

/*
 * Lost wakeups as the event contract defines them: a job whose push returned
 * not-first while the worker was going idle, after which it did not run.
 */
extern const struct sh_detector sh_lostwake_detector;

/* Lost-wakeup stalls of @s (@e NULL) or of @e, reported or not. */
uint64_t sh_lostwake_stalls(const struct sh_analysis *a, const struct sh_sched *s,
			    const struct sh_entity *e);

#endif
