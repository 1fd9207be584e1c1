/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_JOBS_H
#define SH_JOBS_H

#include "detect/detector.h"

/*
 * Jobs stuck at the end of the trace: run on the hardware and never done
 * (no timeout handler seen), or waiting on a dependency that never signalled.
 */
extern const struct sh_detector sh_jobs_detector;

#endif
