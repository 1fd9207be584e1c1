/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The probes of the test provider (schedhang-tp.h). */
#define LTTNG_UST_TRACEPOINT_CREATE_PROBES
#define LTTNG_UST_TRACEPOINT_DEFINE
#include "schedhang-tp.h"
