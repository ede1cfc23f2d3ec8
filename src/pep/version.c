/*
 * pep/version.c — PEP 440 versions: parse, normalise, compare, exactly as
 * packaging 25.0's Version does (see pep440_scan.c for the grammar).
 *
 * A version is one allocation holding the original text, the normal and
 * public forms, and an order key: a byte string built so that memcmp()
 * order is packaging's _cmpkey order. Every field of the key delimits
 * itself, so no key is a prefix of another:
 *   epoch | release (trailing zeros dropped) | pre | post | dev | local
 * Numbers of any length go in by value (see put_num_key), so comparing
 * never allocates and never overflows; the first 16 key bytes are also kept
 * as two integers at the start of the object, which decides most compares
 * without touching the rest.
 */
#include <stdint.h>
#include <string.h>

#include "pep440_int.h"
#include "util/util.h"

#define KEY_INLINE 16

struct sw_version {
	uint64_t k0, k1; /* key bytes 0-7 and 8-15, big-endian, zero-padded */
	const unsigned char *key;
	size_t key_len;
	size_t key_public; /* key bytes before the local field */
	size_t key_base;   /* key bytes of epoch and release */
	/* The public key as Version(v.public) has it: the same bytes except
	 * that a "poſt" letter reads back as "post" (see pep440_int.h). */
	const unsigned char *reparsed_key;
	const char *original;
	const char *normal;
	const char *public_str;
	size_t normal_len;
	unsigned char is_pre, is_post, is_dev, has_local;
	char data[]; /* original, normal, public (NUL-terminated), then key */
};

/* Key bytes; their order is what makes memcmp() follow packaging. Number
 * encodings never start below NUM_MIN, so KEY_END closes a release. */
enum {
	KEY_NEG_INF = 0x00,
	KEY_END = 0x01,
	KEY_LOCAL_STR = 0x02,
	KEY_LOCAL_NUM = 0x03,
	KEY_LETTER = 0x10, /* + the pre/post kind */
	KEY_INF = 0xFF,
	NUM_MIN = 2,      /* value v < 100 is the byte v + NUM_MIN */
	NUM_LONG = 102,   /* 3 to 150 digits: NUM_LONG + digits - 3, digits */
	NUM_LONGER = 0xFA /* more: this, two length bytes, digits */
};

/* Pre-release letters as packaging prints them, by enum sw_pre_kind. */
static const char *const pre_text[] = {
        [SW_PREK_A] = "a",
        [SW_PREK_B] = "b",
        [SW_PREK_PREVIEW_DOTTED] = "previ\xCC\x87"
                                   "ew",
        [SW_PREK_PREVIEW_DOTLESS] = "prev\xC4\xB1"
                                    "ew",
        [SW_PREK_RC] = "rc",
};

/* An output cursor. Writes stop at `cap` but `n` keeps counting, so one
 * pass both fills a scratch buffer and measures what did not fit. */
struct out {
	char *p;
	size_t n, cap;
};

static void put(struct out *o, const void *data, size_t n)
{
	if (o->n + n <= o->cap && n)
		memcpy(o->p + o->n, data, n);
	o->n += n;
}

static void put_byte(struct out *o, unsigned char c)
{
	if (o->n < o->cap)
		o->p[o->n] = (char)c;
	o->n++;
}

static void put_str(struct out *o, const char *str)
{
	put(o, str, strlen(str));
}

/* A digit span without its leading zeros ("" and "000" give "0"). */
static struct sw_span strip_zeros(const char *s, struct sw_span sp)
{
	struct sw_span r = sp;
	while (r.len > 1 && s[r.off] == '0') {
		r.off++;
		r.len--;
	}
	return r;
}

static void put_num_text(struct out *o, const char *s, struct sw_span sp)
{
	if (sp.len == 0) {
		put_byte(o, '0');
		return;
	}
	sp = strip_zeros(s, sp);
	put(o, s + sp.off, sp.len);
}

/* A number in the key, ordered by value under memcmp(): below 100 one
 * byte; longer ones a length byte that grows with the digit count, then
 * the digits. */
static void put_num_key(struct out *o, const char *s, struct sw_span sp)
{
	if (sp.len == 0) {
		put_byte(o, NUM_MIN);
		return;
	}
	sp = strip_zeros(s, sp);
	if (sp.len <= 2) {
		unsigned v = (unsigned)(s[sp.off] - '0');
		if (sp.len == 2)
			v = v * 10 + (unsigned)(s[sp.off + 1] - '0');
		put_byte(o, (unsigned char)(NUM_MIN + v));
		return;
	}
	if (sp.len <= 150) {
		put_byte(o, (unsigned char)(NUM_LONG + sp.len - 3));
	} else {
		put_byte(o, NUM_LONGER);
		put_byte(o, (unsigned char)(sp.len >> 8));
		put_byte(o, (unsigned char)(sp.len & 0xFF));
	}
	put(o, s + sp.off, sp.len);
}

/* Local label text as Python's str.lower() gives it. */
static void put_lower(struct out *o, const char *s, struct sw_span sp)
{
	size_t end = sp.off + sp.len;
	for (size_t i = sp.off; i < end; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z') {
			put_byte(o, (unsigned char)(c - 'A' + 'a'));
		} else if (c == 0xE2 && i + 2 < end && (unsigned char)s[i + 1] == 0x84 &&
		           (unsigned char)s[i + 2] == 0xAA) {
			put_byte(o, 'k'); /* KELVIN SIGN */
			i += 2;
		} else if (c == 0xC4 && i + 1 < end && (unsigned char)s[i + 1] == 0xB0) {
			put_str(o, "i\xCC\x87"); /* U+0130 lowers to i + U+0307 */
			i += 1;
		} else {
			put_byte(o, c);
		}
	}
}

static int is_piece_sep(char c, int local)
{
	return c == '.' || (local && (c == '-' || c == '_'));
}

/* Next piece of `sp` up to a separator ('.', or any of ".-_" in a local
 * label); returns 0 after the last one. */
static int next_piece(const char *s, struct sw_span sp, size_t *pos, int local,
                      struct sw_span *piece)
{
	size_t end = sp.off + sp.len, at = *pos;
	if (at > end)
		return 0;
	piece->off = at;
	while (at < end && !is_piece_sep(s[at], local))
		at++;
	piece->len = at - piece->off;
	*pos = at + 1;
	return 1;
}

static int all_digits(const char *s, struct sw_span sp)
{
	for (size_t i = 0; i < sp.len; i++)
		if (s[sp.off + i] < '0' || s[sp.off + i] > '9')
			return 0;
	return sp.len > 0;
}

static int is_zero(const char *s, struct sw_span sp)
{
	for (size_t i = 0; i < sp.len; i++)
		if (s[sp.off + i] != '0')
			return 0;
	return 1;
}

/* Writes the normal form; *public_len receives where "+local" starts. */
static void write_normal(struct out *o, const char *s, const struct sw_pep440_parts *p,
                         size_t *public_len)
{
	struct sw_span piece;
	size_t pos = p->release.off;
	int first = 1;
	if (p->epoch.len && !is_zero(s, p->epoch)) {
		put_num_text(o, s, p->epoch);
		put_byte(o, '!');
	}
	while (next_piece(s, p->release, &pos, 0, &piece)) {
		if (!first)
			put_byte(o, '.');
		put_num_text(o, s, piece);
		first = 0;
	}
	if (p->pre_kind) {
		put_str(o, pre_text[p->pre_kind]);
		put_num_text(o, s, p->pre_num);
	}
	if (p->post_kind) {
		put_str(o, ".post");
		put_num_text(o, s, p->post_num);
	}
	if (p->dev) {
		put_str(o, ".dev");
		put_num_text(o, s, p->dev_num);
	}
	*public_len = o->n;
	if (!p->has_local)
		return;
	pos = p->local.off;
	first = 1;
	while (next_piece(s, p->local, &pos, 1, &piece)) {
		put_byte(o, first ? '+' : '.');
		if (all_digits(s, piece))
			put_num_text(o, s, piece);
		else
			put_lower(o, s, piece);
		first = 0;
	}
}

/* Writes the release part of the key: components up to the last non-zero
 * one, then an end byte (a shorter tuple sorts first). */
static void write_release_key(struct out *o, const char *s, const struct sw_pep440_parts *p)
{
	struct sw_span piece;
	size_t pos = p->release.off, last = 0, i = 0;
	while (next_piece(s, p->release, &pos, 0, &piece)) {
		i++;
		if (!is_zero(s, piece))
			last = i;
	}
	pos = p->release.off;
	for (i = 0; i < last && next_piece(s, p->release, &pos, 0, &piece); i++)
		put_num_key(o, s, piece);
	put_byte(o, KEY_END);
}

/* Where write_key() put things: the ends of the base and public parts,
 * and the post letter's byte. */
struct key_marks {
	size_t base_end, public_end, post_at;
};

/* Writes the local part of the key: tagged parts, then an end byte. */
static void write_local_key(struct out *o, const char *s, const struct sw_pep440_parts *p)
{
	struct sw_span piece;
	size_t pos = p->local.off;
	put_byte(o, KEY_END);
	while (next_piece(s, p->local, &pos, 1, &piece)) {
		if (all_digits(s, piece)) {
			put_byte(o, KEY_LOCAL_NUM);
			put_num_key(o, s, piece);
		} else {
			put_byte(o, KEY_LOCAL_STR);
			put_lower(o, s, piece);
			put_byte(o, 0);
		}
	}
	put_byte(o, KEY_END);
}

/* Writes the order key and records its marks. */
static void write_key(struct out *o, const char *s, const struct sw_pep440_parts *p,
                      struct key_marks *m)
{
	put_num_key(o, s, p->epoch);
	write_release_key(o, s, p);
	m->base_end = o->n;
	if (p->pre_kind) {
		put_byte(o, (unsigned char)(KEY_LETTER + p->pre_kind));
		put_num_key(o, s, p->pre_num);
	} else {
		put_byte(o, (!p->post_kind && p->dev) ? KEY_NEG_INF : KEY_INF);
	}
	m->post_at = o->n;
	if (p->post_kind) {
		put_byte(o, (unsigned char)(KEY_LETTER + p->post_kind));
		put_num_key(o, s, p->post_num);
	} else {
		put_byte(o, KEY_NEG_INF);
	}
	if (p->dev) {
		put_byte(o, KEY_LETTER);
		put_num_key(o, s, p->dev_num);
	} else {
		put_byte(o, KEY_INF);
	}
	m->public_end = o->n;
	if (p->has_local)
		write_local_key(o, s, p);
	else
		put_byte(o, KEY_NEG_INF);
}

/* Bytes [at, at + 8) of the key as a big-endian integer, zero-padded. */
static uint64_t key_word(const unsigned char *key, size_t len, size_t at)
{
	uint64_t w = 0;
	for (size_t i = at; i < at + 8; i++)
		w = (w << 8) | (i < len ? key[i] : 0);
	return w;
}

/* Copies the strings and key into the block and fills in `v`. The normal
 * form and key are in `normal` and `key` if they fit there, else written
 * again into the block. */
static void fill(sw_version *v, const char *text, size_t len, const struct sw_pep440_parts *p,
                 const struct out *normal, size_t public_len, const struct out *key,
                 const struct key_marks *m)
{
	char *at = v->data;
	struct out o = {at, 0, (size_t)-1};
	memcpy(at, text, len);
	at[len] = '\0';
	v->original = at;
	at += len + 1;
	if (normal->n <= normal->cap) {
		memcpy(at, normal->p, normal->n);
	} else {
		o.p = at;
		write_normal(&o, text, p, &public_len);
	}
	at[normal->n] = '\0';
	v->normal = at;
	v->normal_len = normal->n;
	at += normal->n + 1;
	memcpy(at, v->normal, public_len);
	at[public_len] = '\0';
	v->public_str = at;
	at += public_len + 1;
	if (key->n <= key->cap) {
		memcpy(at, key->p, key->n);
	} else {
		struct key_marks again;
		o.p = at;
		o.n = 0;
		write_key(&o, text, p, &again);
	}
	v->key = (const unsigned char *)at;
	v->key_len = key->n;
	v->key_base = m->base_end;
	v->key_public = m->public_end;
	v->k0 = key_word(v->key, v->key_len, 0);
	v->k1 = key_word(v->key, v->key_len, 8);
}

/* Allocates the version object for text already scanned into `p`. */
static int build(sw_version **out, const char *text, size_t len, const struct sw_pep440_parts *p)
{
	char normal_buf[512], key_buf[512];
	struct out normal = {normal_buf, 0, sizeof(normal_buf)};
	struct out key = {key_buf, 0, sizeof(key_buf)};
	struct key_marks m;
	size_t public_len, extra;
	sw_version *v;
	write_normal(&normal, text, p, &public_len);
	write_key(&key, text, p, &m);
	extra = p->post_kind == SW_POSTK_LONG_S ? m.public_end : 0;
	v = sw_malloc(sizeof(*v) + len + 1 + normal.n + 1 + public_len + 1 + key.n + extra);
	if (!v)
		return sw_error_set(SW_ENOMEM, "out of memory");
	fill(v, text, len, p, &normal, public_len, &key, &m);
	v->reparsed_key = v->key;
	if (extra) {
		unsigned char *copy = (unsigned char *)v->key + v->key_len;
		memcpy(copy, v->key, extra);
		copy[m.post_at] = (unsigned char)(KEY_LETTER + SW_POSTK_POST);
		v->reparsed_key = copy;
	}
	v->is_pre = (unsigned char)(p->pre_kind || p->dev);
	v->is_post = (unsigned char)(p->post_kind != 0);
	v->is_dev = (unsigned char)p->dev;
	v->has_local = (unsigned char)p->has_local;
	*out = v;
	return 0;
}

/* Scans the whole text; returns 0 if it is a version. */
static int scan_whole(struct sw_pep440_parts *p, const char *text, size_t len)
{
	size_t start = sw_pep440_skip_space(text, len, 0);
	if (sw_pep440_scan(p, text, len, start, SW_SCAN_LOCAL) < 0)
		return SW_EPARSE;
	if (sw_pep440_skip_space(text, len, p->end) != len)
		return SW_EPARSE;
	return 0;
}

int sw_version_try_parse(sw_version **out, const char *text, size_t len)
{
	struct sw_pep440_parts p;
	*out = NULL;
	if (len > SW_PEP440_MAX_LEN)
		return sw_error_set(SW_ETOOBIG, "version is longer than %d bytes",
		                    SW_PEP440_MAX_LEN);
	if (scan_whole(&p, text, len) < 0)
		return SW_EPARSE;
	return build(out, text, len, &p);
}

/* Explains why `text` is not a version, in one line. */
static const char *explain(const char *text, size_t len, char *tail, size_t cap)
{
	struct sw_pep440_parts p;
	size_t start = sw_pep440_skip_space(text, len, 0), stop;
	char c;
	if (start == len)
		return "empty version";
	c = text[start];
	if (strchr("<>=!~", c))
		return "a version has no operator (that would be a specifier)";
	if (sw_pep440_scan(&p, text, len, start, SW_SCAN_LOCAL) < 0)
		return "a version starts with a number, like 1.0 (after an optional 'v')";
	stop = p.end;
	c = text[stop];
	if (c == '*' || (c == '.' && stop + 1 < len && text[stop + 1] == '*'))
		return "wildcards (.*) belong in specifiers such as ==1.0.*";
	if (c == '+')
		return "bad local label after '+' (letters and digits separated by '.', '-' or "
		       "'_')";
	if (sw_pep440_space_at(text, len, stop))
		return "whitespace inside the version";
	sw_pep440_quote(tail, cap, text + stop, len - stop);
	return NULL;
}

int sw_version_parse(sw_version **out, const char *text, size_t len)
{
	char shown[80], tail[48];
	const char *why;
	int err = sw_version_try_parse(out, text, len);
	if (err != SW_EPARSE)
		return err;
	sw_pep440_quote(shown, sizeof(shown), text, len);
	why = explain(text, len, tail, sizeof(tail));
	if (why)
		return sw_error_set(SW_EPARSE, "invalid version '%s': %s", shown, why);
	return sw_error_set(SW_EPARSE, "invalid version '%s': unexpected '%s'", shown, tail);
}

void sw_version_free(sw_version *version)
{
	sw_free(version);
}

const char *sw_version_str(const sw_version *version)
{
	return version->normal;
}

const char *sw_version_original(const sw_version *version)
{
	return version->original;
}

const char *sw_version_public(const sw_version *version)
{
	return version->public_str;
}

/* Compares two key prefixes of the given lengths like memcmp on strings. */
static int key_compare(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	if (c)
		return c < 0 ? -1 : 1;
	return (alen > blen) - (alen < blen);
}

int sw_version_compare(const sw_version *a, const sw_version *b)
{
	size_t alen, blen;
	if (a->k0 != b->k0)
		return a->k0 < b->k0 ? -1 : 1;
	if (a->k1 != b->k1)
		return a->k1 < b->k1 ? -1 : 1;
	alen = a->key_len > KEY_INLINE ? a->key_len - KEY_INLINE : 0;
	blen = b->key_len > KEY_INLINE ? b->key_len - KEY_INLINE : 0;
	if (!alen || !blen) /* keys delimit themselves: equal prefixes, equal keys */
		return (alen > 0) - (blen > 0);
	return key_compare(a->key + KEY_INLINE, alen, b->key + KEY_INLINE, blen);
}

int sw_version_public_compare(const sw_version *candidate, const sw_version *spec)
{
	return key_compare(candidate->reparsed_key, candidate->key_public, spec->key,
	                   spec->key_public);
}

int sw_version_base_equal(const sw_version *a, const sw_version *b)
{
	return a->key_base == b->key_base && memcmp(a->key, b->key, a->key_base) == 0;
}

int sw_version_str_equal(const sw_version *v, const char *text, size_t len)
{
	return v->normal_len == len && memcmp(v->normal, text, len) == 0;
}

int sw_version_is_prerelease(const sw_version *version)
{
	return version->is_pre;
}

int sw_version_is_postrelease(const sw_version *version)
{
	return version->is_post;
}

int sw_version_is_devrelease(const sw_version *version)
{
	return version->is_dev;
}

int sw_version_has_local(const sw_version *version)
{
	return version->has_local;
}
