/*
 * serve/distname.c — parsing distribution filenames into their parts, as
 * the index needs them to group files by project: wheels per the binary
 * distribution format (SPECS.md §4.1: 4 or 5 dashes, tags from the right),
 * sdists per PEP 625 (name and version split at the last dash), with legacy
 * .zip sdists accepted for serving.
 */
#include <string.h>

#include "serve/serve_int.h"
#include "slipway/pep508.h"

/* Copies `len` bytes into a SV_NAME_MAX field; 0 or -1 if too long/empty. */
static int put(char *dst, const char *src, size_t len)
{
	if (len == 0 || len >= SV_NAME_MAX)
		return -1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

/* Returns 1 if `s` ends with `suffix`. */
static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n > k && memcmp(s + n - k, suffix, k) == 0;
}

/* Splits a wheel stem into its 5 or 6 dash-separated parts. */
static int parse_wheel(struct sv_distname *d, const char *stem, size_t n)
{
	const char *part[6];
	size_t plen[6], count = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && stem[i] != '-')
			continue;
		if (count == 6)
			return -1;
		part[count] = stem + start;
		plen[count++] = i - start;
		start = i + 1;
	}
	if (count != 5 && count != 6)
		return -1;
	size_t t = count - 3;
	if (put(d->name, part[0], plen[0]) || put(d->version, part[1], plen[1]) ||
	    put(d->python, part[t], plen[t]) || put(d->abi, part[t + 1], plen[t + 1]) ||
	    put(d->platform, part[t + 2], plen[t + 2]))
		return -1;
	d->build[0] = '\0';
	if (count == 6 &&
	    (put(d->build, part[2], plen[2]) || d->build[0] < '0' || d->build[0] > '9'))
		return -1;
	return 0;
}

int sv_distname_parse(struct sv_distname *out, const char *filename)
{
	size_t n = strlen(filename), stem;
	memset(out, 0, sizeof(*out));
	if (ends_with(filename, n, ".whl")) {
		out->kind = SV_WHEEL;
		if (parse_wheel(out, filename, n - 4) < 0)
			return sw_error_set(SW_EPARSE, "invalid wheel filename '%s'", filename);
	} else {
		if (ends_with(filename, n, ".tar.gz")) {
			out->kind = SV_SDIST;
			stem = n - 7;
		} else if (ends_with(filename, n, ".zip")) {
			out->kind = SV_SDIST_ZIP;
			stem = n - 4;
		} else {
			return sw_error_set(SW_EPARSE, "'%s' is not a wheel or an sdist", filename);
		}
		const char *dash = NULL;
		for (size_t i = 0; i < stem; i++)
			if (filename[i] == '-')
				dash = filename + i;
		if (!dash || put(out->name, filename, (size_t)(dash - filename)) ||
		    put(out->version, dash + 1, stem - (size_t)(dash - filename) - 1))
			return sw_error_set(SW_EPARSE, "invalid sdist filename '%s'", filename);
	}
	if (sw_name_normalize_to(out->project, sizeof(out->project), NULL, out->name,
	                         strlen(out->name)) < 0)
		return sw_error_set(SW_EPARSE, "invalid distribution filename '%s'", filename);
	return 0;
}

int sv_filename_is_safe(const char *filename)
{
	if (!filename[0] || filename[0] == '.')
		return 0;
	for (const unsigned char *p = (const unsigned char *)filename; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			return 0;
	return 1;
}
