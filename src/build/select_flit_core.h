/*
 * build/select_flit_core.h — what the two files of flit_core's rules share:
 * the module as flit finds it (select_flit_core.c) and the core metadata
 * as flit writes it (select_flit_core_meta.c).
 */
#ifndef SW_BUILD_SELECT_FLIT_CORE_H
#define SW_BUILD_SELECT_FLIT_CORE_H

#include "build/select_util.h"

/* The module as flit finds it. */
struct flit_module {
	char *name;   /* import name, e.g. "pkg" or "ns.pkg" */
	char *path;   /* package folder or .py file, relative to the root */
	char *prefix; /* "" or "src" */
	int is_package;
};

/* The file whose docstring flit reads (__init__.py or the module file),
 * a new string. */
char *flit_module_file(const struct flit_module *m);

/* Makes the core metadata what flit writes: the docstring's summary for a
 * dynamic description, its license files (returned in `licenses`, sorted),
 * no License for a license table, Project-URL sorted by label,
 * Provides-Extra sorted, Requires-Dist in flit's spelling, no Dynamic. */
int flit_metadata(struct bp *bp, const struct flit_module *m, sel_strs *licenses);

#endif
