/*
 * unit/test_toml_alloc.c — the toml module under allocation failure. For N
 * = 1, 2, ... the allocator fails the Nth allocation (then, in a second
 * sweep, every allocation from the Nth on) while parsing representative
 * documents, editing them and emitting the result, until the whole run
 * succeeds. Every run must either succeed or fail cleanly with SW_ENOMEM:
 * no crash, no leak (AddressSanitizer checks at exit), no other error, and
 * a failed edit leaves the document as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/failing_alloc.h"

#include "slipway/toml.h"

static const char *const docs[] = {
        ("# A pyproject\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"h\"\n\n"
         "[project]\nname = \"demo\"  # name\nversion = \"0.1\"\ndependencies = [\n    \"a>=1\",\n"
         "    \"b\",\n]\nurls.home = \"https://x\"\nauthors = [{name = \"É\", email = \"e@x\"}]\n\n"
         "[tool.ruff.lint]\nselect = [\"E\"]\n"),
        ("s = \"esc\\u00e9\\n\"\nl = \'\'\'\nml\'\'\'\nf = 1.5e3\nd = 1979-05-27T07:32:00Z\n"
         "t = {a.b = 1, c = [1, [2]]}\n[[aot]]\nx = 1\n[aot.sub]\ny = 2\n[[aot]]\nx = 2\n"),
        "a = 1\r\n[b]\r\nc = [\r\n  1,\r\n]\r\n",
};

static void parse_fails_cleanly(void **state)
{
	(void)state;
	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		for (int keep = 0; keep <= 1; keep++) {
			long n = 1;
			for (;; n++) {
				sw_toml_doc *doc = (sw_toml_doc *)1;
				int err;
				fa_arm(n, keep);
				err = sw_toml_parse(&doc, docs[d], strlen(docs[d]), "alloc.toml");
				fa_disarm();
				if (err == 0 && !fa_failed()) {
					sw_toml_free(doc);
					break;
				}
				if (err == 0) { /* a failure the parser did not need to report */
					sw_toml_free(doc);
					continue;
				}
				if (err != SW_ENOMEM || doc != NULL)
					fail_msg("doc %zu, allocation %ld: %d %s", d, n, err,
					         sw_error_last());
			}
			assert_true(n > 3);
		}
	}
}

/* Edits a parsed document (any of docs[]); returns the first error. */
static int edit_all(sw_toml_doc *doc, sw_buf *out)
{
	static const char *const ver[] = {"project", "version"},
	                         *const deps[] = {"project", "dependencies"},
	                         *const newt[] = {"tool", "new", "k"}, *const tab[] = {"extra"},
	                         *const inl[] = {"t", "z"};
	char **keys;
	size_t n;
	int err;
	if ((err = sw_toml_set(doc, ver, 2, "\"0.2\"", 5)) < 0 ||
	    (err = sw_toml_set(doc, deps, 2, "[\n  \"a\",\n]", 10)) < 0 ||
	    (err = sw_toml_array_append(doc, deps, 2, "\"c\"", 3)) < 0 ||
	    (err = sw_toml_set_string(doc, newt, 3, "v\"", 2)) < 0 ||
	    (err = sw_toml_table_add(doc, tab, 1)) < 0 ||
	    (err = sw_toml_set(doc, inl, 2, "[1, {x = 2}]", 12)) < 0 ||
	    (err = sw_toml_array_remove(doc, deps, 2, 0)) < 0 ||
	    (err = sw_toml_remove(doc, ver, 2)) < 0)
		return err;
	if ((err = sw_toml_path_parse(&keys, &n, "project.\"name\"", 14)) < 0)
		return err;
	sw_free(keys);
	sw_buf_clear(out);
	if ((err = sw_toml_to_json(sw_toml_root(doc), out)) < 0)
		return err;
	sw_buf_clear(out);
	if ((err = sw_toml_node_text(doc, sw_toml_root(doc), out)) < 0)
		return err;
	sw_buf_clear(out);
	return sw_toml_emit(doc, out);
}

static void edits_fail_cleanly(void **state)
{
	sw_toml_doc *doc;
	sw_buf out;
	(void)state;
	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]) * 2; d++) {
		const char *text = docs[d / 2];
		int keep = (int)(d & 1);
		long n = 1;
		for (;; n++) {
			char *before;
			int err;
			assert_int_equal(sw_toml_parse(&doc, text, strlen(text), "alloc.toml"), 0);
			sw_buf_init(&out, 1 << 20);
			fa_arm(n, keep);
			err = edit_all(doc, &out);
			fa_disarm();
			if (err == 0 && !fa_failed()) {
				sw_buf_free(&out);
				sw_toml_free(doc);
				break;
			}
			if (err != 0 && err != SW_ENOMEM)
				fail_msg("doc %zu, allocation %ld: %d %s", d / 2, n, err,
				         sw_error_last());
			/* whatever happened, the document is a valid TOML document */
			before = strdup(sw_toml_text(doc, NULL));
			assert_non_null(before);
			{
				sw_toml_doc *again;
				assert_int_equal(
				        sw_toml_parse(&again, before, strlen(before), NULL), 0);
				sw_toml_free(again);
			}
			free(before);
			sw_buf_free(&out);
			sw_toml_free(doc);
		}
		assert_true(n > 10);
	}
}

/* A failed edit leaves exactly the previous text. */
static void failed_edit_keeps_the_document(void **state)
{
	static const char *const k[] = {"tool", "x", "y"};
	sw_toml_doc *doc;
	(void)state;
	for (long n = 1; n < 200; n++) {
		int err;
		assert_int_equal(sw_toml_parse(&doc, docs[0], strlen(docs[0]), NULL), 0);
		fa_arm(n, 1);
		err = sw_toml_set(doc, k, 3, "[1, 2]", 6);
		fa_disarm();
		if (err == 0) {
			sw_toml_free(doc);
			return;
		}
		assert_int_equal(err, SW_ENOMEM);
		assert_string_equal(sw_toml_text(doc, NULL), docs[0]);
		sw_toml_free(doc);
	}
	fail_msg("the edit never succeeded");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parse_fails_cleanly),
	        cmocka_unit_test(edits_fail_cleanly),
	        cmocka_unit_test(failed_edit_keeps_the_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
