/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_KPROBE_H
#define SH_KPROBE_H

#include "detect/detector.h"

/*
 * Proven lost wakeups on an unpatched kernel, from the stock events refined
 * by the kernel probes of `schedhang record --kprobes` (the exact first flag
 * of every push, its return, every drm_sched_wakeup()).
 */
extern const struct sh_detector sh_kprobe_detector;

#endif
