/*
 * pep/name.c — project and extra names: the PEP 503 validity rule
 * (^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$, case-insensitive) and the
 * normalisation that PEP 503 and PEP 685 share, re.sub(r"[-_.]+", "-",
 * name).lower(), as packaging's canonicalize_name() does it, including
 * Python's Unicode lowercasing (lower.c) for text that is not a valid name,
 * such as marker values compared with `extra`.
 */
#include <string.h>

#include "pep/pep508_int.h"
#include "util/util.h"

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

int sw_name_is_valid(const char *name, size_t len)
{
	if (len == 0 || !is_alnum(name[0]) || !is_alnum(name[len - 1]))
		return 0;
	for (size_t i = 1; i + 1 < len; i++)
		if (!is_alnum(name[i]) && !is_sep(name[i]))
			return 0;
	return 1;
}

/* Produces the normalised form of a name one byte at a time. */
struct norm_iter {
	const char *s;
	size_t len, i;
	char pending[8]; /* bytes of the current lowered character */
	size_t n_pending, next_pending;
};

/* Length and code point of the valid UTF-8 sequence at s[i], or 0. */
static size_t decode_utf8(const char *s, size_t len, size_t i, unsigned long *cp)
{
	unsigned char c = (unsigned char)s[i];
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (n == 0 || c > 0xF4 || n > len - i || !pep_utf8_valid(s + i, n))
		return 0;
	*cp = c & (0x7Fu >> n);
	for (size_t k = 1; k < n; k++)
		*cp = (*cp << 6) | ((unsigned char)s[i + k] & 0x3Fu);
	return n;
}

/* Queues code point `cp` as UTF-8. */
static void queue_cp(struct norm_iter *it, unsigned long cp)
{
	char *u = it->pending + it->n_pending;
	if (cp < 0x80) {
		u[0] = (char)cp;
		it->n_pending += 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		it->n_pending += 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		it->n_pending += 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		it->n_pending += 4;
	}
}

/* Lowers the non-ASCII character at it->i into the pending bytes (a byte
 * that is not valid UTF-8 passes through). */
static void lower_next(struct norm_iter *it)
{
	unsigned long cp;
	size_t n = decode_utf8(it->s, it->len, it->i, &cp);
	it->n_pending = it->next_pending = 0;
	if (n == 0) {
		it->pending[it->n_pending++] = it->s[it->i++];
		return;
	}
	it->i += n;
	if (cp == 0x130) { /* İ lowers to "i" + COMBINING DOT ABOVE */
		queue_cp(it, 'i');
		queue_cp(it, 0x307);
		return;
	}
	queue_cp(it, pep_lower_cp(cp));
}

/* Returns the next byte of the normalised form, or -1 at the end. */
static int norm_next(struct norm_iter *it)
{
	char c;
	if (it->next_pending < it->n_pending)
		return (unsigned char)it->pending[it->next_pending++];
	if (it->i >= it->len)
		return -1;
	c = it->s[it->i];
	if (is_sep(c)) {
		while (it->i < it->len && is_sep(it->s[it->i]))
			it->i++;
		return '-';
	}
	if ((unsigned char)c < 0x80) {
		it->i++;
		return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
	}
	lower_next(it);
	return (unsigned char)it->pending[it->next_pending++];
}

static void norm_init(struct norm_iter *it, const char *s, size_t len)
{
	memset(it, 0, sizeof(*it));
	it->s = s;
	it->len = len;
}

int sw_name_normalize(sw_buf *out, const char *name, size_t len)
{
	struct norm_iter it;
	int c;
	norm_init(&it, name, len);
	while ((c = norm_next(&it)) >= 0)
		sw_buf_putc(out, (char)c);
	/* An empty name still leaves a NUL-terminated buffer behind. */
	return sw_buf_put(out, "", 0);
}

int sw_name_normalize_to(char *dst, size_t size, size_t *out_len, const char *name, size_t len)
{
	struct norm_iter it;
	size_t n = 0;
	int c;
	if (size == 0)
		return sw_error_set(SW_ETOOBIG, "name buffer of 0 bytes");
	norm_init(&it, name, len);
	while ((c = norm_next(&it)) >= 0) {
		if (n + 1 >= size) {
			dst[n] = '\0';
			return sw_error_set(SW_ETOOBIG, "normalised name longer than %zu bytes",
			                    size - 1);
		}
		dst[n++] = (char)c;
	}
	dst[n] = '\0';
	if (out_len)
		*out_len = n;
	return 0;
}

int sw_name_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	struct norm_iter ia, ib;
	norm_init(&ia, a, alen);
	norm_init(&ib, b, blen);
	for (;;) {
		int ca = norm_next(&ia), cb = norm_next(&ib);
		if (ca != cb)
			return 0;
		if (ca < 0)
			return 1;
	}
}
