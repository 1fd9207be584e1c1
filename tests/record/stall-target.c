/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A program following the contract's user-space probe ABI for the flight
 * recorder tests: `stall-target race|healthy SECONDS` emits a few healthy
 * jobs (push first=1, kick, run, pop, idle), then, with "race", the June
 * 2025 spsc_queue interleaving (the predecessor popped inside the push
 * window, the worker idles, the push returns first=0 and nobody wakes the
 * worker), and then sleeps SECONDS with the job stranded. With a third
 * argument FILE it creates FILE when it ends on its own.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROBE __attribute__((noinline, used)) void
void schedhang_probe_sched_info(const uint64_t *slot);
void schedhang_probe_push(const uint64_t *slot);
void schedhang_probe_pop(const uint64_t *slot);
void schedhang_probe_kick(const uint64_t *slot);
void schedhang_probe_worker_begin(const uint64_t *slot);
void schedhang_probe_worker(const uint64_t *slot);

#define BODY { __asm__ volatile("" : : "r"(slot) : "memory"); }

PROBE schedhang_probe_sched_info(const uint64_t *slot) BODY
PROBE schedhang_probe_push(const uint64_t *slot) BODY
PROBE schedhang_probe_pop(const uint64_t *slot) BODY
PROBE schedhang_probe_kick(const uint64_t *slot) BODY
PROBE schedhang_probe_worker_begin(const uint64_t *slot) BODY
PROBE schedhang_probe_worker(const uint64_t *slot) BODY

#define S1 0xffff888100001000ull
#define E1 0xffff888100002000ull
#define CTX 77

enum { RAN, NO_ENTITY };		/* worker outcomes */
enum { PUSH_FIRST = 0, RUN_REQUEUE = 4 };	/* kick reasons */

static void push(uint64_t seqno, int first, int before)
{
	uint64_t s[7] = { S1, E1, CTX, seqno, (uint64_t)first, (uint64_t)before,
			  (uint64_t)before + 1 };
	schedhang_probe_push(s);
}

static void pop(uint64_t seqno, int head_nonnull, int slowpath)
{
	uint64_t s[7] = { S1, E1, CTX, seqno, 0, (uint64_t)head_nonnull, (uint64_t)slowpath };
	schedhang_probe_pop(s);
}

static void kick(int reason)
{
	uint64_t s[5] = { S1, 0, (uint64_t)reason, 0, 1 };
	schedhang_probe_kick(s);
}

static void begin(void)
{
	uint64_t b[1] = { S1 };
	schedhang_probe_worker_begin(b);
}

static void end(uint64_t seqno, int outcome, int unready)
{
	uint64_t w[8] = { S1, (uint64_t)outcome, seqno ? E1 : 0, seqno ? CTX : 0, seqno, 1, 64,
			  (uint64_t)unready };
	schedhang_probe_worker(w);
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

int main(int argc, char **argv)
{
	static const char name[] = "ring0";
	uint64_t info[6] = { S1, (uint64_t)(uintptr_t)name, 64, 500, 0, 0 };
	int race = argc > 1 && !strcmp(argv[1], "race");
	long seconds = argc > 2 ? strtol(argv[2], NULL, 10) : 5;
	uint64_t i;

	schedhang_probe_sched_info(info);
	for (i = 1; i <= 20; i++) {	/* healthy jobs, 10 ms apart */
		push(i, 1, 0);
		kick(PUSH_FIRST);
		begin();
		pop(i, 0, 0);
		end(i, RAN, 0);
		begin();
		end(0, NO_ENTITY, 0);
		pause_ms(10);
	}
	if (race) {
		push(i, 1, 0);
		kick(PUSH_FIRST);
		begin();
		pop(i, 1, 1);		/* inside the push window of i + 1: head set, count 0 */
		kick(RUN_REQUEUE);
		end(i, RAN, 0);
		begin();
		end(0, NO_ENTITY, 1);	/* idles; an entity had a job it could not count */
		push(i + 1, 0, 1);	/* first=0: nobody wakes the worker */
	}
	pause_ms(seconds * 1000);
	if (argc > 3) {
		FILE *f = fopen(argv[3], "w");

		if (f)
			fclose(f);
	}
	return 0;
}
