/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The normalized event tables: field order, names and the contract's enum numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/event.h"

/* ev->push.X and ev->f[sh_ev_field_index(PUSH, "X")] are the same storage. */
static void test_member_matches_slot(void **state)
{
	struct sh_event ev;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	ev.push.first = 7;
	ev.push.cnt_after = 9;
	assert_int_equal(ev.f[sh_ev_field_index(SH_EV_PUSH, "first")], 7);
	assert_int_equal(ev.f[sh_ev_field_index(SH_EV_PUSH, "cnt_after")], 9);
	ev.worker.n_nonempty_unready = 3;
	assert_int_equal(ev.f[sh_ev_field_index(SH_EV_WORKER, "n_nonempty_unready")], 3);
	assert_int_equal(offsetof(struct sh_event, worker.n_nonempty_unready),
			 offsetof(struct sh_event, f[7]));
}

/* Field lists follow the contract's order (schedhang-events(7)). */
static void test_contract_field_order(void **state)
{
	static const char *const push[] = { "sched", "entity", "ectx", "seqno", "first",
					     "cnt_before", "cnt_after" };
	static const char *const worker[] = { "sched", "outcome", "entity", "ectx", "seqno",
					       "credit_count", "credit_limit",
					       "n_nonempty_unready" };
	const struct sh_ev_desc *d;

	(void)state;
	d = sh_ev_desc(SH_EV_PUSH);
	assert_int_equal(d->nfields, 7);
	for (unsigned i = 0; i < d->nfields; i++)
		assert_string_equal(d->fields[i].name, push[i]);
	d = sh_ev_desc(SH_EV_WORKER);
	assert_int_equal(d->nfields, 8);
	for (unsigned i = 0; i < d->nfields; i++)
		assert_string_equal(d->fields[i].name, worker[i]);
	assert_string_equal(sh_ev_desc(SH_EV_SCHED_INFO)->str_name[0], "name");
	assert_null(sh_ev_desc(SH_EV__COUNT));
	assert_int_equal(sh_ev_field_index(SH_EV_PUSH, "nope"), -1);
}

/* The numbers are part of the contract; the report prints the names. */
static void test_contract_enum_numbers(void **state)
{
	(void)state;
	assert_int_equal(SH_KICK_REASON_PUSH_FIRST, 0);
	assert_int_equal(SH_KICK_REASON_POP_NULL, 5);
	assert_int_equal(SH_KICK_REASON_MANUAL, 8);
	assert_int_equal(SH_OUTCOME_STOPPED, 4);
	assert_int_equal(SH_DEP_ACTION_CB_FIRED, 4);
	assert_int_equal(SH_STATE_FINI, 5);
	assert_string_equal(sh_enum_name(SH_ENUM_KICK_REASON, 8), "MANUAL");
	assert_string_equal(sh_enum_name(SH_ENUM_OUTCOME, 1), "NO_ENTITY");
	assert_string_equal(sh_enum_name(SH_ENUM_DEP_ACTION, 2), "CB_ADDED");
	assert_string_equal(sh_enum_name(SH_ENUM_STATE, 2), "TDR_BEGIN");
	assert_null(sh_enum_name(SH_ENUM_KICK_REASON, 9));
	assert_null(sh_enum_name(SH_ENUM_NONE, 0));
	assert_int_equal(sh_enum_count(SH_ENUM_KICK_REASON), 9);
	assert_int_equal(sh_enum_count(SH_ENUM_OUTCOME), 5);
}

/* Every enum-kind field names a table; every other field names none. */
static void test_enum_fields_have_tables(void **state)
{
	(void)state;
	for (unsigned t = 0; t < SH_EV__COUNT; t++) {
		const struct sh_ev_desc *d = sh_ev_desc(t);

		assert_non_null(d->name);
		assert_true(d->nfields <= SH_EV_MAX_FIELDS);
		for (unsigned i = 0; i < d->nfields; i++) {
			if (d->fields[i].kind == SH_FK_E)
				assert_true(sh_enum_count(d->fields[i].table) > 0);
			else
				assert_int_equal(d->fields[i].table, SH_ENUM_NONE);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_member_matches_slot),
		cmocka_unit_test(test_contract_field_order),
		cmocka_unit_test(test_contract_enum_numbers),
		cmocka_unit_test(test_enum_fields_have_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
