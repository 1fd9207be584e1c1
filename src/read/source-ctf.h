/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_CTF_H
#define SH_SOURCE_CTF_H

/*
 * The CTF reader's babeltrace2 message mapping, shared by `schedhang report`
 * on a CTF folder (source-ctf.c drives a source.ctf.fs -> muxer graph) and by
 * the babeltrace2 plugin (plugins/babeltrace2/), which receives messages from
 * a graph someone else built. One mapping: event names and payload fields go
 * through the schema table (schema.c); discarded events and packets become
 * SH_EV_LOST markers. Only readers and the plugin include this header.
 */

#include <babeltrace2/babeltrace.h>

#include "read/source.h"

/*
 * A source that reads no folder: the caller feeds it messages with
 * sh_source_ctf_feed(), then drains the events with sh_source_next() until it
 * returns 0. @name (borrowed) names the input in messages and reports.
 * NULL = reported. Free with sh_source_free().
 */
struct sh_source *sh_source_ctf_new_feed(const char *name);

/*
 * Give @msg (borrowed; the caller keeps its reference until the following
 * sh_source_next() returned 0) to a source of sh_source_ctf_new_feed().
 */
void sh_source_ctf_feed(struct sh_source *src, const bt_message *msg);

#endif
