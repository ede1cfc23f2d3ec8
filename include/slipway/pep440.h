/*
 * slipway/pep440.h — PEP 440 versions, specifiers and specifier sets, with
 * the exact semantics of the `packaging` library (see SPECS.md §8.1-8.3).
 *
 * Ownership: every sw_version and sw_specset returned through an out
 * parameter is owned by the caller and freed with its _free function.
 * Strings returned as values are borrowed from the object they came from.
 *
 * Numbers in versions have no size limit (packaging uses Python ints): they
 * are kept as digit strings and compared exactly.
 *
 * The reference is packaging 25.0, quirks included (tests/oracle checks
 * >400,000 cases against it each run). Where packaging raises instead of
 * answering, slipway answers:
 *  - a === clause whose text is not a version: packaging's contains() and
 *    filter() raise InvalidVersion unless pre-releases are forced; here the
 *    clause names no pre-release and matches nothing;
 *  - a version spelled with U+0130 (in "preview" or a local label) has a
 *    normal form ("i" + U+0307) that packaging cannot re-parse, so its
 *    SpecifierSet() of such a clause, and contains() of such a candidate
 *    for ==, !=, <=, >=, ~=, raise; here they work on the parsed value.
 * Input over SW_PEP440_MAX_LEN bytes is refused (SW_ETOOBIG).
 */
#ifndef SLIPWAY_PEP440_H
#define SLIPWAY_PEP440_H

#include <stddef.h>

#include "slipway/buf.h"
#include "slipway/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest version or specifier text accepted (longer input: SW_ETOOBIG). */
#define SW_PEP440_MAX_LEN 4096

typedef struct sw_version sw_version;
typedef struct sw_specset sw_specset;

/* ---- versions ---------------------------------------------------------- */

/* Parses `len` bytes of `text` with the permissive grammar of PEP 440
 * (surrounding whitespace, a leading "v", alternative spellings), exactly
 * as packaging 25.0's Version does. That includes two effects of Python's
 * Unicode regexes: Unicode whitespace is trimmed, and case-insensitive
 * matching accepts U+0130/U+0131 for 'i', U+017F for 's' and U+212A for
 * 'k' (so "1.0+\u212a" is "1.0+k"; "1.0.po\u017ft1" prints as
 * "1.0.post1" yet sorts after it, as in packaging). Returns SW_EPARSE with
 * "invalid version '<text>': <reason>" in sw_error_last(), SW_ETOOBIG over
 * SW_PEP440_MAX_LEN bytes, SW_ENOMEM. The text may hold NUL bytes (they
 * make it invalid). One allocation per version. */
int sw_version_parse(sw_version **out, const char *text, size_t len);

void sw_version_free(sw_version *version);

/* The normalised form, e.g. "1.0rc1.post2.dev3+ubuntu.1". Borrowed. */
const char *sw_version_str(const sw_version *version);

/* The text exactly as it was given to sw_version_parse(). Borrowed. */
const char *sw_version_original(const sw_version *version);

/* The normalised public part (no local label), e.g. "1.0rc1". Borrowed. */
const char *sw_version_public(const sw_version *version);

/* Total order of PEP 440: <0, 0 or >0. "1.0" and "1.0.0" compare equal.
 * Compares precomputed keys with memcmp(): no allocation, any length of
 * number. */
int sw_version_compare(const sw_version *a, const sw_version *b);

/* Predicates as in packaging: a pre-release has a pre or a dev segment. */
int sw_version_is_prerelease(const sw_version *version);
int sw_version_is_postrelease(const sw_version *version);
int sw_version_is_devrelease(const sw_version *version);
int sw_version_has_local(const sw_version *version);

/* ---- specifier sets ---------------------------------------------------- */

/* How a specifier set treats pre-releases (SPECS.md §8.3). */
enum sw_prerelease_policy {
	SW_PRE_DEFAULT = 0, /* allowed only if a clause names a pre-release */
	SW_PRE_ALLOW = 1,   /* always allowed */
	SW_PRE_DENY = 2     /* never allowed */
};

/* Parses a comma-separated set of clauses ("~=1.4, !=1.4.2"); an empty
 * string is the empty set, which matches every final version. As in
 * packaging, empty pieces (",,", a trailing comma) are skipped, each clause
 * may have whitespace around it and after its operator, and clauses equal
 * by packaging's _canonical_spec (">=1.0" and ">=1.0.0") are kept once, the
 * first one written. Fails with SW_EPARSE exactly where packaging raises
 * InvalidSpecifier, with "invalid specifier '<clause>': <reason>";
 * SW_ETOOBIG over SW_PEP440_MAX_LEN bytes; SW_ENOMEM. */
int sw_specset_parse(sw_specset **out, const char *text, size_t len);

void sw_specset_free(sw_specset *set);

/* Number of clauses (after duplicates were dropped). */
size_t sw_specset_count(const sw_specset *set);

/* Operator ("==", "~=", ...) and version text of clause i (borrowed), in
 * the order the canonical form lists them. The version text is as written,
 * not normalised ("==V1.0.*" gives "V1.0.*"), as packaging keeps it. */
const char *sw_specset_op(const sw_specset *set, size_t i);
const char *sw_specset_version(const sw_specset *set, size_t i);

/* Appends the canonical form, as str(SpecifierSet(...)) prints it: each
 * clause as operator + version text as written, sorted by code point,
 * joined by ",", no spaces ("<2,>=1.0"). Returns 0 or the buffer's sticky
 * error (SW_ENOMEM, SW_ETOOBIG). */
int sw_specset_format(sw_buf *out, const sw_specset *set);

/* Whether the set's own clauses name a pre-release (turns pre-releases on
 * under SW_PRE_DEFAULT): packaging's Specifier.prereleases, true for a
 * clause other than != whose version (without a ".*") is a pre-release.
 * A === clause whose text is no version names none (packaging raises
 * InvalidVersion there; such a clause matches no version anyway). */
int sw_specset_names_prerelease(const sw_specset *set);

/* Returns 1 if `version` satisfies every clause under `policy`, else 0, as
 * SpecifierSet.contains(). Under SW_PRE_DEFAULT the empty set refuses
 * pre-releases too (as packaging's contains() does). If `why` is not NULL
 * it receives NULL for a plain mismatch, or the static string
 * "pre-release" when every clause matched but the policy excluded the
 * version for being a pre-release. Never allocates. */
int sw_specset_contains(const sw_specset *set, const sw_version *version,
                        enum sw_prerelease_policy policy, const char **why);

/* Like packaging 25.0's SpecifierSet.filter(): writes to `keep[i]` (1/0)
 * which of `count` versions pass, and returns how many were kept.
 * Exactly as in packaging 25.0, the rule "use pre-releases when no final
 * release matches" applies only to the EMPTY set under SW_PRE_DEFAULT; a
 * non-empty set keeps what sw_specset_contains() accepts, so
 * filter(">=1.2.3", ["1.2", "1.5a1"]) keeps nothing. (A resolver wanting
 * SPECS.md §8.3 rule (d) for a non-empty set can filter again with
 * SW_PRE_ALLOW when nothing was kept.) */
size_t sw_specset_filter(const sw_specset *set, const sw_version *const *versions, size_t count,
                         enum sw_prerelease_policy policy, unsigned char *keep);

/* Evaluates one clause "OP VERSION" against a candidate given as text, with
 * pre-releases allowed, as markers need (SPECS.md §8.5): packaging's
 * Specifier(op + spec_version).contains(candidate, prereleases=True).
 * Returns 1 or 0, or SW_EPARSE if `op` + `spec_version` is not one valid
 * specifier clause (the message starts "invalid specifier") or the
 * candidate is not a valid version (the message starts "invalid version";
 * note packaging's marker code raises InvalidVersion in that case rather
 * than falling back). `===` compares the candidate's normalised form with
 * the spec text, case-insensitively, as packaging does: ===1.0 accepts
 * "v1.0" but not "1.0.0". SW_EINVAL for a NULL argument, SW_ETOOBIG over
 * SW_PEP440_MAX_LEN, SW_ENOMEM. */
int sw_specifier_check(const char *op, const char *spec_version, const char *candidate);

#ifdef __cplusplus
}
#endif
#endif
