/*
 * project/spdx.c — SPDX license expressions (PEP 639): validation and
 * canonicalisation with the exact rules of packaging 25.0's
 * canonicalize_license_expression(), which is what PyPI runs.
 *
 * packaging pads parentheses with spaces, splits on Python's whitespace,
 * turns the tokens into a Python expression of `False`, `and`, `or` (WITH
 * becomes `or`), `(` and `)`, evaluates it and accepts only when the result
 * is exactly False; then it looks each id up, case-insensitively. The
 * evaluation is reproduced here by a small parser of that Python grammar in
 * which an empty "()" is a falsy tuple that `and` may skip over.
 */
#include <string.h>

#include "project/data/lists.h"
#include "project/project_int.h"

/* Python's tokenizer refuses 200 nested parentheses. */
#define MAX_NESTING 200

enum tok_kind { T_ATOM, T_AND, T_OR, T_WITH, T_LPAREN, T_RPAREN };

struct tok {
	enum tok_kind kind;
	size_t off, len;
};

/* Length of the whitespace character (as Python's str.split() sees it) at
 * s[i], or 0. */
static size_t space_len(const unsigned char *s, size_t len, size_t i)
{
	unsigned char c = s[i];
	if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F))
		return 1;
	if (c == 0xC2 && i + 1 < len && (s[i + 1] == 0x85 || s[i + 1] == 0xA0))
		return 2;
	if (i + 2 >= len)
		return 0;
	if (c == 0xE1 && s[i + 1] == 0x9A && s[i + 2] == 0x80)
		return 3; /* U+1680 */
	if (c == 0xE2 && s[i + 1] == 0x80 &&
	    (s[i + 2] <= 0x8A || s[i + 2] == 0xA8 || s[i + 2] == 0xA9 || s[i + 2] == 0xAF))
		return s[i + 2] >= 0x80 ? 3 : 0; /* U+2000-200A, 2028, 2029, 202F */
	if (c == 0xE2 && s[i + 1] == 0x81 && s[i + 2] == 0x9F)
		return 3; /* U+205F */
	if (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80)
		return 3; /* U+3000 */
	return 0;
}

static int word_is(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);
	if (len != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((s[i] | 0x20) != word[i])
			return 0;
	return 1;
}

/* Splits into tokens; *toks is a new array (sw_free). */
static int tokenize(struct tok **toks, size_t *count, const char *expr, size_t len)
{
	const unsigned char *s = (const unsigned char *)expr;
	struct tok *t = sw_malloc((len + 1) * sizeof(*t));
	size_t n = 0, i = 0;
	if (!t)
		return sw_error_set(SW_ENOMEM, "out of memory");
	while (i < len) {
		size_t w = space_len(s, len, i), start = i;
		if (w) {
			i += w;
			continue;
		}
		if (s[i] == '(' || s[i] == ')') {
			t[n++] = (struct tok){s[i] == '(' ? T_LPAREN : T_RPAREN, i, 1};
			i++;
			continue;
		}
		while (i < len && s[i] != '(' && s[i] != ')' && !space_len(s, len, i))
			i++;
		t[n] = (struct tok){T_ATOM, start, i - start};
		if (word_is(expr + start, i - start, "and"))
			t[n].kind = T_AND;
		else if (word_is(expr + start, i - start, "or"))
			t[n].kind = T_OR;
		else if (word_is(expr + start, i - start, "with"))
			t[n].kind = T_WITH;
		n++;
	}
	*toks = t;
	*count = n;
	return 0;
}

/* ---- the Python expression packaging evaluates -------------------------- */

enum pyval { V_FALSE, V_TUPLE, V_ERROR };

struct pyparse {
	const struct tok *t;
	size_t n, i;
	int depth;
};

/* The Python operator a token becomes: WITH is `or`. */
static enum tok_kind py_kind(const struct tok *t)
{
	return t->kind == T_WITH ? T_OR : t->kind;
}

static enum pyval py_disjunction(struct pyparse *P);

/* atom: False | '(' ')' | '(' disjunction ')' */
static enum pyval py_atom(struct pyparse *P)
{
	enum pyval v;
	if (P->i >= P->n)
		return V_ERROR;
	if (P->t[P->i].kind == T_ATOM) {
		P->i++;
		return V_FALSE;
	}
	if (P->t[P->i].kind != T_LPAREN || ++P->depth >= MAX_NESTING)
		return V_ERROR;
	P->i++;
	if (P->i < P->n && P->t[P->i].kind == T_RPAREN) {
		P->i++;
		P->depth--;
		return V_TUPLE;
	}
	v = py_disjunction(P);
	if (v == V_ERROR || P->i >= P->n || P->t[P->i].kind != T_RPAREN)
		return V_ERROR;
	P->i++;
	P->depth--;
	return v;
}

/* conjunction: atom ('and' atom)*; every value is falsy, so `and` yields
 * its first operand. */
static enum pyval py_conjunction(struct pyparse *P)
{
	enum pyval first = py_atom(P);
	while (first != V_ERROR && P->i < P->n && py_kind(&P->t[P->i]) == T_AND) {
		P->i++;
		if (py_atom(P) == V_ERROR)
			return V_ERROR;
	}
	return first;
}

/* disjunction: conjunction ('or' conjunction)*; `or` of falsy values
 * yields the last one. */
static enum pyval py_disjunction(struct pyparse *P)
{
	enum pyval last = py_conjunction(P);
	while (last != V_ERROR && P->i < P->n && py_kind(&P->t[P->i]) == T_OR) {
		P->i++;
		last = py_conjunction(P);
	}
	return last;
}

/* Whether packaging's grammar check accepts the token list. */
static int grammar_ok(const struct tok *t, size_t n)
{
	struct pyparse P = {t, n, 0, 0};
	for (size_t i = 1; i < n; i++) {
		enum tok_kind prev = py_kind(&t[i - 1]);
		if (t[i].kind == T_LPAREN && prev != T_AND && prev != T_OR)
			return 0;
	}
	if (n == 0 || py_disjunction(&P) != V_FALSE)
		return 0;
	return P.i == n;
}

/* ---- ids ---------------------------------------------------------------- */

/* Lower-cases a token as Python does for what can match an ASCII id: ASCII
 * letters and U+212A KELVIN SIGN (which lowers to 'k'); other bytes are
 * kept. Returns the new length. */
static size_t lower_token(char *dst, const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x84 &&
		    (unsigned char)s[i + 2] == 0xAA) {
			dst[n++] = 'k';
			i += 2;
		} else {
			dst[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
	}
	return n;
}

/* Compares a lower-case key with a list id, case-insensitively. */
static int cmp_id(const char *key, size_t len, const char *id)
{
	size_t i = 0;
	for (; i < len && id[i]; i++) {
		unsigned char a = (unsigned char)key[i], b = (unsigned char)id[i];
		b = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
		if (a != b)
			return a < b ? -1 : 1;
	}
	if (i < len)
		return 1;
	return id[i] ? -1 : 0;
}

/* Binary search of a lower-case key in a table sorted by lower-case id. */
static const struct pj_spdx_entry *find(const struct pj_spdx_entry *table, size_t count,
                                        const char *key, size_t len)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_id(key, len, table[mid].id);
		if (c == 0)
			return &table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Looks up an id given in any case. */
static const char *lookup(const struct pj_spdx_entry *table, size_t count, const char *id,
                          size_t len, int *deprecated)
{
	char small[128];
	const struct pj_spdx_entry *e;
	if (!id || len > sizeof(small))
		return NULL;
	e = find(table, count, small, lower_token(small, id, len));
	if (deprecated)
		*deprecated = e ? e->deprecated : 0;
	return e ? e->id : NULL;
}

const char *sw_spdx_license_id(const char *id, size_t len, int *deprecated)
{
	return lookup(pj_spdx_licenses, pj_spdx_licenses_count, id, len, deprecated);
}

const char *sw_spdx_exception_id(const char *id, size_t len, int *deprecated)
{
	return lookup(pj_spdx_exceptions, pj_spdx_exceptions_count, id, len, deprecated);
}

/* ---- canonical form ----------------------------------------------------- */

/* What the final pass needs. */
struct canon {
	const char *expr;
	const struct tok *t;
	size_t n;
	char *low;   /* scratch for a lower-cased token (expression length) */
	char *low2;  /* a second one */
	sw_buf *out; /* where the canonical form goes */
	sw_spdx_error *why;
};

static int refuse(struct canon *C, enum sw_spdx_problem problem, const struct tok *t,
                  const char *what)
{
	C->why->problem = problem;
	C->why->offset = t ? t->off : 0;
	C->why->len = t ? t->len : 0;
	if (!t)
		return sw_error_set(SW_EPARSE, "%s", what);
	return sw_error_set(SW_EPARSE, "%s '%.*s'", what, (int)t->len, C->expr + t->off);
}

/* Whether a lower-cased LicenseRef id has only [a-z0-9.-]. */
static int ref_chars_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

/* Writes a LicenseRef as spelled by the last token equal to it in lower
 * case (packaging builds a dict of them, later ones winning). */
static int put_licenseref(struct canon *C, const struct tok *t, size_t flen, int plus)
{
	const struct tok *last = NULL;
	if (!ref_chars_ok(C->low, flen))
		return refuse(C, SW_SPDX_BAD_LICENSEREF, t,
		              "a LicenseRef may hold only letters, digits, '.' and '-':");
	for (size_t i = 0; i < C->n; i++) {
		if (C->t[i].kind != T_ATOM || C->t[i].len < flen)
			continue;
		if (lower_token(C->low2, C->expr + C->t[i].off, C->t[i].len) == flen &&
		    memcmp(C->low2, C->low, flen) == 0)
			last = &C->t[i];
	}
	if (!last)
		return refuse(C, SW_SPDX_BAD_LICENSEREF, t, "a LicenseRef cannot end in '+':");
	sw_buf_puts(C->out, "LicenseRef-");
	sw_buf_put(C->out, C->expr + last->off + 11, last->len - 11);
	if (plus)
		sw_buf_putc(C->out, '+');
	return 0;
}

/* Writes the canonical spelling of one id token. */
static int put_id(struct canon *C, const struct tok *t, int after_with)
{
	size_t len = lower_token(C->low, C->expr + t->off, t->len);
	const struct pj_spdx_entry *e;
	int plus = 0;
	if (after_with) {
		e = find(pj_spdx_exceptions, pj_spdx_exceptions_count, C->low, len);
		if (!e)
			return refuse(C, SW_SPDX_UNKNOWN_EXCEPTION, t, "unknown license exception");
		return sw_buf_puts(C->out, e->id);
	}
	if (len && C->low[len - 1] == '+') {
		plus = 1;
		len--;
	}
	if (len >= 11 && memcmp(C->low, "licenseref-", 11) == 0)
		return put_licenseref(C, t, len, plus);
	if (len >= 12 && memcmp(C->low, "documentref-", 12) == 0)
		return refuse(C, SW_SPDX_DOCUMENTREF, t,
		              "PEP 639 does not allow DocumentRef references:");
	e = find(pj_spdx_licenses, pj_spdx_licenses_count, C->low, len);
	if (!e)
		return refuse(C, SW_SPDX_UNKNOWN_LICENSE, t, "unknown license");
	sw_buf_puts(C->out, e->id);
	return plus ? sw_buf_putc(C->out, '+') : 0;
}

/* The final pass: every token in its canonical spelling. */
static int write_canonical(struct canon *C)
{
	static const char *const ops[] = {[T_AND] = "AND", [T_OR] = "OR", [T_WITH] = "WITH"};
	int err = 0;
	for (size_t i = 0; i < C->n && !err; i++) {
		const struct tok *t = &C->t[i];
		if (i > 0 && t->kind != T_RPAREN && C->t[i - 1].kind != T_LPAREN)
			sw_buf_putc(C->out, ' ');
		if (t->kind == T_LPAREN || t->kind == T_RPAREN)
			err = sw_buf_putc(C->out, t->kind == T_LPAREN ? '(' : ')');
		else if (t->kind != T_ATOM)
			err = sw_buf_puts(C->out, ops[t->kind]);
		else
			err = put_id(C, t, i > 0 && C->t[i - 1].kind == T_WITH);
	}
	return err;
}

int sw_spdx_canonicalize(sw_buf *out, const char *expr, size_t len, sw_spdx_error *why)
{
	sw_spdx_error spare;
	struct canon C = {.expr = expr, .out = out, .why = why ? why : &spare};
	struct tok *toks = NULL;
	size_t n = 0, mark = out->len;
	int err;
	C.why->problem = SW_SPDX_OK;
	C.why->offset = C.why->len = 0;
	if (!expr && len)
		return sw_error_set(SW_EINVAL, "no expression given");
	if ((err = tokenize(&toks, &n, expr ? expr : "", len)) < 0)
		return err;
	C.t = toks;
	C.n = n;
	if (!grammar_ok(toks, n)) {
		err = refuse(&C, SW_SPDX_SYNTAX, NULL,
		             "AND, OR, WITH and the parentheses do not form an expression");
		goto done;
	}
	C.low = sw_malloc(2 * len + 2);
	if (!C.low) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	C.low2 = C.low + len + 1;
	err = write_canonical(&C);
	if (err == 0 && sw_buf_error(out))
		err = sw_error_set(sw_buf_error(out), "out of memory");
done:
	if (err < 0 && !sw_buf_error(out) && out->len > mark) {
		out->len = mark;
		out->ptr[mark] = '\0';
	}
	sw_free(C.low);
	sw_free(toks);
	return err;
}
