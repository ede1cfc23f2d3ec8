/*
 * build/select_setuptools_find.c — where setuptools 78 finds the packages
 * and modules of a project configured in pyproject.toml: package-dir
 * (distutils' get_package_dir), the explicit `packages` list,
 * [tool.setuptools.packages.find] (config/expand.py: where, include,
 * exclude, namespaces) and automatic discovery (discovery.py: the explicit
 * layout of package-dir, src-layout, then flat-layout with its reserved
 * names and its "multiple top-level packages" error).
 */
#include <string.h>

#include "build/select_setuptools.h"
#include "util/util.h"

char *st_package_dir(const struct st *st, const char *package)
{
	size_t n = strlen(package);
	for (;;) {
		for (size_t i = 0; i < st->pd_keys.count; i++) {
			const char *k = st->pd_keys.items[i];
			if (strlen(k) == n && memcmp(k, package, n) == 0 &&
			    (n > 0 || k[0] == '\0')) {
				const char *tail = n == 0       ? package
				                   : package[n] ? package + n + 1
				                                : "";
				char *joined = sel_join(st->pd_vals.items[i], tail);
				if (joined == NULL)
					return NULL;
				for (char *p = joined + strlen(st->pd_vals.items[i]); *p; p++)
					if (*p == '.')
						*p = '/';
				char *norm = sel_normpath(joined);
				sw_free(joined);
				if (norm != NULL && strcmp(norm, ".") == 0)
					norm[0] = '\0';
				return norm;
			}
		}
		if (n == 0)
			break;
		while (n > 0 && package[n - 1] != '.')
			n--;
		if (n > 0)
			n--;
	}
	char *path = sw_strdup(package);
	if (path == NULL)
		sw_error_set(SW_ENOMEM, "out of memory");
	for (char *p = path; p && *p; p++)
		if (*p == '.')
			*p = '/';
	return path;
}

/* Reads package-dir into the two parallel lists. */
static int st_read_package_dir(struct st *st)
{
	const sw_toml_node *pd = sw_toml_find(st->tool, "package-dir", 11);
	if (pd == NULL)
		return 0;
	if (sw_toml_type(pd) != SW_TOML_TABLE)
		return sw_error_set(SW_EINVAL,
		                    "setuptools: [tool.setuptools] package-dir must be a table");
	for (const sw_toml_node *e = sw_toml_first(pd); e; e = sw_toml_next(e)) {
		size_t klen, vlen;
		const char *k = sw_toml_key(e, &klen), *v;
		if (sw_toml_string(e, &v, &vlen) < 0)
			return sw_error_set(SW_EINVAL,
			                    "setuptools: package-dir values must be strings");
		int err = sel_strs_addn(&st->pd_keys, k, klen);
		if (err == 0)
			err = sel_strs_addn(&st->pd_vals, v, vlen);
		if (err < 0)
			return err;
	}
	return 0;
}

/* Sets package-dir[key] unless it is set (dict.setdefault). */
static int st_pd_setdefault(struct st *st, const char *key, const char *value)
{
	if (sel_strs_has(&st->pd_keys, key))
		return 0;
	int err = sel_strs_add(&st->pd_keys, key);
	return err < 0 ? err : sel_strs_add(&st->pd_vals, value);
}

/* The package finders of discovery.py. */
enum st_finder { ST_CLASSIC, ST_PEP420, ST_FLAT };

/* Reserved names of FlatLayoutPackageFinder (each also as "name.*"). */
static const char *const st_flat_pkg_exclude[] = {
        "ci",         "bin",          "debian",        "doc",       "docs",       "documentation",
        "manpages",   "news",         "newsfragments", "changelog", "test",       "tests",
        "unit_test",  "unit_tests",   "example",       "examples",  "scripts",    "tools",
        "util",       "utils",        "python",        "build",     "dist",       "venv",
        "env",        "requirements", "tasks",         "fabfile",   "site_scons", "benchmark",
        "benchmarks", "exercise",     "exercises",     "htmlcov",   "[._]*",
};

/* Reserved names of FlatLayoutModuleFinder. */
static const char *const st_flat_mod_exclude[] = {
        "setup",    "conftest",         "test",      "tests",    "example",   "examples",
        "build",    "toxfile",          "noxfile",   "pavement", "dodo",      "tasks",
        "fabfile",  "[Ss][Cc]onstruct", "conanfile", "manage",   "benchmark", "benchmarks",
        "exercise", "exercises",        "[._]*",
};

/* A finder's run: where, the filters, the results. */
struct st_find {
	struct bp *bp;
	enum st_finder kind;
	size_t where_len; /* length of the where prefix with its '/' */
	const sel_strs *include, *exclude;
	sel_strs *out;
	int err;
};

/* Returns 1 if any pattern of a list matches (fnmatchcase). */
static int st_any_match(const sel_strs *pats, const char *item)
{
	for (size_t i = 0; i < pats->count; i++)
		if (sel_fnmatch(pats->items[i], item))
			return 1;
	return 0;
}

/* _looks_like_package() of each finder: 1, 0, or SW_ENOMEM. */
static int st_looks_like_package(struct st_find *f, const char *rel, const char *package)
{
	if (f->kind == ST_CLASSIC) {
		char *init = sel_join(rel, "__init__.py");
		if (init == NULL)
			return SW_ENOMEM;
		int is = sel_is_file(f->bp, init);
		sw_free(init);
		return is;
	}
	if (f->kind == ST_PEP420)
		return 1;
	const char *p = package;
	for (int first = 1; *p; first = 0) {
		size_t n = strcspn(p, ".");
		int ok = sel_is_identifier(p, n) ||
		         (first && n >= 6 && memcmp(p + n - 6, "-stubs", 6) == 0);
		if (!ok)
			return 0;
		p += n + (p[n] == '.');
	}
	return 1;
}

/* bp_walk() visitor of PackageFinder._find_iter(). */
static int st_find_visit(void *ctx, const char *rel, int is_dir)
{
	struct st_find *f = ctx;
	if (!is_dir || f->err < 0)
		return 0;
	const char *slash = strrchr(rel, '/');
	const char *name = slash ? slash + 1 : rel;
	char *package = sw_strdup(rel + f->where_len);
	if (package == NULL)
		return f->err = sw_error_set(SW_ENOMEM, "out of memory");
	for (char *p = package; *p; p++)
		if (*p == '/')
			*p = '.';
	int descend = 0;
	int looks = strchr(name, '.') == NULL ? st_looks_like_package(f, rel, package) : 0;
	if (looks < 0)
		f->err = looks;
	if (looks > 0) {
		if (st_any_match(f->include, package) && !st_any_match(f->exclude, package) &&
		    !sel_fnmatch("ez_setup", package) && !sel_fnmatch("*__pycache__", package))
			f->err = sel_strs_add(f->out, package);
		sel_strs pats = {0};
		if (f->err == 0 && (f->err = sel_strs_addf(&pats, "%s*", package)) == 0 &&
		    (f->err = sel_strs_addf(&pats, "%s.*", package)) == 0)
			descend = !sel_strs_has(f->exclude, pats.items[0]) &&
			          !sel_strs_has(f->exclude, pats.items[1]);
		sel_strs_free(&pats);
	}
	sw_free(package);
	return descend;
}

/* PackageFinder.find(where, exclude, include) for one of the finders. */
static int st_find_packages(struct bp *bp, enum st_finder kind, const char *where,
                            const sel_strs *include, const sel_strs *exclude, sel_strs *out)
{
	struct st_find f = {bp, kind, where[0] ? strlen(where) + 1 : 0, include, exclude, out, 0};
	if (where[0] && !sel_is_dir(bp, where))
		return 0;
	int err = bp_walk(bp, where, st_find_visit, &f);
	return err < 0 ? err : f.err;
}

/* ModuleFinder.find(where): *.py files directly in `where` with an
 * identifier name, filtered. */
static int st_find_modules(struct bp *bp, const char *where, const sel_strs *exclude, sel_strs *out)
{
	sel_strs files = {0};
	size_t strip = where[0] ? strlen(where) + 1 : 0;
	int err = sel_pyglob(bp, where, "*.py", &files, NULL);
	for (size_t i = 0; i < files.count && err == 0; i++) {
		const char *name = files.items[i] + strip;
		size_t n = strlen(name) - 3;
		char *mod = sw_strndup(name, n);
		if (mod == NULL)
			err = SW_ENOMEM;
		else if (sel_is_identifier(mod, n) && !st_any_match(exclude, mod))
			err = sel_strs_add(out, mod);
		sw_free(mod);
	}
	sel_strs_free(&files);
	return err;
}

/* Fills a list from a table of names, each also as "name.*" if asked. */
int st_list(sel_strs *out, const char *const *names, size_t n, int dotted)
{
	int err = 0;
	for (size_t i = 0; i < n && err == 0; i++) {
		err = sel_strs_add(out, names[i]);
		if (err == 0 && dotted)
			err = sel_strs_addf(out, "%s.*", names[i]);
	}
	return err;
}

/* remove_nested_packages(remove_stubs(packages)). */
static int st_top_levels(const sel_strs *pkgs, sel_strs *out)
{
	int err = 0;
	for (size_t i = 0; i < pkgs->count && err == 0; i++) {
		const char *p = pkgs->items[i];
		size_t root = strcspn(p, ".");
		int nested = root >= 6 && memcmp(p + root - 6, "-stubs", 6) == 0;
		for (size_t k = 0; k < pkgs->count && !nested; k++) {
			size_t n = strlen(pkgs->items[k]);
			nested = k != i && strncmp(p, pkgs->items[k], n) == 0 && p[n] == '.';
		}
		if (!nested)
			err = sel_strs_add(out, p);
	}
	return err;
}

/* _ensure_no_accidental_inclusion(): more than one top-level item found
 * in a flat layout is setuptools' own error, with its advice. */
static int st_flat_check(const sel_strs *found, const char *kind)
{
	if (found->count <= 1)
		return 0;
	sw_buf b;
	sw_buf_init(&b, 64 * 1024);
	for (size_t i = 0; i < found->count; i++)
		sw_buf_printf(&b, "%s'%s'", i ? ", " : "", found->items[i]);
	int err = sw_error_set(SW_EINVAL,
	                       "setuptools: multiple top-level %s discovered in a flat-layout: "
	                       "[%s]; to avoid accidental inclusion of unwanted files or "
	                       "directories, setuptools will not proceed with this build. Set up "
	                       "custom discovery ([tool.setuptools.packages.find] with include "
	                       "or exclude), use a src-layout, or list py-modules or packages "
	                       "explicitly",
	                       kind, sw_buf_cstr(&b));
	sw_buf_free(&b);
	return err;
}

/* Automatic discovery: explicit layout, src-layout, then flat-layout. */
static int st_discover(struct st *st)
{
	sel_strs all = {0}, none = {0}, excl = {0}, top = {0};
	int err = sel_strs_add(&all, "*"), explicit = 0;
	for (size_t i = 0; i < st->pd_keys.count && err == 0; i++) {
		if (st->pd_keys.items[i][0] == '\0')
			continue;
		explicit = 1;
		sel_strs found = {0};
		char *dir = sel_normpath(st->pd_vals.items[i]);
		err = dir ? sel_strs_add(&st->packages, st->pd_keys.items[i]) : SW_ENOMEM;
		if (err == 0)
			err = st_find_packages(st->bp, ST_PEP420, strcmp(dir, ".") ? dir : "", &all,
			                       &none, &found);
		for (size_t k = 0; k < found.count && err == 0; k++)
			err = sel_strs_addf(&st->packages, "%s.%s", st->pd_keys.items[i],
			                    found.items[k]);
		sel_strs_free(&found);
		sw_free(dir);
	}
	if (err < 0 || explicit)
		goto done;
	char *src = sel_strs_has(&st->pd_keys, "") ? st_package_dir(st, "") : sw_strdup("src");
	if (src == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if (src[0] == '\0' || sel_is_dir(st->bp, src)) {
		if ((err = st_pd_setdefault(st, "", src)) == 0 &&
		    (err = st_find_packages(st->bp, ST_PEP420, src, &all, &none, &st->packages)) ==
		            0)
			err = st_find_modules(st->bp, src, &none, &st->modules);
		sw_free(src);
		goto done;
	}
	sw_free(src);
	if ((err = st_list(&excl, st_flat_pkg_exclude, SW_ARRAY_LEN(st_flat_pkg_exclude), 1)) < 0 ||
	    (err = st_find_packages(st->bp, ST_FLAT, "", &all, &excl, &st->packages)) < 0 ||
	    (err = st_top_levels(&st->packages, &top)) < 0 ||
	    (err = st_flat_check(&top, "packages")) < 0)
		goto done;
	if (top.count > 0)
		goto done;
	sel_strs_free(&excl);
	if ((err = st_list(&excl, st_flat_mod_exclude, SW_ARRAY_LEN(st_flat_mod_exclude), 0)) < 0 ||
	    (err = st_find_modules(st->bp, "", &excl, &st->modules)) < 0)
		goto done;
	err = st_flat_check(&st->modules, "modules");
done:
	sel_strs_free(&all);
	sel_strs_free(&none);
	sel_strs_free(&excl);
	sel_strs_free(&top);
	return err;
}

/* [tool.setuptools.packages.find] (config/expand.py find_packages). */
static int st_packages_find(struct st *st, const sw_toml_node *find)
{
	sel_strs where = {0}, include = {0}, exclude = {0};
	int ns = 1;
	const char *what = "[tool.setuptools.packages.find]";
	int err = sel_toml_strs(find, "where", what, &where);
	if (err == 0)
		err = sel_toml_strs(find, "include", what, &include);
	if (err == 0)
		err = sel_toml_strs(find, "exclude", what, &exclude);
	if (err == 0)
		err = sel_toml_bool(find, "namespaces", what, &ns);
	if (err == 0 && sw_toml_find(find, "where", 5) == NULL)
		err = sel_strs_add(&where, ".");
	if (err == 0 && sw_toml_find(find, "include", 7) == NULL)
		err = sel_strs_add(&include, "*");
	for (size_t i = 0; i < where.count && err == 0; i++) {
		char *dir = sel_normpath(where.items[i]);
		if (dir == NULL) {
			err = SW_ENOMEM;
			break;
		}
		if (dir[0] == '/' || strncmp(dir, "..", 2) == 0)
			err = bp_unsupported(st->bp, "packages.find where '%s' outside the project",
			                     where.items[i]);
		int is_root = strcmp(dir, ".") == 0;
		if (err == 0 && where.count == 1 && !is_root)
			err = st_pd_setdefault(st, "", dir);
		if (err == 0 && where.count > 1 && !is_root)
			err = bp_unsupported(st->bp, "packages.find with several 'where' folders");
		if (err == 0)
			err = st_find_packages(st->bp, ns ? ST_PEP420 : ST_CLASSIC,
			                       is_root ? "" : dir, &include, &exclude,
			                       &st->packages);
		sw_free(dir);
	}
	sel_strs_free(&where);
	sel_strs_free(&include);
	sel_strs_free(&exclude);
	return err;
}

/* Reads the configuration and finds the packages and modules. */
int st_config(struct st *st)
{
	const char *what = "[tool.setuptools]";
	const sw_toml_node *pk = sw_toml_find(st->tool, "packages", 8);
	const sw_toml_node *mods = sw_toml_find(st->tool, "py-modules", 10);
	const sw_toml_node *zs = sw_toml_find(st->tool, "zip-safe", 8);
	int err = 0;
	st->include_package_data = 1;
	st->zip_safe = -1;
	if ((err = st_read_package_dir(st)) < 0 ||
	    (err = sel_toml_bool(st->tool, "include-package-data", what,
	                         &st->include_package_data)) < 0 ||
	    (err = sel_toml_strs(st->tool, "py-modules", what, &st->modules)) < 0)
		return err;
	if (zs != NULL && (err = sel_toml_bool(st->tool, "zip-safe", what, &st->zip_safe)) < 0)
		return err;
	if (pk != NULL && sw_toml_type(pk) == SW_TOML_ARRAY)
		err = sel_toml_strs(st->tool, "packages", what, &st->packages);
	else if (pk != NULL && sw_toml_find(pk, "find", 4) != NULL)
		err = st_packages_find(st, sw_toml_find(pk, "find", 4));
	else if (pk != NULL)
		err = bp_unsupported(st->bp, "[tool.setuptools] packages of another form");
	else if (mods == NULL)
		err = st_discover(st);
	if (err < 0)
		return err;
	if ((st->egg_base = st_package_dir(st, "")) == NULL)
		return SW_ENOMEM;
	sel_strs_sort_unique(&st->packages);
	return 0;
}
