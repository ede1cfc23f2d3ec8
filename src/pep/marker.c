/*
 * pep/marker.c — PEP 508 environment markers: the recursive-descent parser
 * and the printer, both shaped exactly like packaging 25.0 (_parser.py's
 * _parse_marker and markers.py's _format_marker). Like packaging, a marker
 * is a flat list of atoms joined by "and"/"or" in the order written (the
 * evaluator gives "and" its precedence), and a parenthesised group is a
 * nested list; the printer drops parentheses around a single atom, which is
 * why "((a or b)) and c" prints as "a or b and c", as packaging prints it.
 * Evaluation lives in marker_eval.c.
 */
#include <string.h>

#include "pep/marker_int.h"
#include "pep/pep508_int.h"
#include "util/util.h"

/* The marker operators packaging can produce, in the order of enum mk_op. */
static const char *const op_names[] = {
        "===", "==", "~=", "!=", "<=", ">=", "<", ">", "in", "not in"};

const char *mk_op_name(enum mk_op op)
{
	return op_names[op];
}

/* Parser state: the cursor and the current nesting depth. */
struct parser {
	struct pep_lex *lx;
	unsigned depth;
};

static int syntax_error(const struct parser *p, size_t at, const char *what)
{
	return sw_error_set(SW_EPARSE, "col %u: %s", pep_col(p->lx, at), what);
}

void mk_node_free(struct mk_node *node)
{
	if (!node)
		return;
	if (node->kind == MK_LIST) {
		for (size_t i = 0; i < node->count; i++)
			mk_node_free(node->child[i]);
		sw_free(node->child);
		sw_free(node->is_or);
	} else {
		sw_free(node->lhs.value);
		sw_free(node->rhs.value);
	}
	sw_free(node);
}

/* Appends `child` (joined by "or" if `is_or`) to a list node. */
static int list_push(struct mk_node *list, struct mk_node *child, int is_or)
{
	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 4;
		struct mk_node **c = sw_realloc(list->child, cap * sizeof(*c));
		unsigned char *o;
		if (!c)
			return sw_error_set(SW_ENOMEM, "out of memory");
		list->child = c;
		o = sw_realloc(list->is_or, cap);
		if (!o)
			return sw_error_set(SW_ENOMEM, "out of memory");
		list->is_or = o;
		list->cap = cap;
	}
	list->child[list->count] = child;
	list->is_or[list->count] = (unsigned char)(is_or != 0);
	list->count++;
	return 0;
}

/* marker_var = VARIABLE | QUOTED_STRING */
static int parse_var(struct parser *p, struct mk_term *term)
{
	struct pep_lex *lx = p->lx;
	size_t n = pep_lex_variable(lx, lx->pos, &term->var);
	int err;
	if (n) {
		lx->pos += n;
		return 0;
	}
	n = pep_lex_quoted(lx, lx->pos);
	if (n) {
		if ((err = pep_pystr_decode(&term->value, lx, lx->pos, n)) < 0)
			return err;
		lx->pos += n;
		return 0;
	}
	if (lx->pos < lx->len && (lx->src[lx->pos] == '"' || lx->src[lx->pos] == '\''))
		return syntax_error(p, lx->pos, "unterminated quoted string");
	return syntax_error(p, lx->pos, "expected a marker variable or a quoted string");
}

/* marker_op = IN | NOT WS IN | OP */
static int parse_op(struct parser *p, enum mk_op *op)
{
	struct pep_lex *lx = p->lx;
	size_t n;
	if ((n = pep_lex_keyword(lx, lx->pos, "in")) > 0) {
		lx->pos += n;
		*op = MK_IN;
		return 0;
	}
	if ((n = pep_lex_keyword(lx, lx->pos, "not")) > 0) {
		lx->pos += n;
		if (lx->pos >= lx->len || (lx->src[lx->pos] != ' ' && lx->src[lx->pos] != '\t'))
			return syntax_error(p, lx->pos, "expected whitespace after 'not'");
		pep_lex_ws(lx);
		if ((n = pep_lex_keyword(lx, lx->pos, "in")) == 0)
			return syntax_error(p, lx->pos, "expected 'in' after 'not'");
		lx->pos += n;
		*op = MK_NOT_IN;
		return 0;
	}
	if ((n = pep_lex_op(lx, lx->pos)) > 0) {
		for (size_t i = 0; i < MK_IN; i++)
			if (strlen(op_names[i]) == n &&
			    memcmp(lx->src + lx->pos, op_names[i], n) == 0)
				*op = (enum mk_op)i;
		lx->pos += n;
		return 0;
	}
	return syntax_error(
	        p, lx->pos,
	        "expected a marker operator: <=, <, !=, ==, >=, >, ~=, ===, in, not in");
}

/* marker_item = WS? marker_var WS? marker_op WS? marker_var WS? */
static int parse_item(struct parser *p, struct mk_node **out)
{
	struct mk_node *node = sw_calloc(1, sizeof(*node));
	int err;
	if (!node)
		return sw_error_set(SW_ENOMEM, "out of memory");
	node->kind = MK_CMP;
	pep_lex_ws(p->lx);
	if ((err = parse_var(p, &node->lhs)) < 0)
		goto done;
	pep_lex_ws(p->lx);
	if ((err = parse_op(p, &node->op)) < 0)
		goto done;
	pep_lex_ws(p->lx);
	if ((err = parse_var(p, &node->rhs)) < 0)
		goto done;
	pep_lex_ws(p->lx);
done:
	if (err < 0)
		mk_node_free(node);
	else
		*out = node;
	return err;
}

static int parse_list(struct parser *p, struct mk_node **out);

/* marker_atom = WS? '(' WS? marker WS? ')' WS? | WS? marker_item WS? */
static int parse_atom(struct parser *p, struct mk_node **out)
{
	struct pep_lex *lx = p->lx;
	size_t open;
	int err;
	pep_lex_ws(lx);
	if (lx->pos >= lx->len || lx->src[lx->pos] != '(')
		return parse_item(p, out);
	open = lx->pos++;
	if (p->depth >= SW_MARKER_MAX_DEPTH)
		return sw_error_set(SW_ETOOBIG, "col %u: markers nested deeper than %d parentheses",
		                    pep_col(lx, open), SW_MARKER_MAX_DEPTH);
	p->depth++;
	pep_lex_ws(lx);
	err = parse_list(p, out);
	p->depth--;
	if (err < 0)
		return err;
	pep_lex_ws(lx);
	if (lx->pos >= lx->len || lx->src[lx->pos] != ')') {
		mk_node_free(*out);
		*out = NULL;
		return sw_error_set(SW_EPARSE, "col %u: expected ')' to close the '(' at col %u",
		                    pep_col(lx, lx->pos), pep_col(lx, open));
	}
	lx->pos++;
	pep_lex_ws(lx);
	return 0;
}

/* marker = marker_atom (BOOLOP marker_atom)* */
static int parse_list(struct parser *p, struct mk_node **out)
{
	struct mk_node *list = sw_calloc(1, sizeof(*list)), *atom = NULL;
	int err, is_or = 0;
	size_t n;
	if (!list)
		return sw_error_set(SW_ENOMEM, "out of memory");
	list->kind = MK_LIST;
	for (;;) {
		if ((err = parse_atom(p, &atom)) < 0)
			goto done;
		if ((err = list_push(list, atom, is_or)) < 0)
			goto done;
		atom = NULL;
		if ((n = pep_lex_keyword(p->lx, p->lx->pos, "or")) > 0)
			is_or = 1;
		else if ((n = pep_lex_keyword(p->lx, p->lx->pos, "and")) > 0)
			is_or = 0;
		else
			break;
		p->lx->pos += n;
	}
done:
	mk_node_free(atom);
	if (err < 0)
		mk_node_free(list);
	else
		*out = list;
	return err;
}

/* packaging's _normalize_extra_values(): only when the first item of the
 * top-level list is a comparison with `extra`, the other side becomes the
 * normalised value (a variable there turns into a string of its name). */
static int normalize_first_extra(struct mk_node *root)
{
	struct mk_node *first = root->count ? root->child[0] : NULL;
	struct mk_term *other;
	const char *text;
	sw_buf b;
	int err;
	if (!first || first->kind != MK_CMP)
		return 0;
	if (first->lhs.var && strcmp(first->lhs.var, "extra") == 0)
		other = &first->rhs;
	else if (first->rhs.var && strcmp(first->rhs.var, "extra") == 0)
		other = &first->lhs;
	else
		return 0;
	text = other->var ? other->var : other->value;
	sw_buf_init(&b, SW_BUF_MAX_DEFAULT);
	if ((err = sw_name_normalize(&b, text, strlen(text))) < 0) {
		sw_buf_free(&b);
		return err;
	}
	sw_free(other->value);
	other->value = sw_buf_detach(&b, NULL);
	other->var = NULL;
	return 0;
}

int pep_marker_parse_at(sw_marker **out, struct pep_lex *lx)
{
	struct parser p = {lx, 0};
	sw_marker *m = sw_calloc(1, sizeof(*m));
	int err;
	*out = NULL;
	if (!m)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = parse_list(&p, &m->root)) < 0)
		goto done;
	err = normalize_first_extra(m->root);
done:
	if (err < 0)
		sw_marker_free(m);
	else
		*out = m;
	return err;
}

int sw_marker_parse(sw_marker **out, const char *text, size_t len)
{
	struct pep_lex lx = {text, len, 0};
	int err;
	*out = NULL;
	if (len > SW_PEP508_MAX_LEN)
		return sw_error_set(SW_ETOOBIG, "marker longer than %d bytes", SW_PEP508_MAX_LEN);
	if (!pep_utf8_valid(text, len))
		return sw_error_set(SW_EPARSE, "marker is not valid UTF-8");
	if ((err = pep_refuse_nul(text, len)) < 0)
		return err;
	if ((err = pep_marker_parse_at(out, &lx)) < 0)
		return err;
	if (!pep_lex_at_end(&lx, lx.pos)) {
		sw_marker_free(*out);
		*out = NULL;
		return sw_error_set(SW_EPARSE,
		                    "col %u: expected 'and', 'or' or the end of the marker",
		                    pep_col(&lx, lx.pos));
	}
	return 0;
}

void sw_marker_free(sw_marker *marker)
{
	if (!marker)
		return;
	mk_node_free(marker->root);
	sw_free(marker);
}

static void format_term(sw_buf *out, const struct mk_term *t)
{
	if (t->var) {
		sw_buf_puts(out, t->var);
		return;
	}
	sw_buf_putc(out, '"');
	sw_buf_puts(out, t->value);
	sw_buf_putc(out, '"');
}

/* _format_marker(): a one-item list prints as its item; a nested list in
 * parentheses; items joined by their operators. */
static void format_node(sw_buf *out, const struct mk_node *node, int first)
{
	if (node->kind == MK_CMP) {
		format_term(out, &node->lhs);
		sw_buf_putc(out, ' ');
		sw_buf_puts(out, op_names[node->op]);
		sw_buf_putc(out, ' ');
		format_term(out, &node->rhs);
		return;
	}
	if (node->count == 1) {
		format_node(out, node->child[0], 1);
		return;
	}
	if (!first)
		sw_buf_putc(out, '(');
	for (size_t i = 0; i < node->count; i++) {
		if (i > 0)
			sw_buf_puts(out, node->is_or[i] ? " or " : " and ");
		format_node(out, node->child[i], 0);
	}
	if (!first)
		sw_buf_putc(out, ')');
}

int sw_marker_format(sw_buf *out, const sw_marker *marker)
{
	format_node(out, marker->root, 1);
	return sw_buf_error(out);
}
