/*
 * pep/requirement.c — PEP 508 requirements: the parser, shaped exactly like
 * packaging 25.0's _parse_requirement() (same tokens, same order of checks,
 * so the same inputs are accepted and refused), the SpecifierSet split that
 * packaging's Requirement applies to the collected specifier text, the
 * accessors, and the printer that matches str(Requirement(...)).
 */
#include <stdlib.h>
#include <string.h>

#include "pep/pep508_int.h"
#include "util/util.h"

struct sw_requirement {
	char *name;
	char **extras; /* sorted, unique */
	size_t n_extras;
	sw_specset *spec;
	char *url;
	sw_marker *marker;
};

/* Parser state: the cursor, the extras collected so far, and the specifier
 * text (SPECIFIER tokens and commas, without the whitespace between). */
struct rparser {
	struct pep_lex lx;
	sw_requirement *req;
	size_t extras_cap;
	sw_buf spec_text;
};

static int fail(const struct rparser *p, size_t at, const char *what)
{
	return sw_error_set(SW_EPARSE, "col %u: %s", pep_col(&p->lx, at), what);
}

static int is_ws(const struct pep_lex *lx)
{
	return lx->pos < lx->len && (lx->src[lx->pos] == ' ' || lx->src[lx->pos] == '\t');
}

static int at_char(const struct pep_lex *lx, char c)
{
	return lx->pos < lx->len && lx->src[lx->pos] == c;
}

/* Adds the IDENTIFIER of length n at the cursor to the extras. */
static int push_extra(struct rparser *p, size_t n)
{
	sw_requirement *req = p->req;
	char *copy;
	if (req->n_extras == p->extras_cap) {
		size_t cap = p->extras_cap ? p->extras_cap * 2 : 4;
		char **e = sw_realloc(req->extras, cap * sizeof(*e));
		if (!e)
			return sw_error_set(SW_ENOMEM, "out of memory");
		req->extras = e;
		p->extras_cap = cap;
	}
	copy = sw_strndup(p->lx.src + p->lx.pos, n);
	if (!copy)
		return sw_error_set(SW_ENOMEM, "out of memory");
	req->extras[req->n_extras++] = copy;
	p->lx.pos += n;
	return 0;
}

/* extras_list = IDENTIFIER (WS? ',' WS? IDENTIFIER)* */
static int parse_extras_list(struct rparser *p)
{
	struct pep_lex *lx = &p->lx;
	size_t n = pep_lex_identifier(lx, lx->pos);
	int err;
	if (!n)
		return 0;
	if ((err = push_extra(p, n)) < 0)
		return err;
	for (;;) {
		pep_lex_ws(lx);
		if (pep_lex_identifier(lx, lx->pos))
			return fail(p, lx->pos, "expected a comma between extra names");
		if (!at_char(lx, ','))
			return 0;
		lx->pos++;
		pep_lex_ws(lx);
		if (!(n = pep_lex_identifier(lx, lx->pos)))
			return fail(p, lx->pos, "expected an extra name after ','");
		if ((err = push_extra(p, n)) < 0)
			return err;
	}
}

/* extras = ('[' WS? extras_list? WS? ']')? */
static int parse_extras(struct rparser *p)
{
	struct pep_lex *lx = &p->lx;
	size_t open = lx->pos;
	int err;
	if (!at_char(lx, '['))
		return 0;
	lx->pos++;
	pep_lex_ws(lx);
	if ((err = parse_extras_list(p)) < 0)
		return err;
	pep_lex_ws(lx);
	if (!at_char(lx, ']'))
		return sw_error_set(SW_EPARSE, "col %u: expected ']' to close the '[' at col %u",
		                    pep_col(lx, lx->pos), pep_col(lx, open));
	lx->pos++;
	return 0;
}

/* The error for a place where a specifier, ')' or ';' was expected:
 * "expected a version after '>='" if an operator stands there. */
static int fail_after_spec(const struct rparser *p, const char *what)
{
	size_t op = pep_lex_spec_op_prefix(&p->lx, p->lx.pos);
	if (op)
		return sw_error_set(SW_EPARSE, "col %u: expected a version after '%.*s'",
		                    pep_col(&p->lx, p->lx.pos + op), (int)op,
		                    p->lx.src + p->lx.pos);
	return fail(p, p->lx.pos, what);
}

/* version_many = (SPECIFIER (WS? ',' WS? SPECIFIER)*)? WS? */
static int parse_version_many(struct rparser *p)
{
	struct pep_lex *lx = &p->lx;
	size_t n, start;
	while ((n = pep_lex_specifier(lx, lx->pos)) > 0) {
		start = lx->pos;
		sw_buf_put(&p->spec_text, lx->src + lx->pos, n);
		lx->pos += n;
		if (pep_lex_prefix_trail(lx, lx->pos))
			return fail(p, start, "a '.*' suffix can only be used with '==' or '!='");
		if (pep_lex_local_trail(lx, lx->pos))
			return fail(p, start,
			            "a local version label can only be used with '==' or '!='");
		pep_lex_ws(lx);
		if (!at_char(lx, ','))
			break;
		sw_buf_putc(&p->spec_text, ',');
		lx->pos++;
		pep_lex_ws(lx);
	}
	return sw_buf_error(&p->spec_text);
}

/* specifier = '(' WS? version_many WS? ')' | WS? version_many WS? */
static int parse_specifier(struct rparser *p)
{
	struct pep_lex *lx = &p->lx;
	size_t open = lx->pos;
	int paren = at_char(lx, '('), err;
	if (paren)
		lx->pos++;
	pep_lex_ws(lx);
	if ((err = parse_version_many(p)) < 0)
		return err;
	pep_lex_ws(lx);
	if (!paren)
		return 0;
	if (!at_char(lx, ')')) {
		if (pep_lex_spec_op_prefix(lx, lx->pos))
			return fail_after_spec(p, "");
		return sw_error_set(SW_EPARSE, "col %u: expected ')' to close the '(' at col %u",
		                    pep_col(lx, lx->pos), pep_col(lx, open));
	}
	lx->pos++;
	return 0;
}

/* Appends "OP VERSION" of one comma-separated piece to `clean`, as
 * Specifier(piece.strip()) would parse it; empty pieces are skipped. */
static int clean_piece(sw_buf *clean, const char *s, size_t len)
{
	size_t op_off, op_len, ver_off, ver_len;
	if (pep_skip_py_space(s, len, 0) == len)
		return 0;
	if (!pep_spec_match(s, len, &op_off, &op_len, &ver_off, &ver_len))
		return sw_error_set(SW_EPARSE, "invalid specifier '%.*s'", (int)len, s);
	if (clean->len)
		sw_buf_putc(clean, ',');
	sw_buf_put(clean, s + op_off, op_len);
	return sw_buf_put(clean, s + ver_off, ver_len);
}

/* SpecifierSet(text): split at commas, strip, parse each piece. */
static int build_specset(sw_requirement *req, const sw_buf *text)
{
	const char *s = sw_buf_cstr(text), *comma;
	size_t len = text->len;
	sw_buf clean;
	int err = 0;
	sw_buf_init(&clean, SW_PEP508_MAX_LEN);
	for (;;) {
		comma = memchr(s, ',', len);
		if ((err = clean_piece(&clean, s, comma ? (size_t)(comma - s) : len)) < 0)
			goto done;
		if (!comma)
			break;
		len -= (size_t)(comma - s) + 1;
		s = comma + 1;
	}
	err = sw_specset_parse(&req->spec, sw_buf_cstr(&clean), clean.len);
done:
	sw_buf_free(&clean);
	return err;
}

/* requirement_marker = ';' marker WS? */
static int parse_marker_part(struct rparser *p, const char *after)
{
	int err;
	if (!at_char(&p->lx, ';'))
		return fail_after_spec(p, after);
	p->lx.pos++;
	if ((err = pep_marker_parse_at(&p->req->marker, &p->lx)) < 0)
		return err;
	pep_lex_ws(&p->lx);
	return 0;
}

/* '@' WS? URL (WS marker_part?)? */
static int parse_url_details(struct rparser *p)
{
	struct pep_lex *lx = &p->lx;
	size_t n;
	lx->pos++;
	pep_lex_ws(lx);
	if (!(n = pep_lex_url(lx, lx->pos)))
		return fail(p, lx->pos, "expected a URL after '@'");
	p->req->url = sw_strndup(lx->src + lx->pos, n);
	if (!p->req->url)
		return sw_error_set(SW_ENOMEM, "out of memory");
	lx->pos += n;
	if (pep_lex_at_end(lx, lx->pos))
		return 0;
	if (!is_ws(lx))
		return fail(p, lx->pos, "expected whitespace after the URL");
	pep_lex_ws(lx);
	if (pep_lex_at_end(lx, lx->pos))
		return 0;
	return parse_marker_part(p, "expected ';' or the end after the URL");
}

/* requirement_details = '@' ... | specifier WS? marker_part? */
static int parse_details(struct rparser *p)
{
	int err;
	if (at_char(&p->lx, '@'))
		return parse_url_details(p);
	if ((err = parse_specifier(p)) < 0 || (err = build_specset(p->req, &p->spec_text)) < 0)
		return err;
	pep_lex_ws(&p->lx);
	if (pep_lex_at_end(&p->lx, p->lx.pos))
		return 0;
	return parse_marker_part(p, p->spec_text.len
	                                    ? "expected ';' or the end after the version specifier"
	                                    : "expected a version specifier, ';' or the end");
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts the extras and drops duplicates, as sorted(set(extras)). */
static void sort_extras(sw_requirement *req)
{
	size_t kept = 0;
	if (req->n_extras == 0)
		return;
	qsort(req->extras, req->n_extras, sizeof(char *), compare_strings);
	for (size_t i = 0; i < req->n_extras; i++) {
		if (kept && strcmp(req->extras[kept - 1], req->extras[i]) == 0)
			sw_free(req->extras[i]);
		else
			req->extras[kept++] = req->extras[i];
	}
	req->n_extras = kept;
}

/* requirement = WS? IDENTIFIER WS? extras WS? requirement_details END */
static int parse_requirement(struct rparser *p)
{
	struct pep_lex *lx = &p->lx;
	size_t n;
	int err;
	pep_lex_ws(lx);
	if (!(n = pep_lex_identifier(lx, lx->pos)))
		return fail(p, lx->pos, "expected a package name");
	if (!(p->req->name = sw_strndup(lx->src + lx->pos, n)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	lx->pos += n;
	pep_lex_ws(lx);
	if ((err = parse_extras(p)) < 0)
		return err;
	pep_lex_ws(lx);
	if ((err = parse_details(p)) < 0)
		return err;
	if (!pep_lex_at_end(lx, lx->pos))
		return fail(p, lx->pos, "expected 'and', 'or' or the end of the requirement");
	sort_extras(p->req);
	return 0;
}

int sw_requirement_parse(sw_requirement **out, const char *text, size_t len)
{
	struct rparser p = {{text, len, 0}, NULL, 0, {0}};
	int err;
	*out = NULL;
	if (len > SW_PEP508_MAX_LEN)
		return sw_error_set(SW_ETOOBIG, "requirement longer than %d bytes",
		                    SW_PEP508_MAX_LEN);
	if (!pep_utf8_valid(text, len))
		return sw_error_set(SW_EPARSE, "requirement is not valid UTF-8");
	if ((err = pep_refuse_nul(text, len)) < 0)
		return err;
	sw_buf_init(&p.spec_text, SW_PEP508_MAX_LEN);
	if (!(p.req = sw_calloc(1, sizeof(*p.req)))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if ((err = parse_requirement(&p)) < 0)
		goto done;
	if (!p.req->spec)
		err = sw_specset_parse(&p.req->spec, "", 0);
done:
	sw_buf_free(&p.spec_text);
	if (err < 0)
		sw_requirement_free(p.req);
	else
		*out = p.req;
	return err;
}

void sw_requirement_free(sw_requirement *req)
{
	if (!req)
		return;
	for (size_t i = 0; i < req->n_extras; i++)
		sw_free(req->extras[i]);
	sw_free(req->extras);
	sw_free(req->name);
	sw_specset_free(req->spec);
	sw_free(req->url);
	sw_marker_free(req->marker);
	sw_free(req);
}

const char *sw_requirement_name(const sw_requirement *req)
{
	return req->name;
}

size_t sw_requirement_extra_count(const sw_requirement *req)
{
	return req->n_extras;
}

const char *sw_requirement_extra(const sw_requirement *req, size_t i)
{
	return i < req->n_extras ? req->extras[i] : NULL;
}

int sw_requirement_has_extra(const sw_requirement *req, const char *extra)
{
	for (size_t i = 0; i < req->n_extras; i++)
		if (sw_name_equal(req->extras[i], strlen(req->extras[i]), extra, strlen(extra)))
			return 1;
	return 0;
}

const sw_specset *sw_requirement_specifier(const sw_requirement *req)
{
	return req->spec;
}

const char *sw_requirement_url(const sw_requirement *req)
{
	return req->url;
}

const sw_marker *sw_requirement_marker(const sw_requirement *req)
{
	return req->marker;
}

int sw_requirement_format(sw_buf *out, const sw_requirement *req)
{
	int err;
	sw_buf_puts(out, req->name);
	for (size_t i = 0; i < req->n_extras; i++) {
		sw_buf_putc(out, i ? ',' : '[');
		sw_buf_puts(out, req->extras[i]);
	}
	if (req->n_extras)
		sw_buf_putc(out, ']');
	if (sw_specset_count(req->spec) && (err = sw_specset_format(out, req->spec)) < 0)
		return err;
	if (req->url) {
		sw_buf_puts(out, "@ ");
		sw_buf_puts(out, req->url);
		if (req->marker)
			sw_buf_putc(out, ' ');
	}
	if (req->marker) {
		sw_buf_puts(out, "; ");
		return sw_marker_format(out, req->marker);
	}
	return sw_buf_error(out);
}
