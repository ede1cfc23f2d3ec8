/*
 * pep/specre.c — an exact emulation of packaging 25.0's Specifier regex
 * (Specifier._operator_regex_str + _version_regex_str, VERBOSE|IGNORECASE),
 * used two ways: unanchored as the tokenizer's SPECIFIER rule, and anchored
 * (^\s* ... \s*$) as Specifier() itself, to split a SpecifierSet and to know
 * whether a marker comparison is a valid specifier. The regex is greedy and
 * everything after the operator is optional, so its first match is the
 * greedy walk below. IGNORECASE in Python's Unicode mode also lets 'İ' and
 * 'ı' match 'i', 'ſ' match 's' and the Kelvin sign match 'k'; they are
 * handled too.
 */
#include <string.h>

#include "pep/pep508_int.h"
#include "util/util.h"

/* Which alternative of the version group an operator selects (by the
 * regex's lookbehinds). */
enum vkind { V_ARBITRARY, V_EQUALITY, V_COMPATIBLE, V_ORDERED };

/* The operator group, in the order the regex tries it. */
static const struct {
	const char *op;
	enum vkind kind;
} spec_ops[] = {
        {"~=", V_COMPATIBLE}, {"==", V_EQUALITY}, {"!=", V_EQUALITY}, {"<=", V_ORDERED},
        {">=", V_ORDERED},    {"<", V_ORDERED},   {">", V_ORDERED},   {"===", V_ARBITRARY},
};

/* Characters other than ASCII that IGNORECASE folds onto a letter. */
static const struct {
	char letter;
	const char *utf8;
} folds[] = {
        {'i', "\xC4\xB0"},     /* U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE */
        {'i', "\xC4\xB1"},     /* U+0131 LATIN SMALL LETTER DOTLESS I */
        {'s', "\xC5\xBF"},     /* U+017F LATIN SMALL LETTER LONG S */
        {'k', "\xE2\x84\xAA"}, /* U+212A KELVIN SIGN */
};

/* The text being matched. */
struct span {
	const char *s;
	size_t len;
};

/* Length of a character at `pos` that matches ASCII letter `letter`
 * (lowercase) case-insensitively, or 0. */
static size_t ci_letter(const struct span *t, size_t pos, char letter)
{
	unsigned char c;
	if (pos >= t->len)
		return 0;
	c = (unsigned char)t->s[pos];
	if (c == (unsigned char)letter || c == (unsigned char)(letter - 'a' + 'A'))
		return 1;
	for (size_t i = 0; c >= 0x80 && i < SW_ARRAY_LEN(folds); i++) {
		size_t n = strlen(folds[i].utf8);
		if (folds[i].letter == letter && n <= t->len - pos &&
		    memcmp(t->s + pos, folds[i].utf8, n) == 0)
			return n;
	}
	return 0;
}

/* Matches an ASCII word case-insensitively; returns the end or 0. */
static size_t ci_word(const struct span *t, size_t pos, const char *word)
{
	for (; *word; word++) {
		size_t n = ci_letter(t, pos, *word);
		if (!n)
			return 0;
		pos += n;
	}
	return pos;
}

/* Length of one character of [a-z0-9] under IGNORECASE at `pos`, or 0. */
static size_t ci_alnum(const struct span *t, size_t pos)
{
	unsigned char c;
	if (pos >= t->len)
		return 0;
	c = (unsigned char)t->s[pos];
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	for (size_t i = 0; c >= 0x80 && i < SW_ARRAY_LEN(folds); i++) {
		size_t n = strlen(folds[i].utf8);
		if (n <= t->len - pos && memcmp(t->s + pos, folds[i].utf8, n) == 0)
			return n;
	}
	return 0;
}

static int is_digit_at(const struct span *t, size_t pos)
{
	return pos < t->len && t->s[pos] >= '0' && t->s[pos] <= '9';
}

static size_t skip_digits(const struct span *t, size_t pos)
{
	while (is_digit_at(t, pos))
		pos++;
	return pos;
}

/* [-_\.]? */
static size_t opt_sep(const struct span *t, size_t pos)
{
	if (pos < t->len && (t->s[pos] == '-' || t->s[pos] == '_' || t->s[pos] == '.'))
		return pos + 1;
	return pos;
}

/* [-_\.]? (one of labels) [-_\.]? [0-9]*, or nothing. */
static size_t opt_labelled(const struct span *t, size_t pos, const char *const *labels, size_t n)
{
	size_t at = opt_sep(t, pos);
	for (size_t i = 0; i < n; i++) {
		size_t end = ci_word(t, at, labels[i]);
		if (end)
			return skip_digits(t, opt_sep(t, end));
	}
	return pos;
}

static const char *const pre_labels[] = {"alpha", "beta", "preview", "pre", "a", "b", "c", "rc"};
static const char *const post_labels[] = {"post", "rev", "r"};
static const char *const dev_labels[] = {"dev"};

/* (?:-[0-9]+)|(?:[-_\.]?(post|rev|r)[-_\.]?[0-9]*), or nothing. */
static size_t opt_post(const struct span *t, size_t pos)
{
	if (pos < t->len && t->s[pos] == '-' && is_digit_at(t, pos + 1))
		return skip_digits(t, pos + 1);
	return opt_labelled(t, pos, post_labels, SW_ARRAY_LEN(post_labels));
}

/* \+[a-z0-9]+(?:[-_\.][a-z0-9]+)*, or nothing. */
static size_t opt_local(const struct span *t, size_t pos)
{
	size_t end, n;
	if (pos >= t->len || t->s[pos] != '+' || !ci_alnum(t, pos + 1))
		return pos;
	end = pos + 1;
	for (;;) {
		while ((n = ci_alnum(t, end)) > 0)
			end += n;
		if (opt_sep(t, end) == end || !ci_alnum(t, end + 1))
			return end;
		end++;
	}
}

/* The version alternative for `kind` from `pos`; returns the end offset, or
 * (size_t)-1 if it cannot match. */
static size_t match_version(const struct span *t, size_t pos, enum vkind kind)
{
	size_t p = pep_skip_py_space(t->s, t->len, pos), q;
	if (kind == V_ARBITRARY) {
		while (p < t->len && !pep_py_space(t->s, t->len, p) && t->s[p] != ';' &&
		       t->s[p] != ')')
			p++;
		return p;
	}
	p += ci_letter(t, p, 'v');
	q = skip_digits(t, p);
	if (q > p && q < t->len && t->s[q] == '!' && is_digit_at(t, q + 1))
		p = q + 1; /* else the regex backtracks: no epoch */
	if (!is_digit_at(t, p))
		return (size_t)-1;
	p = skip_digits(t, p);
	q = p;
	while (q < t->len && t->s[q] == '.' && is_digit_at(t, q + 1))
		q = skip_digits(t, q + 1);
	if (kind == V_COMPATIBLE && q == p)
		return (size_t)-1;
	p = q;
	if (kind == V_EQUALITY && p + 1 < t->len && t->s[p] == '.' && t->s[p + 1] == '*')
		return p + 2;
	p = opt_labelled(t, p, pre_labels, SW_ARRAY_LEN(pre_labels));
	p = opt_post(t, p);
	p = opt_labelled(t, p, dev_labels, 1);
	return kind == V_EQUALITY ? opt_local(t, p) : p;
}

/* Tries the operators in order from `pos`. With `anchored`, a match must be
 * followed by whitespace only. Returns 1 and the operator index and the end
 * of the version, else 0. */
static int match_spec(const struct span *t, size_t pos, int anchored, size_t *which, size_t *end)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(spec_ops); i++) {
		size_t n = strlen(spec_ops[i].op), e;
		if (n > t->len - pos || memcmp(t->s + pos, spec_ops[i].op, n) != 0)
			continue;
		e = match_version(t, pos + n, spec_ops[i].kind);
		if (e == (size_t)-1)
			continue;
		if (anchored && pep_skip_py_space(t->s, t->len, e) != t->len)
			continue;
		*which = i;
		*end = e;
		return 1;
	}
	return 0;
}

size_t pep_lex_specifier(const struct pep_lex *lx, size_t pos)
{
	struct span t = {lx->src, lx->len};
	size_t which, end;
	if (pos >= lx->len || !match_spec(&t, pos, 0, &which, &end))
		return 0;
	return end - pos;
}

size_t pep_lex_spec_op_prefix(const struct pep_lex *lx, size_t pos)
{
	size_t best = 0;
	for (size_t i = 0; i < SW_ARRAY_LEN(spec_ops); i++) {
		size_t n = strlen(spec_ops[i].op);
		if (n <= lx->len - pos && memcmp(lx->src + pos, spec_ops[i].op, n) == 0 && n > best)
			best = n;
	}
	return best;
}

int pep_spec_match(const char *text, size_t len, size_t *op_off, size_t *op_len, size_t *ver_off,
                   size_t *ver_len)
{
	struct span t = {text, len};
	size_t start = pep_skip_py_space(text, len, 0), which, end, v;
	if (!match_spec(&t, start, 1, &which, &end))
		return 0;
	*op_off = start;
	*op_len = strlen(spec_ops[which].op);
	v = pep_skip_py_space(text, len, start + *op_len);
	*ver_off = v;
	*ver_len = end - v;
	return 1;
}
