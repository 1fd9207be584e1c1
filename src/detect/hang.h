/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_HANG_H
#define SH_HANG_H

#include "detect/detector.h"

/*
 * The hang classes other than lost wakeups, from the schedhang events:
 * pauses, credits, workqueue, free work, timeouts, dependencies, kills.
 */
extern const struct sh_detector sh_hang_detector;

#endif
