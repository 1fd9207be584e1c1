/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The core's containers: the hash map, the latency histogram, the output buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/hist.h"
#include "core/hmap.h"

#define N 5000

/* Random puts and deletes agree with a plain array, including key 0 and colliding keys. */
static void test_hmap_matches_reference(void **state)
{
	static int vals[N];
	static uint8_t present[N];
	struct sh_hmap m;
	uint64_t seed = 12345;

	(void)state;
	sh_hmap_init(&m);
	for (int round = 0; round < 200000; round++) {
		uint64_t k;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		k = (seed >> 33) % N;
		if ((seed >> 20) & 1) {
			assert_int_equal(sh_hmap_put(&m, k * 1024, &vals[k]), 0);	/* strided keys collide more */
			present[k] = 1;
		} else {
			void *v = sh_hmap_del(&m, k * 1024);

			assert_ptr_equal(v, present[k] ? &vals[k] : NULL);
			present[k] = 0;
		}
	}
	size_t count = 0;
	for (uint64_t k = 0; k < N; k++) {
		assert_ptr_equal(sh_hmap_get(&m, k * 1024), present[k] ? &vals[k] : NULL);
		count += present[k];
	}
	assert_int_equal(m.len, count);
	size_t seen = 0;
	void *v;
	for (size_t i = 0; sh_hmap_next(&m, &i, NULL, &v);)
		seen++;
	assert_int_equal(seen, count);
	sh_hmap_release(&m);
	assert_null(sh_hmap_get(&m, 0));
}

/* Percentiles are upper bounds within ~6% and never above the maximum. */
static void test_hist_percentiles(void **state)
{
	static struct sh_hist h;

	(void)state;
	memset(&h, 0, sizeof(h));
	assert_int_equal(sh_hist_percentile(&h, 99), 0);
	for (uint64_t v = 1; v <= 100000; v++)
		sh_hist_add(&h, v * 1000, v);
	assert_int_equal(h.count, 100000);
	assert_int_equal(h.max, 100000000);
	assert_int_equal(h.max_at, 100000);
	assert_int_equal(sh_hist_avg(&h), 50000500);
	uint64_t p99 = sh_hist_percentile(&h, 99), p50 = sh_hist_percentile(&h, 50);
	assert_true(p99 >= 99000000 && p99 <= 99000000 * 1.07);
	assert_true(p50 >= 50000000 && p50 <= 50000000 * 1.07);
	assert_true(sh_hist_percentile(&h, 100) <= h.max);
	sh_hist_add(&h, 0, 7);
	assert_int_equal(sh_hist_percentile(&h, 0.0001), 0);
}

static void test_buf_json_escapes(void **state)
{
	struct sh_buf b;

	(void)state;
	sh_buf_init(&b);
	sh_buf_json_str(&b, "a\"b\\c\n\x01\x7f\xc3\xa9");
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\u000a\\u0001\\u007f\xc3\xa9\"");
	sh_buf_reset(&b);
	sh_buf_printf(&b, "%d-%s", 42, "x");
	assert_string_equal(b.data, "42-x");
	assert_false(b.failed);
	sh_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmap_matches_reference),
		cmocka_unit_test(test_hist_percentiles),
		cmocka_unit_test(test_buf_json_escapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
