/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_MODEL_STOCK_H
#define SH_MODEL_STOCK_H

#include "core/event.h"
#include "model/model.h"

/* Apply a stock gpu_scheduler, dma_fence, sched or workqueue event. 0, or -1 (reported). */
int sh_model_stock_feed(struct sh_model *m, const struct sh_event *ev);

#endif
