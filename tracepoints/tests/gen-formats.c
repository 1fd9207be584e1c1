/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen-formats: print the tracefs "format" files of the schedhang events from
 * tracepoints/include/trace/events/schedhang.h, the way the kernel builds
 * them: the header is expanded with the kernel's own technique (one
 * TRACE_EVENT expansion per stage), offsets and sizes come from the compiler
 * laying out the same record struct, and the print fmt is the kernel's
 * stringification of TP_printk with __entry spelled REC.
 *
 *   gen-formats DIR      write DIR/<event>.format for every event
 *   gen-formats --enums  print "TABLE VALUE NAME" for the enumerations the
 *                        events share with src/core/event.h (the contract's)
 *   gen-formats --fields print the schedhang_* events' fields as
 *                        src/core/event.h lists them (for
 *                        man/schedhang-events.7's test)
 *
 * Assumptions, true of x86-64 Linux 6.12: the common fields below, char is
 * unsigned (-funsigned-char since 6.2), and the ID is a placeholder (tracefs
 * assigns IDs at boot: 9000 + the event's position in the header here).
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/event.h"

#include <linux/types.h>

struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
};

#define SH_STR_(...) #__VA_ARGS__
#define SH_STR(...) SH_STR_(__VA_ARGS__)

/* Stage 1: the record structs, as the kernel's trace_event_raw_<name>. */
#define TP_STRUCT__entry(...) __VA_ARGS__
#define __field(type, item) type item;
#define __string(item, src) u32 __data_loc_##item;
#define TRACE_EVENT(name, proto, args, tstruct, assign, print) \
	struct raw_##name { struct trace_entry ent; tstruct char __data[]; };
#define TRACE_EVENT_FN(name, proto, args, tstruct, assign, print, reg, unreg) \
	TRACE_EVENT(name, proto, args, tstruct, assign, print)
#include <trace/events/schedhang.h>

/* Stage 2: one function per event printing its own fields. */
#undef __field
#undef __string
#undef TRACE_EVENT
#define __field(type, item) \
	put_field(f, SH_STR(type), #item, offsetof(R, item), sizeof(type), \
		  (type)-1 < (type)1);
#define __string(item, src) \
	put_field(f, "__data_loc char[]", #item, offsetof(R, __data_loc_##item), 4, 0);
#define TRACE_EVENT(name, proto, args, tstruct, assign, print) \
	static void fields_##name(FILE *f) { typedef struct raw_##name R; tstruct }
#define TRACE_HEADER_MULTI_READ

static void put_field(FILE *f, const char *type, const char *name,
		      size_t offset, size_t size, int is_signed)
{
	fprintf(f, "\tfield:%s %s;\toffset:%zu;\tsize:%zu;\tsigned:%d;\n",
		type, name, offset, size, is_signed);
}

#include <trace/events/schedhang.h>

/* Stage 3: the print fmt strings, exactly the kernel's stage 7. */
#undef TRACE_EVENT
#define __entry REC
#define TP_printk(fmt, ...) "\"" fmt "\", " SH_STR(__VA_ARGS__)
#define TRACE_EVENT(name, proto, args, tstruct, assign, print) \
	static const char print_##name[] = print;
#include <trace/events/schedhang.h>

/* Stage 4: write every event's format, in header order. */
#undef TRACE_EVENT
#define TRACE_EVENT(name, proto, args, tstruct, assign, print) \
	if (write_format(dir, id++, #name, fields_##name, print_##name) < 0) \
		return -1

static int write_format(const char *dir, unsigned id, const char *name,
			void (*fields)(FILE *f), const char *print)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.format", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gen-formats: cannot write '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	fprintf(f, "name: %s\nID: %u\nformat:\n", name, id);
	put_field(f, "unsigned short", "common_type", 0, 2, 0);
	put_field(f, "unsigned char", "common_flags", 2, 1, 0);
	put_field(f, "unsigned char", "common_preempt_count", 3, 1, 0);
	put_field(f, "int", "common_pid", 4, 4, 1);
	fputc('\n', f);
	fields(f);
	fprintf(f, "\nprint fmt: %s\n", print);
	if (fclose(f) != 0) {
		fprintf(stderr, "gen-formats: cannot write '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* The header is included inside the function: each event is a statement. */
static int write_formats(const char *dir)
{
	unsigned id = 9000;

#include <trace/events/schedhang.h>
	return 0;
}

/* The contract's enumerations as src/core/event.h numbers and names them. */
static void print_enums(void)
{
	static const struct {
		const char *name;
		enum sh_enum_table table;
	} tables[] = {
		{ "KICK_WHICH", SH_ENUM_KICK_WHICH },
		{ "KICK_REASON", SH_ENUM_KICK_REASON },
		{ "OUTCOME", SH_ENUM_OUTCOME },
		{ "DEP_ACTION", SH_ENUM_DEP_ACTION },
		{ "STATE", SH_ENUM_STATE },
	};

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (unsigned v = 0; v < sh_enum_count(tables[t].table); v++)
			printf("%s %u %s\n", tables[t].name, v,
			       sh_enum_name(tables[t].table, v));
}

/*
 * The schedhang_* events as src/core/event.h describes them: "EVENT FIELD" per
 * integer field in order, then "EVENT FIELD string" per string slot.
 */
static void print_fields(void)
{
	for (unsigned t = 0; sh_ev_desc(t); t++) {
		const struct sh_ev_desc *d = sh_ev_desc(t);

		if (strncmp(d->name, "schedhang_", 10) != 0)
			continue;
		for (unsigned i = 0; i < d->nfields; i++)
			printf("%s %s\n", d->name, d->fields[i].name);
		for (unsigned i = 0; i < 2; i++)
			if (d->str_name[i])
				printf("%s %s string\n", d->name, d->str_name[i]);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen-formats DIR | --enums | --fields\n");
		return 2;
	}
	if (strcmp(argv[1], "--enums") == 0) {
		print_enums();
		return fflush(stdout) == 0 ? 0 : 3;
	}
	if (strcmp(argv[1], "--fields") == 0) {
		print_fields();
		return fflush(stdout) == 0 ? 0 : 3;
	}
	return write_formats(argv[1]) < 0 ? 3 : 0;
}
