/*
 * fuzz/fuzz_version_sites.c — the version-site readers on any bytes: the
 * strict Python scanner, hatchling's default pattern, and the Simple API
 * page reader. Every reported span must lie inside the input, sit between
 * two equal quotes on one line, name `__version__` or `VERSION` at a
 * line start, and have the line:col that counting the bytes gives; and
 * replacing a found literal with another version (what the writer does)
 * must leave a file where the scanner finds that version at the same
 * place and the same number of sites.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bump/bump_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_match(const char *s, size_t size, const struct sw_pyassign *a)
{
	unsigned line, col;
	char q;
	if (a->len == 0 || a->offset == 0 || a->offset + a->len >= size + 1)
		abort();
	q = s[a->offset - 1];
	if ((q != '"' && q != '\'') || a->offset + a->len >= size || s[a->offset + a->len] != q)
		abort();
	for (size_t i = a->offset; i < a->offset + a->len; i++)
		if (s[i] == q || s[i] == '\n' || s[i] == '\r' || s[i] == '\\')
			abort();
	if (!(a->name_len == 11 && memcmp(s + a->name_off, "__version__", 11) == 0) &&
	    !(a->name_len == 7 && memcmp(s + a->name_off, "VERSION", 7) == 0))
		abort();
	if (a->name_off != 0 && s[a->name_off - 1] != '\n' &&
	    !(a->name_off == 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0))
		abort();
	sw_text_line_col(s, a->offset, &line, &col);
	if (line != a->line || col != a->col)
		abort();
}

/* Writes "9.9" over the first literal and scans again. */
static void check_rewrite(const char *s, size_t size, const struct sw_pyassign *a, size_t n)
{
	struct sw_pyassign b[SW_PYSCAN_MAX];
	size_t m, len = size - a->len + 3;
	char *t = malloc(len + 1);
	if (!t)
		return;
	memcpy(t, s, a->offset);
	memcpy(t + a->offset, "9.9", 3);
	memcpy(t + a->offset + 3, s + a->offset + a->len, size - a->offset - a->len);
	m = sw_pyscan(b, SW_PYSCAN_MAX, NULL, t, len);
	if (m != n || b[0].offset != a->offset || b[0].len != 3 || b[0].line != a->line)
		abort();
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_pyassign a[SW_PYSCAN_MAX];
	const char *s = (const char *)data;
	size_t n = sw_pyscan(a, SW_PYSCAN_MAX, NULL, s, size), off = 0, len = 0;
	for (size_t i = 0; i < n && i < SW_PYSCAN_MAX; i++)
		check_match(s, size, &a[i]);
	if (n)
		check_rewrite(s, size, &a[0], n);
	if (sw_hatch_pattern_find(&off, &len, s, size)) {
		if (len == 0 || off + len >= size || memchr(s + off, '\n', len))
			abort();
	}
	(void)sw_index_page_has_version(s, size, "demo", "1.0");
	return 0;
}
