/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening a trace.dat in a child process first: libtraceevent and
 * libtracecmd can crash or loop on corrupt headers that no cheap check
 * catches, and a child that dies or hangs makes a one-line error instead.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <trace-cmd.h>

#include "core/error.h"
#include "read/dat-probe.h"

/*
 * The same, to read the headers step by step: tracecmd_open() is open() +
 * tracecmd_alloc_fd() + tracecmd_read_headers(h, 0) + tracecmd_init_data();
 * a state (enum tracecmd_file_states) is the v6 section reading stops after.
 */
struct tracecmd_input *tracecmd_alloc_fd(int fd, int flags);
int tracecmd_read_headers(struct tracecmd_input *handle, int state);
int tracecmd_get_file_state(struct tracecmd_input *handle);
unsigned long tracecmd_get_in_file_version(struct tracecmd_input *handle);
enum { FILE_STATE_ALL_EVENTS = 4, FILE_STATE_KALLSYMS = 5 };

/*
 * The headers of the v6 file @h reads from @fd (nothing read yet), read as
 * tracecmd_open() does, less the parse of the kallsyms section:
 * libtracecmd reads that section's length from @fd, so /dev/zero stands in
 * for the file meanwhile (an empty section), and reading goes on after it in
 * the file. 0, or -1 when the library or the stand-in failed.
 */
static int read_headers_but_kallsyms(struct tracecmd_input *h, int fd)
{
	unsigned char b[4];
	uint32_t len;
	off_t off;
	int zero, saved, r = -1;

	if (tracecmd_read_headers(h, FILE_STATE_ALL_EVENTS) < 0 ||
	    tracecmd_get_file_state(h) != FILE_STATE_ALL_EVENTS)
		return -1;
	off = lseek(fd, 0, SEEK_CUR);
	if (off < 0 || pread(fd, b, sizeof(b), off) != (ssize_t)sizeof(b))
		return -1;
	len = (uint32_t)tep_read_number(tracecmd_get_tep(h), b, 4);
	zero = open("/dev/zero", O_RDONLY);
	saved = dup(fd);
	if (zero >= 0 && saved >= 0 && dup2(zero, fd) == fd) {
		r = tracecmd_read_headers(h, FILE_STATE_KALLSYMS);
		if (dup2(saved, fd) != fd)
			r = -1;
	}
	if (zero >= 0)
		close(zero);
	if (saved >= 0)
		close(saved);
	if (r < 0 || tracecmd_get_file_state(h) != FILE_STATE_KALLSYMS ||
	    lseek(fd, off + 4 + (off_t)len, SEEK_SET) < 0)
		return -1;
	return tracecmd_read_headers(h, 0);
}

/*
 * tracecmd_open() of the v6 file @path less the kallsyms parse, or NULL:
 * for a v7 file (its sections are read in one call) and on any failure.
 */
static struct tracecmd_input *open_but_kallsyms(const char *path)
{
	int fd = open(path, O_RDONLY);
	struct tracecmd_input *h = fd < 0 ? NULL : tracecmd_alloc_fd(fd, TRACECMD_FL_LOAD_NO_PLUGINS);

	if (!h)
		return NULL;	/* the fd is the child's: it exits soon */
	if (tracecmd_get_in_file_version(h) >= 7 || read_headers_but_kallsyms(h, fd) < 0 ||
	    tracecmd_init_data(h) < 0) {
		tracecmd_close(h);
		return NULL;
	}
	return h;
}

/*
 * The probe's child: open the file as the reader will, then exit 0 (or
 * die), less the parse of a v6 file's kallsyms section (5 MB, 0.1 s when
 * /proc/kallsyms was recorded), which is safe in the parent alone:
 * libtraceevent 1.7's tep_parse_kallsyms() scans the text a line at a time
 * with bounded conversions (address, type, name, [module]) and stops at the
 * first line it cannot read; no byte of it is used as a length or an
 * offset. The one hazard is libtracecmd 1.3.1's 32-bit length + 1: the
 * layout check refuses a length of 2^32 - 1. If the stand-in fails, the
 * child opens the whole file.
 */
static void probe_child(const char *path, int fd)
{
	static const int deadly[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	int null = open("/dev/null", O_WRONLY);
	struct tracecmd_input *h;

	/* never outlive the parent: libtracecmd may loop on a corrupt file */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (size_t i = 0; i < sizeof(deadly) / sizeof(deadly[0]); i++)
		signal(deadly[i], SIG_DFL);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
	}
	/* what the reader does with the library, in the same order */
	if (fd >= 0) {
		h = lseek(fd, 0, SEEK_SET) == 0 ? tracecmd_open_fd(fd, TRACECMD_FL_LOAD_NO_PLUGINS) :
						   NULL;
	} else {
		h = open_but_kallsyms(path);
		if (!h)
			h = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	}
	for (int i = 0, n = h ? tracecmd_buffer_instances(h) : 0; i < n; i++) {
		struct tracecmd_input *b = tracecmd_buffer_instance_handle(h, i);

		if (b)
			tracecmd_close(b);
	}
	if (h)
		tracecmd_close(h);
	_exit(0);
}

enum probe_result { PROBE_OK, PROBE_DIED, PROBE_HUNG };

static int hung(const char *path)
{
	return sh_error("cannot read '%s': corrupt trace.dat headers (libtracecmd hung opening "
			"them)", path);
}

/*
 * Open @path, or the file @fd when >= 0 (read from its start), in a child
 * as the reader will; kill it after a time limit for @size bytes.
 */
static enum probe_result probe(const char *path, int fd, uint64_t size)
{
	/* 10 s, and 3 s per 100 MB: libtracecmd parses the headers in well under a second */
	long limit_ms = 10000 + (long)(size / (100u << 20)) * 3000;
	struct timespec t0, now;
	int status;
	pid_t pid, w;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return PROBE_OK;	/* cannot tell: let the real open try */
	if (pid == 0)
		probe_child(path, fd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((w = waitpid(pid, &status, WNOHANG)) == 0 || (w < 0 && errno == EINTR)) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000 > limit_ms) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return PROBE_HUNG;
		}
		usleep(w == 0 ? 2000 : 0);
	}
	if (w < 0 || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
		return PROBE_OK;
	return PROBE_DIED;
}

/*
 * libtraceevent 1.7 and libtracecmd 1.3 can crash on corrupt headers (event
 * format text, section tables) that no cheap check catches. Open the file
 * once in a child first, as the reader will (headers, buffer instances):
 * if that dies, the parent reports the file as corrupt instead of crashing;
 * if it takes too long (libtracecmd looping over a corrupt count), it is
 * killed and the file reported the same way. Only the headers (less a v6
 * file's kallsyms, see probe_child()) and each CPU's first page are read
 * twice.
 */
int sh_dat_probe_open(const char *path, uint64_t size)
{
	switch (probe(path, -1, size)) {
	case PROBE_OK:
		return 0;
	case PROBE_HUNG:
		return hung(path);
	default:
		return sh_error("cannot read '%s': corrupt trace.dat headers", path);
	}
}

/*
 * A child that dies on the view may not on the file (libtracecmd may fail
 * cleanly on a chunk table the view cuts, before the page it died on); a
 * child that hangs is in the headers, the file's own: waiting for the
 * file's child too would double the time to say so.
 */
int sh_dat_probe_view(int fd, const char *path, uint64_t size)
{
	switch (probe(NULL, fd, size)) {
	case PROBE_OK:
		return 0;
	case PROBE_HUNG:
		return hung(path);
	default:
		return 1;
	}
}
