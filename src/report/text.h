/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_REPORT_TEXT_H
#define SH_REPORT_TEXT_H

#include "report/report.h"

/* For people: findings with their evidence, the trace quality, per-scheduler tables. */
extern const struct sh_report_ops sh_report_text;

#endif
