/*
 * bump/backends.c — where each build backend reads a dynamic version:
 * hatchling's [tool.hatch.version] path (default pattern), setuptools'
 * [tool.setuptools.dynamic] attr (module found through package-dir or the
 * src/ and flat layouts) or file, flit's module __version__; VCS plugins
 * (setuptools-scm, hatch-vcs, versioningit...) are recognised and
 * reported. Also the package's own __version__/VERSION literals.
 */
#include <stdio.h>
#include <string.h>

#include "bump/sites_int.h"
#include "slipway/pep508.h"
#include "util/util.h"

/* Build requirements that derive the version from git. */
static const char *const vcs_requires[] = {
        "setuptools-scm",
        "hatch-vcs",
        "versioningit",
        "setuptools-git-versioning",
        "poetry-dynamic-versioning",
        "uv-dynamic-versioning",
        "flit-scm",
        "pdm-backend-scm",
};

/* [tool] tables (and a value that must be "vcs"/"scm") that do the same. */
static const struct {
	const char *path, *value, *name;
} vcs_tools[] = {
        {"tool.setuptools_scm", NULL, "setuptools-scm"},
        {"tool.setuptools-scm", NULL, "setuptools-scm"},
        {"tool.hatch.version.source", "vcs", "hatch-vcs"},
        {"tool.versioningit", NULL, "versioningit"},
        {"tool.setuptools-git-versioning", NULL, "setuptools-git-versioning"},
        {"tool.pdm.version.source", "scm", "pdm-scm"},
        {"tool.poetry-dynamic-versioning", NULL, "poetry-dynamic-versioning"},
};

static const char *const package_files[] = {"__init__.py", "_version.py", "version.py",
                                            "__about__.py"};

static const char *detect_vcs(sw_version_sites *s)
{
	const sw_project_build *b = sw_project_build_get(s->project);
	for (size_t i = 0; i < b->requires.count; i++) {
		const sw_requirement *req = b->requires.items[i].req;
		for (size_t k = 0; req && k < SW_ARRAY_LEN(vcs_requires); k++) {
			const char *n = sw_requirement_name(req);
			if (sw_name_equal(n, strlen(n), vcs_requires[k], strlen(vcs_requires[k])))
				return vcs_requires[k];
		}
	}
	for (size_t k = 0; k < SW_ARRAY_LEN(vcs_tools); k++) {
		const char *v = sites_toml_str(s, vcs_tools[k].path);
		if (vcs_tools[k].value ? v && strcmp(v, vcs_tools[k].value) == 0
		                       : sites_toml_node(s, vcs_tools[k].path) != NULL)
			return vcs_tools[k].name;
	}
	return NULL;
}

/* Whether a relative path stays inside the project. */
static int path_is_inside(const char *p)
{
	if (!*p || p[0] == '/')
		return 0;
	for (const char *seg = p; seg; seg = strchr(seg, '/') ? strchr(seg, '/') + 1 : NULL)
		if (strncmp(seg, "..", 2) == 0 && (seg[2] == '/' || seg[2] == '\0'))
			return 0;
	return 1;
}

/* Loads a file named by the configuration; notes why when it cannot. */
static int load_named(size_t *file, sw_version_sites *s, const char *path, const char *key)
{
	int err;
	if (!path_is_inside(path)) {
		sites_note(s,
		           "%s = \"%s\" points outside the project; slipway does not write there",
		           key, path);
		return 1;
	}
	if ((err = sites_file_load(file, s, path)) == SW_ENOTFOUND) {
		sites_note(s, "%s = \"%s\": no such file", key, path);
		return 1;
	}
	return err;
}

static int is_word_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Whether `word` occurs in s[0, n) as a whole identifier. */
static int has_word(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word);
	for (size_t i = 0; i + wl <= n; i++)
		if ((i == 0 || !is_word_char(s[i - 1])) &&
		    (i + wl == n || !is_word_char(s[i + wl])) && memcmp(s + i, word, wl) == 0)
			return 1;
	return 0;
}

/* The file a module-level `from .mod import NAME` line of file `file`
 * names (relative imports only): "dir/mod.py" or "dir/mod/__init__.py"
 * relative to the project, into `out`. Returns 1 if found. */
static int relative_import(char *out, size_t size, const struct site_file *f, const char *name)
{
	const char *t = f->text, *end = f->text + f->len, *slash = strrchr(f->path, '/');
	for (const char *line = t; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line)), *p = line + 5, *mod;
		size_t n = (size_t)((nl ? nl : end) - line), dots = 0, ml;
		char dir[600];
		if (n > 5 && memcmp(line, "from .", 6) == 0) {
			while (p < line + n && *p == '.')
				p++, dots++;
			mod = p;
			while (p < line + n && (is_word_char(*p) || *p == '.'))
				p++;
			ml = (size_t)(p - mod);
			if (ml && (size_t)(line + n - p) > 8 && memcmp(p, " import ", 8) == 0 &&
			    has_word(p + 8, (size_t)(line + n - p - 8), name)) {
				snprintf(dir, sizeof(dir), "%.*s",
				         slash ? (int)(slash - f->path) : 0, f->path);
				for (size_t d = 1; d < dots; d++) {
					char *up = strrchr(dir, '/');
					if (!up)
						return 0;
					*up = '\0';
				}
				snprintf(out, size, "%s%s%.*s", dir, dir[0] ? "/" : "", (int)ml,
				         mod);
				for (char *q = out + strlen(dir); *q; q++)
					if (*q == '.')
						*q = '/';
				return 1;
			}
		}
		line = nl ? nl + 1 : end;
	}
	return 0;
}

/* The first strict `name = "literal"` of a loaded Python file as the
 * truth; a module that only imports the name from a sibling module
 * (`from ._version import __version__`) is followed once. */
static int add_literal(sw_version_sites *s, enum sw_site_origin origin, size_t file,
                       const char *name, const char *what)
{
	struct sw_pyassign a[SW_PYSCAN_MAX];
	const char *names[] = {name, NULL};
	char mod[700], path[720];
	size_t n = sw_pyscan(a, SW_PYSCAN_MAX, names, s->files[file].text, s->files[file].len);
	int err = SW_ENOTFOUND;
	if (!n && relative_import(mod, sizeof(mod), &s->files[file], name)) {
		for (int k = 0; k < 2 && err == SW_ENOTFOUND; k++) {
			snprintf(path, sizeof(path), "%s%s", mod, k ? "/__init__.py" : ".py");
			err = path_is_inside(path) ? sites_file_load(&file, s, path) : SW_ENOTFOUND;
		}
		if (err < 0 && err != SW_ENOTFOUND)
			return err;
		if (err == 0)
			n = sw_pyscan(a, SW_PYSCAN_MAX, names, s->files[file].text,
			              s->files[file].len);
	}
	if (!n) {
		sites_note(s,
		           "%s: %s has no `%s = \"...\"` line slipway can write (an expression or "
		           "an import is not a literal); write the version there as a string",
		           s->files[file].path, what, name);
		return 0;
	}
	return sites_add(s, origin, file, name, a[0].offset, a[0].len, NULL, 1);
}

/* hatchling: the default regex source, reading [tool.hatch.version] path. */
static int find_hatch(sw_version_sites *s)
{
	const char *source = sites_toml_str(s, "tool.hatch.version.source");
	const char *path = sites_toml_str(s, "tool.hatch.version.path");
	const sw_toml_node *pattern;
	size_t file, off, len;
	int err;
	if (source && strcmp(source, "regex") != 0) {
		sites_note(s,
		           "hatchling reads the version with source = \"%s\"; slipway can write "
		           "only the default regex source ([tool.hatch.version] path)",
		           source);
		return 0;
	}
	if (!path) {
		sites_note(s, "version is dynamic but [tool.hatch.version] has no path");
		return 0;
	}
	if ((pattern = sites_toml_node(s, "tool.hatch.version.pattern")) != NULL &&
	    sw_toml_type(pattern) == SW_TOML_STRING) {
		sites_note(s, "[tool.hatch.version] has a custom pattern; slipway reads only "
		              "hatchling's default one (__version__ = \"...\")");
		return 0;
	}
	if ((err = load_named(&file, s, path, "tool.hatch.version.path")) != 0)
		return err < 0 ? err : 0;
	if (!sw_hatch_pattern_find(&off, &len, s->files[file].text, s->files[file].len)) {
		sites_note(s, "%s: hatchling's pattern finds no __version__ = \"...\" line", path);
		return 0;
	}
	{
		const char *t = s->files[file].text;
		size_t ls = off;
		while (ls > 0 && t[ls - 1] != '\n')
			ls--;
		return sites_add(s, SW_SITE_HATCH_PATH, file,
		                 t[ls] == '_' ? "__version__" : "VERSION", off, len, NULL, 1);
	}
}

/* The module file of a dotted module name for setuptools: package-dir
 * mapping, else src/ then the flat layout; .py or /__init__.py. */
static int setuptools_module(size_t *file, sw_version_sites *s, const char *module)
{
	char modpath[512], key[300], path[1200];
	size_t top = strcspn(module, ".");
	const char *roots[3] = {NULL, "src", ""};
	const char *mapped;
	int err = SW_ENOTFOUND;
	if (top >= 256 || strlen(module) >= sizeof(modpath))
		return SW_ENOTFOUND;
	snprintf(modpath, sizeof(modpath), "%s", module);
	for (char *p = modpath; *p; p++)
		if (*p == '.')
			*p = '/';
	snprintf(key, sizeof(key), "tool.setuptools.package-dir.\"%.*s\"", (int)top, module);
	if ((mapped = sites_toml_str(s, key)) != NULL) {
		/* the top package lives in `mapped`: replace it in the path */
		snprintf(key, sizeof(key), "%s", mapped);
		roots[0] = key;
		roots[1] = roots[2] = NULL;
		memmove(modpath, modpath + top, strlen(modpath + top) + 1);
	} else {
		roots[0] = sites_toml_str(s, "tool.setuptools.package-dir.\"\"");
	}
	for (size_t r = 0; r < 3 && err == SW_ENOTFOUND; r++) {
		if (!roots[r])
			continue;
		for (int k = 0; k < 2 && err == SW_ENOTFOUND; k++) {
			const char *root = roots[r];
			snprintf(path, sizeof(path), "%s%s%s%s", root,
			         root[0] && modpath[0] != '/' ? "/" : "", modpath,
			         k ? "/__init__.py" : ".py");
			err = path_is_inside(path) ? sites_file_load(file, s, path) : SW_ENOTFOUND;
		}
	}
	return err;
}

/* The one file of version = {file = "F"} or {file = ["F"]}, or NULL. */
static const char *setuptools_file(sw_version_sites *s)
{
	const sw_toml_node *node, *item;
	const char *str;
	size_t len;
	const char *f = sites_toml_str(s, "tool.setuptools.dynamic.version.file");
	if (f)
		return f;
	if (!(node = sites_toml_node(s, "tool.setuptools.dynamic.version.file")) ||
	    sw_toml_type(node) != SW_TOML_ARRAY)
		return NULL;
	if (sw_toml_count(node) != 1 || !(item = sw_toml_first(node)) ||
	    sw_toml_string(item, &str, &len) < 0) {
		sites_note(s, "version = {file = [...]} must name exactly one file for slipway "
		              "to write it");
		return NULL;
	}
	return sites_copy(s, str, len);
}

/* setuptools: version = {attr = "pkg.mod.NAME"} or {file = "VERSION"}. */
static int find_setuptools(sw_version_sites *s)
{
	const char *attr = sites_toml_str(s, "tool.setuptools.dynamic.version.attr");
	const char *fname = sites_toml_str(s, "tool.setuptools.dynamic.version.file");
	const char *dot;
	char module[512];
	size_t file;
	int err;
	if (!fname)
		fname = setuptools_file(s);
	if (attr && (dot = strrchr(attr, '.')) != NULL && (size_t)(dot - attr) < sizeof(module)) {
		snprintf(module, sizeof(module), "%.*s", (int)(dot - attr), attr);
		if ((err = setuptools_module(&file, s, module)) == SW_ENOTFOUND) {
			sites_note(s,
			           "attr = \"%s\": the module %s was found neither under "
			           "package-dir, src/ nor the project folder",
			           attr, module);
			return 0;
		}
		return err < 0 ? err : add_literal(s, SW_SITE_SETUPTOOLS_ATTR, file, dot + 1, attr);
	}
	if (fname) {
		const struct site_file *f;
		size_t a = 0, b;
		if ((err = load_named(&file, s, fname, "tool.setuptools.dynamic.version.file")) !=
		    0)
			return err < 0 ? err : 0;
		f = &s->files[file];
		b = f->len;
		while (a < b && (f->text[a] == ' ' || f->text[a] == '\n' || f->text[a] == '\t' ||
		                 f->text[a] == '\r'))
			a++;
		while (b > a && (f->text[b - 1] == ' ' || f->text[b - 1] == '\n' ||
		                 f->text[b - 1] == '\t' || f->text[b - 1] == '\r'))
			b--;
		if (a == b || memchr(f->text + a, '\n', b - a)) {
			sites_note(s, "%s: expected the version alone on one line", fname);
			return 0;
		}
		return sites_add(s, SW_SITE_SETUPTOOLS_FILE, file, fname, a, b - a, NULL, 1);
	}
	sites_note(s, "version is dynamic but [tool.setuptools.dynamic] has no version = "
	              "{attr = \"pkg.__version__\"} or {file = \"VERSION\"}");
	return 0;
}

/* The import name: [project] name normalised with '_' for '-'. */
static void import_name(char *out, size_t size, const sw_version_sites *s)
{
	const char *name = sw_project_meta_get(s->project)->name.str;
	size_t n = 0;
	out[0] = '\0';
	if (!name || sw_name_normalize_to(out, size, &n, name, strlen(name)) < 0) {
		out[0] = '\0';
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (out[i] == '-')
			out[i] = '_';
}

/* flit: __version__ of the module named like the project (or tool.flit.module). */
static int find_flit(sw_version_sites *s)
{
	const char *mod = sites_toml_str(s, "tool.flit.module.name");
	static const char *const forms[] = {"%s/__init__.py", "%s.py", "src/%s/__init__.py",
	                                    "src/%s.py"};
	char name[256], path[600];
	size_t file;
	int err = SW_ENOTFOUND;
	if (mod)
		snprintf(name, sizeof(name), "%s", mod);
	else
		import_name(name, sizeof(name), s);
	for (char *p = name; *p; p++)
		if (*p == '.')
			*p = '/';
	for (size_t k = 0; name[0] && k < SW_ARRAY_LEN(forms) && err == SW_ENOTFOUND; k++) {
		snprintf(path, sizeof(path), forms[k], name);
		err = path_is_inside(path) ? sites_file_load(&file, s, path) : SW_ENOTFOUND;
	}
	if (err == SW_ENOTFOUND) {
		sites_note(s, "flit reads __version__ from the module '%s', which was not found",
		           name);
		return 0;
	}
	return err < 0 ? err : add_literal(s, SW_SITE_FLIT_MODULE, file, "__version__", name);
}

int sites_find_dynamic(sw_version_sites *s)
{
	const char *backend = sw_project_build_get(s->project)->backend.str;
	if ((s->vcs = detect_vcs(s)) != NULL)
		return 0;
	if (!backend)
		backend = "setuptools.build_meta:__legacy__";
	if (strcmp(backend, "hatchling.build") == 0)
		return find_hatch(s);
	if (strncmp(backend, "setuptools.build_meta", 21) == 0)
		return find_setuptools(s);
	if (strcmp(backend, "flit_core.buildapi") == 0 || strcmp(backend, "flit.buildapi") == 0)
		return find_flit(s);
	if (strcmp(backend, "uv_build") == 0)
		sites_note(s, "uv_build needs a static version: remove \"version\" from "
		              "project.dynamic and set [project] version = \"...\"");
	else
		sites_note(s,
		           "the build backend %s reads a dynamic version from a place slipway "
		           "does not know; set a static [project] version, or bump it with the "
		           "backend's own tool",
		           backend);
	return 0;
}

/* The package folders to look in: <pkg>/ and src/<pkg>/ (and uv_build's
 * module-root/module-name). */
int sites_find_package(sw_version_sites *s)
{
	char name[256], dirs[3][600], path[700];
	const char *uv_name = sites_toml_str(s, "tool.uv.build-backend.module-name");
	const char *uv_root = sites_toml_str(s, "tool.uv.build-backend.module-root");
	struct sw_pyassign a[SW_PYSCAN_MAX];
	int err;
	if (uv_name)
		snprintf(name, sizeof(name), "%s", uv_name);
	else
		import_name(name, sizeof(name), s);
	if (!name[0])
		return 0;
	snprintf(dirs[0], sizeof(dirs[0]), "src/%s", name);
	snprintf(dirs[1], sizeof(dirs[1]), "%s", name);
	snprintf(dirs[2], sizeof(dirs[2]), "%s/%s", uv_root ? uv_root : "src", name);
	for (size_t d = 0; d < 3; d++) {
		if ((d == 2 && strcmp(dirs[2], dirs[0]) == 0) || !path_is_inside(dirs[d]))
			continue;
		for (size_t k = 0; k < SW_ARRAY_LEN(package_files); k++) {
			size_t file, n;
			int w = snprintf(path, sizeof(path), "%s/%s", dirs[d], package_files[k]);
			if (w < 0 || (size_t)w >= sizeof(path))
				continue; /* longer than any path this scan looks at */
			if ((err = sites_file_load(&file, s, path)) == SW_ENOTFOUND)
				continue;
			if (err < 0)
				return err;
			n = sw_pyscan(a, SW_PYSCAN_MAX, NULL, s->files[file].text,
			              s->files[file].len);
			for (size_t i = 0; i < n && i < SW_PYSCAN_MAX; i++) {
				const char *nm = s->files[file].text[a[i].name_off] == '_'
				                         ? "__version__"
				                         : "VERSION";
				if ((err = sites_add(s, SW_SITE_PACKAGE, file, nm, a[i].offset,
				                     a[i].len, NULL, 0)) < 0)
					return err;
			}
		}
	}
	return 0;
}
