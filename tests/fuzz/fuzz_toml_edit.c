/*
 * fuzz/fuzz_toml_edit.c — random sequences of edits. The first byte picks
 * the document: one of the fixed seeds below (byte < 0x80), or the input
 * itself up to its first NUL byte when that parses. The remaining bytes
 * drive the edits: which operation, which key path (existing keys or keys
 * from a pool), which value text (all valid TOML). After every edit:
 *   - a successful edit must leave a document whose text parses again and
 *     holds what the edit said (the value set, the key gone, one more or
 *     one fewer item, the table there);
 *   - a refused edit must leave the text unchanged, and may never fail
 *     with SW_EPARSE (that would be the editor producing invalid TOML).
 * Any violation aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slipway/toml.h"

static const char *const seeds[] = {
        "",
        "a = 1\n",
        ("# c\n[project]\nname = \"x\"  # n\nversion = \"1\"\ndependencies = [\n    \"a\",\n"
         "    \"b\",  # b\n]\nurls.home = \"h\"\n\n[tool.ruff]\nline-length = 88\n"
         "[tool.ruff.lint]\nselect = [\"E\", \"F\"]\n"),
        ("t = {a = 1, b = {c = [1, 2]}, d.e = 'x'}\narr = [ 1 ,2, ]\n[[s]]\nn = 1\n[s.sub]\nk = 1\n"
         "[[s]]\nn = 2\n"),
        "[a.b.c]\nx = 1\n[a]\nb.d = 2\n\n# about e\n[e]\n'q k' = \"v\"\n",
        "x = [\r\n  1,\r\n  2\r\n]\r\n[y]\r\nz = 1 # c\r\n",
        "name    = 1\nversion = 2\n\"quoted\" = 3\nempty = []\nml = [\n]\ninl = {}\n",
        "k = \"\"\"\nmulti\nline\"\"\"\nl = '''x'''\n[t] # comment\n  indented = true\n",
};

static const char *const keys_pool[] = {
        "a",   "b", "x", "name", "version", "tool", "project", "dependencies",
        "sub", "s", "t", "x y",  "é",       "",     "n",       "urls",
};

static const char *const values[] = {
        "1",          "\"s\"",
        "'lit'",      "[1, 2]",
        "{x = 1}",    "[\n  1,\n]",
        "true",       "-inf",
        "1979-05-27", "{a.b = 1, c = []}",
        "[[1], {}]",  "\"\"\"\nml\"\"\"",
        "[]",         "{}",
        "0x1F",       "\"é\\n\"",
        "07:32:00",   "[ # c\n]",
        "1e3",
};

struct cursor {
	const uint8_t *p, *end;
};

static unsigned next(struct cursor *c)
{
	return c->p < c->end ? *c->p++ : 0;
}

/* Builds a key path from the cursor: existing keys or pool keys. */
static size_t pick_path(struct cursor *c, const sw_toml_doc *doc, const char **keys,
                        char bufs[][64])
{
	const sw_toml_node *t = sw_toml_root(doc);
	size_t n = 1 + next(c) % 4;
	for (size_t i = 0; i < n; i++) {
		unsigned b = next(c);
		size_t klen;
		if (t && sw_toml_type(t) == SW_TOML_ARRAY && sw_toml_style(t) == SW_TOML_STYLE_AOT)
			t = sw_toml_at(t, sw_toml_count(t) - 1);
		if ((b & 1) && t && sw_toml_type(t) == SW_TOML_TABLE && sw_toml_count(t) > 0) {
			const sw_toml_node *child = sw_toml_at(t, (b >> 1) % sw_toml_count(t));
			const char *k = sw_toml_key(child, &klen);
			if (klen >= 63 || memchr(k, '\0', klen))
				return i;
			memcpy(bufs[i], k, klen);
			bufs[i][klen] = '\0';
			keys[i] = bufs[i];
			t = child;
		} else {
			keys[i] = keys_pool[(b >> 1) % (sizeof(keys_pool) / sizeof(keys_pool[0]))];
			t = NULL;
		}
	}
	return n;
}

/* Whether a successful edit did what it said. */
static int effect_ok(const sw_toml_doc *doc, unsigned op, const char *const *keys, size_t n,
                     const char *value, size_t before_count)
{
	const sw_toml_node *node = sw_toml_get(sw_toml_root(doc), keys, n);
	const char *src;
	size_t len;
	switch (op) {
	case 0: /* set */
		src = node ? sw_toml_source(node, &len) : NULL;
		return src && len == strlen(value) && memcmp(src, value, len) == 0;
	case 1: /* remove */
		return node == NULL;
	case 2: /* append */
		return node && sw_toml_count(node) == before_count + 1;
	case 3: /* remove an item (an array of tables without tables is gone) */
		return node ? sw_toml_count(node) + 1 == before_count : before_count == 1;
	default: /* table */
		return node != NULL;
	}
}

/* Runs one edit from the cursor. */
static void one_edit(struct cursor *c, sw_toml_doc *doc)
{
	const char *keys[4];
	char bufs[4][64];
	unsigned op = next(c) % 6;
	size_t n = pick_path(c, doc, keys, bufs), idx = next(c), before_len, count = 0;
	const char *value = values[next(c) % (sizeof(values) / sizeof(values[0]))];
	const sw_toml_node *node;
	char *before;
	int err;
	if (n == 0)
		return;
	node = sw_toml_get(sw_toml_root(doc), keys, n);
	if (node)
		count = sw_toml_count(node);
	before = strdup(sw_toml_text(doc, &before_len));
	if (!before)
		abort();
	switch (op) {
	case 0:
		err = sw_toml_set(doc, keys, n, value, strlen(value));
		break;
	case 1:
		err = sw_toml_remove(doc, keys, n);
		break;
	case 2:
		err = sw_toml_array_insert(doc, keys, n, count ? idx % (count + 1) : 0, value,
		                           strlen(value));
		op = 2;
		break;
	case 3:
		err = sw_toml_array_remove(doc, keys, n, count ? idx % count : 0);
		break;
	case 4:
		err = sw_toml_table_add(doc, keys, n);
		break;
	default:
		err = sw_toml_aot_append(doc, keys, n);
		break;
	}
	if (err == SW_EPARSE) {
		fprintf(stderr, "edit %u produced invalid TOML: %s\n", op, sw_error_last());
		abort();
	}
	if (err < 0) {
		size_t len;
		const char *text = sw_toml_text(doc, &len);
		if (len != before_len || memcmp(text, before, len) != 0)
			abort(); /* a refused edit changed the document */
	} else {
		sw_toml_doc *again;
		size_t len;
		const char *text = sw_toml_text(doc, &len);
		if (sw_toml_parse(&again, text, len, "again") < 0)
			abort();
		sw_toml_free(again);
		if (op <= 4 && !effect_ok(doc, op, keys, n, value, count)) {
			fprintf(stderr, "edit %u on %s (n=%zu) did not take effect:\n%s\n---\n%s\n",
			        op, keys[0], n, before, text);
			abort();
		}
	}
	free(before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = {data + 1, data + size};
	sw_toml_doc *doc;
	const char *base;
	size_t blen;
	if (size < 1 || size > 4096)
		return 0;
	if (data[0] < 0x80) {
		base = seeds[data[0] % (sizeof(seeds) / sizeof(seeds[0]))];
		blen = strlen(base);
	} else {
		const uint8_t *nul = memchr(data + 1, 0, size - 1);
		if (!nul)
			return 0;
		base = (const char *)data + 1;
		blen = (size_t)(nul - (data + 1));
		c.p = nul + 1;
	}
	if (sw_toml_parse(&doc, base, blen, "fuzz") < 0)
		return 0;
	for (int i = 0; i < 16 && c.p < c.end; i++)
		one_edit(&c, doc);
	sw_toml_free(doc);
	return 0;
}
