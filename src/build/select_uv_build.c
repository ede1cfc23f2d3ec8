/*
 * build/select_uv_build.c — uv_build's rules, from its documentation ("The
 * uv build backend", docs/concepts/build-backend.md) and its settings
 * (crates/uv-build-backend/src/settings.rs). There is no reference copy of
 * uv_build on this machine (a Rust program with no Debian package), so no
 * oracle checks these rules; the unit tests quote the documentation.
 *
 * [tool.uv.build-backend]: module-root (default "src", "" for the flat
 * layout), module-name (default: the project name lowercased with '.' and
 * '-' as '_', a "-stubs" suffix kept; dotted for a module inside a
 * namespace; or a list), namespace (no __init__.py required), data (folders
 * per wheel data kind), source-include, source-exclude, wheel-exclude,
 * default-excludes (__pycache__, *.pyc, *.pyo). Each module must exist with
 * an __init__.py (__init__.pyi for stubs) unless namespace is set. The
 * sdist holds pyproject.toml, the modules, the readme, the license files,
 * the data folders and the source-include matches, less the excludes
 * (which are not anchored unless they start with '/', and take their
 * children along). The wheel holds the modules relative to module-root and
 * the data folders under {name}-{version}.data/{kind}/, less the source and
 * wheel excludes and the default ones.
 */
#include <string.h>

#include "build/select_util.h"
#include "util/util.h"

/* The wheel data kinds, in uv's order. */
static const char *const uv_data_kinds[] = {"purelib", "platlib", "headers", "scripts", "data"};

/* Keys of [tool.uv.build-backend]. */
static const char *const uv_known_keys[] = {
        "module-root",    "module-name",   "source-include", "default-excludes",
        "source-exclude", "wheel-exclude", "namespace",      "data",
};

/* The settings. */
struct uv {
	struct bp *bp;
	const sw_toml_node *table;
	char *module_root; /* normalised, "" for the root */
	sel_strs modules;  /* module paths below module_root ('/' separated) */
	int namespace;
	int default_excludes;
	sel_strs source_include, source_exclude, wheel_exclude;
	sel_strs data_kinds, data_dirs;
};

static void uv_free(struct uv *uv)
{
	sw_free(uv->module_root);
	sel_strs_free(&uv->modules);
	sel_strs_free(&uv->source_include);
	sel_strs_free(&uv->source_exclude);
	sel_strs_free(&uv->wheel_exclude);
	sel_strs_free(&uv->data_kinds);
	sel_strs_free(&uv->data_dirs);
}

/* Returns 1 if `key` (len bytes) is one of `n` names. */
static int uv_key_in(const char *key, size_t len, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], key, len) == 0)
			return 1;
	return 0;
}

/* The default module name: lowercased, '.' and '-' as '_', except the
 * "-stubs" suffix of a stubs package. */
static int uv_default_module(struct uv *uv)
{
	const char *name = uv->bp->meta->name.str;
	size_t n = strlen(name);
	int stubs = n > 6 && strcmp(name + n - 6, "-stubs") == 0;
	char *mod = sw_strdup(name);
	if (mod == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < (stubs ? n - 6 : n); i++) {
		if (mod[i] == '.' || mod[i] == '-')
			mod[i] = '_';
		else if (mod[i] >= 'A' && mod[i] <= 'Z')
			mod[i] = (char)(mod[i] - 'A' + 'a');
	}
	int err = sel_strs_add(&uv->modules, mod);
	sw_free(mod);
	return err;
}

/* Reads module-name (a string or a list) into module paths. */
static int uv_read_modules(struct uv *uv)
{
	const char *what = "[tool.uv.build-backend] module-name";
	const sw_toml_node *n = sw_toml_find(uv->table, "module-name", 11);
	char *one = NULL;
	int err = 0;
	if (n == NULL)
		err = uv_default_module(uv);
	else if (sw_toml_type(n) == SW_TOML_ARRAY)
		err = sel_toml_strs(uv->table, "module-name", what, &uv->modules);
	else if ((err = sel_toml_str(uv->table, "module-name", what, &one)) == 0)
		err = sel_strs_add(&uv->modules, one);
	sw_free(one);
	/* a dotted name is a module inside namespace folders */
	for (size_t i = 0; i < uv->modules.count && err == 0; i++)
		for (char *p = uv->modules.items[i]; *p; p++)
			if (*p == '.')
				*p = '/';
	return err;
}

/* Reads [tool.uv.build-backend]; refuses keys it does not know. */
static int uv_read(struct uv *uv)
{
	const char *what = "[tool.uv.build-backend]";
	const sw_toml_node *uvt = bp_tool(uv->bp, "uv");
	char *root = NULL;
	int err = 0;
	uv->table = sw_toml_find(uvt, "build-backend", 13);
	uv->default_excludes = 1;
	for (const sw_toml_node *e = uv->table ? sw_toml_first(uv->table) : NULL; e;
	     e = sw_toml_next(e)) {
		size_t len;
		const char *key = sw_toml_key(e, &len);
		if (!uv_key_in(key, len, uv_known_keys, SW_ARRAY_LEN(uv_known_keys)))
			return bp_unsupported(uv->bp, "[tool.uv.build-backend] %.*s", (int)len,
			                      key);
	}
	if ((err = sel_toml_str(uv->table, "module-root", what, &root)) < 0 ||
	    (err = sel_toml_bool(uv->table, "namespace", what, &uv->namespace)) < 0 ||
	    (err = sel_toml_bool(uv->table, "default-excludes", what, &uv->default_excludes)) < 0 ||
	    (err = sel_toml_strs(uv->table, "source-include", what, &uv->source_include)) < 0 ||
	    (err = sel_toml_strs(uv->table, "source-exclude", what, &uv->source_exclude)) < 0 ||
	    (err = sel_toml_strs(uv->table, "wheel-exclude", what, &uv->wheel_exclude)) < 0 ||
	    (err = uv_read_modules(uv)) < 0)
		goto done;
	uv->module_root = sel_normpath(root ? root : "src");
	if (uv->module_root == NULL) {
		err = SW_ENOMEM;
		goto done;
	}
	if (strcmp(uv->module_root, ".") == 0)
		uv->module_root[0] = '\0';
	if (uv->module_root[0] == '/' || strncmp(uv->module_root, "..", 2) == 0)
		err = sw_error_set(SW_EINVAL, "uv_build: module-root '%s' is outside the project",
		                   root);
done:
	sw_free(root);
	return err;
}

/* Reads [tool.uv.build-backend.data]: kind -> folder. */
static int uv_read_data(struct uv *uv)
{
	const sw_toml_node *data = sw_toml_find(uv->table, "data", 4);
	int err = 0;
	for (const sw_toml_node *e = data ? sw_toml_first(data) : NULL; e && err == 0;
	     e = sw_toml_next(e)) {
		size_t len;
		const char *key = sw_toml_key(e, &len);
		char *dir = NULL, *kind = sw_strndup(key, len);
		if (kind == NULL)
			return sw_error_set(SW_ENOMEM, "out of memory");
		if (!uv_key_in(key, len, uv_data_kinds, SW_ARRAY_LEN(uv_data_kinds)))
			err = sw_error_set(SW_EINVAL,
			                   "uv_build: unknown data kind '%s' (one of "
			                   "purelib, platlib, headers, scripts, data)",
			                   kind);
		if (err == 0 &&
		    (err = sel_toml_str(data, kind, "[tool.uv.build-backend.data]", &dir)) == 0) {
			char *norm = sel_normpath(dir);
			if (norm == NULL)
				err = SW_ENOMEM;
			else if (norm[0] == '/' || strncmp(norm, "..", 2) == 0)
				err = sw_error_set(
				        SW_EINVAL,
				        "uv_build: data folder '%s' is outside the project", dir);
			else if ((err = sel_strs_add(&uv->data_kinds, kind)) == 0)
				err = sel_strs_add(&uv->data_dirs, norm);
			sw_free(norm);
		}
		sw_free(dir);
		sw_free(kind);
	}
	return err;
}

/* Returns 1 if a pattern list excludes `path`: a pattern starting with '/'
 * must match the whole path, any other a trailing run of its segments. */
static int uv_excluded(const sel_strs *pats, const char *path)
{
	for (size_t i = 0; i < pats->count; i++) {
		const char *pat = pats->items[i];
		if (pat[0] == '/') {
			if (sel_glob_path(pat + 1, path, 0))
				return 1;
			continue;
		}
		for (const char *p = path; p != NULL;
		     p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL)
			if (sel_glob_path(pat, p, 0))
				return 1;
	}
	return 0;
}

/* The walk of the sdist or of one wheel folder. */
struct uv_walk {
	const sel_strs *include; /* NULL: everything below the walked folder */
	const sel_strs *exclude;
	sel_strs *out;
};

/* bp_walk() visitor: keeps included files, prunes excluded folders. */
static int uv_visit(void *ctx, const char *rel, int is_dir)
{
	struct uv_walk *w = ctx;
	int in = w->include == NULL;
	if (uv_excluded(w->exclude, rel))
		return 0;
	for (size_t i = 0; w->include && i < w->include->count && !in; i++)
		in = sel_glob_path(w->include->items[i], rel, is_dir);
	if (is_dir)
		return in;
	return in ? sel_strs_add(w->out, rel) : 0;
}

/* Checks that each module exists (with its __init__.py or, for stubs,
 * __init__.pyi, unless namespace is set). */
static int uv_check_modules(struct uv *uv)
{
	int err = 0;
	for (size_t i = 0; i < uv->modules.count && err == 0; i++) {
		const char *m = uv->modules.items[i];
		size_t root = strcspn(m, "/");
		int stubs = root > 6 && memcmp(m + root - 6, "-stubs", 6) == 0;
		char *dir = sel_join(uv->module_root, m);
		char *init = dir ? sel_join(dir, stubs ? "__init__.pyi" : "__init__.py") : NULL;
		if (init == NULL)
			err = SW_ENOMEM;
		else if (uv->namespace && !sel_is_dir(uv->bp, dir))
			err = sw_error_set(SW_ENOTFOUND, "uv_build: expected a module folder at %s",
			                   dir);
		else if (!uv->namespace && !sel_is_file(uv->bp, init))
			err = sw_error_set(SW_ENOTFOUND, "uv_build: expected a Python module at %s",
			                   init);
		sw_free(dir);
		sw_free(init);
	}
	return err;
}

/* The sdist: walks the tree with the includes and the excludes. */
static int uv_sdist(struct uv *uv, const sel_strs *excl)
{
	sel_strs incl = {0}, files = {0};
	int err = 0;
	for (size_t i = 0; i < uv->source_include.count && err == 0; i++)
		err = sel_strs_add(&incl, uv->source_include.items[i]);
	if (err == 0)
		err = sel_strs_add(&incl, "pyproject.toml");
	for (size_t i = 0; i < uv->modules.count && err == 0; i++)
		err = sel_strs_addf(&incl, "%s%s%s/**", uv->module_root,
		                    uv->module_root[0] ? "/" : "", uv->modules.items[i]);
	for (size_t i = 0; i < uv->data_dirs.count && err == 0; i++)
		err = sel_strs_addf(&incl, "%s/**", uv->data_dirs.items[i]);
	if (err == 0 && uv->bp->meta->readme.kind == SW_README_FILE) {
		char *norm = sel_normpath(uv->bp->meta->readme.file.str);
		err = norm ? sel_strs_add(&incl, norm) : SW_ENOMEM;
		sw_free(norm);
	}
	struct uv_walk w = {&incl, excl, &files};
	if (err == 0)
		err = bp_walk(uv->bp, "", uv_visit, &w);
	for (size_t i = 0; i < files.count && err == 0; i++)
		err = bp_add_file(uv->bp, BP_SDIST, files.items[i], files.items[i]);
	sel_strs_free(&incl);
	sel_strs_free(&files);
	return err;
}

/* Adds the files below `dir` to the wheel, named `prefix` + their path
 * below `strip` (a leading part of dir). */
static int uv_wheel_dir(struct uv *uv, const char *dir, const char *strip, const char *prefix,
                        const sel_strs *excl)
{
	sel_strs files = {0};
	struct uv_walk w = {NULL, excl, &files};
	size_t n = strip[0] ? strlen(strip) + 1 : 0;
	int err = sel_is_dir(uv->bp, dir) ? bp_walk(uv->bp, dir, uv_visit, &w) : 0;
	for (size_t i = 0; i < files.count && err == 0; i++) {
		sel_strs name = {0};
		if ((err = sel_strs_addf(&name, "%s%s", prefix, files.items[i] + n)) == 0)
			err = bp_add_file(uv->bp, BP_WHEEL, name.items[0], files.items[i]);
		sel_strs_free(&name);
	}
	sel_strs_free(&files);
	return err;
}

/* The wheel: the modules, then the data folders. */
static int uv_wheel(struct uv *uv, const sel_strs *excl)
{
	int err = 0;
	for (size_t i = 0; i < uv->modules.count && err == 0; i++) {
		char *dir = sel_join(uv->module_root, uv->modules.items[i]);
		err = dir ? uv_wheel_dir(uv, dir, uv->module_root, "", excl) : SW_ENOMEM;
		sw_free(dir);
	}
	for (size_t i = 0; i < uv->data_dirs.count && err == 0; i++) {
		sel_strs prefix = {0};
		if ((err = sel_strs_addf(&prefix, "%s-%s.data/%s/", uv->bp->plan->dist_name,
		                         uv->bp->plan->version, uv->data_kinds.items[i])) == 0)
			err = uv_wheel_dir(uv, uv->data_dirs.items[i], uv->data_dirs.items[i],
			                   prefix.items[0], excl);
		sel_strs_free(&prefix);
	}
	return err;
}

/* The default excludes of uv_build. */
static const char *const uv_default_excludes[] = {"__pycache__", "*.pyc", "*.pyo"};

int bp_rules_uv_build(struct bp *bp)
{
	struct uv uv = {.bp = bp};
	sel_strs sx = {0}, wx = {0};
	int err = 0;
	if (bp->meta->dynamic.count > 0) {
		err = bp_unsupported(bp, "dynamic metadata ('%s'): uv_build refuses it",
		                     bp->meta->dynamic.items[0].str);
		goto done;
	}
	if ((err = uv_read(&uv)) < 0 || (err = uv_read_data(&uv)) < 0 ||
	    (err = uv_check_modules(&uv)) < 0)
		goto done;
	for (size_t i = 0; uv.default_excludes && i < SW_ARRAY_LEN(uv_default_excludes) && err == 0;
	     i++)
		err = sel_strs_add(&sx, uv_default_excludes[i]);
	for (size_t i = 0; i < uv.source_exclude.count && err == 0; i++)
		err = sel_strs_add(&sx, uv.source_exclude.items[i]);
	for (size_t i = 0; i < sx.count && err == 0; i++)
		err = sel_strs_add(&wx, sx.items[i]);
	for (size_t i = 0; i < uv.wheel_exclude.count && err == 0; i++)
		err = sel_strs_add(&wx, uv.wheel_exclude.items[i]);
	if (err == 0 && uv_excluded(&sx, "pyproject.toml"))
		err = sw_error_set(SW_EINVAL,
		                   "uv_build: the excludes would exclude pyproject.toml");
	if (err < 0 || (err = uv_sdist(&uv, &sx)) < 0 || (err = uv_wheel(&uv, &wx)) < 0)
		goto done;
	if ((bp->import_name = sw_strdup(uv.modules.items[0])) == NULL)
		err = sw_error_set(SW_ENOMEM, "out of memory");
	if (err == 0)
		err = bp_note(bp, "uv_build: module %s below '%s'", uv.modules.items[0],
		              uv.module_root);
done:
	sel_strs_free(&sx);
	sel_strs_free(&wx);
	uv_free(&uv);
	return err;
}
