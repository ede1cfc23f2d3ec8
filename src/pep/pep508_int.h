/*
 * pep/pep508_int.h — internals shared by the PEP 508 files: the token
 * matchers that mirror packaging 25.0's tokenizer rules (_tokenizer.py),
 * the Specifier regex emulation, the Python string-literal decoder and the
 * marker parser entry point that requirement.c calls. Not a public API.
 */
#ifndef SW_PEP_PEP508_INT_H
#define SW_PEP_PEP508_INT_H

#include <stddef.h>

#include "slipway/pep508.h"

/* A read cursor over the whole source; `pos` is a byte offset. Matchers
 * look at src[0..len) so word boundaries can see the previous byte. */
struct pep_lex {
	const char *src;
	size_t len;
	size_t pos;
};

/* 1-based column (in UTF-8 characters) of byte offset `pos`. */
unsigned pep_col(const struct pep_lex *lx, size_t pos);

/* Length of the Python whitespace character (re's \s, str.isspace()) at
 * `pos`, or 0. */
size_t pep_py_space(const char *s, size_t len, size_t pos);

/* Skips Python whitespace from `pos`; returns the new offset. */
size_t pep_skip_py_space(const char *s, size_t len, size_t pos);

/* Skips the WS token ([ \t]*) at the cursor. */
void pep_lex_ws(struct pep_lex *lx);

/* Whether the END token ($) matches at `pos`: the end, or a final '\n'. */
int pep_lex_at_end(const struct pep_lex *lx, size_t pos);

/* Each returns the byte length of its token at `pos`, or 0 if it does not
 * match there. */
size_t pep_lex_identifier(const struct pep_lex *lx, size_t pos);
size_t pep_lex_keyword(const struct pep_lex *lx, size_t pos, const char *word);
size_t pep_lex_quoted(const struct pep_lex *lx, size_t pos);
size_t pep_lex_op(const struct pep_lex *lx, size_t pos);
size_t pep_lex_specifier(const struct pep_lex *lx, size_t pos);
size_t pep_lex_url(const struct pep_lex *lx, size_t pos);

/* VARIABLE: on a match, *canonical receives the name packaging stores
 * (dots to underscores, python_implementation to its platform_ form). */
size_t pep_lex_variable(const struct pep_lex *lx, size_t pos, const char **canonical);

/* Length of an operator of the Specifier regex that is a prefix of the text
 * at `pos` when the SPECIFIER token failed there (for a better message). */
size_t pep_lex_spec_op_prefix(const struct pep_lex *lx, size_t pos);

/* Whether the VERSION_PREFIX_TRAIL / VERSION_LOCAL_LABEL_TRAIL tokens match
 * at `pos`. */
int pep_lex_prefix_trail(const struct pep_lex *lx, size_t pos);
int pep_lex_local_trail(const struct pep_lex *lx, size_t pos);

/* Matches `text` against packaging's anchored Specifier regex. On a match
 * returns 1 and sets the operator and the version (stripped) as offsets
 * into `text`; else 0. */
int pep_spec_match(const char *text, size_t len, size_t *op_off, size_t *op_len, size_t *ver_off,
                   size_t *ver_len);

/* Decodes a QUOTED_STRING token (quotes included) the way
 * ast.literal_eval() does; *out is a new NUL-terminated string. SW_EPARSE
 * (with the column of the token from `lx`/`pos`) for what Python refuses
 * or what is not supported here. */
int pep_pystr_decode(char **out, const struct pep_lex *lx, size_t pos, size_t len);

/* Returns 1 if `s` is valid UTF-8 (no overlongs, no surrogates). */
int pep_utf8_valid(const char *s, size_t len);

/* SW_EPARSE if `s` holds a NUL byte: names, URLs and values are C strings
 * here, while packaging would keep a NUL inside a URL or a === version. */
int pep_refuse_nul(const char *s, size_t len);

/* Python's str.lower() of one code point, when it is one code point
 * (everything but U+0130, which the caller maps to "i" U+0307). */
unsigned long pep_lower_cp(unsigned long cp);

/* Parses a marker at the cursor as packaging's _parse_marker() does (it
 * stops before anything that does not continue the expression). */
int pep_marker_parse_at(sw_marker **out, struct pep_lex *lx);

#endif
