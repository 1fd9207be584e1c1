/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_TUI_KEYS_H
#define SH_TUI_KEYS_H

/* The key table: dispatch, status hints and help all come from it. */

#include "tui/tui.h"

/* Handle one key. */
void tui_key(struct tui *t, int key);

struct tui_key {
	int key;
	const char *name;	/* as shown in help and status */
	const char *help;
	void (*fn)(struct tui *t, int key);
	unsigned hint;		/* TUI_HINT_* where the status line shows it */
};

enum {
	TUI_HINT_TIMELINE = 1 << PANE_TIMELINE,
	TUI_HINT_FINDINGS = 1 << PANE_FINDINGS,
	TUI_HINT_EVENTS = 1 << PANE_EVENTS,
	TUI_HINT_VIEW = 1 << PANE__COUNT,	/* help and job views */
	TUI_HINT_PANES = TUI_HINT_TIMELINE | TUI_HINT_FINDINGS | TUI_HINT_EVENTS,
	TUI_HINT_ALL = TUI_HINT_PANES | TUI_HINT_VIEW,
};

extern const struct tui_key tui_keys[];
extern const unsigned tui_nkeys;
/* Printable name of @key ("Up", "q"); @buf holds it for plain characters. */
const char *tui_key_name(int key, char *buf, unsigned size);
/* Key code of a script name like "Up" or "PgDn", or -1. */
int tui_key_parse(const char *name);

#endif
