/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the model, the detectors and both renderers, fed arbitrary
 * sequences of normalized events (no reader involved).
 *
 * Input: two option bytes (stall threshold, hang threshold), then events:
 *   type byte (modulo SH_EV__COUNT), time byte (0xff: +2 s, 0xfe: 1 ms
 *   backwards, else +b*b us), CPU/flags/comm byte (0xff: CPU -1, 0xfe: CPU
 *   INT32_MAX), one byte per field
 *   (0xff: 8 raw bytes follow; else a small value from a few pointers, ids
 *   or enum values, so events collide on the same objects), one byte per
 *   string slot (an index into a table of nasty strings).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "detect/analysis.h"
#include "fuzz.h"

struct reader {
	const uint8_t *p, *end;
};

static unsigned byte(struct reader *r)
{
	return r->p < r->end ? *r->p++ : 0;
}

static const char *const strings[] = {
	"gfx", "comp_1.0.0", "", "drm_sched_run_job_work", "drm_sched_free_job_work",
	"drm_sched_job_timedout", "\xff\xfe\x80 bad utf-8", "a \"quoted\" \\ name\n\t",
	"amdgpu", "kworker/u8:1", "<idle>", "x",
};
#define NSTRINGS (sizeof(strings) / sizeof(strings[0]))

static uint64_t field(struct reader *r, const struct sh_field_desc *fd)
{
	unsigned x = byte(r);
	uint64_t v = 0;

	if (x == 0xff) {
		for (unsigned i = 0; i < 8; i++)
			v |= (uint64_t)byte(r) << (8 * i);
		return v;
	}
	switch (fd->kind) {
	case SH_FK_X:
		return x < 8 ? (x ? 0xffff888000001000ull + x * 0x100 : 0) : x;
	case SH_FK_E:
		return x % (sh_enum_count(fd->table) + 1);
	case SH_FK_S:
		return (uint64_t)(int64_t)(int8_t)x;
	case SH_FK_U:
	default:
		return x;
	}
}

static void timestamp(struct reader *r, uint64_t *ts)
{
	unsigned t = byte(r);

	if (t == 0xff)
		*ts += 2000000000ull;
	else if (t == 0xfe)
		*ts = *ts > 1000000 ? *ts - 1000000 : 0;
	else
		*ts += (uint64_t)t * t * 1000;
}

/* Decode the next event; false at the end of the input. */
static bool next_event(struct reader *r, uint64_t *ts, struct sh_event *ev)
{
	const struct sh_ev_desc *d;
	unsigned c;

	if (r->p >= r->end)
		return false;
	memset(ev, 0, sizeof(*ev));
	ev->type = (uint16_t)(byte(r) % SH_EV__COUNT);
	d = sh_ev_desc(ev->type);
	timestamp(r, ts);
	ev->ts = *ts;
	c = byte(r);
	ev->cpu = c == 0xfe ? INT32_MAX : (int32_t)(c & 3) - (c == 0xff);	/* corrupt sometimes */
	ev->flags = (uint16_t)((c >> 2) & 0xf);
	ev->pid = (int32_t)(100 + (c >> 6));
	ev->comm = (c >> 6) == 3 ? NULL : strings[(c >> 6) + 8];
	for (unsigned i = 0; i < d->nfields; i++)
		ev->f[i] = field(r, &d->fields[i]);
	for (unsigned s = 0; s < 2; s++)
		if (d->str_name[s])
			ev->str[s] = (c = byte(r)) == 0xff ? NULL : strings[c % NSTRINGS];
	return true;
}

/* What a source would have counted (sh_source_next's accounting). */
static void account(struct sh_trace_info *in, struct sh_lost_cpu *lost, size_t nlost,
		    const struct sh_event *ev)
{
	if (in->nevents == 0)
		in->first_ts = ev->ts;
	else if (ev->ts < in->last_ts)
		in->unordered++;
	if (ev->ts > in->last_ts)
		in->last_ts = ev->ts;
	in->nevents++;
	in->raw_events++;
	in->per_type[ev->type]++;
	if (ev->type == SH_EV_LOST) {
		in->lost_markers++;
		in->lost_unknown += ev->lost.count == 0;
		if (ev->cpu >= 0 && (size_t)ev->cpu < nlost) {
			lost[ev->cpu].lost += ev->lost.count;
			lost[ev->cpu].markers++;
			lost[ev->cpu].unknown += ev->lost.count == 0;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = { data, data + size };
	struct sh_analysis_opts o = { 0 };
	struct sh_analysis *a;
	struct sh_lost_cpu lost[4] = { { .cpu = 0 }, { .cpu = 1 }, { .cpu = 2 }, { .cpu = 3 } };
	uint64_t ts = 1000000000ull;
	char *bufs[] = { (char *)"" };
	struct sh_trace_info info = {
		.path = "fuzz", .format = "fuzz", .ncpus = 4, .schemas = 0x7f,
		.lost_cpus = lost, .nlost_cpus = 4, .buffers = bufs, .nbuffers = 1,
	};
	struct sh_event ev;

	sh_fuzz_quiet();
	o.stall_ns = (uint64_t)byte(&r) * 1000000;
	o.hang_ns = (uint64_t)byte(&r) * 10000000;
	a = sh_analysis_new(&o);
	if (!a)
		return 0;
	while (next_event(&r, &ts, &ev)) {
		ev.idx = info.nevents;
		account(&info, lost, 4, &ev);
		if (sh_analysis_feed(a, &ev) < 0)
			break;
	}
	if (sh_analysis_finish(a) == 0)
		sh_fuzz_render(a, &info, (unsigned)size);
	sh_analysis_free(a);
	return 0;
}
