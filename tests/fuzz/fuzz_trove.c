/*
 * fuzz/fuzz_trove.c — trove classifier lists: parse any bytes; when they
 * parse, the items must be sorted, unique and each found by lookup, and
 * the cache text written from them must parse back to the same items with
 * the header's date.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slipway/trove.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks the invariants of a parsed list. */
static void check_list(const sw_trove_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		if (i && strcmp(l->items[i - 1], l->items[i]) >= 0)
			abort();
		if (!sw_trove_list_contains(l, l->items[i], strlen(l->items[i])))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sw_trove_list l, back;
	sw_buf out;
	if (sw_trove_list_parse(&l, (const char *)data, size, 0) != 0)
		return 0;
	check_list(&l);
	sw_buf_init(&out, SW_TROVE_FILE_MAX * 2);
	if (sw_trove_list_format(&out, &l, "2026-01-02", "https://u:p@h/x") != 0 ||
	    sw_trove_list_parse(&back, out.ptr, out.len, 0) != 0)
		abort();
	if (back.count != l.count || strcmp(back.date, "2026-01-02") != 0)
		abort();
	for (size_t i = 0; i < l.count; i++)
		if (strcmp(back.items[i], l.items[i]) != 0)
			abort();
	sw_trove_list_free(&back);
	sw_trove_list_free(&l);
	sw_buf_free(&out);
	return 0;
}
