/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_RECORD_CHECK_H
#define SH_RECORD_CHECK_H

#include "record/record.h"

/*
 * schedhang record --check: print what this kernel offers (access, event
 * schemas, the events @o would record). 0, or -1 (reported) when recording
 * is not possible here or stdout fails.
 */
int sh_record_check(const struct sh_record_opts *o);

/*
 * Log the one line of sh_reach_summary() for @schemas (SH_SCHEMA() bits of
 * what is recorded): a warning when no hang class can be seen, else info.
 */
void sh_record_say_reach(unsigned schemas);

#endif
