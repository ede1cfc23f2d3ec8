/*
 * project/glob.c — the glob patterns of license-files (PyPA glob-patterns
 * specification): checking that a pattern only uses the allowed
 * characters and constructs, and finding the files it matches below the
 * project root, one path segment at a time (literal segments are looked up
 * directly, so "LICENSE" never lists a folder). `*`, `?` and `[...]` stay
 * within a segment; a `**` segment matches any number of folders. As with
 * Python's glob, names starting with '.' match only a pattern segment that
 * starts with '.'. Only regular files count as matches.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "project/project_int.h"

#define MAX_SEGMENTS 64

static int verbatim(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == ' ' || c >= 0x80;
}

/* Checks a [...] class starting at p[i]; returns its end (after ']') or 0. */
static size_t class_end(const char *p, size_t len, size_t i)
{
	size_t j = i + 1;
	while (j < len && p[j] != ']') {
		if (!verbatim((unsigned char)p[j]))
			return 0;
		j++;
	}
	return j < len && j > i + 1 ? j + 1 : 0;
}

const char *pj_glob_invalid(const char *p, size_t len)
{
	size_t seg = 0;
	if (!len)
		return "the pattern is empty";
	if (p[0] == '/')
		return "it must be relative, not start with '/'";
	for (size_t i = 0; i + 1 < len; i++)
		if (p[i] == '.' && p[i + 1] == '.')
			return "'..' is not allowed";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '/') {
			if (i == seg)
				return "it has an empty path segment ('//' or a trailing '/')";
			seg = i + 1;
		} else if (c == '[') {
			size_t end = class_end(p, len, i);
			if (!end)
				return "a '[' has no matching ']' or holds a character that is not "
				       "allowed";
			i = end - 1;
		} else if (c == '\\') {
			return "'\\' is not allowed: separate folders with '/'";
		} else if (c == ']') {
			return "a ']' has no matching '['";
		} else if (!verbatim(c) && c != '*' && c != '?') {
			return "it holds a character that is not allowed";
		}
	}
	if (seg == len)
		return "it has an empty path segment ('//' or a trailing '/')";
	return NULL;
}

/* Whether byte c is in the class p[0..n) (the text between '[' and ']'). */
static int in_class(const char *p, size_t n, unsigned char c)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char lo = (unsigned char)p[i], hi = lo;
		if (p[i] != '-' && i + 2 < n && p[i + 1] == '-') {
			hi = (unsigned char)p[i + 2];
			i += 2;
		}
		if (c >= lo && c <= hi)
			return 1;
	}
	return 0;
}

/* Matches one name against one pattern segment (* ? [...] and literals). */
static int match(const char *p, size_t plen, const char *s, size_t slen)
{
	size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0;
	while (si < slen) {
		if (pi < plen && p[pi] == '*') {
			while (pi < plen && p[pi] == '*')
				pi++;
			star_p = pi;
			star_s = si;
			continue;
		}
		if (pi < plen && p[pi] == '[') {
			size_t end = class_end(p, plen, pi);
			if (end && in_class(p + pi + 1, end - pi - 2, (unsigned char)s[si])) {
				pi = end;
				si++;
				continue;
			}
		} else if (pi < plen && (p[pi] == '?' || p[pi] == s[si])) {
			pi++;
			si++;
			continue;
		}
		if (star_p == SIZE_MAX)
			return 0;
		pi = star_p;
		si = ++star_s;
	}
	while (pi < plen && p[pi] == '*')
		pi++;
	return pi == plen;
}

static int has_wildcard(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] == '*' || p[i] == '?' || p[i] == '[')
			return 1;
	return 0;
}

/* One walk: the split pattern, the callback, and the bounds. */
struct walk {
	const char *seg[MAX_SEGMENTS];
	size_t seglen[MAX_SEGMENTS];
	size_t nseg;
	int (*fn)(void *ctx, const char *rel);
	void *ctx;
	size_t entries;
	sw_buf path; /* root + "/" + rel */
	size_t root_len;
};

static int walk_seg(struct walk *w, size_t k, int depth);

/* Continues with the entry `name` of the current folder for segment k. */
static int visit(struct walk *w, size_t k, const char *name, size_t nlen, int depth, int stay)
{
	size_t mark = w->path.len;
	int ret = 0;
	sw_buf_putc(&w->path, '/');
	sw_buf_put(&w->path, name, nlen);
	if (sw_buf_error(&w->path))
		return sw_buf_error(&w->path) == SW_ENOMEM ? SW_ENOMEM : 0;
	if (!stay && k + 1 == w->nseg) {
		if (pj_is_file(w->path.ptr))
			ret = w->fn(w->ctx, w->path.ptr + w->root_len + 1);
	} else if (pj_is_dir(w->path.ptr)) {
		ret = walk_seg(w, stay ? k : k + 1, depth + 1);
	}
	w->path.len = mark;
	w->path.ptr[mark] = '\0';
	return ret;
}

/* Lists the current folder, matching its entries against segment k. */
static int list_dir(struct walk *w, size_t k, int depth, int globstar)
{
	const char *p = w->seg[k];
	size_t plen = w->seglen[k];
	DIR *dir = opendir(w->path.ptr);
	struct dirent *de;
	int ret = 0;
	if (!dir)
		return 0;
	while (!ret && (de = readdir(dir)) != NULL) {
		size_t nlen = strlen(de->d_name);
		if (++w->entries > PJ_GLOB_MAX_ENTRIES)
			break;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (globstar) {
			if (de->d_name[0] != '.')
				ret = visit(w, k, de->d_name, nlen, depth, 1);
			continue;
		}
		if (de->d_name[0] == '.' && p[0] != '.')
			continue;
		if (match(p, plen, de->d_name, nlen))
			ret = visit(w, k, de->d_name, nlen, depth, 0);
	}
	closedir(dir);
	return ret;
}

static int walk_seg(struct walk *w, size_t k, int depth)
{
	int ret;
	if (depth > MAX_SEGMENTS)
		return 0;
	if (w->seglen[k] == 2 && memcmp(w->seg[k], "**", 2) == 0) {
		/* Zero folders, then one more folder with ** still to match. */
		if (k + 1 == w->nseg)
			ret = list_dir(w, k, depth, 0);
		else
			ret = walk_seg(w, k + 1, depth);
		if (ret != 0)
			return ret;
		return list_dir(w, k, depth, 1);
	}
	if (!has_wildcard(w->seg[k], w->seglen[k]))
		return visit(w, k, w->seg[k], w->seglen[k], depth, 0);
	return list_dir(w, k, depth, 0);
}

int pj_glob_walk(const char *root, const char *pattern, size_t len,
                 int (*fn)(void *ctx, const char *rel), void *ctx)
{
	struct walk w = {.fn = fn, .ctx = ctx};
	size_t start = 0;
	int ret;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && pattern[i] != '/')
			continue;
		if (w.nseg == MAX_SEGMENTS)
			return sw_error_set(SW_ETOOBIG, "pattern has more than %d segments",
			                    MAX_SEGMENTS);
		w.seg[w.nseg] = pattern + start;
		w.seglen[w.nseg++] = i - start;
		start = i + 1;
	}
	sw_buf_init(&w.path, 8192);
	sw_buf_puts(&w.path, root);
	while (w.path.len > 1 && w.path.ptr[w.path.len - 1] == '/')
		w.path.len--;
	if (sw_buf_error(&w.path)) {
		sw_buf_free(&w.path);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	w.path.ptr[w.path.len] = '\0';
	w.root_len = w.path.len;
	ret = walk_seg(&w, 0, 0);
	sw_buf_free(&w.path);
	if (ret == SW_ENOMEM)
		return sw_error_set(SW_ENOMEM, "out of memory");
	return ret;
}
