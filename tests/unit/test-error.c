/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The replaceable diagnostic sink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/error.h"

struct capture {
	enum sh_log_level level;
	char msg[256];
	int calls;
};

static void capture_sink(enum sh_log_level level, const char *msg, void *ctx)
{
	struct capture *c = ctx;

	c->level = level;
	strncpy(c->msg, msg, sizeof(c->msg) - 1);
	c->calls++;
}

static void test_error_goes_to_sink_and_returns_minus_one(void **state)
{
	struct capture c = { 0 };
	unsigned before = sh_error_count();
	void *old_ctx;
	sh_log_fn old;

	(void)state;
	old = sh_log_set_sink(capture_sink, &c, &old_ctx);
	assert_int_equal(sh_error("cannot read '%s': truncated page at offset %llu", "t.dat", 4096ULL), -1);
	assert_int_equal(c.level, SH_LOG_ERROR);
	assert_string_equal(c.msg, "cannot read 't.dat': truncated page at offset 4096");
	assert_int_equal(sh_error_count(), before + 1);

	sh_warning("%d events lost on CPU %d", 12, 1);
	assert_int_equal(c.level, SH_LOG_WARNING);
	assert_string_equal(c.msg, "12 events lost on CPU 1");
	assert_int_equal(sh_error_count(), before + 1);
	assert_int_equal(c.calls, 2);

	sh_log_set_sink(old, old_ctx, NULL);
}

static void test_long_message_is_truncated_not_overflowed(void **state)
{
	struct capture c = { 0 };
	char big[4096];
	void *old_ctx;
	sh_log_fn old;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	old = sh_log_set_sink(capture_sink, &c, &old_ctx);
	sh_error("%s", big);
	assert_int_equal(c.calls, 1);
	assert_int_equal(c.msg[0], 'x');
	sh_log_set_sink(old, old_ctx, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_goes_to_sink_and_returns_minus_one),
		cmocka_unit_test(test_long_message_is_truncated_not_overflowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
