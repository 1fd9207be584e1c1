/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_ERROR_H
#define SH_ERROR_H

/*
 * One replaceable sink for every diagnostic the core produces. The core never
 * prints to stdout and never exits: a failure site is `return sh_error(...)`.
 * The default sink writes "schedhang: MSG" to stderr; the TUI swaps in its
 * status line while the terminal is in curses mode.
 */

enum sh_log_level {
	SH_LOG_ERROR,
	SH_LOG_WARNING,
	SH_LOG_INFO,
};

typedef void (*sh_log_fn)(enum sh_log_level level, const char *msg, void *ctx);

/* Install @fn (NULL restores the stderr sink); returns the previous sink. */
sh_log_fn sh_log_set_sink(sh_log_fn fn, void *ctx, void **old_ctx);

/*
 * Route the calling thread's messages to @fn (NULL: back to the process
 * sink). For a helper thread whose messages the pipeline's thread replays
 * with sh_log().
 */
void sh_log_set_thread_sink(sh_log_fn fn, void *ctx);

/* Deliver the formatted @msg to the process sink (errors are counted). */
void sh_log(enum sh_log_level level, const char *msg);

/* Report an error through the sink. Always returns -1. */
int sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report a warning through the sink. */
void sh_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Informational message (progress, summaries on stderr). */
void sh_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Number of errors reported since start (lets a command decide its status). */
unsigned sh_error_count(void);

/* The prefix of default-sink messages ("schedhang" or "schedhang report"). */
void sh_log_set_prefix(const char *prefix);

#endif
