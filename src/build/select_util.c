/*
 * build/select_util.c — helpers of the flit_core, setuptools and uv_build
 * rules: string lists, typed reads of [tool.*] values, Python-style path
 * normalisation and globbing over the project tree (glob.glob with
 * recursive=True, and pathlib's glob that also matches hidden names), a
 * filtered collector of every file below a folder, fnmatch, identifiers,
 * and existence checks that do not allocate. The docstring scan is in
 * select_pydoc.c.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build/select_util.h"
#include "slipway/fs.h"
#include "util/util.h"

/* Most segments a glob pattern may have. */
#define SEL_MAX_SEGS 64

int sel_strs_addn(sel_strs *list, const char *str, size_t len)
{
	/* copy first: a failure leaves the list exactly as it was */
	char *copy = sw_strndup(str, len);
	if (copy == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (list->count == list->cap) {
		size_t cap = list->cap == 0 ? 16 : list->cap * 2;
		char **items = sw_realloc(list->items, cap * sizeof(*items));
		if (items == NULL) {
			sw_free(copy);
			return sw_error_set(SW_ENOMEM, "out of memory");
		}
		list->items = items;
		list->cap = cap;
	}
	list->items[list->count++] = copy;
	return 0;
}

int sel_strs_add(sel_strs *list, const char *str)
{
	return sel_strs_addn(list, str, strlen(str));
}

int sel_strs_addf(sel_strs *list, const char *fmt, ...)
{
	sw_buf b;
	va_list ap;
	sw_buf_init(&b, 1024 * 1024);
	va_start(ap, fmt);
	sw_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	int err = sw_buf_error(&b);
	if (err < 0)
		err = sw_error_set(err, "out of memory");
	else
		err = sel_strs_addn(list, sw_buf_cstr(&b), b.len);
	sw_buf_free(&b);
	return err;
}

int sel_strs_has(const sel_strs *list, const char *str)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i], str) == 0)
			return 1;
	return 0;
}

/* qsort comparison of two string pointers, bytewise. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void sel_strs_sort_unique(sel_strs *list)
{
	if (list->count == 0)
		return;
	qsort(list->items, list->count, sizeof(*list->items), cmp_str);
	size_t w = 1;
	for (size_t r = 1; r < list->count; r++) {
		if (strcmp(list->items[r], list->items[w - 1]) == 0)
			sw_free(list->items[r]);
		else
			list->items[w++] = list->items[r];
	}
	list->count = w;
}

void sel_strs_free(sel_strs *list)
{
	for (size_t i = 0; i < list->count; i++)
		sw_free(list->items[i]);
	sw_free(list->items);
	list->items = NULL;
	list->count = list->cap = 0;
}

int sel_toml_str(const sw_toml_node *table, const char *key, const char *what, char **out)
{
	const char *s;
	size_t len;
	*out = NULL;
	const sw_toml_node *n = table ? sw_toml_find(table, key, strlen(key)) : NULL;
	if (n == NULL)
		return 0;
	if (sw_toml_string(n, &s, &len) < 0 || memchr(s, '\0', len) != NULL)
		return sw_error_set(SW_EINVAL, "%s must be a string", what);
	if ((*out = sw_strndup(s, len)) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}

int sel_toml_strs(const sw_toml_node *table, const char *key, const char *what, sel_strs *out)
{
	const sw_toml_node *n = table ? sw_toml_find(table, key, strlen(key)) : NULL;
	if (n == NULL)
		return 0;
	if (sw_toml_type(n) != SW_TOML_ARRAY)
		return sw_error_set(SW_EINVAL, "%s must be an array of strings", what);
	for (const sw_toml_node *it = sw_toml_first(n); it; it = sw_toml_next(it)) {
		const char *s;
		size_t len;
		if (sw_toml_string(it, &s, &len) < 0 || memchr(s, '\0', len) != NULL)
			return sw_error_set(SW_EINVAL, "%s must be an array of strings", what);
		int err = sel_strs_addn(out, s, len);
		if (err < 0)
			return err;
	}
	return 0;
}

int sel_toml_bool(const sw_toml_node *table, const char *key, const char *what, int *out)
{
	const sw_toml_node *n = table ? sw_toml_find(table, key, strlen(key)) : NULL;
	if (n == NULL)
		return 0;
	if (sw_toml_bool(n, out) < 0)
		return sw_error_set(SW_EINVAL, "%s must be true or false", what);
	return 0;
}

char *sel_join(const char *a, const char *b)
{
	sw_buf buf;
	sw_buf_init(&buf, 64 * 1024);
	if (a[0] != '\0') {
		sw_buf_puts(&buf, a);
		if (b[0] != '\0')
			sw_buf_putc(&buf, '/');
	}
	sw_buf_puts(&buf, b);
	if (sw_buf_error(&buf) < 0) {
		sw_buf_free(&buf);
		sw_error_set(SW_ENOMEM, "out of memory");
		return NULL;
	}
	return sw_buf_detach(&buf, NULL);
}

char *sel_normpath(const char *path)
{
	size_t n = strlen(path);
	char *out = sw_malloc(n + 2);
	if (out == NULL) {
		sw_error_set(SW_ENOMEM, "out of memory");
		return NULL;
	}
	size_t w = 0;
	const char *p = path;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int dots = len == 2 && p[0] == '.' && p[1] == '.';
		int up = 0;
		if (dots && w > 0) {
			/* drop the last segment unless it is itself ".." */
			size_t s = w;
			while (s > 0 && out[s - 1] != '/')
				s--;
			if (!(w - s == 2 && out[s] == '.' && out[s + 1] == '.')) {
				w = s > 0 ? s - 1 : 0;
				up = 1;
			}
		}
		if (!up && len > 0 && !(len == 1 && p[0] == '.')) {
			if (w > 0)
				out[w++] = '/';
			memcpy(out + w, p, len);
			w += len;
		}
		p += len;
		if (*p == '/')
			p++;
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return out;
}

/* ---- globbing ----------------------------------------------------------- */

struct glob_ctx {
	const char *segs[SEL_MAX_SEGS];
	size_t nseg;
	size_t base_len; /* length of the base prefix (with its '/') to strip */
	int hidden_ok;   /* pathlib: wildcards match names starting with '.' */
	sel_strs *files, *dirs;
};

/* Returns 1 if a pattern segment has glob magic. */
static int has_magic(const char *seg, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (seg[i] == '*' || seg[i] == '?' || seg[i] == '[')
			return 1;
	return 0;
}

/* Returns the length of a segment (up to '/' or the end). */
static size_t seg_len(const char *s)
{
	const char *e = strchr(s, '/');
	return e ? (size_t)(e - s) : strlen(s);
}

/* Matches one name against one pattern segment (copied to NUL-terminate). */
static int seg_match(const struct glob_ctx *g, const char *pat, size_t plen, const char *name,
                     size_t nlen)
{
	char pbuf[512], nbuf[512];
	if (plen >= sizeof(pbuf) || nlen >= sizeof(nbuf))
		return 0;
	if (!has_magic(pat, plen))
		return plen == nlen && memcmp(pat, name, plen) == 0;
	if (!g->hidden_ok && name[0] == '.' && pat[0] != '.')
		return 0;
	memcpy(pbuf, pat, plen);
	pbuf[plen] = '\0';
	memcpy(nbuf, name, nlen);
	nbuf[nlen] = '\0';
	return bp_glob_match(pbuf, nbuf);
}

/* Matches path components `p` (relative to the base) from segment j on.
 * `prefix` asks whether a directory `p` could lead to a match below it. */
static int glob_rec(const struct glob_ctx *g, const char *p, size_t j, int prefix)
{
	if (*p == '\0') {
		if (prefix)
			return j < g->nseg;
		while (j < g->nseg && seg_len(g->segs[j]) == 2 && g->segs[j][0] == '*' &&
		       g->segs[j][1] == '*')
			j++;
		return j == g->nseg;
	}
	if (j == g->nseg)
		return 0;
	size_t nlen = seg_len(p);
	const char *next = p[nlen] == '/' ? p + nlen + 1 : p + nlen;
	const char *seg = g->segs[j];
	size_t slen = seg_len(seg);
	if (slen == 2 && seg[0] == '*' && seg[1] == '*') {
		if (glob_rec(g, p, j + 1, prefix))
			return 1;
		if (p[0] == '.' && !g->hidden_ok)
			return 0;
		return glob_rec(g, next, j, prefix);
	}
	if (!seg_match(g, seg, slen, p, nlen))
		return 0;
	return glob_rec(g, next, j + 1, prefix);
}

int sel_glob_path(const char *pattern, const char *path, int prefix)
{
	struct glob_ctx g = {.hidden_ok = 1};
	const char *p = pattern;
	while (*p) {
		size_t len = seg_len(p);
		if (len > 0) {
			if (g.nseg == SEL_MAX_SEGS)
				return 0;
			g.segs[g.nseg++] = p;
		}
		p += len;
		if (*p == '/')
			p++;
	}
	return glob_rec(&g, path, 0, prefix);
}

/* bp_walk() visitor of sel_pyglob(). */
static int glob_visit(void *ctx, const char *rel, int is_dir)
{
	struct glob_ctx *g = ctx;
	const char *p = rel + g->base_len;
	int err = 0;
	if (glob_rec(g, p, 0, 0)) {
		sel_strs *to = is_dir ? g->dirs : g->files;
		if (to != NULL && (err = sel_strs_add(to, rel)) < 0)
			return err;
	}
	if (!is_dir)
		return 0;
	return glob_rec(g, p, 0, 1);
}

/* Shared body of the two globs. */
static int glob_run(struct bp *bp, const char *base, const char *pattern, int hidden_ok,
                    sel_strs *files, sel_strs *dirs)
{
	struct glob_ctx g = {.hidden_ok = hidden_ok, .files = files, .dirs = dirs};
	const char *p = pattern;
	while (*p) {
		size_t len = seg_len(p);
		if (len > 0) {
			if (g.nseg == SEL_MAX_SEGS)
				return sw_error_set(SW_EINVAL, "glob pattern '%s' is too deep",
				                    pattern);
			g.segs[g.nseg++] = p;
		}
		p += len;
		if (*p == '/')
			p++;
	}
	if (g.nseg == 0)
		return 0;
	g.base_len = base[0] ? strlen(base) + 1 : 0;
	if (base[0] && !sel_is_dir(bp, base))
		return 0;
	/* a lone "**" below a base also matches the base itself */
	if (g.nseg == 1 && seg_len(g.segs[0]) == 2 && g.segs[0][0] == '*' && g.segs[0][1] == '*' &&
	    base[0] && dirs != NULL) {
		int err = sel_strs_add(dirs, base);
		if (err < 0)
			return err;
	}
	return bp_walk(bp, base, glob_visit, &g);
}

int sel_pyglob(struct bp *bp, const char *base, const char *pattern, sel_strs *files,
               sel_strs *dirs)
{
	return glob_run(bp, base, pattern, 0, files, dirs);
}

int sel_pathglob_files(struct bp *bp, const char *pattern, sel_strs *files)
{
	return glob_run(bp, "", pattern, 1, files, NULL);
}

struct collect_ctx {
	sel_keep_fn keep;
	sel_strs *out;
};

/* bp_walk() visitor of sel_collect_files(). */
static int collect_visit(void *ctx, const char *rel, int is_dir)
{
	struct collect_ctx *c = ctx;
	const char *slash = strrchr(rel, '/');
	const char *name = slash ? slash + 1 : rel;
	int keep = c->keep == NULL || c->keep(rel, name, is_dir);
	if (is_dir)
		return keep;
	return keep ? sel_strs_add(c->out, rel) : 0;
}

int sel_collect_files(struct bp *bp, const char *rel_dir, sel_keep_fn keep, sel_strs *out)
{
	struct collect_ctx c = {keep, out};
	return bp_walk(bp, rel_dir, collect_visit, &c);
}

/* Matches one [...] class at p against c: returns the length of the class
 * (0 when it is not closed) and sets *hit. */
static size_t class_match(const char *p, char c, int *hit)
{
	size_t i = 1;
	int neg = p[i] == '!';
	i += (size_t)neg;
	if (p[i] == ']')
		i++; /* a leading ']' is a member */
	while (p[i] && p[i] != ']')
		i++;
	if (p[i] != ']')
		return 0;
	int in = 0;
	for (size_t k = 1 + (size_t)neg; k < i; k++) {
		if (p[k + 1] == '-' && k + 2 < i) {
			in |= (unsigned char)c >= (unsigned char)p[k] &&
			      (unsigned char)c <= (unsigned char)p[k + 2];
			k += 2;
		} else {
			in |= c == p[k];
		}
	}
	*hit = neg ? !in : in;
	return i + 1;
}

int sel_fnmatch(const char *pat, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;
	while (*s) {
		int hit = 0;
		size_t n;
		if (*pat == '*') {
			star_p = ++pat;
			star_s = s;
			continue;
		}
		if (*pat == '[' && (n = class_match(pat, *s, &hit)) > 0) {
			if (hit) {
				pat += n;
				s++;
				continue;
			}
		} else if (*pat && (*pat == '?' || *pat == *s)) {
			pat++;
			s++;
			continue;
		}
		if (star_p == NULL)
			return 0;
		pat = star_p;
		s = ++star_s;
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

int sel_is_identifier(const char *s, size_t len)
{
	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

/* stat()s a path below the root without allocating (so that an allocation
 * failure cannot be mistaken for a missing file): 1 if it is a folder
 * (want_dir) or a regular file (!want_dir), following symlinks. */
static int sel_is(const struct bp *bp, const char *rel, int want_dir)
{
	char path[PATH_MAX];
	struct stat st;
	int n = snprintf(path, sizeof(path), "%s%s%s", bp->plan->root, rel[0] ? "/" : "", rel);
	if (n < 0 || (size_t)n >= sizeof(path) || stat(path, &st) != 0)
		return 0;
	return want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
}

int sel_is_dir(const struct bp *bp, const char *rel)
{
	return sel_is(bp, rel, 1);
}

int sel_is_file(const struct bp *bp, const char *rel)
{
	return sel_is(bp, rel, 0);
}
