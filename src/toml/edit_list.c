/*
 * toml/edit_list.c — edits inside comma-separated lists: the items of an
 * array value and the key/values of an inline table. A multi-line array
 * (one item per line) gains and loses whole lines, with the items' indent
 * and trailing-comma style; one-line lists and inline tables gain and lose
 * an item with its separator, copying the separator already in use.
 */
#include <string.h>

#include "toml_int.h"

/* Where a list item starts: its key for a key/value, else its value. */
static uint32_t item_start(const sw_toml_node *it)
{
	return (it->flags & NF_KV) ? it->stmt : it->start;
}

/* Adds the leaves of an inline table's statements below `t` to out. */
static void collect_leaves(const sw_toml_node *t, const sw_toml_node **out, size_t *n)
{
	for (const sw_toml_node *c = t->first; c; c = c->next) {
		if (c->type == SW_TOML_TABLE && c->style == SW_TOML_STYLE_DOTTED)
			collect_leaves(c, out, n);
		else
			out[(*n)++] = c;
	}
}

/* Counts what collect_leaves() would add. */
static size_t count_leaves(const sw_toml_node *t)
{
	size_t n = 0;
	for (const sw_toml_node *c = t->first; c; c = c->next)
		n += (c->type == SW_TOML_TABLE && c->style == SW_TOML_STYLE_DOTTED)
		             ? count_leaves(c)
		             : 1;
	return n;
}

int inline_kvs(const sw_toml_node *tab, const sw_toml_node ***out, size_t *n)
{
	size_t count = count_leaves(tab), k = 0;
	const sw_toml_node **v = sw_calloc(count + 1, sizeof(*v));
	if (!v)
		return sw_error_set(SW_ENOMEM, "out of memory");
	collect_leaves(tab, v, &k);
	for (size_t i = 1; i < k; i++) { /* source order */
		const sw_toml_node *x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1]->stmt > x->stmt) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
	*out = v;
	*n = k;
	return 0;
}

int list_remove(struct editor *e, const sw_toml_node *const *items, size_t n,
                const unsigned char *del, uint32_t open, uint32_t close)
{
	size_t a = 0, all = 1;
	for (size_t i = 0; i < n; i++)
		all &= del[i];
	if (all && !memchr(e->t + open, '#', close - open)) {
		ed_at(e, open + 1, close); /* nothing left: "[]" or "{}" */
		return 0;
	}
	while (a < n) {
		size_t b;
		if (!del[a]) {
			a++;
			continue;
		}
		for (b = a; b + 1 < n && del[b + 1]; b++)
			;
		if (b + 1 < n)
			ed_at(e, item_start(items[a]), item_start(items[b + 1]));
		else if (a > 0)
			ed_at(e, items[a - 1]->end, items[b]->end);
		else
			ed_at(e, item_start(items[0]),
			      items[b]->comma != TNONE ? items[b]->comma + 1 : items[b]->end);
		a = b + 1;
	}
	return 0;
}

/* The separator to copy between two items of a list: ", " unless the
 * list shows another one (without comments). */
static void put_separator(struct editor *e, const sw_toml_node *const *items, size_t n)
{
	if (n >= 2 && items[0]->comma != TNONE) {
		uint32_t s = items[0]->comma, t = item_start(items[1]);
		if (!memchr(e->t + s, '#', t - s)) {
			ed_put(e, e->t + s, t - s);
			return;
		}
	}
	ed_puts(e, ", ");
}

/* Replaces the inside of an empty list at [open+1, close) with `text`. */
static void fill_empty(struct editor *e, uint32_t open, uint32_t close, const char *text,
                       size_t len)
{
	uint32_t i = open + 1;
	while (i < close && e->t[i] == ' ')
		i++;
	if (i == close && close > open + 1) {
		ed_at(e, open + 1, close);
		ed_puts(e, " ");
		ed_put(e, text, len);
		ed_puts(e, " ");
	} else {
		ed_at(e, open + 1, open + 1);
		ed_put(e, text, len);
	}
}

int inline_insert(struct editor *e, const sw_toml_node *tab, const char *kv, size_t len)
{
	const sw_toml_node **kvs;
	size_t n;
	int err = inline_kvs(tab, &kvs, &n);
	if (err < 0)
		return err;
	if (n == 0) {
		fill_empty(e, tab->start, tab->end - 1, kv, len);
	} else {
		ed_at(e, kvs[n - 1]->end, kvs[n - 1]->end);
		put_separator(e, kvs, n);
		ed_put(e, kv, len);
	}
	sw_free(kvs);
	return 0;
}

/* ---- arrays -------------------------------------------------------------- */

/* The items of an array as a vector (sw_malloc'd). */
static int array_items(const sw_toml_node *arr, const sw_toml_node ***out, size_t *n)
{
	const sw_toml_node **v = sw_calloc(arr->count + 1, sizeof(*v));
	size_t k = 0;
	if (!v)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (const sw_toml_node *c = arr->first; c; c = c->next)
		v[k++] = c;
	*out = v;
	*n = k;
	return 0;
}

/* Whether item i sits alone on its line(s): only spaces before it, only
 * its comma and a comment after it. */
static int item_alone(const struct editor *e, const sw_toml_node *arr,
                      const sw_toml_node *const *items, size_t i)
{
	const sw_toml_node *it = items[i];
	uint32_t ls = ed_line_begin(e, it->start), after;
	uint32_t prev_end = i > 0 ? items[i - 1]->end : arr->start;
	if (ls <= prev_end)
		return 0;
	for (uint32_t k = ls; k < it->start; k++)
		if (e->t[k] != ' ' && e->t[k] != '\t')
			return 0;
	after = ed_trail(e, it->comma != TNONE ? it->comma + 1 : it->end);
	return e->t[after] == '\n' || e->t[after] == '\r' || after == e->len;
}

/* Indent for the first item of an empty multi-line array. */
static void put_first_indent(struct editor *e, const sw_toml_node *arr)
{
	uint32_t ls = ed_line_begin(e, arr->start), k = ls;
	while (e->t[k] == ' ' || e->t[k] == '\t')
		k++;
	ed_put(e, e->t + ls, k - ls);
	ed_puts(e, k > ls && e->t[ls] == '\t' ? "\t" : "    ");
}

/* Inserts into an array written one item per line. */
static void insert_lines(struct editor *e, const sw_toml_node *arr,
                         const sw_toml_node *const *items, size_t n, size_t index, const char *v,
                         size_t vlen)
{
	const char *nl = ed_nl(e);
	if (index < n) {
		const sw_toml_node *it = items[index];
		uint32_t ls = ed_line_begin(e, it->start);
		uint32_t floor =
		        index > 0
		                ? ed_next_line(e, ed_trail(e, items[index - 1]->comma != TNONE
		                                                      ? items[index - 1]->comma + 1
		                                                      : items[index - 1]->end))
		                : ed_next_line(e, ed_trail(e, arr->start + 1));
		uint32_t at = ed_attached(e, ls, floor);
		ed_at(e, at, at);
		ed_put(e, e->t + ls, it->start - ls);
		ed_put(e, v, vlen);
		ed_puts(e, ",");
		ed_puts(e, nl);
	} else {
		const sw_toml_node *last = items[n - 1];
		uint32_t ls = ed_line_begin(e, last->start);
		uint32_t at = ed_trail(e, last->comma != TNONE ? last->comma + 1 : last->end);
		if (last->comma == TNONE) {
			ed_at(e, last->end, last->end);
			ed_puts(e, ",");
		}
		ed_at(e, at, at);
		ed_puts(e, nl);
		ed_put(e, e->t + ls, last->start - ls);
		ed_put(e, v, vlen);
		if (last->comma != TNONE)
			ed_puts(e, ",");
	}
}

int array_insert_at(struct editor *e, const sw_toml_node *arr, size_t index, const char *v,
                    size_t vlen)
{
	const sw_toml_node **items = NULL;
	size_t n = 0;
	int err = array_items(arr, &items, &n);
	if (err < 0)
		return err;
	if (n == 0 && memchr(e->t + arr->start, '\n', arr->end - arr->start)) {
		uint32_t at = ed_trail(e, arr->start + 1);
		ed_at(e, at, at);
		ed_puts(e, ed_nl(e));
		put_first_indent(e, arr);
		ed_put(e, v, vlen);
		ed_puts(e, ",");
	} else if (n == 0) {
		fill_empty(e, arr->start, arr->end - 1, v, vlen);
	} else if (item_alone(e, arr, items, index < n ? index : n - 1)) {
		insert_lines(e, arr, items, n, index, v, vlen);
	} else if (index < n) {
		ed_at(e, items[index]->start, items[index]->start);
		ed_put(e, v, vlen);
		put_separator(e, items, n);
	} else {
		ed_at(e, items[n - 1]->end, items[n - 1]->end);
		put_separator(e, items, n);
		ed_put(e, v, vlen);
	}
	sw_free(items);
	return 0;
}

int array_remove_at(struct editor *e, const sw_toml_node *arr, size_t index)
{
	const sw_toml_node **items = NULL;
	unsigned char *del;
	size_t n = 0;
	int err = array_items(arr, &items, &n);
	if (err < 0)
		return err;
	if ((del = sw_calloc(n + 1, 1)) == NULL) {
		sw_free(items);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	if (item_alone(e, arr, items, index)) {
		const sw_toml_node *it = items[index];
		uint32_t end = ed_trail(e, it->comma != TNONE ? it->comma + 1 : it->end);
		ed_at(e, ed_line_begin(e, it->start), ed_next_line(e, end));
		if (index == n - 1 && index > 0 && it->comma == TNONE &&
		    items[index - 1]->comma != TNONE)
			ed_at(e, items[index - 1]->comma, items[index - 1]->comma + 1);
	} else {
		del[index] = 1;
		err = list_remove(e, items, n, del, arr->start, arr->end - 1);
	}
	sw_free(del);
	sw_free(items);
	return err;
}
