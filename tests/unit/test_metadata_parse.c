/*
 * unit/test_metadata_parse.c — the core metadata parser: vectors whose
 * expected values are what packaging 25.0's parse_email() returns, with the
 * unfolding rule of slipway/metadata.h applied to continuation lines by
 * hand; refusals with their line:col; NUL bytes and the limits; and
 * emit(parse(x)) read back unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slipway/metadata.h"

/* Emits a record into a fresh string (caller frees with sw_free). */
static char *emit(const sw_metadata *md)
{
	sw_buf out;
	sw_buf_init(&out, 1 << 20);
	assert_int_equal(sw_metadata_emit(&out, md), 0);
	return sw_buf_detach(&out, NULL);
}

static char *to_json(const sw_metadata *md)
{
	sw_buf out;
	sw_buf_init(&out, 1 << 20);
	assert_int_equal(sw_metadata_to_json(&out, md), 0);
	return sw_buf_detach(&out, NULL);
}

static sw_metadata *parse_ok(const char *text)
{
	sw_metadata *md = NULL;
	int err = sw_metadata_parse(&md, text, strlen(text), "M");
	if (err)
		fail_msg("parse failed: %d %s\ninput: %s", err, sw_error_last(), text);
	return md;
}

/* ---- parse ------------------------------------------------------------- */

#define H  "Metadata-Version: 2.3\nName: demo\nVersion: 1.0\n"
#define HJ "\"metadata-version\":\"2.3\",\"name\":\"demo\",\"version\":\"1.0\""

/* input -> the record as JSON (packaging's values, unfolded per the rule) */
static const struct {
	const char *input;
	const char *json;
} parse_vectors[] = {
        {H, "{" HJ ",\"unknown\":[]}"},
        {H "Summary: one\n", "{" HJ ",\"summary\":\"one\",\"unknown\":[]}"},
        {"metadata-version: 2.1\r\nNAME: demo\r\nversion: 1.0\r\nsummary: crlf\r\n\r\n"
         "body\r\nmore\r\n",
         "{\"metadata-version\":\"2.1\",\"name\":\"demo\",\"version\":\"1.0\","
         "\"summary\":\"crlf\",\"description\":\"body\\u000d\\nmore\\u000d\\n\","
         "\"unknown\":[]}"},
        {"Metadata-Version: 2.1\rName: demo\rVersion: 1.0\r\rbody\r",
         "{\"metadata-version\":\"2.1\",\"name\":\"demo\",\"version\":\"1.0\","
         "\"description\":\"body\\u000d\",\"unknown\":[]}"},
        /* setuptools/hatchling/flit indent by 8: the common indentation goes */
        {H "License: MIT\n        line two\n\n",
         "{" HJ ",\"license\":\"MIT\\nline two\",\"unknown\":[]}"},
        /* slipway/uv indent by len+2 (9): exactly that goes, blank line -> "" */
        {H "License: first\n         second\n           third\n         \n",
         "{" HJ ",\"license\":\"first\\nsecond\\n  third\\n\",\"unknown\":[]}"},
        {H "License: a\n\tb\n", "{" HJ ",\"license\":\"a\\nb\",\"unknown\":[]}"},
        {H "License: a\n                 deep\n",
         "{" HJ ",\"license\":\"a\\n        deep\",\"unknown\":[]}"},
        {H "Classifier: A\nClassifier: B\nRequires-Dist: x>=1\nrequires-dist: y ; extra == 'z'\n",
         "{" HJ ",\"classifier\":[\"A\",\"B\"],\"requires-dist\":[\"x>=1\",\"y ; extra == "
         "'z'\"],\"unknown\":[]}"},
        {H "X-Custom: 1\nx-custom: 2\nX-Other:\n",
         "{" HJ ",\"unknown\":[[\"X-Custom\",\"1\"],[\"x-custom\",\"2\"],[\"X-Other\",\"\"]]}"},
        {H "Summary:    spaced   \n", "{" HJ ",\"summary\":\"spaced   \",\"unknown\":[]}"},
        {H "Summary:\n", "{" HJ ",\"summary\":\"\",\"unknown\":[]}"},
        {H "Summary:x\n", "{" HJ ",\"summary\":\"x\",\"unknown\":[]}"},
        {H "\n\nbody after blank",
         "{" HJ ",\"description\":\"\\nbody after blank\",\"unknown\":[]}"},
        {H "\n", "{" HJ ",\"unknown\":[]}"},
        {H "Keywords: a, b ,c\n", "{" HJ ",\"keywords\":\"a, b ,c\",\"unknown\":[]}"},
        {H "Project-URL: Home, https://a\nProject-URL: Source,https://b,c\n"
           "Project-URL: NoComma\n",
         "{" HJ ",\"project-url\":[\"Home, https://a\",\"Source,https://b,c\",\"NoComma\"],"
         "\"unknown\":[]}"},
        /* the legacy Description header, with and without PEP 345's pipes */
        {H "Description: legacy\n        |  indented\n        |\n        |end\n",
         "{" HJ ",\"description\":\"legacy\\n  indented\\n\\nend\",\"unknown\":[]}"},
        {H "Description: old style\n        second line\n",
         "{" HJ ",\"description\":\"old style\\nsecond line\",\"unknown\":[]}"},
        {H "Description: \n", "{" HJ ",\"unknown\":[]}"},
        {H "Author-email: \"A, B\" <a@b.c>, c@d.e\n",
         "{" HJ ",\"author-email\":\"\\\"A, B\\\" <a@b.c>, c@d.e\",\"unknown\":[]}"},
        {"Metadata-Version: 2.4\nName: x\nVersion: 1\nSummary: caf\xC3\xA9 \xE2\x98\x95\n\n"
         "\xF0\x9F\x90\x8D snake\n",
         "{\"metadata-version\":\"2.4\",\"name\":\"x\",\"version\":\"1\",\"summary\":"
         "\"caf\xC3\xA9 \xE2\x98\x95\",\"description\":\"\xF0\x9F\x90\x8D snake\\n\","
         "\"unknown\":[]}"},
        /* a whitespace-only line continues the header, as in Python */
        {H "Summary: s\n   \n\nbody", "{" HJ ",\"summary\":\"s\\n\",\"description\":\"body\","
                                      "\"unknown\":[]}"},
        /* leading zeros are still major 2 */
        {"Metadata-Version: 0000002.01\nName: x\nVersion: 1\n",
         "{\"metadata-version\":\"0000002.01\",\"name\":\"x\",\"version\":\"1\",\"unknown\":[]}"},
        /* no newline at the end; a newer minor version */
        {"Metadata-Version: 2.7\nName: x\nVersion: 1",
         "{\"metadata-version\":\"2.7\",\"name\":\"x\",\"version\":\"1\",\"unknown\":[]}"},
        /* the body may hold any line boundary and a control character */
        {H "\n\xE2\x80\xA8\v\x01", "{" HJ ",\"description\":\"\xE2\x80\xA8\\u000b\\u0001\","
                                   "\"unknown\":[]}"},
};

static void parse_vectors_match(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_vectors) / sizeof(parse_vectors[0]); i++) {
		sw_metadata *md = parse_ok(parse_vectors[i].input);
		char *json = to_json(md);
		if (strcmp(json, parse_vectors[i].json) != 0)
			fail_msg("vector %zu:\n got %s\nwant %s", i, json, parse_vectors[i].json);
		sw_free(json);
		sw_metadata_free(md);
	}
}

/* input -> error code and the start of the message */
static const struct {
	const char *input;
	int err;
	const char *message;
} parse_errors[] = {
        {H "Name: again\n", SW_EPARSE, "M:4:1: Name given twice (first on line 2)"},
        {H "summary: a\nSUMMARY: b\n", SW_EPARSE, "M:5:1: Summary given twice (first on line 4)"},
        {H "Project-URL: A, u\nProject-URL:  A ,v\n", SW_EPARSE, "M:5:1: Project-URL label"},
        {H "Description: d\n\nbody", SW_EPARSE, "M:6:1: a message body, and a Description"},
        {H "Description:\n\nbody", SW_EPARSE, "M:6:1: a message body"},
        {H "bad line\n", SW_EPARSE, "M:4:4: expected ':' right after the header name"},
        {H "Name : x\n", SW_EPARSE, "M:4:5: expected ':'"},
        {H "novalue\n", SW_EPARSE, "M:4:1: expected a header line"},
        {H ": empty\n", SW_EPARSE, "M:4:1: empty header name"},
        {H "N\xC3\xA4me: x\n", SW_EPARSE, "M:4:2: invalid character in a header name"},
        {" Name: x\n", SW_EPARSE, "M:1:1: continuation line before the first header"},
        {H "Summary: a\vb\n", SW_EPARSE, "M:4:11: line boundary character U+000B"},
        {H "Summary: x\n  caf\xC3\xA9\xE2\x80\xA8\n", SW_EPARSE,
         "M:5:7: line boundary character U+2028"},
        {H "Summary: \xFF\n", SW_EPARSE, "M:4:10: invalid UTF-8 in Summary"},
        {H "\nbody \xC3", SW_EPARSE, "M:5:6: invalid UTF-8 in the description"},
        {"Name: x\nVersion: 1\n", SW_EPARSE, "M: the required field Metadata-Version"},
        {"Metadata-Version: 2.1\nVersion: 1\n", SW_EPARSE, "M: the required field Name"},
        {"Metadata-Version: 2.1\nName: x\n", SW_EPARSE, "M: the required field Version"},
        {"Metadata-Version: 3.0\nName: x\nVersion: 1\n", SW_EPARSE, "M: Metadata-Version 3.0 is"},
        {"Metadata-Version: 99999999999999999999.1\nName: x\nVersion: 1\n", SW_EPARSE,
         "M: Metadata-Version 99999999999999999999.1 is newer"},
        {"Metadata-Version: 2\nName: x\nVersion: 1\n", SW_EPARSE, "M: Metadata-Version '2' is"},
        {"Metadata-Version: 2.x\nName: x\nVersion: 1\n", SW_EPARSE, "M: Metadata-Version '2.x'"},
        {"Metadata-Version: .1\nName: x\nVersion: 1\n", SW_EPARSE, "M: Metadata-Version '.1'"},
        {"", SW_EPARSE, "M: the required field Metadata-Version"},
        {"\nName: x", SW_EPARSE, "M: the required field Metadata-Version"},
};

static void parse_refuses_with_positions(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_errors) / sizeof(parse_errors[0]); i++) {
		sw_metadata *md = (sw_metadata *)1;
		int err = sw_metadata_parse(&md, parse_errors[i].input,
		                            strlen(parse_errors[i].input), "M");
		assert_null(md);
		if (err != parse_errors[i].err || strncmp(sw_error_last(), parse_errors[i].message,
		                                          strlen(parse_errors[i].message)) != 0)
			fail_msg("vector %zu: %d '%s'", i, err, sw_error_last());
	}
}

static void parse_refuses_nul_and_limits(void **state)
{
	static const char nul[] = H "Summary: a\0b\n";
	sw_metadata *md = NULL;
	sw_buf big;
	(void)state;
	assert_int_equal(sw_metadata_parse(&md, nul, sizeof(nul) - 1, NULL), SW_EPARSE);
	assert_string_equal(sw_error_last(), "<input>:4:11: NUL byte in Summary");
	/* the size limit is checked before anything is read */
	assert_int_equal(sw_metadata_parse(&md, nul, SW_METADATA_MAX_LEN + 1, NULL), SW_ETOOBIG);
	sw_buf_init(&big, 1 << 20);
	sw_buf_puts(&big, H);
	for (int i = 3; i < SW_METADATA_MAX_HEADERS; i++)
		sw_buf_puts(&big, "Classifier: c\n");
	assert_int_equal(sw_metadata_parse(&md, big.ptr, big.len, NULL), 0);
	assert_int_equal(sw_metadata_count(md, SW_MD_CLASSIFIER), SW_METADATA_MAX_HEADERS - 3);
	sw_metadata_free(md);
	sw_buf_puts(&big, "Classifier: one too many\n");
	assert_int_equal(sw_metadata_parse(&md, big.ptr, big.len, NULL), SW_ETOOBIG);
	assert_null(md);
	assert_non_null(strstr(sw_error_last(), ":10001:1: more than 10000 headers"));
	sw_buf_free(&big);
}

/* emit(parse(x)) is a fixed point: parsing it again gives the same record. */
static void round_trip_of_parsed_text(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_vectors) / sizeof(parse_vectors[0]); i++) {
		sw_metadata *md = parse_ok(parse_vectors[i].input), *back;
		char *text = emit(md);
		back = parse_ok(text);
		if (!sw_metadata_equal(md, back))
			fail_msg("vector %zu changes:\n%s", i, text);
		sw_free(text);
		sw_metadata_free(back);
		sw_metadata_free(md);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parse_vectors_match),
	        cmocka_unit_test(parse_refuses_with_positions),
	        cmocka_unit_test(parse_refuses_nul_and_limits),
	        cmocka_unit_test(round_trip_of_parsed_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
