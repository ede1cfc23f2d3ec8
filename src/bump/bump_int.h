/*
 * bump/bump_int.h — internals of the bump module shared by its files and
 * its tests: the strict Python assignment scanner, hatchling's default
 * version pattern, and the index page reader. Not a public header.
 */
#ifndef SW_BUMP_BUMP_INT_H
#define SW_BUMP_BUMP_INT_H

#include <stddef.h>

#include "slipway/bump.h"

/* One `NAME = "literal"` found in Python source: the name and the
 * literal's characters (without quotes) as byte ranges of the text, and
 * where the characters start (1-based line, col in code points). */
struct sw_pyassign {
	size_t name_off, name_len;
	size_t offset, len;
	unsigned line, col;
};

/* Most assignments one scan reports (the others are counted only). */
#define SW_PYSCAN_MAX 32

/* Scans Python source for module-level (column 1) assignments of one of
 * `names` (a NULL-terminated list; NULL: `__version__` and `VERSION`, the
 * first listed winning at a line) to one plain string literal: 'x' or "x"
 * without prefix, escapes or line break, optionally annotated
 * (`__version__: str = "1.0"`, `VERSION: Final[str] = '1'`), followed only
 * by spaces and an optional comment. Lines inside brackets, after a
 * backslash continuation or inside a (triple-quoted) string are not
 * looked at. Fills at most `max` entries of `out` in file order and
 * returns how many were found in all. Never allocates; any bytes. */
size_t sw_pyscan(struct sw_pyassign *out, size_t max, const char *const *names, const char *text,
                 size_t len);

/* hatchling's default pattern, re.search(r'(?i)^(__version__|VERSION) *=
 * *([\'"])v?(?P<version>.+?)\2', text, re.MULTILINE): on a match returns 1
 * and the version group's byte range; 0 when nothing matches. */
int sw_hatch_pattern_find(size_t *offset, size_t *len, const char *text, size_t len_text);

/* 1-based line and code-point column of byte `offset` of `text`. */
void sw_text_line_col(const char *text, size_t offset, unsigned *line, unsigned *col);

/* Whether a Simple API project page (`body`, PEP 691 JSON when it starts
 * with '{', else PEP 503 HTML) lists a file of `version` (PEP 440
 * equality) for the project `name`. Returns 1 or 0, SW_EPARSE for JSON
 * that is not an object, SW_ENOMEM. */
int sw_index_page_has_version(const char *body, size_t len, const char *name, const char *version);

#endif
