/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_FUZZ_H
#define SH_FUZZ_H

/*
 * libFuzzer targets (tests/fuzz/fuzz-*.c). Each defines
 * LLVMFuzzerTestOneInput(); it is linked with libFuzzer's main in a
 * --enable-fuzzing build and with replay.c's main in every build, so
 * make check runs each seed corpus through it.
 */

#include <stddef.h>
#include <stdint.h>

#include "read/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Drop every diagnostic: the targets feed garbage on purpose. */
void sh_fuzz_quiet(void);

/*
 * Write @data into an anonymous in-memory file, open it as @fmt through
 * sh_source_open(), then stream it through the analysis and render the
 * report as text and JSON into memory. Returns 0 (the input is irrelevant
 * to the outcome; crashes and sanitizer reports are what count).
 */
int sh_fuzz_source(const uint8_t *data, size_t size, enum sh_input_format fmt);

/*
 * The pipeline of sh_fuzz_source() on @path (a file or a CTF folder) opened
 * as @fmt; @variant picks the report options (sh_fuzz_render()).
 */
void sh_fuzz_path(const char *path, enum sh_input_format fmt, unsigned variant);

/* Render @a (finished) with @info as text and JSON into memory. */
struct sh_analysis;
void sh_fuzz_render(const struct sh_analysis *a, const struct sh_trace_info *info, unsigned variant);

#endif
