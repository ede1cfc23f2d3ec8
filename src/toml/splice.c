/*
 * toml/splice.c — the machinery under every edit: a list of splices (byte
 * ranges of the current text and their replacements), applied in one pass
 * to build the new text, which is then parsed again. Only a successful
 * parse replaces the document's state, so a failed edit changes nothing.
 * Also the small line-oriented helpers the edit operations share.
 */
#include <stdio.h>
#include <string.h>

#include "toml_int.h"

void ed_init(struct editor *e, sw_toml_doc *doc)
{
	memset(e, 0, sizeof(*e));
	e->doc = doc;
	e->st = &doc->st;
	e->t = doc->st.text;
	e->len = doc->st.len;
	sw_buf_init(&e->text, SW_TOML_MAX_SIZE);
}

void ed_free(struct editor *e)
{
	sw_buf_free(&e->text);
	sw_free(e->sp);
	e->sp = NULL;
}

void ed_at(struct editor *e, uint32_t start, uint32_t end)
{
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		struct splice *sp = sw_realloc(e->sp, cap * sizeof(*sp));
		if (!sp) {
			e->err = SW_ENOMEM;
			return;
		}
		e->sp = sp;
		e->cap = cap;
	}
	e->sp[e->n].start = start;
	e->sp[e->n].end = end;
	e->sp[e->n++].off = e->text.len;
}

void ed_put(struct editor *e, const char *s, size_t len)
{
	sw_buf_put(&e->text, s, len);
}

void ed_puts(struct editor *e, const char *s)
{
	sw_buf_puts(&e->text, s);
}

/* Length of the replacement of splice i. */
static size_t splice_len(const struct editor *e, size_t i)
{
	return (i + 1 < e->n ? e->sp[i + 1].off : e->text.len) - e->sp[i].off;
}

/* Sorts the splices by position (insertion sort: edits have few). */
static void sort_splices(struct editor *e)
{
	for (size_t i = 1; i < e->n; i++) {
		struct splice s = e->sp[i];
		size_t j = i;
		while (j > 0 && e->sp[j - 1].start > s.start) {
			e->sp[j] = e->sp[j - 1];
			j--;
		}
		e->sp[j] = s;
	}
}

/* Builds the new text into *out (sw_malloc'd). */
static int build_text(struct editor *e, char **out, size_t *len_out)
{
	size_t len = e->len;
	uint32_t pos = 0;
	char *buf, *d;
	for (size_t i = 0; i < e->n; i++) {
		e->sp[i].len = splice_len(e, i);
		len += e->sp[i].len - (e->sp[i].end - e->sp[i].start);
	}
	sort_splices(e);
	for (size_t i = 1; i < e->n; i++)
		if (e->sp[i].start < e->sp[i - 1].end)
			return sw_error_set(SW_EINVAL, "internal error: overlapping edits");
	if (len > SW_TOML_MAX_SIZE)
		return sw_error_set(SW_ETOOBIG,
		                    "the edited document would be over the limit of %zu bytes",
		                    SW_TOML_MAX_SIZE);
	if ((buf = sw_malloc(len + 1)) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	d = buf;
	for (size_t i = 0; i < e->n; i++) {
		const struct splice *s = &e->sp[i];
		memcpy(d, e->t + pos, s->start - pos);
		d += s->start - pos;
		if (s->len)
			memcpy(d, e->text.ptr + s->off, s->len);
		d += s->len;
		pos = s->end;
	}
	memcpy(d, e->t + pos, e->len - pos);
	*out = buf;
	*len_out = len;
	return 0;
}

int ed_apply(struct editor *e)
{
	struct tstate nst;
	char *text = NULL;
	size_t len = 0;
	int err;
	char why[512];
	if (e->err || sw_buf_error(&e->text))
		return sw_error_set(e->err ? e->err : sw_buf_error(&e->text),
		                    "out of memory or space");
	if ((err = build_text(e, &text, &len)) < 0)
		return err;
	err = tstate_parse(&nst, text, len, e->doc->name, 0);
	sw_free(text);
	if (err == SW_EPARSE) { /* a bug: edits are built to stay valid */
		snprintf(why, sizeof(why), "%s", sw_error_last());
		return sw_error_set(SW_EPARSE,
		                    "internal error: the edit would make the document invalid (%s)",
		                    why);
	}
	if (err < 0)
		return err;
	tstate_free(&e->doc->st);
	e->doc->st = nst;
	e->doc->st.root->v.c.st = &e->doc->st;
	return 0;
}

const char *ed_nl(const struct editor *e)
{
	return e->st->crlf ? "\r\n" : "\n";
}

uint32_t ed_line_begin(const struct editor *e, uint32_t off)
{
	return e->st->lines[line_start_of(e->st, off)];
}

uint32_t ed_trail(const struct editor *e, uint32_t off)
{
	const char *p = e->t + off;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '#')
		while (*p && *p != '\n' && !(p[0] == '\r' && p[1] == '\n'))
			p++;
	return (uint32_t)(p - e->t);
}

uint32_t ed_next_line(const struct editor *e, uint32_t off)
{
	if (e->t[off] == '\r')
		return off + 2;
	if (e->t[off] == '\n')
		return off + 1;
	return off;
}

int ed_blank(const struct editor *e, uint32_t ls)
{
	const char *p = e->t + ls;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == '\n' || *p == '\r' || (uint32_t)(p - e->t) >= e->len;
}

int ed_comment_line(const struct editor *e, uint32_t ls)
{
	const char *p = e->t + ls;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == '#';
}

uint32_t ed_attached(const struct editor *e, uint32_t ls, uint32_t floor)
{
	uint32_t line = line_start_of(e->st, ls);
	while (line > 0 && e->st->lines[line - 1] >= floor &&
	       ed_comment_line(e, e->st->lines[line - 1]))
		line--;
	return e->st->lines[line];
}

int value_check(const char *text, size_t len, const char **vs, size_t *vlen)
{
	struct tstate st;
	const char *s, *end;
	int err;
	if (!text)
		return sw_error_set(SW_EINVAL, "no value given");
	if ((err = tstate_parse(&st, text, len, "value", 1)) < 0)
		return err;
	s = text;
	end = text + len;
	tstate_free(&st);
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	*vs = s;
	*vlen = (size_t)(end - s);
	return 0;
}

const char *path_text(const char *const *keys, size_t n)
{
	static _Thread_local char bufs[2][256]; /* two: a message may show two paths */
	static _Thread_local int which;
	char *out = bufs[which ^= 1];
	sw_buf b;
	sw_buf_init(&b, sizeof(bufs[0]) - 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sw_buf_putc(&b, '.');
		if (sw_toml_write_key(&b, keys[i], strlen(keys[i])) < 0)
			break;
	}
	snprintf(out, sizeof(bufs[0]), "%s", sw_buf_cstr(&b));
	sw_buf_free(&b);
	return out;
}
