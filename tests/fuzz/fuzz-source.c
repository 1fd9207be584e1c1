/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the reader targets: the input as an in-memory file, the whole pipeline. */
#define _GNU_SOURCE
#include "config.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "detect/analysis.h"
#include "fuzz.h"

/* Cap on the events one input may feed (a 1 MB text input holds ~15k lines). */
#define MAX_EVENTS 200000

/* An anonymous file holding @data; -1 on failure. */
static int memfile(const uint8_t *data, size_t size)
{
	int fd = memfd_create("sh-fuzz", MFD_CLOEXEC);
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < size) {
		ssize_t w = write(fd, data + done, size - done);

		if (w <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	return fd;
}

int sh_fuzz_source(const uint8_t *data, size_t size, enum sh_input_format fmt)
{
	char path[64];
	int fd;

	sh_fuzz_quiet();
	fd = memfile(data, size);
	if (fd < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	sh_fuzz_path(path, fmt, (unsigned)size);
	close(fd);
	return 0;
}

void sh_fuzz_path(const char *path, enum sh_input_format fmt, unsigned variant)
{
	struct sh_source *src = NULL;
	struct sh_analysis *a = NULL;
	struct sh_event ev;
	int r = 1;
	unsigned n = 0;

	src = sh_source_open(path, fmt);
	if (!src)
		goto out;
	a = sh_analysis_new(NULL);
	if (!a)
		goto out;
	while (n++ < MAX_EVENTS && (r = sh_source_next(src, &ev)) > 0)
		if (sh_analysis_feed(a, &ev) < 0)
			break;
	if (r >= 0 && sh_analysis_finish(a) == 0)
		sh_fuzz_render(a, sh_source_info(src), variant);
out:
	sh_analysis_free(a);
	sh_source_free(src);
}
