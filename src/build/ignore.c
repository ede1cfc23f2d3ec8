/*
 * build/ignore.c — .gitignore patterns as hatchling applies them (through
 * pathspec's GitIgnoreSpec): each pattern is turned into a list of glob
 * segments, anchored or floating, and a path is matched against every
 * pattern; the last match decides, with pathspec's priorities between a
 * direct match and a match through a parent folder (see build_int.h).
 */
#include <string.h>

#include "build/build_int.h"
#include "util/util.h"

/* Most segments of a path the matcher looks at. */
#define IG_MAX_SEGS 256

struct ig_pattern {
	char *base;     /* "" or the folder the pattern is anchored at, with '/' */
	char *segs;     /* the segments joined with '/' */
	size_t nsegs;   /* how many */
	int negate;     /* a '!' pattern */
	int dir_only;   /* the pattern ended with '/' */
	int any_folder; /* the pattern was exactly "**" + "/": anything in a folder */
};

struct bp_ignore {
	struct ig_pattern *items;
	size_t count, cap;
};

/* A path split into segments. */
struct ig_path {
	const char *seg[IG_MAX_SEGS];
	size_t len[IG_MAX_SEGS];
	size_t n;
};

int bp_ignore_new(bp_ignore **out)
{
	*out = sw_calloc(1, sizeof(**out));
	return *out ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

void bp_ignore_free(bp_ignore *ig)
{
	if (ig == NULL)
		return;
	for (size_t i = 0; i < ig->count; i++) {
		sw_free(ig->items[i].base);
		sw_free(ig->items[i].segs);
	}
	sw_free(ig->items);
	sw_free(ig);
}

/* Returns the start of segment k of a '/'-joined list and its length. */
static const char *seg_at(const char *segs, size_t k, size_t *len)
{
	const char *p = segs;
	for (size_t i = 0; i < k; i++)
		p += strcspn(p, "/") + 1;
	*len = strcspn(p, "/");
	return p;
}

static int seg_is(const char *s, size_t n, const char *what)
{
	return n == strlen(what) && memcmp(s, what, n) == 0;
}

/* Turns one cleaned pattern into segments the way pathspec does. */
static int compile(struct ig_pattern *pt, const char *pat, size_t len)
{
	const char *raw[IG_MAX_SEGS];
	size_t rlen[IG_MAX_SEGS], n = 0;
	for (size_t i = 0, start = 0; i <= len; i++) {
		if (i < len && pat[i] != '/')
			continue;
		if (n == IG_MAX_SEGS)
			return SW_EINVAL;
		raw[n] = pat + start;
		rlen[n++] = i - start;
		start = i + 1;
	}
	pt->dir_only = rlen[n - 1] == 0;
	size_t w = 1; /* collapse runs of `**` */
	for (size_t i = 1; i < n; i++) {
		if (seg_is(raw[i], rlen[i], "**") && seg_is(raw[w - 1], rlen[w - 1], "**"))
			continue;
		raw[w] = raw[i], rlen[w++] = rlen[i];
	}
	n = w;
	pt->any_folder = n == 2 && seg_is(raw[0], rlen[0], "**") && rlen[1] == 0;
	size_t first = 0;
	int float_it = 0;
	if (rlen[0] == 0)
		first = 1; /* anchored */
	else if ((n == 1 || (n == 2 && rlen[1] == 0)) && !seg_is(raw[0], rlen[0], "**"))
		float_it = 1;
	if (first == n)
		return SW_EINVAL;
	if (rlen[n - 1] == 0 && n - first > 1)
		raw[n - 1] = "**", rlen[n - 1] = 2;
	sw_buf b;
	sw_buf_init(&b, len + 8);
	sw_buf_puts(&b, float_it ? "**/" : "");
	for (size_t i = first; i < n; i++) {
		sw_buf_put(&b, raw[i], rlen[i]);
		if (i + 1 < n)
			sw_buf_putc(&b, '/');
	}
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return SW_ENOMEM;
	}
	pt->nsegs = n - first + (size_t)float_it;
	pt->segs = sw_buf_detach(&b, NULL);
	return pt->segs ? 0 : SW_ENOMEM;
}

/* Adds one raw pattern line anchored at `base`. */
static int add_line(bp_ignore *ig, const char *base, const char *line, size_t len)
{
	size_t s = 0, e = len;
	while (s < e && (line[s] == ' ' || line[s] == '\t' || line[s] == '\r' || line[s] == '\f'))
		s++;
	int keep_space = e - s >= 2 && line[e - 1] == ' ' && line[e - 2] == '\\';
	while (!keep_space && e > s &&
	       (line[e - 1] == ' ' || line[e - 1] == '\t' || line[e - 1] == '\r'))
		e--;
	if (s == e || line[s] == '#' || (e - s == 1 && line[s] == '/'))
		return 0;
	struct ig_pattern pt = {0};
	if (line[s] == '!') {
		pt.negate = 1;
		s++;
	}
	if (s == e)
		return 0;
	if (ig->count == ig->cap) {
		size_t cap = ig->cap ? ig->cap * 2 : 16;
		struct ig_pattern *items = sw_realloc(ig->items, cap * sizeof(*items));
		if (items == NULL)
			return sw_error_set(SW_ENOMEM, "out of memory");
		ig->items = items;
		ig->cap = cap;
	}
	int err = compile(&pt, line + s, e - s);
	if (err == SW_EINVAL)
		return 0; /* pathspec refuses it; git ignores it: so do we */
	if (err < 0 || (pt.base = sw_strdup(base)) == NULL) {
		sw_free(pt.segs);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	ig->items[ig->count++] = pt;
	return 0;
}

int bp_ignore_add_text(bp_ignore *ig, const char *base, const char *text, size_t len)
{
	sw_buf b;
	int err = 0;
	sw_buf_init(&b, 64 * 1024);
	if (base[0] != '\0') {
		sw_buf_puts(&b, base);
		if (base[strlen(base) - 1] != '/')
			sw_buf_putc(&b, '/');
	} else {
		sw_buf_puts(&b, "");
	}
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	for (size_t pos = 0; pos < len && err == 0;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		err = add_line(ig, b.ptr ? b.ptr : "", text + pos, n);
		pos += n + 1;
	}
	sw_buf_free(&b);
	return err;
}

int bp_ignore_add(bp_ignore *ig, const char *pattern)
{
	return add_line(ig, "", pattern, strlen(pattern));
}

/* Matches pattern segments from i against path segments from j: 0 no, 1
 * a direct match, 2 a match through a folder (pathspec's "dir mark"). */
static int match_segs(const struct ig_pattern *pt, size_t i, const struct ig_path *p, size_t j)
{
	size_t slen, m = pt->nsegs;
	const char *seg = seg_at(pt->segs, i, &slen);
	int last = i + 1 == m;
	if (seg_is(seg, slen, "**")) {
		if (i == 0 && last)
			return p->n > 0 && p->len[0] > 0;
		if (last)
			return j < p->n ? (pt->dir_only ? 2 : 1) : 0;
		/* greedy, as the regex: skip the most segments first */
		for (size_t k = p->n > j ? p->n - j - 1 : 0;; k--) {
			int r = match_segs(pt, i + 1, p, j + k);
			if (r != 0)
				return r;
			if (k == 0)
				return 0;
		}
	}
	if (j >= p->n)
		return 0;
	if (seg_is(seg, slen, "*") ? p->len[j] == 0
	                           : !bp_glob_segment(seg, slen, p->seg[j], p->len[j]))
		return 0;
	if (last)
		return j + 1 == p->n ? 1 : 2;
	return match_segs(pt, i + 1, p, j + 1);
}

/* Matches one pattern against a path (already relative to its base). */
static int match_one(const struct ig_pattern *pt, const struct ig_path *p, const char *path)
{
	if (pt->any_folder) {
		const char *slash = strchr(path, '/');
		return slash != NULL && slash != path ? 2 : 0;
	}
	return match_segs(pt, 0, p, 0);
}

/* Splits a path into segments; 0 if it has too many. */
static int split_path(struct ig_path *p, const char *path)
{
	p->n = 0;
	for (const char *s = path;;) {
		if (p->n == IG_MAX_SEGS)
			return 0;
		size_t n = strcspn(s, "/");
		p->seg[p->n] = s;
		p->len[p->n++] = n;
		if (s[n] == '\0')
			return 1;
		s += n + 1;
	}
}

int bp_ignore_match(const bp_ignore *ig, const char *rel, int is_dir)
{
	char stackbuf[4096];
	size_t rlen = strlen(rel);
	int result = -1, priority = 0;
	if (ig == NULL || rlen + 2 > sizeof(stackbuf))
		return 0;
	memcpy(stackbuf, rel, rlen);
	if (is_dir && (rlen == 0 || rel[rlen - 1] != '/'))
		stackbuf[rlen++] = '/';
	stackbuf[rlen] = '\0';
	for (size_t i = 0; i < ig->count; i++) {
		const struct ig_pattern *pt = &ig->items[i];
		size_t bl = strlen(pt->base);
		if (bl > 0 && (rlen <= bl || strncmp(stackbuf, pt->base, bl) != 0))
			continue;
		struct ig_path p;
		if (!split_path(&p, stackbuf + bl))
			continue;
		int r = match_one(pt, &p, stackbuf + bl);
		if (r == 0)
			continue;
		int prio = r == 2 ? 1 : 2;
		if ((!pt->negate && r == 2) || prio >= priority) {
			result = !pt->negate;
			priority = prio;
		}
	}
	return result == 1;
}
