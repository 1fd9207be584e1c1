/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tracecmd-iter: the practical limit of libtracecmd on a file: open it and
 * visit every record with tracecmd_iterate_events() and a callback that
 * only counts (no field decoding): the top-level buffer, then each instance
 * buffer (trace-cmd record -B), one after the other. Prints the count.
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

/* Count the records of @h's buffer into *@n; 0, or -1. */
static int iterate(struct tracecmd_input *h, unsigned long long *n)
{
	return tracecmd_iterate_events(h, NULL, 0, count, n) < 0 ? -1 : 0;
}

/* The instance buffers of @h, each in turn; 0, or -1. */
static int iterate_instances(struct tracecmd_input *h, unsigned long long *n)
{
	for (int i = 0, nb = tracecmd_buffer_instances(h); i < nb; i++) {
		struct tracecmd_input *b = tracecmd_buffer_instance_handle(h, i);
		int r = b ? iterate(b, n) : -1;

		if (b)
			tracecmd_close(b);
		if (r < 0)
			return -1;
	}
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
	if (iterate(h, &n) < 0 || iterate_instances(h, &n) < 0) {
		fprintf(stderr, "tracecmd-iter: cannot iterate '%s'\n", argv[1]);
		tracecmd_close(h);
		return 3;
	}
	tracecmd_close(h);
	printf("%llu\n", n);
	return 0;
}
