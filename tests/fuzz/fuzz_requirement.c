/*
 * fuzz/fuzz_requirement.c — PEP 508 requirements: parse any bytes; when
 * valid, the canonical form must parse again and print the same (one extra
 * pass is allowed when a comparison with `extra` becomes the first item of
 * the marker, which packaging then normalises: str(Requirement(str(r))) can
 * differ from str(r) in packaging too). Marker values holding a quote, a
 * backslash or a line break are printed unescaped, as packaging does, and
 * need not re-parse. The marker is evaluated against a fixed environment.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marker_values.h"
#include "pep/marker_int.h"
#include "slipway/pep508.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses `text` and prints its canonical form into `out`. */
static int reformat(sw_buf *out, const char *text, size_t len)
{
	sw_requirement *req = NULL;
	int err = sw_requirement_parse(&req, text, len);
	sw_buf_clear(out);
	if (err == 0)
		err = sw_requirement_format(out, req);
	sw_requirement_free(req);
	return err;
}

static void check_round_trip(const char *canonical, size_t len)
{
	sw_buf again, third;
	sw_buf_init(&again, SW_BUF_MAX_DEFAULT);
	sw_buf_init(&third, SW_BUF_MAX_DEFAULT);
	if (reformat(&again, canonical, len) != 0)
		abort();
	if (again.len != len || memcmp(again.ptr, canonical, len) != 0) {
		if (!strstr(canonical, "extra") || reformat(&third, again.ptr, again.len) != 0 ||
		    third.len != again.len || memcmp(third.ptr, again.ptr, again.len) != 0)
			abort();
	}
	sw_buf_free(&again);
	sw_buf_free(&third);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sw_requirement *req = NULL;
	const sw_marker *marker;
	sw_marker_env env;
	sw_buf canonical;
	int holds;
	if (sw_requirement_parse(&req, (const char *)data, size) != 0)
		return 0;
	sw_buf_init(&canonical, SW_BUF_MAX_DEFAULT);
	if (sw_requirement_format(&canonical, req) != 0)
		abort();
	marker = sw_requirement_marker(req);
	if (!marker || !has_unprintable_value(marker->root))
		check_round_trip(canonical.ptr, canonical.len);
	if (marker) {
		sw_marker_env_clear(&env);
		for (int v = 0; v < SW_MV_EXTRAS; v++)
			env.value[v] = v == SW_MV_PLATFORM_RELEASE ? "6.1.0-21-amd64" : "3.11.2";
		env.value[SW_MV_EXTRA] = "Test_Extra";
		(void)sw_marker_evaluate(&holds, marker, &env);
	}
	sw_buf_free(&canonical);
	sw_requirement_free(req);
	return 0;
}
