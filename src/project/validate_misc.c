/*
 * project/validate_misc.c — the checks of entry points (names, object
 * references, groups), project URLs (labels and URLs, with the rules of
 * Python's urllib.parse that validate-pyproject applies) and import names
 * (PEP 794).
 */
#include <string.h>

#include "project/project_int.h"

static int ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
}

/* Strips ASCII whitespace from both ends of [*s, *s + *n). */
static void strip(const char **s, size_t *n)
{
	while (*n && ascii_space((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && ascii_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* An entry point name: no '=', not starting with '[', no whitespace at
 * either end. */
static int ep_name_ok(const char *s, size_t len)
{
	if (!len || s[0] == '[' || ascii_space((unsigned char)s[0]) ||
	    ascii_space((unsigned char)s[len - 1]))
		return 0;
	return memchr(s, '=', len) == NULL;
}

/* Identifiers separated by dots, each stripped of surrounding spaces. */
static int parts_ok(const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		const char *seg;
		size_t n;
		if (i < len && s[i] != '.')
			continue;
		seg = s + start;
		n = i - start;
		strip(&seg, &n);
		if (!pj_is_identifier(seg, n))
			return 0;
		start = i + 1;
	}
	return 1;
}

/* Comma-separated extras, each a valid name once stripped. */
static int extras_ok(const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		const char *seg;
		size_t n;
		if (i < len && s[i] != ',')
			continue;
		seg = s + start;
		n = i - start;
		strip(&seg, &n);
		if (!sw_name_is_valid(seg, n))
			return 0;
		start = i + 1;
	}
	return 1;
}

/* An object reference "module.path[:object.path][ [extras]]". */
static int ep_reference_ok(const char *s, size_t len)
{
	const char *colon = memchr(s, ':', len), *rest, *bracket;
	size_t mlen = colon ? (size_t)(colon - s) : len, rlen;
	if (!parts_ok(s, mlen))
		return 0;
	if (!colon)
		return 1;
	rest = colon + 1;
	rlen = len - mlen - 1;
	bracket = memchr(rest, '[', rlen);
	if (bracket) {
		const char *ex = bracket + 1;
		size_t exlen = rlen - (size_t)(ex - rest);
		strip(&ex, &exlen);
		if (!exlen || ex[exlen - 1] != ']')
			return 0;
		while (exlen && (ex[exlen - 1] == ']' || ex[exlen - 1] == '[' ||
		                 ascii_space((unsigned char)ex[exlen - 1])))
			exlen--;
		while (exlen && (*ex == '[' || *ex == ']' || ascii_space((unsigned char)*ex)))
			ex++, exlen--;
		if (!extras_ok(ex, exlen))
			return 0;
		rlen = (size_t)(bracket - rest);
	}
	return rlen == 0 || parts_ok(rest, rlen);
}

/* A group name: \w+(\.\w+)* */
static int ep_group_ok(const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.') {
			unsigned char ch = (unsigned char)s[i];
			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80))
				return 0;
			continue;
		}
		if (i == start)
			return 0;
		start = i + 1;
	}
	return 1;
}

static void check_entries(struct pj_check *c, const sw_project_pairs *pairs)
{
	for (size_t i = 0; i < pairs->count; i++) {
		const sw_project_pair *e = &pairs->items[i];
		if (!ep_name_ok(e->key.str, e->key.len))
			pj_diag_str(c, R_EP_NAME_INVALID, &e->key, e->key.str, NULL);
		if (!ep_reference_ok(e->value.str, e->value.len))
			pj_diag_str(c, R_EP_REFERENCE_INVALID, &e->value, e->value.str, NULL);
	}
}

void pj_check_entry_points(struct pj_check *c)
{
	const sw_project_meta *m = &c->p->meta;
	check_entries(c, &m->scripts);
	check_entries(c, &m->gui_scripts);
	for (size_t i = 0; i < m->entry_points.count; i++) {
		const sw_project_ep_group *g = &m->entry_points.items[i];
		if (strcmp(g->name.str, "console_scripts") == 0)
			pj_diag_str(c, R_EP_GROUP_RESERVED, &g->name, g->name.str, "scripts");
		else if (strcmp(g->name.str, "gui_scripts") == 0)
			pj_diag_str(c, R_EP_GROUP_RESERVED, &g->name, g->name.str, "gui-scripts");
		else if (!ep_group_ok(g->name.str, g->name.len))
			pj_diag_str(c, R_EP_GROUP_INVALID, &g->name, g->name.str, NULL);
		check_entries(c, &g->entries);
	}
}

/* ---- urls ------------------------------------------------------------------ */

/* The netloc after "//" up to '/', '?' or '#'; 0 if empty or its square
 * brackets do not pair (urllib raises "Invalid IPv6 URL"). */
static int netloc_ok(const char *s, size_t len)
{
	size_t n = 0;
	const char *open, *close;
	while (n < len && s[n] != '/' && s[n] != '?' && s[n] != '#')
		n++;
	open = memchr(s, '[', n);
	close = memchr(s, ']', n);
	return n > 0 && !open == !close;
}

/* Python's urlsplit() on a cleaned URL: 1 with a scheme, 0 without, and
 * whether scheme and netloc are both there goes to *ok. */
static int split_url(const char *u, size_t len, int *ok)
{
	const char *colon = memchr(u, ':', len);
	size_t i;
	*ok = 0;
	if (colon && colon > u && ((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z'))) {
		for (i = 0; u + i < colon; i++) {
			char ch = u[i];
			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == '.'))
				break;
		}
		if (u + i == colon) {
			size_t rlen = len - i - 1;
			*ok = rlen >= 2 && colon[1] == '/' && colon[2] == '/' &&
			      netloc_ok(colon + 3, rlen - 2);
			return 1;
		}
	}
	return 0;
}

/* 0 invalid, 1 valid, 2 valid only once "http://" is put in front. */
static int url_kind(struct pj_check *c, const char *s, size_t len)
{
	int ok;
	sw_buf_clear(&c->tmp);
	while (len && (unsigned char)*s <= 0x20)
		s++, len--;
	for (size_t i = 0; i < len; i++)
		if (s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			sw_buf_putc(&c->tmp, s[i]);
	if (sw_buf_error(&c->tmp)) {
		c->err = SW_ENOMEM;
		return 1;
	}
	s = sw_buf_cstr(&c->tmp);
	len = c->tmp.len;
	if (split_url(s, len, &ok))
		return ok;
	if (!len || s[0] == '/' || s[0] == '\\' || memchr(s, '@', len))
		return 0;
	return netloc_ok(s, len) ? 2 : 0;
}

/* Characters (UTF-8 code points) of a string. */
static size_t chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

void pj_check_urls(struct pj_check *c)
{
	const sw_project_pairs *u = &c->p->meta.urls;
	for (size_t i = 0; i < u->count && !c->err; i++) {
		const sw_project_pair *e = &u->items[i];
		int kind;
		if (chars(e->key.str, e->key.len) > 32)
			pj_diag_str(c, R_URL_LABEL_TOO_LONG, &e->key, e->key.str, NULL);
		kind = url_kind(c, e->value.str, e->value.len);
		if (kind == 0)
			pj_diag_str(c, R_URL_INVALID, &e->value, e->value.str, NULL);
		else if (kind == 2)
			pj_diag_str(c, R_URL_NO_SCHEME, &e->value, e->value.str, NULL);
	}
}

/* ---- import names (PEP 794) -------------------------------------------------- */

/* Splits "name" or "name; private"; returns 0 if malformed. */
static int import_name(const sw_project_str *s, const char **name, size_t *nlen)
{
	const char *semi = memchr(s->str, ';', s->len);
	*name = s->str;
	*nlen = semi ? (size_t)(semi - s->str) : s->len;
	strip(name, nlen);
	if (semi) {
		const char *flag = semi + 1;
		size_t flen = s->len - (size_t)(flag - s->str);
		strip(&flag, &flen);
		if (flen != 7 || memcmp(flag, "private", 7) != 0)
			return 0;
	}
	return pj_is_dotted_identifier(*name, *nlen);
}

/* The two lists, seen as one sequence. */
struct import_lists {
	struct pj_check *c;
	const sw_project_strs *lists[2];
};

static const sw_project_str *import_entry(const struct import_lists *L, size_t i)
{
	size_t n0 = L->lists[0]->count;
	return i < n0 ? &L->lists[0]->items[i] : &L->lists[1]->items[i - n0];
}

static void report_import_duplicate(void *ctx, size_t i, size_t first)
{
	const struct import_lists *L = ctx;
	const sw_project_str *s = import_entry(L, i);
	const char *name;
	size_t nlen;
	(void)first;
	import_name(s, &name, &nlen);
	sw_buf_clear(&L->c->tmp);
	sw_buf_put(&L->c->tmp, name, nlen);
	pj_diag_str(L->c, R_IMPORT_NAME_DUPLICATE, s, sw_buf_cstr(&L->c->tmp), NULL);
}

void pj_check_import_names(struct pj_check *c)
{
	struct import_lists L = {c, {&c->p->meta.import_names, &c->p->meta.import_namespaces}};
	size_t total = L.lists[0]->count + L.lists[1]->count, n = 0;
	struct pj_name *names;
	if (!total)
		return;
	if (!(names = sw_malloc(total * sizeof(*names)))) {
		c->err = SW_ENOMEM;
		return;
	}
	for (size_t i = 0; i < total; i++) {
		const sw_project_str *s = import_entry(&L, i);
		const char *name;
		size_t nlen;
		if (import_name(s, &name, &nlen))
			names[n++] = (struct pj_name){name, nlen, i};
		else
			pj_diag_str(c, R_IMPORT_NAME_INVALID, s, s->str, NULL);
	}
	pj_duplicates(names, n, report_import_duplicate, &L);
	sw_free(names);
}
