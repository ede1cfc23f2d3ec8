/*
 * metadata/check.c — the text rules shared by the record, the emitter and
 * the parser: UTF-8 validity, the line boundaries that readers split on
 * (Python's str.splitlines() set), header names, Python's notion of
 * whitespace for stripping, and line:col positions for messages.
 */
#include <string.h>

#include "metadata/md_int.h"
#include "util/util.h"

size_t md_utf8_len(const char *s, size_t len, size_t i)
{
	return s[i] ? sw_utf8_seq_len(s, len, i) : 0;
}

/* The code point of the valid UTF-8 sequence of n bytes at s. */
static unsigned long decode(const char *s, size_t n)
{
	unsigned long cp = (unsigned char)s[0] & (n == 1 ? 0x7Fu : 0x7Fu >> n);
	for (size_t k = 1; k < n; k++)
		cp = (cp << 6) | ((unsigned char)s[k] & 0x3Fu);
	return cp;
}

unsigned long md_line_boundary(const char *s, size_t i, size_t n)
{
	unsigned long cp = decode(s + i, n);
	if (cp == '\r' || cp == 0x0B || cp == 0x0C || (cp >= 0x1C && cp <= 0x1E) || cp == 0x85 ||
	    cp == 0x2028 || cp == 0x2029)
		return cp;
	return 0;
}

/* Python's str.isspace() for one code point. */
static int py_space(unsigned long cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 ||
	       cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

void md_strip(const char **s, size_t *len)
{
	size_t i = 0, first = *len, end = 0;
	while (i < *len) {
		size_t n = md_utf8_len(*s, *len, i);
		if (n == 0)
			n = 1; /* not expected: treat a stray byte as text */
		if (n == 1 && (*s)[i] == '\0') {
			i++;
			continue;
		}
		if (!py_space(decode(*s + i, n))) {
			if (first == *len)
				first = i;
			end = i + n;
		}
		i += n;
	}
	if (first == *len) {
		*s += *len;
		*len = 0;
		return;
	}
	*s += first;
	*len = end - first;
}

/* Counts characters (UTF-8 lead bytes) in s[0..n). */
static unsigned count_chars(const char *s, size_t n)
{
	unsigned col = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

int md_check_value(const char *field_name, const char *value, size_t len, int is_body)
{
	size_t i = 0;
	if (!is_body && len && (value[0] == ' ' || value[0] == '\t'))
		return sw_error_set(SW_EINVAL,
		                    "%s: the value starts with whitespace, which readers drop",
		                    field_name);
	while (i < len) {
		size_t n = md_utf8_len(value, len, i);
		unsigned long cp;
		if (n == 0)
			return sw_error_set(SW_EINVAL, "%s: %s at character %u of the value",
			                    field_name, value[i] ? "invalid UTF-8" : "a NUL byte",
			                    count_chars(value, i) + 1);
		if (!is_body && (cp = md_line_boundary(value, i, n)) != 0)
			return sw_error_set(SW_EINVAL,
			                    "%s: the value holds the line boundary U+%04lX at "
			                    "character %u; a header value may only break lines "
			                    "with \\n",
			                    field_name, cp, count_chars(value, i) + 1);
		i += n;
	}
	return 0;
}

int md_name_is_valid(const char *name, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x21 || c > 0x7E || c == ':')
			return 0;
	}
	return 1;
}

void md_locate(const char *text, size_t len, size_t off, unsigned *line, unsigned *col)
{
	size_t start = 0;
	*line = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'))) {
			(*line)++;
			start = i + 1;
		}
	}
	*col = count_chars(text + start, off - start) + 1;
}
