/*
 * metadata/parse.c — reads METADATA/PKG-INFO text into a record. The header
 * block is split into lines (LF, CRLF or CR, as Python's email parser
 * does), each header with its continuation lines is unfolded by the rule
 * documented in slipway/metadata.h, and the text after the first empty line
 * is the description. Anything Python would accept silently but that is
 * ambiguous (a stray line, a repeated single-use field, a description given
 * twice) is an error with its line and column.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "metadata/md_int.h"
#include "util/util.h"

struct parser {
	const char *text;
	size_t len;
	const char *path;
	sw_metadata *md;
	unsigned first_line[SW_MD_FIELD_COUNT]; /* where each field was first seen */
	unsigned line;                          /* line of the header being read */
	sw_buf name, value;                     /* scratch */
	size_t headers;
};

/* Sets a parse error located at byte `off` of the input. */
static int fail_at(struct parser *p, int code, size_t off, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int fail_at(struct parser *p, int code, size_t off, const char *fmt, ...)
{
	char msg[512];
	unsigned line, col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	md_locate(p->text, p->len, off, &line, &col);
	return sw_error_set_at(code, p->path, line, col, "%s", msg);
}

/* Returns the end of the line's content at `pos`; *next gets the start of
 * the following line. */
static size_t line_end(const struct parser *p, size_t pos, size_t *next)
{
	size_t i = pos;
	while (i < p->len && p->text[i] != '\n' && p->text[i] != '\r')
		i++;
	*next = i;
	if (i < p->len)
		*next = i +
		        (p->text[i] == '\r' && i + 1 < p->len && p->text[i + 1] == '\n' ? 2 : 1);
	return i;
}

static int is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

/* Leading spaces and tabs of text[pos..end). */
static size_t leading_ws(const struct parser *p, size_t pos, size_t end)
{
	size_t n = 0;
	while (pos + n < end && is_blank_char(p->text[pos + n]))
		n++;
	return n;
}

/* Checks that text[pos..end) is valid UTF-8 without NUL bytes or, unless
 * `body`, line boundary characters. */
static int check_text(struct parser *p, size_t pos, size_t end, int body, const char *what)
{
	while (pos < end) {
		size_t n = md_utf8_len(p->text, end, pos);
		unsigned long cp;
		if (n == 0)
			return fail_at(p, SW_EPARSE, pos, "%s in %s",
			               p->text[pos] ? "invalid UTF-8" : "NUL byte", what);
		if (!body && (cp = md_line_boundary(p->text, pos, n)) != 0)
			return fail_at(p, SW_EPARSE, pos,
			               "line boundary character U+%04lX inside the %s header", cp,
			               what);
		pos += n;
	}
	return 0;
}

/* Decides how much indentation continuation lines of text[pos..end) lose:
 * returns K, or (size_t)-1 for the legacy "spaces + |" Description form. */
static size_t unfold_indent(const struct parser *p, size_t pos, size_t end, size_t name_len,
                            int description)
{
	size_t k = name_len + 2, next, e;
	int pipes = description, any = 0;
	for (; pos < end; pos = next) {
		size_t ws;
		e = line_end(p, pos, &next);
		ws = leading_ws(p, pos, e);
		if (ws == e - pos)
			continue;
		any = 1;
		if (ws < k)
			k = ws;
		if (p->text[pos + ws] != '|')
			pipes = 0;
	}
	return pipes && any ? (size_t)-1 : k;
}

/* Builds the unfolded value of the header whose first line's value starts
 * at `pos` and whose continuation lines run to `end`. */
static int unfold(struct parser *p, size_t pos, size_t end, size_t name_len, int description)
{
	size_t next, e = line_end(p, pos, &next), k;
	pos += leading_ws(p, pos, e);
	sw_buf_clear(&p->value);
	sw_buf_put(&p->value, p->text + pos, e - pos);
	k = unfold_indent(p, next, end, name_len, description);
	for (pos = next; pos < end; pos = next) {
		size_t ws, cut;
		e = line_end(p, pos, &next);
		ws = leading_ws(p, pos, e);
		if (k == (size_t)-1)
			cut = ws == e - pos ? ws : ws + 1;
		else
			cut = ws < k ? ws : k;
		sw_buf_putc(&p->value, '\n');
		sw_buf_put(&p->value, p->text + pos + cut, e - pos - cut);
	}
	if (sw_buf_error(&p->value) < 0)
		return sw_error_set(sw_buf_error(&p->value), "out of memory");
	return 0;
}

/* Scans the header name at `pos`; returns the offset of its colon. */
static int scan_name(struct parser *p, size_t pos, size_t eol, size_t *colon)
{
	size_t i = pos;
	while (i < eol && p->text[i] != ':') {
		unsigned char c = (unsigned char)p->text[i];
		if (c < 0x21 || c > 0x7E)
			return fail_at(p, SW_EPARSE, i,
			               c == ' ' || c == '\t'
			                       ? "expected ':' right after the header name"
			                       : "invalid character in a header name (expected "
			                         "'Name: value')");
		i++;
	}
	if (i == eol)
		return fail_at(p, SW_EPARSE, pos, "expected a header line 'Name: value'");
	if (i == pos)
		return fail_at(p, SW_EPARSE, pos, "empty header name");
	*colon = i;
	return 0;
}

/* Stores one parsed header into the record, refusing repeats. */
static int store(struct parser *p, size_t pos)
{
	const char *name = sw_buf_cstr(&p->name), *value = sw_buf_cstr(&p->value);
	enum sw_md_field f;
	int err;
	if (sw_md_field_lookup(&f, name, p->name.len) == 0) {
		if (!md_fields[f].multi && p->first_line[f])
			return fail_at(p, SW_EPARSE, pos, "%s given twice (first on line %u)",
			               md_fields[f].name, p->first_line[f]);
		if (!p->first_line[f])
			p->first_line[f] = p->line;
		if (f == SW_MD_PROJECT_URL && md_project_url_label_used(p->md, value))
			return fail_at(p, SW_EPARSE, pos, "Project-URL label used twice");
		if (f == SW_MD_DESCRIPTION && !value[0])
			return 0;
	}
	err = sw_metadata_add_header(p->md, name, value);
	if (err == SW_EINVAL || err == SW_EEXISTS)
		return fail_at(p, SW_EPARSE, pos, "%s", sw_error_last());
	return err;
}

/* Parses the header starting at `pos` with its continuation lines; *next
 * gets the start of the line after it. */
static int parse_header(struct parser *p, size_t pos, size_t *next)
{
	size_t eol, colon = 0, end, after;
	enum sw_md_field f;
	unsigned lines = 1;
	int err, is_desc;
	eol = line_end(p, pos, &after);
	if ((err = scan_name(p, pos, eol, &colon)) < 0)
		return err;
	end = after;
	while (end < p->len && is_blank_char(p->text[end])) {
		line_end(p, end, &end);
		lines++;
	}
	*next = end;
	if (++p->headers > SW_METADATA_MAX_HEADERS)
		return fail_at(p, SW_ETOOBIG, pos, "more than %d headers", SW_METADATA_MAX_HEADERS);
	sw_buf_clear(&p->name);
	sw_buf_put(&p->name, p->text + pos, colon - pos);
	if (sw_buf_error(&p->name) < 0)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t at = colon + 1, nx; at < end; at = nx) {
		size_t e = line_end(p, at, &nx);
		if ((err = check_text(p, at, e, 0, sw_buf_cstr(&p->name))) < 0)
			return err;
	}
	is_desc = sw_md_field_lookup(&f, p->name.ptr, p->name.len) == 0 && f == SW_MD_DESCRIPTION;
	if ((err = unfold(p, colon + 1, end, colon - pos, is_desc)) < 0)
		return err;
	err = store(p, pos);
	p->line += lines;
	return err;
}

/* Checks the Metadata-Version value: MAJOR.MINOR, MAJOR at most 2. */
static int check_metadata_version(struct parser *p, const char *v)
{
	size_t i = 0, major_len, minor_len;
	unsigned major = 0;
	while (v[i] >= '0' && v[i] <= '9') {
		major = major * 10 + (unsigned)(v[i++] - '0');
		if (major > 1000)
			major = 1000; /* saturate: any big number is "too new" */
	}
	major_len = i;
	if (v[i] == '.')
		i++;
	minor_len = i;
	while (v[i] >= '0' && v[i] <= '9')
		i++;
	minor_len = i - minor_len;
	if (!major_len || !minor_len || v[i] || v[major_len] != '.')
		return sw_error_set(SW_EPARSE, "%s: Metadata-Version '%s' is not MAJOR.MINOR",
		                    p->path ? p->path : "<input>", v);
	if (major > 2)
		return sw_error_set(SW_EPARSE,
		                    "%s: Metadata-Version %s is newer than slipway reads (2.x)",
		                    p->path ? p->path : "<input>", v);
	return 0;
}

/* Reads the body (the description) and checks the required fields. */
static int finish(struct parser *p, size_t body)
{
	static const enum sw_md_field required[] = {SW_MD_METADATA_VERSION, SW_MD_NAME,
	                                            SW_MD_VERSION};
	int err;
	if (body < p->len) {
		if ((err = check_text(p, body, p->len, 1, "the description")) < 0)
			return err;
		if (p->first_line[SW_MD_DESCRIPTION])
			return fail_at(p, SW_EPARSE, body,
			               "a message body, and a Description header on line %u",
			               p->first_line[SW_MD_DESCRIPTION]);
		sw_buf_clear(&p->value);
		sw_buf_put(&p->value, p->text + body, p->len - body);
		if ((err = sw_buf_error(&p->value)) < 0)
			return sw_error_set(err, "out of memory");
		if ((err = sw_metadata_set(p->md, SW_MD_DESCRIPTION, p->value.ptr)) < 0)
			return err;
	}
	for (size_t i = 0; i < SW_ARRAY_LEN(required); i++)
		if (!sw_metadata_get(p->md, required[i]))
			return sw_error_set(SW_EPARSE, "%s: the required field %s is missing",
			                    p->path ? p->path : "<input>",
			                    md_fields[required[i]].name);
	return check_metadata_version(p, sw_metadata_get(p->md, SW_MD_METADATA_VERSION));
}

int sw_metadata_parse(sw_metadata **out, const char *text, size_t len, const char *path)
{
	struct parser p = {.text = text, .len = len, .path = path, .line = 1};
	size_t pos = 0, body = len, next;
	int err;
	*out = NULL;
	if (len > SW_METADATA_MAX_LEN)
		return sw_error_set(SW_ETOOBIG, "%s: core metadata larger than %zu bytes",
		                    path ? path : "<input>", SW_METADATA_MAX_LEN);
	if ((err = sw_metadata_new(&p.md)) < 0)
		return err;
	sw_buf_init(&p.name, SW_METADATA_MAX_LEN);
	sw_buf_init(&p.value, SW_METADATA_MAX_LEN + 1);
	while (pos < len) {
		size_t eol = line_end(&p, pos, &next);
		if (eol == pos) {
			body = next;
			break;
		}
		if (is_blank_char(text[pos])) {
			err = fail_at(&p, SW_EPARSE, pos,
			              "continuation line before the first header");
			goto done;
		}
		if ((err = parse_header(&p, pos, &pos)) < 0)
			goto done;
	}
	if ((err = finish(&p, body)) < 0)
		goto done;
	*out = p.md;
	p.md = NULL;
done:
	sw_metadata_free(p.md);
	sw_buf_free(&p.name);
	sw_buf_free(&p.value);
	return err;
}
