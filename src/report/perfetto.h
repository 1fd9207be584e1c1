/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_PERFETTO_H
#define SH_PERFETTO_H

/*
 * The reconstructed timeline as a Perfetto protobuf trace (report
 * --perfetto), written while the analysis runs: one process per scheduler,
 * under it a track per entity with a slice per job (ectx:seqno, with its
 * queued and running parts; jobs that overlap take more rows of the same
 * name), the worker's runs named by their outcome, counters (queue depth as
 * rebuilt and as the kernel counts it, credits, jobs on the hardware), and at
 * the end the findings as slices over their span, with flows to their
 * evidence events. Jobs and runs are written when they end, so memory is
 * bounded by the schedulers, entities and open jobs, not by the trace.
 */

#include <stdio.h>

#include "core/event.h"
#include "detect/analysis.h"

struct sh_perfetto;

/*
 * An export to @fp (borrowed, opened for writing), named @path in messages
 * (borrowed). NULL (reported) when out of memory.
 */
struct sh_perfetto *sh_perfetto_new(FILE *fp, const char *path);
void sh_perfetto_free(struct sh_perfetto *pf);

/*
 * @ev was just fed to @a: write what it ended or changed. 0, or -1
 * (reported: out of memory, or the file could not be written).
 */
int sh_perfetto_event(struct sh_perfetto *pf, const struct sh_analysis *a, const struct sh_event *ev);

/*
 * @a is finished: write the jobs and runs still open at the end of the trace
 * and the findings, and flush. 0, or -1 (reported). @fp is left open.
 */
int sh_perfetto_finish(struct sh_perfetto *pf, const struct sh_analysis *a);

#endif
