/*
 * unit/test_toml_edit.c — the TOML editor: every edit operation on small
 * documents with the exact bytes expected afterwards (written by hand from
 * the documented behaviour: only the bytes that must change do, new lines
 * follow their neighbours' style), the value the edited document re-parses
 * to, the error codes of refused edits, and that a refused edit leaves the
 * document untouched.
 */
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slipway/toml.h"

enum op { SET, REMOVE, INSERT, APPEND, AREMOVE, TABLE, AOT };

struct edit_case {
	const char *before;
	enum op op;
	const char *path;
	size_t index;
	const char *value;
	int want_err;
	const char *after;       /* NULL: same as before (a refused edit) */
	const char *check_path;  /* re-parse check: this key ... */
	const char *check_value; /* ... holds a value whose source text is this */
};

static const struct edit_case cases[] = {
        /* set: replace an existing value */
        {"a = 1 # c\nb = 2\n", SET, "a", 0, "42", 0, "a = 42 # c\nb = 2\n", "a", "42"},
        {"[p]\nv   =   '1.0'   # keep\n", SET, "p.v", 0, "\"2.0\"", 0,
         "[p]\nv   =   \"2.0\"   # keep\n", "p.v", "\"2.0\""},
        {"x = [\n  1,\n  2,\n]\ny = 1\n", SET, "x", 0, "[3]", 0, "x = [3]\ny = 1\n", "x", "[3]"},
        {"t = {a = 1}\n", SET, "t", 0, " {b = 2} \n", 0, "t = {b = 2}\n", "t.b", "2"},
        {"t = {a = 1, b = 2}\n", SET, "t.a", 0, "10", 0, "t = {a = 10, b = 2}\n", "t.a", "10"},
        {"a.b = 1\n", SET, "a.b", 0, "2", 0, "a.b = 2\n", "a.b", "2"},
        {"a = 1\r\n", SET, "a", 0, "'x'", 0, "a = 'x'\r\n", "a", "'x'"},
        {"a = 1\n", SET, "a", 0, "\"\"\"\nmulti\nline\"\"\"", 0, "a = \"\"\"\nmulti\nline\"\"\"\n",
         "a", "\"\"\"\nmulti\nline\"\"\""},
        /* set: refused */
        {"[t]\nx = 1\n", SET, "t", 0, "1", SW_ETYPE, NULL, NULL, NULL},
        {"a = 1\n", SET, "a.b", 0, "1", SW_ETYPE, NULL, NULL, NULL},
        {"a = [1]\n", SET, "a.b", 0, "1", SW_ETYPE, NULL, NULL, NULL},
        {"[[t]]\n", SET, "t", 0, "1", SW_ETYPE, NULL, NULL, NULL},
        {"a.b = 1\n", SET, "a", 0, "1", SW_ETYPE, NULL, NULL, NULL},
        {"a = 1\n", SET, "a", 0, "01", SW_EPARSE, NULL, NULL, NULL},
        {"a = 1\n", SET, "a", 0, "1 2", SW_EPARSE, NULL, NULL, NULL},
        {"a = 1\n", SET, "a", 0, "", SW_EPARSE, NULL, NULL, NULL},
        {"a = 1\n", SET, "a", 0, "1 # comment", SW_EPARSE, NULL, NULL, NULL},
        {"a = 1\n", SET, "a", 0, "b = 2", SW_EPARSE, NULL, NULL, NULL},
        /* set: insert a key into a section, in its neighbours' style */
        {"[project]\nname = \"x\"\nversion = \"1\"\n\n[tool.x]\n", SET, "project.description", 0,
         "\"d\"", 0, "[project]\nname = \"x\"\nversion = \"1\"\ndescription = \"d\"\n\n[tool.x]\n",
         "project.description", "\"d\""},
        {"[t]\n  a=1\n  b=2\n", SET, "t.c", 0, "3", 0, "[t]\n  a=1\n  b=2\n  c=3\n", "t.c", "3"},
        {"[t]\nname    = 1\nversion = 2\n", SET, "t.url", 0, "3", 0,
         "[t]\nname    = 1\nversion = 2\nurl     = 3\n", "t.url", "3"},
        {"[t]\nname    = 1\nversion = 2\n", SET, "t.description", 0, "4", 0,
         "[t]\nname    = 1\nversion = 2\ndescription = 4\n", "t.description", "4"},
        {"[t]\n\"a\" = 1\n", SET, "t.b", 0, "2", 0, "[t]\n\"a\" = 1\n\"b\" = 2\n", "t.b", "2"},
        {"[t]\n'a' = 1\n", SET, "t.b", 0, "2", 0, "[t]\n'a' = 1\n'b' = 2\n", "t.b", "2"},
        {"[t]\na = 1\n", SET, "t.\"x y\"", 0, "2", 0, "[t]\na = 1\n\"x y\" = 2\n", "t.'x y'", "2"},
        {"[t]\na = 1 # one\n\n# about u\n[u]\n", SET, "t.b", 0, "2", 0,
         "[t]\na = 1 # one\nb = 2\n\n# about u\n[u]\n", "t.b", "2"},
        {"[a]\n[b]\nx = 1\n", SET, "a.y", 0, "2", 0, "[a]\ny = 2\n[b]\nx = 1\n", "a.y", "2"},
        {"a = 1\n\n[t]\n", SET, "b", 0, "2", 0, "a = 1\nb = 2\n\n[t]\n", "b", "2"},
        {"# title\n\n[t]\nx = 1\n", SET, "a", 0, "1", 0, "# title\n\na = 1\n\n[t]\nx = 1\n", "a",
         "1"},
        {"# about t\n[t]\n", SET, "a", 0, "1", 0, "a = 1\n\n# about t\n[t]\n", "a", "1"},
        {"", SET, "a", 0, "1", 0, "a = 1\n", "a", "1"},
        {"# only a comment", SET, "a", 0, "1", 0, "# only a comment\na = 1", "a", "1"},
        {"a = 1", SET, "b", 0, "2", 0, "a = 1\nb = 2", "b", "2"},
        {"[t]\r\na = 1\r\n", SET, "t.b", 0, "2", 0, "[t]\r\na = 1\r\nb = 2\r\n", "t.b", "2"},
        /* set: missing tables are created at their natural place */
        {"[tool.bar]\nx = 1\n\n[project]\nname = \"p\"\n", SET, "tool.foo.y", 0, "2", 0,
         "[tool.bar]\nx = 1\n\n[tool.foo]\ny = 2\n\n[project]\nname = \"p\"\n", "tool.foo.y", "2"},
        {"a = 1\n", SET, "t.x", 0, "1", 0, "a = 1\n\n[t]\nx = 1\n", "t.x", "1"},
        {"a = 1\n\n", SET, "t.x", 0, "1", 0, "a = 1\n\n[t]\nx = 1\n", "t.x", "1"},
        {"a = 1", SET, "t.x", 0, "1", 0, "a = 1\n\n[t]\nx = 1\n", "t.x", "1"},
        {"", SET, "t.x", 0, "1", 0, "[t]\nx = 1\n", "t.x", "1"},
        {"[tool.ruff]\nx = 1\n", SET, "tool.answer", 0, "42", 0,
         "[tool]\nanswer = 42\n\n[tool.ruff]\nx = 1\n", "tool.answer", "42"},
        {"[project]\nname = \"p\"\n", SET, "project.urls.Home", 0, "\"h\"", 0,
         "[project]\nname = \"p\"\n\n[project.urls]\nHome = \"h\"\n", "project.urls.Home", "\"h\""},
        {"[a]\nx = 1\n[a.b]\ny = 1\n[c]\n", SET, "a.d.z", 0, "1", 0,
         "[a]\nx = 1\n[a.b]\ny = 1\n\n[a.d]\nz = 1\n[c]\n", "a.d.z", "1"},
        {"[fruit]\napple.color = 1\n[other]\n", SET, "fruit.apple.texture.smooth", 0, "true", 0,
         "[fruit]\napple.color = 1\napple.texture.smooth = true\n[other]\n",
         "fruit.apple.texture.smooth", "true"},
        /* set: dotted keys and inline tables grow in place */
        {"[p]\nname = 1\nurls.a = \"1\"\nversion = 2\n", SET, "p.urls.b", 0, "\"3\"", 0,
         "[p]\nname = 1\nurls.a = \"1\"\nurls.b = \"3\"\nversion = 2\n", "p.urls.b", "\"3\""},
        {"\"u\" . a = 1\n", SET, "u.b", 0, "2", 0, "\"u\" . a = 1\n\"u\".b = 2\n", "u.b", "2"},
        {"x.y = 1\n[x.tool]\nsub = 1\n", SET, "x.z", 0, "2", 0,
         "x.y = 1\nx.z = 2\n[x.tool]\nsub = 1\n", "x.z", "2"},
        {"t = {a = 1}\n", SET, "t.b", 0, "2", 0, "t = {a = 1, b = 2}\n", "t.b", "2"},
        {"t = {a=1,b=2}\n", SET, "t.c", 0, "3", 0, "t = {a=1,b=2,c=3}\n", "t.c", "3"},
        {"t = {}\n", SET, "t.a", 0, "1", 0, "t = {a = 1}\n", "t.a", "1"},
        {"t = { }\n", SET, "t.a", 0, "1", 0, "t = { a = 1 }\n", "t.a", "1"},
        {"t = {a = 1}\n", SET, "t.x.y", 0, "2", 0, "t = {a = 1, x.y = 2}\n", "t.x.y", "2"},
        {"t = {d.a = 1}\n", SET, "t.d.b", 0, "2", 0, "t = {d.a = 1, d.b = 2}\n", "t.d.b", "2"},
        {"t = {a = {b = 1}}\n", SET, "t.a.c", 0, "2", 0, "t = {a = {b = 1, c = 2}}\n", "t.a.c",
         "2"},
        /* set: an array of tables stands for its last table */
        {"[[srv]]\nn = 1\n[[srv]]\nn = 2\n", SET, "srv.m", 0, "3", 0,
         "[[srv]]\nn = 1\n[[srv]]\nn = 2\nm = 3\n", "srv.m", "3"},
        {"[[srv]]\nn = 1\n", SET, "srv.sub.k", 0, "1", 0, "[[srv]]\nn = 1\n\n[srv.sub]\nk = 1\n",
         "srv.sub.k", "1"},
        /* remove */
        {"a = 1 # one\nb = 2\n", REMOVE, "a", 0, NULL, 0, "b = 2\n", "b", "2"},
        {"# about a\na = 1\nb = 2\n", REMOVE, "a", 0, NULL, 0, "# about a\nb = 2\n", "b", "2"},
        {"a = [\n  1,\n]\nb = 2\n", REMOVE, "a", 0, NULL, 0, "b = 2\n", "b", "2"},
        {"a = 1\nb = 2", REMOVE, "b", 0, NULL, 0, "a = 1\n", "a", "1"},
        {"[a]\nx = 1\n\n# about b\n[b]\ny = 2\n\n[c]\nz = 3\n", REMOVE, "b", 0, NULL, 0,
         "[a]\nx = 1\n\n[c]\nz = 3\n", "c.z", "3"},
        {"[a]\nx = 1\n\n[b]\ny = 2\n", REMOVE, "b", 0, NULL, 0, "[a]\nx = 1\n", "a.x", "1"},
        {"[t.a]\nx = 1\n[u]\nk = 1\n[t]\ny = 2\n", REMOVE, "t", 0, NULL, 0, "[u]\nk = 1\n", "u.k",
         "1"},
        {"[tool.a]\nx = 1\n\n[tool.b]\ny = 2\n\n[p]\n", REMOVE, "tool", 0, NULL, 0, "[p]\n", NULL,
         NULL},
        {"[a.b.c]\n[a]\nb.d = 1\nk = 2\n", REMOVE, "a.b", 0, NULL, 0, "[a]\nk = 2\n", "a.k", "2"},
        {"t = {a = 1, b = 2, c = 3}\n", REMOVE, "t.b", 0, NULL, 0, "t = {a = 1, c = 3}\n", "t.c",
         "3"},
        {"t = {a = 1, b = 2, c = 3}\n", REMOVE, "t.c", 0, NULL, 0, "t = {a = 1, b = 2}\n", "t.b",
         "2"},
        {"t = {a = 1, b = 2, c = 3}\n", REMOVE, "t.a", 0, NULL, 0, "t = {b = 2, c = 3}\n", "t.b",
         "2"},
        {"t = { a = 1 }\n", REMOVE, "t.a", 0, NULL, 0, "t = {}\n", NULL, NULL},
        {"t = {x.a = 1, y = 2, x.b = 3}\n", REMOVE, "t.x", 0, NULL, 0, "t = {y = 2}\n", "t.y", "2"},
        {"a.x = 1\nb = 2\na.y = 3\n", REMOVE, "a", 0, NULL, 0, "b = 2\n", "b", "2"},
        {"[[s]]\nn = 1\n[[s]]\nn = 2\n", REMOVE, "s", 0, NULL, 0, "", NULL, NULL},
        {"a = 1\n", REMOVE, "b", 0, NULL, SW_ENOTFOUND, NULL, NULL, NULL},
        {"a = 1\n", REMOVE, "a.b", 0, NULL, SW_ENOTFOUND, NULL, NULL, NULL},
        /* arrays written on one line */
        {"a = [1, 2]\n", APPEND, "a", 0, "3", 0, "a = [1, 2, 3]\n", "a", "[1, 2, 3]"},
        {"a = [1,2]\n", APPEND, "a", 0, "3", 0, "a = [1,2,3]\n", "a", "[1,2,3]"},
        {"a = [1, 2,]\n", APPEND, "a", 0, "3", 0, "a = [1, 2, 3,]\n", "a", "[1, 2, 3,]"},
        {"a = []\n", APPEND, "a", 0, "\"x\"", 0, "a = [\"x\"]\n", "a", "[\"x\"]"},
        {"a = [ ]\n", APPEND, "a", 0, "3", 0, "a = [ 3 ]\n", "a", "[ 3 ]"},
        {"a = [1]\n", APPEND, "a", 0, "{x = 1}", 0, "a = [1, {x = 1}]\n", "a", "[1, {x = 1}]"},
        {"a = [1, 2]\n", INSERT, "a", 0, "0", 0, "a = [0, 1, 2]\n", "a", "[0, 1, 2]"},
        {"a = [1, 2]\n", INSERT, "a", 1, "9", 0, "a = [1, 9, 2]\n", "a", "[1, 9, 2]"},
        {"a = [1, 2]\n", INSERT, "a", 2, "3", 0, "a = [1, 2, 3]\n", "a", "[1, 2, 3]"},
        {"a = [1, 2, 3]\n", AREMOVE, "a", 1, NULL, 0, "a = [1, 3]\n", "a", "[1, 3]"},
        {"a = [1, 2, 3]\n", AREMOVE, "a", 2, NULL, 0, "a = [1, 2]\n", "a", "[1, 2]"},
        {"a = [1, 2, 3]\n", AREMOVE, "a", 0, NULL, 0, "a = [2, 3]\n", "a", "[2, 3]"},
        {"a = [1, 2, 3,]\n", AREMOVE, "a", 2, NULL, 0, "a = [1, 2,]\n", "a", "[1, 2,]"},
        {"a = [1]\n", AREMOVE, "a", 0, NULL, 0, "a = []\n", "a", "[]"},
        {"t = {a = [1, 2]}\n", APPEND, "t.a", 0, "3", 0, "t = {a = [1, 2, 3]}\n", "t.a",
         "[1, 2, 3]"},
        /* arrays written one item per line */
        {"a = [\n    \"x\",\n    \"y\",\n]\n", APPEND, "a", 0, "\"z\"", 0,
         "a = [\n    \"x\",\n    \"y\",\n    \"z\",\n]\n", "a",
         "[\n    \"x\",\n    \"y\",\n    \"z\",\n]"},
        {"a = [\n  1,\n  2\n]\n", APPEND, "a", 0, "3", 0, "a = [\n  1,\n  2,\n  3\n]\n", "a",
         "[\n  1,\n  2,\n  3\n]"},
        {"a = [\n  1, # one\n]\n", APPEND, "a", 0, "2", 0, "a = [\n  1, # one\n  2,\n]\n", "a",
         "[\n  1, # one\n  2,\n]"},
        {"a = [\r\n  1,\r\n]\r\n", APPEND, "a", 0, "2", 0, "a = [\r\n  1,\r\n  2,\r\n]\r\n", "a",
         "[\r\n  1,\r\n  2,\r\n]"},
        {"a = [\n  # first\n  1,\n  2,\n]\n", INSERT, "a", 0, "0", 0,
         "a = [\n  0,\n  # first\n  1,\n  2,\n]\n", "a", "[\n  0,\n  # first\n  1,\n  2,\n]"},
        {"a = [\n  1,\n  2,\n]\n", INSERT, "a", 1, "9", 0, "a = [\n  1,\n  9,\n  2,\n]\n", "a",
         "[\n  1,\n  9,\n  2,\n]"},
        {"a = [\n]\n", APPEND, "a", 0, "1", 0, "a = [\n    1,\n]\n", "a", "[\n    1,\n]"},
        {"\ta = [ # c\n\t]\n", APPEND, "a", 0, "1", 0, "\ta = [ # c\n\t\t1,\n\t]\n", "a",
         "[ # c\n\t\t1,\n\t]"},
        {"a = [\n  1,\n  2, # two\n  3,\n]\n", AREMOVE, "a", 1, NULL, 0, "a = [\n  1,\n  3,\n]\n",
         "a", "[\n  1,\n  3,\n]"},
        {"a = [\n  1,\n  2\n]\n", AREMOVE, "a", 1, NULL, 0, "a = [\n  1\n]\n", "a", "[\n  1\n]"},
        {"a = [\n  1,\n]\n", AREMOVE, "a", 0, NULL, 0, "a = [\n]\n", "a", "[\n]"},
        {"a = [\n  1, 2,\n  3,\n]\n", AREMOVE, "a", 1, NULL, 0, "a = [\n  1, 3,\n]\n", "a",
         "[\n  1, 3,\n]"},
        /* arrays: refused */
        {"a = [1]\n", AREMOVE, "a", 1, NULL, SW_ENOTFOUND, NULL, NULL, NULL},
        {"a = [1]\n", INSERT, "a", 2, "2", SW_EINVAL, NULL, NULL, NULL},
        {"a = 1\n", APPEND, "a", 0, "2", SW_ETYPE, NULL, NULL, NULL},
        {"[a]\n", APPEND, "a", 0, "2", SW_ETYPE, NULL, NULL, NULL},
        {"[[a]]\n", APPEND, "a", 0, "{}", SW_ETYPE, NULL, NULL, NULL},
        {"a = [1]\n", APPEND, "a", 0, "2,", SW_EPARSE, NULL, NULL, NULL},
        {"a = [1]\n", APPEND, "b", 0, "2", SW_ENOTFOUND, NULL, NULL, NULL},
        /* arrays of tables */
        {"[[s]]\nn = 1\n\n[[s]]\nn = 2\n", AREMOVE, "s", 0, NULL, 0, "[[s]]\nn = 2\n", "s.n", "2"},
        {"[[s]]\nn = 1\n[s.sub]\nk = 1\n\n[[s]]\nn = 2\n", AREMOVE, "s", 1, NULL, 0,
         "[[s]]\nn = 1\n[s.sub]\nk = 1\n", "s.sub.k", "1"},
        {"[[s]]\nn = 1\n\n[x]\n", AOT, "s", 0, NULL, 0, "[[s]]\nn = 1\n\n[[s]]\n\n[x]\n", NULL,
         NULL},
        {"a = 1\n", AOT, "s", 0, NULL, 0, "a = 1\n\n[[s]]\n", NULL, NULL},
        {"[t]\n", AOT, "t", 0, NULL, SW_ETYPE, NULL, NULL, NULL},
        /* tables */
        {"[tool.bar]\nx = 1\n", TABLE, "tool.foo", 0, NULL, 0, "[tool.bar]\nx = 1\n\n[tool.foo]\n",
         NULL, NULL},
        {"[a.b]\n", TABLE, "a", 0, NULL, 0, "[a]\n\n[a.b]\n", NULL, NULL},
        {"a = 1\n# end\n", TABLE, "t", 0, NULL, 0, "a = 1\n# end\n\n[t]\n", NULL, NULL},
        {"[a]\n", TABLE, "a", 0, NULL, SW_EEXISTS, NULL, NULL, NULL},
        {"a = 1\n", TABLE, "a", 0, NULL, SW_EEXISTS, NULL, NULL, NULL},
        {"a.b = 1\n", TABLE, "a", 0, NULL, SW_EEXISTS, NULL, NULL, NULL},
        {"t = {a = 1}\n", TABLE, "t.x", 0, NULL, SW_ETYPE, NULL, NULL, NULL},
        {"a = 1\n", TABLE, "a.b", 0, NULL, SW_ETYPE, NULL, NULL, NULL},
};

/* Runs one operation. */
static int run_op(sw_toml_doc *doc, const struct edit_case *c)
{
	char **keys;
	size_t n;
	const char *const *k;
	int err;
	const char *v = c->value ? c->value : "";
	assert_int_equal(sw_toml_path_parse(&keys, &n, c->path, strlen(c->path)), 0);
	k = (const char *const *)keys;
	switch (c->op) {
	case SET:
		err = sw_toml_set(doc, k, n, v, strlen(v));
		break;
	case REMOVE:
		err = sw_toml_remove(doc, k, n);
		break;
	case INSERT:
		err = sw_toml_array_insert(doc, k, n, c->index, v, strlen(v));
		break;
	case APPEND:
		err = sw_toml_array_append(doc, k, n, v, strlen(v));
		break;
	case AREMOVE:
		err = sw_toml_array_remove(doc, k, n, c->index);
		break;
	case TABLE:
		err = sw_toml_table_add(doc, k, n);
		break;
	default:
		err = sw_toml_aot_append(doc, k, n);
		break;
	}
	sw_free(keys);
	return err;
}

static void edits_change_only_what_they_must(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct edit_case *c = &cases[i];
		const char *want = c->after ? c->after : c->before, *text;
		sw_toml_doc *doc, *again;
		const sw_toml_node *node;
		size_t len;
		int err;
		if (sw_toml_parse(&doc, c->before, strlen(c->before), "t.toml") < 0)
			fail_msg("case %zu: input does not parse: %s", i, sw_error_last());
		err = run_op(doc, c);
		if (err != c->want_err)
			fail_msg("case %zu (%s): want %d, got %d: %s", i, c->before, c->want_err,
			         err, sw_error_last());
		text = sw_toml_text(doc, &len);
		if (len != strlen(want) || memcmp(text, want, len) != 0)
			fail_msg("case %zu: %s\n--- want ---\n%s\n--- got ---\n%.*s", i, c->before,
			         want, (int)len, text);
		/* the document holds what a fresh parse of its text gives */
		if (sw_toml_parse(&again, text, len, "again.toml") < 0)
			fail_msg("case %zu: edited text does not parse: %s", i, sw_error_last());
		if (c->check_path) {
			const char *src;
			size_t slen;
			if (sw_toml_get_path(&node, sw_toml_root(doc), c->check_path) < 0)
				fail_msg("case %zu: %s missing after the edit", i, c->check_path);
			src = sw_toml_source(node, &slen);
			if (!src || slen != strlen(c->check_value) ||
			    memcmp(src, c->check_value, slen))
				fail_msg("case %zu: %s is '%.*s', want '%s'", i, c->check_path,
				         (int)slen, src ? src : "", c->check_value);
			assert_int_equal(
			        sw_toml_get_path(&node, sw_toml_root(again), c->check_path), 0);
		}
		sw_toml_free(again);
		sw_toml_free(doc);
	}
}

static void typed_setters_write_escaped_toml(void **state)
{
	static const char *const k_s[] = {"s"}, *const k_i[] = {"t", "i"}, *const k_f[] = {"f"},
	                         *const k_b[] = {"b"}, *const k_n[] = {"n"};
	sw_toml_doc *doc;
	const char *s, *text;
	size_t len;
	int64_t i;
	(void)state;
	assert_int_equal(sw_toml_parse(&doc, "s = 1\n", 6, NULL), 0);
	assert_int_equal(sw_toml_set_string(doc, k_s, 1, "x\"y\n\x01é", 7), 0);
	assert_int_equal(sw_toml_set_int(doc, k_i, 2, INT64_MIN), 0);
	assert_int_equal(sw_toml_set_float(doc, k_f, 1, 0.5), 0);
	assert_int_equal(sw_toml_set_bool(doc, k_b, 1, 1), 0);
	assert_int_equal(sw_toml_set_float(doc, k_n, 1, -HUGE_VAL), 0);
	text = sw_toml_text(doc, &len);
	assert_string_equal(text, "s = \"x\\\"y\\n\\u0001é\"\nf = 0.5\nb = true\nn = -inf\n\n[t]\n"
	                          "i = -9223372036854775808\n");
	assert_int_equal(sw_toml_string(sw_toml_get(sw_toml_root(doc), k_s, 1), &s, &len), 0);
	assert_int_equal(len, 7);
	assert_memory_equal(s, "x\"y\n\x01é", 7);
	assert_int_equal(sw_toml_int(sw_toml_get(sw_toml_root(doc), k_i, 2), &i), 0);
	assert_true(i == INT64_MIN);
	/* invalid UTF-8 is refused and changes nothing */
	assert_int_equal(sw_toml_set_string(doc, k_s, 1, "\xff", 1), SW_EINVAL);
	assert_string_equal(sw_toml_text(doc, NULL), text);
	sw_toml_free(doc);
}

static void edits_in_sequence_keep_the_rest(void **state)
{
	static const char before[] = "# Project file\n"
	                             "[build-system]\n"
	                             "requires = [\"hatchling\"]  # backend\n"
	                             "build-backend = \"hatchling.build\"\n"
	                             "\n"
	                             "[project]\n"
	                             "name    = \"demo\"\n"
	                             "version = \"0.1.0\"\n"
	                             "dependencies = [\n"
	                             "    \"requests>=2\",  # http\n"
	                             "]\n"
	                             "\n"
	                             "# Linters\n"
	                             "[tool.ruff]\n"
	                             "line-length = 88\n";
	static const char after[] = "# Project file\n"
	                            "[build-system]\n"
	                            "requires = [\"hatchling\"]  # backend\n"
	                            "build-backend = \"hatchling.build\"\n"
	                            "\n"
	                            "[project]\n"
	                            "name    = \"demo\"\n"
	                            "version = \"0.2.0\"\n"
	                            "dependencies = [\n"
	                            "    \"requests>=2\",  # http\n"
	                            "    \"rich\",\n"
	                            "]\n"
	                            "license = \"MIT\"\n"
	                            "\n"
	                            "# Linters\n"
	                            "[tool.ruff]\n"
	                            "line-length = 100\n"
	                            "\n"
	                            "[tool.mypy]\n"
	                            "strict = true\n";
	static const char *const version[] = {"project", "version"},
	                         *const deps[] = {"project", "dependencies"},
	                         *const lic[] = {"project", "license"},
	                         *const ll[] = {"tool", "ruff", "line-length"},
	                         *const strict[] = {"tool", "mypy", "strict"};
	sw_toml_doc *doc;
	(void)state;
	assert_int_equal(sw_toml_parse(&doc, before, strlen(before), NULL), 0);
	assert_int_equal(sw_toml_set(doc, version, 2, "\"0.2.0\"", 7), 0);
	assert_int_equal(sw_toml_array_append(doc, deps, 2, "\"rich\"", 6), 0);
	assert_int_equal(sw_toml_set(doc, lic, 2, "\"MIT\"", 5), 0);
	assert_int_equal(sw_toml_set_int(doc, ll, 3, 100), 0);
	assert_int_equal(sw_toml_set_bool(doc, strict, 3, 1), 0);
	assert_string_equal(sw_toml_text(doc, NULL), after);
	/* and back */
	assert_int_equal(sw_toml_remove(doc, strict, 2), 0);
	assert_int_equal(sw_toml_remove(doc, lic, 2), 0);
	assert_int_equal(sw_toml_array_remove(doc, deps, 2, 1), 0);
	assert_int_equal(sw_toml_set(doc, version, 2, "\"0.1.0\"", 7), 0);
	assert_int_equal(sw_toml_set(doc, ll, 3, "88", 2), 0);
	assert_string_equal(sw_toml_text(doc, NULL), before);
	sw_toml_free(doc);
}

static void edit_arguments_are_checked(void **state)
{
	static const char *const k[] = {"a"};
	sw_toml_doc *doc;
	(void)state;
	assert_int_equal(sw_toml_parse(&doc, "a = 1\n", 6, NULL), 0);
	assert_int_equal(sw_toml_set(doc, k, 0, "1", 1), SW_EINVAL);
	assert_int_equal(sw_toml_set(doc, k, 1, NULL, 0), SW_EINVAL);
	assert_int_equal(sw_toml_remove(doc, k, 0), SW_EINVAL);
	assert_int_equal(sw_toml_table_add(doc, k, 0), SW_EINVAL);
	/* the value's error names it */
	assert_int_equal(sw_toml_set(doc, k, 1, "[1,", 3), SW_EPARSE);
	assert_non_null(strstr(sw_error_last(), "value:1:4: "));
	assert_string_equal(sw_toml_text(doc, NULL), "a = 1\n");
	sw_toml_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(edits_change_only_what_they_must),
	        cmocka_unit_test(typed_setters_write_escaped_toml),
	        cmocka_unit_test(edits_in_sequence_keep_the_rest),
	        cmocka_unit_test(edit_arguments_are_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
