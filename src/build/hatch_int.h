/*
 * build/hatch_int.h — what hatchling's rules share between
 * select_hatchling.c (file selection) and hatch_checks.c (what the native
 * path refuses, the dynamic version, the wheel tag, license files).
 */
#ifndef SW_BUILD_HATCH_INT_H
#define SW_BUILD_HATCH_INT_H

#include "build/build_int.h"

/* hatchling's EXCLUDED_DIRECTORIES (builders/constants.py). */
int hatch_dir_excluded(const char *name);

/* The [tool.hatch.build] table, or NULL. */
const sw_toml_node *hatch_build_table(const struct bp *bp);

/* The [tool.hatch.build.targets.<name>] table, or NULL. */
const sw_toml_node *hatch_target_table(const struct bp *bp, const char *name);

/* Refuses, before anything is selected, what the native path does not do
 * the way hatchling would: build hooks, metadata hooks, hatch.toml,
 * options that change the artifacts beyond file selection, dynamic fields
 * other than the version. */
int hatch_check_supported(struct bp *bp);

/* Sets License-File to hatchling's list (project.license-files, else its
 * default globs at the root), Metadata-Version to 2.4, and the wheel tag
 * from requires-python. */
int hatch_adjust_metadata(struct bp *bp);

/* Rewrites Requires-Dist and Provides-Extra in hatchling's form and order
 * (hatch_meta.c). */
int hatch_requires_dist(struct bp *bp);

/* Sorts Classifier in trove order (refusing unknown ones, as hatchling
 * does) and Keywords, de-duplicated (hatch_meta.c). */
int hatch_sort_lists(struct bp *bp);

/* Reads a '/'-separated path list of a TOML array of non-empty strings;
 * SW_EINVAL naming `where` for another shape. */
int hatch_str_list(char ***out, size_t *count, const sw_toml_node *node, const char *where);
void hatch_str_list_free(char **list, size_t count);

/* normpath() of a relative path, stripped of '/' at both ends: a new
 * string ("" for "."), or SW_EINVAL for a path that leaves the root. */
int hatch_normpath(char **out, const char *path);

#endif
