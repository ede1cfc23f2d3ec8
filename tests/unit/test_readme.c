/*
 * unit/test_readme.c — the README check and preview. Content types against
 * the rules of SPECS.md §1.5/§6.2; rst verdicts and messages against what
 * readme_renderer 37 (the system's, run by hand) says for the same texts;
 * markdown HTML against python3-cmarkgfm's output for the same input (the
 * binding PyPI's readme_renderer uses), GFM and CommonMark; rst HTML
 * against readme_renderer's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "artifact/lint_int.h"
#include "slipway/readme.h"
#include "support/failing_alloc.h"
#include "util/util.h"

struct hits {
	size_t n;
	char codes[128];
	char msg[1024];
	unsigned line;
};

/* Collects the codes as "M001,M010," and the last message and line. */
static int collect(void *ctx, const sw_lint_hit *hit)
{
	struct hits *hs = ctx;
	size_t len = strlen(hs->codes);
	snprintf(hs->codes + len, sizeof(hs->codes) - len, "%s,", hit->code);
	snprintf(hs->msg, sizeof(hs->msg), "%s", hit->message);
	hs->line = hit->line;
	hs->n++;
	return 0;
}

static const struct {
	const char *value;
	enum sw_readme_format format;
	int commonmark, missing, valid;
	const char *codes; /* findings of sw_readme_parse_type */
} types[] = {
        {NULL, SW_README_RST, 0, 1, 1, "M001,"},
        {"", SW_README_RST, 0, 1, 1, "M001,"},
        {"text/markdown", SW_README_MARKDOWN, 0, 0, 1, ""},
        {"Text/Markdown; charset=UTF-8", SW_README_MARKDOWN, 0, 0, 1, ""},
        {"text/markdown; charset=utf-8; variant=GFM", SW_README_MARKDOWN, 0, 0, 1, ""},
        {"text/markdown; variant=CommonMark", SW_README_MARKDOWN, 1, 0, 1, ""},
        {"text/markdown; variant=\"CommonMark\"", SW_README_MARKDOWN, 1, 0, 1, ""},
        {"text/markdown; variant=gfm", SW_README_MARKDOWN, 0, 0, 0, "M004,"},
        {"text/markdown; variant=MultiMarkdown", SW_README_MARKDOWN, 0, 0, 0, "M004,"},
        {"text/x-rst", SW_README_RST, 0, 0, 1, ""},
        {"text/x-rst; charset=latin-1", SW_README_RST, 0, 0, 0, "M003,"},
        {"text/plain", SW_README_PLAIN, 0, 0, 1, ""},
        {"text/plain; variant=CommonMark", SW_README_PLAIN, 0, 0, 1, ""},
        {"text/html", SW_README_RST, 0, 0, 0, "M002,"},
        {"markdown", SW_README_RST, 0, 0, 0, "M002,"},
        {"text/rst; charset=ascii", SW_README_RST, 0, 0, 0, "M002,M003,"},
};

static void content_types(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		sw_readme_type t, t2;
		struct hits hs = {0};
		assert_int_equal(sw_readme_parse_type(&t, types[i].value, collect, &hs), 0);
		sw_readme_type_parse(&t2, types[i].value);
		if (t.format != types[i].format || t.commonmark != types[i].commonmark ||
		    t.missing != types[i].missing || t.valid != types[i].valid)
			fail_msg("type %zu (%s): %d %d %d %d", i, types[i].value, t.format,
			         t.commonmark, t.missing, t.valid);
		assert_memory_equal(&t, &t2, sizeof(t));
		assert_string_equal(hs.codes, types[i].codes);
	}
}

/* A fake rst checker: fails texts containing "BAD" at line 3. */
static int fake_rst(void *rst_ctx, int *ok, const char *text, size_t len, sw_lint_emit_fn emit,
                    void *ctx)
{
	sw_lint_hit hit = {.code = "M010", .severity = SW_LINT_ERROR, .line = 3, .message = "bad"};
	(void)rst_ctx;
	*ok = !strstr(text, "BAD");
	(void)len;
	return *ok ? 0 : emit(ctx, &hit);
}

static int no_rst(void *rst_ctx, int *ok, const char *text, size_t len, sw_lint_emit_fn emit,
                  void *ctx)
{
	(void)rst_ctx, (void)ok, (void)text, (void)len, (void)emit, (void)ctx;
	return SW_EUNSUPPORTED;
}

static const struct {
	const char *type, *text;
	sw_readme_rst_fn rst;
	const char *codes;
} checks[] = {
        {"text/markdown", "# Hi\n", fake_rst, ""},
        {"text/markdown", "BAD *unclosed\n", fake_rst, ""},
        {"text/plain", "BAD", fake_rst, ""},
        {"text/x-rst", "fine\n", fake_rst, ""},
        {"text/x-rst", "BAD\n", fake_rst, "M010,"},
        {NULL, "BAD\n", fake_rst, "M001,M010,"},
        {"text/html", "BAD\n", fake_rst, "M002,M010,"},
        {"text/markdown", "", fake_rst, "M005,"},
        {"text/markdown", "UNKNOWN\n\n", fake_rst, "M005,"},
        {NULL, "  \n", fake_rst, "M005,"},
        {"text/markdown", "caf\xe9\n", fake_rst, "M006,"},
        {"text/x-rst", "fine\n", no_rst, "M012,"},
        {"text/x-rst", "fine\n", NULL, "M012,"},
        {"text/markdown; charset=latin-1", "x", no_rst, "M003,"},
};

static void check_logic(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		struct hits hs = {0};
		assert_int_equal(sw_readme_check_text(checks[i].type, checks[i].text,
		                                      strlen(checks[i].text), checks[i].rst, NULL,
		                                      collect, &hs),
		                 0);
		if (strcmp(hs.codes, checks[i].codes) != 0)
			fail_msg("check %zu: got \"%s\", expected \"%s\"", i, hs.codes,
			         checks[i].codes);
	}
}

/* Verdicts and messages of readme_renderer 37 for the same texts. */
static const struct {
	const char *text;
	int ok;
	unsigned line;
	const char *message; /* substring of the finding's message */
} rst_vectors[] = {
        {"Title\n=====\n\ntext\n", 1, 0, NULL},
        {"ok\n\n.. code:: python\n\n   x = 1\n", 1, 0, NULL},
        {"Hello *world\n", 0, 1, "Inline emphasis start-string without end-string."},
        {".. raw:: html\n\n   <b>x</b>\n", 0, 1, "\"raw\" directive disabled."},
        {".. comment only\n", 0, 0, "No content rendered from RST source."},
        {"`link <http://x>`_ and `link <http://y>`_\n", 0, 2,
         "Duplicate explicit target name: \"link\"."},
        {"a\n\n  b\n c\n", 0, 4, "Block quote ends without a blank line; unexpected unindent."},
};

static void rst_through_docutils(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rst_vectors) / sizeof(rst_vectors[0]); i++) {
		struct hits hs = {0};
		int ok = -1;
		int err = sw_readme_rst_check_docutils(NULL, &ok, rst_vectors[i].text,
		                                       strlen(rst_vectors[i].text), collect, &hs);
		if (err == SW_EUNSUPPORTED)
			fail_msg(
			        "docutils is not available to /usr/bin/python3: run scripts/setup");
		assert_int_equal(err, 0);
		if (ok != rst_vectors[i].ok)
			fail_msg("rst %zu: ok %d", i, ok);
		if (rst_vectors[i].ok) {
			assert_int_equal(hs.n, 0);
			continue;
		}
		assert_int_equal(hs.n, 1);
		assert_string_equal(hs.codes, "M010,");
		assert_int_equal(hs.line, rst_vectors[i].line);
		if (!strstr(hs.msg, rst_vectors[i].message))
			fail_msg("rst %zu: message \"%s\"", i, hs.msg);
	}
}

/* HTML from python3-cmarkgfm 0.8 (github_flavored_markdown_to_html and
 * markdown_to_html, default options) for the same input. */
static const struct {
	const char *type, *text, *html;
} renders[] = {
        {"text/markdown", "# Hi\n", "<h1>Hi</h1>\n"},
        {"text/markdown", "| a | b |\n|---|---|\n| 1 | 2 |\n",
         "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
         "<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"},
        {"text/markdown; variant=CommonMark", "| a | b |\n|---|---|\n| 1 | 2 |\n",
         "<p>| a | b |\n|---|---|\n| 1 | 2 |</p>\n"},
        {"text/markdown", "~~x~~ www.example.com\n",
         "<p><del>x</del> <a href=\"http://www.example.com\">www.example.com</a></p>\n"},
        {"text/markdown; variant=CommonMark", "~~x~~ www.example.com\n",
         "<p>~~x~~ www.example.com</p>\n"},
        {"text/markdown", "- [x] done\n",
         "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n</ul>\n"},
        {"text/markdown", "<script>x</script>\n", "<!-- raw HTML omitted -->\n"},
        {"text/markdown", "a <b>c</b>\n",
         "<p>a <!-- raw HTML omitted -->c<!-- raw HTML omitted --></p>\n"},
        {"text/plain", "a <b> & \"c\"\n", "<pre>a &lt;b&gt; &amp; &quot;c&quot;\n</pre>\n"},
        /* rst: readme_renderer 37's render() for the same text */
        {NULL, "# not markdown", "<p># not markdown</p>\n"},
        {"text/x-rst", "*x*", "<p><em>x</em></p>\n"},
        {"text/x-rst", "Title\n=====\n\ntext <b>\n", "<p>text &lt;b&gt;</p>\n"},
        /* rst that does not render, and unknown types: escaped text */
        {"text/x-rst", "Hello *world", "<pre>Hello *world</pre>\n"},
        {"text/html", "*x*", "<pre>*x*</pre>\n"},
};

static void render_html(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(renders) / sizeof(renders[0]); i++) {
		char *html = NULL;
		size_t len = 0;
		assert_int_equal(sw_readme_render_html(&html, &len, renders[i].type,
		                                       renders[i].text, strlen(renders[i].text),
		                                       1 << 20),
		                 0);
		assert_string_equal(html, renders[i].html);
		assert_int_equal(len, strlen(renders[i].html));
		sw_free(html);
	}
}

static void render_limit(void **state)
{
	char *html = (char *)1;
	(void)state;
	assert_int_equal(sw_readme_render_html(&html, NULL, "text/plain", "abcdef", 6, 8),
	                 SW_ETOOBIG);
	assert_null(html);
}

static void allocation_sweep(void **state)
{
	(void)state;
	for (long n = 1;; n++) {
		struct hits hs = {0};
		char *html = NULL;
		int err, err2;
		fa_arm(n, 0);
		err = sw_readme_check_text("text/html; charset=x", "BAD\n", 4, fake_rst, NULL,
		                           collect, &hs);
		err2 = sw_readme_render_html(&html, NULL, "text/plain", "<x>", 3, 100);
		fa_disarm();
		sw_free(html);
		if (!fa_failed()) {
			assert_int_equal(err, 0);
			assert_int_equal(err2, 0);
			break;
		}
		assert_true(err == SW_ENOMEM || err2 == SW_ENOMEM);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(content_types),        cmocka_unit_test(check_logic),
	        cmocka_unit_test(rst_through_docutils), cmocka_unit_test(render_html),
	        cmocka_unit_test(render_limit),         cmocka_unit_test(allocation_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
