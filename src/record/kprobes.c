/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * record --kprobes (see kprobes.h). The definitions, their events and the
 * functions they probe live in the schema table; this file only decides
 * which of them the running kernel can take, and makes and removes them.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs.h>
#include <unistd.h>

#include "core/error.h"
#include "record/kprobes.h"
#include "record/stale.h"

#define BTF_DIR "/sys/kernel/btf"
#define KALLSYMS "/proc/kallsyms"

/*
 * Where @func is in @symbols: 1 and its module in @mod ("" if built in),
 * or 0. A line is "NAME [MOD]" (available_filter_functions) or
 * "ADDR TYPE NAME [MOD]" (kallsyms); "NAME.isra.0" is another function.
 */
static int find_function(const char *symbols, const char *func, char *mod, size_t size)
{
	size_t len = strlen(func);

	for (const char *p = strstr(symbols, func); p; p = strstr(p + 1, func)) {
		const char *end = p + len, *m, *close;

		if ((p != symbols && p[-1] != '\n' && p[-1] != ' ' && p[-1] != '\t') ||
		    (*end && *end != '\n' && *end != ' ' && *end != '\t'))
			continue;
		mod[0] = '\0';
		m = end + strspn(end, " \t");
		close = *m == '[' ? strchr(m, ']') : NULL;
		if (close && (size_t)(close - m - 1) < size && !memchr(m, '\n', (size_t)(close - m))) {
			memcpy(mod, m + 1, (size_t)(close - m - 1));
			mod[close - m - 1] = '\0';
		}
		return 1;
	}
	return 0;
}

static bool has_btf(const char *btf_dir, const char *mod)
{
	char path[512];

	if (!btf_dir)
		return false;
	snprintf(path, sizeof(path), "%s/vmlinux", btf_dir);
	if (access(path, R_OK) != 0)
		return false;
	snprintf(path, sizeof(path), "%s/%s", btf_dir, mod[0] ? mod : "vmlinux");
	return access(path, R_OK) == 0;
}

static int add(struct sh_kprobes *kp, const struct sh_schema_kprobe *def, const char *mod)
{
	struct sh_kprobe *v = realloc(kp->v, (kp->n + 1) * sizeof(*v));
	struct sh_kprobe *p;

	if (!v)
		return sh_error("out of memory");
	kp->v = v;
	p = &v[kp->n++];
	memset(p, 0, sizeof(*p));
	p->def = def;
	if (asprintf(&p->addr, "%s%s%s", mod, mod[0] ? ":" : "", def->func) < 0) {
		p->addr = NULL;
		return sh_error("out of memory");
	}
	return 0;
}

static bool chosen(const struct sh_kprobes *kp, unsigned probe)
{
	for (unsigned i = 0; i < kp->n; i++)
		if (kp->v[i].def->probe == probe)
			return true;
	return false;
}

int sh_kprobes_choose(struct sh_kprobes *kp, const char *symbols, const char *btf_dir)
{
	const struct sh_schema_kprobe *def;
	char mod[128];

	for (unsigned i = 0; (def = sh_schema_kprobe_at(i)); i++) {
		if (!find_function(symbols, def->func, mod, sizeof(mod)))
			continue;
		if (def->btf && !has_btf(btf_dir, mod))
			continue;
		if (add(kp, def, mod) < 0)
			return -1;
	}
	for (unsigned p = 0; p < SH_KPROBE__COUNT; p++) {
		if (chosen(kp, p) || !sh_schema_kprobe_required(p))
			continue;
		for (unsigned i = 0; (def = sh_schema_kprobe_at(i)); i++)
			if (def->probe == p)
				return sh_error("cannot probe drm_sched: the kernel has no function '%s' "
						"(drm_sched not loaded, or a layout schedhang does "
						"not know)", def->func);
	}
	return 0;
}

int sh_kprobes_supported(void)
{
	if (!tracefs_file_exists(NULL, "kprobe_events"))
		return sh_error("cannot record --kprobes: this kernel has no kprobe events "
				"(no kprobe_events in tracefs; CONFIG_KPROBE_EVENTS is off)");
	return 0;
}

/* The kernel's function list: available_filter_functions, else kallsyms (owned, or NULL). */
static char *read_symbols(void)
{
	char *text = tracefs_instance_file_read(NULL, "available_filter_functions", NULL);
	FILE *f;
	size_t size = 0;

	if (text && *text)
		return text;
	free(text);
	f = fopen(KALLSYMS, "re");
	if (!f)
		return NULL;
	text = NULL;
	if (getdelim(&text, &size, '\0', f) < 0) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

int sh_kprobes_scan(struct sh_kprobes *kp)
{
	char *symbols;
	int r;

	if (sh_kprobes_supported() < 0)
		return -1;
	symbols = read_symbols();
	if (!symbols)
		return sh_error("cannot read the kernel's functions (available_filter_functions, "
				KALLSYMS "): %s", strerror(errno ? errno : ENOENT));
	r = sh_kprobes_choose(kp, symbols, BTF_DIR);
	free(symbols);
	return r;
}

/* The last line of the kernel's error_log, or @fallback; owned by @log. */
static const char *last_error(char *log, const char *fallback)
{
	char *last = NULL;

	for (char *line = log ? strtok(log, "\n") : NULL; line; line = strtok(NULL, "\n"))
		if (line[0] && line[0] != ' ')
			last = line;
	return last ? last : fallback;
}

/* Create @p. 0, or -1 with the kernel's reason in @why (owned by the caller). */
static int create_one(struct sh_kprobe *p, char **why)
{
	const struct sh_schema_kprobe *d = p->def;
	const char *args = d->args[0] ? d->args : NULL;
	struct tracefs_dynevent *ev;
	char *log;

	if (tracefs_event_file_exists(NULL, SH_SYS_KPROBE, d->event, "format")) {
		if (asprintf(why, "the event already exists (another recorder, or left over: "
			     "echo '-:%s/%s' >> /sys/kernel/tracing/dynamic_events)",
			     SH_SYS_KPROBE, d->event) < 0)
			*why = NULL;
		return -1;
	}
	ev = d->ret ? tracefs_kretprobe_alloc(SH_SYS_KPROBE, d->event, p->addr, args, 0)
		    : tracefs_kprobe_alloc(SH_SYS_KPROBE, d->event, p->addr, args);
	if (!ev)
		return -1;	/* *why NULL: out of memory */
	tracefs_instance_file_clear(NULL, "error_log");
	errno = 0;
	if (tracefs_dynevent_create(ev) == 0) {
		p->dynevent = ev;
		p->created = true;
		return 0;
	}
	tracefs_dynevent_free(ev);
	log = tracefs_instance_file_read(NULL, "error_log", NULL);
	*why = strdup(last_error(log, errno ? strerror(errno) : "rejected (error_log empty)"));
	free(log);
	return -1;
}

/* Create the first alternative of @probe the kernel accepts. */
static int create_probe(struct sh_kprobes *kp, unsigned probe)
{
	const struct sh_kprobe *last = NULL;
	char *why = NULL;
	int r;

	for (unsigned i = 0; i < kp->n; i++) {
		if (kp->v[i].def->probe != probe)
			continue;
		free(why);
		why = NULL;
		last = &kp->v[i];
		if (create_one(&kp->v[i], &why) == 0) {
			free(why);
			return 0;
		}
	}
	if (!last) {
		free(why);
		return 0;	/* an optional probe whose function this kernel lacks */
	}
	if (sh_schema_kprobe_required(probe))
		r = sh_error("cannot create kprobe '%s/%s' on '%s': %s", SH_SYS_KPROBE,
			     last->def->event, last->addr, why ? why : "out of memory");
	else
		r = (sh_warning("kprobe '%s/%s' on '%s' left out: %s", SH_SYS_KPROBE,
				last->def->event, last->addr, why ? why : "out of memory"), 0);
	free(why);
	return r;
}

int sh_kprobes_create(struct sh_kprobes *kp)
{
	for (unsigned p = 0; p < SH_KPROBE__COUNT; p++)
		if (create_probe(kp, p) < 0)
			return -1;
	return 0;
}

void sh_kprobes_print(const struct sh_kprobes *kp, FILE *out)
{
	for (unsigned i = 0; i < kp->n; i++) {
		const struct sh_schema_kprobe *d = kp->v[i].def;

		fprintf(out, "  %s/%-22s %c %s %s%s\n", SH_SYS_KPROBE, d->event, d->ret ? 'r' : 'p',
			kp->v[i].addr, d->args, d->btf ? " (BTF)" : "");
	}
}

void sh_kprobes_destroy(struct sh_kprobes *kp)
{
	for (unsigned i = 0; i < kp->n; i++) {
		sh_record_dynevent_remove(&kp->v[i].dynevent, "kprobe", SH_SYS_KPROBE,
					  kp->v[i].def->event);
		kp->v[i].created = false;
	}
}

void sh_kprobes_release(struct sh_kprobes *kp)
{
	for (unsigned i = 0; i < kp->n; i++)
		free(kp->v[i].addr);
	free(kp->v);
	kp->v = NULL;
	kp->n = 0;
}
