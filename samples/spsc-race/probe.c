/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The probe functions. They must survive -O2: noipa keeps GCC from inlining
 * them, cloning them, proving them pure, or folding the identical bodies into
 * one symbol (ICF would put two events on one address). The asm takes the
 * slot pointer and clobbers memory, so the caller's slot stores stay, and its
 * nop gives the uprobe a plain first instruction to replace.
 */
#include "probe.h"

#if defined(__clang__)
#define SR_PROBE_ATTR __attribute__((noinline, used, optnone))
#else
#define SR_PROBE_ATTR __attribute__((noipa, noinline, used))
#endif

#define SR_PROBE_DEF(ev) \
	SR_PROBE_ATTR void schedhang_probe_##ev(const uint64_t *slots) \
	{ \
		__asm__ volatile("nop # schedhang_probe_" #ev : : "r"(slots) : "memory"); \
	}
SR_PROBES(SR_PROBE_DEF)
#undef SR_PROBE_DEF

const char *sr_reason_name(unsigned reason)
{
	static const char *const names[] = {
#define SR_R(n) #n,
		SR_REASONS(SR_R)
#undef SR_R
	};

	return reason < SR_REASON__COUNT ? names[reason] : "?";
}
