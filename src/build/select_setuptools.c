/*
 * build/select_setuptools.c — setuptools 78's rules for a project configured
 * in pyproject.toml only (setuptools/discovery.py, config/expand.py,
 * command/build_py.py, dist.py). It refuses up front what it cannot follow
 * exactly: setup.py (code), setup.cfg, MANIFEST.in (its template grammar
 * is not implemented), build plugins in build-system.requires, [tool.
 * setuptools] keys other than packages, package-dir, py-modules,
 * include-package-data, package-data, exclude-package-data, zip-safe and
 * dynamic.version, a stale egg-info folder, and dynamic [project] fields
 * other than the version. Packages come from the explicit list, from
 * packages.find (where/include/exclude/namespaces), or from automatic
 * discovery (package-dir's explicit layout, src-layout, flat-layout with
 * its reserved names and its "multiple top-level packages" error). The
 * wheel holds every *.py of each package, the py-modules, and the package
 * data: *.pyi and py.typed, package-data globs, files of the manifest
 * inside a package when include-package-data is on, less
 * exclude-package-data; .dist-info gets top_level.txt. The sdist half is
 * in select_setuptools_sdist.c.
 */
#include <string.h>

#include "build/select_setuptools.h"
#include "util/util.h"

/* Keys of [tool.setuptools] these rules follow. */
static const char *const st_known_keys[] = {
        "packages",     "package-dir",          "py-modules", "include-package-data",
        "package-data", "exclude-package-data", "zip-safe",   "dynamic",
};

/* Why another key is refused. */
static const struct {
	const char *key;
	const char *why;
} st_refused_keys[] = {
        {"ext-modules", "extension modules ([tool.setuptools] ext-modules)"},
        {"cmdclass", "custom commands ([tool.setuptools] cmdclass)"},
        {"data-files", "data-files (installed outside the package)"},
        {"script-files", "script-files"},
        {"namespace-packages", "pkg_resources namespace-packages"},
        {"license-files", "the deprecated [tool.setuptools] license-files"},
};

/* Build requirements that do not change what setuptools produces. */
static const char *const st_plain_requires[] = {"setuptools", "wheel"};

/* Files whose presence means logic or configuration beyond pyproject.toml. */
static const struct {
	const char *file;
	const char *why;
} st_refused_files[] = {
        {"setup.py", "setup.py exists (it is code: only setuptools can run it)"},
        {"setup.cfg", "setup.cfg exists (setuptools reads it and rewrites it into the sdist)"},
        {"MANIFEST.in", "MANIFEST.in exists (its template grammar is not implemented natively)"},
};

static void st_free(struct st *st)
{
	sel_strs_free(&st->pd_keys);
	sel_strs_free(&st->pd_vals);
	sel_strs_free(&st->packages);
	sel_strs_free(&st->modules);
	sel_strs_free(&st->sources);
	sel_strs_free(&st->data);
	sel_strs_free(&st->licenses);
	sel_strs_free(&st->referenced);
	sw_free(st->egg_base);
	sw_free(st->egg_info);
}

/* Refuses files, build plugins and dynamic fields the rules cannot follow. */
static int st_refuse_project(struct bp *bp)
{
	const sw_project_build *b = sw_project_build_get(bp->project);
	for (size_t i = 0; i < SW_ARRAY_LEN(st_refused_files); i++)
		if (sel_is_file(bp, st_refused_files[i].file) ||
		    sel_is_dir(bp, st_refused_files[i].file))
			return bp_unsupported(bp, "%s", st_refused_files[i].why);
	for (size_t i = 0; i < b->requires.count; i++) {
		const sw_requirement *req = b->requires.items[i].req;
		const char *name = req ? sw_requirement_name(req) : b->requires.items[i].text.str;
		int plain = 0;
		for (size_t k = 0; req && k < SW_ARRAY_LEN(st_plain_requires); k++)
			plain |= sw_name_equal(name, strlen(name), st_plain_requires[k],
			                       strlen(st_plain_requires[k]));
		if (!plain)
			return bp_unsupported(bp,
			                      "build plugin '%s' in build-system.requires (it can "
			                      "change the files or the metadata)",
			                      name ? name : "?");
	}
	for (size_t i = 0; i < bp->meta->dynamic.count; i++)
		if (strcmp(bp->meta->dynamic.items[i].str, "version") != 0)
			return bp_unsupported(bp, "the dynamic field '%s'",
			                      bp->meta->dynamic.items[i].str);
	return 0;
}

/* Refuses [tool.setuptools] keys the rules do not follow. */
static int st_refuse_tool(struct st *st)
{
	for (const sw_toml_node *e = st->tool ? sw_toml_first(st->tool) : NULL; e;
	     e = sw_toml_next(e)) {
		size_t len;
		const char *key = sw_toml_key(e, &len);
		int ok = 0;
		for (size_t i = 0; i < SW_ARRAY_LEN(st_known_keys); i++)
			ok |= strlen(st_known_keys[i]) == len &&
			      memcmp(st_known_keys[i], key, len) == 0;
		if (ok)
			continue;
		for (size_t i = 0; i < SW_ARRAY_LEN(st_refused_keys); i++)
			if (strlen(st_refused_keys[i].key) == len &&
			    memcmp(st_refused_keys[i].key, key, len) == 0)
				return bp_unsupported(st->bp, "%s", st_refused_keys[i].why);
		return bp_unsupported(st->bp, "[tool.setuptools] %.*s", (int)len, key);
	}
	const sw_toml_node *dyn = sw_toml_find(st->tool, "dynamic", 7);
	for (const sw_toml_node *e = dyn ? sw_toml_first(dyn) : NULL; e; e = sw_toml_next(e)) {
		size_t len;
		const char *key = sw_toml_key(e, &len);
		if (!(len == 7 && memcmp(key, "version", 7) == 0))
			return bp_unsupported(st->bp, "[tool.setuptools.dynamic] %.*s", (int)len,
			                      key);
	}
	return 0;
}
/* The patterns of a package-data-like table for a package: the "" (or
 * "*") key's, then the package's own. */
static int st_table_patterns(const sw_toml_node *table, const char *package, sel_strs *out)
{
	const char *what = "[tool.setuptools] package data patterns";
	int err = sel_toml_strs(table, sw_toml_find(table, "*", 1) ? "*" : "", what, out);
	if (err == 0 && package[0] != '\0')
		err = sel_toml_strs(table, package, what, out);
	return err;
}

/* Drops the files that exclude-package-data matches (fnmatch on the path
 * joined to the package folder, '*' crossing '/'). */
static int st_exclude_data(struct st *st, const char *package, const char *dir, sel_strs *files)
{
	sel_strs pats = {0};
	const sw_toml_node *ex = sw_toml_find(st->tool, "exclude-package-data", 20);
	int err = st_table_patterns(ex, package, &pats);
	for (size_t i = 0; i < pats.count && err == 0; i++) {
		char *full = sel_join(dir, pats.items[i]);
		if (full == NULL) {
			err = SW_ENOMEM;
			break;
		}
		size_t w = 0;
		for (size_t k = 0; k < files->count; k++) {
			if (sel_fnmatch(full, files->items[k]))
				sw_free(files->items[k]);
			else
				files->items[w++] = files->items[k];
		}
		files->count = w;
		sw_free(full);
	}
	sel_strs_free(&pats);
	return err;
}

/* Adds data files of a package to the wheel, under the package's path. */
static int st_add_data(struct st *st, const char *package, const char *dir, const sel_strs *files)
{
	int err = 0;
	size_t strip = dir[0] ? strlen(dir) + 1 : 0;
	for (size_t i = 0; i < files->count && err == 0; i++) {
		sel_strs dest = {0};
		if ((err = sel_strs_addf(&dest, "%s%s%s", package, package[0] ? "/" : "",
		                         files->items[i] + strip)) < 0)
			break;
		for (char *p = dest.items[0]; p < dest.items[0] + strlen(package); p++)
			if (*p == '.')
				*p = '/';
		err = bp_add_file(st->bp, BP_WHEEL, dest.items[0], files->items[i]);
		sel_strs_free(&dest);
	}
	return err;
}

/* build_py's modules: each package's *.py, then the py-modules. */
static int st_add_modules(struct st *st)
{
	int err = 0;
	for (size_t i = 0; i < st->packages.count && err == 0; i++) {
		const char *pkg = st->packages.items[i];
		sel_strs files = {0};
		char *dir = st_package_dir(st, pkg);
		if (dir == NULL)
			return SW_ENOMEM;
		if (!(dir[0] == '\0' || sel_is_dir(st->bp, dir)))
			err = sw_error_set(
			        SW_ENOTFOUND,
			        "setuptools: package directory '%s' (for package %s) does "
			        "not exist",
			        dir, pkg);
		if (err == 0)
			err = sel_pyglob(st->bp, dir, "*.py", &files, NULL);
		for (size_t k = 0; k < files.count && err == 0; k++)
			err = sel_strs_add(&st->sources, files.items[k]);
		if (err == 0)
			err = st_add_data(st, pkg, dir, &files);
		sel_strs_free(&files);
		sw_free(dir);
	}
	for (size_t i = 0; i < st->modules.count && err == 0; i++) {
		const char *mod = st->modules.items[i];
		const char *dot = strrchr(mod, '.');
		char *pkg = sw_strndup(mod, dot ? (size_t)(dot - mod) : 0);
		char *dir = pkg ? st_package_dir(st, pkg) : NULL;
		sel_strs file = {0};
		if (dir == NULL || (err = sel_strs_addf(&file, "%s%s%s.py", dir, dir[0] ? "/" : "",
		                                        dot ? dot + 1 : mod)) < 0)
			err = err < 0 ? err : SW_ENOMEM;
		else if (sel_is_file(st->bp, file.items[0]))
			err = sel_strs_add(&st->sources, file.items[0]);
		if (err == 0 && sel_is_file(st->bp, file.items[0]))
			err = st_add_data(st, pkg[0] ? pkg : "", dir, &file);
		sel_strs_free(&file);
		sw_free(pkg);
		sw_free(dir);
	}
	return err;
}

/* build_py's package data found by patterns: *.pyi, py.typed and the
 * package-data globs of each package, less exclude-package-data. */
static int st_pattern_data(struct st *st)
{
	const sw_toml_node *pd = sw_toml_find(st->tool, "package-data", 12);
	int err = 0;
	for (size_t i = 0; i < st->packages.count && err == 0; i++) {
		const char *pkg = st->packages.items[i];
		sel_strs pats = {0}, files = {0};
		char *dir = st_package_dir(st, pkg);
		if (dir == NULL)
			return SW_ENOMEM;
		if ((err = sel_strs_add(&pats, "*.pyi")) == 0 &&
		    (err = sel_strs_add(&pats, "py.typed")) == 0)
			err = st_table_patterns(pd, pkg, &pats);
		for (size_t k = 0; k < pats.count && err == 0; k++)
			err = sel_pyglob(st->bp, dir, pats.items[k], &files, NULL);
		sel_strs_sort_unique(&files);
		if (err == 0)
			err = st_exclude_data(st, pkg, dir, &files);
		for (size_t k = 0; k < files.count && err == 0; k++)
			err = sel_strs_add(&st->data, files.items[k]);
		if (err == 0)
			err = st_add_data(st, pkg, dir, &files);
		sel_strs_free(&pats);
		sel_strs_free(&files);
		sw_free(dir);
	}
	return err;
}

/* Returns 1 if a file name is a module name ("x.py", x an identifier). */
static int st_is_module(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && strcmp(name + n - 3, ".py") == 0 && sel_is_identifier(name, n - 3);
}

/* include-package-data: manifest files inside a package folder (not its
 * own modules) become data of that package (build_py.analyze_manifest). */
static int st_manifest_data(struct st *st, const sel_strs *manifest)
{
	int err = 0;
	for (size_t i = 0; i < st->packages.count && err == 0; i++) {
		const char *pkg = st->packages.items[i];
		sel_strs files = {0};
		char *dir = st_package_dir(st, pkg);
		if (dir == NULL)
			return SW_ENOMEM;
		size_t n = strlen(dir);
		for (size_t k = 0; k < manifest->count && err == 0; k++) {
			const char *path = manifest->items[k];
			if (n > 0 && !(strncmp(path, dir, n) == 0 && path[n] == '/'))
				continue;
			/* the innermost package folder holding the file owns it */
			const char *rest = path + (n ? n + 1 : 0);
			int owner = 1;
			for (size_t j = 0; j < st->packages.count && owner && err == 0; j++) {
				char *other = st_package_dir(st, st->packages.items[j]);
				size_t m = other ? strlen(other) : 0;
				if (other == NULL)
					err = SW_ENOMEM;
				else if (m > n && strncmp(path, other, m) == 0 && path[m] == '/' &&
				         (n == 0 || other[n] == '/'))
					owner = 0;
				sw_free(other);
			}
			if (err < 0)
				break;
			if (owner && !(strchr(rest, '/') == NULL && st_is_module(rest)))
				err = sel_strs_add(&files, path);
		}
		if (err == 0)
			err = st_exclude_data(st, pkg, dir, &files);
		if (err == 0)
			err = st_add_data(st, pkg, dir, &files);
		sel_strs_free(&files);
		sw_free(dir);
	}
	return err;
}

/* Default license globs of setuptools 78 (dist.py). */
static const char *const st_license_defaults[] = {"LICEN[CS]E*", "COPYING*", "NOTICE*", "AUTHORS*"};

/* The license files: each pattern's matches sorted, skipping names ending
 * in '~', each file once, in pattern order (dist._expand_patterns). A
 * pattern of license-files that matches nothing is an error. */
static int st_licenses(struct st *st)
{
	sel_strs pats = {0};
	int given = st->bp->meta->license_files.node != NULL, err = 0;
	for (size_t i = 0; given && i < st->bp->meta->license_files.count && err == 0; i++)
		err = sel_strs_add(&pats, st->bp->meta->license_files.items[i].str);
	if (!given)
		err = st_list(&pats, st_license_defaults, SW_ARRAY_LEN(st_license_defaults), 0);
	for (size_t i = 0; i < pats.count && err == 0; i++) {
		sel_strs files = {0};
		if (pats.items[i][0] == '/' || strstr(pats.items[i], "..") != NULL)
			err = sw_error_set(SW_EINVAL,
			                   "setuptools: license-files pattern '%s' must be "
			                   "relative and without '..'",
			                   pats.items[i]);
		if (err == 0)
			err = sel_pyglob(st->bp, "", pats.items[i], &files, NULL);
		sel_strs_sort_unique(&files);
		if (err == 0 && given && files.count == 0)
			err = sw_error_set(
			        SW_EINVAL,
			        "setuptools: license-files pattern '%s' did not match any "
			        "files",
			        pats.items[i]);
		for (size_t k = 0; k < files.count && err == 0; k++) {
			size_t n = strlen(files.items[k]);
			if (files.items[k][n - 1] != '~' &&
			    !sel_strs_has(&st->licenses, files.items[k]))
				err = sel_strs_add(&st->licenses, files.items[k]);
		}
		sel_strs_free(&files);
	}
	sel_strs_free(&pats);
	return err;
}

/* Makes the core metadata what setuptools writes: its license files in
 * its order, and "Dynamic: license-file" when there are some (setuptools
 * always counts expanded globs as dynamic). */
static int st_metadata(struct st *st)
{
	sw_metadata *md = st->bp->plan->metadata;
	int err = 0;
	sw_metadata_clear(md, SW_MD_LICENSE_FILE);
	sw_metadata_clear(md, SW_MD_DYNAMIC);
	for (size_t i = 0; i < st->licenses.count && err == 0; i++)
		err = sw_metadata_add(md, SW_MD_LICENSE_FILE, st->licenses.items[i]);
	if (err == 0 && st->licenses.count > 0)
		err = sw_metadata_add(md, SW_MD_DYNAMIC, "license-file");
	if (err == 0)
		err = sw_metadata_set(md, SW_MD_METADATA_VERSION, "2.4");
	return err;
}

/* "{egg_base}/{name}.egg-info": the name with runs of characters other
 * than letters, digits, '.', '_' and '-' made '-', then '-' as '_' and
 * leading/trailing '_' dropped (_normalization). */
static int st_egg_info(struct st *st)
{
	const char *name = st->bp->meta->name.str;
	sw_buf b;
	sw_buf_init(&b, 64 * 1024);
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		int safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		if (safe)
			sw_buf_putc(&b, c == '-' ? '_' : (char)c);
		else if (b.len == 0 || b.ptr[b.len - 1] != '_')
			sw_buf_putc(&b, '_');
	}
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	const char *s = sw_buf_cstr(&b);
	size_t len = b.len;
	while (len > 0 && s[len - 1] == '_')
		len--;
	while (len > 0 && *s == '_')
		s++, len--;
	sel_strs one = {0};
	int err = sel_strs_addf(&one, "%s%s%.*s.egg-info", st->egg_base, st->egg_base[0] ? "/" : "",
	                        (int)len, s);
	sw_buf_free(&b);
	if (err < 0)
		return err;
	st->egg_info = one.items[0];
	sw_free(one.items);
	if (sel_is_dir(st->bp, st->egg_info))
		return bp_unsupported(st->bp,
		                      "%s exists from an earlier build (setuptools would reuse its "
		                      "SOURCES.txt); remove it",
		                      st->egg_info);
	return 0;
}

char *st_top_level(const struct st *st)
{
	sel_strs names = {0};
	sw_buf b;
	int err = 0;
	for (size_t i = 0; i < st->packages.count + st->modules.count && err == 0; i++) {
		const char *n = i < st->packages.count ? st->packages.items[i]
		                                       : st->modules.items[i - st->packages.count];
		err = sel_strs_addn(&names, n, strcspn(n, "."));
	}
	sel_strs_sort_unique(&names);
	sw_buf_init(&b, 16 * 1024 * 1024);
	for (size_t i = 0; i < names.count; i++)
		sw_buf_printf(&b, "%s%s", i ? "\n" : "", names.items[i]);
	sw_buf_putc(&b, '\n');
	sel_strs_free(&names);
	if (err < 0 || sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		sw_error_set(SW_ENOMEM, "out of memory");
		return NULL;
	}
	return sw_buf_detach(&b, NULL);
}

/* Reads [tool.setuptools.dynamic] version: {attr = "mod.attr"} read by a
 * strict literal scan of the module's file, or {file = ...} (whose text,
 * stripped, is the version). The file read is a referenced file. */
static int st_dynamic_version(struct st *st, char **out)
{
	const sw_toml_node *v =
	        sw_toml_get(st->tool, (const char *const[]){"dynamic", "version"}, 2);
	char *attr = NULL, *file = NULL, *mod = NULL, *path = NULL;
	const char *what = "[tool.setuptools.dynamic] version";
	int err = 0;
	*out = NULL;
	if (v == NULL)
		return bp_unsupported(st->bp,
		                      "a dynamic version without [tool.setuptools.dynamic]");
	if ((err = sel_toml_str(v, "attr", what, &attr)) < 0 ||
	    (err = sel_toml_str(v, "file", what, &file)) < 0)
		goto done;
	if (file != NULL) {
		char *text = NULL, *norm = sel_normpath(file);
		size_t len = 0;
		if (norm == NULL || (path = sel_join(st->bp->plan->root, norm)) == NULL)
			err = SW_ENOMEM;
		else if ((err = sw_file_read(&text, &len, NULL, path, 64 * 1024)) == 0) {
			size_t s = 0;
			while (s < len && strchr(" \t\r\n\f\v", text[s]) && text[s])
				s++;
			while (len > s && strchr(" \t\r\n\f\v", text[len - 1]) && text[len - 1])
				len--;
			*out = sw_strndup(text + s, len - s);
			err = *out ? sel_strs_add(&st->referenced, norm) : SW_ENOMEM;
		}
		sw_free(text);
		sw_free(norm);
		goto done;
	}
	if (attr == NULL) {
		err = bp_unsupported(st->bp, "%s other than attr or file", what);
		goto done;
	}
	char *dot = strrchr(attr, '.');
	if (dot == NULL || dot == attr) {
		err = bp_unsupported(st->bp, "%s attr '%s' without a module", what, attr);
		goto done;
	}
	*dot = '\0';
	if ((mod = st_package_dir(st, attr)) == NULL) {
		err = SW_ENOMEM;
		goto done;
	}
	sel_strs cand = {0};
	if ((err = sel_strs_addf(&cand, "%s.py", mod)) == 0)
		err = sel_strs_addf(&cand, "%s%s__init__.py", mod, mod[0] ? "/" : "");
	for (size_t i = 0; i < cand.count && err == 0 && *out == NULL; i++)
		if (sel_is_file(st->bp, cand.items[i]))
			err = bp_scan_assignment(st->bp, cand.items[i], dot + 1, out);
	if (err == 0 && *out == NULL)
		err = sw_error_set(SW_ENOTFOUND,
		                   "setuptools: no module file for %s (looked for %s)", attr,
		                   cand.count ? cand.items[0] : mod);
	sel_strs_free(&cand);
done:
	sw_free(attr);
	sw_free(file);
	sw_free(mod);
	sw_free(path);
	return err;
}

/* The steps both entry points share: refusals and discovery. */
static int st_prepare(struct st *st, struct bp *bp)
{
	memset(st, 0, sizeof(*st));
	st->bp = bp;
	st->tool = bp_tool(bp, "setuptools");
	int err = st_refuse_project(bp);
	if (err == 0)
		err = st_refuse_tool(st);
	if (err == 0)
		err = st_config(st);
	return err;
}

int bp_version_setuptools(struct bp *bp, char **out)
{
	struct st st;
	int err = st_prepare(&st, bp);
	*out = NULL;
	if (err == 0)
		err = st_dynamic_version(&st, out);
	st_free(&st);
	return err;
}

int bp_rules_setuptools(struct bp *bp)
{
	struct st st;
	sel_strs manifest = {0};
	char *top = NULL, *path = NULL;
	int err = st_prepare(&st, bp);
	if (err == 0 && sw_project_is_dynamic(bp->project, SW_PF_VERSION)) {
		char *v = NULL;
		err = st_dynamic_version(&st, &v); /* for its referenced file */
		sw_free(v);
	}
	for (int k = 0; k < 2 && err == 0; k++) {
		/* files the configuration names: the readme, a license table's file */
		const char *ref = k == 0 ? (bp->meta->readme.kind == SW_README_FILE
		                                    ? bp->meta->readme.file.str
		                                    : NULL)
		                         : (bp->meta->license.kind == SW_LICENSE_FILE
		                                    ? bp->meta->license.value.str
		                                    : NULL);
		char *norm = ref ? sel_normpath(ref) : NULL;
		if (ref != NULL)
			err = norm ? sel_strs_add(&st.referenced, norm) : SW_ENOMEM;
		sw_free(norm);
	}
	if (err < 0 || (err = st_egg_info(&st)) < 0 || (err = st_add_modules(&st)) < 0 ||
	    (err = st_pattern_data(&st)) < 0 || (err = st_licenses(&st)) < 0 ||
	    (err = st_metadata(&st)) < 0 || (err = st_manifest(&st, &manifest)) < 0)
		goto done;
	if (st.include_package_data && (err = st_manifest_data(&st, &manifest)) < 0)
		goto done;
	if ((top = st_top_level(&st)) == NULL ||
	    (path = sel_join(bp->plan->dist_info, "top_level.txt")) == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if ((err = bp_add_data(bp, BP_WHEEL, path, top, strlen(top))) < 0 ||
	    (err = st_sdist(&st, &manifest)) < 0)
		goto done;
	err = bp_note(bp, "setuptools: %zu packages, %zu modules; egg-info at %s",
	              st.packages.count, st.modules.count, st.egg_info);
done:
	sel_strs_free(&manifest);
	sw_free(top);
	sw_free(path);
	st_free(&st);
	return err;
}
