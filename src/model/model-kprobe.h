/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_MODEL_KPROBE_H
#define SH_MODEL_KPROBE_H

/*
 * The kernel probes of `schedhang record --kprobes` on an unpatched drm_sched
 * (schedhang-events(7), "Kernel probes"). They refine the stock model rather
 * than replace it: the entry and the return of drm_sched_entity_push_job()
 * bracket the stock queue event that the same task traces at the top of the
 * push, and a drm_sched_wakeup() by that task in between means the push was
 * the first one (spsc_queue_push() is inline: its result cannot be probed).
 * The pop's return is tied to the stock run event its task traces next,
 * which also tells the entity behind a pointer, so that is_ready()'s
 * return can be placed. libc only, like the rest of the model.
 */

#include "core/event.h"
#include "model/model.h"

/*
 * Apply @ev: a kprobe event (SH_EV_KP_*), or the queueing of a run-job
 * work item (a kick the stock events show). Other types are ignored.
 * Returns 0, or -1 when out of memory (reported).
 */
int sh_model_kprobe_feed(struct sh_model *m, const struct sh_event *ev);

/* The stock queue event @ev of job @j (borrowed) on @e was applied: the push its task is in owns it. */
void sh_model_kprobe_queued(struct sh_model *m, const struct sh_event *ev, struct sh_entity *e,
			    const struct sh_job *j);

/* The stock run event @ev of a job of @e was applied: the pop return its task traced is that pop. */
void sh_model_kprobe_ran(struct sh_model *m, const struct sh_event *ev, struct sh_entity *e);

#endif
