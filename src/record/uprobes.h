/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_UPROBES_H
#define SH_UPROBES_H

/*
 * The user-space probe ABI of the event contract: every schedhang_probe_<ev>
 * function of a binary becomes the dynamic uprobe event
 * schedhang/schedhang_<ev>, with one fetch-arg per contract field read from
 * the slot array passed in %di (x86-64 only).
 */

#include <stdint.h>

/* The contract's group; --uprobe-group may choose another one. */
#define SH_UPROBE_GROUP "schedhang"

struct tracefs_dynevent;

struct sh_uprobe {
	char *event;	/* owned: "schedhang_push" */
	char *file;	/* owned: absolute path of the binary */
	uint64_t offset; /* file offset of the probe function */
	char *args;	/* owned: fetch-args ("sched=+0(%di):u64 ...") */
	struct tracefs_dynevent *dynevent; /* owned, once created */
};

struct sh_uprobes {
	struct sh_uprobe *v;	/* owned */
	unsigned n;
	const char *group;	/* borrowed; NULL means SH_UPROBE_GROUP */
};

/* The group of @up's events. */
const char *sh_uprobes_group(const struct sh_uprobes *up);

/*
 * Add the probes of @binary to @up (read with libelf). Unknown
 * schedhang_probe_* symbols are warned about and skipped. Returns 0, or -1
 * after sh_error() (unreadable file, not x86-64, no probe, duplicate).
 */
int sh_uprobes_scan(struct sh_uprobes *up, const char *binary);

/*
 * Create every probe of @up as a dynamic event. On failure, reports the
 * kernel's error_log and returns -1; probes created so far stay in @up for
 * sh_uprobes_destroy().
 */
int sh_uprobes_create(struct sh_uprobes *up);

/* Remove the dynamic events created by sh_uprobes_create(). */
void sh_uprobes_destroy(struct sh_uprobes *up);

/* Free @up's contents (not the struct); destroys nothing. */
void sh_uprobes_release(struct sh_uprobes *up);

#endif
