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

/* ---- one target's selection configuration (hatch_conf.c) ------------- */

/* A source → target mapping (only-include, force-include, sources). */
struct hmap {
	char **src, **dst;
	size_t count;
};

/* One target's resolved configuration. */
struct hconf {
	struct bp *bp;
	enum bp_target target;
	const char *name; /* "sdist" or "wheel" */
	const sw_toml_node *build, *tcfg;
	bp_ignore *include; /* NULL: everything is included */
	bp_ignore *exclude;
	char **packages;
	size_t npackages;
	struct hmap sources, only, force;
	char **reserved;
	size_t nreserved;
	int skip_excluded_dirs, only_packages, exclude_all;
	const char *vcs_text; /* the .gitignore's text, or NULL */
	int vcs_off;          /* its patterns match the root itself: unused */
	size_t vcs_len;
};

void hatch_hmap_free(struct hmap *m);
/* Appends a pair (copied). */
int hatch_hmap_add(struct hmap *m, const char *src, const char *dst);
/* Sorts by target depth, target, source (normalize_inclusion_map()), or by
 * source when `by_source`. */
void hatch_map_sort(struct hmap *m, int by_source);
/* A boolean selection key (default 0). */
int hatch_hbool(const struct hconf *c, const char *k);
/* A string list of a selection key (normalised paths when `paths`). */
int hatch_hlist(const struct hconf *c, const char *k, int paths, char ***out, size_t *n);
/* Reads `sources` and adds the parents of `packages`. */
int hatch_load_sources(struct hconf *c);
/* Reads `force-include`. */
int hatch_load_force(struct hconf *c);
/* Builds the exclude and include pattern sets. */
int hatch_load_specs(struct hconf *c, char **include, size_t ninclude);

#endif
