/*
 * slipway/bump.h — version bumping: where a project's version is written
 * (its "sites"), what the next version is, and writing it everywhere at
 * once, optionally with a git commit and an annotated tag. SPECS.md §8, §11.
 *
 * Three steps, each usable alone (the CLI `slipway version` and the UI's
 * picker use the same functions):
 *
 *  1. sw_version_sites_find() reads a project folder and lists every place
 *     the version is written, with file:line:col of the version's first
 *     character, which one the build backend reads (the source of truth),
 *     and whether the others agree with it.
 *  2. sw_bump_apply() / sw_bump_set() / sw_bump_next() compute a new
 *     version from the current one. Pure functions of strings.
 *  3. sw_bump_plan() prepares the new text of every file (nothing is
 *     written), sw_bump_plan_diff() shows it, sw_bump_plan_write() writes.
 *
 * ---- bump rules (uv's `uv version --bump`, crates/uv-pep440 Version::bump
 *      and uv's version command; every result is the normalised form) ----
 *
 * The components form the hierarchy major > minor > patch > stable > pre
 * (alpha/beta/rc) > post > dev. Bumping a level clears every lower level;
 * bumping a missing number starts it at 1 (a missing release component
 * counts as 0). The epoch and the local label are never changed.
 *  - major / minor / patch: increment release component 0 / 1 / 2; earlier
 *    components stay (missing ones become 0), later ones become 0; the
 *    release grows to at least index+1 components but is never shortened
 *    (0.2 patch -> 0.2.1, 0.2 minor -> 0.3, 1.2.3.4 minor -> 1.3.0.0).
 *    Clears pre, post and dev: 1.2.3a1 patch -> 1.2.4, 1.2.3.post2 major
 *    -> 2.0.0.
 *  - stable: clears pre, post and dev (1.2.3b4.post5.dev6 -> 1.2.3).
 *  - alpha / beta / rc: a pre-release of the same kind is incremented
 *    (1.2.3a4 -> 1.2.3a5), any other state gets kind N=1 (1.2.3a4 beta ->
 *    1.2.3b1); clears post and dev.
 *  - post: increments the post number or sets .post1; clears dev.
 *  - dev: increments the dev number or sets .dev1; keeps everything else
 *    (1.2.3a4.dev6 -> 1.2.3a4.dev7, as uv's code and its own test of
 *    9!2.3.4a5.post6.dev7+deadbeef6 -> ...dev8+deadbeef6 do; the sentence
 *    "1.2.3a4.dev6 => 1.2.3.dev7" of uv's --help text is not what uv does).
 *  - A step may carry an explicit number ("minor=10"): the component is set
 *    to it instead of incremented (not for stable).
 * Several steps are applied in hierarchy order whatever order they were
 * given in (minor + beta -> 1.3.0b1 from 1.2.3). As in uv, these
 * combinations are refused (SW_EINVAL): stable or post with any other
 * step, more than one of major/minor/patch, more than one of
 * alpha/beta/rc/dev.
 * The result must be greater than the current version (SW_EREFUSED
 * otherwise, unless allow_downgrade): 1.2.3 alpha gives 1.2.3a1, which is
 * smaller, so a pre-release or dev step on a final version needs a release
 * step too (major + alpha -> 2.0.0a1).
 *
 * Ownership: every object returned through `**out` is the caller's, freed
 * with its _free function; strings returned through `char **` are freed
 * with sw_free(). Pointers inside a site list are borrowed from it.
 */
#ifndef SLIPWAY_BUMP_H
#define SLIPWAY_BUMP_H

#include <stddef.h>

#include "slipway/buf.h"
#include "slipway/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- bump planning ------------------------------------------------------ */

/* The kinds, in the order they are applied. */
enum sw_bump_kind {
	SW_BUMP_MAJOR = 0,
	SW_BUMP_MINOR,
	SW_BUMP_PATCH,
	SW_BUMP_STABLE,
	SW_BUMP_ALPHA,
	SW_BUMP_BETA,
	SW_BUMP_RC,
	SW_BUMP_POST,
	SW_BUMP_DEV,
	SW_BUMP_KIND_COUNT
};

/* "major", "minor", ..., "dev"; NULL out of range. */
const char *sw_bump_kind_name(enum sw_bump_kind kind);

/* One step: a kind and an optional explicit number (ASCII digits, NULL to
 * increment). */
typedef struct sw_bump_step {
	enum sw_bump_kind kind;
	const char *value;
} sw_bump_step;

/* Parses "KIND" or "KIND=N" (e.g. "minor", "dev=3"). `text` must outlive
 * the step (value points into it). SW_EINVAL with a message naming the
 * kinds for anything else. */
int sw_bump_step_parse(sw_bump_step *out, const char *text);

/* Applies `count` steps (see the rules above) to `current`, a PEP 440
 * version (any spelling), and returns the normalised result in *out
 * (sw_free). Errors: SW_EPARSE for a current version that is not PEP 440
 * ("invalid version ..."); SW_EINVAL for no step, a refused combination or
 * a bad explicit number; SW_EREFUSED when the result is not greater than
 * `current` and !allow_downgrade (the message says "A => B didn't increase
 * the version" and what to add); SW_EUNSUPPORTED for a version whose
 * normal form is not ASCII (packaging's U+0130 "preview" spellings);
 * SW_ENOMEM. */
int sw_bump_apply(char **out, const char *current, const sw_bump_step *steps, size_t count,
                  int allow_downgrade);

/* Checks an explicit new version against `current`: *out receives its
 * normalised form. SW_EPARSE if either is not PEP 440; SW_EREFUSED when it
 * is not greater than `current` and !allow_downgrade. */
int sw_bump_set(char **out, const char *current, const char *new_version, int allow_downgrade);

/* What one kind alone would give from a version. */
typedef struct sw_bump_choice {
	enum sw_bump_kind kind;
	char *version; /* the normalised result (sw_free'd by sw_bump_choices_free) */
	int increases; /* 1 if it is greater than the current version */
} sw_bump_choice;

/* Fills `out[k]` for every kind k, in kind order: the version one
 * `--bump k` would give and whether it is an increase (a kind that is not
 * an increase is one the picker should show disabled). SW_EPARSE,
 * SW_EUNSUPPORTED, SW_ENOMEM as sw_bump_apply(); on failure nothing needs
 * freeing. */
int sw_bump_next(sw_bump_choice out[SW_BUMP_KIND_COUNT], const char *current);
void sw_bump_choices_free(sw_bump_choice choices[SW_BUMP_KIND_COUNT]);

/* ---- version sites ------------------------------------------------------ */

/* Where a site's version comes from. */
enum sw_site_origin {
	SW_SITE_PROJECT_VERSION = 0, /* [project] version = "..." (static) */
	SW_SITE_HATCH_PATH,          /* [tool.hatch.version] path: the file hatchling reads */
	SW_SITE_SETUPTOOLS_ATTR,     /* [tool.setuptools.dynamic] version = {attr = ...} */
	SW_SITE_SETUPTOOLS_FILE,     /* [tool.setuptools.dynamic] version = {file = ...} */
	SW_SITE_FLIT_MODULE,         /* flit: __version__ of the module */
	SW_SITE_PACKAGE,             /* __version__/VERSION in the package, read by nobody */
	SW_SITE_UV_LOCK              /* uv.lock's [[package]] entry of the project itself */
};

/* "project.version", "tool.hatch.version.path", ... for messages. */
const char *sw_site_origin_name(enum sw_site_origin origin);

/* One place where the version is written. The version's characters are
 * bytes [offset, offset + len) of the file; line:col (1-based, col in
 * code points) is where they start. */
typedef struct sw_version_site {
	enum sw_site_origin origin;
	const char *path;  /* relative to the project folder, '/'-separated */
	const char *name;  /* "version", "__version__", "VERSION", or the file's name */
	const char *value; /* the version characters as written */
	unsigned line, col;
	size_t offset, len;
	int truth;                    /* 1 for the site the build backend reads */
	int agrees;                   /* 1 if the value equals the truth's (PEP 440 equality) */
	int follows;                  /* 1 for a copy rewritten with the others that need not agree
	                               * (uv.lock: a stale entry is brought up to date) */
	const char *why_not_writable; /* NULL, or why slipway cannot write it */
} sw_version_site;

typedef struct sw_version_sites sw_version_sites;

/* Reads the project in folder `dir` (its pyproject.toml, the files the
 * backend reads the version from, and the package's __init__.py,
 * _version.py, version.py and __about__.py, and uv.lock's entry of the
 * project itself) and lists the sites. The
 * source of truth is project.version when it is static, else the file the
 * backend reads (hatchling's [tool.hatch.version] path with its default
 * pattern, setuptools' attr (module found through package-dir or the
 * src/flat layouts) or file, flit's module). Package files are read with a
 * strict scanner: a module-level `NAME = "literal"` or 'literal', an
 * optional annotation (`__version__: str = ...`), a comment after it;
 * anything else (an expression, an import) is not a site.
 *
 * Problems of the project are not errors of this call: they are reported by
 * sw_version_sites_problem(). Errors: SW_ENOTFOUND (no pyproject.toml),
 * SW_EPARSE (pyproject.toml is not TOML), SW_EIO, SW_ENOMEM. */
int sw_version_sites_find(sw_version_sites **out, const char *dir);
void sw_version_sites_free(sw_version_sites *sites);

size_t sw_version_sites_count(const sw_version_sites *sites);
const sw_version_site *sw_version_sites_at(const sw_version_sites *sites, size_t i);

/* The project's name as written in [project] (NULL if absent). */
const char *sw_version_sites_project_name(const sw_version_sites *sites);

/* The current version: the truth's value, or NULL without a truth. */
const char *sw_version_sites_current(const sw_version_sites *sites);

/* 1 if every site agrees with the truth. */
int sw_version_sites_agree(const sw_version_sites *sites);

/* The VCS plugin the version comes from ("setuptools-scm", "hatch-vcs",
 * "versioningit", "pdm-scm"...), or NULL. Such a version is a git tag:
 * sw_bump_git() can create it (`slipway version --tag`). */
const char *sw_version_sites_vcs(const sw_version_sites *sites);

/* Why the version cannot be bumped here, in plain words with the sites and
 * what to do (no truth, a dynamic version slipway cannot write, sites that
 * disagree, a truth that is not PEP 440, a read-only file...), or NULL when
 * it can. Borrowed. */
const char *sw_version_sites_problem(const sw_version_sites *sites);

/* ---- writing ------------------------------------------------------------ */

typedef struct sw_bump_plan sw_bump_plan;

/* Prepares the new text of every file holding a site, with only the
 * version characters replaced by `new_version` (written as given: pass a
 * normalised form). pyproject.toml goes through the TOML editor (the
 * string keeps its quotes), Python and VERSION files by a byte-exact
 * replacement. Checks first that every site is writable and every file
 * still holds what was read: SW_EREFUSED with sw_version_sites_problem()'s
 * message when the project has a problem or a file is read-only (no write
 * permission bit), SW_ECONFLICT when a file changed since
 * sw_version_sites_find(). Nothing is written. `sites` must outlive the
 * plan. */
int sw_bump_plan_make(sw_bump_plan **out, const sw_version_sites *sites, const char *new_version);
void sw_bump_plan_free(sw_bump_plan *plan);

/* Number of files the plan changes, and their paths (relative). */
size_t sw_bump_plan_count(const sw_bump_plan *plan);
const char *sw_bump_plan_path(const sw_bump_plan *plan, size_t i);

/* Appends a unified diff of every file ("--- a/PATH", "+++ b/PATH"). */
int sw_bump_plan_diff(sw_buf *out, const sw_bump_plan *plan);

/* Writes every file atomically, each refused with SW_ECONFLICT when it
 * changed on disk since it was read. If a later file fails, the files
 * already written are put back as they were (best effort; the message says
 * if that failed too). SW_EIO, SW_ECONFLICT. */
int sw_bump_plan_write(sw_bump_plan *plan);

/* ---- git and the index -------------------------------------------------- */

#define SW_BUMP_GIT_OPTS_VERSION 1

typedef struct sw_bump_git_opts {
	unsigned version;       /* SW_BUMP_GIT_OPTS_VERSION */
	int commit;             /* commit the plan's files */
	int tag;                /* create an annotated tag */
	const char *tag_format; /* "{version}" is replaced; NULL: "v{version}" */
	int allow_dirty;        /* do not refuse a tree with changes */
} sw_bump_git_opts;

#define SW_BUMP_GIT_OPTS_INIT                                                                      \
	{                                                                                          \
		SW_BUMP_GIT_OPTS_VERSION, 0, 0, NULL, 0                                            \
	}

/* Formats the tag name: every "{version}" of `format` (NULL: "v{version}")
 * replaced by `version`. SW_EINVAL when the result is not a valid git tag
 * name (spaces, "..", control characters, ~^:?*[\, a leading '-'...). */
int sw_bump_tag_name(char **out, const char *format, const char *version);

/* Checks, before anything is written, that the git step can be done in the
 * project folder `dir`: a git work tree, clean (unless allow_dirty), and
 * the tag not existing yet. SW_EREFUSED with the reason; SW_ESUBPROCESS
 * when git cannot run. */
int sw_bump_git_check(const char *dir, const sw_bump_git_opts *opts, const char *new_version);

/* Commits the plan's files ("Bump version: OLD → NEW") when opts->commit,
 * then creates the annotated tag when opts->tag. `plan` may be NULL (tag
 * only, for VCS-derived versions). SW_ESUBPROCESS with git's message. */
int sw_bump_git(const char *dir, const sw_bump_git_opts *opts, const sw_bump_plan *plan,
                const char *old_version, const char *new_version);

/* The version of the newest tag matching the format reachable from HEAD
 * (`git describe --tags --abbrev=0 --match v*` for "v{version}"), with the
 * format's text around {version} removed, into *out (sw_free): the current
 * version of a VCS-derived project. SW_ENOTFOUND when there is no such
 * tag (or no repository), SW_EINVAL for a format without {version},
 * SW_ESUBPROCESS when git cannot run. */
int sw_bump_git_last_version(char **out, const char *dir, const char *tag_format);

/* Asks the index (a Simple API base URL, NULL: https://pypi.org/simple/)
 * whether `project` already has files of `version`: *exists is 1 or 0.
 * Reads PEP 691 JSON or PEP 503 HTML, whichever the server sends (told
 * apart by the body: slipway/http.h cannot send an Accept header yet, so
 * PyPI answers HTML). A project the index does not know (404) gives 0.
 * Timeouts: 5 s to connect, 10 s below 16 bytes/s. SW_ENETWORK for anything that prevented
 * the check (the message says what), SW_ENOMEM. */
int sw_bump_index_check(int *exists, const char *index_url, const char *project,
                        const char *version);

#ifdef __cplusplus
}
#endif
#endif
