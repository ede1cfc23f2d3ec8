/*
 * fuzz/fuzz_metadata.c — core metadata: parse any bytes; when they parse,
 * the record must emit, the emitted text must parse to an equal record, and
 * emitting that must give the same bytes again. The JSON view must be
 * written without error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slipway/metadata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sw_metadata *md = NULL, *back = NULL;
	sw_buf text, again, json;
	if (sw_metadata_parse(&md, (const char *)data, size, "fuzz") != 0)
		return 0;
	sw_buf_init(&text, SW_BUF_MAX_DEFAULT);
	sw_buf_init(&again, SW_BUF_MAX_DEFAULT);
	sw_buf_init(&json, SW_BUF_MAX_DEFAULT);
	if (sw_metadata_emit(&text, md) != 0)
		abort();
	if (sw_metadata_parse(&back, sw_buf_cstr(&text), text.len, "emitted") != 0)
		abort();
	if (!sw_metadata_equal(md, back))
		abort();
	if (sw_metadata_emit(&again, back) != 0 || again.len != text.len ||
	    memcmp(sw_buf_cstr(&again), sw_buf_cstr(&text), text.len) != 0)
		abort();
	if (sw_metadata_to_json(&json, md) != 0)
		abort();
	sw_buf_free(&text);
	sw_buf_free(&again);
	sw_buf_free(&json);
	sw_metadata_free(md);
	sw_metadata_free(back);
	return 0;
}
