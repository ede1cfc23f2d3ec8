/*
 * fuzz/fuzz_marker.c — PEP 508 markers on their own: parse any bytes; when
 * valid, print, parse the printed form again (when no value holds a quote,
 * a backslash or a line break, which packaging prints unescaped) and print
 * the same (after at most one more pass, see fuzz_requirement.c), and
 * evaluate against a fixed environment.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marker_values.h"
#include "pep/marker_int.h"
#include "slipway/pep508.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses `text` and prints it into `out`. */
static int reformat(sw_buf *out, const char *text, size_t len)
{
	sw_marker *m = NULL;
	int err = sw_marker_parse(&m, text, len);
	sw_buf_clear(out);
	if (err == 0)
		err = sw_marker_format(out, m);
	sw_marker_free(m);
	return err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sw_marker *m = NULL;
	sw_marker_env env;
	sw_buf first, again, third;
	int holds;
	if (sw_marker_parse(&m, (const char *)data, size) != 0)
		return 0;
	sw_buf_init(&first, SW_BUF_MAX_DEFAULT);
	sw_buf_init(&again, SW_BUF_MAX_DEFAULT);
	sw_buf_init(&third, SW_BUF_MAX_DEFAULT);
	if (sw_marker_format(&first, m) != 0)
		abort();
	if (!has_unprintable_value(m->root)) {
		if (reformat(&again, first.ptr, first.len) != 0)
			abort();
		if ((again.len != first.len || memcmp(again.ptr, first.ptr, first.len) != 0) &&
		    (reformat(&third, again.ptr, again.len) != 0 || third.len != again.len ||
		     memcmp(third.ptr, again.ptr, again.len) != 0))
			abort();
	}
	sw_marker_env_default(&env);
	(void)sw_marker_evaluate(&holds, m, &env);
	sw_buf_free(&first);
	sw_buf_free(&again);
	sw_buf_free(&third);
	sw_marker_free(m);
	return 0;
}
