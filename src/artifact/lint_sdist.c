/*
 * artifact/lint_sdist.c — sdist content lints: what should never ship in
 * a source distribution (VCS folders, __pycache__ and bytecode, build
 * outputs and tool caches, editor and OS litter), and the sdist against
 * `git ls-files` of the project it was built from: tracked files left out
 * (often on purpose: info) and untracked files let in (warning: local
 * files, maybe secrets). The layout rules (one top folder, PKG-INFO,
 * pyproject.toml) are the artifact module's T findings.
 *
 * Codes: D001 version control folder, D002 __pycache__ or bytecode, D003
 * build output or tool cache, D004 editor or OS litter (warnings); D010
 * tracked file not in the sdist (info), D011 sdist file git does not track
 * (warning).
 */
#include <stdlib.h>
#include <string.h>

#include "artifact/lint_int.h"
#include "util/util.h"

#define MSG_MAX 4096

/* A path component that must not appear, and what it is. */
struct bad_dir {
	const char *name;
	const char *code;
	const char *what;
	int top_only; /* only directly below the sdist's top folder */
};

static const struct bad_dir bad_dirs[] = {
        {".git", "D001", "version control folder", 0},
        {".hg", "D001", "version control folder", 0},
        {".svn", "D001", "version control folder", 0},
        {".bzr", "D001", "version control folder", 0},
        {"CVS", "D001", "version control folder", 0},
        {"_darcs", "D001", "version control folder", 0},
        {"__pycache__", "D002", "bytecode cache", 0},
        {"build", "D003", "build output folder", 1},
        {"dist", "D003", "build output folder", 1},
        {".eggs", "D003", "build output folder", 1},
        {".tox", "D003", "tool cache or virtual environment", 0},
        {".nox", "D003", "tool cache or virtual environment", 0},
        {".venv", "D003", "tool cache or virtual environment", 0},
        {".pytest_cache", "D003", "tool cache or virtual environment", 0},
        {".mypy_cache", "D003", "tool cache or virtual environment", 0},
        {".ruff_cache", "D003", "tool cache or virtual environment", 0},
        {"htmlcov", "D003", "tool cache or virtual environment", 1},
        {".idea", "D004", "editor settings folder", 0},
};

/* File names (or suffixes, starting with '*') that must not appear. */
static const struct {
	const char *pattern, *code, *what;
} bad_files[] = {
        {"*.pyc", "D002", "compiled bytecode"},
        {"*.pyo", "D002", "compiled bytecode"},
        {".coverage", "D003", "coverage data"},
        {".DS_Store", "D004", "operating system litter"},
        {"Thumbs.db", "D004", "operating system litter"},
        {"*.swp", "D004", "editor swap file"},
        {"*~", "D004", "editor backup file"},
};

/* Emits a finding about `member`. */
static int emit_one(sw_lint_emit_fn emit, void *ctx, sw_buf *msg, const char *code,
                    enum sw_lint_severity sev, const char *member, const char *what,
                    const char *hint)
{
	sw_lint_hit hit = {.code = code, .severity = sev, .member = member, .hint = hint};
	int err;
	sw_buf_clear(msg);
	sw_buf_printf(msg, "the sdist contains a %s: %s", what, member);
	if ((err = sw_buf_error(msg)) < 0)
		return sw_error_set(err, "out of memory");
	hit.message = sw_buf_cstr(msg);
	return emit(ctx, &hit);
}

/* The member's path below the sdist's top folder. */
static const char *below_top(const char *path)
{
	const char *slash = strchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The first bad folder among `rel`'s directory components, or NULL. The
 * last component counts only when the member is itself a directory. */
static const struct bad_dir *find_bad_dir(const char *rel, int is_dir)
{
	for (int depth = 0; *rel; depth++) {
		const char *slash = strchr(rel, '/');
		size_t len = slash ? (size_t)(slash - rel) : strlen(rel);
		if (!slash && !is_dir)
			return NULL;
		for (size_t i = 0; i < SW_ARRAY_LEN(bad_dirs); i++) {
			const struct bad_dir *b = &bad_dirs[i];
			if (strlen(b->name) == len && memcmp(b->name, rel, len) == 0 &&
			    (!b->top_only || depth == 0))
				return b;
		}
		if (!slash)
			return NULL;
		rel = slash + 1;
	}
	return NULL;
}

/* The bad-file pattern matching the member's last component, or -1. */
static int find_bad_file(const char *rel)
{
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	for (size_t i = 0; i < SW_ARRAY_LEN(bad_files); i++) {
		const char *p = bad_files[i].pattern;
		size_t n = strlen(base), k = strlen(p) - 1;
		if (p[0] == '*' ? (k <= n && strcmp(base + n - k, p + 1) == 0)
		                : strcmp(base, p) == 0)
			return (int)i;
	}
	return -1;
}

int sw_lint_sdist_members(const sw_lint_member *members, size_t count, sw_lint_emit_fn emit,
                          void *ctx)
{
	/* report each bad folder once, at its first member */
	const char *reported = NULL;
	size_t reported_len = 0;
	sw_buf msg;
	int err = 0;
	sw_buf_init(&msg, MSG_MAX);
	for (size_t i = 0; i < count && err == 0; i++) {
		const char *rel = below_top(members[i].path);
		const struct bad_dir *b = find_bad_dir(rel, members[i].is_dir);
		int f;
		if (b) {
			const char *at = strstr(rel, b->name);
			size_t len = (size_t)(at - members[i].path) + strlen(b->name);
			if (reported && reported_len == len &&
			    memcmp(reported, members[i].path, len) == 0)
				continue;
			reported = members[i].path;
			reported_len = len;
			err = emit_one(emit, ctx, &msg, b->code, SW_LINT_WARNING, members[i].path,
			               b->what,
			               "Exclude it from the sdist (the build backend's "
			               "exclude settings, or MANIFEST.in prune).");
			continue;
		}
		if (!members[i].is_dir && (f = find_bad_file(rel)) >= 0)
			err = emit_one(emit, ctx, &msg, bad_files[f].code, SW_LINT_WARNING,
			               members[i].path, bad_files[f].what,
			               "Exclude it from the sdist, and clean the project folder.");
	}
	sw_buf_free(&msg);
	return err;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 1 for files a backend writes into the sdist itself (not in git). */
static int generated(const char *rel)
{
	const char *slash = strchr(rel, '/');
	if (strcmp(rel, "PKG-INFO") == 0 || strcmp(rel, "setup.cfg") == 0)
		return 1;
	for (const char *p = rel; p; p = slash ? slash + 1 : NULL) {
		size_t len;
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		if (slash && len > 9 && memcmp(p + len - 9, ".egg-info", 9) == 0)
			return 1;
	}
	return 0;
}

/* D011: sdist files git does not track. */
static int untracked(const sw_lint_member *members, size_t count, const char *prefix,
                     const char **sorted, size_t n, sw_lint_emit_fn emit, void *ctx, sw_buf *msg)
{
	size_t plen = strlen(prefix);
	int err = 0;
	for (size_t i = 0; i < count && err == 0; i++) {
		const char *p = members[i].path, *rel;
		if (members[i].is_dir || strncmp(p, prefix, plen) != 0 || p[plen] != '/')
			continue;
		rel = p + plen + 1;
		if (generated(rel) || bsearch(&rel, sorted, n, sizeof(*sorted), cmp_str))
			continue;
		err = emit_one(emit, ctx, msg, "D011", SW_LINT_WARNING, p,
		               "file that git does not track",
		               "Check it is meant to be published; add it to git or exclude it.");
	}
	return err;
}

int sw_lint_sdist_vs_git(const sw_lint_member *members, size_t count, const char *prefix,
                         const char *const *tracked, size_t tracked_count, sw_lint_emit_fn emit,
                         void *ctx)
{
	const char **sorted = sw_calloc(tracked_count + 1, sizeof(*sorted));
	const char **in_sdist = sw_calloc(count + 1, sizeof(*in_sdist));
	size_t plen = strlen(prefix), n = 0;
	sw_buf msg;
	int err = 0;
	sw_buf_init(&msg, MSG_MAX);
	if (!sorted || !in_sdist) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	memcpy(sorted, tracked, tracked_count * sizeof(*sorted));
	qsort(sorted, tracked_count, sizeof(*sorted), cmp_str);
	for (size_t i = 0; i < count; i++)
		if (!members[i].is_dir && strncmp(members[i].path, prefix, plen) == 0 &&
		    members[i].path[plen] == '/')
			in_sdist[n++] = members[i].path + plen + 1;
	qsort(in_sdist, n, sizeof(*in_sdist), cmp_str);
	for (size_t i = 0; i < tracked_count && err == 0; i++) {
		sw_lint_hit hit = {.code = "D010", .severity = SW_LINT_INFO, .member = sorted[i]};
		if (bsearch(&sorted[i], in_sdist, n, sizeof(*in_sdist), cmp_str))
			continue;
		sw_buf_clear(&msg);
		sw_buf_printf(&msg, "file tracked by git is not in the sdist: %s", sorted[i]);
		if ((err = sw_buf_error(&msg)) < 0)
			break;
		hit.message = sw_buf_cstr(&msg);
		hit.hint = "Fine if left out on purpose; otherwise include it in the sdist.";
		err = emit(ctx, &hit);
	}
	if (err == 0)
		err = untracked(members, count, prefix, sorted, tracked_count, emit, ctx, &msg);
done:
	sw_free(sorted);
	sw_free(in_sdist);
	sw_buf_free(&msg);
	return err;
}
