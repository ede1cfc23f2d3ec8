/*
 * artifact/name.c — distribution file names split into their parts: wheel
 * names from the right as packaging's parse_wheel_filename() does (the
 * last three '-' fields are tags, a fifth dash means a build tag), sdist
 * names on the last '-' (PEP 625). SPECS.md §4.1, §5.1.
 */
#include <string.h>

#include "artifact/art_int.h"

static const char *const sdist_suffixes[] = {".tar.gz", ".tgz", ".tar.bz2",
                                             ".tar.xz", ".tar", ".zip"};

/* The base name of a path. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Copies [s, s+n) into *dst. */
static int part(char **dst, const char *s, size_t n)
{
	*dst = sw_strndup(s, n);
	return *dst ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

/* Splits a wheel stem into its 5 or 6 '-'-separated fields. */
static int parse_wheel(sw_artifact_name *out, const char *base, size_t stem)
{
	const char *f[6];
	size_t len[6], n = 0, start = 0;
	int err = 0;
	for (size_t i = 0; i <= stem; i++) {
		if (i < stem && base[i] != '-')
			continue;
		if (n == 6)
			return sw_error_set(SW_EPARSE, "%s: a wheel name has 4 or 5 '-', not more",
			                    base);
		f[n] = base + start;
		len[n++] = i - start;
		start = i + 1;
	}
	if (n < 5)
		return sw_error_set(SW_EPARSE,
		                    "%s: a wheel name is {name}-{version}(-{build})?-{python}-"
		                    "{abi}-{platform}.whl (4 or 5 '-')",
		                    base);
	for (size_t i = 0; i < n; i++)
		if (!len[i])
			return sw_error_set(SW_EPARSE, "%s: empty part in the wheel name", base);
	if (n == 6 && !(f[2][0] >= '0' && f[2][0] <= '9'))
		return sw_error_set(SW_EPARSE, "%s: the build tag '%.*s' must start with a digit",
		                    base, (int)len[2], f[2]);
	if ((err = part(&out->name, f[0], len[0])) < 0 ||
	    (err = part(&out->version, f[1], len[1])) < 0 ||
	    (n == 6 && (err = part(&out->build, f[2], len[2])) < 0) ||
	    (err = part(&out->python, f[n - 3], len[n - 3])) < 0 ||
	    (err = part(&out->abi, f[n - 2], len[n - 2])) < 0 ||
	    (err = part(&out->platform, f[n - 1], len[n - 1])) < 0)
		return err;
	return 0;
}

/* Splits an sdist stem on its last '-'. */
static int parse_sdist(sw_artifact_name *out, const char *base, size_t stem)
{
	const char *dash = NULL;
	for (size_t i = 0; i < stem; i++)
		if (base[i] == '-')
			dash = base + i;
	if (!dash || dash == base || (size_t)(dash - base) + 1 == stem)
		return sw_error_set(SW_EPARSE, "%s: an sdist name is {name}-{version}.tar.gz",
		                    base);
	if (part(&out->name, base, (size_t)(dash - base)) < 0 ||
	    part(&out->version, dash + 1, stem - (size_t)(dash - base) - 1) < 0)
		return SW_ENOMEM;
	return 0;
}

int sw_artifact_name_parse(sw_artifact_name *out, const char *filename)
{
	const char *base = base_name(filename);
	size_t n = strlen(base);
	const char *suffix = NULL;
	int err;
	memset(out, 0, sizeof(*out));
	if (art_ends_with(base, ".whl")) {
		out->kind = SW_ARTIFACT_WHEEL;
		suffix = ".whl";
	}
	for (size_t i = 0; !suffix && i < SW_ARRAY_LEN(sdist_suffixes); i++)
		if (art_ends_with(base, sdist_suffixes[i])) {
			suffix = sdist_suffixes[i];
			out->kind = strcmp(suffix, ".zip") == 0 ? SW_ARTIFACT_SDIST_ZIP
			                                        : SW_ARTIFACT_SDIST;
		}
	if (!suffix)
		return sw_error_set(SW_EUNSUPPORTED, "%s: not a distribution file name", base);
	if ((err = part(&out->suffix, suffix, strlen(suffix))) < 0)
		return err;
	n -= strlen(suffix);
	if (out->kind == SW_ARTIFACT_WHEEL)
		return parse_wheel(out, base, n);
	return parse_sdist(out, base, n);
}

void sw_artifact_name_free(sw_artifact_name *name)
{
	if (!name)
		return;
	sw_free(name->name);
	sw_free(name->version);
	sw_free(name->build);
	sw_free(name->python);
	sw_free(name->abi);
	sw_free(name->platform);
	sw_free(name->suffix);
	memset(name, 0, sizeof(*name));
}
