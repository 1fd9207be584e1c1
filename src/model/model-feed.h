/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_MODEL_FEED_H
#define SH_MODEL_FEED_H

#include "core/event.h"
#include "model/model.h"

/* Apply @ev to the state. Returns 0, or -1 (reported) when out of memory. */
int sh_model_feed(struct sh_model *m, const struct sh_event *ev);

#endif
