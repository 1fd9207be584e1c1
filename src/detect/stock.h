/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_STOCK_H
#define SH_STOCK_H

#include "detect/detector.h"

/* Suspected lost wakeups from the stock gpu_scheduler events alone. */
extern const struct sh_detector sh_stock_detector;

#endif
