/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: the ftrace text reader (src/read/source-text.c). */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return sh_fuzz_source(data, size, SH_INPUT_TEXT);
}
