/*
 * unit/test_metadata.c — the core metadata record, emitter and parser.
 * Emit vectors are exact bytes taken from SPECS.md §6.2 (the minimal
 * example) or derived from its folding rule; refusals cover every line
 * boundary, bad names and duplicate labels; round trips check
 * parse(emit(x)) == x. The parser's own vectors are in test_metadata_parse.c.
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

static sw_metadata *parse_ok(const char *text)
{
	sw_metadata *md = NULL;
	int err = sw_metadata_parse(&md, text, strlen(text), "M");
	if (err)
		fail_msg("parse failed: %d %s\ninput: %s", err, sw_error_last(), text);
	return md;
}

/* ---- fields ------------------------------------------------------------ */

static void fields_have_names_and_kinds(void **state)
{
	enum sw_md_field f;
	(void)state;
	assert_string_equal(sw_md_field_name(SW_MD_AUTHOR_EMAIL), "Author-email");
	assert_string_equal(sw_md_field_name(SW_MD_HOME_PAGE), "Home-page");
	assert_string_equal(sw_md_field_name(SW_MD_PROJECT_URL), "Project-URL");
	assert_null(sw_md_field_name(SW_MD_FIELD_COUNT));
	assert_int_equal(sw_md_field_lookup(&f, "PROJECT-url", 11), 0);
	assert_int_equal(f, SW_MD_PROJECT_URL);
	assert_int_equal(sw_md_field_lookup(&f, "home-PAGE", 9), 0);
	assert_int_equal(f, SW_MD_HOME_PAGE);
	assert_int_equal(sw_md_field_lookup(&f, "Name2", 4), 0); /* length-bounded */
	assert_int_equal(f, SW_MD_NAME);
	assert_int_equal(sw_md_field_lookup(&f, "Names", 5), SW_ENOTFOUND);
	assert_int_equal(sw_md_field_lookup(&f, "Nam", 3), SW_ENOTFOUND);
	assert_true(sw_md_field_is_multi(SW_MD_CLASSIFIER));
	assert_true(sw_md_field_is_multi(SW_MD_DYNAMIC));
	assert_false(sw_md_field_is_multi(SW_MD_KEYWORDS));
	assert_false(sw_md_field_is_multi(SW_MD_LICENSE));
	assert_string_equal(sw_md_field_since(SW_MD_LICENSE_FILE), "2.4");
	assert_string_equal(sw_md_field_since(SW_MD_IMPORT_NAME), "2.5");
	assert_string_equal(sw_md_field_since(SW_MD_DYNAMIC), "2.2");
	assert_string_equal(sw_md_field_since(SW_MD_PROVIDES_EXTRA), "2.1");
}

/* ---- emit -------------------------------------------------------------- */

/* SPECS.md §6.2 "Minimal example", byte for byte. */
static void emit_matches_the_spec_example(void **state)
{
	static const char expected[] =
	        "Metadata-Version: 2.4\n"
	        "Name: Hello-World\n"
	        "Version: 1.2.0\n"
	        "Summary: Says hello\n"
	        "Author-email: Jane Doe <jane@example.org>\n"
	        "License-Expression: MIT\n"
	        "License-File: LICENSE\n"
	        "Classifier: Programming Language :: Python :: 3\n"
	        "Requires-Dist: anyio>=4\n"
	        "Requires-Dist: pytest>=8 ; extra == 'test'\n"
	        "Requires-Dist: colorama ; sys_platform == 'win32' and extra == 'cli'\n"
	        "Requires-Python: >=3.9\n"
	        "Project-URL: Source, https://github.com/x/hello\n"
	        "Provides-Extra: cli\n"
	        "Provides-Extra: test\n"
	        "Description-Content-Type: text/markdown\n"
	        "\n"
	        "# Hello World\n"
	        "...\n";
	sw_metadata *md;
	char *text;
	(void)state;
	assert_int_equal(sw_metadata_new(&md), 0);
	/* set in an order unlike the write order */
	assert_int_equal(sw_metadata_set(md, SW_MD_DESCRIPTION, "# Hello World\n...\n"), 0);
	assert_int_equal(sw_metadata_add(md, SW_MD_PROVIDES_EXTRA, "cli"), 0);
	assert_int_equal(sw_metadata_set(md, SW_MD_DESCRIPTION_CONTENT_TYPE, "text/markdown"), 0);
	assert_int_equal(sw_metadata_add_project_url(md, "Source", "https://github.com/x/hello"),
	                 0);
	assert_int_equal(sw_metadata_add(md, SW_MD_PROVIDES_EXTRA, "test"), 0);
	assert_int_equal(sw_metadata_set(md, SW_MD_REQUIRES_PYTHON, ">=3.9"), 0);
	assert_int_equal(sw_metadata_add(md, SW_MD_REQUIRES_DIST, "anyio>=4"), 0);
	assert_int_equal(sw_metadata_add(md, SW_MD_REQUIRES_DIST, "pytest>=8 ; extra == 'test'"),
	                 0);
	assert_int_equal(sw_metadata_add(md, SW_MD_REQUIRES_DIST,
	                                 "colorama ; sys_platform == 'win32' and extra == 'cli'"),
	                 0);
	assert_int_equal(
	        sw_metadata_add(md, SW_MD_CLASSIFIER, "Programming Language :: Python :: 3"), 0);
	assert_int_equal(sw_metadata_add(md, SW_MD_LICENSE_FILE, "LICENSE"), 0);
	assert_int_equal(sw_metadata_set(md, SW_MD_LICENSE_EXPRESSION, "MIT"), 0);
	assert_int_equal(sw_metadata_set(md, SW_MD_AUTHOR_EMAIL, "Jane Doe <jane@example.org>"), 0);
	assert_int_equal(sw_metadata_set(md, SW_MD_SUMMARY, "Says hello"), 0);
	assert_int_equal(sw_metadata_set(md, SW_MD_VERSION, "1.2.0"), 0);
	assert_int_equal(sw_metadata_set(md, SW_MD_NAME, "Hello-World"), 0);
	text = emit(md);
	assert_string_equal(text, expected);
	sw_free(text);
	sw_metadata_free(md);
}

/* Every field once, in the documented write order (uv's, SPECS.md §6.2). */
static void emit_writes_every_field_in_order(void **state)
{
	static const char expected[] = "Metadata-Version: 2.5\n"
	                               "Name: n\n"
	                               "Version: 1\n"
	                               "Platform: p\n"
	                               "Supported-Platform: sp\n"
	                               "Summary: s\n"
	                               "Keywords: a,b\n"
	                               "Home-page: h\n"
	                               "Download-URL: d\n"
	                               "Author: au\n"
	                               "Author-email: ae\n"
	                               "License: l\n"
	                               "License-Expression: le\n"
	                               "License-File: lf\n"
	                               "Classifier: c\n"
	                               "Requires-Dist: rd\n"
	                               "Provides-Dist: pd\n"
	                               "Obsoletes-Dist: od\n"
	                               "Requires: r\n"
	                               "Provides: pr\n"
	                               "Obsoletes: o\n"
	                               "Maintainer: m\n"
	                               "Maintainer-email: me\n"
	                               "Requires-Python: rp\n"
	                               "Requires-External: re\n"
	                               "Project-URL: L, u\n"
	                               "Provides-Extra: pe\n"
	                               "Import-Name: in\n"
	                               "Import-Namespace: ins\n"
	                               "Description-Content-Type: dct\n"
	                               "Dynamic: dy\n"
	                               "X-Unknown: xu\n"
	                               "x-unknown: second\n"
	                               "\n"
	                               "body";
	static const char *const values[SW_MD_FIELD_COUNT] = {
	        [SW_MD_NAME] = "n",
	        [SW_MD_VERSION] = "1",
	        [SW_MD_PLATFORM] = "p",
	        [SW_MD_SUPPORTED_PLATFORM] = "sp",
	        [SW_MD_SUMMARY] = "s",
	        [SW_MD_KEYWORDS] = "a,b",
	        [SW_MD_HOME_PAGE] = "h",
	        [SW_MD_DOWNLOAD_URL] = "d",
	        [SW_MD_AUTHOR] = "au",
	        [SW_MD_AUTHOR_EMAIL] = "ae",
	        [SW_MD_LICENSE] = "l",
	        [SW_MD_LICENSE_EXPRESSION] = "le",
	        [SW_MD_LICENSE_FILE] = "lf",
	        [SW_MD_CLASSIFIER] = "c",
	        [SW_MD_REQUIRES_DIST] = "rd",
	        [SW_MD_PROVIDES_DIST] = "pd",
	        [SW_MD_OBSOLETES_DIST] = "od",
	        [SW_MD_REQUIRES] = "r",
	        [SW_MD_PROVIDES] = "pr",
	        [SW_MD_OBSOLETES] = "o",
	        [SW_MD_MAINTAINER] = "m",
	        [SW_MD_MAINTAINER_EMAIL] = "me",
	        [SW_MD_REQUIRES_PYTHON] = "rp",
	        [SW_MD_REQUIRES_EXTERNAL] = "re",
	        [SW_MD_PROJECT_URL] = "L, u",
	        [SW_MD_PROVIDES_EXTRA] = "pe",
	        [SW_MD_IMPORT_NAME] = "in",
	        [SW_MD_IMPORT_NAMESPACE] = "ins",
	        [SW_MD_DESCRIPTION_CONTENT_TYPE] = "dct",
	        [SW_MD_DYNAMIC] = "dy",
	        [SW_MD_DESCRIPTION] = "body",
	};
	sw_metadata *md, *back;
	char *text;
	(void)state;
	assert_int_equal(sw_metadata_new(&md), 0);
	assert_int_equal(sw_metadata_add_header(md, "X-Unknown", "xu"), 0);
	for (int f = SW_MD_FIELD_COUNT - 1; f >= 0; f--) {
		if (!values[f])
			continue;
		if (sw_md_field_is_multi((enum sw_md_field)f))
			assert_int_equal(sw_metadata_add(md, (enum sw_md_field)f, values[f]), 0);
		else
			assert_int_equal(sw_metadata_set(md, (enum sw_md_field)f, values[f]), 0);
	}
	assert_int_equal(sw_metadata_add_header(md, "x-unknown", "second"), 0);
	text = emit(md);
	assert_string_equal(text, expected);
	back = parse_ok(text);
	/* the parsed record also holds the Metadata-Version the emitter chose */
	assert_int_equal(sw_metadata_set(md, SW_MD_METADATA_VERSION, "2.5"), 0);
	assert_true(sw_metadata_equal(md, back));
	sw_free(text);
	sw_metadata_free(back);
	sw_metadata_free(md);
}

/* Multi-line values: continuation lines indented by len(name) + 2. */
static const struct {
	enum sw_md_field field;
	const char *value;
	const char *line; /* the header as written */
} fold_vectors[] = {
        {SW_MD_LICENSE, "a\nb", "License: a\n         b\n"},
        {SW_MD_LICENSE, "MIT License\n\nCopyright (c) X\n  indented\n",
         "License: MIT License\n         \n         Copyright (c) X\n           indented\n"
         "         \n"},
        {SW_MD_LICENSE, "\nstarts empty", "License:\n         starts empty\n"},
        {SW_MD_AUTHOR, "x\n\ty", "Author: x\n        \ty\n"},
        {SW_MD_SUMMARY, "", "Summary:\n"},
        {SW_MD_SUMMARY, "trailing  ", "Summary: trailing  \n"},
        {SW_MD_SUMMARY, "caf\xC3\xA9 \xE2\x98\x95", "Summary: caf\xC3\xA9 \xE2\x98\x95\n"},
        {SW_MD_CLASSIFIER, "a\n", "Classifier: a\n            \n"},
};

static void emit_folds_multiline_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fold_vectors) / sizeof(fold_vectors[0]); i++) {
		sw_metadata *md, *back;
		char *text, *line;
		assert_int_equal(sw_metadata_new(&md), 0);
		assert_int_equal(sw_metadata_set(md, SW_MD_NAME, "n"), 0);
		assert_int_equal(sw_metadata_set(md, SW_MD_VERSION, "1"), 0);
		if (sw_md_field_is_multi(fold_vectors[i].field))
			assert_int_equal(
			        sw_metadata_add(md, fold_vectors[i].field, fold_vectors[i].value),
			        0);
		else
			assert_int_equal(
			        sw_metadata_set(md, fold_vectors[i].field, fold_vectors[i].value),
			        0);
		text = emit(md);
		line = strstr(text, "Version: 1\n") + strlen("Version: 1\n");
		if (strcmp(line, fold_vectors[i].line) != 0)
			fail_msg("vector %zu: got\n%s\nwant\n%s", i, line, fold_vectors[i].line);
		back = parse_ok(text);
		assert_string_equal(sw_metadata_get(back, fold_vectors[i].field),
		                    fold_vectors[i].value);
		sw_free(text);
		sw_metadata_free(back);
		sw_metadata_free(md);
	}
}

/* Metadata-Version: the lowest that covers the fields used. */
static void emit_chooses_the_metadata_version(void **state)
{
	static const struct {
		enum sw_md_field field;
		const char *expected;
	} vectors[] = {
	        {SW_MD_SUMMARY, "2.3"},
	        {SW_MD_DYNAMIC, "2.3"},
	        {SW_MD_PROVIDES_EXTRA, "2.3"},
	        {SW_MD_LICENSE, "2.3"},
	        {SW_MD_LICENSE_EXPRESSION, "2.4"},
	        {SW_MD_LICENSE_FILE, "2.4"},
	        {SW_MD_IMPORT_NAME, "2.5"},
	        {SW_MD_IMPORT_NAMESPACE, "2.5"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		sw_metadata *md;
		char *text, want[64];
		assert_int_equal(sw_metadata_new(&md), 0);
		assert_int_equal(sw_metadata_set(md, SW_MD_NAME, "n"), 0);
		assert_int_equal(sw_metadata_set(md, SW_MD_VERSION, "1"), 0);
		assert_string_equal(sw_metadata_required_version(md), "2.3");
		if (sw_md_field_is_multi(vectors[i].field))
			assert_int_equal(sw_metadata_add(md, vectors[i].field, "v"), 0);
		else
			assert_int_equal(sw_metadata_set(md, vectors[i].field, "v"), 0);
		assert_string_equal(sw_metadata_required_version(md), vectors[i].expected);
		text = emit(md);
		snprintf(want, sizeof(want), "Metadata-Version: %s\n", vectors[i].expected);
		assert_memory_equal(text, want, strlen(want));
		sw_free(text);
		/* an explicit Metadata-Version is written as it is */
		assert_int_equal(sw_metadata_set(md, SW_MD_METADATA_VERSION, "2.1"), 0);
		text = emit(md);
		assert_memory_equal(text, "Metadata-Version: 2.1\n", 22);
		sw_free(text);
		sw_metadata_free(md);
	}
}

static void emit_needs_name_and_version(void **state)
{
	sw_metadata *md;
	sw_buf out;
	(void)state;
	sw_buf_init(&out, 1 << 16);
	assert_int_equal(sw_metadata_new(&md), 0);
	assert_int_equal(sw_metadata_emit(&out, md), SW_EINVAL);
	assert_non_null(strstr(sw_error_last(), "Name"));
	assert_int_equal(sw_metadata_set(md, SW_MD_NAME, "n"), 0);
	assert_int_equal(sw_metadata_emit(&out, md), SW_EINVAL);
	assert_non_null(strstr(sw_error_last(), "Version"));
	assert_int_equal(sw_metadata_set(md, SW_MD_VERSION, "1"), 0);
	sw_buf_clear(&out);
	assert_int_equal(sw_metadata_emit(&out, md), 0);
	assert_string_equal(sw_buf_cstr(&out), "Metadata-Version: 2.3\nName: n\nVersion: 1\n");
	/* a buffer too small: the sticky error comes back */
	sw_buf_free(&out);
	sw_buf_init(&out, 10);
	assert_int_equal(sw_metadata_emit(&out, md), SW_ETOOBIG);
	sw_buf_free(&out);
	sw_metadata_free(md);
}

/* ---- refusals ---------------------------------------------------------- */

/* Values no header may hold: every line boundary but \n, and more. */
static const struct {
	const char *value;
	const char *reason; /* a piece of the message */
} bad_values[] = {
        {"a\rb", "U+000D"},
        {"a\r\nb", "U+000D"},
        {"a\vb", "U+000B"},
        {"a\fb", "U+000C"},
        {"a\x1c"
         "b",
         "U+001C"},
        {"a\x1d"
         "b",
         "U+001D"},
        {"a\x1e"
         "b",
         "U+001E"},
        {"a\xC2\x85"
         "b",
         "U+0085"},
        {"a\xE2\x80\xA8"
         "b",
         "U+2028"},
        {"a\xE2\x80\xA9"
         "b",
         "U+2029"},
        {" leading", "whitespace"},
        {"\tleading", "whitespace"},
        {"bad \xFF utf8", "UTF-8"},
        {"overlong \xC0\xAF", "UTF-8"},
        {"surrogate \xED\xA0\x80", "UTF-8"},
        {"cut \xE2\x82", "UTF-8"},
};

static void setters_refuse_bad_values(void **state)
{
	sw_metadata *md;
	(void)state;
	assert_int_equal(sw_metadata_new(&md), 0);
	for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++) {
		assert_int_equal(sw_metadata_set(md, SW_MD_SUMMARY, bad_values[i].value),
		                 SW_EINVAL);
		if (!strstr(sw_error_last(), bad_values[i].reason) ||
		    !strstr(sw_error_last(), "Summary"))
			fail_msg("vector %zu: message '%s'", i, sw_error_last());
		assert_int_equal(sw_metadata_add(md, SW_MD_CLASSIFIER, bad_values[i].value),
		                 SW_EINVAL);
		assert_int_equal(sw_metadata_add_header(md, "X-Y", bad_values[i].value), SW_EINVAL);
	}
	/* nothing was stored */
	assert_null(sw_metadata_get(md, SW_MD_SUMMARY));
	assert_int_equal(sw_metadata_count(md, SW_MD_CLASSIFIER), 0);
	assert_int_equal(sw_metadata_unknown_count(md), 0);
	/* the description is the body: line breaks and leading space are fine */
	assert_int_equal(sw_metadata_set(md, SW_MD_DESCRIPTION, " a\r\nb\v\xE2\x80\xA8"), 0);
	assert_int_equal(sw_metadata_set(md, SW_MD_DESCRIPTION, "bad \xFF"), SW_EINVAL);
	assert_string_equal(sw_metadata_get(md, SW_MD_DESCRIPTION), " a\r\nb\v\xE2\x80\xA8");
	assert_int_equal(sw_metadata_set(md, SW_MD_DESCRIPTION, ""), 0);
	assert_null(sw_metadata_get(md, SW_MD_DESCRIPTION));
	sw_metadata_free(md);
}

static void setters_check_kinds_names_and_labels(void **state)
{
	static const char *const bad_names[] = {"", "A B", "A:B", "\xC3\xA9", "A\tB", "A\x7F"};
	sw_metadata *md;
	(void)state;
	assert_int_equal(sw_metadata_new(&md), 0);
	assert_int_equal(sw_metadata_set(md, SW_MD_CLASSIFIER, "x"), SW_EINVAL);
	assert_int_equal(sw_metadata_add(md, SW_MD_SUMMARY, "x"), SW_EINVAL);
	assert_int_equal(sw_metadata_set(md, SW_MD_FIELD_COUNT, "x"), SW_EINVAL);
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++)
		assert_int_equal(sw_metadata_add_header(md, bad_names[i], "v"), SW_EINVAL);
	/* known names go to their field, in any case */
	assert_int_equal(sw_metadata_add_header(md, "sUMMARY", "s"), 0);
	assert_string_equal(sw_metadata_get(md, SW_MD_SUMMARY), "s");
	assert_int_equal(sw_metadata_add_header(md, "Summary", "t"), SW_EEXISTS);
	assert_int_equal(sw_metadata_add_header(md, "classifier", "c1"), 0);
	assert_int_equal(sw_metadata_add_header(md, "Classifier", "c2"), 0);
	assert_int_equal(sw_metadata_count(md, SW_MD_CLASSIFIER), 2);
	assert_string_equal(sw_metadata_value(md, SW_MD_CLASSIFIER, 1), "c2");
	assert_null(sw_metadata_value(md, SW_MD_CLASSIFIER, 2));
	assert_int_equal(sw_metadata_add_header(md, "X-Odd!~", "v"), 0);
	assert_string_equal(sw_metadata_unknown_name(md, 0), "X-Odd!~");
	assert_null(sw_metadata_unknown_name(md, 1));
	/* Project-URL labels are unique, compared stripped */
	assert_int_equal(sw_metadata_add_project_url(md, "Home", "https://a"), 0);
	assert_int_equal(sw_metadata_add(md, SW_MD_PROJECT_URL, "Home ,https://b"), SW_EEXISTS);
	assert_int_equal(sw_metadata_add_project_url(md, "Home", "https://c"), SW_EEXISTS);
	assert_int_equal(sw_metadata_add_project_url(md, "home", "https://c"), 0);
	assert_int_equal(sw_metadata_add_project_url(md, "", "https://c"), SW_EINVAL);
	assert_int_equal(sw_metadata_add_project_url(md, "A,B", "https://c"), SW_EINVAL);
	assert_int_equal(sw_metadata_add_project_url(md, "Doc ", "https://c"), SW_EINVAL);
	assert_int_equal(sw_metadata_add_project_url(md, "Doc", " https://c"), SW_EINVAL);
	assert_int_equal(sw_metadata_add_project_url(md, "Doc\xC2\xA0", "u"), SW_EINVAL);
	assert_int_equal(sw_metadata_count(md, SW_MD_PROJECT_URL), 2);
	assert_string_equal(sw_metadata_value(md, SW_MD_PROJECT_URL, 1), "home, https://c");
	sw_metadata_clear(md, SW_MD_PROJECT_URL);
	assert_int_equal(sw_metadata_count(md, SW_MD_PROJECT_URL), 0);
	assert_int_equal(sw_metadata_set(md, SW_MD_SUMMARY, NULL), 0);
	assert_null(sw_metadata_get(md, SW_MD_SUMMARY));
	sw_metadata_free(md);
}

/* Project-URL splitting: packaging's p.strip() for p in s.split(",", 1). */
static void project_urls_split_like_packaging(void **state)
{
	static const struct {
		const char *value, *label, *url;
	} vectors[] = {
	        {"Home, https://a", "Home", "https://a"},
	        {"Source,https://b,c", "Source", "https://b,c"},
	        {"NoComma", "NoComma", ""},
	        {"  Spaced  ,  u  ", "Spaced", "u"},
	        {", u", "", "u"},
	        {"L,", "L", ""},
	        {"\xC2\xA0L\xE3\x80\x80, \xE2\x80\x83u\x1f", "L", "u"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const char *label, *url;
		size_t llen, ulen;
		sw_md_project_url_split(vectors[i].value, &label, &llen, &url, &ulen);
		assert_int_equal(llen, strlen(vectors[i].label));
		assert_memory_equal(label, vectors[i].label, llen);
		assert_int_equal(ulen, strlen(vectors[i].url));
		assert_memory_equal(url, vectors[i].url, ulen);
	}
}

/* ---- round trips ------------------------------------------------------- */

/* parse(emit(x)) == x for records built with awkward values. */
static void round_trip_of_built_records(void **state)
{
	static const char *const values[] = {
	        "plain",
	        "two\nlines",
	        "\nleading newline",
	        "trailing newline\n",
	        "a\n\n\nb",
	        "a\n        deep indent",
	        "a\n\t\ttabs",
	        "x  ",
	        "\n",
	        "\n\n",
	        "caf\xC3\xA9\n\xE2\x98\x95",
	        "",
	        "pipes\n|like|\n  |legacy",
	        "colon: inside",
	        "a\n \n  \n",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		sw_metadata *md, *back;
		char *text, *again;
		assert_int_equal(sw_metadata_new(&md), 0);
		assert_int_equal(sw_metadata_set(md, SW_MD_METADATA_VERSION, "2.4"), 0);
		assert_int_equal(sw_metadata_set(md, SW_MD_NAME, "n"), 0);
		assert_int_equal(sw_metadata_set(md, SW_MD_VERSION, "1"), 0);
		assert_int_equal(sw_metadata_set(md, SW_MD_LICENSE, values[i]), 0);
		assert_int_equal(sw_metadata_add(md, SW_MD_CLASSIFIER, values[i]), 0);
		assert_int_equal(sw_metadata_add(md, SW_MD_CLASSIFIER, values[i]), 0);
		assert_int_equal(sw_metadata_add_header(md, "X", values[i]), 0);
		assert_int_equal(sw_metadata_add_header(md, "Much-Longer-Unknown-Name", values[i]),
		                 0);
		assert_int_equal(sw_metadata_set(md, SW_MD_DESCRIPTION, values[i]), 0);
		assert_int_equal(sw_metadata_set(md, SW_MD_DESCRIPTION_CONTENT_TYPE, values[i]), 0);
		text = emit(md);
		back = parse_ok(text);
		if (!sw_metadata_equal(md, back))
			fail_msg("value %zu does not survive:\n%s", i, text);
		again = emit(back);
		assert_string_equal(again, text);
		sw_free(again);
		sw_free(text);
		sw_metadata_free(back);
		sw_metadata_free(md);
	}
}

static void equal_compares_everything(void **state)
{
	sw_metadata *a, *b;
	(void)state;
	assert_int_equal(sw_metadata_new(&a), 0);
	assert_int_equal(sw_metadata_new(&b), 0);
	assert_true(sw_metadata_equal(a, b));
	assert_int_equal(sw_metadata_add(a, SW_MD_CLASSIFIER, "x"), 0);
	assert_int_equal(sw_metadata_add(a, SW_MD_CLASSIFIER, "y"), 0);
	assert_int_equal(sw_metadata_add(b, SW_MD_CLASSIFIER, "y"), 0);
	assert_int_equal(sw_metadata_add(b, SW_MD_CLASSIFIER, "x"), 0);
	assert_false(sw_metadata_equal(a, b)); /* order matters */
	sw_metadata_clear(a, SW_MD_CLASSIFIER);
	sw_metadata_clear(b, SW_MD_CLASSIFIER);
	assert_int_equal(sw_metadata_add_header(a, "X-A", "1"), 0);
	assert_int_equal(sw_metadata_add_header(b, "x-a", "1"), 0);
	assert_false(sw_metadata_equal(a, b)); /* unknown names as written */
	sw_metadata_free(a);
	sw_metadata_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fields_have_names_and_kinds),
	        cmocka_unit_test(emit_matches_the_spec_example),
	        cmocka_unit_test(emit_writes_every_field_in_order),
	        cmocka_unit_test(emit_folds_multiline_values),
	        cmocka_unit_test(emit_chooses_the_metadata_version),
	        cmocka_unit_test(emit_needs_name_and_version),
	        cmocka_unit_test(setters_refuse_bad_values),
	        cmocka_unit_test(setters_check_kinds_names_and_labels),
	        cmocka_unit_test(project_urls_split_like_packaging),
	        cmocka_unit_test(round_trip_of_built_records),
	        cmocka_unit_test(equal_compares_everything),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
