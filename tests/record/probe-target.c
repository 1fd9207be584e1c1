/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tiny program following the contract's user-space probe ABI, for the
 * record tests: `probe-target N` emits one schedhang_sched_info, then N
 * schedhang_push (seqno 1..N) and one schedhang_done with result -5.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define PROBE __attribute__((noinline, used)) void

void schedhang_probe_sched_info(const uint64_t *slot);
void schedhang_probe_push(const uint64_t *slot);
void schedhang_probe_done(const uint64_t *slot);
void schedhang_probe_bogus(const uint64_t *slot);

/* The asm keeps the call and the slot array alive under any optimization. */
#define BODY { __asm__ volatile("" : : "r"(slot) : "memory"); }
PROBE schedhang_probe_sched_info(const uint64_t *slot) BODY
PROBE schedhang_probe_push(const uint64_t *slot) BODY
PROBE schedhang_probe_done(const uint64_t *slot) BODY
/* not in the contract: record warns and skips it */
PROBE schedhang_probe_bogus(const uint64_t *slot) BODY

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10;
	static const char name[] = "ring0";
	uint64_t info[6] = { 0xffff888100001000ull, (uint64_t)(uintptr_t)name, 64, 500,
			     0xffff888100001100ull, 0xffff888100001200ull };
	uint64_t done[4] = { 0xffff888100001000ull, 77, 3, (uint64_t)(int64_t)-5 };

	schedhang_probe_sched_info(info);
	for (unsigned long i = 1; i <= n; i++) {
		uint64_t push[7] = { 0xffff888100001000ull, 0xffff888100002000ull, 77, i,
				     i == 1, i - 1, i };

		schedhang_probe_push(push);
	}
	schedhang_probe_done(done);
	schedhang_probe_bogus(done);
	return 0;
}
