/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_REACH_H
#define SH_REACH_H

/*
 * What a set of event schemas lets the detectors tell, per hang class: the
 * best confidence a finding of that class can reach (proven, suspected, or
 * not seen at all) on a trace with those events. `record` says it before it
 * records and `record --check` prints it per class. It follows the
 * detectors (hang.c, jobs.c, stock.c, tdr.c, lostwake.c) and the confidence
 * table of schedhang-report(1). libc only.
 */

#include "core/buf.h"
#include "detect/finding.h"

/* X(ID, name): ordered from the weakest */
#define SH_REACHES(X) X(NONE, "not seen") X(SUSPECT, "suspected") X(PROVE, "proven")

enum sh_reach {
#define SH_X(id, name) SH_REACH_##id,
	SH_REACHES(SH_X)
#undef SH_X
	SH_REACH__COUNT
};

/* Printable name of @r ("proven", "suspected", "not seen"). */
const char *sh_reach_name(enum sh_reach r);

/*
 * The best confidence class @cls can reach on a trace whose events are the
 * SH_SCHEMA() bits @schemas. *why (static text, may be NULL) says why in a
 * few words.
 */
enum sh_reach sh_reach_class(unsigned schemas, enum sh_finding_class cls, const char **why);

/* The schema family of @schemas: "schedhang", "stock" or "none". */
const char *sh_reach_family(unsigned schemas);

/* True when @schemas let no class be seen (no schedhang or gpu_scheduler events). */
bool sh_reach_blind(unsigned schemas);

/*
 * Append the one-line summary of @schemas to @b (no newline):
 * "schema stock (gpu_scheduler>=6.17, workqueue, dma_fence): JOB_TIMEOUT, ...
 * will be proven; SPSC_RACE, ... suspected; CREDIT_STARVATION, ... not seen".
 */
void sh_reach_summary(struct sh_buf *b, unsigned schemas);

#endif
