/*
 * pep/pep440_int.h — internals shared by the PEP 440 files: the grammar
 * scanner (pep440_scan.c), the version object (version.c) and the
 * specifier code (specifier.c, spec_match.c). Not a public header.
 */
#ifndef SW_PEP_PEP440_INT_H
#define SW_PEP_PEP440_INT_H

#include <stddef.h>

#include "slipway/pep440.h"

/* A byte range of the text being parsed. */
struct sw_span {
	size_t off;
	size_t len;
};

/* Pre-release letters after packaging's lower() and spelling map, in the
 * order packaging compares them (as strings). The two "preview" kinds come
 * from Python's case-insensitive regex accepting U+0130 and U+0131 for 'i':
 * "PREVİEW".lower() is "previ\u0307ew", "prevıew" stays as it is; both are
 * kept as letters by packaging and sort between "b" and "rc". */
enum sw_pre_kind {
	SW_PREK_NONE = 0,
	SW_PREK_A,
	SW_PREK_B,
	SW_PREK_PREVIEW_DOTTED,
	SW_PREK_PREVIEW_DOTLESS,
	SW_PREK_RC
};

/* Post-release letters: "post" (also rev, r) or "poſt" (U+017F matched 's';
 * packaging keeps that letter, prints ".post" and sorts it after "post"). */
enum sw_post_kind { SW_POSTK_NONE = 0, SW_POSTK_POST, SW_POSTK_LONG_S };

/* Why the scanner stopped early (used for error messages only). */
enum sw_scan_fail {
	SW_SCANF_NONE = 0,
	SW_SCANF_NO_RELEASE, /* no digits where the release must start */
	SW_SCANF_ONE_PART    /* ~= needs two release components */
};

/* What sw_pep440_scan() found: spans into the scanned text. */
struct sw_pep440_parts {
	struct sw_span epoch;   /* digits before '!' (len 0: no epoch) */
	struct sw_span release; /* "1.02.3": digits and dots */
	size_t release_parts;   /* number of release components */
	int pre_kind;           /* enum sw_pre_kind */
	struct sw_span pre_num; /* digits (len 0: implicit 0) */
	int post_kind;          /* enum sw_post_kind */
	struct sw_span post_num;
	int dev; /* has a dev segment */
	struct sw_span dev_num;
	int has_local;
	struct sw_span local; /* label after '+' with its separators */
	int wildcard;         /* ended in ".*" (specifiers only) */
	size_t end;           /* first byte not consumed */
	int fail;             /* enum sw_scan_fail when the scan failed */
};

/* Flags of sw_pep440_scan(): which parts of the grammar are allowed. */
enum {
	SW_SCAN_LOCAL = 1,    /* "+label" */
	SW_SCAN_WILDCARD = 2, /* ".*" right after the release */
	SW_SCAN_TWO_PARTS = 4 /* the release needs at least two components */
};

/* Scans one version body (v? epoch? release pre? post? dev? local?) at
 * `pos`, greedily, exactly as packaging's regexes match it. Returns 0 and
 * fills `parts` (parts->end is where it stopped), or -1 if no release could
 * be read (parts->fail says why). Never reads past `len`. */
int sw_pep440_scan(struct sw_pep440_parts *parts, const char *s, size_t len, size_t pos,
                   unsigned flags);

/* Bytes of the whitespace character at s[pos] as Python's \s sees it
 * (ASCII and Unicode spaces, UTF-8 encoded), or 0. */
size_t sw_pep440_space_at(const char *s, size_t len, size_t pos);

/* Skips whitespace forward from `pos`; returns the first other position. */
size_t sw_pep440_skip_space(const char *s, size_t len, size_t pos);

/* Returns `end` moved back over trailing whitespace (not below `start`). */
size_t sw_pep440_trim_end(const char *s, size_t start, size_t end);

/* Writes a short printable rendering of `len` bytes of `s` for messages
 * (control bytes escaped, long input cut with "..."). */
void sw_pep440_quote(char *dst, size_t cap, const char *s, size_t len);

/* Parses a version without setting the last error on failure (used where
 * packaging tries Version() and falls back). Returns 0, SW_EPARSE,
 * SW_ETOOBIG or SW_ENOMEM (only the latter sets the error). */
int sw_version_try_parse(sw_version **out, const char *text, size_t len);

/* Whether Version(a.base_version) == Version(b.base_version): the same
 * epoch and release (trailing zeros aside). */
int sw_version_base_equal(const sw_version *a, const sw_version *b);

/* Compares Version(candidate.public) with spec's public part, as the ==,
 * !=, <= and >= operators of packaging do. Asymmetric on purpose: only the
 * candidate is re-parsed from its public string, which turns a "poſt"
 * letter into "post" (U+017F is not kept by str()). */
int sw_version_public_compare(const sw_version *candidate, const sw_version *spec);

/* Whether the normalised form is "string-equal" to `text` of `len` bytes. */
int sw_version_str_equal(const sw_version *v, const char *text, size_t len);

/* ---- specifiers (specifier.c, spec_match.c) ----------------------------- */

/* Operators, in no particular order (the parse table fixes the matching
 * order: "===" before "==", two-character ones before '<' and '>'). */
enum sw_spec_op {
	SW_OP_COMPAT,
	SW_OP_EQ,
	SW_OP_NE,
	SW_OP_LE,
	SW_OP_GE,
	SW_OP_LT,
	SW_OP_GT,
	SW_OP_ARB
};

/* One item of packaging's _version_split(): bytes that may point into the
 * split string or at a static "0" (the implicit epoch). */
struct sw_item {
	const char *p;
	size_t len;
};

/* The result of _version_split() on a spec string, kept for prefix
 * matching (==V.* and the prefix half of ~=). */
struct sw_split {
	char *text; /* the split string (owned) */
	struct sw_item *items;
	size_t count;
	size_t digits; /* how many leading items are all digits */
};

/* One clause, as packaging's Specifier holds it. */
struct sw_clause {
	int op;          /* enum sw_spec_op */
	char *text;      /* str(Specifier): operator then version text */
	size_t text_len; /* bytes of text (=== text may hold a NUL) */
	size_t op_len;
	char *canon; /* the version part of _canonical_spec, for dedup */
	size_t canon_len;
	sw_version *version; /* NULL only for === text that is no version */
	int wildcard;        /* ==V.* or !=V.* */
	int names_pre;       /* Specifier.prereleases */
	char *arb_lower;     /* ===: the text as str.lower() gives it */
	size_t arb_len;
	struct sw_split prefix; /* wildcard and ~=: the split to match */
};

struct sw_specset {
	struct sw_clause *clauses; /* sorted by text, duplicates dropped */
	size_t count;
	int names_pre;
};

/* Parses one clause (surrounding whitespace allowed). Sets the error. */
int sw_clause_parse(struct sw_clause *clause, const char *text, size_t len);
void sw_clause_free(struct sw_clause *clause);

/* Prepares the matching data of a parsed clause (prefix splits, ===
 * lower-casing). Returns 0 or SW_ENOMEM. */
int sw_clause_prepare(struct sw_clause *clause);

/* Whether `version` satisfies the clause, ignoring pre-release policy. */
int sw_clause_match(const struct sw_clause *clause, const sw_version *version);

/* Runs _version_split() on `len` bytes of `text` into `split` (copies the
 * text). Returns 0 or SW_ENOMEM. */
int sw_split_make(struct sw_split *split, const char *text, size_t len);
void sw_split_free(struct sw_split *split);

#endif
