/*
 * unit/test_metadata_alloc.c — the metadata module under allocation
 * failure. For N = 1, 2, ... the allocator fails the Nth allocation (then,
 * in a second sweep, every allocation from the Nth on) while parsing
 * representative METADATA texts, building a record, emitting it and
 * writing its JSON, until a whole run succeeds. Every run must succeed or
 * fail cleanly with SW_ENOMEM: no crash, no leak (AddressSanitizer checks
 * at exit), no other error, and a failed builder call leaves the record as
 * it was.
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

#include "slipway/metadata.h"

static const char *const docs[] = {
        "Metadata-Version: 2.4\nName: Hello-World\nVersion: 1.2.0\nSummary: Says hello\n"
        "Author-email: Jane Doe <jane@example.org>\nLicense-Expression: MIT\n"
        "License-File: LICENSE\nClassifier: A\nClassifier: B\nClassifier: C\nClassifier: D\n"
        "Classifier: E\nRequires-Dist: anyio>=4\nProject-URL: Source, https://x\n"
        "Project-URL: Docs, https://y\nX-Custom: 1\nX-Custom: 2\n"
        "License: MIT\n        second\n\n        fourth\n"
        "Description-Content-Type: text/markdown\n\n# Hello World\n...\n",
        "metadata-version: 1.0\r\nname: x\r\nversion: 1\r\nDescription: legacy\r\n"
        "       |more\r\n       |end\r\n",
        "Metadata-Version: 2.1\nName: x\nVersion: 1\nName: twice\n",
};

static void parse_fails_cleanly(void **state)
{
	(void)state;
	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		for (int keep = 0; keep <= 1; keep++) {
			long n = 1;
			for (;; n++) {
				sw_metadata *md = (sw_metadata *)1;
				int err;
				fa_arm(n, keep);
				err = sw_metadata_parse(&md, docs[d], strlen(docs[d]), "M");
				fa_disarm();
				if (err == SW_ENOMEM) {
					assert_null(md);
					continue;
				}
				if (d == 2 && err == SW_EPARSE && !fa_failed())
					break; /* the invalid document: its own error, at last */
				if (err != 0)
					fail_msg("doc %zu, allocation %ld: %d %s", d, n, err,
					         sw_error_last());
				sw_metadata_free(md);
				if (!fa_failed())
					break;
			}
			assert_true(n > 3);
		}
	}
}

/* Builds a record with every kind of call; returns the first error. */
static int build(sw_metadata *md)
{
	int err;
	if ((err = sw_metadata_set(md, SW_MD_NAME, "demo")) < 0 ||
	    (err = sw_metadata_set(md, SW_MD_VERSION, "1.0")) < 0 ||
	    (err = sw_metadata_set(md, SW_MD_LICENSE, "line one\nline two")) < 0 ||
	    (err = sw_metadata_add(md, SW_MD_CLASSIFIER, "A")) < 0 ||
	    (err = sw_metadata_add(md, SW_MD_CLASSIFIER, "B")) < 0 ||
	    (err = sw_metadata_add(md, SW_MD_CLASSIFIER, "C")) < 0 ||
	    (err = sw_metadata_add(md, SW_MD_CLASSIFIER, "D")) < 0 ||
	    (err = sw_metadata_add(md, SW_MD_CLASSIFIER, "E")) < 0 ||
	    (err = sw_metadata_add_project_url(md, "Home", "https://x")) < 0 ||
	    (err = sw_metadata_add_header(md, "X-A", "1")) < 0 ||
	    (err = sw_metadata_add_header(md, "X-B", "2")) < 0 ||
	    (err = sw_metadata_add_header(md, "requires-dist", "x")) < 0 ||
	    (err = sw_metadata_set(md, SW_MD_DESCRIPTION, "body\n")) < 0)
		return err;
	return 0;
}

static void build_and_emit_fail_cleanly(void **state)
{
	(void)state;
	for (int keep = 0; keep <= 1; keep++) {
		long n = 1;
		for (;; n++) {
			sw_metadata *md = NULL;
			sw_buf text, json;
			int err;
			sw_buf_init(&text, 1 << 16);
			sw_buf_init(&json, 1 << 16);
			fa_arm(n, keep);
			err = sw_metadata_new(&md);
			if (err == 0)
				err = build(md);
			if (err == 0)
				err = sw_metadata_emit(&text, md);
			if (err == 0)
				err = sw_metadata_to_json(&json, md);
			fa_disarm();
			if (err != 0 && err != SW_ENOMEM)
				fail_msg("allocation %ld: %d %s", n, err, sw_error_last());
			sw_metadata_free(md);
			sw_buf_free(&text);
			sw_buf_free(&json);
			if (err == 0 && !fa_failed())
				break;
		}
		assert_true(n > 15);
	}
}

static int call_set(sw_metadata *md)
{
	return sw_metadata_set(md, SW_MD_LICENSE, "replaced\ntext");
}

static int call_add(sw_metadata *md)
{
	return sw_metadata_add(md, SW_MD_CLASSIFIER, "F");
}

static int call_header(sw_metadata *md)
{
	return sw_metadata_add_header(md, "X-New", "v");
}

static int call_url(sw_metadata *md)
{
	return sw_metadata_add_project_url(md, "New", "u");
}

/* A failed builder call leaves the record exactly as it was. */
static void failed_calls_keep_the_record(void **state)
{
	static int (*const calls[])(sw_metadata *) = {call_set, call_add, call_header, call_url};
	(void)state;
	for (size_t c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
		for (long n = 1;; n++) {
			sw_metadata *md, *copy;
			int err;
			assert_int_equal(sw_metadata_parse(&md, docs[0], strlen(docs[0]), NULL), 0);
			assert_int_equal(sw_metadata_parse(&copy, docs[0], strlen(docs[0]), NULL),
			                 0);
			fa_arm(n, 1);
			err = calls[c](md);
			fa_disarm();
			if (err == 0) {
				assert_false(sw_metadata_equal(md, copy));
				sw_metadata_free(md);
				sw_metadata_free(copy);
				break;
			}
			assert_int_equal(err, SW_ENOMEM);
			assert_true(sw_metadata_equal(md, copy));
			sw_metadata_free(md);
			sw_metadata_free(copy);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parse_fails_cleanly),
	        cmocka_unit_test(build_and_emit_fail_cleanly),
	        cmocka_unit_test(failed_calls_keep_the_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
