/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/error.h"

/*
 * The sink is process-wide state set once by a command before it starts its
 * pipeline (and swapped by the TUI around curses mode); it is not mutated by
 * the analysis, which is why it may live outside a session struct.
 */
static struct {
	sh_log_fn fn;
	void *ctx;
	const char *prefix;
	unsigned errors;
} sink = { .prefix = "schedhang" };

/*
 * A thread other than the pipeline's (the trace reader's read-ahead) routes
 * its messages here instead, so they reach the process sink in order, from
 * the pipeline's thread.
 */
static _Thread_local struct {
	sh_log_fn fn;
	void *ctx;
} thread_sink;

static void stderr_sink(enum sh_log_level level, const char *msg, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "%s: %s%s\n", sink.prefix,
		level == SH_LOG_WARNING ? "warning: " : "", msg);
}

sh_log_fn sh_log_set_sink(sh_log_fn fn, void *ctx, void **old_ctx)
{
	sh_log_fn old = sink.fn;

	if (old_ctx)
		*old_ctx = sink.ctx;
	sink.fn = fn;
	sink.ctx = ctx;
	return old;
}

void sh_log_set_prefix(const char *prefix)
{
	sink.prefix = prefix ? prefix : "schedhang";
}

void sh_log_set_thread_sink(sh_log_fn fn, void *ctx)
{
	thread_sink.fn = fn;
	thread_sink.ctx = ctx;
}

void sh_log(enum sh_log_level level, const char *msg)
{
	if (level == SH_LOG_ERROR)
		sink.errors++;
	if (sink.fn)
		sink.fn(level, msg, sink.ctx);
	else
		stderr_sink(level, msg, NULL);
}

static void vlog(enum sh_log_level level, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (thread_sink.fn)
		thread_sink.fn(level, msg, thread_sink.ctx);
	else
		sh_log(level, msg);
}

int sh_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(SH_LOG_ERROR, fmt, ap);
	va_end(ap);
	return -1;
}

void sh_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(SH_LOG_WARNING, fmt, ap);
	va_end(ap);
}

void sh_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(SH_LOG_INFO, fmt, ap);
	va_end(ap);
}

unsigned sh_error_count(void)
{
	return sink.errors;
}
