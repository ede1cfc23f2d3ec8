/*
 * build/select_flit_core.c — flit_core 3.12's rules (flit_core/common.py,
 * config.py, sdist.py, wheel.py). The module is the import name of
 * [tool.flit.module] name, or the project name with '-' as '_' (dots make
 * a module inside a namespace package), found as a package folder or a
 * single .py file in the root or in src/: exactly one of the four must
 * exist. The wheel holds the module's files (no __pycache__, no *.pyc)
 * relative to its source folder, and [tool.flit.external-data] under
 * {name}-{version}.data/data/. The sdist holds the module, the data folder,
 * pyproject.toml, the readme and license files, then [tool.flit.sdist]
 * include/exclude globs (Python glob semantics) applied as flit does;
 * flit_core alone never asks a VCS. A dynamic version comes from the first
 * plain `__version__ = "..."` of __init__.py, version.py, _version.py or
 * __version__.py (in that order of precedence); a dynamic description
 * from the module docstring's first line. The core metadata is adjusted to
 * what flit writes: default license globs (COPYING*, LICEN[CS]E*) when
 * license-files is absent, no License for a license table, Project-URL
 * sorted by label, Provides-Extra sorted, no Dynamic; the wheel is tagged
 * py2.py3 when requires-python does not exclude Python 2.
 */
#include <stdlib.h>
#include <string.h>

#include "build/select_flit_core.h"
#include "util/util.h"

static void flit_module_clear(struct flit_module *m)
{
	sw_free(m->name);
	sw_free(m->path);
	sw_free(m->prefix);
	memset(m, 0, sizeof(*m));
}

/* The [tool.flit] table, or NULL. */
static const sw_toml_node *flit_tool(const struct bp *bp)
{
	return bp_tool(bp, "flit");
}

/* The import name flit looks for, as a new string. */
static int flit_import_name(struct bp *bp, char **out)
{
	const sw_toml_node *mod = sw_toml_find(flit_tool(bp), "module", 6);
	int err = sel_toml_str(mod, "name", "[tool.flit.module] name", out);
	if (err < 0 || *out != NULL)
		return err;
	if (bp->meta->name.str == NULL)
		return sw_error_set(SW_EINVAL, "flit_core: the project has no name");
	if ((*out = sw_strdup(bp->meta->name.str)) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (char *p = *out; *p; p++)
		if (*p == '-')
			*p = '_';
	return 0;
}

/* One of flit's four candidate places for the module. */
struct flit_candidate {
	const char *prefix;
	const char *suffix;
	int is_package;
};

static const struct flit_candidate flit_candidates[] = {
        {"", "", 1},
        {"", ".py", 0},
        {"src", "", 1},
        {"src", ".py", 0},
};

/* Finds the module as common.Module does (exactly one place). */
static int flit_find_module(struct bp *bp, struct flit_module *m)
{
	char *as_path = NULL;
	sw_buf seen;
	int err = 0, found = 0;
	memset(m, 0, sizeof(*m));
	sw_buf_init(&seen, 64 * 1024);
	if ((err = flit_import_name(bp, &m->name)) < 0)
		goto done;
	if ((as_path = sw_strdup(m->name)) == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	for (char *p = as_path; *p; p++)
		if (*p == '.')
			*p = '/';
	for (size_t i = 0; i < SW_ARRAY_LEN(flit_candidates); i++) {
		const struct flit_candidate *c = &flit_candidates[i];
		sw_buf rel;
		sw_buf_init(&rel, 64 * 1024);
		sw_buf_printf(&rel, "%s%s%s%s", c->prefix, c->prefix[0] ? "/" : "", as_path,
		              c->suffix);
		if (sw_buf_error(&rel) < 0) {
			sw_buf_free(&rel);
			err = sw_error_set(SW_ENOMEM, "out of memory");
			goto done;
		}
		int hit = c->is_package ? sel_is_dir(bp, rel.ptr) : sel_is_file(bp, rel.ptr);
		if (hit) {
			sw_buf_printf(&seen, "%s%s", found ? ", " : "", rel.ptr);
			sw_free(m->path);
			sw_free(m->prefix);
			m->path = sw_buf_detach(&rel, NULL);
			m->prefix = sw_strdup(c->prefix);
			m->is_package = c->is_package;
			found++;
			if (m->path == NULL || m->prefix == NULL) {
				sw_buf_free(&rel);
				err = sw_error_set(SW_ENOMEM, "out of memory");
				goto done;
			}
		}
		sw_buf_free(&rel);
	}
	if (sw_buf_error(&seen) < 0)
		err = sw_error_set(SW_ENOMEM, "out of memory");
	else if (found > 1)
		err = sw_error_set(SW_EINVAL,
		                   "flit_core: multiple files or folders could be module %s: %s",
		                   m->name, sw_buf_cstr(&seen));
	else if (found == 0)
		err = sw_error_set(SW_ENOTFOUND,
		                   "flit_core: no file/folder found for module %s (looked for %s/, "
		                   "%s.py, src/%s/ and src/%s.py)",
		                   m->name, as_path, as_path, as_path, as_path);
done:
	sw_free(as_path);
	sw_buf_free(&seen);
	if (err < 0)
		flit_module_clear(m);
	return err;
}

/* Files of a package that flit ships: no __pycache__, no *.pyc. */
static int flit_keep(const char *rel, const char *name, int is_dir)
{
	size_t n = strlen(name);
	(void)rel;
	(void)is_dir;
	if (strcmp(name, "__pycache__") == 0)
		return 0;
	return !(n >= 4 && strcmp(name + n - 4, ".pyc") == 0);
}

/* Data folder files: every file, no __pycache__ folder. */
static int flit_keep_data(const char *rel, const char *name, int is_dir)
{
	(void)rel;
	return !(is_dir && strcmp(name, "__pycache__") == 0);
}

/* The version files in flit's order of precedence (highest first). */
static const char *const flit_version_files[] = {"__init__.py", "version.py", "_version.py",
                                                 "__version__.py"};

int bp_version_flit_core(struct bp *bp, char **out)
{
	struct flit_module m;
	int err = flit_find_module(bp, &m);
	*out = NULL;
	if (err < 0)
		return err;
	size_t n = m.is_package ? SW_ARRAY_LEN(flit_version_files) : 1;
	for (size_t i = 0; i < n && *out == NULL; i++) {
		char *rel =
		        m.is_package ? sel_join(m.path, flit_version_files[i]) : sw_strdup(m.path);
		if (rel == NULL) {
			err = sw_error_set(SW_ENOMEM, "out of memory");
			break;
		}
		if (sel_is_file(bp, rel)) {
			err = bp_scan_assignment(bp, rel, "__version__", out);
			if (err == SW_ENOTFOUND)
				err = 0;
		}
		sw_free(rel);
		if (err < 0)
			break;
	}
	if (err == 0 && *out == NULL)
		err = bp_unsupported(bp,
		                     "no plain `__version__ = \"...\"` in module %s (flit would "
		                     "import it to find its version)",
		                     m.name);
	flit_module_clear(&m);
	return err;
}

/* Refuses [tool.flit] tables that flit_core reads but these rules do not. */
static int flit_check_tool(struct bp *bp)
{
	static const char *const known[] = {"module", "sdist", "external-data"};
	const sw_toml_node *tool = flit_tool(bp);
	for (const sw_toml_node *e = tool ? sw_toml_first(tool) : NULL; e; e = sw_toml_next(e)) {
		size_t len;
		const char *key = sw_toml_key(e, &len);
		int ok = len >= 2 && (key[0] == 'x' || key[0] == 'X') && key[1] == '-';
		for (size_t i = 0; i < SW_ARRAY_LEN(known); i++)
			ok |= strlen(known[i]) == len && memcmp(known[i], key, len) == 0;
		if (!ok)
			return bp_unsupported(bp, "[tool.flit.%.*s] is not supported natively",
			                      (int)len, key);
	}
	for (size_t i = 0; i < bp->meta->dynamic.count; i++) {
		const char *d = bp->meta->dynamic.items[i].str;
		if (strcmp(d, "version") != 0 && strcmp(d, "description") != 0)
			return sw_error_set(SW_EINVAL,
			                    "flit_core: only 'version' and 'description' may be "
			                    "dynamic, not '%s'",
			                    d);
	}
	return 0;
}

/* Returns 1 if requires-python leaves Python 2 possible: no comma-separated
 * part matches flit's `^\s*(>=?|~=|===?)?\s*[3-9]`. */
static int flit_supports_py2(const char *rp)
{
	static const char *const ops[] = {"===", "==", ">=", "~=", ">"};
	for (const char *p = rp; p != NULL;) {
		const char *q = p;
		while (*q == ' ' || *q == '\t')
			q++;
		for (size_t i = 0; i < SW_ARRAY_LEN(ops); i++)
			if (strncmp(q, ops[i], strlen(ops[i])) == 0) {
				q += strlen(ops[i]);
				break;
			}
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q >= '3' && *q <= '9')
			return 0;
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return 1;
}

/* flit's FilePatterns: the files and folders its globs match. */
struct flit_patterns {
	sel_strs files, dirs;
};

static void flit_patterns_free(struct flit_patterns *p)
{
	sel_strs_free(&p->files);
	sel_strs_free(&p->dirs);
}

/* Checks and expands the patterns of [tool.flit.sdist] `key`. */
static int flit_patterns_load(struct bp *bp, const sw_toml_node *sdist, const char *key,
                              struct flit_patterns *out)
{
	sel_strs pats = {0};
	int err = 0;
	if (sdist != NULL && strcmp(key, "exclude") == 0)
		if ((err = sel_strs_add(&pats, "**/__pycache__")) < 0 ||
		    (err = sel_strs_add(&pats, "**.pyc")) < 0)
			goto done;
	if ((err = sel_toml_strs(sdist, key, "[tool.flit.sdist] patterns", &pats)) < 0)
		goto done;
	for (size_t i = 0; i < pats.count && err == 0; i++) {
		const char *p = pats.items[i];
		char *norm = NULL;
		for (const char *c = p; *c && err == 0; c++)
			if ((unsigned char)*c < 0x20 || strchr("<>:\"\\", *c) != NULL)
				err = sw_error_set(
				        SW_EINVAL,
				        "flit_core: %s pattern '%s' contains bad characters", key,
				        p);
		if (err == 0 && (norm = sel_normpath(p)) == NULL)
			err = SW_ENOMEM;
		if (err == 0 && (norm[0] == '/' || strncmp(norm, "../", 3) == 0))
			err = sw_error_set(SW_EINVAL,
			                   "flit_core: %s pattern '%s' points outside the project",
			                   key, p);
		if (err == 0)
			err = sel_pyglob(bp, "", norm, &out->files, &out->dirs);
		sw_free(norm);
	}
done:
	sel_strs_free(&pats);
	return err;
}

/* FilePatterns.match_file / match_dir: listed, or below a listed folder. */
static int flit_patterns_match(const struct flit_patterns *p, const char *rel, int is_dir)
{
	if (is_dir ? sel_strs_has(&p->dirs, rel) : sel_strs_has(&p->files, rel))
		return 1;
	for (size_t i = 0; i < p->dirs.count; i++) {
		size_t n = strlen(p->dirs.items[i]);
		if (strncmp(rel, p->dirs.items[i], n) == 0 && rel[n] == '/')
			return 1;
	}
	return 0;
}

/* State of the walk of an included folder. */
struct flit_incl {
	const struct flit_patterns *ex;
	sel_strs *files;
};

/* bp_walk() visitor adding the files of an included folder. */
static int flit_incl_visit(void *ctx, const char *rel, int is_dir)
{
	struct flit_incl *c = ctx;
	if (is_dir)
		return !flit_patterns_match(c->ex, rel, 1);
	return flit_patterns_match(c->ex, rel, 0) ? 0 : sel_strs_add(c->files, rel);
}

/* SdistBuilder.apply_includes_excludes(): the sdist's file list. */
static int flit_apply_patterns(struct bp *bp, const sel_strs *selected, const sel_strs *crucial,
                               sel_strs *out)
{
	const sw_toml_node *sdist = sw_toml_find(flit_tool(bp), "sdist", 5);
	struct flit_patterns in = {0}, ex = {0};
	struct flit_incl c = {&ex, out};
	int err = 0;
	if ((err = flit_patterns_load(bp, sdist, "include", &in)) < 0 ||
	    (err = flit_patterns_load(bp, sdist, "exclude", &ex)) < 0)
		goto done;
	for (size_t i = 0; i < selected->count && err == 0; i++)
		if (!flit_patterns_match(&ex, selected->items[i], 0))
			err = sel_strs_add(out, selected->items[i]);
	for (size_t i = 0; i < in.files.count && err == 0; i++)
		if (!flit_patterns_match(&ex, in.files.items[i], 0))
			err = sel_strs_add(out, in.files.items[i]);
	for (size_t i = 0; i < in.dirs.count && err == 0; i++)
		if (strcmp(in.dirs.items[i], ".") != 0)
			err = bp_walk(bp, in.dirs.items[i], flit_incl_visit, &c);
	if (err < 0)
		goto done;
	sel_strs_sort_unique(out);
	for (size_t i = 0; i < crucial->count; i++)
		if (!sel_strs_has(out, crucial->items[i])) {
			err = sw_error_set(
			        SW_EINVAL,
			        "flit_core: crucial files were excluded from the sdist: %s",
			        crucial->items[i]);
			goto done;
		}
done:
	flit_patterns_free(&in);
	flit_patterns_free(&ex);
	return err;
}

/* The external data folder ([tool.flit.external-data] directory), a new
 * normalised path in *out, or NULL when there is none. */
static int flit_data_dir(struct bp *bp, char **out)
{
	const char *key = "[tool.flit.external-data] directory";
	const sw_toml_node *t = sw_toml_find(flit_tool(bp), "external-data", 13);
	char *dir = NULL;
	int err = sel_toml_str(t, "directory", key, &dir);
	*out = NULL;
	if (err < 0 || dir == NULL)
		return err;
	if ((*out = sel_normpath(dir)) == NULL) {
		sw_free(dir);
		return SW_ENOMEM;
	}
	if ((*out)[0] == '/' || strncmp(*out, "../", 3) == 0 || strcmp(*out, "..") == 0)
		err = sw_error_set(SW_EINVAL, "flit_core: %s cannot point outside the project",
		                   key);
	else if (strcmp(*out, ".") == 0)
		err = sw_error_set(SW_EINVAL, "flit_core: %s cannot be the project folder", key);
	else if (!sel_is_dir(bp, *out))
		err = sw_error_set(SW_EINVAL, "flit_core: %s must refer to a directory ('%s')", key,
		                   dir);
	sw_free(dir);
	if (err < 0) {
		sw_free(*out);
		*out = NULL;
	}
	return err;
}

/* Adds the module's files to the wheel and lists them for the sdist. */
static int flit_add_module(struct bp *bp, const struct flit_module *m, sel_strs *sdist)
{
	sel_strs files = {0};
	size_t strip = m->prefix[0] ? strlen(m->prefix) + 1 : 0;
	int err = m->is_package ? sel_collect_files(bp, m->path, flit_keep, &files)
	                        : sel_strs_add(&files, m->path);
	for (size_t i = 0; i < files.count && err == 0; i++) {
		if ((err = bp_add_file(bp, BP_WHEEL, files.items[i] + strip, files.items[i])) == 0)
			err = sel_strs_add(sdist, files.items[i]);
	}
	sel_strs_free(&files);
	return err;
}

/* Adds the external data folder to the wheel and lists it for the sdist. */
static int flit_add_data(struct bp *bp, const char *dir, sel_strs *sdist)
{
	sel_strs files = {0};
	size_t strip = strlen(dir) + 1;
	int err = sel_collect_files(bp, dir, flit_keep_data, &files);
	for (size_t i = 0; i < files.count && err == 0; i++) {
		sel_strs one = {0};
		if ((err = sel_strs_addf(&one, "%s-%s.data/data/%s", bp->plan->dist_name,
		                         bp->plan->version, files.items[i] + strip)) < 0)
			break;
		err = bp_add_file(bp, BP_WHEEL, one.items[0], files.items[i]);
		sel_strs_free(&one);
		if (err == 0)
			err = sel_strs_add(sdist, files.items[i]);
	}
	sel_strs_free(&files);
	return err;
}

/* pyproject.toml, the readme file and the license files: flit's "extra
 * files", which the sdist must hold. */
static int flit_extra_files(struct bp *bp, const sel_strs *licenses, sel_strs *out)
{
	int err = sel_strs_add(out, "pyproject.toml");
	if (err == 0 && bp->meta->readme.kind == SW_README_FILE) {
		char *norm = sel_normpath(bp->meta->readme.file.str);
		err = norm ? sel_strs_add(out, norm) : SW_ENOMEM;
		sw_free(norm);
	}
	for (size_t i = 0; i < licenses->count && err == 0; i++)
		err = sel_strs_add(out, licenses->items[i]);
	return err;
}

/* Sets the wheel tag flit computes. */
static int flit_wheel_tag(struct bp *bp)
{
	if (!flit_supports_py2(bp->meta->requires_python.str))
		return 0;
	char *tag = sw_strdup("py2.py3-none-any");
	if (tag == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	sw_free(bp->plan->wheel_tag);
	bp->plan->wheel_tag = tag;
	return 0;
}

int bp_rules_flit_core(struct bp *bp)
{
	struct flit_module m = {0};
	sel_strs licenses = {0}, selected = {0}, crucial = {0}, sdist = {0};
	char *data = NULL, *file = NULL;
	int err = 0;
	if ((err = flit_check_tool(bp)) < 0 || (err = flit_find_module(bp, &m)) < 0 ||
	    (err = flit_data_dir(bp, &data)) < 0 || (err = flit_wheel_tag(bp)) < 0)
		goto done;
	if (bp->import_name == NULL && (bp->import_name = sw_strdup(m.name)) == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if ((err = flit_metadata(bp, &m, &licenses)) < 0 ||
	    (err = flit_add_module(bp, &m, &selected)) < 0)
		goto done;
	if (data != NULL && (err = flit_add_data(bp, data, &selected)) < 0)
		goto done;
	if ((err = flit_extra_files(bp, &licenses, &crucial)) < 0 ||
	    (file = flit_module_file(&m)) == NULL || (err = sel_strs_add(&crucial, file)) < 0)
		goto done;
	for (size_t i = 0; i < crucial.count && err == 0; i++)
		err = sel_strs_add(&selected, crucial.items[i]);
	if (err < 0 || (err = flit_apply_patterns(bp, &selected, &crucial, &sdist)) < 0)
		goto done;
	for (size_t i = 0; i < sdist.count && err == 0; i++)
		err = bp_add_file(bp, BP_SDIST, sdist.items[i], sdist.items[i]);
	if (err == 0)
		err = bp_note(bp, "flit_core: module %s found at %s", m.name, m.path);
done:
	if (file == NULL && err == 0)
		err = SW_ENOMEM;
	flit_module_clear(&m);
	sel_strs_free(&licenses);
	sel_strs_free(&selected);
	sel_strs_free(&crucial);
	sel_strs_free(&sdist);
	sw_free(data);
	sw_free(file);
	return err;
}
