/*
 * toml/query.c — reading a parsed document: node types, iteration, key
 * lookup (by one key, a key array, or a dotted path string), typed values,
 * source text and line:col positions of keys and values.
 */
#include <string.h>

#include "toml_int.h"

struct tstate *node_state(const sw_toml_node *node)
{
	while (node->parent)
		node = node->parent;
	return node->v.c.st;
}

enum sw_toml_type sw_toml_type(const sw_toml_node *node)
{
	return (enum sw_toml_type)node->type;
}

enum sw_toml_style sw_toml_style(const sw_toml_node *node)
{
	return (enum sw_toml_style)node->style;
}

const char *sw_toml_type_name(enum sw_toml_type type)
{
	static const char *const names[] = {
	        [SW_TOML_TABLE] = "table",           [SW_TOML_ARRAY] = "array",
	        [SW_TOML_STRING] = "string",         [SW_TOML_INTEGER] = "integer",
	        [SW_TOML_FLOAT] = "float",           [SW_TOML_BOOL] = "bool",
	        [SW_TOML_DATETIME] = "datetime",     [SW_TOML_DATETIME_LOCAL] = "datetime-local",
	        [SW_TOML_DATE_LOCAL] = "date-local", [SW_TOML_TIME_LOCAL] = "time-local",
	};
	if ((size_t)type < SW_ARRAY_LEN(names) && names[type])
		return names[type];
	return "unknown";
}

const sw_toml_node *sw_toml_parent(const sw_toml_node *node)
{
	return node->parent;
}

size_t sw_toml_count(const sw_toml_node *node)
{
	return node->count;
}

const sw_toml_node *sw_toml_first(const sw_toml_node *node)
{
	return node->first;
}

const sw_toml_node *sw_toml_next(const sw_toml_node *child)
{
	return child->next;
}

const sw_toml_node *sw_toml_at(const sw_toml_node *node, size_t index)
{
	const sw_toml_node *c = node->first;
	while (c && index--)
		c = c->next;
	return c;
}

const char *sw_toml_key(const sw_toml_node *node, size_t *len)
{
	if (len)
		*len = node->key ? node->key_len : 0;
	return node->key;
}

sw_toml_node *node_find(const sw_toml_node *table, const char *key, size_t len)
{
	if (!table || table->type != SW_TOML_TABLE)
		return NULL;
	if (table->count <= LINEAR_MAX) {
		for (sw_toml_node *c = table->first; c; c = c->next)
			if (c->key_len == len && memcmp(c->key, key, len) == 0)
				return c;
		return NULL;
	}
	return htab_find(&node_state(table)->ht, table, key, len, key_hash(table, key, len));
}

const sw_toml_node *sw_toml_find(const sw_toml_node *table, const char *key, size_t len)
{
	return node_find(table, key, len);
}

const sw_toml_node *sw_toml_get(const sw_toml_node *table, const char *const *keys, size_t n)
{
	const sw_toml_node *t = table;
	for (size_t i = 0; i < n && t; i++) {
		if (t->type == SW_TOML_ARRAY && t->style == SW_TOML_STYLE_AOT)
			t = t->v.c.last;
		t = node_find(t, keys[i], strlen(keys[i]));
	}
	return t;
}

/* Packs n decoded key segments into one allocation: pointers, then bytes. */
static int pack_keys(char ***keys, const struct keyseg *segs, size_t n)
{
	size_t size = (n + 1) * sizeof(char *);
	char **arr, *d;
	for (size_t i = 0; i < n; i++)
		size += segs[i].len + 1;
	if ((arr = sw_malloc(size)) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	d = (char *)(arr + n + 1);
	for (size_t i = 0; i < n; i++) {
		arr[i] = d;
		memcpy(d, segs[i].key, segs[i].len);
		d += segs[i].len;
		*d++ = '\0';
	}
	arr[n] = NULL;
	*keys = arr;
	return 0;
}

int sw_toml_path_parse(char ***keys, size_t *n, const char *text, size_t len)
{
	struct tstate tmp;
	struct parser *P = NULL;
	const char *p;
	size_t count = 0;
	int err;
	*keys = NULL;
	*n = 0;
	memset(&tmp, 0, sizeof(tmp));
	arena_init(&tmp.arena, len * 2 + 64);
	if ((P = sw_calloc(1, sizeof(*P))) == NULL || (tmp.text = sw_malloc(len + TPAD)) == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if (len)
		memcpy(tmp.text, text, len);
	memset(tmp.text + len, 0, TPAD);
	P->base = tmp.text;
	P->end = tmp.text + len;
	P->name = "key path";
	P->st = &tmp;
	p = skip_ws(P->base);
	if ((err = parse_key(P, &p, &count)) < 0)
		goto done;
	if ((p = skip_ws(p)) < P->end)
		err = perr(P, p, "unexpected character in a key path");
	else if ((err = pack_keys(keys, P->segs, count)) == 0)
		*n = count;
done:
	sw_free(P);
	sw_free(tmp.text);
	arena_free(&tmp.arena);
	return err;
}

int sw_toml_get_path(const sw_toml_node **out, const sw_toml_node *table, const char *path)
{
	char **keys;
	size_t n;
	int err;
	*out = NULL;
	if ((err = sw_toml_path_parse(&keys, &n, path, strlen(path))) < 0)
		return err;
	*out = sw_toml_get(table, (const char *const *)keys, n);
	sw_free(keys);
	if (!*out)
		return sw_error_set(SW_ENOTFOUND, "no key %s", path);
	return 0;
}

/* ---- typed values -------------------------------------------------------- */

static int wrong_type(const sw_toml_node *node, enum sw_toml_type want)
{
	return sw_error_set(SW_ETYPE, "expected %s, found %s", sw_toml_type_name(want),
	                    sw_toml_type_name((enum sw_toml_type)node->type));
}

int sw_toml_string(const sw_toml_node *node, const char **str, size_t *len)
{
	if (node->type != SW_TOML_STRING)
		return wrong_type(node, SW_TOML_STRING);
	*str = node->v.s.ptr;
	if (len)
		*len = node->v.s.len;
	return 0;
}

int sw_toml_int(const sw_toml_node *node, int64_t *value)
{
	if (node->type != SW_TOML_INTEGER)
		return wrong_type(node, SW_TOML_INTEGER);
	*value = node->v.i;
	return 0;
}

int sw_toml_float(const sw_toml_node *node, double *value)
{
	if (node->type != SW_TOML_FLOAT)
		return wrong_type(node, SW_TOML_FLOAT);
	*value = node->v.f;
	return 0;
}

int sw_toml_bool(const sw_toml_node *node, int *value)
{
	if (node->type != SW_TOML_BOOL)
		return wrong_type(node, SW_TOML_BOOL);
	*value = node->v.b;
	return 0;
}

int sw_toml_datetime(const sw_toml_node *node, sw_toml_datetime_fields *value)
{
	const char *text;
	if (node->type < SW_TOML_DATETIME || node->type > SW_TOML_TIME_LOCAL)
		return wrong_type(node, SW_TOML_DATETIME);
	text = node_state(node)->text;
	datetime_fields(text + node->start, text + node->end, value);
	return 0;
}

const char *sw_toml_source(const sw_toml_node *node, size_t *len)
{
	if ((node->type == SW_TOML_TABLE || node->type == SW_TOML_ARRAY) &&
	    node->style != SW_TOML_STYLE_INLINE) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = node->end - node->start;
	return node_state(node)->text + node->start;
}

/* ---- positions ----------------------------------------------------------- */

uint32_t line_start_of(const struct tstate *st, uint32_t off)
{
	uint32_t lo = 0, hi = st->nlines;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (st->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Line and column of an offset through the line index. */
static void offset_pos(const struct tstate *st, uint32_t off, unsigned *line, unsigned *col)
{
	uint32_t l = line_start_of(st, off);
	unsigned c = 1;
	for (uint32_t i = st->lines[l]; i < off; i++)
		if (((unsigned char)st->text[i] & 0xC0) != 0x80)
			c++;
	*line = l + 1;
	*col = c;
}

void sw_toml_value_pos(const sw_toml_doc *doc, const sw_toml_node *node, unsigned *line,
                       unsigned *col)
{
	offset_pos(&doc->st, node->start, line, col);
}

int sw_toml_key_pos(const sw_toml_doc *doc, const sw_toml_node *node, unsigned *line, unsigned *col)
{
	if (node->key_start == TNONE)
		return sw_error_set(SW_ENOTFOUND, "node has no key");
	offset_pos(&doc->st, node->key_start, line, col);
	return 0;
}
