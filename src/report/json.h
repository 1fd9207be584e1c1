/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_REPORT_JSON_H
#define SH_REPORT_JSON_H

#include "report/report.h"

/* For CI: the same content as one JSON document (versioned, see schedhang-report(1)). */
extern const struct sh_report_ops sh_report_json;

#endif
