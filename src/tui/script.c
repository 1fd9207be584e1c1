/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Headless runs for tests (tig's test style): a script of keys and commands
 * drives the tui without a terminal and dumps screens to files.
 *
 *   keys TEXT       type TEXT; <Name> is a special key (<Enter>, <Tab>, <Up>, <lt>...)
 *   dump NAME       write the screen to NAME (under $SCHEDHANG_TUI_DUMPDIR if set)
 *   resize COLSxROWS
 *   # comment
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "tui/keys.h"
#include "tui/script.h"
#include "tui/tui.h"

/* Type the keys of @text; 0, or -1 (reported) for a bad <Name>. */
static int type_keys(struct tui *t, const char *text, const char *where)
{
	const char *p = text;

	while (*p && !t->quit) {
		int key = (unsigned char)*p++;

		if (key == '<' && strchr(p, '>')) {
			char name[16];
			size_t n = (size_t)(strchr(p, '>') - p);

			if (n >= sizeof(name) || (memcpy(name, p, n), name[n] = '\0', (key = tui_key_parse(name)) < 0))
				return sh_error("%s: unknown key '<%.*s>'", where, (int)n, p);
			p += n + 1;
		}
		tui_key(t, key);
	}
	return 0;
}

static int dump(struct tui *t, const char *name)
{
	const char *dir = getenv("SCHEDHANG_TUI_DUMPDIR");
	char path[4096];

	snprintf(path, sizeof(path), "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
	tui_draw(t);
	return tui_screen_dump(&t->scr, path);
}

static int command(struct tui *t, char *line, const char *where)
{
	int cols, rows;
	char *arg = strchr(line, ' ');

	if (arg)
		*arg++ = '\0';
	if (!strcmp(line, "keys") && arg)
		return type_keys(t, arg, where);
	if (!strcmp(line, "dump") && arg)
		return dump(t, arg);
	if (!strcmp(line, "resize") && arg && sscanf(arg, "%dx%d", &cols, &rows) == 2 &&
	    cols > 0 && rows > 0 && cols <= 1000 && rows <= 1000)
		return tui_resize(t, cols, rows);
	return sh_error("%s: expected 'keys TEXT', 'dump NAME' or 'resize COLSxROWS'", where);
}

int tui_run_script(struct tui *t, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[1024], where[4200];
	unsigned lineno = 0;
	int r = 0;

	if (!fp)
		return sh_error("cannot open tui script '%s': %s", path, strerror(errno));
	while (r == 0 && !t->quit && fgets(line, sizeof(line), fp)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		r = command(t, line, where);
	}
	fclose(fp);
	return r;
}
