/*
 * build/hatch_checks.c — hatchling 1.27's rules outside file selection:
 * the configuration the native path refuses (build hooks, metadata hooks,
 * hatch.toml, options that change the artifacts in ways not reproduced
 * here), the dynamic version read from [tool.hatch.version] path, the
 * wheel tag hatchling derives from requires-python, and its license-file
 * list (project.license-files, else its default globs) with
 * Metadata-Version 2.4.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "build/hatch_int.h"
#include "slipway/pep440.h"
#include "util/util.h"

static const char *const excluded_dirs[] = {
        "__pycache__", ".venv",       ".git",          ".hg",         ".hatch", ".tox",
        ".nox",        ".ruff_cache", ".pytest_cache", ".mypy_cache", ".pixi",
};

int hatch_dir_excluded(const char *name)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(excluded_dirs); i++)
		if (strcmp(name, excluded_dirs[i]) == 0)
			return 1;
	return 0;
}

/* A key of a table, or NULL. */
static const sw_toml_node *key(const sw_toml_node *t, const char *k)
{
	return t != NULL && sw_toml_type(t) == SW_TOML_TABLE ? sw_toml_find(t, k, strlen(k)) : NULL;
}

const sw_toml_node *hatch_build_table(const struct bp *bp)
{
	const sw_toml_node *b = key(bp_tool(bp, "hatch"), "build");
	return b != NULL && sw_toml_type(b) == SW_TOML_TABLE ? b : NULL;
}

const sw_toml_node *hatch_target_table(const struct bp *bp, const char *name)
{
	const sw_toml_node *t = key(key(hatch_build_table(bp), "targets"), name);
	return t != NULL && sw_toml_type(t) == SW_TOML_TABLE ? t : NULL;
}

void hatch_str_list_free(char **list, size_t count)
{
	for (size_t i = 0; list != NULL && i < count; i++)
		sw_free(list[i]);
	sw_free(list);
}

int hatch_str_list(char ***out, size_t *count, const sw_toml_node *node, const char *where)
{
	*out = NULL;
	*count = 0;
	if (node == NULL)
		return 0;
	if (sw_toml_type(node) != SW_TOML_ARRAY)
		return sw_error_set(SW_EINVAL, "hatchling: field `%s` must be an array of strings",
		                    where);
	size_t n = sw_toml_count(node);
	char **list = sw_calloc(n ? n : 1, sizeof(*list));
	if (list == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const char *s = NULL;
		size_t len = 0;
		if (sw_toml_string(sw_toml_at(node, i), &s, &len) < 0 || len == 0 ||
		    memchr(s, '\0', len) != NULL) {
			hatch_str_list_free(list, i);
			return sw_error_set(
			        SW_EINVAL,
			        "hatchling: entry #%zu of `%s` must be a non-empty string", i + 1,
			        where);
		}
		if ((list[i] = sw_strndup(s, len)) == NULL) {
			hatch_str_list_free(list, i);
			return sw_error_set(SW_ENOMEM, "out of memory");
		}
	}
	*out = list;
	*count = n;
	return 0;
}

int hatch_normpath(char **out, const char *path)
{
	sw_buf b;
	size_t marks[256], depth = 0;
	sw_buf_init(&b, 64 * 1024);
	sw_buf_puts(&b, "");
	for (const char *s = path; *s;) {
		size_t n = strcspn(s, "/");
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			if (depth == 0) {
				sw_buf_free(&b);
				return sw_error_set(SW_EINVAL, "'%s' leaves the project folder",
				                    path);
			}
			b.len = marks[--depth];
			b.ptr[b.len] = '\0';
		} else if (n > 0 && !(n == 1 && s[0] == '.')) {
			if (depth == SW_ARRAY_LEN(marks)) {
				sw_buf_free(&b);
				return sw_error_set(SW_EINVAL, "'%s': too deep", path);
			}
			marks[depth++] = b.len;
			if (b.len > 0)
				sw_buf_putc(&b, '/');
			sw_buf_put(&b, s, n);
		}
		s += n + (s[n] == '/');
	}
	if (sw_buf_error(&b) < 0 || (*out = sw_buf_detach(&b, NULL)) == NULL) {
		sw_buf_free(&b);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	return 0;
}

/* Refuses every key of `table` not in `allowed` (a NULL-ended list). */
static int keys_allowed(struct bp *bp, const sw_toml_node *table, const char *where,
                        const char *const *allowed)
{
	for (const sw_toml_node *n = sw_toml_first(table); n != NULL; n = sw_toml_next(n)) {
		size_t len = 0;
		const char *k = sw_toml_key(n, &len);
		int ok = 0;
		for (size_t i = 0; allowed[i] != NULL && !ok; i++)
			ok = strlen(allowed[i]) == len && memcmp(allowed[i], k, len) == 0;
		if (!ok)
			return bp_unsupported(bp, "[%s] %.*s is not supported natively", where,
			                      (int)len, k);
	}
	return 0;
}

/* A boolean key must be absent or have the value `want`. */
static int bool_is(struct bp *bp, const sw_toml_node *t, const char *k, int want, const char *where)
{
	const sw_toml_node *n = key(t, k);
	int v = want;
	if (n != NULL && (sw_toml_bool(n, &v) < 0 || v != want))
		return bp_unsupported(bp, "[%s] %s = %s is not supported natively", where, k,
		                      want ? "false" : "true");
	return 0;
}

static const char *const build_keys[] = {
        "include",        "exclude",       "packages",           "only-include",
        "sources",        "force-include", "skip-excluded-dirs", "ignore-vcs",
        "only-packages",  "directory",     "reproducible",       "dev-mode-dirs",
        "dev-mode-exact", "targets",       "strict-naming",      NULL};
static const char *const sdist_keys[] = {"include",
                                         "exclude",
                                         "packages",
                                         "only-include",
                                         "sources",
                                         "force-include",
                                         "skip-excluded-dirs",
                                         "ignore-vcs",
                                         "only-packages",
                                         "reproducible",
                                         "strict-naming",
                                         "core-metadata-version",
                                         "support-legacy",
                                         NULL};
static const char *const wheel_keys[] = {
        "include",       "exclude",        "packages",           "only-include",
        "sources",       "force-include",  "skip-excluded-dirs", "ignore-vcs",
        "only-packages", "reproducible",   "strict-naming",      "core-metadata-version",
        "dev-mode-dirs", "dev-mode-exact", "macos-max-compat",   NULL};

/* Checks one target's table. */
static int check_target(struct bp *bp, const char *name, const char *const *allowed)
{
	char where[64];
	const sw_toml_node *t = hatch_target_table(bp, name);
	int err;
	if (t == NULL)
		return 0;
	snprintf(where, sizeof(where), "tool.hatch.build.targets.%s", name);
	if ((err = keys_allowed(bp, t, where, allowed)) < 0 ||
	    (err = bool_is(bp, t, "reproducible", 1, where)) < 0 ||
	    (err = bool_is(bp, t, "strict-naming", 1, where)) < 0 ||
	    (err = bool_is(bp, t, "support-legacy", 0, where)) < 0)
		return err;
	const sw_toml_node *cmv = key(t, "core-metadata-version");
	const char *s = NULL;
	size_t len = 0;
	if (cmv != NULL && (sw_toml_string(cmv, &s, &len) < 0 || len != 3 || memcmp(s, "2.4", 3)))
		return bp_unsupported(bp, "[%s] core-metadata-version other than 2.4", where);
	return 0;
}

/* Refuses dependencies with a direct URL unless hatchling allows them. */
static int check_direct_refs(struct bp *bp)
{
	const sw_toml_node *allow =
	        key(key(bp_tool(bp, "hatch"), "metadata"), "allow-direct-references");
	int ok = 0;
	if (allow != NULL && sw_toml_bool(allow, &ok) == 0 && ok)
		return 0;
	const sw_project_meta *m = bp->meta;
	for (size_t i = 0; i < m->dependencies.count; i++) {
		const sw_requirement *r = m->dependencies.items[i].req;
		if (r != NULL && sw_requirement_url(r) != NULL)
			return sw_error_set(
			        SW_EINVAL,
			        "hatchling: dependency '%s' is a direct reference; hatchling "
			        "refuses it unless [tool.hatch.metadata] "
			        "allow-direct-references = true",
			        m->dependencies.items[i].text.str);
	}
	for (size_t e = 0; e < m->optional_dependencies.count; e++) {
		const sw_project_deps *d = &m->optional_dependencies.items[e].deps;
		for (size_t i = 0; i < d->count; i++)
			if (d->items[i].req != NULL && sw_requirement_url(d->items[i].req) != NULL)
				return sw_error_set(
				        SW_EINVAL,
				        "hatchling: dependency '%s' is a direct reference; "
				        "set [tool.hatch.metadata] "
				        "allow-direct-references = true",
				        d->items[i].text.str);
	}
	return 0;
}

int hatch_check_supported(struct bp *bp)
{
	const sw_toml_node *build = hatch_build_table(bp);
	const sw_toml_node *meta = key(bp_tool(bp, "hatch"), "metadata");
	int err;
	if (bp_is_file(bp, "hatch.toml"))
		return bp_unsupported(bp, "configuration in hatch.toml");
	if (key(meta, "hooks") != NULL)
		return bp_unsupported(bp, "metadata hooks ([tool.hatch.metadata.hooks])");
	if (key(build, "hooks") != NULL)
		return bp_unsupported(bp, "build hooks ([tool.hatch.build.hooks])");
	for (size_t i = 0; i < bp->meta->dynamic.count; i++)
		if (strcmp(bp->meta->dynamic.items[i].str, "version") != 0)
			return bp_unsupported(bp, "dynamic field '%s' (set by a metadata hook)",
			                      bp->meta->dynamic.items[i].str);
	if (build != NULL && (err = keys_allowed(bp, build, "tool.hatch.build", build_keys)) < 0)
		return err;
	if ((err = bool_is(bp, build, "reproducible", 1, "tool.hatch.build")) < 0 ||
	    (err = bool_is(bp, build, "strict-naming", 1, "tool.hatch.build")) < 0)
		return err;
	const sw_toml_node *targets = key(build, "targets");
	for (const sw_toml_node *t = targets ? sw_toml_first(targets) : NULL; t != NULL;
	     t = sw_toml_next(t))
		if (key(t, "hooks") != NULL)
			return bp_unsupported(bp, "build hooks of a target");
	if ((err = check_target(bp, "sdist", sdist_keys)) < 0 ||
	    (err = check_target(bp, "wheel", wheel_keys)) < 0)
		return err;
	return check_direct_refs(bp);
}

int bp_version_hatchling(struct bp *bp, char **out)
{
	const sw_toml_node *v = key(bp_tool(bp, "hatch"), "version");
	const char *path = NULL, *src = NULL;
	size_t len = 0, slen = 0;
	char *rel = NULL;
	int err;
	*out = NULL;
	if (v == NULL)
		return sw_error_set(SW_EINVAL, "hatchling: version is dynamic but "
		                               "[tool.hatch.version] is missing");
	if (key(v, "source") != NULL && (sw_toml_string(key(v, "source"), &src, &slen) < 0 ||
	                                 slen != 5 || memcmp(src, "regex", 5) != 0))
		return bp_unsupported(bp, "version source other than a file's __version__");
	if (key(v, "pattern") != NULL)
		return bp_unsupported(bp, "a custom [tool.hatch.version] pattern");
	if (sw_toml_string(key(v, "path"), &path, &len) < 0 || len == 0)
		return bp_unsupported(bp, "[tool.hatch.version] without a path");
	char *raw = sw_strndup(path, len);
	if (raw == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	err = hatch_normpath(&rel, raw);
	sw_free(raw);
	if (err < 0)
		return err;
	err = bp_scan_assignment(bp, rel, "__version__", out);
	if (err == SW_ENOTFOUND)
		err = bp_scan_assignment(bp, rel, "VERSION", out);
	if (err == 0 && (*out)[0] == 'v')
		memmove(*out, *out + 1, strlen(*out));
	if (err == 0)
		err = bp_note(bp, "version %s read from %s", *out, rel);
	sw_free(rel);
	return err;
}

static const char *const default_license_globs[] = {"LICEN[CS]E*", "COPYING*", "NOTICE*",
                                                    "AUTHORS*"};

/* Collects the root's files matching hatchling's default license globs,
 * sorted (readdir order sorted by the walk-free listing below). */
static int default_license_files(struct bp *bp, sw_metadata *md)
{
	DIR *d = opendir(bp->plan->root);
	char **names = NULL;
	size_t n = 0;
	int err = 0;
	if (d == NULL)
		return sw_error_set(SW_EIO, "%s: cannot be listed", bp->plan->root);
	for (struct dirent *e; err == 0 && (e = readdir(d)) != NULL;) {
		int hit = 0;
		for (size_t g = 0; g < SW_ARRAY_LEN(default_license_globs) && !hit; g++)
			hit = bp_glob_match(default_license_globs[g], e->d_name);
		if (!hit || !bp_is_file(bp, e->d_name))
			continue;
		char **grown = sw_realloc(names, (n + 1) * sizeof(*names));
		if (grown == NULL || (grown[n] = sw_strdup(e->d_name)) == NULL) {
			names = grown ? grown : names;
			err = sw_error_set(SW_ENOMEM, "out of memory");
			break;
		}
		names = grown;
		n++;
	}
	closedir(d);
	for (size_t i = 1; err == 0 && i < n; i++) /* insertion sort: a handful */
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (size_t i = 0; err == 0 && i < n; i++)
		err = sw_metadata_add(md, SW_MD_LICENSE_FILE, names[i]);
	hatch_str_list_free(names, n);
	return err;
}

/* Returns 1 if the set contains major.minor.patch, 0 if not, < 0 on error. */
static int spec_has(const sw_specset *set, int major, int minor, int patch)
{
	char text[32];
	sw_version *v = NULL;
	snprintf(text, sizeof(text), "%d.%d.%d", major, minor, patch);
	if (sw_version_parse(&v, text, strlen(text)) < 0)
		return SW_ENOMEM;
	int r = sw_specset_contains(set, v, SW_PRE_DEFAULT, NULL);
	sw_version_free(v);
	return r;
}

/* Which of Python 2 and 3 the set allows, as hatchling's get_default_tag()
 * decides: x.y.100 for each minor first, every patch only if that finds
 * none for either major. Sets bit (major - 2). */
static int majors_allowed(const sw_specset *set, unsigned *bits)
{
	*bits = 0;
	for (int slow = 0; slow < 2 && *bits == 0; slow++)
		for (int major = 2; major <= 3; major++)
			for (int minor = 0; minor < 100 && !(*bits & (1u << (major - 2))); minor++)
				for (int patch = slow ? 0 : 100; patch <= (slow ? 99 : 100);
				     patch++) {
					int r = spec_has(set, major, minor, patch);
					if (r < 0)
						return r;
					if (r > 0) {
						*bits |= 1u << (major - 2);
						break;
					}
				}
	return 0;
}

/* hatchling's tag: py2 and/or py3 as requires-python allows. */
static int wheel_tag(struct bp *bp)
{
	const sw_project_str *rp = &bp->meta->requires_python;
	sw_specset *set = NULL;
	unsigned bits = 0;
	const char *tag = NULL;
	int err = 0;
	if (rp->str == NULL)
		tag = "py2.py3-none-any";
	else if ((err = sw_specset_parse(&set, rp->str, rp->len)) < 0)
		return err == SW_ENOMEM
		               ? err
		               : sw_error_set(SW_EINVAL, "requires-python '%s' is not valid",
		                              rp->str);
	if (set != NULL) {
		err = majors_allowed(set, &bits);
		sw_specset_free(set);
		if (err < 0)
			return sw_error_set(SW_ENOMEM, "out of memory");
		static const char *const tags[] = {NULL, "py2-none-any", "py3-none-any",
		                                   "py2.py3-none-any"};
		if ((tag = tags[bits & 3]) == NULL)
			return sw_error_set(
			        SW_EINVAL, "requires-python '%s' allows no Python 2 or 3", rp->str);
	}
	sw_free(bp->plan->wheel_tag);
	if ((bp->plan->wheel_tag = sw_strdup(tag)) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}

int hatch_adjust_metadata(struct bp *bp)
{
	sw_metadata *md = bp->plan->metadata;
	const char *mv = sw_metadata_required_version(md);
	int err = 0;
	if (bp->meta->license_files.node == NULL) {
		sw_metadata_clear(md, SW_MD_LICENSE_FILE);
		if ((err = default_license_files(bp, md)) < 0)
			return err;
	}
	if ((err = hatch_requires_dist(bp)) < 0 || (err = hatch_sort_lists(bp)) < 0)
		return err;
	if (strcmp(mv, "2.5") < 0 && (err = sw_metadata_set(md, SW_MD_METADATA_VERSION, "2.4")) < 0)
		return err;
	return wheel_tag(bp);
}
