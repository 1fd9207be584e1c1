/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sh-events: print every normalized event of an input, one canonical line
 * each, then the source's quality summary (lines starting with '#').
 * Test-only: used by the reader tests and for cross-checks against
 * `trace-cmd report`.
 *
 *   sh-events [-f dat|text|ctf] [-q] [-n] [-a] [-r] FILE
 *   -q  no summary
 *   -n  no events (time the reader alone)
 *   -a  read ahead in a thread (sh_source_read_ahead())
 *   -r  first print "# reader: pages|libtracecmd" and "# libtracecmd
 *       opened: view|file" (trace.dat input), and with -a "# ahead:
 *       events|raw" (sh_source_ahead_kind())
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/event.h"
#include "read/source-dat.h"
#include "read/source.h"

static const char usage[] = "usage: sh-events [-f dat|text|ctf] [-q] [-n] [-a] [-r] FILE\n";

static void print_event(const struct sh_event *ev)
{
	const struct sh_ev_desc *d = sh_ev_desc(ev->type);

	printf("%" PRIu64 " cpu=%d pid=%d comm=%s %s", ev->ts, ev->cpu, ev->pid,
	       ev->comm ? ev->comm : "-", d->name);
	for (unsigned i = 0; i < d->nfields; i++) {
		const struct sh_field_desc *f = &d->fields[i];
		uint64_t v = ev->f[i];
		const char *name;

		switch (f->kind) {
		case SH_FK_U:
			printf(" %s=%" PRIu64, f->name, v);
			break;
		case SH_FK_S:
			printf(" %s=%" PRId64, f->name, (int64_t)v);
			break;
		case SH_FK_X:
			printf(" %s=0x%" PRIx64, f->name, v);
			break;
		case SH_FK_E:
			name = sh_enum_name(f->table, v);
			if (name)
				printf(" %s=%s", f->name, name);
			else
				printf(" %s=%" PRIu64, f->name, v);
			break;
		}
	}
	for (unsigned s = 0; s < 2; s++)
		if (d->str_name[s])
			printf(" %s=\"%s\"", d->str_name[s], ev->str[s] ? ev->str[s] : "");
	if (ev->flags)
		printf(" flags=0x%x", ev->flags);
	putchar('\n');
}

static void print_summary(const struct sh_trace_info *in)
{
	printf("# format: %s\n# clock: %s\n# kernel: %s\n# cpus: %d\n", in->format, in->clock,
	       in->kernel, in->ncpus);
	printf("# schemas:");
	for (unsigned b = 0; b < SH_SCHEMA__COUNT; b++)
		if (in->schemas & (1u << b))
			printf(" %s", sh_trace_info_schema(b));
	printf("\n# buffers:");
	for (size_t i = 0; i < in->nbuffers; i++)
		printf(" '%s'", in->buffers[i]);
	printf("\n# events: %" PRIu64 " raw: %" PRIu64 " unknown: %" PRIu64
	       " missing_field: %" PRIu64 " unordered: %" PRIu64 " unparsed_lines: %" PRIu64 "\n",
	       in->nevents, in->raw_events, in->unknown_events, in->missing_field, in->unordered,
	       in->unparsed_lines);
	printf("# span: %" PRIu64 " .. %" PRIu64 "\n", in->first_ts, in->last_ts);
	for (unsigned t = 0; t < SH_EV__COUNT; t++)
		if (in->per_type[t])
			printf("# type %s: %" PRIu64 "\n", sh_ev_desc(t)->name, in->per_type[t]);
	printf("# lost markers: %" PRIu64 " unknown count: %" PRIu64 "\n", in->lost_markers,
	       in->lost_unknown);
	for (size_t i = 0; i < in->nlost_cpus; i++)
		if (in->lost_cpus[i].lost && in->lost_cpus[i].cpu >= 0)
			printf("# lost cpu %d: %" PRIu64 "\n", in->lost_cpus[i].cpu, in->lost_cpus[i].lost);
		else if (in->lost_cpus[i].lost)
			printf("# lost cpu ?: %" PRIu64 "\n", in->lost_cpus[i].lost);
}

int main(int argc, char **argv)
{
	enum sh_input_format fmt = SH_INPUT_AUTO;
	bool summary = true, events = true, ahead = false, reader = false;
	struct sh_source *src;
	struct sh_event ev;
	int opt, r;

	sh_log_set_prefix("sh-events");
	while ((opt = getopt(argc, argv, "f:qnar")) != -1) {
		if (opt == 'f' && sh_input_format_parse(optarg, &fmt) == 0)
			continue;
		if (opt == 'q' || opt == 'n') {
			*(opt == 'q' ? &summary : &events) = false;
			continue;
		}
		if (opt == 'a' || opt == 'r') {
			*(opt == 'a' ? &ahead : &reader) = true;
			continue;
		}
		fputs(usage, stderr);
		return 2;
	}
	if (optind + 1 != argc) {
		fputs(usage, stderr);
		return 2;
	}
	src = sh_source_open(argv[optind], fmt);
	if (!src)
		return 3;
	if (reader)
		printf("# reader: %s\n# libtracecmd opened: %s\n",
		       sh_source_dat_reader(src) ? sh_source_dat_reader(src) : "-",
		       sh_source_dat_viewed(src) ? "view" : "file");
	if (ahead)
		sh_source_read_ahead(src);
	if (ahead && reader)
		printf("# ahead: %s\n", sh_source_ahead_kind(src) ? sh_source_ahead_kind(src) : "-");
	while ((r = sh_source_next(src, &ev)) > 0)
		if (events)
			print_event(&ev);
	if (summary)
		print_summary(sh_source_info(src));
	sh_source_free(src);
	if (r < 0)
		return 3;
	if (fflush(stdout) != 0 || ferror(stdout))
		return 3;
	return 0;
}
