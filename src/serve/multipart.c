/*
 * serve/multipart.c — the streaming multipart/form-data parser of uploads.
 * Input goes through one fixed window: a preamble and each part's body are
 * scanned for "\r\n--<boundary>" and passed on except for the last bytes that
 * could start a delimiter; header blocks must fit in the window. The window
 * starts with a virtual "\r\n" so a delimiter at the very start matches the
 * same pattern as every later one.
 */
#include <string.h>

#include "serve/multipart.h"
#include "util/util.h"

enum mp_state { MP_PREAMBLE, MP_AFTER_DELIM, MP_HEADERS, MP_BODY, MP_END, MP_FAILED };

#define MP_BOUNDARY_MAX     70
#define MP_HEADER_VALUE_MAX 4096

struct sv_mp {
	enum mp_state state;
	struct sv_mp_callbacks cb;
	void *ctx;
	char delim[MP_BOUNDARY_MAX + 5]; /* "\r\n--" boundary */
	size_t dlen;
	size_t parts;
	char *name, *filename, *ctype;
	size_t len;
	char win[SV_MP_WINDOW + MP_BOUNDARY_MAX + 8];
};

/* Case-insensitive ASCII comparison of `n` bytes. */
static int ascii_ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
		char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] + 32) : b[i];
		if (x != y)
			return 0;
	}
	return 1;
}

/* Finds `needle` in `hay`; returns its offset or `hlen` when absent. */
static size_t find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (hlen < nlen)
		return hlen;
	for (size_t i = 0; i + nlen <= hlen; i++) {
		const char *p = memchr(hay + i, needle[0], hlen - nlen + 1 - i);
		if (!p)
			return hlen;
		i = (size_t)(p - hay);
		if (memcmp(p, needle, nlen) == 0)
			return i;
	}
	return hlen;
}

/* Reads the boundary parameter of a multipart/form-data Content-Type. */
static int parse_boundary(sv_mp *mp, const char *ct)
{
	static const char type[] = "multipart/form-data";
	size_t n = strlen(ct), i = sizeof(type) - 1;
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	if (n < i || !ascii_ieq(ct, type, i) || (i < n && ct[i] != ';' && ct[i] != ' '))
		return sw_error_set(SW_EPARSE, "Content-Type is not multipart/form-data");
	while (i < n) {
		while (i < n && (ct[i] == ';' || ct[i] == ' ' || ct[i] == '\t'))
			i++;
		size_t key = i;
		while (i < n && ct[i] != '=' && ct[i] != ';')
			i++;
		if (i >= n || ct[i] != '=')
			continue;
		int is_boundary = i - key == 8 && ascii_ieq(ct + key, "boundary", 8);
		size_t start = ++i, end;
		if (i < n && ct[i] == '"') {
			start = ++i;
			while (i < n && ct[i] != '"')
				i++;
			end = i++;
		} else {
			while (i < n && ct[i] != ';' && ct[i] != ' ')
				i++;
			end = i;
		}
		if (!is_boundary)
			continue;
		if (end <= start || end - start > MP_BOUNDARY_MAX || end > n)
			return sw_error_set(SW_EPARSE, "invalid multipart boundary");
		memcpy(mp->delim, "\r\n--", 4);
		memcpy(mp->delim + 4, ct + start, end - start);
		mp->dlen = 4 + end - start;
		return 0;
	}
	return sw_error_set(SW_EPARSE, "multipart/form-data without a boundary");
}

int sv_mp_new(sv_mp **out, const char *content_type, const struct sv_mp_callbacks *cb, void *ctx)
{
	int err = 0;
	sv_mp *mp = sw_calloc(1, sizeof(*mp));
	*out = NULL;
	if (!mp)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = parse_boundary(mp, content_type ? content_type : "")) < 0)
		goto done;
	mp->cb = *cb;
	mp->ctx = ctx;
	mp->state = MP_PREAMBLE;
	memcpy(mp->win, "\r\n", 2);
	mp->len = 2;
	*out = mp;
	mp = NULL;
done:
	sw_free(mp);
	return err;
}

void sv_mp_free(sv_mp *mp)
{
	if (!mp)
		return;
	sw_free(mp->name);
	sw_free(mp->filename);
	sw_free(mp->ctype);
	sw_free(mp);
}

/* Drops the first `n` bytes of the window. */
static void consume(sv_mp *mp, size_t n)
{
	memmove(mp->win, mp->win + n, mp->len - n);
	mp->len -= n;
}

/* Copies a header parameter value (token or quoted-string with backslash
 * escapes) starting at s[*i]; advances *i past it. */
static char *param_value(const char *s, size_t n, size_t *i)
{
	sw_buf b;
	sw_buf_init(&b, MP_HEADER_VALUE_MAX);
	sw_buf_puts(&b, "");
	if (*i < n && s[*i] == '"') {
		for ((*i)++; *i < n && s[*i] != '"'; (*i)++) {
			/* as Python's cgi/webob: only \\ and \" are escapes */
			if (s[*i] == '\\' && *i + 1 < n && (s[*i + 1] == '\\' || s[*i + 1] == '"'))
				(*i)++;
			sw_buf_putc(&b, s[*i]);
		}
		if (*i >= n) {
			sw_buf_free(&b);
			return NULL;
		}
		(*i)++;
	} else {
		size_t start = *i;
		while (*i < n && s[*i] != ';' && s[*i] != ' ' && s[*i] != '\t')
			(*i)++;
		sw_buf_put(&b, s + start, *i - start);
	}
	return sw_buf_detach(&b, NULL);
}

/* Parses a Content-Disposition value: form-data; name=...; filename=... */
static int parse_disposition(sv_mp *mp, const char *s, size_t n)
{
	size_t i = 9;
	if (n < 9 || !ascii_ieq(s, "form-data", 9) || (n > 9 && s[9] != ';' && s[9] != ' '))
		return sw_error_set(SW_EPARSE, "multipart part is not form-data");
	while (i < n) {
		while (i < n && (s[i] == ';' || s[i] == ' ' || s[i] == '\t'))
			i++;
		size_t key = i;
		while (i < n && s[i] != '=' && s[i] != ';')
			i++;
		if (i >= n || s[i] != '=')
			continue;
		size_t klen = i - key;
		i++;
		char **slot = NULL;
		if (klen == 4 && ascii_ieq(s + key, "name", 4))
			slot = &mp->name;
		else if (klen == 8 && ascii_ieq(s + key, "filename", 8))
			slot = &mp->filename;
		char *value = param_value(s, n, &i);
		if (!value)
			return sw_error_set(SW_EPARSE, "malformed Content-Disposition parameter");
		if (slot && !*slot) {
			*slot = value;
			value = NULL;
		}
		sw_free(value);
	}
	if (!mp->name)
		return sw_error_set(SW_EPARSE, "multipart part without a name");
	return 0;
}

/* Parses one header block (lines separated by CRLF, no final blank line). */
static int parse_headers(sv_mp *mp, const char *s, size_t n)
{
	int seen = 0;
	if (memchr(s, '\0', n))
		return sw_error_set(SW_EPARSE, "NUL byte in multipart headers");
	for (size_t i = 0; i < n;) {
		size_t end = i + find(s + i, n - i, "\r\n", 2);
		const char *colon = memchr(s + i, ':', end - i);
		if (!colon)
			return sw_error_set(SW_EPARSE, "malformed multipart header line");
		size_t klen = (size_t)(colon - (s + i));
		size_t v = (size_t)(colon - s) + 1, vend = end;
		while (v < vend && (s[v] == ' ' || s[v] == '\t'))
			v++;
		while (vend > v && (s[vend - 1] == ' ' || s[vend - 1] == '\t'))
			vend--;
		if (klen == 19 && ascii_ieq(s + i, "Content-Disposition", 19)) {
			if (seen++)
				return sw_error_set(SW_EPARSE, "repeated Content-Disposition");
			int err = parse_disposition(mp, s + v, vend - v);
			if (err < 0)
				return err;
		} else if (klen == 12 && ascii_ieq(s + i, "Content-Type", 12) && !mp->ctype) {
			if (!(mp->ctype = sw_strndup(s + v, vend - v)))
				return sw_error_set(SW_ENOMEM, "out of memory");
		}
		i = end + 2;
	}
	if (!seen)
		return sw_error_set(SW_EPARSE, "multipart part without Content-Disposition");
	return 0;
}

/* Starts a part: parses its headers and calls part_begin. */
static int begin_part(sv_mp *mp, size_t hlen)
{
	sw_free(mp->name);
	sw_free(mp->filename);
	sw_free(mp->ctype);
	mp->name = mp->filename = mp->ctype = NULL;
	if (++mp->parts > SV_MP_MAX_PARTS)
		return sw_error_set(SW_EPARSE, "too many multipart parts");
	int err = parse_headers(mp, mp->win, hlen);
	if (err < 0)
		return err;
	struct sv_mp_part part = {mp->name, mp->filename, mp->ctype};
	return mp->cb.part_begin ? mp->cb.part_begin(mp->ctx, &part) : 0;
}

/* Scans the window for a delimiter, passing body bytes on (MP_BODY) or
 * dropping them (MP_PREAMBLE). Returns 1 if a delimiter was consumed. */
static int scan_body(sv_mp *mp, int *err)
{
	int body = mp->state == MP_BODY;
	size_t pos = find(mp->win, mp->len, mp->delim, mp->dlen);
	size_t emit = pos < mp->len ? pos : (mp->len >= mp->dlen ? mp->len - (mp->dlen - 1) : 0);
	if (body && emit && mp->cb.part_data && (*err = mp->cb.part_data(mp->ctx, mp->win, emit)))
		return 0;
	if (pos >= mp->len) {
		consume(mp, emit);
		return 0;
	}
	consume(mp, pos + mp->dlen);
	if (body && mp->cb.part_end && (*err = mp->cb.part_end(mp->ctx)))
		return 0;
	mp->state = MP_AFTER_DELIM;
	return 1;
}

/* After a delimiter: "--" closes the body, else padding and CRLF. */
static int after_delim(sv_mp *mp, int *err)
{
	size_t i = 0;
	if (mp->len < 2)
		return 0;
	if (mp->win[0] == '-' && mp->win[1] == '-') {
		mp->state = MP_END;
		mp->len = 0;
		return 0;
	}
	while (i < mp->len && (mp->win[i] == ' ' || mp->win[i] == '\t'))
		i++;
	if (i > 256) {
		*err = sw_error_set(SW_EPARSE, "malformed multipart delimiter line");
		return 0;
	}
	if (i + 2 > mp->len)
		return 0;
	if (mp->win[i] != '\r' || mp->win[i + 1] != '\n') {
		*err = sw_error_set(SW_EPARSE, "malformed multipart delimiter line");
		return 0;
	}
	consume(mp, i + 2);
	mp->state = MP_HEADERS;
	return 1;
}

/* Waits for a complete header block and starts the part. */
static int headers(sv_mp *mp, int *err)
{
	size_t pos;
	if (mp->len >= 2 && mp->win[0] == '\r' && mp->win[1] == '\n') {
		*err = sw_error_set(SW_EPARSE, "multipart part without headers");
		return 0;
	}
	pos = find(mp->win, mp->len, "\r\n\r\n", 4);
	if (pos >= mp->len) {
		if (mp->len >= SV_MP_WINDOW)
			*err = sw_error_set(SW_EPARSE, "multipart part headers too long");
		return 0;
	}
	if ((*err = begin_part(mp, pos)) != 0)
		return 0;
	consume(mp, pos + 4);
	mp->state = MP_BODY;
	return 1;
}

/* Runs the state machine over the window until it needs more input. */
static int run(sv_mp *mp)
{
	int err = 0, more = 1;
	while (more && !err) {
		switch (mp->state) {
		case MP_PREAMBLE:
		case MP_BODY:
			more = scan_body(mp, &err);
			break;
		case MP_AFTER_DELIM:
			more = after_delim(mp, &err);
			break;
		case MP_HEADERS:
			more = headers(mp, &err);
			break;
		default:
			mp->len = 0;
			more = 0;
			break;
		}
	}
	return err;
}

int sv_mp_feed(sv_mp *mp, const char *data, size_t len)
{
	if (mp->state == MP_FAILED)
		return sw_error_set(SW_EPARSE, "multipart parser already failed");
	while (len > 0) {
		size_t room = SV_MP_WINDOW - mp->len;
		size_t n = len < room ? len : room;
		if (mp->state == MP_END)
			return 0;
		if (n == 0) {
			mp->state = MP_FAILED;
			return sw_error_set(SW_EPARSE, "multipart parser stalled");
		}
		memcpy(mp->win + mp->len, data, n);
		mp->len += n;
		data += n;
		len -= n;
		int err = run(mp);
		if (err) {
			mp->state = MP_FAILED;
			return err;
		}
	}
	return 0;
}

int sv_mp_finish(sv_mp *mp)
{
	if (mp->state != MP_END)
		return sw_error_set(SW_EPARSE, "multipart body ends before its closing boundary");
	return 0;
}
