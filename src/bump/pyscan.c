/*
 * bump/pyscan.c — reading version literals out of Python files without a
 * Python parser. A small tokenizer follows strings (all quote styles,
 * prefixes, escapes), comments, brackets and backslash continuations just
 * enough to know where logical lines start; at each one a strict matcher
 * accepts only `NAME = "literal"` at column 1. Also hatchling's default
 * version regex, which is what hatchling itself reads from its `path`.
 */
#include <string.h>

#include "bump/bump_int.h"

static const char *const default_names[] = {"__version__", "VERSION", NULL};

static int is_ident(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f'))
		i++;
	return i;
}

/* Characters allowed in an annotation: dotted names and subscripts. */
static int is_annotation_char(char c)
{
	return is_ident(c) || c == '.' || c == '[' || c == ']' || c == ',' || c == ' ' || c == '\t';
}

/* Matches the strict assignment at line start `i`; fills `a` and returns 1. */
static int match_assign(struct sw_pyassign *a, const char *const *names, const char *s, size_t len,
                        size_t i)
{
	size_t n = 0, q;
	char quote;
	for (size_t k = 0; names[k] && !n; k++) {
		size_t kl = strlen(names[k]);
		if (len - i > kl && memcmp(s + i, names[k], kl) == 0 && !is_ident(s[i + kl]))
			n = kl;
	}
	if (!n)
		return 0;
	a->name_off = i;
	a->name_len = n;
	i = skip_blanks(s, len, i + n);
	if (i < len && s[i] == ':') {
		size_t start = ++i;
		while (i < len && is_annotation_char(s[i]))
			i++;
		if (skip_blanks(s, len, start) == i)
			return 0;
	}
	if (i + 1 >= len || s[i] != '=' || s[i + 1] == '=')
		return 0;
	i = skip_blanks(s, len, i + 1);
	if (i >= len || (s[i] != '"' && s[i] != '\''))
		return 0;
	quote = s[i];
	q = ++i;
	while (i < len && s[i] != quote && s[i] != '\\' && s[i] != '\n' && s[i] != '\r')
		i++;
	if (i >= len || s[i] != quote || i == q)
		return 0;
	a->offset = q;
	a->len = i - q;
	i = skip_blanks(s, len, i + 1);
	if (i < len && s[i] == '#')
		while (i < len && s[i] != '\n')
			i++;
	if (i < len && s[i] == '\r')
		i++;
	return i >= len || s[i] == '\n';
}

/* Skips a string literal opening at `i` (a quote); returns the index after
 * it, keeping `*line` in step. A one-line string ends at a line break. */
static size_t skip_string(const char *s, size_t len, size_t i, unsigned *line)
{
	char q = s[i];
	int triple = i + 2 < len && s[i + 1] == q && s[i + 2] == q;
	i += triple ? 3 : 1;
	while (i < len) {
		if (s[i] == '\\' && i + 1 < len) {
			*line += s[i + 1] == '\n';
			i += 2;
			continue;
		}
		if (s[i] == '\n') {
			if (!triple)
				return i;
			(*line)++;
		} else if (s[i] == q &&
		           (!triple || (i + 2 < len && s[i + 1] == q && s[i + 2] == q)))
			return i + (triple ? 3 : 1);
		i++;
	}
	return len;
}

size_t sw_pyscan(struct sw_pyassign *out, size_t max, const char *const *names, const char *s,
                 size_t len)
{
	size_t found = 0, i = 0, depth = 0, line_start = 0;
	unsigned line = 1;
	int at_start = 1;
	if (!names)
		names = default_names;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		struct sw_pyassign a;
		char c = s[i];
		if (at_start && depth == 0 && match_assign(&a, names, s, len, i)) {
			a.line = line;
			a.col = 1;
			for (size_t k = line_start; k < a.offset; k++)
				a.col += ((unsigned char)s[k] & 0xC0) != 0x80;
			if (found < max)
				out[found] = a;
			found++;
		}
		at_start = 0;
		if (c == '#') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '"' || c == '\'') {
			i = skip_string(s, len, i, &line);
		} else if (c == '\\' && i + 1 < len && s[i + 1] == '\n') {
			i += 2; /* a continuation: the next line is not a line start */
			line++;
		} else if (c == '\\' && i + 2 < len && s[i + 1] == '\r' && s[i + 2] == '\n') {
			i += 3;
			line++;
		} else if (c == '\n') {
			line++;
			at_start = depth == 0;
			line_start = ++i;
		} else {
			if (c == '(' || c == '[' || c == '{')
				depth++;
			else if ((c == ')' || c == ']' || c == '}') && depth)
				depth--;
			i++;
		}
	}
	return found;
}

/* ASCII case-insensitive match of `word` at s[i] (the pattern's (?i)). */
static int lower_eq(const char *s, size_t len, size_t i, const char *word)
{
	size_t n = strlen(word);
	if (len - i < n)
		return 0;
	for (size_t k = 0; k < n; k++) {
		char c = s[i + k];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[k])
			return 0;
	}
	return 1;
}

/* `.+?` then the closing quote, from `start`: the shortest non-empty run
 * without '\n' followed by `q`. Returns its end or 0. */
static size_t lazy_until(const char *s, size_t len, size_t start, char q)
{
	for (size_t e = start + 1; e < len && s[e - 1] != '\n'; e++)
		if (s[e] == q)
			return e;
	return 0;
}

/* The pattern at one line start. */
static int hatch_at(size_t *off, size_t *n, const char *s, size_t len, size_t i)
{
	static const char *const names[] = {"__version__", "version"};
	for (size_t k = 0; k < 2; k++) {
		size_t j = i, e;
		char q;
		if (!lower_eq(s, len, j, names[k]))
			continue;
		j += strlen(names[k]);
		while (j < len && s[j] == ' ')
			j++;
		if (j >= len || s[j] != '=')
			continue;
		j++;
		while (j < len && s[j] == ' ')
			j++;
		if (j >= len || (s[j] != '"' && s[j] != '\''))
			continue;
		q = s[j++];
		if (j < len && (s[j] == 'v' || s[j] == 'V') && s[j] != '\n' &&
		    (e = lazy_until(s, len, j + 1, q)) != 0) {
			*off = j + 1;
			*n = e - j - 1;
			return 1;
		}
		if (j < len && s[j] != '\n' && (e = lazy_until(s, len, j, q)) != 0) {
			*off = j;
			*n = e - j;
			return 1;
		}
	}
	return 0;
}

int sw_hatch_pattern_find(size_t *offset, size_t *len, const char *s, size_t len_text)
{
	for (size_t i = 0; i < len_text; i++) {
		if ((i == 0 || s[i - 1] == '\n') && hatch_at(offset, len, s, len_text, i))
			return 1;
	}
	return 0;
}

void sw_text_line_col(const char *text, size_t offset, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;
	for (size_t i = 0; i < offset; i++) {
		if (text[i] == '\n')
			l++, c = 1;
		else if (((unsigned char)text[i] & 0xC0) != 0x80)
			c++;
	}
	*line = l;
	*col = c;
}
