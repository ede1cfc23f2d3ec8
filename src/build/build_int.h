/*
 * build/build_int.h — the native builder's internals: the plan under
 * construction, and the interface every backend's rules implement.
 *
 * plan.c owns the common steps: it checks the project, computes the names,
 * version and core metadata, calls the declared backend's rules, then adds
 * what every backend adds the same way (PKG-INFO, the .dist-info files but
 * RECORD) and sorts and de-duplicates both member lists.
 *
 * A backend's rules (select_<backend>.c) read their [tool.*] table through
 * the TOML API, walk the tree with bp_walk(), and add members with
 * bp_add_file() / bp_add_data(). They may adjust bp->plan->metadata (e.g.
 * License-File from the backend's default license globs) and add notes. A
 * project outside what the rules support is refused with bp_unsupported(),
 * naming the reason, before anything is written.
 */
#ifndef SW_BUILD_INT_H
#define SW_BUILD_INT_H

#include "slipway/build.h"
#include "slipway/toml.h"

enum bp_target { BP_SDIST = 1, BP_WHEEL = 2 };

/* The plan under construction. */
struct bp {
	sw_build_plan *plan;
	const sw_project *project;
	const sw_project_meta *meta;
	const sw_build_plan_opts *opts;
	/* The import name of the main package/module as the backend finds it
	 * (set by the backend's rules; used for notes and top_level.txt). */
	char *import_name;
};

/* Adds a file of the tree to a target. `archive_path` is the name inside
 * the archive (sdist: without the "{name}-{version}/" prefix); `source` is
 * relative to the project root. Checks that the source is a regular file
 * (or a symlink resolving inside the root) and readable; the executable
 * bit is taken from the file. Adding the same archive path twice with the
 * same source is a no-op; with a different source it is an error.
 * Errors: SW_EIO (with the path and reason), SW_EINVAL, SW_ENOMEM. */
int bp_add_file(struct bp *bp, unsigned targets, const char *archive_path, const char *source);

/* Adds generated content (copied) to a target. */
int bp_add_data(struct bp *bp, unsigned targets, const char *archive_path, const char *data,
                size_t len);

/* Returns 1 if a target already has a member at `archive_path`. */
int bp_has(const struct bp *bp, enum bp_target target, const char *archive_path);

/* Records a note for `build --list` and the UI. Errors: SW_ENOMEM. */
int bp_note(struct bp *bp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Refuses the native build: sets "<backend>: <reason>; build it with
 * `slipway build --pep517`" and returns SW_EUNSUPPORTED. */
int bp_unsupported(struct bp *bp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Visits a tree below the root, sorted bytewise at each level. `rel` is
 * relative to the project root ("" for the root itself is never passed).
 * For a directory, the callback returns 1 to descend, 0 to skip it; for a
 * file, its return is ignored unless negative (an error, which stops the
 * walk and is returned). Symlinks are followed only when they resolve
 * inside the root; a symlink that points outside is an SW_EIO error naming
 * it. `rel_dir` "" walks the whole project. */
typedef int (*bp_visit_fn)(void *ctx, const char *rel, int is_dir);
int bp_walk(struct bp *bp, const char *rel_dir, bp_visit_fn visit, void *ctx);

/* Returns 1 if `rel` (relative to the root) exists as a directory / as a
 * regular file. */
int bp_is_dir(const struct bp *bp, const char *rel);
int bp_is_file(const struct bp *bp, const char *rel);

/* The [tool.<name>] table (e.g. "hatch", "flit", "setuptools", "uv"), or
 * NULL when the project has none. */
const sw_toml_node *bp_tool(const struct bp *bp, const char *name);

/* fnmatch-style matching of a whole path: `*` and `?` do not cross '/',
 * `**` as a whole segment matches any number of segments, `[...]` classes.
 * Returns 1 on a match. */
int bp_glob_match(const char *pattern, const char *path);

/* A set of .gitignore-style patterns (git's rules: negation with '!', a
 * trailing '/' for directories only, a leading or inner '/' anchors to the
 * base directory, `**`). */
typedef struct bp_ignore bp_ignore;
int bp_ignore_new(bp_ignore **out);
/* Adds the patterns of a file's text, anchored at `base` ("" = the root). */
int bp_ignore_add_text(bp_ignore *ig, const char *base, const char *text, size_t len);
/* Adds one pattern anchored at the root. */
int bp_ignore_add(bp_ignore *ig, const char *pattern);
/* Returns 1 if `rel` (a file, or a directory when is_dir) is ignored. */
int bp_ignore_match(const bp_ignore *ig, const char *rel, int is_dir);
void bp_ignore_free(bp_ignore *ig);

/* Each backend's rules. Called by plan.c after the common checks. */
int bp_rules_hatchling(struct bp *bp);
int bp_rules_flit_core(struct bp *bp);
int bp_rules_setuptools(struct bp *bp);
int bp_rules_uv_build(struct bp *bp);

#endif
