/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_MODEL_INTERNAL_H
#define SH_MODEL_INTERNAL_H

/* Shared between model.c (schedhang events) and model-stock.c (stock events). */

#include "model/model.h"

/* Get or create; NULL (reported once) when out of memory. */
struct sh_sched *sh_model_get_sched(struct sh_model *m, uint64_t id);
struct sh_entity *sh_model_get_entity(struct sh_model *m, uint64_t id, uint64_t sched_id);
struct sh_job *sh_model_get_job(struct sh_model *m, uint64_t ectx, uint64_t seqno);

/* Report the first allocation failure; returns @p. */
void *sh_model_oom(struct sh_model *m, void *p);

int sh_model_enqueue(struct sh_model *m, struct sh_entity *e, const struct sh_qjob *qj);
bool sh_model_dequeue(struct sh_entity *e, uint64_t seqno);
void sh_model_track_depth(struct sh_entity *e, uint32_t kcount, uint64_t ts);
void sh_model_unblock(struct sh_model *m, struct sh_job *j);
void sh_model_drop_job(struct sh_model *m, struct sh_job *j);

/* The submit worker started or finished a run. */
void sh_model_worker_begin(struct sh_sched *s, const struct sh_event *ev);
void sh_model_worker_end(struct sh_sched *s, const struct sh_event *ev);

/* Apply a stock gpu_scheduler, dma_fence or workqueue event. */
int sh_model_feed_stock(struct sh_model *m, const struct sh_event *ev);

#endif
