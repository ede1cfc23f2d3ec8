/*
 * build/glob.c — glob patterns over '/'-separated relative paths, as the
 * backends' include/exclude keys and license-files use them: `*` and `?`
 * within one segment, `[...]` classes (with `!` or `^` to negate, ranges,
 * `\` escapes), and `**` as a whole segment for any number of segments.
 * The single-segment matcher is shared with the .gitignore matcher.
 */
#include <string.h>

#include "build/build_int.h"
#include "util/util.h"

/* Matches a `[...]` class at pat[*pi] (just after '[') against c. Returns
 * 1/0 for a match, -1 if the class is not closed (then '[' is literal);
 * moves *pi past the ']'. */
static int class_match(const char *pat, size_t plen, size_t *pi, unsigned char c)
{
	size_t i = *pi;
	int neg = 0, hit = 0, first = 1;
	if (i < plen && (pat[i] == '!' || pat[i] == '^')) {
		neg = 1;
		i++;
	}
	for (; i < plen; first = 0) {
		unsigned char lo = (unsigned char)pat[i];
		if (lo == ']' && !first)
			break;
		if (lo == '\\' && i + 1 < plen)
			lo = (unsigned char)pat[++i];
		i++;
		unsigned char hi = lo;
		if (i + 1 < plen && pat[i] == '-' && pat[i + 1] != ']') {
			hi = (unsigned char)pat[i + 1];
			if (hi == '\\' && i + 2 < plen)
				hi = (unsigned char)pat[++i + 1];
			i += 2;
		}
		if (c >= lo && c <= hi)
			hit = 1;
	}
	if (i >= plen)
		return -1;
	*pi = i + 1;
	return hit != neg;
}

int bp_glob_segment(const char *pat, size_t plen, const char *s, size_t slen)
{
	size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0;
	while (si < slen) {
		if (pi < plen && pat[pi] == '*') {
			star_p = ++pi;
			star_s = si;
			continue;
		}
		if (pi < plen && s[si] != '/') {
			size_t save = pi;
			int ok = 0;
			if (pat[pi] == '?') {
				ok = 1;
				pi++;
			} else if (pat[pi] == '[') {
				pi++;
				int r = class_match(pat, plen, &pi, (unsigned char)s[si]);
				if (r < 0) {
					pi = save + 1;
					ok = s[si] == '[';
				} else {
					ok = r;
				}
			} else {
				if (pat[pi] == '\\' && pi + 1 < plen)
					pi++;
				ok = pat[pi] == s[si];
				pi++;
			}
			if (ok) {
				si++;
				continue;
			}
		}
		if (star_p == (size_t)-1 || s[star_s] == '/')
			return 0;
		pi = star_p;
		si = ++star_s;
	}
	while (pi < plen && pat[pi] == '*')
		pi++;
	return pi == plen;
}

/* Matches pattern segments from `p` against path segments from `s`. */
static int match_from(const char *p, const char *s)
{
	for (;;) {
		size_t pn = strcspn(p, "/"), sn = strcspn(s, "/");
		if (pn == 2 && p[0] == '*' && p[1] == '*') {
			if (p[2] == '\0')
				return 1; /* trailing `**`: anything, even nothing */
			const char *rest = p + 3;
			for (const char *t = s;;) {
				if (match_from(rest, t))
					return 1;
				t += strcspn(t, "/");
				if (*t == '\0')
					return 0;
				t++;
			}
		}
		if (!bp_glob_segment(p, pn, s, sn))
			return 0;
		p += pn;
		s += sn;
		if (*p == '\0' || *s == '\0')
			return *p == '\0' && *s == '\0';
		p++;
		s++;
	}
}

int bp_glob_match(const char *pattern, const char *path)
{
	if (pattern == NULL || path == NULL)
		return 0;
	return match_from(pattern, path);
}
