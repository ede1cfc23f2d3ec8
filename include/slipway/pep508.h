/*
 * slipway/pep508.h — PEP 508 dependency specifiers ("requirements"),
 * environment markers, and project/extra name normalisation (PEP 503/685).
 *
 * The grammar is exactly the one that packaging 25.0 accepts
 * (packaging.requirements.Requirement and packaging.markers.Marker),
 * including its quirks, and the canonical forms are byte for byte what
 * str(Requirement(...)) and str(Marker(...)) print. SPECS.md §8.4-8.5.
 *
 * Input is UTF-8 text; invalid UTF-8 is refused with SW_EPARSE. Parse errors
 * are SW_EPARSE with a one-line reason in sw_error_last() that starts with
 * the 1-based column (in characters), e.g. "col 5: expected a version after
 * '>='". Input longer than SW_PEP508_MAX_LEN bytes is refused with
 * SW_ETOOBIG, and so are markers nested deeper than SW_MARKER_MAX_DEPTH
 * parentheses.
 *
 * Known differences from packaging 25.0 (all refused with SW_EPARSE, or
 * SW_ETOOBIG for nesting, where packaging would accept): a NUL byte anywhere
 * (packaging keeps one inside a URL or a === version); marker strings using
 * the \N{...} escape, or escapes that produce a NUL or a lone surrogate;
 * nesting deeper than SW_MARKER_MAX_DEPTH. Their messages say "(not
 * supported)" or "nested deeper". Specifier sets, and marker comparisons
 * that form a specifier, longer than SW_PEP440_MAX_LEN give SW_ETOOBIG.
 * PEP 685 normalisation lowercases as Python 3.11's str.lower() does,
 * except that a capital sigma always becomes σ (Python picks ς at the end
 * of a word); this only shows in marker values compared with `extra`.
 *
 * Ownership: objects returned through out parameters are the caller's and
 * are freed with their _free function. Strings returned as values are
 * borrowed from the object they came from.
 */
#ifndef SLIPWAY_PEP508_H
#define SLIPWAY_PEP508_H

#include <stddef.h>

#include "slipway/buf.h"
#include "slipway/pep440.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest requirement or marker text accepted, in bytes. */
#define SW_PEP508_MAX_LEN 16384

/* Deepest nesting of parentheses in a marker (packaging itself stops at
 * Python's recursion limit, around 490). */
#define SW_MARKER_MAX_DEPTH 100

/* ---- names (PEP 503, PEP 685) ------------------------------------------ */

/* Returns 1 if `name` is a valid project name: ASCII letters, digits, '.',
 * '_' and '-', starting and ending with a letter or digit; else 0. */
int sw_name_is_valid(const char *name, size_t len);

/* Appends the normalised form of `name` to `out`: every run of '-', '_'
 * and '.' becomes one '-', and letters are lowercased as Python's
 * str.lower() does (bytes that are not UTF-8 are copied unchanged). Works
 * on any text, valid name or not, as packaging's canonicalize_name() does.
 * Returns 0 or the buffer's sticky error. */
int sw_name_normalize(sw_buf *out, const char *name, size_t len);

/* The same into a caller buffer of `size` bytes, NUL-terminated; the length
 * goes to *out_len if not NULL. SW_ETOOBIG if it does not fit (for ASCII
 * the output is never longer than the input; lowercasing some other
 * letters takes more bytes). */
int sw_name_normalize_to(char *dst, size_t size, size_t *out_len, const char *name, size_t len);

/* Returns 1 if two names (or extras) are equal after normalisation. */
int sw_name_equal(const char *a, size_t alen, const char *b, size_t blen);

/* ---- marker environments ----------------------------------------------- */

/* The marker variables, in the order of sw_marker_var_name(). */
enum sw_marker_var {
	SW_MV_IMPLEMENTATION_NAME,
	SW_MV_IMPLEMENTATION_VERSION,
	SW_MV_OS_NAME,
	SW_MV_PLATFORM_MACHINE,
	SW_MV_PLATFORM_PYTHON_IMPLEMENTATION,
	SW_MV_PLATFORM_RELEASE,
	SW_MV_PLATFORM_SYSTEM,
	SW_MV_PLATFORM_VERSION,
	SW_MV_PYTHON_FULL_VERSION,
	SW_MV_PYTHON_VERSION,
	SW_MV_SYS_PLATFORM,
	SW_MV_EXTRA,
	SW_MV_EXTRAS,            /* lock-file context only: never set by default */
	SW_MV_DEPENDENCY_GROUPS, /* lock-file context only: never set by default */
	SW_MV_COUNT
};

/* Longest value sw_marker_env_default() stores for a uname() field. */
#define SW_MARKER_ENV_FIELD_MAX 256

/* The values markers are evaluated against. value[v] is NULL when the
 * variable is undefined (evaluating a marker that uses it is an error, as
 * packaging's KeyError/UndefinedEnvironmentName). The pointers are borrowed
 * from the caller, or point into `own` after sw_marker_env_default(). The
 * set-valued "extras" and "dependency_groups" of lock files are not
 * supported: they stay undefined. */
typedef struct sw_marker_env {
	const char *value[SW_MV_COUNT];
	char own[5][SW_MARKER_ENV_FIELD_MAX];
} sw_marker_env;

/* Fills `env` for the running machine, as packaging's default_environment()
 * does in the "metadata" context, except for what only the interpreter
 * knows, which comes from a fixed table:
 *   from uname(): platform_machine, platform_release, platform_system,
 *     platform_version; sys_platform ("linux", "darwin", "freebsd14", ...);
 *   fixed: os_name "posix", implementation_name "cpython",
 *     platform_python_implementation "CPython", python_version "3.11",
 *     python_full_version "3.11.0", implementation_version "3.11.0",
 *     extra "" (no extra requested).
 * Override any of them with sw_marker_env_set(). Never fails. */
void sw_marker_env_default(sw_marker_env *env);

/* Empties `env`: every variable undefined. */
void sw_marker_env_clear(sw_marker_env *env);

/* Sets one variable by its canonical name ("python_version", "extra", ...);
 * `value` is borrowed and must outlive the environment's use, NULL makes it
 * undefined. SW_ENOTFOUND if `name` is not a marker variable. */
int sw_marker_env_set(sw_marker_env *env, const char *name, const char *value);

/* The canonical name of a variable, e.g. "python_version". */
const char *sw_marker_var_name(enum sw_marker_var var);

/* ---- markers ----------------------------------------------------------- */

typedef struct sw_marker sw_marker;

/* Parses a whole marker expression, e.g. `python_version < "3.8" and
 * (os_name == "nt" or extra == "x")`. */
int sw_marker_parse(sw_marker **out, const char *text, size_t len);

void sw_marker_free(sw_marker *marker);

/* Appends the canonical form, as str(Marker(...)) prints it: variables with
 * their canonical names, values in double quotes (never escaped, as
 * packaging does: a value holding '"' does not re-parse), single spaces,
 * redundant parentheses dropped the way packaging drops them, and the value
 * compared with `extra` normalised when that comparison comes first. */
int sw_marker_format(sw_buf *out, const sw_marker *marker);

/* Evaluates the marker against `env` with packaging 25.0's rules
 * (Marker.evaluate, "metadata" context): every comparison is first tried
 * as the PEP 440 specifier OP+VALUE with pre-releases allowed; if that is
 * not a valid specifier, as Python string operators (lexicographic <, >,
 * substring `in`). `extra` compares PEP 685-normalised. Sets *holds to 1 or
 * 0. Errors (all comparisons are evaluated, as packaging does, so any one
 * of them fails the whole marker):
 *   SW_ENOTFOUND  a variable is undefined in `env`;
 *   SW_EPARSE     the specifier is valid but the variable's value is not a
 *                 version (packaging's InvalidVersion);
 *   SW_ETYPE      `~=` or `===` between strings (UndefinedComparison). */
int sw_marker_evaluate(int *holds, const sw_marker *marker, const sw_marker_env *env);

/* ---- requirements ------------------------------------------------------ */

typedef struct sw_requirement sw_requirement;

/* Parses one requirement, e.g. `requests[security] >= 2.8.1 ; python_version
 * < "3.7"` or `pip @ https://example.com/pip.zip`. The name is checked only
 * against packaging's grammar (so "foo_" is accepted, as packaging does);
 * use sw_name_is_valid() for the stricter PEP 503 rule. */
int sw_requirement_parse(sw_requirement **out, const char *text, size_t len);

void sw_requirement_free(sw_requirement *req);

/* The name as written. */
const char *sw_requirement_name(const sw_requirement *req);

/* The extras as written, deduplicated and sorted (as packaging's set). */
size_t sw_requirement_extra_count(const sw_requirement *req);
const char *sw_requirement_extra(const sw_requirement *req, size_t i);

/* Returns 1 if `extra` is among the requirement's extras, compared
 * normalised (PEP 685). */
int sw_requirement_has_extra(const sw_requirement *req, const char *extra);

/* The specifier set; never NULL (empty when none was given). */
const sw_specset *sw_requirement_specifier(const sw_requirement *req);

/* The URL of a `name @ url` requirement, or NULL. */
const char *sw_requirement_url(const sw_requirement *req);

/* The marker, or NULL if there is none. */
const sw_marker *sw_requirement_marker(const sw_requirement *req);

/* Appends the canonical form, as str(Requirement(...)) prints it: name as
 * written, "[a,b]" sorted extras, the specifier set's canonical form,
 * "@ url", "; marker" (with a space before ';' after a URL). */
int sw_requirement_format(sw_buf *out, const sw_requirement *req);

#ifdef __cplusplus
}
#endif
#endif
