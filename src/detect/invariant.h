/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_INVARIANT_H
#define SH_INVARIANT_H

#include "detect/detector.h"

/* spsc_queue invariant violations, folded per entity (pops) and scheduler (worker). */
extern const struct sh_detector sh_invariant_detector;

#endif
