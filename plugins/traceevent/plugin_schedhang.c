/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libtraceevent print plugin for the schedhang events, so that trace-cmd
 * report (and anything else built on libtraceevent) prints the contract's
 * enumerations by name: "reason=PUSH_FIRST" instead of "reason=0".
 *
 * It serves both emitters of system "schedhang": the kernel tracepoints and
 * uprobe dynamic events of the same names, whose extra leading __probe_ip
 * field is printed the way the kernel prints it, "(0x...)". Fields are
 * printed in the order the event's format gives them.
 *
 * Event names, field kinds and enumeration names come from src/core/event.h's
 * tables (event.c is compiled into the plugin): there is no second table.
 * The plugin is built without sanitizers, since its host (trace-cmd) is not.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <event-parse.h>
#include <trace-seq.h>

#include "core/event.h"

int TEP_PLUGIN_LOADER(struct tep_handle *tep);
void TEP_PLUGIN_UNLOADER(struct tep_handle *tep);

#define PROBE_IP "__probe_ip"

/* A field's value as the analyzer sees it: sign-extended if signed. */
static unsigned long long field_value(const struct tep_format_field *field,
				      unsigned long long raw)
{
	unsigned bits = field->size * 8;

	if (!(field->flags & TEP_FIELD_IS_SIGNED) || bits == 0 || bits >= 64)
		return raw;
	if (raw & (1ULL << (bits - 1)))
		raw |= ~0ULL << bits;
	return raw;
}

static void print_string(struct trace_seq *s, struct tep_record *record,
			 struct tep_event *event, struct tep_format_field *field)
{
	int len = 0;
	const char *str = tep_get_field_raw(s, event, field->name, record, &len, 0);

	if (!str) {
		trace_seq_printf(s, "%s=?", field->name);
		return;
	}
	/* The recorded string may lack its NUL: never read past len. */
	trace_seq_printf(s, "%s=%.*s", field->name, (int)strnlen(str, len), str);
}

static void print_number(struct trace_seq *s, unsigned type,
			 const struct tep_format_field *field,
			 unsigned long long v)
{
	const struct sh_ev_desc *desc = sh_ev_desc(type);
	int i = sh_ev_field_index(type, field->name);
	const char *name;

	if (i < 0) {
		trace_seq_printf(s, "%s=%llu", field->name, v);
		return;
	}
	switch (desc->fields[i].kind) {
	case SH_FK_X:
		trace_seq_printf(s, "%s=0x%llx", field->name, v);
		break;
	case SH_FK_S:
		trace_seq_printf(s, "%s=%lld", field->name, (long long)v);
		break;
	case SH_FK_E:
		name = sh_enum_name(desc->fields[i].table, v);
		if (name)
			trace_seq_printf(s, "%s=%s", field->name, name);
		else
			trace_seq_printf(s, "%s=%llu", field->name, v);
		break;
	case SH_FK_U:
	default:
		trace_seq_printf(s, "%s=%llu", field->name, v);
		break;
	}
}

static int print_event(struct trace_seq *s, struct tep_record *record,
		       struct tep_event *event, void *context)
{
	unsigned type = (unsigned)(uintptr_t)context;
	struct tep_format_field *field;
	unsigned long long raw;
	const char *sep = "";

	for (field = event->format.fields; field; field = field->next) {
		if (field->flags & (TEP_FIELD_IS_STRING | TEP_FIELD_IS_DYNAMIC)) {
			trace_seq_puts(s, sep);
			print_string(s, record, event, field);
			sep = " ";
			continue;
		}
		if (tep_read_number_field(field, record->data, &raw) < 0) {
			trace_seq_printf(s, "%s%s=?", sep, field->name);
			sep = " ";
			continue;
		}
		if (strcmp(field->name, PROBE_IP) == 0) {
			trace_seq_printf(s, "%s(0x%llx)", sep, raw);
			sep = " ";
			continue;
		}
		trace_seq_puts(s, sep);
		print_number(s, type, field, field_value(field, raw));
		sep = " ";
	}
	return 0;
}

/* The schedhang_* types of src/core/event.h: the events this plugin prints. */
static int is_schedhang_type(unsigned type)
{
	const struct sh_ev_desc *desc = sh_ev_desc(type);

	return desc && strncmp(desc->name, "schedhang_", 10) == 0;
}

int TEP_PLUGIN_LOADER(struct tep_handle *tep)
{
	for (unsigned t = 0; t < SH_EV__COUNT; t++) {
		if (!is_schedhang_type(t))
			continue;
		tep_register_event_handler(tep, -1, "schedhang",
					   sh_ev_desc(t)->name, print_event,
					   (void *)(uintptr_t)t);
	}
	return 0;
}

void TEP_PLUGIN_UNLOADER(struct tep_handle *tep)
{
	for (unsigned t = 0; t < SH_EV__COUNT; t++) {
		if (!is_schedhang_type(t))
			continue;
		tep_unregister_event_handler(tep, -1, "schedhang",
					     sh_ev_desc(t)->name, print_event,
					     (void *)(uintptr_t)t);
	}
}
