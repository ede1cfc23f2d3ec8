/*
 * toml/scan.c — the lexical layer of the TOML parser: comments, newlines,
 * UTF-8 validation, the four string forms (validated in one pass, decoded
 * into the arena in a second pass only when they hold escapes or CRLF) and
 * key segments; plus the located error messages every parser file uses.
 *
 * The text is NUL-padded (TPAD bytes), so a scanner may look ahead a few
 * bytes as long as it stops at the first NUL; a NUL before the end of the
 * text is an error wherever it appears.
 */
#include <stdio.h>
#include <string.h>

#include "toml_int.h"

/* ---- errors ------------------------------------------------------------- */

void text_pos(const char *text, size_t off, unsigned *line, unsigned *col)
{
	const char *p = text, *stop = text + off, *nl;
	unsigned l = 1, c = 1;
	while ((nl = memchr(p, '\n', (size_t)(stop - p))) != NULL) {
		l++;
		p = nl + 1;
	}
	for (; p < stop; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			c++;
	*line = l;
	*col = c;
}

/* Formats the message and sets it with the position of `at`. */
static int perr_v(const struct parser *P, int code, const char *at, const char *fmt, va_list ap)
{
	char msg[512];
	unsigned line, col;
	if (at > P->end)
		at = P->end;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	text_pos(P->base, (size_t)(at - P->base), &line, &col);
	return sw_error_set_at(code, P->name, line, col, "%s", msg);
}

int perr(const struct parser *P, const char *at, const char *fmt, ...)
{
	va_list ap;
	int err;
	va_start(ap, fmt);
	err = perr_v(P, SW_EPARSE, at, fmt, ap);
	va_end(ap);
	return err;
}

int perr_code(const struct parser *P, int code, const char *at, const char *fmt, ...)
{
	va_list ap;
	int err;
	va_start(ap, fmt);
	err = perr_v(P, code, at, fmt, ap);
	va_end(ap);
	return err;
}

/* ---- characters --------------------------------------------------------- */

size_t utf8_len(const unsigned char *p)
{
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c < 0xF0) {
		if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
			return 0; /* overlong, or a surrogate */
		return 3;
	}
	if (c < 0xF5) {
		if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
			return 0; /* overlong, or above U+10FFFF */
		return 4;
	}
	return 0;
}

int is_bare_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* Whether `c` stands for itself in a basic string (no escape, no check). */
static inline int basic_plain(unsigned char c)
{
	return (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') || c == '\t';
}

/* Whether `c` stands for itself in a literal string. */
static inline int literal_plain(unsigned char c)
{
	return (c >= 0x20 && c < 0x7F && c != '\'') || c == '\t';
}

/* Reports the character at `p` that is not allowed in `where`. */
static int bad_char(const struct parser *P, const char *p, const char *where)
{
	unsigned char c = (unsigned char)*p;
	if (c == 0 && p >= P->end)
		return perr(P, p, "unexpected end of file in %s", where);
	if (c == '\r')
		return perr(P, p, "carriage return not followed by a newline in %s", where);
	if (c >= 0x80)
		return perr(P, p, "invalid UTF-8 in %s", where);
	return perr(P, p, "control character U+%04X is not allowed in %s", c, where);
}

int scan_comment(const struct parser *P, const char **pp)
{
	const unsigned char *p = (const unsigned char *)*pp + 1;
	for (;;) {
		unsigned char c = *p;
		size_t n;
		if ((c >= 0x20 && c < 0x7F) || c == '\t') {
			p++;
			continue;
		}
		if (c == '\n' || (c == '\r' && p[1] == '\n') ||
		    (c == 0 && (const char *)p >= P->end))
			break;
		if (c < 0x80 || (n = utf8_len(p)) == 0)
			return bad_char(P, (const char *)p, "a comment");
		p += n;
	}
	*pp = (const char *)p;
	return 0;
}

int scan_newline(const struct parser *P, const char **pp)
{
	const char *p = *pp;
	if (*p == '\n') {
		*pp = p + 1;
		return 0;
	}
	if (p[0] == '\r' && p[1] == '\n') {
		*pp = p + 2;
		return 0;
	}
	return perr(P, p, "carriage return not followed by a newline");
}

int skip_trivia(const struct parser *P, const char **pp)
{
	const char *p = *pp;
	int err;
	for (;;) {
		p = skip_ws(p);
		if (*p == '#')
			err = scan_comment(P, &p);
		else if (*p == '\n' || *p == '\r')
			err = scan_newline(P, &p);
		else
			break;
		if (err < 0)
			return err;
	}
	*pp = p;
	return 0;
}

/* ---- strings ------------------------------------------------------------ */

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads `n` hex digits at p into *cp; -1 if one is missing. */
static int read_hex(const char *p, int n, uint32_t *cp)
{
	uint32_t v = 0;
	for (int i = 0; i < n; i++) {
		int h = hexval((unsigned char)p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + (uint32_t)h;
	}
	*cp = v;
	return 0;
}

static const char simple_escapes[] = "btnfr\"\\";
static const char simple_values[] = "\b\t\n\f\r\"\\";

/* Validates the escape at p (a backslash); returns its length in *len. */
static int check_escape(const struct parser *P, const char *p, int ml, size_t *len)
{
	unsigned char e = (unsigned char)p[1];
	const char *q;
	uint32_t cp;
	if (e && strchr(simple_escapes, e)) {
		*len = 2;
		return 0;
	}
	if (e == 'u' || e == 'U') {
		int n = e == 'u' ? 4 : 8;
		if (read_hex(p + 2, n, &cp) < 0)
			return perr(P, p, "escape \\%c needs %d hexadecimal digits", e, n);
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return perr(P, p, "escape \\%c%.*s is not a Unicode scalar value", e, n,
			            p + 2);
		*len = (size_t)n + 2;
		return 0;
	}
	if (ml && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
		q = skip_ws(p + 1);
		if (*q != '\n' && !(q[0] == '\r' && q[1] == '\n'))
			return perr(P, p,
			            "a line-ending backslash must be followed only by "
			            "whitespace up to the end of the line");
		while (*q == ' ' || *q == '\t' || *q == '\n' || (q[0] == '\r' && q[1] == '\n'))
			q += q[0] == '\r' ? 2 : 1;
		*len = (size_t)(q - p);
		return 0;
	}
	if (e >= 0x21 && e < 0x7F)
		return perr(P, p, "invalid escape sequence \\%c", e);
	return perr(P, p, "invalid escape sequence");
}

/* Counts the run of `q` quotes at p and, in a multi-line string, decides
 * whether it closes the string: 0 = not a close (skip *run), 1 = close. */
static int quote_run(const struct parser *P, const char *p, char q, size_t *run, int *err)
{
	size_t n = 0;
	while (p[n] == q)
		n++;
	*run = n;
	*err = 0;
	if (n < 3)
		return 0;
	if (n > 5)
		*err = perr(P, p + 5, "too many quotes at the end of a multi-line string");
	return 1;
}

/* Validates a string body from *pp up to the closing delimiter. On success
 * [*cs, *ce) is the raw content and *pp is after the delimiter. */
static int scan_body(const struct parser *P, const char *open, const char **pp, int ml,
                     const char **cs, const char **ce, int *decode)
{
	char q = *open;
	const char *p = *pp;
	int basic = q == '"', err;
	size_t n = 0;
	*cs = p;
	for (;;) {
		unsigned char c = (unsigned char)*p;
		if (basic ? basic_plain(c) : literal_plain(c)) {
			p++;
		} else if (c == (unsigned char)q) {
			if (!ml) {
				*ce = p;
				*pp = p + 1;
				return 0;
			}
			if (quote_run(P, p, q, &n, &err)) {
				if (err < 0)
					return err;
				*ce = p + (n - 3);
				*pp = p + n;
				return 0;
			}
			p += n;
		} else if (c == '\\' && basic) {
			if ((err = check_escape(P, p, ml, &n)) < 0)
				return err;
			*decode = 1;
			p += n;
		} else if (c == '\n' && ml) {
			p++;
		} else if (c == '\r' && ml && p[1] == '\n') {
			*decode = 1;
			p += 2;
		} else if (c >= 0x80 && (n = utf8_len((const unsigned char *)p)) > 0) {
			p += n;
		} else if (c == '\n' || (c == 0 && p >= P->end)) {
			return perr(P, open, "unterminated string");
		} else {
			return bad_char(P, p, "a string");
		}
	}
}

/* Encodes code point cp as UTF-8 at d; returns the bytes written. */
static size_t put_utf8(char *d, uint32_t cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xC0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xE0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		d[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	d[0] = (char)(0xF0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	d[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decodes a validated body [s, e) into d; returns the decoded length. */
static size_t decode_body(char *d, const char *s, const char *e, int basic)
{
	char *d0 = d;
	while (s < e) {
		if (s[0] == '\r' && s[1] == '\n') {
			*d++ = '\n';
			s += 2;
		} else if (s[0] != '\\' || !basic) {
			*d++ = *s++;
		} else if (s[1] == 'u' || s[1] == 'U') {
			uint32_t cp = 0;
			int n = s[1] == 'u' ? 4 : 8;
			read_hex(s + 2, n, &cp);
			d += put_utf8(d, cp);
			s += n + 2;
		} else if (s[1] && strchr(simple_escapes, s[1])) {
			*d++ = simple_values[strchr(simple_escapes, s[1]) - simple_escapes];
			s += 2;
		} else { /* line-ending backslash */
			s++;
			while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
				s++;
		}
	}
	return (size_t)(d - d0);
}

int scan_string(const struct parser *P, const char **pp, int ml_ok, const char **str, size_t *len)
{
	const char *open = *pp, *p = open, *cs = NULL, *ce = NULL;
	char q = *p;
	int ml = p[1] == q && p[2] == q, decode = 0, err;
	char *d;
	if (ml && !ml_ok)
		return perr(P, p, "a multi-line string cannot be a key");
	p += ml ? 3 : 1;
	if (ml && *p == '\n')
		p++;
	else if (ml && p[0] == '\r' && p[1] == '\n')
		p += 2;
	if ((err = scan_body(P, open, &p, ml, &cs, &ce, &decode)) < 0)
		return err;
	*pp = p;
	if (!decode) {
		*str = cs;
		*len = (size_t)(ce - cs);
		return 0;
	}
	d = arena_alloc(&P->st->arena, (size_t)(ce - cs) + 1);
	if (!d)
		return perr_code(P, SW_ENOMEM, cs, "out of memory");
	*len = decode_body(d, cs, ce, q == '"');
	*str = d;
	return 0;
}

int scan_key_segment(const struct parser *P, const char **pp, struct keyseg *seg)
{
	const char *p = *pp;
	size_t len;
	int err;
	seg->start = (uint32_t)(p - P->base);
	seg->quoted = 0;
	if (is_bare_char((unsigned char)*p)) {
		const char *s = p;
		while (is_bare_char((unsigned char)*p))
			p++;
		seg->key = s;
		seg->len = (uint32_t)(p - s);
	} else if (*p == '"' || *p == '\'') {
		if ((err = scan_string(P, &p, 0, &seg->key, &len)) < 0)
			return err;
		seg->len = (uint32_t)len;
		seg->quoted = 1;
	} else if (*p == '\n' || *p == '\r' || *p == '#' || *p == '=' || (!*p && p >= P->end)) {
		return perr(P, p, "expected a key");
	} else {
		return perr(P, p,
		            "invalid character in a key (bare keys may only use "
		            "A-Z a-z 0-9 - _; quote other keys)");
	}
	seg->end = (uint32_t)(p - P->base);
	*pp = p;
	return 0;
}
