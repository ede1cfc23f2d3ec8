/*
 * artifact/lint_wheel.c — wheel content lints with check-wheel-contents'
 * codes and meanings: W001 .pyc/.pyo files, W002 duplicate files, W003
 * non-module at the library's top level, W004 module not at an importable
 * path, W005 common top-level directory (tests, docs, ...), W006
 * __init__.py at the top level, W007 empty library, W008 empty wheel, W009
 * several top-level entries, W010 top-level directory without modules,
 * W101/W102 files not in / missing from the declared package tree, W201
 * missing / W202 undeclared top-level entries. The library is the wheel's
 * root plus its .data/purelib and .data/platlib folders, merged. Modules
 * are recognised by check-wheel-contents' rule: ".py", ".so", or an
 * extension tag before ".so"/".pyd" ("x.cpython-311-x86_64-linux-gnu.so").
 */
#include <stdlib.h>
#include <string.h>

#include "artifact/lint_int.h"
#include "slipway/hash.h"
#include "util/util.h"

#define MSG_MAX 4096

/* Top-level directory names that belong to no project (W005). */
static const char *const common_dirs[] = {"build",   "data",     "dist", "doc",  "docs",
                                          "example", "examples", "src",  "test", "tests"};

static const char *const keywords[] = {
        "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
        "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
        "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
        "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};

/* File contents too common to call duplicates (W002): check-wheel-contents'
 * allowed duplicates. */
static const char *const common_contents[] = {"",
                                              "\n",
                                              "\r\n",
                                              "# -*- coding: utf-8 -*-",
                                              "# -*- coding: utf-8 -*-\n",
                                              "# -*- coding: utf-8 -*-\n\r"};

struct lint {
	sw_lint_emit_fn emit;
	void *ctx;
	sw_buf msg;
	const sw_lint_member *members;
	size_t count;
	const char **lib; /* library files, relative to the library root, sorted */
	size_t lib_count;
	size_t other_files; /* files outside .dist-info */
};

/* Emits a warning about `member` with a formatted message. */
static int warn(struct lint *l, const char *code, const char *member, const char *hint,
                const char *fmt, const char *arg)
{
	sw_lint_hit hit = {
	        .code = code, .severity = SW_LINT_WARNING, .member = member, .hint = hint};
	int err;
	sw_buf_clear(&l->msg);
	sw_buf_printf(&l->msg, fmt, arg);
	if ((err = sw_buf_error(&l->msg)) < 0)
		return sw_error_set(err, "out of memory");
	hit.message = sw_buf_cstr(&l->msg);
	return l->emit(l->ctx, &hit);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return k <= n && strcmp(s + n - k, suffix) == 0;
}

/* Length of the first path component. */
static size_t first_len(const char *path)
{
	const char *slash = strchr(path, '/');
	return slash ? (size_t)(slash - path) : strlen(path);
}

/* Where a member sits in the library ("" prefix stripped), or NULL. */
static const char *library_path(const char *path)
{
	size_t top = first_len(path);
	if (top >= 10 && memcmp(path + top - 10, ".dist-info", 10) == 0)
		return NULL;
	if (top >= 5 && memcmp(path + top - 5, ".data", 5) == 0 && path[top] == '/') {
		const char *rest = path + top + 1;
		if (strncmp(rest, "purelib/", 8) == 0)
			return rest + 8;
		if (strncmp(rest, "platlib/", 8) == 0)
			return rest + 8;
		return NULL;
	}
	return path;
}

/* 1 if [s, s+len) is an extension module's tag (cpython-311-x86_64-linux-gnu). */
static int is_tag(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!(s[i] == '-' || s[i] == '_' || (s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	return 1;
}

/* The length of a module file name's base (before ".py", ".so" or
 * ".<tag>.so" / ".<tag>.pyd"), or 0 when the name is not a module's, as
 * check-wheel-contents decides. */
static size_t module_base(const char *name)
{
	size_t n = strlen(name), e;
	const char *dot;
	if (n > 3 && strcmp(name + n - 3, ".py") == 0)
		return n - 3;
	if (n > 3 && strcmp(name + n - 3, ".so") == 0)
		e = n - 3;
	else if (n > 4 && strcmp(name + n - 4, ".pyd") == 0)
		e = n - 4;
	else
		return 0;
	for (dot = name + e; dot > name && dot[-1] != '.';)
		dot--;
	if (dot > name + 1 && is_tag(dot, (size_t)(name + e - dot)))
		return (size_t)(dot - 1 - name);
	return name[e + 1] == 's' ? e : 0;
}

/* The last path component. */
static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* 1 for Python modules: .py sources and extension modules. */
static int is_module(const char *path)
{
	return module_base(base_of(path)) > 0;
}

/* 1 if [s, s+len) is a Python identifier that is not a keyword. */
static int is_identifier(const char *s, size_t len)
{
	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z')))
			return 0;
	}
	for (size_t i = 0; i < SW_ARRAY_LEN(keywords); i++)
		if (strlen(keywords[i]) == len && memcmp(keywords[i], s, len) == 0)
			return 0;
	return 1;
}

/* 1 if every component of a module's path is importable. */
static int importable(const char *path)
{
	for (;;) {
		const char *slash = strchr(path, '/');
		if (!slash)
			return is_identifier(path, module_base(path));
		if (!is_identifier(path, (size_t)(slash - path)))
			return 0;
		path = slash + 1;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Collects the library files, sorted. */
static int collect_library(struct lint *l)
{
	l->lib = sw_calloc(l->count + 1, sizeof(*l->lib));
	if (!l->lib)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < l->count; i++) {
		const sw_lint_member *m = &l->members[i];
		const char *lp;
		size_t top = first_len(m->path);
		if (m->is_dir)
			continue;
		if (!(top >= 10 && memcmp(m->path + top - 10, ".dist-info", 10) == 0))
			l->other_files++;
		if ((lp = library_path(m->path)) != NULL && *lp)
			l->lib[l->lib_count++] = lp;
	}
	qsort(l->lib, l->lib_count, sizeof(*l->lib), cmp_str);
	return 0;
}

/* W001, W003, W004, W006: rules about single files. */
static int file_rules(struct lint *l)
{
	int err = 0;
	for (size_t i = 0; i < l->count && err == 0; i++) {
		const char *p = l->members[i].path, *lp = library_path(p);
		if (l->members[i].is_dir)
			continue;
		if (ends_with(p, ".pyc") || ends_with(p, ".pyo"))
			err = warn(l, "W001", p,
			           "Exclude compiled files (*.pyc, __pycache__/) from the build.",
			           "the wheel contains compiled bytecode: %s", p);
		if (err || !lp || !*lp)
			continue;
		if (!strchr(lp, '/') && !is_module(lp) && !ends_with(lp, ".pth"))
			err = warn(l, "W003", p,
			           "Move the file inside your package, or out of the wheel.",
			           "non-module file at the top level of the library: %s", lp);
		else if (strcmp(lp, "__init__.py") == 0)
			err = warn(l, "W006", p,
			           "Check the package configuration (src layout, packages=).",
			           "__init__.py at the top level of the library: %s", p);
		if (!err && is_module(lp) && !importable(lp))
			err = warn(l, "W004", p,
			           "Rename the folder or module to a valid identifier (no '-', no "
			           "keyword).",
			           "module is not at an importable path: %s", lp);
	}
	return err;
}

/* The name of the top-level entry of library file `lp`, into `out`. */
static void toplevel_of(char *out, size_t size, const char *lp)
{
	size_t len = first_len(lp);
	if (len >= size)
		len = size - 1;
	memcpy(out, lp, len);
	out[len] = 0;
}

/* 1 if the tree below top-level directory `name` (sorted run) has a module. */
static int tree_has_module(const struct lint *l, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (is_module(l->lib[i]))
			return 1;
	return 0;
}

/* 1 if `name` is listed in opts->toplevel (with or without a trailing '/'). */
static int declared(const sw_lint_wheel_opts *o, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; o && i < o->toplevel_count; i++) {
		const char *t = o->toplevel[i];
		size_t k = strlen(t);
		if (k && t[k - 1] == '/')
			k--;
		if (k == n && memcmp(t, name, n) == 0)
			return 1;
	}
	return 0;
}

/* W005, W009, W010, W202: rules about the top-level entries. */
static int toplevel_rules(struct lint *l, const sw_lint_wheel_opts *o)
{
	char name[512], first[512] = "";
	size_t entries = 0;
	int err = 0, counted;
	for (size_t i = 0; i < l->lib_count && err == 0;) {
		size_t j = i + 1, len = first_len(l->lib[i]);
		int dir = l->lib[i][len] == '/';
		while (j < l->lib_count && first_len(l->lib[j]) == len &&
		       memcmp(l->lib[j], l->lib[i], len) == 0)
			j++;
		toplevel_of(name, sizeof(name), l->lib[i]);
		counted = name[0] != '_' && (dir || !ends_with(name, ".pth"));
		if (counted && entries++ == 0)
			memcpy(first, name, sizeof(name));
		else if (counted && entries == 2)
			err = warn(l, "W009", NULL, "Check that only your package(s) are included.",
			           "the library has several top-level entries (%s and others)",
			           first);
		for (size_t k = 0; dir && !err && k < SW_ARRAY_LEN(common_dirs); k++)
			if (strcmp(name, common_dirs[k]) == 0)
				err = warn(l, "W005", NULL,
				           "Exclude it from the packages, or move it inside your "
				           "package.",
				           "common top-level directory in the library: %s/", name);
		if (!err && dir && !tree_has_module(l, i, j))
			err = warn(l, "W010", NULL,
			           "Check that the folder is meant to be installed.",
			           "top-level directory has no Python modules: %s/", name);
		if (!err && o && o->toplevel_count && !declared(o, name))
			err = warn(l, "W202", NULL, "Declare it, or leave it out of the wheel.",
			           "undeclared top-level entry in the library: %s", name);
		i = j;
	}
	return err;
}

/* W201: declared top-level entries missing from the library. */
static int declared_rules(struct lint *l, const sw_lint_wheel_opts *o)
{
	int err = 0;
	for (size_t i = 0; o && i < o->toplevel_count && err == 0; i++) {
		const char *t = o->toplevel[i];
		size_t k = strlen(t), found = 0;
		if (k && t[k - 1] == '/')
			k--;
		for (size_t j = 0; j < l->lib_count && !found; j++)
			found = first_len(l->lib[j]) == k && memcmp(l->lib[j], t, k) == 0;
		if (!found)
			err = warn(l, "W201", NULL, "Check the build configuration's package list.",
			           "declared top-level entry missing from the library: %s", t);
	}
	return err;
}

/* 1 if `path` is in the sorted library. */
static int in_library(const struct lint *l, const char *path)
{
	return bsearch(&path, l->lib, l->lib_count, sizeof(*l->lib), cmp_str) != NULL;
}

/* W101, W102: the library against the declared package tree. */
static int package_rules(struct lint *l, const sw_lint_wheel_opts *o)
{
	int err = 0;
	if (!o || !o->package_file_count)
		return 0;
	for (size_t i = 0; i < o->package_file_count && err == 0; i++)
		if (!in_library(l, o->package_files[i]))
			err = warn(l, "W102", NULL, "Check the build's include rules.",
			           "file of the package tree missing from the wheel: %s",
			           o->package_files[i]);
	for (size_t i = 0; i < l->lib_count && err == 0; i++) {
		const char *p = l->lib[i];
		int under = 0, listed = 0;
		for (size_t k = 0; k < o->package_file_count && !listed; k++) {
			const char *f = o->package_files[k];
			size_t n = first_len(f);
			under |= first_len(p) == n && memcmp(p, f, n) == 0;
			listed = strcmp(p, f) == 0;
		}
		if (under && !listed)
			err = warn(l, "W101", NULL,
			           "Remove stale files (delete build/ and rebuild).",
			           "library file not in the package tree: %s", p);
	}
	return err;
}

/* 1 if a digest is that of a too-common content. */
static int common_digest(const unsigned char *digest)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(common_contents); i++) {
		unsigned char d[SW_HASH_MAX_SIZE];
		if (sw_hash_bytes(d, SW_HASH_SHA256, common_contents[i],
		                  strlen(common_contents[i])) == 0 &&
		    memcmp(d, digest, 32) == 0)
			return 1;
	}
	return 0;
}

static int cmp_digest(const void *a, const void *b)
{
	const sw_lint_member *x = *(const sw_lint_member *const *)a;
	const sw_lint_member *y = *(const sw_lint_member *const *)b;
	int c = memcmp(x->sha256, y->sha256, 32);
	return c ? c : strcmp(x->path, y->path);
}

/* W002: files with the same contents (anywhere in the wheel). */
static int duplicate_rule(struct lint *l)
{
	const sw_lint_member **v = sw_calloc(l->count + 1, sizeof(*v));
	size_t n = 0;
	int err = 0;
	if (!v)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < l->count; i++) {
		const sw_lint_member *m = &l->members[i];
		if (!m->is_dir && m->sha256)
			v[n++] = m;
	}
	qsort(v, n, sizeof(*v), cmp_digest);
	for (size_t i = 1; i < n && err == 0; i++) {
		if (memcmp(v[i]->sha256, v[i - 1]->sha256, 32) != 0 || common_digest(v[i]->sha256))
			continue;
		sw_buf_clear(&l->msg);
		err = warn(l, "W002", v[i]->path,
		           "Delete the copy (or rebuild after deleting build/).",
		           "duplicate file: same contents as %s", v[i - 1]->path);
	}
	sw_free(v);
	return err;
}

int sw_lint_wheel_members(const sw_lint_member *members, size_t count,
                          const sw_lint_wheel_opts *opts, sw_lint_emit_fn emit, void *ctx)
{
	struct lint l = {.emit = emit, .ctx = ctx, .members = members, .count = count};
	int err;
	sw_buf_init(&l.msg, MSG_MAX);
	if ((err = collect_library(&l)) < 0 || (err = file_rules(&l)) < 0 ||
	    (err = duplicate_rule(&l)) < 0 || (err = toplevel_rules(&l, opts)) < 0)
		goto done;
	if (l.lib_count == 0 &&
	    (err = warn(&l, "W007", NULL, "Check the packages/modules the build includes.",
	                "the wheel's library is empty%s", "")) < 0)
		goto done;
	if (l.other_files == 0 &&
	    (err = warn(&l, "W008", NULL, "Check the build configuration.",
	                "the wheel is empty apart from its %s", ".dist-info")) < 0)
		goto done;
	if ((err = declared_rules(&l, opts)) < 0)
		goto done;
	err = package_rules(&l, opts);
done:
	sw_free(l.lib);
	sw_buf_free(&l.msg);
	return err;
}
