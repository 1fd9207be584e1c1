/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_BT2_PLUGIN_H
#define SH_BT2_PLUGIN_H

/*
 * The schedhang babeltrace2 plugin: sink.schedhang.report (report.c) and
 * filter.schedhang.findings (findings.c). Both map messages with the CTF
 * reader's mapping (src/read/source-ctf.h) and run the same analysis as
 * `schedhang report` (libshcore).
 */

#include <babeltrace2/babeltrace.h>

#include "detect/analysis.h"
#include "read/source.h"
#include "report/report.h"

/* Component parameters shared by both component classes. */
struct shp_params {
	struct sh_analysis_opts aopts;
	struct sh_report_opts ropts;
	const struct sh_report_ops *ops;	/* static */
};

/*
 * Parse @params (format, stall-ms, hang-ms, top, ns) into @p. 0, or -1 with
 * an error appended to the current thread's babeltrace2 error on behalf of
 * @self.
 */
int shp_params_parse(bt_self_component *self, const bt_value *params, struct shp_params *p);

/* Map @msg (borrowed) through @src and feed the events to @a. 0, or -1 (reported). */
int shp_feed(struct sh_source *src, struct sh_analysis *a, const bt_message *msg);

/* sink.schedhang.report */
bt_component_class_initialize_method_status shp_report_init(
	bt_self_component_sink *self, bt_self_component_sink_configuration *config,
	const bt_value *params, void *data);
bt_component_class_sink_graph_is_configured_method_status shp_report_configured(
	bt_self_component_sink *self);
bt_component_class_sink_consume_method_status shp_report_consume(bt_self_component_sink *self);
void shp_report_finalize(bt_self_component_sink *self);

/* filter.schedhang.findings */
bt_component_class_initialize_method_status shp_findings_init(
	bt_self_component_filter *self, bt_self_component_filter_configuration *config,
	const bt_value *params, void *data);
void shp_findings_finalize(bt_self_component_filter *self);
bt_message_iterator_class_initialize_method_status shp_findings_iter_init(
	bt_self_message_iterator *self, bt_self_message_iterator_configuration *config,
	bt_self_component_port_output *port);
bt_message_iterator_class_next_method_status shp_findings_iter_next(
	bt_self_message_iterator *self, bt_message_array_const msgs, uint64_t capacity,
	uint64_t *count);
void shp_findings_iter_finalize(bt_self_message_iterator *self);

#endif
