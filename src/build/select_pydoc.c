/*
 * build/select_pydoc.c — the strict scan of a Python module's docstring
 * that flit_core's rules use for a dynamic description: the first
 * statement must be one plain string literal (optionally r/u-prefixed,
 * single or triple quoted, with only the escapes \\ \' \" \n \t and
 * line continuations), and its summary is what flit takes from
 * ast.get_docstring(): the first non-blank line of inspect.cleandoc(),
 * tabs expanded, leading blanks dropped. Anything else that could be a
 * docstring is refused rather than guessed.
 */
#include <string.h>

#include "build/select_util.h"
#include "slipway/fs.h"
#include "util/util.h"

/* Largest Python file the docstring scan reads. */
#define SEL_PY_MAX ((size_t)4 * 1024 * 1024)

/* Skips blank lines, comment lines and line continuations before the
 * first statement; returns the offset of its first character. */
static size_t skip_to_statement(const char *t, size_t len)
{
	size_t i = 0;
	while (i < len) {
		char c = t[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\f')
			i++;
		else if (c == '#')
			while (i < len && t[i] != '\n')
				i++;
		else if (c == '\\' && i + 1 < len && t[i + 1] == '\n')
			i += 2;
		else
			break;
	}
	return i;
}

/* Decodes one escape of a non-raw literal into b; returns the bytes used
 * after the backslash, or 0 for an escape the scan does not read. */
static size_t decode_escape(const char *t, size_t len, size_t i, sw_buf *b)
{
	static const char from[] = "\\'\"nt\n";
	static const char to[] = "\\'\"\n\t";
	if (i >= len)
		return 0;
	const char *hit = strchr(from, t[i]);
	if (hit == NULL || t[i] == '\0')
		return 0;
	size_t k = (size_t)(hit - from);
	if (k < sizeof(to) - 1)
		sw_buf_putc(b, to[k]);
	return 1; /* "\<newline>" is a line continuation: nothing */
}

/* Reads the string literal starting at t[i] into b; returns the offset
 * after it, or 0 when it is not a literal the scan reads. */
static size_t read_literal(const char *t, size_t len, size_t i, sw_buf *b, int *is_string)
{
	int raw = 0;
	*is_string = 0;
	while (i < len && strchr("rRuU", t[i]) != NULL && t[i] != '\0') {
		raw |= t[i] == 'r' || t[i] == 'R';
		i++;
	}
	if (i >= len || (t[i] != '"' && t[i] != '\''))
		return 0;
	*is_string = 1;
	char q = t[i];
	int triple = i + 2 < len && t[i + 1] == q && t[i + 2] == q;
	i += triple ? 3 : 1;
	while (i < len) {
		if (t[i] == q && (!triple || (i + 2 < len && t[i + 1] == q && t[i + 2] == q)))
			return i + (triple ? 3 : 1);
		if (!triple && t[i] == '\n')
			return 0;
		if (t[i] == '\\') {
			if (raw) {
				sw_buf_put(b, t + i, i + 1 < len ? 2 : 1);
				i += 2;
				continue;
			}
			size_t used = decode_escape(t, len, i + 1, b);
			if (used == 0)
				return 0;
			i += 1 + used;
			continue;
		}
		sw_buf_putc(b, t[i++]);
	}
	return 0;
}

/* Returns 1 if only blanks, a comment or a newline follow on the line. */
static int statement_ends(const char *t, size_t len, size_t i)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	return i >= len || t[i] == '\n' || t[i] == '#' || t[i] == ';';
}

/* The column after a character at column `col` (tabs stop every 8). */
static size_t next_col(char c, size_t col)
{
	return c == '\t' ? col + 8 - col % 8 : col + 1;
}

/* The summary of a cleaned docstring: first non-blank line, tabs expanded
 * to 8 columns, leading blanks dropped, up to a line boundary. */
static char *doc_summary(const char *doc, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t k = i, col = 0;
		while (i < len && doc[i] != '\n')
			i++;
		while (k < i && memchr(" \t\f\v", doc[k], 4) != NULL)
			col = next_col(doc[k++], col);
		if (k == i) {
			i++;
			continue;
		}
		sw_buf b;
		sw_buf_init(&b, len + 1024);
		for (size_t j = k; j < i && memchr("\r\f\v\x1c\x1d\x1e", doc[j], 6) == NULL; j++) {
			size_t n = next_col(doc[j], col);
			if (doc[j] == '\t')
				for (; col < n; col++)
					sw_buf_putc(&b, ' ');
			else
				sw_buf_putc(&b, doc[j]);
			col = n;
		}
		if (sw_buf_error(&b) < 0) {
			sw_buf_free(&b);
			return NULL;
		}
		return sw_buf_detach(&b, NULL);
	}
	return sw_strdup("");
}

/* Scans a module's text for its docstring: *out the summary or NULL. */
static int scan_docstring(struct bp *bp, const char *rel, const char *t, size_t len, char **out)
{
	sw_buf b;
	int is_string = 0, err = 0;
	sw_buf_init(&b, len + 1);
	size_t bom = len >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	size_t i = bom + skip_to_statement(t + bom, len - bom);
	size_t end = read_literal(t, len, i, &b, &is_string);
	if (!is_string)
		goto done; /* no docstring */
	if (end == 0 || !statement_ends(t, len, end)) {
		err = bp_unsupported(bp, "the docstring of %s is not a plain string literal", rel);
		goto done;
	}
	if ((err = sw_buf_error(&b)) < 0) {
		err = sw_error_set(err, "out of memory");
		goto done;
	}
	if (memchr(sw_buf_cstr(&b), '\0', b.len) != NULL ||
	    strstr(sw_buf_cstr(&b), "\xc2\x85") != NULL ||
	    strstr(sw_buf_cstr(&b), "\xe2\x80\xa8") != NULL ||
	    strstr(sw_buf_cstr(&b), "\xe2\x80\xa9") != NULL) {
		err = bp_unsupported(bp, "the docstring of %s holds unusual line breaks", rel);
		goto done;
	}
	*out = doc_summary(sw_buf_cstr(&b), b.len);
	if (*out == NULL)
		err = sw_error_set(SW_ENOMEM, "out of memory");
done:
	sw_buf_free(&b);
	return err;
}

int sel_py_docstring_summary(struct bp *bp, const char *rel, char **out)
{
	char *path = NULL, *text = NULL;
	size_t len = 0;
	int err = 0;
	*out = NULL;
	if ((path = sel_join(bp->plan->root, rel)) == NULL)
		return SW_ENOMEM;
	if ((err = sw_file_read(&text, &len, NULL, path, SEL_PY_MAX)) < 0)
		goto done;
	if (memchr(text, '\r', len) != NULL) {
		err = bp_unsupported(bp, "%s has CR line ends; the docstring scan reads LF only",
		                     rel);
		goto done;
	}
	err = scan_docstring(bp, rel, text, len, out);
done:
	sw_free(path);
	sw_free(text);
	return err;
}
