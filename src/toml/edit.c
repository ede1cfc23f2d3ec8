/*
 * toml/edit.c — the public edit operations. Setting an existing value
 * replaces its bytes; setting a missing key inserts one line (or one
 * inline entry) in the style of the key's neighbours: their indent, the
 * spacing around '=' (aligned columns too) and their key quoting, creating
 * [tables] where needed. Removing, array item edits and new tables build on
 * the section and list helpers. Every operation ends in ed_apply().
 */
#include <string.h>

#include "toml_int.h"

const sw_toml_node *path_walk(const sw_toml_node *root, const char *const *keys, size_t n,
                              size_t *found)
{
	const sw_toml_node *t = root, *c;
	size_t i = 0;
	for (; i < n; i++) {
		const sw_toml_node *base = t;
		if (base->type == SW_TOML_ARRAY && base->style == SW_TOML_STYLE_AOT)
			base = base->v.c.last;
		if ((c = node_find(base, keys[i], strlen(keys[i]))) == NULL)
			break;
		t = c;
	}
	*found = i;
	return t;
}

const sw_toml_node *inline_owner(const sw_toml_node *t)
{
	for (; t; t = t->parent)
		if (t->style == SW_TOML_STYLE_INLINE)
			return t;
	return NULL;
}

/* Whether `t` is a value that set may replace. */
static int is_value(const sw_toml_node *t)
{
	return (t->type != SW_TOML_TABLE && t->type != SW_TOML_ARRAY) ||
	       t->style == SW_TOML_STYLE_INLINE;
}

const char *node_what(const sw_toml_node *t)
{
	if (t->type == SW_TOML_ARRAY && t->style == SW_TOML_STYLE_AOT)
		return "an array of tables";
	if (t->type == SW_TOML_TABLE)
		return "a table";
	return sw_toml_type_name((enum sw_toml_type)t->type);
}

/* Whether a key can be written as a 'literal' key. */
static int literal_ok(const char *key)
{
	for (const char *p = key; *p; p++)
		if (*p < 0x20 || *p > 0x7E || *p == '\'')
			return 0;
	return 1;
}

/* Appends a key segment, quoted like the key of `sample` if it is quoted. */
static int put_key(sw_buf *b, const struct editor *e, const char *key, const sw_toml_node *sample)
{
	char q = sample && sample->key_start != TNONE ? e->t[sample->key_start] : 0;
	if (q == '"')
		return sw_toml_write_string(b, key, strlen(key));
	if (q == '\'' && literal_ok(key)) {
		sw_buf_putc(b, '\'');
		sw_buf_puts(b, key);
		return sw_buf_putc(b, '\'');
	}
	return sw_toml_write_key(b, key, strlen(key));
}

/* Appends the keys from below `from` down to `to` (dotted), then `rest`. */
static int put_key_path(sw_buf *b, const struct editor *e, const sw_toml_node *from,
                        const sw_toml_node *to, const char *const *rest, size_t nrest,
                        const sw_toml_node *sample)
{
	const sw_toml_node *chain[SW_TOML_MAX_DEPTH + 1];
	size_t k = 0;
	int err = 0;
	for (const sw_toml_node *t = to; t != from && k < SW_TOML_MAX_DEPTH; t = t->parent)
		chain[k++] = t;
	while (k-- > 0) {
		sw_toml_write_key(b, chain[k]->key, chain[k]->key_len);
		sw_buf_putc(b, '.');
	}
	for (size_t i = 0; i < nrest && err == 0; i++) {
		if (i)
			sw_buf_putc(b, '.');
		err = put_key(b, e, rest[i], sample);
	}
	return err ? err : sw_buf_error(b);
}

/* Offset of the '=' of a key/value leaf. */
static uint32_t eq_offset(const struct editor *e, const sw_toml_node *leaf)
{
	uint32_t k = leaf->key_end;
	while (e->t[k] != '=')
		k++;
	return k;
}

/* Appends the text between key and value, aligning '=' like the two last
 * key/values of the section when they are aligned. */
static void put_assign(struct editor *e, const struct stmt *s, const struct stmt *prev,
                       size_t key_cols)
{
	const sw_toml_node *a = s ? s->node : NULL, *b = prev ? prev->node : NULL;
	uint32_t ea, eb, ca, cb;
	if (!a) {
		ed_puts(e, " = ");
		return;
	}
	ea = eq_offset(e, a);
	if (b) {
		eb = eq_offset(e, b);
		ca = ea - ed_line_begin(e, a->stmt);
		cb = eb - ed_line_begin(e, b->stmt);
		if (ca == cb && (ea - a->key_end > 1 || eb - b->key_end > 1) && key_cols < ca) {
			for (size_t i = key_cols; i < ca; i++)
				ed_puts(e, " ");
			ed_put(e, e->t + ea, a->start - ea);
			return;
		}
	}
	ed_put(e, e->t + a->key_end, a->start - a->key_end);
}

/* Inserts the line "indent key = value" at `at`, modelled on `s`. */
static void put_line(struct editor *e, uint32_t at, const struct stmt *s, const struct stmt *prev,
                     const sw_buf *key, const char *v, size_t vlen, int blank_after)
{
	const char *nl = ed_nl(e);
	uint32_t ls = s ? ed_line_begin(e, s->start) : 0, indent = s ? s->start - ls : 0;
	int eof_open = at == e->len && at > 0 && e->t[at - 1] != '\n';
	ed_at(e, at, at);
	if (eof_open)
		ed_puts(e, nl);
	ed_put(e, e->t + ls, indent);
	ed_put(e, sw_buf_cstr(key), key->len);
	put_assign(e, s, prev, indent + key->len);
	ed_put(e, v, vlen);
	if (!eof_open)
		ed_puts(e, nl);
	if (blank_after)
		ed_puts(e, nl);
}

/* The first key/value statement of the document, as a style model. */
static const struct stmt *any_kv(const struct editor *e)
{
	for (uint32_t i = 0; i < e->st->nstmts; i++)
		if (e->st->stmts[i].kind == ST_KV)
			return &e->st->stmts[i];
	return NULL;
}

/* Adds `key = v` to the section of a root, header or [[item]] table. */
static int section_insert(struct editor *e, const sw_toml_node *t, const char *key, const char *v,
                          size_t vlen)
{
	const struct stmt *last, *prev = NULL, *model;
	uint32_t at = section_insert_at(e, t, &last);
	sw_buf kb;
	int err;
	model = last ? last : any_kv(e);
	if (last && last > e->st->stmts && last[-1].kind == ST_KV)
		prev = last - 1;
	sw_buf_init(&kb, SW_TOML_MAX_SIZE);
	if ((err = put_key(&kb, e, key, model ? model->node : NULL)) == 0)
		put_line(e, at, model, prev, &kb, v, vlen,
		         t->style == SW_TOML_STYLE_ROOT && !last && e->st->nstmts > 0);
	sw_buf_free(&kb);
	return err;
}

/* Whether a key/value leaf was written as a dotted key through `t` (only
 * dotted-key tables between them: not a key of a sub-table's section). */
static int dotted_from(const sw_toml_node *leaf, const sw_toml_node *t)
{
	const sw_toml_node *n = leaf->parent;
	for (; n && n != t; n = n->parent)
		if (n->style != SW_TOML_STYLE_DOTTED)
			return 0;
	return n == t;
}

/* Adds a line extending the dotted-key table `t` after its last line. */
static int dotted_insert(struct editor *e, const sw_toml_node *t, const char *const *rest,
                         size_t nrest, const char *v, size_t vlen)
{
	const struct stmt *last = NULL;
	sw_buf kb;
	int err;
	for (uint32_t i = 0; i < e->st->nstmts; i++)
		if (e->st->stmts[i].kind == ST_KV && dotted_from(e->st->stmts[i].node, t))
			last = &e->st->stmts[i];
	if (!last)
		return sw_error_set(SW_EINVAL, "internal error: no statement defines the table");
	sw_buf_init(&kb, SW_TOML_MAX_SIZE);
	sw_buf_put(&kb, e->t + t->stmt, t->key_end - t->stmt);
	sw_buf_putc(&kb, '.');
	if ((err = put_key_path(&kb, e, t, t, rest, nrest, last->node)) == 0)
		put_line(e, ed_next_line(e, ed_trail(e, last->end)), last, NULL, &kb, v, vlen, 0);
	sw_buf_free(&kb);
	return err;
}

/* Adds `key = v` (dotted below `t`) to the inline table holding `t`. */
static int inline_add(struct editor *e, const sw_toml_node *owner, const sw_toml_node *t,
                      const char *const *rest, size_t nrest, const char *v, size_t vlen)
{
	const sw_toml_node *sample = NULL;
	sw_buf kb;
	int err;
	for (const sw_toml_node *c = owner->first; c && !sample; c = c->next)
		if (c->flags & NF_KV)
			sample = c;
	sw_buf_init(&kb, SW_TOML_MAX_SIZE);
	err = put_key_path(&kb, e, owner, t, rest, nrest, sample);
	if (sample)
		sw_buf_put(&kb, e->t + sample->key_end, sample->start - sample->key_end);
	else
		sw_buf_puts(&kb, " = ");
	sw_buf_put(&kb, v, vlen);
	if (err == 0 && (err = sw_buf_error(&kb)) == 0)
		err = inline_insert(e, owner, sw_buf_cstr(&kb), kb.len);
	sw_buf_free(&kb);
	return err;
}

/* Creates the missing keys[found..n) below table `t` with value v. */
static int insert_kv(struct editor *e, const sw_toml_node *t, const char *const *keys, size_t found,
                     size_t n, const char *v, size_t vlen)
{
	const sw_toml_node *owner = inline_owner(t);
	sw_buf kb;
	int err;
	if (owner)
		return inline_add(e, owner, t, keys + found, n - found, v, vlen);
	if (t->style == SW_TOML_STYLE_DOTTED)
		return dotted_insert(e, t, keys + found, n - found, v, vlen);
	if (t->style != SW_TOML_STYLE_IMPLICIT && n - found == 1)
		return section_insert(e, t, keys[n - 1], v, vlen);
	sw_buf_init(&kb, SW_TOML_MAX_SIZE);
	put_key(&kb, e, keys[n - 1], NULL);
	sw_buf_puts(&kb, " = ");
	sw_buf_put(&kb, v, vlen);
	if ((err = sw_buf_error(&kb)) == 0)
		err = add_table(e, t, keys, n - 1, 0, sw_buf_cstr(&kb), kb.len);
	sw_buf_free(&kb);
	return err;
}

/* Adds the splices of a set. */
static int set_splices(struct editor *e, const char *const *keys, size_t n, const char *v,
                       size_t vlen)
{
	size_t found;
	const sw_toml_node *t = path_walk(e->st->root, keys, n, &found);
	if (found == n) {
		if (!is_value(t))
			return sw_error_set(SW_ETYPE,
			                    "cannot set %s: it is %s (set its keys, or remove "
			                    "it first)",
			                    path_text(keys, n), node_what(t));
		ed_at(e, t->start, t->end);
		ed_put(e, v, vlen);
		return 0;
	}
	if (t->type == SW_TOML_ARRAY && t->style == SW_TOML_STYLE_AOT)
		t = t->v.c.last;
	if (t->type != SW_TOML_TABLE)
		return sw_error_set(SW_ETYPE, "cannot set %s: %s is %s", path_text(keys, n),
		                    found ? path_text(keys, found) : "the root", node_what(t));
	return insert_kv(e, t, keys, found, n, v, vlen);
}

int sw_toml_set(sw_toml_doc *doc, const char *const *keys, size_t n, const char *value, size_t len)
{
	struct editor e;
	const char *v;
	size_t vlen;
	int err;
	if (!doc || !keys || n == 0)
		return sw_error_set(SW_EINVAL, "sw_toml_set: no key given");
	if ((err = value_check(value, len, &v, &vlen)) < 0)
		return err;
	ed_init(&e, doc);
	if ((err = set_splices(&e, keys, n, v, vlen)) == 0)
		err = ed_apply(&e);
	ed_free(&e);
	return err;
}

/* sw_toml_set() with the value text in a buffer. */
static int set_buf(sw_toml_doc *doc, const char *const *keys, size_t n, sw_buf *b)
{
	int err = sw_buf_error(b);
	if (err == 0)
		err = sw_toml_set(doc, keys, n, sw_buf_cstr(b), b->len);
	sw_buf_free(b);
	return err;
}

int sw_toml_set_string(sw_toml_doc *doc, const char *const *keys, size_t n, const char *str,
                       size_t len)
{
	sw_buf b;
	int err;
	sw_buf_init(&b, SW_TOML_MAX_SIZE);
	if ((err = sw_toml_write_string(&b, str, len)) < 0) {
		sw_buf_free(&b);
		return err;
	}
	return set_buf(doc, keys, n, &b);
}

int sw_toml_set_int(sw_toml_doc *doc, const char *const *keys, size_t n, int64_t value)
{
	sw_buf b;
	sw_buf_init(&b, 64);
	sw_toml_write_int(&b, value);
	return set_buf(doc, keys, n, &b);
}

int sw_toml_set_float(sw_toml_doc *doc, const char *const *keys, size_t n, double value)
{
	sw_buf b;
	sw_buf_init(&b, 64);
	sw_toml_write_float(&b, value);
	return set_buf(doc, keys, n, &b);
}

int sw_toml_set_bool(sw_toml_doc *doc, const char *const *keys, size_t n, int value)
{
	sw_buf b;
	sw_buf_init(&b, 64);
	sw_buf_puts(&b, value ? "true" : "false");
	return set_buf(doc, keys, n, &b);
}
