/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_OUTPUT_H
#define SH_OUTPUT_H

/* The end of a recording: the per-CPU loss stats and the trace.dat v6 file. */

#include "record/record.h"


/* Write r->o->output from the session's formats, stats and pages. */
int sh_output_write(struct sh_record *r);

/* Read the instance stats of every CPU into r->stats. */
int sh_output_read_stats(struct sh_record *r);

#endif
