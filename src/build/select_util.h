/*
 * build/select_util.h — helpers shared by the flit_core, setuptools and
 * uv_build rules (select_*.c): a growable list of strings, the [tool.*]
 * value readers, Python's glob.glob(recursive=True) over the project tree,
 * a full-tree file collector, and the module docstring scan.
 */
#ifndef SW_BUILD_SELECT_UTIL_H
#define SW_BUILD_SELECT_UTIL_H

#include <stddef.h>

#include "build/build_int.h"

/* A list of new strings (each sw_free'd by sel_strs_free). */
typedef struct sel_strs {
	char **items;
	size_t count;
	size_t cap;
} sel_strs;

/* Appends a copy of `len` bytes of `str`. Errors: SW_ENOMEM. */
int sel_strs_addn(sel_strs *list, const char *str, size_t len);
int sel_strs_add(sel_strs *list, const char *str);
/* Appends a printf-formatted string. Errors: SW_ENOMEM. */
int sel_strs_addf(sel_strs *list, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns 1 if the list holds `str`. */
int sel_strs_has(const sel_strs *list, const char *str);
/* Sorts bytewise and drops duplicates. */
void sel_strs_sort_unique(sel_strs *list);
void sel_strs_free(sel_strs *list);

/* Reads `key` of a TOML table as a new string (sw_free): *out NULL when
 * the table or the key is absent. SW_EINVAL (naming `what`) when it is not
 * a string (or holds a NUL). */
int sel_toml_str(const sw_toml_node *table, const char *key, const char *what, char **out);
/* Appends the strings of an array `key` of a table to `out` (absent: none).
 * SW_EINVAL (naming `what`) when it is not an array of strings. */
int sel_toml_strs(const sw_toml_node *table, const char *key, const char *what, sel_strs *out);
/* Reads `key` as a boolean: *out keeps its value when absent. */
int sel_toml_bool(const sw_toml_node *table, const char *key, const char *what, int *out);

/* "a/b" from "a" and "b" ("b" alone when a is ""), a new string or NULL. */
char *sel_join(const char *a, const char *b);

/* Python's os.path.normpath() of a relative '/'-separated path: no "."
 * segments, no empty ones, ".." resolved where it can be ("." for an
 * empty result). A new string, or NULL when out of memory. */
char *sel_normpath(const char *path);

/* Expands Python's glob.glob(os.path.join(base, pattern), recursive=True)
 * below the project root: `*`, `?`, `[...]` within one segment, `**` as a
 * whole segment for any number of directories, wildcards skipping names
 * that start with '.' unless the pattern segment does; the results
 * relative to the root, files into `files` and directories into `dirs`
 * (either may be NULL). `base` "" is the root. */
int sel_pyglob(struct bp *bp, const char *base, const char *pattern, sel_strs *files,
               sel_strs *dirs);

/* pathlib.Path(root).glob(pattern) for a pattern without "**": like
 * sel_pyglob but wildcards also match names starting with '.'; only
 * regular files are kept. */
int sel_pathglob_files(struct bp *bp, const char *pattern, sel_strs *files);

/* Matches a whole relative path against a glob anchored at the root
 * (`*`, `?`, `[...]` within a segment, `**` for any number of segments,
 * names starting with '.' matched like any other). With `prefix`, returns
 * 1 when the path is a folder below which the pattern could match. */
int sel_glob_path(const char *pattern, const char *path, int prefix);

/* Like bp_is_dir() / bp_is_file(), without allocating: 1 if `rel` (below
 * the root, symlinks followed) is a folder / a regular file. */
int sel_is_dir(const struct bp *bp, const char *rel);
int sel_is_file(const struct bp *bp, const char *rel);

/* Decides whether a walk descends into a directory / keeps a file: `name`
 * is the last segment of `rel`. NULL means "all". */
typedef int (*sel_keep_fn)(const char *rel, const char *name, int is_dir);

/* Collects every file below `rel_dir` (relative to the root) that `keep`
 * accepts, descending only into directories it accepts. */
int sel_collect_files(struct bp *bp, const char *rel_dir, sel_keep_fn keep, sel_strs *out);

/* Reads the docstring of a Python module (the file `rel` below the root)
 * and returns its summary as flit computes it: the first non-blank line
 * of inspect.cleandoc(docstring), its leading blanks dropped. *out NULL
 * when the module has no docstring. A docstring the strict scan cannot
 * read (escapes other than \\ \' \" \n \t, a prefixed or concatenated
 * literal) is SW_EUNSUPPORTED with bp_unsupported(). */
int sel_py_docstring_summary(struct bp *bp, const char *rel, char **out);

/* Python's fnmatch.fnmatchcase(): `*` and `?` match any character ('/'
 * and '.' included), `[...]` and `[!...]` classes. Returns 1 on a match. */
int sel_fnmatch(const char *pattern, const char *str);

/* Returns 1 if `len` bytes are a Python identifier (ASCII letters, digits
 * and '_', not starting with a digit; non-ASCII bytes are accepted). */
int sel_is_identifier(const char *str, size_t len);

#endif
