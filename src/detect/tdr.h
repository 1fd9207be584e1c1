/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TDR_H
#define SH_TDR_H

#include "detect/detector.h"

/* Job timeouts the kernel declared: its timeout handler ran (schedhang or workqueue events). */
extern const struct sh_detector sh_tdr_detector;

#endif
