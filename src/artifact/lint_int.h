/*
 * artifact/lint_int.h — the artifact-independent cores of the content
 * lints: a streaming secret scanner, the README checker and renderer, and
 * the wheel and sdist content lints over a member list. They report through
 * a callback (sw_lint_emit_fn) so the artifact module can turn each hit
 * into a finding, and tests can collect hits without an archive.
 *
 * Nothing reported here ever contains a secret: messages carry the rule, the
 * position, a redacted excerpt (a rule's public prefix and the length) and a
 * fingerprint made of the rule, the member, the line and a truncated
 * SHA-256 of the secret.
 */
#ifndef SW_ARTIFACT_LINT_INT_H
#define SW_ARTIFACT_LINT_INT_H

#include <stddef.h>

#include "slipway/buf.h"
#include "slipway/readme.h"

enum sw_lint_severity { SW_LINT_INFO = 0, SW_LINT_WARNING = 1, SW_LINT_ERROR = 2 };

/* One thing a lint found. Every pointer is borrowed for the call only. */
typedef struct sw_lint_hit {
	const char *code;               /* "S001", "M002", "W005", "D003", ... */
	enum sw_lint_severity severity; /* secrets are always errors */
	const char *member;             /* archive member, or NULL for the whole artifact */
	unsigned line, col;             /* 1-based; 0 when not about a position */
	const char *message;            /* one sentence, never containing a secret */
	const char *hint;               /* how to fix it, or NULL */
	const char *fingerprint;        /* stable id for overrides (secrets), or NULL */
} sw_lint_hit;

/* Receives a hit; returns 0, or a negative SW_E* code that stops the lint
 * and is returned by it. */
typedef int (*sw_lint_emit_fn)(void *ctx, const sw_lint_hit *hit);

/* ---- secrets (secrets.c, secrets_rules.c) ---- */

/* Longest line the scanner keeps whole; longer lines are scanned in
 * overlapping windows. The scanner holds at most about twice this. */
#define SW_SECRETS_LINE_MAX 8192
/* Bytes sniffed at the start of a member: a NUL among them means binary,
 * and a binary member is not scanned. */
#define SW_SECRETS_SNIFF 8000

typedef struct sw_secret_scanner sw_secret_scanner;

/* Starts scanning the contents of `member` (copied). Hits go to `emit`.
 * Errors: SW_ENOMEM. */
int sw_secret_scanner_new(sw_secret_scanner **out, const char *member, sw_lint_emit_fn emit,
                          void *ctx);
/* Feeds the next bytes of the member. Returns 0 or the emitter's error. */
int sw_secret_scanner_feed(sw_secret_scanner *sc, const void *data, size_t len);
/* Scans what is left (the last line without a newline). */
int sw_secret_scanner_finish(sw_secret_scanner *sc);
/* 1 if the member was sniffed as binary and skipped. */
int sw_secret_scanner_is_binary(const sw_secret_scanner *sc);
/* Frees a scanner (NULL is allowed). */
void sw_secret_scanner_free(sw_secret_scanner *sc);

/* Scans a whole buffer as the contents of `member` (new, feed, finish). */
int sw_secrets_scan_buffer(const char *member, const void *data, size_t len, sw_lint_emit_fn emit,
                           void *ctx);

/* Reports members whose very name says they hold credentials (.env,
 * .pypirc, .netrc, .git-credentials, id_rsa and other ssh private keys). */
int sw_secrets_check_name(const char *member, sw_lint_emit_fn emit, void *ctx);

/* Shannon entropy of `len` bytes in bits per byte. */
double sw_secrets_entropy(const char *str, size_t len);

/* Writes the fingerprint "RULE:member:line:<16 hex of sha256(secret)>"
 * into `out`. */
int sw_secrets_fingerprint(sw_buf *out, const char *rule, const char *member, unsigned line,
                           const char *secret, size_t len);

/* Between secrets.c and secrets_rules.c: one line (or window of a long
 * line) to scan, and the scanner's state that spans lines. */
typedef struct sw_secrets_line {
	const char *member;
	const char *text; /* the line, without its newline */
	size_t len;
	size_t report_below; /* report only matches starting before this offset */
	unsigned line;       /* 1-based line number */
	unsigned col_base;   /* code points of the line before `text` */
	int config_like;     /* .env/.ini/.cfg/...: unquoted values count */
	unsigned pem_line;   /* line of a private key header waiting for its body */
	unsigned pem_col;
	sw_lint_emit_fn emit;
	void *ctx;
	sw_buf *msg, *fp; /* scratch buffers for reports */
} sw_secrets_line;

/* Runs every content rule over one line. */
int sw_secrets_scan_line(sw_secrets_line *l);

/* Reports secret `secret` (`slen` bytes at offset `at` of the line) found by
 * rule `code`; `what` names it, `shown` is the public prefix shown in the
 * redacted excerpt (may be empty). */
int sw_secrets_report(const sw_secrets_line *l, const char *code, const char *what, size_t at,
                      const char *secret, size_t slen, const char *shown, size_t shown_len);

/* ---- README (readme.c, readme_rst.c) ---- */

/* Parses a Description-Content-Type value (NULL when absent) and reports
 * M001 (missing: warning), M002 (unknown type), M003 (charset other than
 * UTF-8), M004 (unknown markdown variant). */
int sw_readme_parse_type(sw_readme_type *out, const char *value, sw_lint_emit_fn emit, void *ctx);

/* Checks rst text; fills *ok (1 renders, 0 does not) and reports each
 * problem. Returns SW_EUNSUPPORTED when it cannot check at all. */
typedef int (*sw_readme_rst_fn)(void *rst_ctx, int *ok, const char *text, size_t len,
                                sw_lint_emit_fn emit, void *ctx);

/* The default rst checker: /usr/bin/python3 with readme_renderer (or bare
 * docutils with readme_renderer's settings). SW_EUNSUPPORTED when neither
 * is available. `rst_ctx` is unused. */
int sw_readme_rst_check_docutils(void *rst_ctx, int *ok, const char *text, size_t len,
                                 sw_lint_emit_fn emit, void *ctx);

/* Renders rst to HTML with readme_renderer (or docutils) in
 * /usr/bin/python3, appending to `html`. SW_EUNSUPPORTED when neither is
 * available or the text does not render; SW_ESUBPROCESS, SW_ENOTFOUND when
 * python3 cannot run; SW_ETOOBIG past html->max. */
int sw_readme_rst_html(sw_buf *html, const char *text, size_t len);

/* Checks a README the way PyPI and `twine check` do: M005 (info: twine
 * warns, PyPI accepts it) when the description is missing or "UNKNOWN",
 * M006 when it is not valid UTF-8, the type findings above, and for rst
 * (also what a missing or unknown type means) M010 per docutils problem
 * (an error: PyPI refuses the upload); M012 (warning) when rst cannot be
 * checked.
 * `rst` may be NULL (rst then cannot be checked). */
int sw_readme_check_text(const char *content_type, const char *text, size_t len,
                         sw_readme_rst_fn rst, void *rst_ctx, sw_lint_emit_fn emit, void *ctx);

/* ---- wheel and sdist contents (lint_wheel.c, lint_sdist.c) ---- */

/* One archive member as the content lints see it. */
typedef struct sw_lint_member {
	const char *path; /* archive path, '/' separated, no leading "./" */
	unsigned long long size;
	const unsigned char *sha256; /* 32 bytes, or NULL if unknown (W002 skips it) */
	int is_dir;
} sw_lint_member;

/* What the wheel is expected to hold (check-wheel-contents' --toplevel and
 * --package). Both may be empty. */
typedef struct sw_lint_wheel_opts {
	const char *const *toplevel; /* expected top-level entries ("pkg", "mod.py") */
	size_t toplevel_count;
	/* Files of the declared package tree, relative to the library root
	 * ("pkg/__init__.py"); used for W101/W102. */
	const char *const *package_files;
	size_t package_file_count;
} sw_lint_wheel_opts;

/* check-wheel-contents W001-W010 and W101, W102, W201, W202, with its codes
 * and meanings. Errors: SW_ENOMEM, or the emitter's error. */
int sw_lint_wheel_members(const sw_lint_member *members, size_t count,
                          const sw_lint_wheel_opts *opts, sw_lint_emit_fn emit, void *ctx);

/* sdist contents (all warnings): D001 version control folder, D002
 * __pycache__ or bytecode, D003 build output or tool cache (build/, dist/,
 * .eggs/ at the top; .tox, .nox, .venv, .pytest_cache, ... anywhere;
 * .coverage), D004 editor or OS litter. A folder is reported once. The
 * layout (top folder, PKG-INFO, pyproject.toml) is the T family's. */
int sw_lint_sdist_members(const sw_lint_member *members, size_t count, sw_lint_emit_fn emit,
                          void *ctx);

/* The sdist against `git ls-files` of the project: D010 (info) a tracked
 * file (`tracked`: paths relative to the project folder) is not in the
 * sdist, D011 (warning) an sdist file is not tracked (PKG-INFO, setup.cfg
 * and *.egg-info/ files, which backends write, excepted). Only members
 * below `prefix/` (the sdist's top folder) are compared. */
int sw_lint_sdist_vs_git(const sw_lint_member *members, size_t count, const char *prefix,
                         const char *const *tracked, size_t tracked_count, sw_lint_emit_fn emit,
                         void *ctx);

#endif
