/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the CTF reader (babeltrace2's source.ctf.fs behind
 * src/read/source-ctf.c and the mapping of src/read/ctf-map.c).
 *
 * Input: the 'metadata' file, then up to MAX_STREAMS data stream files,
 * each preceded by the separator SEP:
 *
 *   METADATA [SEP STREAM0 [SEP STREAM1 ...]]
 *
 * written into a fresh temporary folder, which is read with
 * sh_source_open(folder, SH_INPUT_CTF) through the analysis and reports.
 * A further separator goes into the last stream unsplit.
 */
#define _GNU_SOURCE
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define SEP "\n--stream--\n"
#define MAX_STREAMS 4
#define DIR_MAX 256

static int write_file(const char *dir, const char *name, const uint8_t *data, size_t size)
{
	char path[DIR_MAX + 32];
	size_t done = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (done < size) {
		ssize_t w = write(fd, data + done, size - done);

		if (w <= 0)
			break;
		done += (size_t)w;
	}
	close(fd);
	return done == size ? 0 : -1;
}

static void remove_files(const char *dir, unsigned nstreams)
{
	char path[DIR_MAX + 32];

	snprintf(path, sizeof(path), "%s/metadata", dir);
	unlink(path);
	for (unsigned i = 0; i < nstreams; i++) {
		snprintf(path, sizeof(path), "%s/stream_%u", dir, i);
		unlink(path);
	}
	rmdir(dir);
}

/* Write the parts of @data into @dir; returns the number of streams written. */
static unsigned write_parts(const char *dir, const uint8_t *data, size_t size)
{
	const uint8_t *end = data + size, *sep = memmem(data, size, SEP, strlen(SEP));
	unsigned n = 0;

	if (write_file(dir, "metadata", data, sep ? (size_t)(sep - data) : size) < 0 || !sep)
		return 0;
	while (sep && n < MAX_STREAMS) {
		const uint8_t *p = sep + strlen(SEP);
		char name[32];

		sep = n + 1 < MAX_STREAMS ? memmem(p, (size_t)(end - p), SEP, strlen(SEP)) : NULL;
		snprintf(name, sizeof(name), "stream_%u", n);
		if (write_file(dir, name, p, (size_t)((sep ? sep : end) - p)) < 0)
			return n + 1;
		n++;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	char dir[DIR_MAX];
	unsigned n;
	int len;

	sh_fuzz_quiet();
	len = snprintf(dir, sizeof(dir), "%s/sh-fuzz-ctf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (len < 0 || (size_t)len >= sizeof(dir) || !mkdtemp(dir))
		return 0;
	n = write_parts(dir, data, size);
	sh_fuzz_path(dir, SH_INPUT_CTF, (unsigned)size);
	remove_files(dir, n);
	return 0;
}
