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

/* common.h already declares a function named sw_version() (the library's
 * version string), and C has one namespace for functions and typedefs, so
 * the version type cannot be spelled sw_version at the C level. This macro
 * keeps every signature below written as `sw_version *` while the compiler
 * sees `sw_pep440_version`. Consequence: a file that includes this header
 * cannot call the function sw_version(); call it from a file that does not.
 * (Renaming that function in common.h would let this macro go.) */
#define sw_version sw_pep440_version
typedef struct sw_version sw_version;
typedef struct sw_specset sw_specset;

/* ---- versions ---------------------------------------------------------- */

/* Parses `len` bytes of `text` with the permissive grammar of PEP 440
 * (surrounding whitespace, a leading "v", alternative spellings). Returns
 * SW_EPARSE with a one-line reason in sw_error_last() if it is not valid. */
int sw_version_parse(sw_version **out, const char *text, size_t len);

void sw_version_free(sw_version *version);

/* The normalised form, e.g. "1.0rc1.post2.dev3+ubuntu.1". Borrowed. */
const char *sw_version_str(const sw_version *version);

/* The text exactly as it was given to sw_version_parse(). Borrowed. */
const char *sw_version_original(const sw_version *version);

/* The normalised public part (no local label), e.g. "1.0rc1". Borrowed. */
const char *sw_version_public(const sw_version *version);

/* Total order of PEP 440: <0, 0 or >0. "1.0" and "1.0.0" compare equal. */
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
 * string is the empty set, which matches every version. */
int sw_specset_parse(sw_specset **out, const char *text, size_t len);

void sw_specset_free(sw_specset *set);

/* Number of clauses. */
size_t sw_specset_count(const sw_specset *set);

/* Operator ("==", "~=", ...) and version text of clause i (borrowed). */
const char *sw_specset_op(const sw_specset *set, size_t i);
const char *sw_specset_version(const sw_specset *set, size_t i);

/* Appends the canonical form, as str(SpecifierSet(...)) prints it (clauses
 * sorted, comma-separated, no spaces). */
int sw_specset_format(sw_buf *out, const sw_specset *set);

/* Whether the set's own clauses name a pre-release (turns pre-releases on
 * under SW_PRE_DEFAULT). */
int sw_specset_names_prerelease(const sw_specset *set);

/* Returns 1 if `version` satisfies every clause under `policy`, else 0.
 * If `why` is not NULL it receives a borrowed static reason for a "no", e.g.
 * "pre-release excluded (use --pre to allow)", or NULL for a plain mismatch. */
int sw_specset_contains(const sw_specset *set, const sw_version *version,
                        enum sw_prerelease_policy policy, const char **why);

/* Like packaging's SpecifierSet.filter(): writes to `keep[i]` (1/0) which
 * of `count` versions pass, applying the rule that pre-releases are used
 * when no final release matches and the policy is SW_PRE_DEFAULT. Returns
 * how many were kept. */
size_t sw_specset_filter(const sw_specset *set, const sw_version *const *versions,
                         size_t count, enum sw_prerelease_policy policy, unsigned char *keep);

/* Evaluates one clause "OP VERSION" against a candidate given as text, with
 * pre-releases allowed, as markers need (SPECS.md §8.5). Returns 1 or 0, or
 * SW_EPARSE if `op` + `spec_version` is not a valid specifier or the
 * candidate is not a valid version (the caller then falls back to string
 * comparison). `===` compares strings case-insensitively. */
int sw_specifier_check(const char *op, const char *spec_version, const char *candidate);

#ifdef __cplusplus
}
#endif
#endif
