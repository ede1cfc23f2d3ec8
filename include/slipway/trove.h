/*
 * slipway/trove.h — a list of trove classifiers as text: one classifier a
 * line, as PyPI serves it (https://pypi.org/pypi?%3Aaction=list_classifiers)
 * and as slipway caches it. The cache adds one first line
 * "# slipway trove classifiers fetched YYYY-MM-DD from URL".
 *
 * A list is checked line by line before it is used or cached: every line
 * must look like a classifier ("Topic :: Sub", segments separated by
 * " :: ", no empty segment, no leading or trailing space, printable
 * UTF-8, at most SW_TROVE_MAX_LEN bytes). Empty lines are skipped, as are
 * lines starting with '#'. The items are kept sorted bytewise and unique.
 *
 * Ownership: a list filled by a function here is the caller's, freed with
 * sw_trove_list_free(). Errors: SW_EPARSE (the message has the line
 * number) for a line that is not a classifier or too few lines; SW_ENOMEM;
 * SW_EIO / SW_ENOTFOUND / SW_ETOOBIG for the file of sw_trove_list_load().
 */
#ifndef SLIPWAY_TROVE_H
#define SLIPWAY_TROVE_H

#include <stddef.h>

#include "slipway/buf.h"
#include "slipway/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SW_TROVE_MAX_LEN      200
#define SW_TROVE_MAX_COUNT    100000
#define SW_TROVE_MIN_DOWNLOAD 300 /* fewest classifiers a download may have */
#define SW_TROVE_FILE_MAX     ((size_t)8 * 1024 * 1024)

typedef struct sw_trove_list {
	char **items; /* sorted bytewise, unique */
	size_t count;
	char date[11]; /* "YYYY-MM-DD" of the cache header, or "" */
} sw_trove_list;

/* Parses list text. Fewer than `min_count` classifiers is SW_EPARSE. The
 * date is taken from a cache header line if there is one. */
int sw_trove_list_parse(sw_trove_list *out, const char *text, size_t len, size_t min_count);

/* Reads and parses a cache file (min_count 1). */
int sw_trove_list_load(sw_trove_list *out, const char *path);

/* Writes the cache text: the header (date "YYYY-MM-DD", the URL shown
 * without userinfo) then the items, one a line. */
int sw_trove_list_format(sw_buf *out, const sw_trove_list *list, const char *date, const char *url);

/* 1 if the list holds the classifier (exact bytes), else 0. NULL list: 0. */
int sw_trove_list_contains(const sw_trove_list *list, const char *s, size_t len);

void sw_trove_list_free(sw_trove_list *list);

#ifdef __cplusplus
}
#endif
#endif
