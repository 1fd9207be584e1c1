/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_JOB_H
#define SH_TUI_JOB_H

/* The job view: one job's life (queued, popped, ran, done) and its latencies. */

#include "tui/tui.h"

void tui_draw_job(struct tui *t);

#endif
