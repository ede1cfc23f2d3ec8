/*
 * toml/edit_table.c — edits at the level of sections: where a key/value line
 * of a table goes, where a new [table] goes (after the last table sharing
 * the longest prefix with it, before its sub-tables, or at the end), and
 * which lines go when a table or key is removed (a header goes with its
 * body and the comment lines directly above it; a key with its line).
 */
#include <string.h>

#include "toml_int.h"

int node_under(const sw_toml_node *n, const sw_toml_node *anc)
{
	for (; n; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

/* The index of the first header after statement h, or nstmts. */
static uint32_t next_header(const struct tstate *st, uint32_t h)
{
	for (uint32_t i = h + 1; i < st->nstmts; i++)
		if (st->stmts[i].kind != ST_KV)
			return i;
	return st->nstmts;
}

/* The offset after a statement's line (its trailing comment and newline). */
static uint32_t stmt_line_end(const struct editor *e, const struct stmt *s)
{
	return ed_next_line(e, ed_trail(e, s->end));
}

/* Where the section before header `next` stops: at the comment lines
 * attached to that header, or at the end of the text. */
static uint32_t section_limit(const struct editor *e, uint32_t next)
{
	uint32_t floor;
	if (next >= e->st->nstmts)
		return e->len;
	floor = next > 0 ? stmt_line_end(e, &e->st->stmts[next - 1]) : 0;
	return ed_attached(e, ed_line_begin(e, e->st->stmts[next].start), floor);
}

/* Moves `limit` back over blank lines, not above `floor`. */
static uint32_t before_blank_lines(const struct editor *e, uint32_t limit, uint32_t floor)
{
	uint32_t line;
	if (limit == e->len && e->len > 0 && e->t[e->len - 1] != '\n')
		return limit; /* the last line has no newline: it is content */
	line = line_start_of(e->st, limit);
	if (e->st->lines[line] != limit)
		return limit;
	while (line > 0 && e->st->lines[line - 1] >= floor && ed_blank(e, e->st->lines[line - 1]))
		line--;
	return e->st->lines[line];
}

uint32_t section_insert_at(const struct editor *e, const sw_toml_node *table,
                           const struct stmt **last_kv)
{
	const struct tstate *st = e->st;
	const struct stmt *last = NULL;
	uint32_t i = table->style == SW_TOML_STYLE_ROOT ? 0 : table->stmt + 1;
	for (; i < st->nstmts && st->stmts[i].kind == ST_KV; i++)
		last = &st->stmts[i];
	*last_kv = last;
	if (last)
		return stmt_line_end(e, last);
	if (table->style != SW_TOML_STYLE_ROOT)
		return stmt_line_end(e, &st->stmts[table->stmt]);
	return st->nstmts ? section_limit(e, 0) : e->len;
}

/* Depth of the deepest table of `chain`'s ancestry that `n` is under. */
static uint32_t shared_depth(const sw_toml_node *n, const sw_toml_node *chain)
{
	for (; n; n = n->parent)
		if (node_under(chain, n))
			return n->depth;
	return 0;
}

/* Chooses where a new header goes; *blank_before asks for a blank line. */
static uint32_t table_position(const struct editor *e, const sw_toml_node *deepest,
                               int before_children, int *blank_before)
{
	const struct tstate *st = e->st;
	uint32_t best = TNONE, best_depth = 0;
	for (uint32_t i = 0; i < st->nstmts; i++) {
		uint32_t d;
		if (st->stmts[i].kind == ST_KV)
			continue;
		if (before_children && node_under(st->stmts[i].node, deepest)) {
			*blank_before = 0;
			return section_limit(e, i);
		}
		d = shared_depth(st->stmts[i].node, deepest);
		if (d > 0 && d >= best_depth) {
			best = i;
			best_depth = d;
		}
	}
	*blank_before = 1;
	if (best == TNONE)
		return e->len;
	return before_blank_lines(e, section_limit(e, next_header(st, best)),
	                          stmt_line_end(e, &st->stmts[best]));
}

/* Appends the header text "[a.b]" or "[[a.b]]". */
static int put_header(struct editor *e, const char *const *keys, size_t n, int aot)
{
	ed_puts(e, aot ? "[[" : "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			ed_puts(e, ".");
		if (sw_toml_write_key(&e->text, keys[i], strlen(keys[i])) < 0)
			return sw_error_last_code();
	}
	ed_puts(e, aot ? "]]" : "]");
	return 0;
}

int add_table(struct editor *e, const sw_toml_node *deepest, const char *const *keys, size_t n,
              int aot, const char *kv, size_t kvlen)
{
	int before = deepest->style == SW_TOML_STYLE_IMPLICIT && deepest->depth == n && !aot;
	int blank;
	uint32_t at = table_position(e, deepest, before, &blank);
	const char *nl = ed_nl(e);
	int err;
	ed_at(e, at, at);
	if (at == e->len && at > 0 && e->t[at - 1] != '\n')
		ed_puts(e, nl); /* end the last line first */
	if (blank && at > 0 &&
	    !(at >= 2 && e->t[at - 1] == '\n' && ed_blank(e, ed_line_begin(e, at - 1))))
		ed_puts(e, nl);
	if ((err = put_header(e, keys, n, aot)) < 0)
		return err;
	ed_puts(e, nl);
	if (kvlen) {
		ed_put(e, kv, kvlen);
		ed_puts(e, nl);
	}
	if (before)
		ed_puts(e, nl);
	return 0;
}

/* ---- removal ------------------------------------------------------------- */

struct span {
	uint32_t start, end;
};

/* Adds a span to a growing list (merged later). */
static int add_span(struct span **v, size_t *n, size_t *cap, uint32_t start, uint32_t end)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		struct span *s = sw_realloc(*v, c * sizeof(*s));
		if (!s)
			return sw_error_set(SW_ENOMEM, "out of memory");
		*v = s;
		*cap = c;
	}
	(*v)[*n].start = start;
	(*v)[(*n)++].end = end;
	return 0;
}

/* Collects the lines of every top-level statement defining `node`. */
static int collect_spans(const struct editor *e, const sw_toml_node *node, struct span **v,
                         size_t *n, size_t *cap)
{
	const struct tstate *st = e->st;
	int err = 0;
	for (uint32_t i = 0; i < st->nstmts && err == 0; i++) {
		const struct stmt *s = &st->stmts[i];
		uint32_t floor;
		if (!node_under(s->node, node))
			continue;
		if (s->kind == ST_KV) {
			err = add_span(v, n, cap, ed_line_begin(e, s->start), stmt_line_end(e, s));
			continue;
		}
		floor = i > 0 ? stmt_line_end(e, &st->stmts[i - 1]) : 0;
		err = add_span(v, n, cap, ed_attached(e, ed_line_begin(e, s->start), floor),
		               section_limit(e, next_header(st, i)));
	}
	return err;
}

int remove_node(struct editor *e, const sw_toml_node *node)
{
	struct span *v = NULL;
	size_t n = 0, cap = 0, m = 0;
	int err;
	if ((err = collect_spans(e, node, &v, &n, &cap)) < 0)
		goto done;
	/* spans come in text order; merge the ones that touch */
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && v[i].start <= v[m - 1].end) {
			if (v[i].end > v[m - 1].end)
				v[m - 1].end = v[i].end;
		} else {
			v[m++] = v[i];
		}
	}
	for (size_t i = 0; i < m; i++) {
		uint32_t start = v[i].start;
		if (v[i].end == e->len) /* no blank lines left at the end */
			start = before_blank_lines(e, start, 0);
		ed_at(e, start, v[i].end);
	}
	if (m == 0)
		err = sw_error_set(SW_ENOTFOUND, "nothing defines this key");
done:
	sw_free(v);
	return err;
}
