/*
 * pep/specifier.c — PEP 440 specifier clauses and sets, parsed exactly
 * where packaging 25.0 accepts them: the set is split on ',' and empty
 * pieces are skipped; each piece is one Specifier (operator, optional
 * whitespace, then a version whose allowed shape depends on the operator).
 * A clause keeps its text as written (str(Specifier) does not normalise);
 * the set drops clauses equal by _canonical_spec and keeps the rest sorted
 * by text, which is the order str(SpecifierSet) prints.
 */
#include <stdlib.h>
#include <string.h>

#include "pep440_int.h"
#include "util/util.h"

/* Operators in the order they must be tried (the longest first). */
static const struct {
	const char *text;
	int op;
	unsigned scan; /* sw_pep440_scan() flags; === reads its own way */
} operators[] = {
        {"===", SW_OP_ARB, 0},
        {"~=", SW_OP_COMPAT, SW_SCAN_TWO_PARTS},
        {"==", SW_OP_EQ, SW_SCAN_LOCAL | SW_SCAN_WILDCARD},
        {"!=", SW_OP_NE, SW_SCAN_LOCAL | SW_SCAN_WILDCARD},
        {"<=", SW_OP_LE, 0},
        {">=", SW_OP_GE, 0},
        {"<", SW_OP_LT, 0},
        {">", SW_OP_GT, 0},
};

/* Index in operators[] of the operator at the start of s, or -1. */
static int find_operator(const char *s, size_t len)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(operators); i++) {
		size_t n = strlen(operators[i].text);
		if (len >= n && memcmp(s, operators[i].text, n) == 0)
			return (int)i;
	}
	return -1;
}

/* Sets "invalid specifier '<text>': <why>" (why == tail: unexpected text). */
static int clause_error(const char *s, size_t len, const char *why, const char *tail)
{
	char shown[96];
	sw_pep440_quote(shown, sizeof(shown), s, len);
	if (why == tail)
		return sw_error_set(SW_EPARSE, "invalid specifier '%s': unexpected '%s'", shown,
		                    tail);
	return sw_error_set(SW_EPARSE, "invalid specifier '%s': %s", shown, why);
}

/* Reads the === text: anything up to whitespace, ';' or ')'. Returns the
 * reason it is invalid, or NULL with *vend set. */
static const char *scan_arbitrary(const char *s, size_t end, size_t pos, size_t *vend)
{
	while (pos < end && !sw_pep440_space_at(s, end, pos) && s[pos] != ';' && s[pos] != ')')
		pos++;
	*vend = pos;
	if (pos == end)
		return NULL;
	if (s[pos] == ';' || s[pos] == ')')
		return "=== text may not contain ';' or ')'";
	return "=== text may not contain whitespace";
}

/* Why a version part that the scanner stopped in is invalid. */
static const char *explain_stop(const char *s, size_t end, size_t stop, unsigned scan,
                                const struct sw_pep440_parts *p)
{
	char c = s[stop];
	if (c == '*' || (c == '.' && stop + 1 < end && s[stop + 1] == '*')) {
		if (!(scan & SW_SCAN_WILDCARD))
			return "a wildcard (.*) is only allowed with == and !=";
		return "a wildcard must follow the release numbers directly, like ==1.2.*";
	}
	if (c == '+' && !(scan & SW_SCAN_LOCAL))
		return "a local version (+...) is only allowed with == and !=";
	if (c == '+' || p->has_local)
		return "bad local label (letters and digits separated by '.', '-' or '_')";
	if (sw_pep440_space_at(s, end, stop))
		return "whitespace inside the version";
	if (p->wildcard)
		return "nothing may follow a wildcard (.*)";
	return NULL;
}

/* Finds the version part of a clause whose operator is operators[idx]:
 * [vstart, *vend). Returns NULL or the reason it is invalid. */
static const char *scan_clause_version(int idx, const char *s, size_t end, size_t vstart,
                                       size_t *vend, int *wildcard, char *tail, size_t cap)
{
	struct sw_pep440_parts p;
	const char *why;
	if (operators[idx].op == SW_OP_ARB)
		return scan_arbitrary(s, end, vstart, vend);
	if (vstart == end)
		return "no version after the operator";
	if (sw_pep440_scan(&p, s, end, vstart, operators[idx].scan) < 0) {
		if (p.fail == SW_SCANF_ONE_PART)
			return "~= needs at least two release numbers, like ~=1.4";
		return "the version must start with a number, like 1.0";
	}
	*vend = p.end;
	*wildcard = p.wildcard;
	if (p.end == end)
		return NULL;
	why = explain_stop(s, end, p.end, operators[idx].scan, &p);
	if (why)
		return why;
	sw_pep440_quote(tail, cap, s + p.end, end - p.end);
	return tail;
}

/* The normal form with trailing ".0" release parts dropped, as
 * canonicalize_version(strip_trailing_zero=True) prints it. */
static char *trimmed_normal(const char *normal, size_t *out_len)
{
	const char *bang = strchr(normal, '!');
	size_t start = bang ? (size_t)(bang - normal) + 1 : 0, r = start, t, len;
	char *out;
	while (normal[r] >= '0' && normal[r] <= '9')
		r++;
	while (normal[r] == '.' && normal[r + 1] >= '0' && normal[r + 1] <= '9')
		for (r++; normal[r] >= '0' && normal[r] <= '9'; r++)
			;
	t = r;
	while (t >= start + 3 && normal[t - 1] == '0' && normal[t - 2] == '.')
		t -= 2;
	len = strlen(normal) - (r - t);
	out = sw_malloc(len + 1);
	if (!out)
		return NULL;
	memcpy(out, normal, t);
	memcpy(out + t, normal + r, strlen(normal + r) + 1);
	*out_len = len;
	return out;
}

/* Fills the clause from its operator and version text; allocates. */
static int clause_build(struct sw_clause *c, int idx, const char *v, size_t vlen, int wildcard)
{
	int err;
	c->op = operators[idx].op;
	c->op_len = strlen(operators[idx].text);
	c->text_len = c->op_len + vlen;
	c->wildcard = wildcard;
	c->text = sw_malloc(c->text_len + 1);
	if (!c->text)
		return sw_error_set(SW_ENOMEM, "out of memory");
	memcpy(c->text, operators[idx].text, c->op_len);
	memcpy(c->text + c->op_len, v, vlen);
	c->text[c->text_len] = '\0';
	err = sw_version_try_parse(&c->version, v, wildcard ? vlen - 2 : vlen);
	if (err == SW_EPARSE && c->op == SW_OP_ARB)
		err = 0; /* === takes any text */
	else if (err == SW_EPARSE)
		return clause_error(c->text, c->text_len, "not a valid version", NULL);
	if (err < 0)
		return err;
	c->names_pre = c->op != SW_OP_NE && c->version && !wildcard &&
	               sw_version_is_prerelease(c->version);
	if (c->version && !wildcard && c->op != SW_OP_COMPAT) {
		c->canon = trimmed_normal(sw_version_str(c->version), &c->canon_len);
	} else if (c->version && !wildcard) {
		c->canon_len = strlen(sw_version_str(c->version));
		c->canon = sw_strndup(sw_version_str(c->version), c->canon_len);
	} else {
		c->canon_len = vlen;
		c->canon = sw_strndup(v, vlen);
	}
	if (!c->canon)
		return sw_error_set(SW_ENOMEM, "out of memory");
	return sw_clause_prepare(c);
}

int sw_clause_parse(struct sw_clause *c, const char *s, size_t len)
{
	size_t start, end, vstart, vend = 0;
	const char *why;
	char tail[48];
	int idx, wildcard = 0, err;
	memset(c, 0, sizeof(*c));
	start = sw_pep440_skip_space(s, len, 0);
	end = sw_pep440_trim_end(s, start, len);
	idx = find_operator(s + start, end - start);
	if (idx < 0)
		return clause_error(s, len,
		                    "expected an operator (==, !=, <=, >=, <, >, ~= or ===) "
		                    "before the version",
		                    NULL);
	vstart = sw_pep440_skip_space(s, end, start + strlen(operators[idx].text));
	why = scan_clause_version(idx, s, end, vstart, &vend, &wildcard, tail, sizeof(tail));
	if (why)
		return clause_error(s, len, why, tail);
	err = clause_build(c, idx, s + vstart, vend - vstart, wildcard);
	if (err < 0)
		sw_clause_free(c);
	return err;
}

void sw_clause_free(struct sw_clause *c)
{
	sw_free(c->text);
	sw_free(c->canon);
	sw_free(c->arb_lower);
	sw_version_free(c->version);
	sw_split_free(&c->prefix);
	memset(c, 0, sizeof(*c));
}

/* Whether the set already holds a clause equal to `c` by _canonical_spec. */
static int has_equal(const sw_specset *set, const struct sw_clause *c)
{
	for (size_t i = 0; i < set->count; i++) {
		const struct sw_clause *o = &set->clauses[i];
		if (o->op == c->op && o->canon_len == c->canon_len &&
		    memcmp(o->canon, c->canon, c->canon_len) == 0)
			return 1;
	}
	return 0;
}

/* Orders clauses by text, as Python sorts the str() of each. */
static int clause_order(const void *a, const void *b)
{
	const struct sw_clause *x = a, *y = b;
	size_t n = x->text_len < y->text_len ? x->text_len : y->text_len;
	int c = memcmp(x->text, y->text, n);
	if (c)
		return c;
	return (x->text_len > y->text_len) - (x->text_len < y->text_len);
}

/* Parses the pieces of `text` into the empty set `set`. */
static int parse_pieces(sw_specset *set, const char *text, size_t len)
{
	size_t pos = 0;
	while (pos <= len) {
		const char *comma = memchr(text + pos, ',', len - pos);
		size_t stop = comma ? (size_t)(comma - text) : len;
		size_t a = sw_pep440_skip_space(text, stop, pos);
		size_t b = sw_pep440_trim_end(text, a, stop);
		struct sw_clause c;
		int err;
		pos = stop + 1;
		if (a == b)
			continue;
		if ((err = sw_clause_parse(&c, text + a, b - a)) < 0)
			return err;
		if (has_equal(set, &c)) {
			sw_clause_free(&c);
			continue;
		}
		set->names_pre |= c.names_pre;
		set->clauses[set->count++] = c;
	}
	return 0;
}

int sw_specset_parse(sw_specset **out, const char *text, size_t len)
{
	sw_specset *set;
	size_t pieces = 1;
	int err;
	*out = NULL;
	if (len > SW_PEP440_MAX_LEN)
		return sw_error_set(SW_ETOOBIG, "specifier is longer than %d bytes",
		                    SW_PEP440_MAX_LEN);
	for (size_t i = 0; i < len; i++)
		pieces += text[i] == ',';
	set = sw_calloc(1, sizeof(*set));
	if (!set)
		return sw_error_set(SW_ENOMEM, "out of memory");
	set->clauses = sw_calloc(pieces, sizeof(*set->clauses));
	if (!set->clauses) {
		sw_free(set);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	if ((err = parse_pieces(set, text, len)) < 0) {
		sw_specset_free(set);
		return err;
	}
	qsort(set->clauses, set->count, sizeof(*set->clauses), clause_order);
	*out = set;
	return 0;
}

void sw_specset_free(sw_specset *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->count; i++)
		sw_clause_free(&set->clauses[i]);
	sw_free(set->clauses);
	sw_free(set);
}

size_t sw_specset_count(const sw_specset *set)
{
	return set->count;
}

const char *sw_specset_op(const sw_specset *set, size_t i)
{
	for (size_t k = 0; k < SW_ARRAY_LEN(operators); k++)
		if (operators[k].op == set->clauses[i].op)
			return operators[k].text;
	return "";
}

const char *sw_specset_version(const sw_specset *set, size_t i)
{
	return set->clauses[i].text + set->clauses[i].op_len;
}

int sw_specset_format(sw_buf *out, const sw_specset *set)
{
	int err;
	for (size_t i = 0; i < set->count; i++) {
		if (i > 0)
			sw_buf_putc(out, ',');
		sw_buf_put(out, set->clauses[i].text, set->clauses[i].text_len);
	}
	if ((err = sw_buf_error(out)) < 0)
		return sw_error_set(err, "%s",
		                    err == SW_ENOMEM ? "out of memory" : "specifier text too long");
	return 0;
}

int sw_specset_names_prerelease(const sw_specset *set)
{
	return set->names_pre;
}
