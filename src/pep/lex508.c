/*
 * pep/lex508.c — the token matchers of the PEP 508 parser. Each mirrors one
 * rule of packaging 25.0's tokenizer (DEFAULT_RULES in _tokenizer.py) with
 * Python's regex semantics: `\b` word boundaries that look at the byte
 * before the token, `$` that also matches before a final newline, and `\s`
 * as Python's Unicode whitespace. Non-ASCII bytes count as word characters
 * for `\b`; that only changes which error is reported, never validity,
 * because no token may start with a non-ASCII character after a word.
 */
#include <string.h>

#include "pep/pep508_int.h"
#include "util/util.h"

/* The VARIABLE rule, spelled out, with the name packaging stores. */
static const struct {
	const char *text;
	const char *canonical;
} variables[] = {
        {"python_version", "python_version"},
        {"python_full_version", "python_full_version"},
        {"os_name", "os_name"},
        {"os.name", "os_name"},
        {"sys_platform", "sys_platform"},
        {"sys.platform", "sys_platform"},
        {"platform_release", "platform_release"},
        {"platform_system", "platform_system"},
        {"platform_version", "platform_version"},
        {"platform.version", "platform_version"},
        {"platform_machine", "platform_machine"},
        {"platform.machine", "platform_machine"},
        {"platform_python_implementation", "platform_python_implementation"},
        {"platform.python_implementation", "platform_python_implementation"},
        {"python_implementation", "platform_python_implementation"},
        {"implementation_name", "implementation_name"},
        {"implementation_version", "implementation_version"},
        {"extra", "extra"},
        {"extras", "extras"},
        {"dependency_groups", "dependency_groups"},
};

/* The OP rule, in the order the regex tries its alternatives. */
static const char *const marker_ops[] = {"===", "==", "~=", "!=", "<=", ">=", "<", ">"};

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the byte at `pos` is a word character for `\b` (outside: no). */
static int is_word_at(const struct pep_lex *lx, size_t pos)
{
	unsigned char c;
	if (pos >= lx->len)
		return 0;
	c = (unsigned char)lx->src[pos];
	return is_alnum(c) || c == '_' || c >= 0x80;
}

/* `\b` between the bytes at pos-1 and pos. */
static int at_boundary(const struct pep_lex *lx, size_t pos)
{
	int before = pos > 0 && is_word_at(lx, pos - 1);
	return before != is_word_at(lx, pos);
}

unsigned pep_col(const struct pep_lex *lx, size_t pos)
{
	unsigned col = 1;
	for (size_t i = 0; i < pos && i < lx->len; i++)
		if (((unsigned char)lx->src[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* Multi-byte Unicode whitespace characters, as UTF-8. */
static const char *const py_spaces[] = {
        "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81",
        "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86",
        "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8",
        "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80",
};

size_t pep_py_space(const char *s, size_t len, size_t pos)
{
	unsigned char c;
	if (pos >= len)
		return 0;
	c = (unsigned char)s[pos];
	if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20))
		return 1;
	if (c < 0x80)
		return 0;
	for (size_t i = 0; i < SW_ARRAY_LEN(py_spaces); i++) {
		size_t n = strlen(py_spaces[i]);
		if (n <= len - pos && memcmp(s + pos, py_spaces[i], n) == 0)
			return n;
	}
	return 0;
}

size_t pep_skip_py_space(const char *s, size_t len, size_t pos)
{
	size_t n;
	while ((n = pep_py_space(s, len, pos)) > 0)
		pos += n;
	return pos;
}

void pep_lex_ws(struct pep_lex *lx)
{
	while (lx->pos < lx->len && (lx->src[lx->pos] == ' ' || lx->src[lx->pos] == '\t'))
		lx->pos++;
}

int pep_lex_at_end(const struct pep_lex *lx, size_t pos)
{
	return pos == lx->len || (pos + 1 == lx->len && lx->src[pos] == '\n');
}

/* IDENTIFIER: \b[a-zA-Z0-9][a-zA-Z0-9._-]*\b, backtracking to a boundary. */
size_t pep_lex_identifier(const struct pep_lex *lx, size_t pos)
{
	size_t end = pos + 1;
	if (pos >= lx->len || !is_alnum((unsigned char)lx->src[pos]) || !at_boundary(lx, pos))
		return 0;
	while (end < lx->len) {
		unsigned char c = (unsigned char)lx->src[end];
		if (!is_alnum(c) && c != '.' && c != '_' && c != '-')
			break;
		end++;
	}
	for (; end > pos; end--)
		if (at_boundary(lx, end))
			return end - pos;
	return 0;
}

size_t pep_lex_keyword(const struct pep_lex *lx, size_t pos, const char *word)
{
	size_t n = strlen(word);
	if (pos > lx->len || n > lx->len - pos || memcmp(lx->src + pos, word, n) != 0)
		return 0;
	return at_boundary(lx, pos) && at_boundary(lx, pos + n) ? n : 0;
}

size_t pep_lex_variable(const struct pep_lex *lx, size_t pos, const char **canonical)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(variables); i++) {
		size_t n = pep_lex_keyword(lx, pos, variables[i].text);
		if (n) {
			*canonical = variables[i].canonical;
			return n;
		}
	}
	return 0;
}

/* QUOTED_STRING: '[^']*' or "[^"]*". */
size_t pep_lex_quoted(const struct pep_lex *lx, size_t pos)
{
	const char *close;
	char quote;
	if (pos >= lx->len || (lx->src[pos] != '\'' && lx->src[pos] != '"'))
		return 0;
	quote = lx->src[pos];
	close = memchr(lx->src + pos + 1, quote, lx->len - pos - 1);
	return close ? (size_t)(close - (lx->src + pos)) + 1 : 0;
}

size_t pep_lex_op(const struct pep_lex *lx, size_t pos)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(marker_ops); i++) {
		size_t n = strlen(marker_ops[i]);
		if (n <= lx->len - pos && memcmp(lx->src + pos, marker_ops[i], n) == 0)
			return n;
	}
	return 0;
}

/* URL: [^ \t]+ */
size_t pep_lex_url(const struct pep_lex *lx, size_t pos)
{
	size_t end = pos;
	while (end < lx->len && lx->src[end] != ' ' && lx->src[end] != '\t')
		end++;
	return end - pos;
}

/* VERSION_PREFIX_TRAIL: \.\* */
int pep_lex_prefix_trail(const struct pep_lex *lx, size_t pos)
{
	return pos + 1 < lx->len && lx->src[pos] == '.' && lx->src[pos + 1] == '*';
}

static int is_lower_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

/* VERSION_LOCAL_LABEL_TRAIL: \+[a-z0-9]+... (case-sensitive); only its
 * first two characters decide whether it matches. */
int pep_lex_local_trail(const struct pep_lex *lx, size_t pos)
{
	return pos + 1 < lx->len && lx->src[pos] == '+' &&
	       is_lower_alnum((unsigned char)lx->src[pos + 1]);
}

/* Length of the UTF-8 sequence starting with `c` (1 for stray bytes). */
static size_t utf8_seq_len(unsigned char c)
{
	if (c >= 0xF0)
		return 4;
	if (c >= 0xE0)
		return 3;
	if (c >= 0xC0)
		return 2;
	return 1;
}

int pep_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = utf8_seq_len(c);
		unsigned long cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c < 0xC2 || c > 0xF4 || n > len - i)
			return 0;
		cp = c & (0x7F >> n);
		for (size_t k = 1; k < n; k++) {
			unsigned char d = (unsigned char)s[i + k];
			if ((d & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (d & 0x3F);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n;
	}
	return 1;
}

int pep_refuse_nul(const char *s, size_t len)
{
	const char *nul = memchr(s, '\0', len);
	struct pep_lex lx = {s, len, 0};
	if (!nul)
		return 0;
	return sw_error_set(SW_EPARSE, "col %u: NUL character (not supported)",
	                    pep_col(&lx, (size_t)(nul - s)));
}
