/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which confidence each hang class can reach from the event schemas of a
 * trace (or of a recording about to start). Three tiers: the schedhang
 * events (tracepoints or the user-space probes), the stock gpu_scheduler
 * events with the workqueue events of the scheduler's works, and the stock
 * events alone; nothing is seen without either. The kernel probes of
 * --kprobes lift the lost-wakeup classes of the stock tiers to proven. Each cell follows what the
 * detector of that class does with those events (see reach.h).
 */
#include "config.h"

#include "core/trace-info.h"
#include "detect/reach.h"

enum tier { TIER_SCHEDHANG, TIER_STOCK_WQ, TIER_STOCK, TIER__COUNT };

struct cell {
	enum sh_reach reach;
	const char *why;
};

#define P(why) { SH_REACH_PROVE, why }
#define S(why) { SH_REACH_SUSPECT, why }
#define N(why) { SH_REACH_NONE, why }

#define NO_WQ "needs the workqueue events of drm_sched's works"
#define NO_STATE "stock events carry no queue state"

/* [class][tier]; DEP_NEVER_SIGNALED's stock cells also need dma_fence (sh_reach_class()). */
static const struct cell cells[SH_FC__COUNT][TIER__COUNT] = {
	[SH_FC_SPSC_RACE] = { P("push first flag and queue state"),
			      S("no first flag or kicks in stock events"), N(NO_WQ) },
	[SH_FC_MISSING_KICK] = { P("push first flag and kicks"),
				 S("no first flag or kicks in stock events"),
				 S("no first flag or kicks in stock events") },
	[SH_FC_SCHED_PAUSED] = { P("WQ_STOP/WQ_START events"),
				 S("no WQ_STOP: run-job work never queued"), N(NO_WQ) },
	[SH_FC_WQ_STARVATION] = { S("only a duration shows it"), S("only a duration shows it"),
				  N(NO_WQ) },
	[SH_FC_JOB_TIMEOUT] = { P("TDR_BEGIN/TDR_END events"), P("drm_sched_job_timedout work seen"),
				S("no timeout work: a job ran without completing") },
	[SH_FC_DEP_NEVER_SIGNALED] = { P("dependency callbacks seen firing"),
				       P("dma_fence signals seen"), P("dma_fence signals seen") },
	[SH_FC_CREDIT_STARVATION] = { P("NO_CREDIT worker outcome"),
				      N("stock events carry no credit limit"),
				      N("stock events carry no credit limit") },
	[SH_FC_FREE_WORK_STALL] = { S("only a duration shows it"), S("only a duration shows it"),
				    N(NO_WQ) },
	[SH_FC_ENTITY_KILLED] = { P("ENTITY_KILL event"), N("stock events show no entity kill"),
				  N("stock events show no entity kill") },
	[SH_FC_INVARIANT] = { P("spsc_queue state events"), N(NO_STATE), N(NO_STATE) },
};

static const char *const names[] = {
#define SH_X(id, name) name,
	SH_REACHES(SH_X)
#undef SH_X
};

const char *sh_reach_name(enum sh_reach r)
{
	return (unsigned)r < SH_REACH__COUNT ? names[r] : "?";
}

/* The tier of @schemas, or TIER__COUNT when nothing can be seen. */
static enum tier tier_of(unsigned schemas)
{
	if (schemas & (SH_SCHEMA(SCHEDHANG) | SH_SCHEMA(SCHEDHANG_UPROBE)))
		return TIER_SCHEDHANG;
	if (!(schemas & (SH_SCHEMA(STOCK_OLD) | SH_SCHEMA(STOCK_NEW))))
		return TIER__COUNT;
	return schemas & SH_SCHEMA(WORKQUEUE) ? TIER_STOCK_WQ : TIER_STOCK;
}

bool sh_reach_blind(unsigned schemas)
{
	return tier_of(schemas) == TIER__COUNT;
}

const char *sh_reach_family(unsigned schemas)
{
	switch (tier_of(schemas)) {
	case TIER_SCHEDHANG: return "schedhang";
	case TIER__COUNT: return "none";
	default: return "stock";
	}
}

enum sh_reach sh_reach_class(unsigned schemas, enum sh_finding_class cls, const char **why)
{
	enum tier t = tier_of(schemas);
	const struct cell *c;
	const char *dummy;

	if (!why)
		why = &dummy;
	if ((unsigned)cls >= SH_FC__COUNT) {
		*why = "unknown class";
		return SH_REACH_NONE;
	}
	if (t == TIER__COUNT) {
		*why = "no gpu_scheduler or schedhang events";
		return SH_REACH_NONE;
	}
	/* without fence signals a dependency that did not signal may have (jobs.c) */
	if (cls == SH_FC_DEP_NEVER_SIGNALED && t != TIER_SCHEDHANG &&
	    !(schemas & SH_SCHEMA(DMA_FENCE))) {
		*why = "no dma_fence events: signals invisible";
		return SH_REACH_SUSPECT;
	}
	/* --kprobes: the exact first flag of every push and the kicks (kprobe.c) */
	if (t != TIER_SCHEDHANG && (schemas & SH_SCHEMA(KPROBE))) {
		if (cls == SH_FC_SPSC_RACE) {
			*why = "kprobes: first flag, race state through BTF";
			return SH_REACH_PROVE;
		}
		if (cls == SH_FC_MISSING_KICK) {
			*why = "kprobes: first flag and kicks";
			return SH_REACH_PROVE;
		}
	}
	c = &cells[cls][t];
	*why = c->why;
	return c->reach;
}

/* "gpu_scheduler>=6.17, workqueue, dma_fence": the schemas present. */
static void add_schemas(struct sh_buf *b, unsigned schemas)
{
	const char *sep = "";

	for (unsigned bit = 0; bit < SH_SCHEMA__COUNT; bit++) {
		if (!(schemas & (1u << bit)))
			continue;
		sh_buf_printf(b, "%s%s", sep, sh_trace_info_schema(bit));
		sep = ", ";
	}
	if (!*sep)
		sh_buf_add(b, "no known events");
}

/* "A, B will be proven": the classes of @schemas reaching @r; false when none. */
static bool add_group(struct sh_buf *b, unsigned schemas, enum sh_reach r, bool first)
{
	unsigned n = 0;

	for (int c = 0; c < SH_FC__COUNT; c++) {
		if (sh_reach_class(schemas, (enum sh_finding_class)c, NULL) != r)
			continue;
		sh_buf_printf(b, "%s%s", n++ ? ", " : first ? "" : "; ",
			      sh_finding_class_name((enum sh_finding_class)c));
	}
	if (n)
		sh_buf_printf(b, " %s%s", first ? "will be " : "", sh_reach_name(r));
	return n > 0;
}

void sh_reach_summary(struct sh_buf *b, unsigned schemas)
{
	bool first = true;

	sh_buf_printf(b, "schema %s (", sh_reach_family(schemas));
	add_schemas(b, schemas);
	sh_buf_add(b, "): ");
	if (sh_reach_blind(schemas)) {
		sh_buf_add(b, "no gpu_scheduler or schedhang events, so no hang class can be seen");
		return;
	}
	for (int r = SH_REACH_PROVE; r >= SH_REACH_NONE; r--)
		if (add_group(b, schemas, (enum sh_reach)r, first))
			first = false;
}
