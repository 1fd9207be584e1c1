/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * babeltrace2 plugin `schedhang`: the declarations babeltrace2 loads, and
 * what both component classes share (parameters, feeding the analysis).
 */
#include "config.h"

#include <string.h>

#include "core/error.h"
#include "plugin.h"
#include "read/source-ctf.h"
#include "report/text.h"

BT_PLUGIN_MODULE();
BT_PLUGIN(schedhang);
BT_PLUGIN_DESCRIPTION("Find lost wakeups and other hangs of the Linux DRM GPU scheduler");
BT_PLUGIN_AUTHOR("schedhang contributors");
BT_PLUGIN_LICENSE("GPL-2.0-or-later");

#define PARAMS_HELP \
	"  format    \"text\" (default) or \"json\"\n" \
	"  stall-ms  report lost-wakeup stalls of at least this many ms, rescued or not\n" \
	"            (default: only jobs still stranded at the end of the trace)\n" \
	"  hang-ms   threshold of the other hang classes (default: stall-ms, else 1000)\n" \
	"  top       show at most this many findings (default: all)\n" \
	"  ns        true: timestamps in ns instead of us (default: false)\n"

BT_PLUGIN_SINK_COMPONENT_CLASS(report, shp_report_consume);
BT_PLUGIN_SINK_COMPONENT_CLASS_DESCRIPTION(report,
	"Print schedhang's report (findings with evidence) for the events it receives.");
BT_PLUGIN_SINK_COMPONENT_CLASS_HELP(report,
	"Runs the same analysis as `schedhang report` on the drm_sched, schedhang_*,\n"
	"workqueue, dma_fence and sched events it receives (LTTng, perf or schedhang\n"
	"names) and prints the same text or JSON report to stdout at the end.\n"
	"Discarded events/packets lower the confidence of nearby findings.\n\n"
	"Parameters:\n" PARAMS_HELP "\nSee babeltrace2-plugin-schedhang(7).");
BT_PLUGIN_SINK_COMPONENT_CLASS_INITIALIZE_METHOD(report, shp_report_init);
BT_PLUGIN_SINK_COMPONENT_CLASS_GRAPH_IS_CONFIGURED_METHOD(report, shp_report_configured);
BT_PLUGIN_SINK_COMPONENT_CLASS_FINALIZE_METHOD(report, shp_report_finalize);

BT_PLUGIN_FILTER_COMPONENT_CLASS(findings, shp_findings_iter_next);
BT_PLUGIN_FILTER_COMPONENT_CLASS_DESCRIPTION(findings,
	"Pass events through and add schedhang's findings as `schedhang_finding` events.");
BT_PLUGIN_FILTER_COMPONENT_CLASS_HELP(findings,
	"Forwards every message unchanged and runs schedhang's analysis on the way.\n"
	"When its input ends, it emits one `schedhang_finding` event per finding, in a\n"
	"stream of its own (trace `schedhang`, no clock: the times are payload fields),\n"
	"with payload fields class, confidence, summary, sched, entity, start_ns,\n"
	"end_ns, open_at_end and detail; sink.text.pretty shows them, sink.ctf.fs\n"
	"stores them.\n\n"
	"Parameters:\n"
	"  stall-ms, hang-ms  as for sink.schedhang.report\n"
	"\nSee babeltrace2-plugin-schedhang(7).");
BT_PLUGIN_FILTER_COMPONENT_CLASS_INITIALIZE_METHOD(findings, shp_findings_init);
BT_PLUGIN_FILTER_COMPONENT_CLASS_FINALIZE_METHOD(findings, shp_findings_finalize);
BT_PLUGIN_FILTER_COMPONENT_CLASS_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD(findings,
	shp_findings_iter_init);
BT_PLUGIN_FILTER_COMPONENT_CLASS_MESSAGE_ITERATOR_CLASS_FINALIZE_METHOD(findings,
	shp_findings_iter_finalize);

/* A non-negative number parameter (bt2 integers come signed or unsigned). */
static int param_num(const bt_value *v, double *out)
{
	switch (bt_value_get_type(v)) {
	case BT_VALUE_TYPE_UNSIGNED_INTEGER:
		*out = (double)bt_value_integer_unsigned_get(v);
		return 0;
	case BT_VALUE_TYPE_SIGNED_INTEGER:
		*out = (double)bt_value_integer_signed_get(v);
		return *out >= 0 ? 0 : -1;
	case BT_VALUE_TYPE_REAL:
		*out = bt_value_real_get(v);
		return *out >= 0 && *out < 1.8e10 ? 0 : -1;
	default:
		return -1;
	}
}

static int bad_param(bt_self_component *self, const char *name, const char *want)
{
	BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(self,
		"parameter '%s' must be %s", name, want);
	return -1;
}

int shp_params_parse(bt_self_component *self, const bt_value *params, struct shp_params *p)
{
	static const struct { const char *name; uint64_t scale; } nums[] = {
		{ "stall-ms", 1000000 }, { "hang-ms", 1000000 }, { "top", 1 },
	};
	const bt_value *v;
	double d;

	memset(p, 0, sizeof(*p));
	p->ops = &sh_report_text;
	if ((v = bt_value_map_borrow_entry_value_const(params, "format"))) {
		p->ops = bt_value_is_string(v) ? sh_report_find(bt_value_string_get(v)) : NULL;
		if (!p->ops)
			return bad_param(self, "format", "\"text\" or \"json\"");
	}
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (!(v = bt_value_map_borrow_entry_value_const(params, nums[i].name)))
			continue;
		if (param_num(v, &d) < 0 || d * (double)nums[i].scale > 1.8e19 ||
		    (nums[i].scale == 1 && d > 1000000))
			return bad_param(self, nums[i].name, "a non-negative number");
		if (i == 0)
			p->aopts.stall_ns = (uint64_t)(d * 1e6 + 0.5);
		else if (i == 1)
			p->aopts.hang_ns = (uint64_t)(d * 1e6 + 0.5);
		else
			p->ropts.top = (unsigned)d;
	}
	if ((v = bt_value_map_borrow_entry_value_const(params, "ns"))) {
		if (!bt_value_is_bool(v))
			return bad_param(self, "ns", "a boolean");
		p->ropts.ns = bt_value_bool_get(v);
	}
	return 0;
}

int shp_feed(struct sh_source *src, struct sh_analysis *a, const bt_message *msg)
{
	struct sh_event ev;
	int r;

	sh_source_ctf_feed(src, msg);
	while ((r = sh_source_next(src, &ev)) > 0)
		if (sh_analysis_feed(a, &ev) < 0)
			return -1;
	return r;
}
