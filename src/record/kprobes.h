/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_KPROBES_H
#define SH_KPROBES_H

/*
 * record --kprobes: the kernel probes of an unpatched drm_sched (the
 * definitions are rows of src/core/schema.c), chosen from the functions the
 * running kernel offers and created as dynamic events of group
 * SH_SYS_KPROBE through libtracefs, removed again on every exit path.
 */

#include <stdbool.h>
#include <stdio.h>

#include "core/schema.h"

struct tracefs_dynevent;

/* One candidate definition, for the functions this kernel has. */
struct sh_kprobe {
	const struct sh_schema_kprobe *def;	/* borrowed from the schema table */
	char *addr;		/* owned: "drm_sched_wakeup", or "gpu_sched:drm_sched_wakeup" */
	bool created;		/* this alternative is the one recording */
	struct tracefs_dynevent *dynevent;	/* owned, once created */
};

struct sh_kprobes {
	struct sh_kprobe *v;	/* owned; the alternatives of one probe follow each other */
	unsigned n;
};

/*
 * Fill @kp with the definitions whose function is in @symbols (the text of
 * available_filter_functions, "NAME [MODULE]" per line, or of /proc/kallsyms,
 * "ADDR T NAME [MODULE]") and, for those that need BTF, whose module's BTF
 * is in @btf_dir ("vmlinux" or the module's name; NULL: no BTF). Returns 0,
 * or -1 after sh_error() when a required probe's function is missing.
 */
int sh_kprobes_choose(struct sh_kprobes *kp, const char *symbols, const char *btf_dir);

/*
 * Does this kernel have kprobe events? 0, or -1 after sh_error() (the
 * one line `record --kprobes` prints before exiting with status 3).
 */
int sh_kprobes_supported(void);

/*
 * Choose from the running kernel's functions (available_filter_functions,
 * else /proc/kallsyms) and /sys/kernel/btf. 0, or -1 after sh_error().
 */
int sh_kprobes_scan(struct sh_kprobes *kp);

/*
 * Create one alternative of each probe, the first the kernel accepts. A
 * required probe that none fits fails the call (-1, the kernel's error_log
 * reported); created probes stay in @kp for sh_kprobes_destroy().
 */
int sh_kprobes_create(struct sh_kprobes *kp);

/* Print each chosen definition, "  EVENT  p|r ADDR ARGS", to @out (record --check). */
void sh_kprobes_print(const struct sh_kprobes *kp, FILE *out);

/* Remove the dynamic events made by sh_kprobes_create(). */
void sh_kprobes_destroy(struct sh_kprobes *kp);

/* Free @kp's contents (not the struct); destroys nothing. */
void sh_kprobes_release(struct sh_kprobes *kp);

#endif
