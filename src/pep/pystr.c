/*
 * pep/pystr.c — decodes a marker's quoted string the way packaging does,
 * with ast.literal_eval() on the QUOTED_STRING token: Python 3 string
 * escapes (\n, \x41, \u00e9, \U0001F600, octal \101, line continuations),
 * unknown escapes kept as written, and the same refusals (an unescaped line
 * break, a NUL byte, a truncated \x, a code point above U+10FFFF, a closing
 * quote escaped away). Not supported, refused: \N{NAME} (needs the Unicode
 * name table) and escapes that yield NUL or a lone surrogate.
 */
#include "pep/pep508_int.h"
#include "util/util.h"

/* Single-character escapes and what they stand for. */
static const struct {
	char esc;
	char value;
} simple_escapes[] = {
        {'\\', '\\'}, {'\'', '\''}, {'"', '"'},  {'a', '\a'}, {'b', '\b'},
        {'f', '\f'},  {'n', '\n'},  {'r', '\r'}, {'t', '\t'}, {'v', '\v'},
};

/* The decoding state: the token's content and the output. */
struct pystr {
	const struct pep_lex *lx;
	size_t pos; /* byte offset in lx->src */
	size_t end; /* offset of the closing quote */
	sw_buf out;
};

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reports a problem at byte offset `at`. */
static int fail_at(const struct pystr *ps, size_t at, const char *what)
{
	return sw_error_set(SW_EPARSE, "col %u: %s in quoted string", pep_col(ps->lx, at), what);
}

/* Appends code point `cp` as UTF-8. */
static int put_code_point(struct pystr *ps, unsigned long cp, size_t at)
{
	char u[4];
	size_t n;
	if (cp == 0)
		return fail_at(ps, at, "NUL character (not supported)");
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return fail_at(ps, at, "lone surrogate escape (not supported)");
	if (cp > 0x10FFFF)
		return fail_at(ps, at, "escape beyond U+10FFFF");
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return sw_buf_put(&ps->out, u, n);
}

/* \xHH, \uHHHH, \UHHHHHHHH: exactly `digits` hex digits after the letter. */
static int decode_hex(struct pystr *ps, size_t at, size_t digits)
{
	unsigned long cp = 0;
	size_t p = at + 2;
	for (size_t i = 0; i < digits; i++, p++) {
		int h = p < ps->end ? hex_value(ps->lx->src[p]) : -1;
		if (h < 0)
			return fail_at(ps, at, "truncated hex escape");
		cp = cp * 16 + (unsigned long)h;
	}
	ps->pos = p;
	return put_code_point(ps, cp, at);
}

/* \ooo: one to three octal digits. */
static int decode_octal(struct pystr *ps, size_t at)
{
	unsigned long cp = 0;
	size_t p = at + 1;
	for (int i = 0; i < 3 && p < ps->end && ps->lx->src[p] >= '0' && ps->lx->src[p] <= '7';
	     i++, p++)
		cp = cp * 8 + (unsigned long)(ps->lx->src[p] - '0');
	ps->pos = p;
	return put_code_point(ps, cp, at);
}

/* One escape sequence starting with the backslash at ps->pos. */
static int decode_escape(struct pystr *ps)
{
	size_t at = ps->pos;
	char c;
	if (at + 1 >= ps->end)
		return fail_at(ps, at, "closing quote escaped by '\\' (unterminated)");
	c = ps->lx->src[at + 1];
	ps->pos = at + 2;
	if (c == '\n')
		return 0;
	if (c == '\r') {
		if (ps->pos < ps->end && ps->lx->src[ps->pos] == '\n')
			ps->pos++;
		return 0;
	}
	for (size_t i = 0; i < SW_ARRAY_LEN(simple_escapes); i++)
		if (simple_escapes[i].esc == c)
			return sw_buf_putc(&ps->out, simple_escapes[i].value);
	if (c >= '0' && c <= '7')
		return decode_octal(ps, at);
	if (c == 'x')
		return decode_hex(ps, at, 2);
	if (c == 'u')
		return decode_hex(ps, at, 4);
	if (c == 'U')
		return decode_hex(ps, at, 8);
	if (c == 'N')
		return fail_at(ps, at, "\\N{...} escape (not supported)");
	/* An unknown escape stays as written (Python only warns). */
	ps->pos = at + 1;
	return sw_buf_putc(&ps->out, '\\');
}

int pep_pystr_decode(char **out, const struct pep_lex *lx, size_t pos, size_t len)
{
	struct pystr ps = {lx, pos + 1, pos + len - 1, {0}};
	int err = 0;
	*out = NULL;
	sw_buf_init(&ps.out, len);
	while (ps.pos < ps.end && err == 0) {
		char c = lx->src[ps.pos];
		if (c == '\n' || c == '\r')
			err = fail_at(&ps, ps.pos, "line break (unterminated string)");
		else if (c == '\0')
			err = fail_at(&ps, ps.pos, "NUL byte");
		else if (c == '\\')
			err = decode_escape(&ps);
		else
			err = sw_buf_putc(&ps.out, lx->src[ps.pos++]);
	}
	if (err < 0)
		goto done;
	*out = sw_buf_detach(&ps.out, NULL);
	if (!*out)
		err = sw_error_set(SW_ENOMEM, "out of memory");
done:
	sw_buf_free(&ps.out);
	return err;
}
