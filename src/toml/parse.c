/*
 * toml/parse.c — the TOML 1.0 document grammar and its table rules: key/value
 * statements (dotted keys), [table] and [[array of tables]] headers, arrays
 * and inline tables, building the node tree in the arena.
 *
 * Which tables may be extended follows the spec (and tomllib where the spec
 * is silent): a table named only on the way to a header ("implicit") may be
 * defined later by a header or extended by dotted keys; a table made by
 * dotted keys may be extended by dotted keys of the same section only and
 * never defined by a header (sub-tables by header are allowed); a header
 * table is defined once; inline tables and arrays are closed.
 */
#include <string.h>

#include "toml_int.h"

#define OFF(P, p) ((uint32_t)((p) - (P)->base))
/* Longest key text quoted in a message. */
#define KEYMSG 60

static sw_toml_node *new_node(struct parser *P, int type, int style, uint32_t depth)
{
	sw_toml_node *n = arena_alloc(&P->st->arena, sizeof(*n));
	if (!n)
		return NULL;
	n->type = (uint8_t)type;
	n->style = (uint8_t)style;
	n->depth = depth;
	n->key_start = n->key_end = n->stmt = n->comma = TNONE;
	return n;
}

static void append_child(sw_toml_node *parent, sw_toml_node *child)
{
	child->parent = parent;
	if (parent->v.c.last)
		parent->v.c.last->next = child;
	else
		parent->first = child;
	parent->v.c.last = child;
	parent->count++;
}

static int oom(struct parser *P, const char *at)
{
	return perr_code(P, SW_ENOMEM, at, "out of memory");
}

static int too_deep(struct parser *P, const char *at)
{
	return perr_code(P, SW_ETOOBIG, at, "nesting deeper than %d levels", SW_TOML_MAX_DEPTH);
}

/* Makes a node of the given kind for the table `parent`, checking depth. */
static int make_node(struct parser *P, sw_toml_node **out, const sw_toml_node *parent, int type,
                     int style, const char *at)
{
	if (parent->depth + 1 > SW_TOML_MAX_DEPTH)
		return too_deep(P, at);
	if ((*out = new_node(P, type, style, parent->depth + 1)) == NULL)
		return oom(P, at);
	return 0;
}

/* The entry `seg` of `table`: a linear search in small tables, the index
 * in big ones. *hash receives the key's hash (0 if not computed). */
static sw_toml_node *lookup(struct parser *P, const sw_toml_node *table, const struct keyseg *seg,
                            uint32_t *hash)
{
	*hash = 0;
	if (table->count <= LINEAR_MAX) {
		for (sw_toml_node *c = table->first; c; c = c->next)
			if (c->key_len == seg->len && memcmp(c->key, seg->key, seg->len) == 0)
				return c;
		return NULL;
	}
	*hash = key_hash(table, seg->key, seg->len);
	return htab_find(&P->st->ht, table, seg->key, seg->len, *hash);
}

/* Adds `child` to `table` under the key of `seg` (hash: from lookup()). */
static int add_entry(struct parser *P, sw_toml_node *table, sw_toml_node *child,
                     const struct keyseg *seg, uint32_t hash)
{
	int err = 0;
	child->key = seg->key;
	child->key_len = seg->len;
	child->key_start = seg->start;
	child->key_end = seg->end;
	if (seg->quoted)
		child->flags |= NF_QUOTED;
	append_child(table, child);
	if (table->count == LINEAR_MAX + 1) { /* now big: index every entry */
		for (sw_toml_node *c = table->first; c && err == 0; c = c->next)
			err = htab_insert(&P->st->ht, c, key_hash(table, c->key, c->key_len));
	} else if (table->count > LINEAR_MAX + 1) {
		err = htab_insert(&P->st->ht, child,
		                  hash ? hash : key_hash(table, seg->key, seg->len));
	}
	if (err < 0)
		return oom(P, P->base + seg->start);
	return 0;
}

/* What an existing node is, for messages. */
static const char *describe(const sw_toml_node *n)
{
	static const char *const tables[] = {
	        [SW_TOML_STYLE_ROOT] = "the root table",
	        [SW_TOML_STYLE_HEADER] = "a table defined by a [header]",
	        [SW_TOML_STYLE_IMPLICIT] = "a table",
	        [SW_TOML_STYLE_DOTTED] = "a table defined by dotted keys",
	        [SW_TOML_STYLE_INLINE] = "an inline table (inline tables are closed)",
	        [SW_TOML_STYLE_AOT_ITEM] = "a table",
	};
	if (n->type == SW_TOML_TABLE && n->style < SW_ARRAY_LEN(tables) && tables[n->style])
		return tables[n->style];
	if (n->type == SW_TOML_ARRAY)
		return n->style == SW_TOML_STYLE_AOT ? "an array of tables"
		                                     : "an array (arrays are closed)";
	return "a value";
}

/* Reports a key segment that names something that may not be reused. */
static int key_error(struct parser *P, const struct keyseg *seg, const sw_toml_node *existing,
                     const char *what)
{
	unsigned line, col;
	int len = (int)(seg->end - seg->start);
	uint32_t first = existing->key_start != TNONE ? existing->key_start : existing->start;
	text_pos(P->base, first, &line, &col);
	return perr(P, P->base + seg->start, "%s '%.*s': it is already %s (line %u)", what,
	            len > KEYMSG ? KEYMSG : len, P->base + seg->start, describe(existing), line);
}

int parse_key(struct parser *P, const char **pp, size_t *n)
{
	const char *p = *pp, *q;
	size_t i = 0;
	int err;
	for (;;) {
		if (i > SW_TOML_MAX_DEPTH)
			return too_deep(P, p);
		if ((err = scan_key_segment(P, &p, &P->segs[i++])) < 0)
			return err;
		q = skip_ws(p);
		if (*q != '.')
			break;
		p = skip_ws(q + 1);
	}
	*n = i;
	*pp = p;
	return 0;
}

/* Steps from *tp into the table a dotted key names, creating it. */
static int dotted_step(struct parser *P, sw_toml_node **tp, const struct keyseg *seg,
                       uint32_t kstart)
{
	sw_toml_node *t = *tp, *c;
	uint32_t h;
	int err;
	c = lookup(P, t, seg, &h);
	if (!c) {
		if ((err = make_node(P, &c, t, SW_TOML_TABLE, SW_TOML_STYLE_DOTTED,
		                     P->base + seg->start)) < 0)
			return err;
		c->section = P->section;
		c->stmt = kstart;
		c->start = seg->start;
		c->end = seg->end;
		if ((err = add_entry(P, t, c, seg, h)) < 0)
			return err;
	} else if (c->type == SW_TOML_TABLE && c->style == SW_TOML_STYLE_IMPLICIT) {
		c->style = SW_TOML_STYLE_DOTTED;
		c->section = P->section;
		c->stmt = kstart;
		c->key_start = c->start = seg->start;
		c->key_end = c->end = seg->end;
	} else if (c->type != SW_TOML_TABLE || c->style != SW_TOML_STYLE_DOTTED ||
	           c->section != P->section) {
		return key_error(P, seg, c, "cannot add to");
	}
	*tp = c;
	return 0;
}

static int parse_value(struct parser *P, const char **pp, const sw_toml_node *parent,
                       sw_toml_node **out);

/* Parses `key = value` into `table`; *leaf receives the value. */
static int parse_keyval(struct parser *P, const char **pp, sw_toml_node *table, int toplevel,
                        sw_toml_node **leaf)
{
	const char *p = *pp;
	uint32_t kstart = OFF(P, p), h;
	sw_toml_node *t = table, *v;
	struct keyseg last;
	size_t n;
	int err;
	if ((err = parse_key(P, &p, &n)) < 0)
		return err;
	for (size_t i = 0; i + 1 < n; i++)
		if ((err = dotted_step(P, &t, &P->segs[i], kstart)) < 0)
			return err;
	last = P->segs[n - 1];
	if ((v = lookup(P, t, &last, &h)) != NULL)
		return key_error(P, &last, v, "duplicate key");
	p = skip_ws(p);
	if (*p != '=')
		return perr(P, p, "expected '=' after the key");
	p = skip_ws(p + 1);
	if ((err = parse_value(P, &p, t, &v)) < 0)
		return err;
	v->flags |= NF_KV | (toplevel ? NF_TOPLEVEL : 0);
	v->stmt = kstart;
	if ((err = add_entry(P, t, v, &last, h)) < 0)
		return err;
	*leaf = v;
	*pp = p;
	return 0;
}

/* Parses an array at '['. */
static int parse_array(struct parser *P, const char **pp, sw_toml_node *arr)
{
	const char *p = *pp + 1;
	sw_toml_node *item;
	int err;
	for (;;) {
		if ((err = skip_trivia(P, &p)) < 0)
			return err;
		if (*p == ']')
			break;
		if ((err = parse_value(P, &p, arr, &item)) < 0)
			return err;
		append_child(arr, item);
		if ((err = skip_trivia(P, &p)) < 0)
			return err;
		if (*p == ',') {
			item->comma = OFF(P, p++);
		} else if (*p != ']') {
			return perr(P, p, "expected ',' or ']' after an array item");
		}
	}
	*pp = p + 1;
	return 0;
}

/* Parses an inline table at '{'. */
static int parse_inline(struct parser *P, const char **pp, sw_toml_node *tab)
{
	const char *p = skip_ws(*pp + 1);
	uint32_t saved = P->section;
	sw_toml_node *leaf;
	int err;
	P->section = ++P->nsections;
	while (*p != '}') {
		if (*p == '\n' || *p == '\r')
			return perr(P, p, "newline in an inline table (not allowed in TOML 1.0)");
		if ((err = parse_keyval(P, &p, tab, 0, &leaf)) < 0)
			return err;
		p = skip_ws(p);
		if (*p == ',') {
			leaf->comma = OFF(P, p);
			p = skip_ws(p + 1);
			if (*p == '}')
				return perr(P, p,
				            "trailing comma in an inline table (not allowed "
				            "in TOML 1.0)");
		} else if (*p == '\n' || *p == '\r') {
			return perr(P, p, "newline in an inline table (not allowed in TOML 1.0)");
		} else if (*p != '}') {
			return perr(P, p,
			            "expected ',' or '}' after a key/value in an inline table");
		}
	}
	P->section = saved;
	*pp = p + 1;
	return 0;
}

/* Parses any value at *pp for a slot of `parent`. */
static int parse_value(struct parser *P, const char **pp, const sw_toml_node *parent,
                       sw_toml_node **out)
{
	const char *p = *pp;
	sw_toml_node *n;
	int err;
	if (*p == '[' || *p == '{') {
		int arr = *p == '[';
		if ((err = make_node(P, &n, parent, arr ? SW_TOML_ARRAY : SW_TOML_TABLE,
		                     SW_TOML_STYLE_INLINE, p)) < 0)
			return err;
		err = arr ? parse_array(P, &p, n) : parse_inline(P, &p, n);
	} else {
		if ((err = make_node(P, &n, parent, SW_TOML_STRING, SW_TOML_STYLE_VALUE, p)) < 0)
			return err;
		if (*p == '"' || *p == '\'')
			err = scan_string(P, &p, 1, &n->v.s.ptr, &n->v.s.len);
		else
			err = scan_scalar(P, &p, n);
	}
	if (err < 0)
		return err;
	n->start = OFF(P, *pp);
	n->end = OFF(P, p);
	*out = n;
	*pp = p;
	return 0;
}

static int push_stmt(struct parser *P, uint32_t kind, uint32_t start, uint32_t end,
                     sw_toml_node *node)
{
	struct tstate *st = P->st;
	if (st->nstmts == st->capstmts) {
		/* generous at first: untouched capacity costs no memory */
		uint32_t cap = st->capstmts ? st->capstmts * 2 : st->len / 32 + 16;
		struct stmt *s = sw_realloc(st->stmts, cap * sizeof(*s));
		if (!s)
			return oom(P, P->base + start);
		st->stmts = s;
		st->capstmts = cap;
	}
	st->stmts[st->nstmts].kind = kind;
	st->stmts[st->nstmts].start = start;
	st->stmts[st->nstmts].end = end;
	st->stmts[st->nstmts++].node = node;
	return 0;
}

/* Walks the segments of a header but the last, creating implicit tables. */
static int header_walk(struct parser *P, size_t n, sw_toml_node **tp)
{
	sw_toml_node *t = P->st->root, *c;
	int err;
	for (size_t i = 0; i + 1 < n; i++) {
		const struct keyseg *seg = &P->segs[i];
		uint32_t h;
		c = lookup(P, t, seg, &h);
		if (!c) {
			if ((err = make_node(P, &c, t, SW_TOML_TABLE, SW_TOML_STYLE_IMPLICIT,
			                     P->base + seg->start)) < 0)
				return err;
			c->start = seg->start;
			c->end = seg->end;
			if ((err = add_entry(P, t, c, seg, h)) < 0)
				return err;
		} else if (c->type == SW_TOML_ARRAY && c->style == SW_TOML_STYLE_AOT) {
			c = c->v.c.last;
		} else if (c->type != SW_TOML_TABLE || c->style == SW_TOML_STYLE_INLINE) {
			return key_error(P, seg, c, "cannot define a table under");
		}
		t = c;
	}
	*tp = t;
	return 0;
}

/* Defines the table of a [header] whose last segment is `seg` in `t`. */
static int define_table(struct parser *P, sw_toml_node *t, const struct keyseg *seg,
                        sw_toml_node **out)
{
	uint32_t h;
	sw_toml_node *c = lookup(P, t, seg, &h);
	int err;
	if (!c) {
		if ((err = make_node(P, &c, t, SW_TOML_TABLE, SW_TOML_STYLE_HEADER,
		                     P->base + seg->start)) < 0 ||
		    (err = add_entry(P, t, c, seg, h)) < 0)
			return err;
	} else if (c->type == SW_TOML_TABLE && c->style == SW_TOML_STYLE_IMPLICIT) {
		c->style = SW_TOML_STYLE_HEADER;
		c->key_start = seg->start;
		c->key_end = seg->end;
	} else {
		return key_error(P, seg, c, "cannot define table");
	}
	*out = c;
	return 0;
}

/* Appends a table to the array of tables of a [[header]]. */
static int define_aot_item(struct parser *P, sw_toml_node *t, const struct keyseg *seg,
                           sw_toml_node **out)
{
	uint32_t h;
	sw_toml_node *arr = lookup(P, t, seg, &h), *item;
	const char *at = P->base + seg->start;
	int err;
	if (!arr) {
		if ((err = make_node(P, &arr, t, SW_TOML_ARRAY, SW_TOML_STYLE_AOT, at)) < 0 ||
		    (err = add_entry(P, t, arr, seg, h)) < 0)
			return err;
	} else if (arr->type != SW_TOML_ARRAY || arr->style != SW_TOML_STYLE_AOT) {
		return key_error(P, seg, arr, "cannot define array of tables");
	}
	if ((err = make_node(P, &item, arr, SW_TOML_TABLE, SW_TOML_STYLE_AOT_ITEM, at)) < 0)
		return err;
	item->key_start = seg->start;
	item->key_end = seg->end;
	append_child(arr, item);
	*out = item;
	return 0;
}

/* Parses a [table] or [[array of tables]] header at '['. */
static int parse_header(struct parser *P, const char **pp)
{
	const char *p = *pp;
	int aot = p[1] == '[', err;
	sw_toml_node *t = NULL, *c = NULL;
	size_t n;
	p = skip_ws(p + (aot ? 2 : 1));
	if ((err = parse_key(P, &p, &n)) < 0)
		return err;
	p = skip_ws(p);
	if (*p != ']' || (aot && p[1] != ']'))
		return perr(P, p,
		            aot ? "expected ']]' to close the array-of-tables header"
		                : "expected ']' to close the table header");
	p += aot ? 2 : 1;
	if ((err = header_walk(P, n, &t)) < 0)
		return err;
	if (aot)
		err = define_aot_item(P, t, &P->segs[n - 1], &c);
	else
		err = define_table(P, t, &P->segs[n - 1], &c);
	if (err < 0)
		return err;
	c->start = OFF(P, *pp);
	c->end = OFF(P, p);
	c->stmt = P->st->nstmts;
	if (aot && c->parent->count == 1) {
		c->parent->start = c->start;
		c->parent->end = c->end;
	}
	if ((err = push_stmt(P, aot ? ST_AOT : ST_TABLE, c->start, c->end, c)) < 0)
		return err;
	P->cur = c;
	P->section = ++P->nsections;
	*pp = p;
	return 0;
}

/* Reports a line that starts with something no statement starts with. */
static int bad_statement(struct parser *P, const char *p)
{
	unsigned char c = (unsigned char)*p;
	if (c == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
		return perr(P, p,
		            "byte order mark (U+FEFF) is not allowed in TOML; save the file as "
		            "UTF-8 without BOM");
	if (c < 0x20 || c == 0x7F)
		return perr(P, p, "control character U+%04X is not allowed here", c);
	if (c >= 0x80 && utf8_len((const unsigned char *)p) == 0)
		return perr(P, p, "invalid UTF-8");
	if (c == '=')
		return perr(P, p, "expected a key before '='");
	return perr(P, p, "expected a key, a [table] header or a comment");
}

/* Parses the whole document. */
static int parse_document(struct parser *P)
{
	const char *p = P->base;
	sw_toml_node *leaf;
	int err;
	for (;;) {
		const char *s;
		p = skip_ws(p);
		if (*p == '\n' || *p == '\r' || *p == '#') {
			err = *p == '#' ? scan_comment(P, &p) : scan_newline(P, &p);
			if (err < 0)
				return err;
			continue;
		}
		if (!*p && p >= P->end)
			return 0;
		s = p;
		if (*p == '[') {
			err = parse_header(P, &p);
		} else if (is_bare_char((unsigned char)*p) || *p == '"' || *p == '\'') {
			if ((err = parse_keyval(P, &p, P->cur, 1, &leaf)) == 0)
				err = push_stmt(P, ST_KV, OFF(P, s), OFF(P, p), leaf);
		} else {
			err = bad_statement(P, p);
		}
		if (err < 0)
			return err;
		p = skip_ws(p);
		if (*p == '#' && (err = scan_comment(P, &p)) < 0)
			return err;
		if (*p != '\n' && *p != '\r' && !(!*p && p >= P->end))
			return perr(P, p, "expected a newline or a comment after the %s",
			            *s == '[' ? "table header" : "value");
	}
}

/* Parses exactly one value, surrounded by optional whitespace. */
static int parse_value_mode(struct parser *P)
{
	const char *p = P->base;
	static const struct keyseg empty = {"", 0, TNONE, TNONE, 0};
	sw_toml_node *v;
	int err;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if ((err = parse_value(P, &p, P->st->root, &v)) < 0)
		return err;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (p < P->end)
		return perr(P, p, "unexpected text after the value");
	return add_entry(P, P->st->root, v, &empty, 0);
}

/* Records where each line starts and the newline style. */
static int build_lines(struct tstate *st)
{
	const char *p = st->text, *end = st->text + st->len, *nl;
	uint32_t cap = st->len / 16 + 16, *v;
	if ((st->lines = sw_malloc(cap * sizeof(*st->lines))) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	st->lines[0] = 0;
	st->nlines = 1;
	for (; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1) {
		if (st->nlines == cap) {
			cap = cap > UINT32_MAX / 4 ? st->len + 1 : cap * 2;
			if ((v = sw_realloc(st->lines, cap * sizeof(*v))) == NULL)
				return sw_error_set(SW_ENOMEM, "out of memory");
			st->lines = v;
		}
		st->lines[st->nlines++] = (uint32_t)(nl + 1 - st->text);
	}
	st->crlf = st->nlines > 1 && st->lines[1] >= 2 && st->text[st->lines[1] - 2] == '\r';
	return 0;
}

void tstate_free(struct tstate *st)
{
	sw_free(st->text);
	arena_free(&st->arena);
	htab_free(&st->ht);
	sw_free(st->stmts);
	sw_free(st->lines);
	memset(st, 0, sizeof(*st));
}

int tstate_parse(struct tstate *st, const char *text, size_t len, const char *name, int value_mode)
{
	struct parser *P = NULL;
	int err;
	memset(st, 0, sizeof(*st));
	if (!name)
		name = "<input>";
	if (len > SW_TOML_MAX_SIZE)
		return sw_error_set(SW_ETOOBIG,
		                    "%s: document of %zu bytes is over the limit of %zu bytes",
		                    name, len, SW_TOML_MAX_SIZE);
	arena_init(&st->arena, len * 4); /* about what the nodes of dense TOML take */
	if ((st->text = sw_malloc(len + TPAD)) == NULL || (P = sw_malloc(sizeof(*P))) == NULL ||
	    (st->root = arena_alloc(&st->arena, sizeof(*st->root))) == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if (len)
		memcpy(st->text, text, len);
	memset(st->text + len, 0, TPAD);
	st->len = (uint32_t)len;
	st->root->type = SW_TOML_TABLE;
	st->root->style = SW_TOML_STYLE_ROOT;
	st->root->key_start = st->root->key_end = st->root->stmt = st->root->comma = TNONE;
	st->root->end = st->len;
	st->root->v.c.st = st;
	P->base = st->text;
	P->end = st->text + len;
	P->name = name;
	P->st = st;
	P->cur = st->root;
	P->section = P->nsections = 0;
	err = value_mode ? parse_value_mode(P) : parse_document(P);
	if (err == 0)
		err = build_lines(st);
done:
	sw_free(P);
	if (err < 0)
		tstate_free(st);
	return err;
}
