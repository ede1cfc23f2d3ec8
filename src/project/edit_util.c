/*
 * project/edit_util.c — helpers of the editor's operations: key-path
 * lookups, TOML string text, case-insensitive comparison, the sorted insert
 * into a string array, and the unified diff shown before an edit is saved.
 */
#include <stdint.h>
#include <string.h>

#include "project/edit_int.h"
#include "slipway/pep508.h"

/* Largest TOML text of one value built here. */
#define VALUE_MAX ((size_t)1024 * 1024)

const sw_toml_node *ed_get(const sw_toml_doc *doc, const char *const *keys, size_t n)
{
	return sw_toml_get(sw_toml_root(doc), keys, n);
}

int ed_quote(sw_buf *out, const char *s)
{
	sw_buf_init(out, VALUE_MAX);
	return sw_toml_write_string(out, s, strlen(s));
}

int ed_rewrap(int code, const char *prefix, const char *subject, const char *infix)
{
	char msg[1024];
	size_t n = strlen(sw_error_last());
	if (n >= sizeof(msg))
		n = sizeof(msg) - 1;
	memcpy(msg, sw_error_last(), n);
	msg[n] = '\0';
	return sw_error_set(code, "%s%s%s%s", prefix, subject ? subject : "", infix, msg);
}

int ed_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return 1;
	return 0;
}

/* ASCII lowercase of one byte. */
static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int ed_casecmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	for (size_t i = 0; i < n; i++) {
		int d = lower((unsigned char)a[i]) - lower((unsigned char)b[i]);
		if (d)
			return d;
	}
	return alen < blen ? -1 : alen > blen;
}

int ed_item_key(sw_buf *out, const sw_toml_node *item, int deps)
{
	const char *s;
	size_t len;
	sw_requirement *req = NULL;
	int err;
	sw_buf_clear(out);
	if (sw_toml_string(item, &s, &len) < 0)
		return 0;
	if (!deps)
		return sw_buf_put(out, s, len);
	err = sw_requirement_parse(&req, s, len);
	if (err == SW_ENOMEM)
		return err;
	if (err < 0)
		return 0;
	err = sw_name_normalize(out, sw_requirement_name(req), strlen(sw_requirement_name(req)));
	sw_requirement_free(req);
	return err;
}

/* Finds where `key` goes in the array: *index is its sorted position when
 * every item has a key and they are sorted, else the count. */
static int sorted_index(size_t *index, const sw_toml_node *arr, const char *key, int deps)
{
	sw_buf prev, cur;
	size_t i = 0, pos = SIZE_MAX;
	int err = 0, sorted = 1;
	const sw_toml_node *it;
	sw_buf_init(&prev, VALUE_MAX);
	sw_buf_init(&cur, VALUE_MAX);
	for (it = sw_toml_first(arr); it && sorted; it = sw_toml_next(it), i++) {
		if ((err = ed_item_key(&cur, it, deps)) < 0)
			goto done;
		if (!cur.len || (i && ed_casecmp(prev.ptr, prev.len, cur.ptr, cur.len) > 0))
			sorted = 0;
		if (pos == SIZE_MAX && ed_casecmp(key, strlen(key), cur.ptr, cur.len) < 0)
			pos = i;
		sw_buf_clear(&prev);
		if (cur.len && (err = sw_buf_put(&prev, cur.ptr, cur.len)) < 0)
			goto done;
	}
	*index = sorted && pos != SIZE_MAX ? pos : sw_toml_count(arr);
done:
	sw_buf_free(&prev);
	sw_buf_free(&cur);
	return err < 0 ? sw_error_set(err, "out of memory") : 0;
}

int ed_array_add_sorted(sw_toml_doc *doc, const char *const *keys, size_t n, const char *value,
                        size_t value_len, const char *sort_key, int deps)
{
	const sw_toml_node *arr = ed_get(doc, keys, n);
	sw_buf text;
	size_t index = 0;
	int err;
	if (!arr) {
		sw_buf_init(&text, VALUE_MAX);
		sw_buf_putc(&text, '[');
		sw_buf_put(&text, value, value_len);
		sw_buf_putc(&text, ']');
		if ((err = sw_buf_error(&text)) < 0)
			err = sw_error_set(err, "out of memory");
		else
			err = sw_toml_set(doc, keys, n, text.ptr, text.len);
		sw_buf_free(&text);
		return err;
	}
	if (sw_toml_type(arr) != SW_TOML_ARRAY)
		return sw_error_set(SW_ETYPE, "%s is not an array", keys[n - 1]);
	if ((err = sorted_index(&index, arr, sort_key, deps)) < 0)
		return err;
	return sw_toml_array_insert(doc, keys, n, index, value, value_len);
}

/* ---- unified diff -------------------------------------------------------- */

/* Line starts of a text: starts[i] for i < n, and starts[n] == len. */
struct lines {
	size_t *starts;
	size_t n;
};

static int split(struct lines *l, const char *s, size_t len)
{
	size_t n = 0, k = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	n += len && s[len - 1] != '\n';
	if (!(l->starts = sw_malloc((n + 1) * sizeof(size_t))))
		return SW_ENOMEM;
	l->starts[k++] = 0;
	for (size_t i = 0; i < len && k < n + 1; i++)
		if (s[i] == '\n')
			l->starts[k++] = i + 1;
	l->starts[n] = len;
	l->n = n;
	return 0;
}

static int line_eq(const char *a, const struct lines *la, size_t i, const char *b,
                   const struct lines *lb, size_t j)
{
	size_t alen = la->starts[i + 1] - la->starts[i], blen = lb->starts[j + 1] - lb->starts[j];
	return alen == blen && memcmp(a + la->starts[i], b + lb->starts[j], alen) == 0;
}

/* Appends lines [from, to) of `s` with a prefix character. */
static void put_lines(sw_buf *out, char prefix, const char *s, const struct lines *l, size_t from,
                      size_t to)
{
	for (size_t i = from; i < to; i++) {
		size_t a = l->starts[i], b = l->starts[i + 1];
		sw_buf_putc(out, prefix);
		sw_buf_put(out, s + a, b - a);
		if (b == a || s[b - 1] != '\n')
			sw_buf_puts(out, "\n\\ No newline at end of file\n");
	}
}

/* "start,count" of a hunk side, as diff -u writes it. */
static void range(sw_buf *out, size_t start, size_t count)
{
	sw_buf_printf(out, "%zu,%zu", count ? start + 1 : start, count);
}

int sw_text_diff(sw_buf *out, const char *name, const char *old, size_t old_len, const char *new_,
                 size_t new_len)
{
	struct lines a = {NULL, 0}, b = {NULL, 0};
	size_t pre = 0, suf = 0, from, ato, bto;
	int err = 0;
	if ((err = split(&a, old, old_len)) < 0 || (err = split(&b, new_, new_len)) < 0)
		goto done;
	while (pre < a.n && pre < b.n && line_eq(old, &a, pre, new_, &b, pre))
		pre++;
	while (suf < a.n - pre && suf < b.n - pre &&
	       line_eq(old, &a, a.n - 1 - suf, new_, &b, b.n - 1 - suf))
		suf++;
	if (pre == a.n && pre == b.n)
		goto done;
	from = pre > 3 ? pre - 3 : 0;
	ato = a.n - suf + (suf > 3 ? 3 : suf);
	bto = b.n - suf + (suf > 3 ? 3 : suf);
	sw_buf_printf(out, "--- a/%s\n+++ b/%s\n@@ -", name, name);
	range(out, from, ato - from);
	sw_buf_puts(out, " +");
	range(out, from, bto - from);
	sw_buf_puts(out, " @@\n");
	put_lines(out, ' ', old, &a, from, pre);
	put_lines(out, '-', old, &a, pre, a.n - suf);
	put_lines(out, '+', new_, &b, pre, b.n - suf);
	put_lines(out, ' ', new_, &b, b.n - suf, bto);
	err = sw_buf_error(out);
done:
	sw_free(a.starts);
	sw_free(b.starts);
	return err < 0 ? sw_error_set(err, "out of memory or diff too big") : 0;
}
