/*
 * artifact/readme.c — the long description as PyPI and `twine check` see
 * it: the Description-Content-Type value (type, charset, markdown variant),
 * the README check (missing description, invalid UTF-8, rst that docutils
 * refuses), and the HTML preview (markdown through cmark-gfm with the GFM
 * extensions, other formats as escaped text).
 *
 * Codes: M001 Description-Content-Type missing (warning), M002 content
 * type PyPI does not accept, M003 charset other than UTF-8, M004 unknown
 * markdown variant (errors), M005 description missing (info), M006
 * description not UTF-8 (error); readme_rst.c: M010 rst that does not
 * render (error), M012 rst could not be checked (warning).
 */
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "artifact/lint_int.h"
#include "util/util.h"

#define MSG_MAX 4096

/* The content types PyPI accepts. */
static const struct {
	const char *name;
	enum sw_readme_format format;
} known_types[] = {
        {"text/x-rst", SW_README_RST},
        {"text/markdown", SW_README_MARKDOWN},
        {"text/plain", SW_README_PLAIN},
};

/* The GFM extensions readme_renderer turns on for variant=GFM. */
static const char *const gfm_extensions[] = {"table", "strikethrough", "autolink", "tagfilter",
                                             "tasklist"};

/* 1 if `a` (len bytes) equals NUL-terminated `b`, ignoring ASCII case. */
static int eq_ci(const char *a, size_t len, const char *b)
{
	size_t i = 0;
	for (; i < len && b[i]; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return i == len && b[i] == 0;
}

/* Trims spaces and surrounding quotes off [*s, *s + *len). */
static void trim(const char **s, size_t *len, int quotes)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
	if (quotes && *len >= 2 && **s == '"' && (*s)[*len - 1] == '"') {
		(*s)++;
		*len -= 2;
	}
}

/* What one parameter of the value says; sets *bad to the problem code. */
static void type_param(sw_readme_type *t, const char *p, size_t len, const char **bad)
{
	const char *eq = memchr(p, '=', len), *v;
	size_t nlen, vlen;
	if (!eq)
		return;
	nlen = (size_t)(eq - p);
	v = eq + 1;
	vlen = len - nlen - 1;
	trim(&p, &nlen, 0);
	trim(&v, &vlen, 1);
	if (eq_ci(p, nlen, "charset") && !eq_ci(v, vlen, "utf-8")) {
		t->valid = 0;
		*bad = "M003";
	} else if (eq_ci(p, nlen, "variant") && t->format == SW_README_MARKDOWN) {
		if (vlen == 10 && memcmp(v, "CommonMark", 10) == 0) {
			t->commonmark = 1;
		} else if (!(vlen == 3 && memcmp(v, "GFM", 3) == 0)) {
			t->valid = 0;
			*bad = "M004";
		}
	}
}

/* Parses the value; `bad` gets the code of the first problem, or NULL. */
static void parse_type(sw_readme_type *t, const char *value, const char **bad_type,
                       const char **bad_param)
{
	const char *p = value, *semi;
	size_t len;
	memset(t, 0, sizeof(*t));
	t->valid = 1;
	*bad_type = *bad_param = NULL;
	if (!value || !*value) {
		t->missing = 1;
		return;
	}
	semi = strchr(p, ';');
	len = semi ? (size_t)(semi - p) : strlen(p);
	trim(&p, &len, 0);
	t->format = SW_README_RST;
	t->valid = 0;
	*bad_type = "M002";
	for (size_t i = 0; i < SW_ARRAY_LEN(known_types); i++) {
		if (eq_ci(p, len, known_types[i].name)) {
			t->format = known_types[i].format;
			t->valid = 1;
			*bad_type = NULL;
		}
	}
	while (semi) {
		const char *next = strchr(semi + 1, ';');
		size_t plen = next ? (size_t)(next - semi - 1) : strlen(semi + 1);
		const char *bad = NULL;
		type_param(t, semi + 1, plen, &bad);
		if (bad && !*bad_param)
			*bad_param = bad;
		semi = next;
	}
}

void sw_readme_type_parse(sw_readme_type *out, const char *value)
{
	const char *bad_type, *bad_param;
	parse_type(out, value, &bad_type, &bad_param);
}

/* Emits one README finding about the whole artifact. */
static int emit_simple(sw_lint_emit_fn emit, void *ctx, const char *code, enum sw_lint_severity sev,
                       const char *message, const char *hint)
{
	sw_lint_hit hit = {.code = code, .severity = sev, .message = message, .hint = hint};
	return emit(ctx, &hit);
}

int sw_readme_parse_type(sw_readme_type *out, const char *value, sw_lint_emit_fn emit, void *ctx)
{
	const char *bad_type, *bad_param;
	sw_buf msg;
	int err = 0;
	parse_type(out, value, &bad_type, &bad_param);
	if (out->missing)
		return emit_simple(
		        emit, ctx, "M001", SW_LINT_WARNING,
		        "Description-Content-Type is missing: PyPI renders the "
		        "description as reStructuredText",
		        "Declare the README's type: readme = \"README.md\" in [project], "
		        "or a table with content-type.");
	sw_buf_init(&msg, MSG_MAX);
	if (bad_type) {
		sw_buf_printf(&msg,
		              "Description-Content-Type \"%s\" is not one PyPI accepts "
		              "(text/plain, text/x-rst, text/markdown)",
		              value);
		if ((err = sw_buf_error(&msg)) < 0 ||
		    (err = emit_simple(emit, ctx, "M002", SW_LINT_ERROR, sw_buf_cstr(&msg),
		                       "Use text/markdown, text/x-rst or text/plain.")) < 0)
			goto done;
	}
	if (bad_param) {
		int charset = strcmp(bad_param, "M003") == 0;
		sw_buf_clear(&msg);
		sw_buf_printf(&msg, "Description-Content-Type \"%s\" has %s", value,
		              charset ? "a charset other than UTF-8, the only one PyPI accepts"
		                      : "a markdown variant other than GFM or CommonMark");
		if ((err = sw_buf_error(&msg)) < 0)
			goto done;
		err = emit_simple(emit, ctx, bad_param, SW_LINT_ERROR, sw_buf_cstr(&msg),
		                  charset ? "Write the README in UTF-8 and drop the charset (or "
		                            "set charset=UTF-8)."
		                          : "Use variant=GFM (the default) or variant=CommonMark.");
	}
done:
	sw_buf_free(&msg);
	return err;
}

/* 1 if the text is all valid UTF-8. */
static int valid_utf8(const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t n = sw_utf8_seq_len(text, len, i);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

/* 1 if the description is absent as twine sees it (empty or "UNKNOWN"). */
static int description_missing(const char *text, size_t len)
{
	while (len && strchr(" \t\r\n\f\v", text[len - 1]))
		len--;
	return len == 0 || (len == 7 && memcmp(text, "UNKNOWN", 7) == 0);
}

/* Runs the rst checker and reports what it could not do. */
static int check_rst(const char *text, size_t len, sw_readme_rst_fn rst, void *rst_ctx,
                     sw_lint_emit_fn emit, void *ctx)
{
	int ok = 1, err = rst ? rst(rst_ctx, &ok, text, len, emit, ctx) : SW_EUNSUPPORTED;
	if (err == SW_EUNSUPPORTED || err == SW_ESUBPROCESS || err == SW_ENOTFOUND)
		return emit_simple(emit, ctx, "M012", SW_LINT_WARNING,
		                   "could not check the reStructuredText description: docutils "
		                   "not available",
		                   "Install python3-docutils (or python3-readme-renderer) so "
		                   "/usr/bin/python3 can check it, or run `twine check`.");
	return err;
}

int sw_readme_check_text(const char *content_type, const char *text, size_t len,
                         sw_readme_rst_fn rst, void *rst_ctx, sw_lint_emit_fn emit, void *ctx)
{
	sw_readme_type type;
	int err;
	if (!text || description_missing(text, len))
		return emit_simple(emit, ctx, "M005", SW_LINT_INFO,
		                   "the long description (README) is missing",
		                   "Set readme in [project] so PyPI shows a project description.");
	if (!valid_utf8(text, len))
		return emit_simple(emit, ctx, "M006", SW_LINT_ERROR,
		                   "the long description is not valid UTF-8",
		                   "Save the README as UTF-8.");
	if ((err = sw_readme_parse_type(&type, content_type, emit, ctx)) < 0)
		return err;
	if (type.format != SW_README_RST)
		return 0; /* markdown and plain text always render */
	return check_rst(text, len, rst, rst_ctx, emit, ctx);
}

/* Appends text HTML-escaped. */
static void put_escaped(sw_buf *b, const char *text, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep = text[i] == '&'   ? "&amp;"
		                  : text[i] == '<' ? "&lt;"
		                  : text[i] == '>' ? "&gt;"
		                  : text[i] == '"' ? "&quot;"
		                                   : NULL;
		if (!rep)
			continue;
		sw_buf_put(b, text + run, i - run);
		sw_buf_puts(b, rep);
		run = i + 1;
	}
	sw_buf_put(b, text + run, len - run);
}

/* Markdown to HTML with cmark-gfm; the result is cmark's (free with its
 * allocator). Returns NULL when cmark could not make a parser. */
static char *render_markdown(const char *text, size_t len, int commonmark)
{
	cmark_mem *mem = cmark_get_default_mem_allocator();
	cmark_parser *parser;
	cmark_node *doc;
	char *html;
	cmark_gfm_core_extensions_ensure_registered();
	parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, mem);
	if (!parser)
		return NULL;
	for (size_t i = 0; !commonmark && i < SW_ARRAY_LEN(gfm_extensions); i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(gfm_extensions[i]);
		if (ext)
			cmark_parser_attach_syntax_extension(parser, ext);
	}
	cmark_parser_feed(parser, text, len);
	doc = cmark_parser_finish(parser);
	html = doc ? cmark_render_html_with_mem(doc, CMARK_OPT_DEFAULT,
	                                        cmark_parser_get_syntax_extensions(parser), mem)
	           : NULL;
	if (doc)
		cmark_node_free(doc);
	cmark_parser_free(parser);
	return html;
}

int sw_readme_render_html(char **out, size_t *out_len, const char *content_type, const char *text,
                          size_t len, size_t max)
{
	sw_readme_type type;
	sw_buf b;
	int err;
	*out = NULL;
	sw_readme_type_parse(&type, content_type);
	sw_buf_init(&b, max);
	if (type.format == SW_README_MARKDOWN && !type.missing) {
		char *html = render_markdown(text, len, type.commonmark);
		if (!html)
			return sw_error_set(SW_ENOMEM, "out of memory rendering markdown");
		sw_buf_puts(&b, html);
		cmark_get_default_mem_allocator()->free(html);
	} else if (type.format == SW_README_RST && type.valid &&
	           sw_readme_rst_html(&b, text, len) == 0) {
		/* readme_renderer's HTML, sanitised by it */
	} else {
		sw_buf_clear(&b);
		sw_buf_puts(&b, "<pre>");
		put_escaped(&b, text, len);
		sw_buf_puts(&b, "</pre>\n");
	}
	if ((err = sw_buf_error(&b)) < 0) {
		sw_buf_free(&b);
		return err == SW_ETOOBIG
		               ? sw_error_set(err, "the README's HTML is larger than %zu bytes",
		                              max)
		               : sw_error_set(err, "out of memory rendering the README");
	}
	*out = sw_buf_detach(&b, out_len);
	return 0;
}
