/*
 * project/data/lists.h — the generated lists of the project module: SPDX
 * license and exception ids, trove classifiers. The .c files next to this
 * header are written by scripts/gen-project-data; do not edit them.
 */
#ifndef SW_PROJECT_DATA_LISTS_H
#define SW_PROJECT_DATA_LISTS_H

#include <stddef.h>

/* An SPDX id as the list spells it. Tables are sorted by the lower-case id
 * (bytewise). */
struct pj_spdx_entry {
	const char *id;
	unsigned char deprecated;
};

extern const char pj_spdx_version[];
extern const char pj_spdx_date[];
extern const struct pj_spdx_entry pj_spdx_licenses[];
extern const size_t pj_spdx_licenses_count;
extern const struct pj_spdx_entry pj_spdx_exceptions[];
extern const size_t pj_spdx_exceptions_count;

/* A deprecated classifier and what replaces it ("A, B"; NULL if nothing). */
struct pj_trove_deprecated {
	const char *name;
	const char *replacement;
};

extern const char pj_trove_version[];
extern const char pj_trove_date[];
/* Sorted bytewise. */
extern const char *const pj_trove_classifiers[];
extern const size_t pj_trove_classifiers_count;
extern const struct pj_trove_deprecated pj_trove_deprecated[];
extern const size_t pj_trove_deprecated_count;

#endif
