/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sink.schedhang.report: the analysis of `schedhang report` on the messages
 * of any babeltrace2 graph, and the same text or JSON report on stdout when
 * the input ends.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/error.h"
#include "plugin.h"
#include "read/source-ctf.h"

struct report_sink {
	struct shp_params p;
	bt_message_iterator *it;	/* owned reference */
	struct sh_source *src;		/* owned; feed mode */
	struct sh_analysis *a;		/* owned */
	bool done;
};

static void report_free(struct report_sink *r)
{
	if (!r)
		return;
	bt_message_iterator_put_ref(r->it);
	sh_analysis_free(r->a);
	sh_source_free(r->src);
	free(r);
}

bt_component_class_initialize_method_status shp_report_init(
	bt_self_component_sink *self, bt_self_component_sink_configuration *config,
	const bt_value *params, void *data)
{
	bt_self_component *comp = bt_self_component_sink_as_self_component(self);
	struct report_sink *r = calloc(1, sizeof(*r));

	if (!r)
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	if (shp_params_parse(comp, params, &r->p) < 0) {
		report_free(r);
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	}
	r->p.ropts.input_name = "babeltrace2 graph";
	r->src = sh_source_ctf_new_feed(r->p.ropts.input_name);
	r->a = r->src ? sh_analysis_new(&r->p.aopts) : NULL;
	if (!r->a || bt_self_component_sink_add_input_port(self, "in", NULL, NULL) !=
			     BT_SELF_COMPONENT_ADD_PORT_STATUS_OK) {
		report_free(r);
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	}
	bt_self_component_set_data(comp, r);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

bt_component_class_sink_graph_is_configured_method_status shp_report_configured(
	bt_self_component_sink *self)
{
	struct report_sink *r =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self));

	if (bt_message_iterator_create_from_sink_component(self,
		    bt_self_component_sink_borrow_input_port_by_name(self, "in"), &r->it) !=
	    BT_MESSAGE_ITERATOR_CREATE_FROM_SINK_COMPONENT_STATUS_OK)
		return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_ERROR;
	return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_OK;
}

/* End of input: finish the analysis and print the report. 0 or -1. */
static int print_report(struct report_sink *r)
{
	struct sh_report_ctx ctx = { sh_source_info(r->src), r->a, &r->p.ropts };
	struct sh_buf out;
	int ret = -1;

	if (sh_analysis_finish(r->a) < 0)
		return -1;
	sh_buf_init(&out);
	r->p.ops->render(&out, &ctx);
	if (sh_buf_write(&out, stdout) == 0 && fflush(stdout) == 0)
		ret = 0;
	sh_buf_release(&out);
	return ret;
}

bt_component_class_sink_consume_method_status shp_report_consume(bt_self_component_sink *self)
{
	bt_self_component *comp = bt_self_component_sink_as_self_component(self);
	struct report_sink *r = bt_self_component_get_data(comp);
	bt_message_array_const msgs;
	uint64_t n;
	int err = 0;

	switch (bt_message_iterator_next(r->it, &msgs, &n)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		break;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		if (!r->done && print_report(r) < 0) {
			BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(comp,
				"cannot write the schedhang report");
			return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_ERROR;
		}
		r->done = true;
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_END;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_AGAIN;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_MEMORY_ERROR:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_ERROR;
	}
	for (uint64_t i = 0; i < n; i++) {
		if (!err && shp_feed(r->src, r->a, msgs[i]) < 0)
			err = 1;
		bt_message_put_ref(msgs[i]);
	}
	if (err) {
		BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(comp,
			"schedhang analysis failed");
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_ERROR;
	}
	return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK;
}

void shp_report_finalize(bt_self_component_sink *self)
{
	report_free(bt_self_component_get_data(bt_self_component_sink_as_self_component(self)));
}
