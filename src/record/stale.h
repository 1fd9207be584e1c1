/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_RECORD_STALE_H
#define SH_RECORD_STALE_H

/*
 * What a killed recorder leaves behind (its tracefs instance, its uprobes and kprobes,
 * its FILE.cpuN temporary files) and the marker that lets the next recorder
 * clean it up.
 */

/*
 * The marker of a live recorder of tracefs instance @instance (a path under
 * /run/schedhang; malloc'ed, NULL when out of memory): it says what the
 * recorder owns, so that the next one can clean up if it is killed.
 */
char *sh_record_marker_path(const char *instance);

/*
 * Write @marker: this process, its uprobe group @group and kprobe group
 * @kgroup (each NULL when it made none), its output @output.
 */
void sh_record_marker_write(const char *marker, const char *group, const char *kgroup,
			    const char *output);

struct tracefs_instance;

/*
 * Remove tracefs instance @inst, retrying for up to a second while it is
 * busy (rmdir fails with EBUSY while any of its files is open: our readers'
 * last references being dropped, or another tool walking every instance).
 * 0, or -1 with errno set.
 */
int sh_record_instance_destroy(struct tracefs_instance *inst);

struct tracefs_dynevent;

/*
 * Remove the dynamic event *@ev we created (a @kind, "uprobe" or "kprobe",
 * named @group/@name in the warning when it cannot be removed), free it
 * and set *@ev to NULL. Nothing when *@ev is NULL.
 */
void sh_record_dynevent_remove(struct tracefs_dynevent **ev, const char *kind, const char *group,
			       const char *name);

/*
 * Remove what every dead recorder with a marker left: its instance, its
 * uprobes and kprobes (unless a live recorder uses the group) and its temporary files,
 * with a warning each; another recorder cleaning up the same one at the
 * same time is no error. 0, or -1 (reported) when an instance stays.
 */
int sh_record_clean_stale(void);

#endif
