/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tracecmd-iter: the practical limit of libtracecmd on a file: open it and
 * visit every record of the top-level buffer with tracecmd_iterate_events()
 * and a callback that only counts (no field decoding). Prints the count.
 *
 *   tracecmd-iter FILE
 */
#define _GNU_SOURCE
#include <stdio.h>

#include <trace-cmd.h>

static int count(struct tracecmd_input *h, struct tep_record *r, int cpu, void *data)
{
	(void)h;
	(void)r;
	(void)cpu;
	++*(unsigned long long *)data;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long n = 0;
	struct tracecmd_input *h;

	if (argc != 2) {
		fprintf(stderr, "usage: tracecmd-iter FILE\n");
		return 2;
	}
	tracecmd_set_loglevel(TEP_LOG_NONE);
	h = tracecmd_open(argv[1], TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!h) {
		fprintf(stderr, "tracecmd-iter: cannot read '%s'\n", argv[1]);
		return 3;
	}
	if (tracecmd_iterate_events(h, NULL, 0, count, &n) < 0) {
		fprintf(stderr, "tracecmd-iter: cannot iterate '%s'\n", argv[1]);
		tracecmd_close(h);
		return 3;
	}
	tracecmd_close(h);
	printf("%llu\n", n);
	return 0;
}
