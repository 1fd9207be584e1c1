/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schedhang_probe_* symbols -> dynamic uprobe events (contract's probe ABI). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs.h>
#include <unistd.h>

#include "core/error.h"
#include "core/event.h"
#include "record/stale.h"
#include "record/uprobes.h"

#define PROBE_PREFIX "schedhang_probe_"

/*
 * What the descriptor tables of event.h do not say: the slot of a string
 * field (the contract lists schedhang_sched_info's name second) and the
 * fields the contract declares u32 or s32. Other integers are u64 ids, s64
 * when signed; enumerations are u32; pointers are fetched as x64 so the text
 * form prints them 0x%llx as the contract asks (same 8 bytes as u64).
 */
static const struct { unsigned type, str, slot; } string_slots[] = {
	{ SH_EV_SCHED_INFO, 0, 1 },
};
static const char *const u32_fields[] = {
	"credit_limit", "timeout_ms", "first", "cnt_before", "cnt_after",
	"head_nonnull", "slowpath", "stopped", "queued", "credit_count",
	"n_nonempty_unready", NULL,
};
static const char *const s32_fields[] = { "result", NULL };

static int in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return 1;
	return 0;
}

static const char *fetch_type(const struct sh_field_desc *f)
{
	if (f->kind == SH_FK_S)
		return in_list(s32_fields, f->name) ? "s32" : "s64";
	if (f->kind == SH_FK_E || in_list(u32_fields, f->name))
		return "u32";
	return f->kind == SH_FK_X ? "x64" : "u64";
}

/* Slot of string @s of @type, or -1 when it has none. */
static int string_slot(unsigned type, unsigned s)
{
	for (size_t i = 0; i < sizeof(string_slots) / sizeof(string_slots[0]); i++)
		if (string_slots[i].type == type && string_slots[i].str == s)
			return (int)string_slots[i].slot;
	return -1;
}

/* Append " name=FETCH:type" to @buf; @deref reads a string through the slot. */
static void append(char *buf, size_t size, const char *name, unsigned off, const char *type,
		   bool deref)
{
	size_t n = strlen(buf);

	if (deref)
		snprintf(buf + n, size - n, "%s%s=+0(+%u(%%di)):%s", n ? " " : "", name, off,
			 type);
	else
		snprintf(buf + n, size - n, "%s%s=+%u(%%di):%s", n ? " " : "", name, off, type);
}

/* The fetch-args of @type: fields in slot order, the string at its slot. */
static char *build_args(unsigned type)
{
	const struct sh_ev_desc *d = sh_ev_desc(type);
	int sslot = string_slot(type, 0);
	unsigned slot = 0;
	char buf[1024] = "";

	for (unsigned i = 0; i <= d->nfields; i++, slot++) {
		if ((int)slot == sslot && d->str_name[0]) {
			append(buf, sizeof(buf), d->str_name[0], 8 * slot, "string", true);
			slot++;
		}
		if (i < d->nfields)
			append(buf, sizeof(buf), d->fields[i].name, 8 * slot,
			       fetch_type(&d->fields[i]), false);
	}
	return strdup(buf);
}

/* The contract type probed by function @sym, or -1. */
static int probe_type(const char *sym)
{
	char name[128];

	snprintf(name, sizeof(name), "schedhang_%s", sym + strlen(PROBE_PREFIX));
	for (unsigned t = 0; t < SH_EV__COUNT; t++)
		if (!strncmp(sh_ev_desc(t)->name, "schedhang_", 10) &&
		    !strcmp(sh_ev_desc(t)->name, name))
			return (int)t;
	return -1;
}

/* File offset of @vaddr: through the PT_LOAD segment that contains it. */
static int vaddr_to_offset(Elf *elf, uint64_t vaddr, uint64_t *off)
{
	size_t n;

	if (elf_getphdrnum(elf, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (vaddr >= ph.p_vaddr && vaddr < ph.p_vaddr + ph.p_memsz) {
			*off = vaddr - ph.p_vaddr + ph.p_offset;
			return 0;
		}
	}
	return -1;
}

static struct sh_uprobe *find(struct sh_uprobes *up, const char *event)
{
	for (unsigned i = 0; i < up->n; i++)
		if (!strcmp(up->v[i].event, event))
			return &up->v[i];
	return NULL;
}

static int add_probe(struct sh_uprobes *up, const char *file, int type, uint64_t off)
{
	const char *event = sh_ev_desc((unsigned)type)->name;
	struct sh_uprobe *p = find(up, event), *v;

	if (p && !strcmp(p->file, file) && p->offset == off)
		return 0;	/* same symbol in .symtab and .dynsym */
	if (p)
		return sh_error("cannot attach '%s' of '%s': already attached to '%s'",
				event, file, p->file);
	v = realloc(up->v, (up->n + 1) * sizeof(*v));
	if (!v)
		return sh_error("out of memory");
	up->v = v;
	p = &v[up->n];
	memset(p, 0, sizeof(*p));
	p->event = strdup(event);
	p->file = strdup(file);
	p->args = build_args((unsigned)type);
	p->offset = off;
	up->n++;
	if (!p->event || !p->file || !p->args)
		return sh_error("out of memory");
	return 0;
}

static int scan_symbol(struct sh_uprobes *up, Elf *elf, const char *file, const char *name,
		       const GElf_Sym *sym)
{
	uint64_t off;
	int type;

	if (strncmp(name, PROBE_PREFIX, strlen(PROBE_PREFIX)) ||
	    GELF_ST_TYPE(sym->st_info) != STT_FUNC || !sym->st_value)
		return 0;
	type = probe_type(name);
	if (type < 0) {
		sh_warning("'%s': unknown probe function '%s' ignored", file, name);
		return 0;
	}
	if (vaddr_to_offset(elf, sym->st_value, &off) < 0)
		return sh_error("cannot attach '%s' in '%s': address 0x%llx in no PT_LOAD segment",
				name, file, (unsigned long long)sym->st_value);
	return add_probe(up, file, type, off);
}

static int scan_symtabs(struct sh_uprobes *up, Elf *elf, const char *file)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh) ||
		    (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) || !sh.sh_entsize)
			continue;
		data = elf_getdata(scn, NULL);
		for (size_t i = 0; data && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *name;

			if (!gelf_getsym(data, (int)i, &sym))
				continue;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (name && scan_symbol(up, elf, file, name, &sym) < 0)
				return -1;
		}
	}
	return 0;
}

static int scan_elf(struct sh_uprobes *up, int fd, const char *file)
{
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	unsigned before = up->n;
	GElf_Ehdr eh;
	int ret = -1;

	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		sh_error("cannot read '%s': not an ELF file (%s)", file, elf_errmsg(-1));
		goto out;
	}
	if (eh.e_machine != EM_X86_64 || eh.e_ident[EI_CLASS] != ELFCLASS64) {
		sh_error("cannot attach uprobes to '%s': ELF machine %u is not x86-64 "
			 "(the probe ABI reads %%di; only x86-64 is supported)", file, eh.e_machine);
		goto out;
	}
	if (scan_symtabs(up, elf, file) < 0)
		goto out;
	if (up->n == before) {
		sh_error("'%s' has no schedhang_probe_* function in its symbol table", file);
		goto out;
	}
	ret = 0;
out:
	if (elf)
		elf_end(elf);
	return ret;
}

int sh_uprobes_scan(struct sh_uprobes *up, const char *binary)
{
	char *file = realpath(binary, NULL);
	int fd, ret;

	if (!file)
		return sh_error("cannot read '%s': %s", binary, strerror(errno));
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = sh_error("cannot read '%s': %s", binary, strerror(errno));
		free(file);
		return ret;
	}
	elf_version(EV_CURRENT);
	ret = scan_elf(up, fd, file);
	close(fd);
	free(file);
	return ret;
}

/* The last line of the kernel's error_log, or a placeholder. */
static void report_error_log(const char *group, const struct sh_uprobe *p)
{
	char *log = tracefs_instance_file_read(NULL, "error_log", NULL);
	char *last = NULL;

	for (char *line = log ? strtok(log, "\n") : NULL; line; line = strtok(NULL, "\n"))
		if (line[0] && line[0] != ' ')
			last = line;
	sh_error("cannot create uprobe '%s/%s' at '%s':0x%llx: %s", group, p->event,
		 p->file, (unsigned long long)p->offset,
		 last ? last : (errno ? strerror(errno) : "rejected (error_log empty)"));
	free(log);
}

const char *sh_uprobes_group(const struct sh_uprobes *up)
{
	return up->group ? up->group : SH_UPROBE_GROUP;
}

static int create_one(const char *group, struct sh_uprobe *p)
{
	struct tracefs_dynevent *ev;

	if (tracefs_event_file_exists(NULL, group, p->event, "format"))
		return sh_error("cannot create uprobe '%s/%s': the event already exists "
				"(another recorder, or left over: remove it with "
				"echo '-:%s/%s' >> /sys/kernel/tracing/uprobe_events, "
				"or choose another --uprobe-group)",
				group, p->event, group, p->event);
	ev = tracefs_uprobe_alloc(group, p->event, p->file, p->offset, p->args);
	if (!ev)
		return sh_error("cannot create uprobe '%s': out of memory", p->event);
	tracefs_instance_file_clear(NULL, "error_log");
	errno = 0;
	if (tracefs_dynevent_create(ev) < 0) {
		report_error_log(group, p);
		tracefs_dynevent_free(ev);
		return -1;
	}
	p->dynevent = ev;
	return 0;
}

int sh_uprobes_create(struct sh_uprobes *up)
{
	for (unsigned i = 0; i < up->n; i++)
		if (create_one(sh_uprobes_group(up), &up->v[i]) < 0)
			return -1;
	return 0;
}

void sh_uprobes_destroy(struct sh_uprobes *up)
{
	for (unsigned i = 0; i < up->n; i++)
		sh_record_dynevent_remove(&up->v[i].dynevent, "uprobe", sh_uprobes_group(up),
					  up->v[i].event);
}

void sh_uprobes_release(struct sh_uprobes *up)
{
	for (unsigned i = 0; i < up->n; i++) {
		free(up->v[i].event);
		free(up->v[i].file);
		free(up->v[i].args);
	}
	free(up->v);
	up->v = NULL;
	up->n = 0;
}
