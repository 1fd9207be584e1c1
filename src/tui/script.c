/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Headless runs for tests (tig's test style): a script of keys and commands
 * drives the tui without a terminal and dumps screens to files.
 *
 *   keys TEXT       type TEXT; <Name> is a special key (<Enter>, <Tab>, <Up>, <lt>...)
 *   dump NAME       write the screen to NAME (under $SCHEDHANG_TUI_DUMPDIR if set)
 *   resize COLSxROWS
 *   click X Y       a click at screen cell (X, Y), from 0
 *   wheel up|down X Y
 *   # comment
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "tui/keys.h"
#include "tui/mouse.h"
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

/* "click X Y", "wheel up X Y", "wheel down X Y": 0, or -1 when @arg is not one. */
static int mouse(struct tui *t, const char *cmd, const char *arg)
{
	char dir[8];
	int x, y;

	if (!strcmp(cmd, "click") && sscanf(arg, "%d %d", &x, &y) == 2 && x >= 0 && y >= 0) {
		tui_mouse(t, TUI_MOUSE_CLICK, x, y);
		return 0;
	}
	if (!strcmp(cmd, "wheel") && sscanf(arg, "%7s %d %d", dir, &x, &y) == 3 && x >= 0 && y >= 0 &&
	    (!strcmp(dir, "up") || !strcmp(dir, "down"))) {
		tui_mouse(t, !strcmp(dir, "up") ? TUI_MOUSE_WHEEL_UP : TUI_MOUSE_WHEEL_DOWN, x, y);
		return 0;
	}
	return -1;
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
	if (arg && mouse(t, line, arg) == 0)
		return 0;
	return sh_error("%s: expected 'keys TEXT', 'dump NAME', 'resize COLSxROWS', 'click X Y' or "
			"'wheel up|down X Y'", where);
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
