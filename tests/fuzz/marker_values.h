/*
 * fuzz/marker_values.h — what the marker and requirement fuzz targets share:
 * packaging prints marker values unescaped, so a value holding a quote, a
 * backslash or a line break cannot be read back, and their round-trip
 * checks skip such markers.
 */
#ifndef SW_FUZZ_MARKER_VALUES_H
#define SW_FUZZ_MARKER_VALUES_H

#include <string.h>

#include "pep/marker_int.h"

/* Whether a marker value would not survive being printed unescaped. */
static inline int has_unprintable_value(const struct mk_node *node)
{
	static const char bad[] = "\"\\\n\r";
	if (node->kind == MK_CMP)
		return (node->lhs.value && strpbrk(node->lhs.value, bad)) ||
		       (node->rhs.value && strpbrk(node->rhs.value, bad));
	for (size_t i = 0; i < node->count; i++)
		if (has_unprintable_value(node->child[i]))
			return 1;
	return 0;
}

#endif
