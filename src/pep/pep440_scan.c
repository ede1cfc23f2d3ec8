/*
 * pep/pep440_scan.c — the PEP 440 grammar as packaging 25.0 matches it.
 *
 * packaging uses Python regexes compiled with re.IGNORECASE on str, which
 * brings two things an ASCII reading would miss: \s is Unicode whitespace,
 * and case folding lets U+0130/U+0131 match 'i', U+017F match 's' and U+212A
 * match 'k'. This scanner reproduces both. It is greedy and deterministic;
 * for this grammar the first match a backtracking regex finds is the greedy
 * one (an optional separator taken too early never blocks a later part,
 * because every later part may start without one).
 */
#include <string.h>

#include "pep440_int.h"

/* UTF-8 sequences of the non-ASCII characters Python's \s matches. */
static const char *const unicode_spaces[] = {
        "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81",
        "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86",
        "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8",
        "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80",
};

/* Non-ASCII characters that Python's IGNORECASE matches for an ASCII
 * letter, with the "variant" number reported to the caller. */
static const struct {
	char ascii;
	const char *utf8;
	int variant;
} lookalikes[] = {
        {'i', "\xC4\xB1", 1},     /* U+0131 LATIN SMALL LETTER DOTLESS I */
        {'i', "\xC4\xB0", 2},     /* U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE */
        {'s', "\xC5\xBF", 1},     /* U+017F LATIN SMALL LETTER LONG S */
        {'k', "\xE2\x84\xAA", 1}, /* U+212A KELVIN SIGN */
};

/* Pre-release spellings in the regex's alternation order. */
static const struct {
	const char *word;
	int kind;
} pre_words[] = {
        {"alpha", SW_PREK_A},    {"a", SW_PREK_A},    {"beta", SW_PREK_B}, {"b", SW_PREK_B},
        {"preview", SW_PREK_RC}, {"pre", SW_PREK_RC}, {"c", SW_PREK_RC},   {"rc", SW_PREK_RC},
};

static const char *const post_words[] = {"post", "rev", "r"};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Whether the bytes at s[pos] start with the NUL-terminated `seq`. */
static int has_seq(const char *s, size_t len, size_t pos, const char *seq)
{
	size_t n = strlen(seq);
	return pos <= len && len - pos >= n && memcmp(s + pos, seq, n) == 0;
}

size_t sw_pep440_space_at(const char *s, size_t len, size_t pos)
{
	unsigned char c;
	if (pos >= len)
		return 0;
	c = (unsigned char)s[pos];
	if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20))
		return 1;
	if (c < 0xC2)
		return 0;
	for (size_t i = 0; i < sizeof(unicode_spaces) / sizeof(unicode_spaces[0]); i++)
		if (has_seq(s, len, pos, unicode_spaces[i]))
			return strlen(unicode_spaces[i]);
	return 0;
}

size_t sw_pep440_skip_space(const char *s, size_t len, size_t pos)
{
	size_t n;
	while ((n = sw_pep440_space_at(s, len, pos)) > 0)
		pos += n;
	return pos;
}

size_t sw_pep440_trim_end(const char *s, size_t start, size_t end)
{
	while (end > start) {
		size_t back = 0;
		for (size_t n = 1; n <= 3 && n <= end - start; n++) {
			if (sw_pep440_space_at(s, end, end - n) == n) {
				back = n;
				break;
			}
		}
		if (!back)
			break;
		end -= back;
	}
	return end;
}

/* Bytes matched at s[pos] by the lower-case ASCII letter `c` under Python's
 * IGNORECASE; stores the look-alike variant (0 for ASCII) in *variant. */
static size_t letter_at(const char *s, size_t len, size_t pos, char c, int *variant)
{
	if (pos >= len)
		return 0;
	if (ascii_lower(s[pos]) == c) {
		*variant = 0;
		return 1;
	}
	if ((unsigned char)s[pos] < 0x80)
		return 0;
	for (size_t i = 0; i < sizeof(lookalikes) / sizeof(lookalikes[0]); i++) {
		if (lookalikes[i].ascii == c && has_seq(s, len, pos, lookalikes[i].utf8)) {
			*variant = lookalikes[i].variant;
			return strlen(lookalikes[i].utf8);
		}
	}
	return 0;
}

/* Bytes matched by `word` at s[pos] (0: no match). *variant receives the
 * last non-zero look-alike variant seen (the words have at most one). */
static size_t word_at(const char *s, size_t len, size_t pos, const char *word, int *variant)
{
	size_t start = pos;
	*variant = 0;
	for (; *word; word++) {
		int v = 0;
		size_t n = letter_at(s, len, pos, *word, &v);
		if (!n)
			return 0;
		if (v)
			*variant = v;
		pos += n;
	}
	return pos - start;
}

/* Bytes of one character of the local-label class [a-z0-9] (IGNORECASE). */
static size_t local_char_at(const char *s, size_t len, size_t pos)
{
	char c;
	if (pos >= len)
		return 0;
	c = ascii_lower(s[pos]);
	if (is_digit(c) || (c >= 'a' && c <= 'z'))
		return 1;
	for (size_t i = 0; i < sizeof(lookalikes) / sizeof(lookalikes[0]); i++)
		if (has_seq(s, len, pos, lookalikes[i].utf8))
			return strlen(lookalikes[i].utf8);
	return 0;
}

static size_t digits_at(const char *s, size_t len, size_t pos)
{
	size_t n = 0;
	while (pos + n < len && is_digit(s[pos + n]))
		n++;
	return n;
}

/* After a letter: an optional separator, then optional digits. */
static size_t scan_number(const char *s, size_t len, size_t pos, struct sw_span *num)
{
	size_t d;
	if (pos < len && is_sep(s[pos]))
		pos++;
	d = digits_at(s, len, pos);
	num->off = pos;
	num->len = d;
	return pos + d;
}

/* The optional pre-release segment: [-_.]?(alpha|a|...|rc)[-_.]?N? */
static size_t scan_pre(struct sw_pep440_parts *p, const char *s, size_t len, size_t pos)
{
	size_t at = (pos < len && is_sep(s[pos])) ? pos + 1 : pos;
	for (size_t i = 0; i < sizeof(pre_words) / sizeof(pre_words[0]); i++) {
		int variant;
		size_t n = word_at(s, len, at, pre_words[i].word, &variant);
		if (!n)
			continue;
		p->pre_kind = pre_words[i].kind;
		if (variant == 1)
			p->pre_kind = SW_PREK_PREVIEW_DOTLESS;
		else if (variant == 2)
			p->pre_kind = SW_PREK_PREVIEW_DOTTED;
		return scan_number(s, len, at + n, &p->pre_num);
	}
	return pos;
}

/* The optional post segment: -N, or [-_.]?(post|rev|r)[-_.]?N? */
static size_t scan_post(struct sw_pep440_parts *p, const char *s, size_t len, size_t pos)
{
	size_t at, d;
	if (pos < len && s[pos] == '-' && (d = digits_at(s, len, pos + 1)) > 0) {
		p->post_kind = SW_POSTK_POST;
		p->post_num.off = pos + 1;
		p->post_num.len = d;
		return pos + 1 + d;
	}
	at = (pos < len && is_sep(s[pos])) ? pos + 1 : pos;
	for (size_t i = 0; i < sizeof(post_words) / sizeof(post_words[0]); i++) {
		int variant;
		size_t n = word_at(s, len, at, post_words[i], &variant);
		if (!n)
			continue;
		p->post_kind = variant ? SW_POSTK_LONG_S : SW_POSTK_POST;
		return scan_number(s, len, at + n, &p->post_num);
	}
	return pos;
}

/* The optional dev segment: [-_.]?dev[-_.]?N? */
static size_t scan_dev(struct sw_pep440_parts *p, const char *s, size_t len, size_t pos)
{
	int variant;
	size_t at = (pos < len && is_sep(s[pos])) ? pos + 1 : pos;
	size_t n = word_at(s, len, at, "dev", &variant);
	if (!n)
		return pos;
	p->dev = 1;
	return scan_number(s, len, at + n, &p->dev_num);
}

/* The optional local label: +[a-z0-9]+([-_.][a-z0-9]+)* */
static size_t scan_local(struct sw_pep440_parts *p, const char *s, size_t len, size_t pos)
{
	size_t at, n;
	if (pos >= len || s[pos] != '+')
		return pos;
	at = pos + 1;
	if (!local_char_at(s, len, at))
		return pos;
	for (;;) {
		while ((n = local_char_at(s, len, at)) > 0)
			at += n;
		if (at < len && is_sep(s[at]) && local_char_at(s, len, at + 1))
			at++;
		else
			break;
	}
	p->has_local = 1;
	p->local.off = pos + 1;
	p->local.len = at - pos - 1;
	return at;
}

/* Reads "[N!]N(.N)*" at pos; returns the position after it or 0 with
 * p->fail set. */
static size_t scan_release(struct sw_pep440_parts *p, const char *s, size_t len, size_t pos)
{
	size_t d = digits_at(s, len, pos);
	if (d && pos + d < len && s[pos + d] == '!' && digits_at(s, len, pos + d + 1)) {
		p->epoch.off = pos;
		p->epoch.len = d;
		pos += d + 1;
		d = digits_at(s, len, pos);
	}
	if (!d) {
		p->fail = SW_SCANF_NO_RELEASE;
		return 0;
	}
	p->release.off = pos;
	pos += d;
	p->release_parts = 1;
	while (pos + 1 < len && s[pos] == '.' && is_digit(s[pos + 1])) {
		pos += 1 + digits_at(s, len, pos + 1);
		p->release_parts++;
	}
	p->release.len = pos - p->release.off;
	return pos;
}

int sw_pep440_scan(struct sw_pep440_parts *p, const char *s, size_t len, size_t pos, unsigned flags)
{
	size_t at;
	memset(p, 0, sizeof(*p));
	if (pos < len && (s[pos] == 'v' || s[pos] == 'V'))
		pos++;
	p->end = pos;
	at = scan_release(p, s, len, pos);
	if (!at)
		return -1;
	if ((flags & SW_SCAN_TWO_PARTS) && p->release_parts < 2) {
		p->fail = SW_SCANF_ONE_PART;
		p->end = at;
		return -1;
	}
	if ((flags & SW_SCAN_WILDCARD) && at + 1 < len && s[at] == '.' && s[at + 1] == '*') {
		p->wildcard = 1;
		p->end = at + 2;
		return 0;
	}
	at = scan_pre(p, s, len, at);
	at = scan_post(p, s, len, at);
	at = scan_dev(p, s, len, at);
	if (flags & SW_SCAN_LOCAL)
		at = scan_local(p, s, len, at);
	p->end = at;
	return 0;
}

void sw_pep440_quote(char *dst, size_t cap, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, room;
	if (cap < 8) {
		if (cap)
			dst[0] = '\0';
		return;
	}
	room = cap - 4; /* keeps space for "..." and the NUL */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int ctrl = c < 0x20 || c == 0x7F;
		if (o + (ctrl ? 4u : 1u) > room) {
			/* Never leave half a UTF-8 sequence before the "...". */
			while (o > 0 && ((unsigned char)dst[o - 1] & 0xC0) == 0x80)
				o--;
			if (o > 0 && (unsigned char)dst[o - 1] >= 0xC0)
				o--;
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		if (ctrl) {
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
		} else {
			dst[o++] = (char)c;
		}
	}
	dst[o] = '\0';
}
