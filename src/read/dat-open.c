/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libtracecmd opens a trace.dat for the reader: the top level and each
 * buffer instance, once a probe child did the same without dying.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <trace-cmd.h>

#include "core/error.h"
#include "read/dat-open.h"
#include "read/dat-probe.h"

/*
 * libtracecmd prints its own diagnostics on stderr ("Can not mmap file, will
 * read instead", even at TEP_LOG_NONE for some paths). Its print functions are
 * weak symbols meant to be replaced: schedhang reports every failure itself,
 * in one line naming the file, so the library's own lines are dropped.
 */
void tracecmd_warning(const char *fmt, ...);
void tracecmd_critical(const char *fmt, ...);
void tracecmd_info(const char *fmt, ...);

void tracecmd_warning(const char *fmt, ...)
{
	(void)fmt;
}

void tracecmd_critical(const char *fmt, ...)
{
	(void)fmt;
}

void tracecmd_info(const char *fmt, ...)
{
	(void)fmt;
}

/*
 * libtracecmd 1.3.1 also writes to stderr itself, past those functions: a
 * perror("mmap") and "Can not mmap file, will read instead" when it opens a
 * file whose data it cannot map (init_cpu). Opening happens before any
 * other thread runs: stderr goes to /dev/null meanwhile. Returns the saved
 * stderr for restore_stderr(), or -1.
 */
static int quiet_stderr(void)
{
	int saved, null;

	fflush(stderr);
	saved = dup(STDERR_FILENO);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved < 0 || null < 0 || dup2(null, STDERR_FILENO) < 0) {
		if (saved >= 0)
			close(saved);
		saved = -1;
	}
	if (null >= 0)
		close(null);
	return saved;
}

static void restore_stderr(int saved)
{
	if (saved < 0)
		return;
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/*
 * Take @top (NULL: it failed to open) and open its buffer instances into
 * @l. 0; -1 when @top is NULL or out of memory; -2 when an instance
 * failed (*@bad its name). @l holds what was opened either way.
 */
static int open_instances(struct sh_dat_libs *l, struct tracecmd_input *top, const char **bad)
{
	int nb = top ? tracecmd_buffer_instances(top) : 0;

	*l = (struct sh_dat_libs){ 0 };
	if (!top)
		return -1;
	l->h = calloc((size_t)(nb > 0 ? nb : 0) + 1, sizeof(*l->h));
	l->name = calloc((size_t)(nb > 0 ? nb : 0) + 1, sizeof(*l->name));
	if (!l->h || !l->name) {
		tracecmd_close(top);
		free(l->h);
		free(l->name);
		*l = (struct sh_dat_libs){ 0 };
		return -1;
	}
	l->h[0] = top;
	l->name[0] = "";
	l->n = 1;
	for (int i = 0; i < nb; i++) {
		const char *name = tracecmd_buffer_instance_name(top, i);
		int quiet = quiet_stderr();
		struct tracecmd_input *h = tracecmd_buffer_instance_handle(top, i);

		restore_stderr(quiet);
		if (!h) {
			*bad = name ? name : "?";
			return -2;
		}
		l->h[l->n] = h;
		l->name[l->n++] = name ? name : "?";
	}
	return 0;
}

int sh_dat_libs_open(struct sh_dat_libs *libs, const char *path, uint64_t size)
{
	struct tracecmd_input *top;
	const char *bad = NULL;
	int quiet, r;

	*libs = (struct sh_dat_libs){ 0 };
	if (sh_dat_probe_open(path, size) < 0)
		return -1;
	quiet = quiet_stderr();
	top = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	restore_stderr(quiet);
	r = open_instances(libs, top, &bad);
	if (r == -2)		/* before the close: @bad is the top level's */
		sh_error("cannot read '%s': corrupt buffer '%s'", path, bad);
	else if (r < 0 && top)
		sh_error("cannot read '%s': out of memory", path);
	else if (r < 0)
		sh_error("cannot read '%s': corrupt or truncated trace.dat", path);
	if (r < 0)
		sh_dat_libs_close(libs);
	return r < 0 ? -1 : 0;
}

int sh_dat_libs_open_view(struct sh_dat_libs *libs, int view, const char *path, uint64_t size)
{
	struct tracecmd_input *top = NULL;
	const char *bad;
	int quiet, fd, r;

	*libs = (struct sh_dat_libs){ 0 };
	if ((r = sh_dat_probe_view(view, path, size)) != 0)
		return r;
	if (lseek(view, 0, SEEK_SET) != 0 || (fd = fcntl(view, F_DUPFD_CLOEXEC, 0)) < 0)
		return 1;
	quiet = quiet_stderr();
	top = tracecmd_open_fd(fd, TRACECMD_FL_LOAD_NO_PLUGINS);	/* takes fd */
	restore_stderr(quiet);
	if (open_instances(libs, top, &bad) == 0)
		return 0;
	sh_dat_libs_close(libs);
	return 1;
}

void sh_dat_libs_close(struct sh_dat_libs *libs)
{
	for (size_t i = libs->n; i-- > 0;)
		tracecmd_close(libs->h[i]);
	free(libs->h);
	free(libs->name);
	*libs = (struct sh_dat_libs){ 0 };
}
