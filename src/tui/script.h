/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_SCRIPT_H
#define SH_TUI_SCRIPT_H

/* Headless runs (SCHEDHANG_TUI_SCRIPT): keys, mouse, screen dumps, resizes from a file. */

#include "tui/tui.h"

/* Run the key script at @path headless . 0, or -1 (reported). */
int tui_run_script(struct tui *t, const char *path);

#endif
