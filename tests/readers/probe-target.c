/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A user-space emitter of schedhang_* events through the probe ABI of the
 * event contract (one pointer to 64-bit slots), for the reader cross-check:
 * the test puts uprobes on these functions and records them.
 *
 *   sh-probe-target [N]   emit N pushes (default 200), N/2 dones, one sched_info
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#define PROBE __attribute__((noinline, used, visibility("default")))

void schedhang_probe_sched_info(const uint64_t *slots);
void schedhang_probe_push(const uint64_t *slots);
void schedhang_probe_done(const uint64_t *slots);

PROBE void schedhang_probe_sched_info(const uint64_t *slots)
{
	__asm__ volatile("" : : "r"(slots) : "memory");
}

PROBE void schedhang_probe_push(const uint64_t *slots)
{
	__asm__ volatile("" : : "r"(slots) : "memory");
}

PROBE void schedhang_probe_done(const uint64_t *slots)
{
	__asm__ volatile("" : : "r"(slots) : "memory");
}

int main(int argc, char **argv)
{
	static const char name[] = "gfx_0.0.0";
	const uint64_t sched = 0xffff8881052a0000ull, entity = 0xffff888104c8a400ull;
	int n = argc > 1 ? atoi(argv[1]) : 200;
	uint64_t info[6] = { sched, (uint64_t)(uintptr_t)name, 64, 10000, sched + 0x120,
			     sched + 0x180 };

	schedhang_probe_sched_info(info);
	for (int i = 0; i < n; i++) {
		uint64_t push[7] = { sched, entity, 77, (uint64_t)i, i % 3 == 0, (uint64_t)(i % 3),
				     (uint64_t)(i % 3 + 1) };

		schedhang_probe_push(push);
		if (i % 2) {
			uint64_t done[4] = { sched, 77, (uint64_t)i, (uint64_t)(int64_t)(i % 4 == 1 ? -62 : 0) };

			schedhang_probe_done(done);
		}
	}
	return 0;
}
