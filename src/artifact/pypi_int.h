/*
 * artifact/pypi_int.h — the state shared by the PyPI rule checks
 * (pypi_name.c, pypi_meta.c).
 */
#ifndef SW_ARTIFACT_PYPI_INT_H
#define SW_ARTIFACT_PYPI_INT_H

#include <stdint.h>

#include "artifact/art_int.h"
#include "slipway/pep440.h"

struct pypi {
	sw_findings *f;
	const sw_artifact *a;
	const sw_metadata *md;    /* NULL when missing or unparsable */
	sw_version *version;      /* metadata Version, when valid */
	sw_version *name_version; /* the file name's version, when valid */
	int64_t today;            /* days since 1970-01-01 */
	const struct sw_trove_list *trove_extra;
};

/* Appends the normalised name with '_' for '-'. */
int pypi_wheel_name(sw_buf *out, const char *name);

int pypi_check_name(struct pypi *c);
int pypi_check_metadata(struct pypi *c);

#endif
