/*
 * build/select_setuptools.h — what the two halves of setuptools' rules
 * share: select_setuptools.c reads the configuration, refuses what it does
 * not support, discovers packages and fills the wheel;
 * select_setuptools_sdist.c computes the sdist's file list (the manifest)
 * and writes the {name}.egg-info files.
 */
#ifndef SW_BUILD_SELECT_SETUPTOOLS_H
#define SW_BUILD_SELECT_SETUPTOOLS_H

#include "build/select_util.h"

/* The configuration as setuptools 78 resolves it. */
struct st {
	struct bp *bp;
	const sw_toml_node *tool;  /* [tool.setuptools] or NULL */
	sel_strs pd_keys, pd_vals; /* package-dir, in order */
	sel_strs packages;         /* dotted package names */
	sel_strs modules;          /* py-modules */
	int include_package_data;  /* default true */
	int zip_safe;              /* -1 unset, 0, 1 */
	sel_strs sources;          /* module files (relative to the root) */
	sel_strs data;             /* package data files found by the patterns */
	sel_strs licenses;         /* license files, in setuptools' order */
	sel_strs referenced;       /* files the configuration names (readme, ...) */
	char *egg_base;            /* package-dir[""] or "" */
	char *egg_info;            /* "{egg_base}/{name}.egg-info" */
};

/* The folder of a package (package-dir rules of distutils), a new string
 * relative to the root ("" for the root). */
char *st_package_dir(const struct st *st, const char *package);

/* Fills a list from a table of names, each also as "name.*" if `dotted`. */
int st_list(sel_strs *out, const char *const *names, size_t n, int dotted);

/* Reads package-dir, packages (a list or packages.find), py-modules,
 * include-package-data and zip-safe, and discovers the packages and
 * modules when neither is given; sets egg_base. */
int st_config(struct st *st);

/* The manifest (SOURCES.txt without the egg-info files): the first README
 * of README, README.rst, README.txt, README.md; tests/test*.py,
 * test/test*.py; pyproject.toml; the module sources; the package data
 * found by patterns; the license and referenced files; pruned of build/,
 * VCS folders and .tox/.nox/.venv. Sorted bytewise, each once. */
int st_manifest(struct st *st, sel_strs *out);

/* Adds the sdist members: the manifest, the generated setup.cfg and the
 * egg-info folder (PKG-INFO, SOURCES.txt, dependency_links.txt,
 * entry_points.txt, requires.txt, top_level.txt, zip-safe flag). */
int st_sdist(struct st *st, const sel_strs *manifest);

/* The top-level names of the packages and modules ("\n"-joined, sorted,
 * with a final newline), a new string. */
char *st_top_level(const struct st *st);

#endif
