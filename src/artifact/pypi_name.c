/*
 * artifact/pypi_name.c — what PyPI checks about a file's name and the
 * wheel's .dist-info and WHEEL (SPECS.md §1.5 items 6, 13, 14, 16; §4.1,
 * §4.3, §5.1): the name parses, the name part is the normalised project
 * name, name and version agree with the metadata, the .dist-info folder is
 * spelled like the file name, WHEEL exists with a supported Wheel-Version,
 * platform tags are on PyPI's allow-list, sdists follow PEP 625.
 *
 * Codes: P001 name does not parse (or its name part or version is
 * invalid), P002 name part not normalised, P003
 * name differs from metadata, P004 version differs or is invalid, P005
 * .dist-info missing/several/misspelled, P021 WHEEL missing, P022
 * Wheel-Version missing or unsupported, P023 platform tag not allowed,
 * P024 sdist name not PEP 625, P025 WHEEL tags differ from the name, P027
 * file over 100 MB.
 */
#include <stdio.h>
#include <string.h>

#include "artifact/art_int.h"
#include "artifact/pypi_int.h"
#include "slipway/pep440.h"
#include "slipway/pep508.h"

/* PyPI's platform tags: '#' stands for one or more digits, '*' for the
 * architectures of the row. */
static const struct {
	const char *pattern;
	const char *const *archs;
} platforms[] = {
        {"any", NULL},
        {"win32", NULL},
        {"win_amd64", NULL},
        {"win_arm64", NULL},
        {"win_ia64", NULL},
        {"linux_armv6l", NULL},
        {"linux_armv7l", NULL},
        {"manylinux1_*", (const char *const[]){"x86_64", "i686", NULL}},
        {"manylinux2010_*", (const char *const[]){"x86_64", "i686", NULL}},
        {"manylinux2014_*", (const char *const[]){"x86_64", "i686", "aarch64", "armv7l", "ppc64",
                                                  "ppc64le", "s390x", NULL}},
        {"manylinux_#_#_*", (const char *const[]){"x86_64", "i686", "aarch64", "armv7l", "ppc64",
                                                  "ppc64le", "s390x", "riscv64", NULL}},
        {"musllinux_#_#_*", (const char *const[]){"x86_64", "i686", "aarch64", "armv7l", "ppc64le",
                                                  "s390x", "riscv64", NULL}},
        {"macosx_10_#_*",
         (const char *const[]){"ppc", "ppc64", "i386", "x86_64", "arm64", "intel", "fat", "fat3",
                               "fat64", "universal", "universal2", NULL}},
        {"macosx_#_0_*", (const char *const[]){"x86_64", "arm64", "universal2", NULL}},
        {"ios_#_#_*", (const char *const[]){"arm64_iphoneos", "arm64_iphonesimulator",
                                            "x86_64_iphonesimulator", NULL}},
        {"android_#_*", (const char *const[]){"armeabi_v7a", "arm64_v8a", "x86", "x86_64", NULL}},
        {"pyodide_#_#_*", (const char *const[]){"wasm32", NULL}},
};

/* Matches one tag against a pattern of the table. */
static int tag_matches(const char *tag, size_t n, const char *pat, const char *const *archs)
{
	size_t i = 0;
	for (; *pat; pat++) {
		if (*pat == '#') {
			size_t start = i;
			while (i < n && tag[i] >= '0' && tag[i] <= '9')
				i++;
			if (i == start)
				return 0;
		} else if (*pat == '*') {
			for (size_t k = 0; archs && archs[k]; k++)
				if (n - i == strlen(archs[k]) &&
				    strncmp(tag + i, archs[k], n - i) == 0)
					return 1;
			return 0;
		} else if (i >= n || tag[i++] != *pat) {
			return 0;
		}
	}
	return i == n;
}

/* 1 if a single platform tag is on PyPI's allow-list. */
static int platform_allowed(const char *tag, size_t n)
{
	for (size_t k = 0; k < SW_ARRAY_LEN(platforms); k++)
		if (tag_matches(tag, n, platforms[k].pattern, platforms[k].archs))
			return 1;
	return 0;
}

/* P023: every '.'-separated platform tag of the name is allowed. */
static int check_platforms(struct pypi *c, const char *plat)
{
	while (*plat) {
		size_t n = strcspn(plat, ".");
		int err;
		if (!platform_allowed(plat, n) &&
		    (err = sw_findings_add(
		             c->f, "P023", SW_SEV_ERROR, NULL, 0,
		             "Build for a platform tag PyPI accepts (e.g. "
		             "manylinux_2_17_x86_64 via auditwheel, not linux_x86_64).",
		             "PyPI refuses the platform tag '%.*s'", (int)n, plat)) < 0)
			return err;
		plat += n + (plat[n] == '.');
	}
	return 0;
}

/* The normalised name with '_' for '-' ("Foo.Bar" -> "foo_bar"). */
int pypi_wheel_name(sw_buf *out, const char *name)
{
	int err = sw_name_normalize(out, name, strlen(name));
	for (size_t i = 0; !err && i < out->len; i++)
		if (out->ptr[i] == '-')
			out->ptr[i] = '_';
	return err;
}

/* P002/P003/P004: the file name's name and version against the metadata. */
static int name_vs_metadata(struct pypi *c, const sw_artifact_name *n)
{
	const char *md_name = c->md ? sw_metadata_get(c->md, SW_MD_NAME) : NULL;
	sw_buf want;
	int err = 0;
	if (!md_name || c->a->kind != SW_ARTIFACT_WHEEL)
		return 0;
	sw_buf_init(&want, 4096);
	if ((err = pypi_wheel_name(&want, md_name)) < 0)
		goto done;
	if (!sw_name_equal(n->name, strlen(n->name), md_name, strlen(md_name)))
		err = sw_findings_add(
		        c->f, "P003", SW_SEV_ERROR, NULL, 0,
		        "Rebuild: the file name and METADATA must name the same project.",
		        "the file name says '%s' but the metadata Name is '%s'", n->name, md_name);
	else if (strcmp(n->name, sw_buf_cstr(&want)) != 0)
		err = sw_findings_add(c->f, "P002", SW_SEV_ERROR, NULL, 0,
		                      "Rename the file or rebuild with a current backend.",
		                      "the file name should contain the normalized project name "
		                      "'%s', not '%s'",
		                      sw_buf_cstr(&want), n->name);
	if (!err && c->version && c->name_version &&
	    sw_version_compare(c->version, c->name_version))
		err = sw_findings_add(
		        c->f, "P004", SW_SEV_ERROR, NULL, 0,
		        "Rebuild: the file name and METADATA must give the same version.",
		        "the file name says version '%s' but the metadata says '%s'", n->version,
		        sw_version_original(c->version));
done:
	sw_buf_free(&want);
	return err;
}

/* P005: exactly one .dist-info, spelled like the file name's first parts. */
static int check_dist_info(struct pypi *c, const sw_artifact_name *n)
{
	const sw_artifact *a = c->a;
	char want[1024];
	snprintf(want, sizeof(want), "%s-%s.dist-info", n->name, n->version);
	if (a->dist_info_dirs == 0)
		return sw_findings_add(c->f, "P005", SW_SEV_ERROR, NULL, 0,
		                       "Build the wheel with a PEP 517 backend.",
		                       "the wheel has no .dist-info folder (expected %s)", want);
	if (a->dist_info_dirs > 1)
		return sw_findings_add(
		        c->f, "P005", SW_SEV_ERROR, NULL, 0,
		        "Clean the build folder and rebuild: stale .dist-info folders "
		        "were packed.",
		        "the wheel has %zu .dist-info folders; it must have one",
		        a->dist_info_dirs);
	if (strcmp(a->dist_info, want) != 0)
		return sw_findings_add(
		        c->f, "P005", SW_SEV_ERROR, a->dist_info, 0,
		        "Rename the file or rebuild so both are spelled alike.",
		        "the .dist-info folder is '%s' but PyPI reads '%s' (from the "
		        "file name)",
		        a->dist_info, want);
	return 0;
}

/* 1 if WHEEL has the tag "py-abi-plat" (each part given by length). */
static int has_tag(const sw_wheel_info *w, const char *py, size_t pn, const char *abi, size_t an,
                   const char *plat, size_t ln)
{
	char tag[512];
	snprintf(tag, sizeof(tag), "%.*s-%.*s-%.*s", (int)pn, py, (int)an, abi, (int)ln, plat);
	for (size_t i = 0; i < w->tag_count; i++)
		if (strcmp(w->tags[i], tag) == 0)
			return 1;
	return 0;
}

/* P025: every tag the file name's compressed tag set expands to is in
 * WHEEL (when WHEEL lists tags at all). */
static int check_tags(struct pypi *c, const sw_wheel_info *w, const sw_artifact_name *n)
{
	if (!w->tag_count)
		return 0;
	for (const char *p = n->python; *p;) {
		size_t pn = strcspn(p, ".");
		for (const char *b = n->abi; *b;) {
			size_t bn = strcspn(b, ".");
			for (const char *l = n->platform; *l;) {
				size_t ln = strcspn(l, ".");
				if (!has_tag(w, p, pn, b, bn, l, ln))
					return sw_findings_add(c->f, "P025", SW_SEV_WARNING, NULL,
					                       0,
					                       "Rebuild so that WHEEL's Tag lines "
					                       "and the file name "
					                       "agree.",
					                       "WHEEL has no Tag line "
					                       "'%.*s-%.*s-%.*s' for the file "
					                       "name's tags",
					                       (int)pn, p, (int)bn, b, (int)ln, l);
				l += ln + (l[ln] == '.');
			}
			b += bn + (b[bn] == '.');
		}
		p += pn + (p[pn] == '.');
	}
	return 0;
}

/* P021/P022/P025: WHEEL present, Wheel-Version 1.x, tags as the name. */
static int check_wheel_file(struct pypi *c, const sw_artifact_name *n)
{
	const sw_wheel_info *w = sw_artifact_wheel_info(c->a);
	const char *hint = "Build the wheel with a PEP 517 backend.";
	if (!c->a->dist_info)
		return 0;
	if (!w)
		return sw_findings_add(c->f, "P021", SW_SEV_ERROR, NULL, 0, hint,
		                       "WHEEL not found at %s/WHEEL", c->a->dist_info);
	if (!w->wheel_version)
		return sw_findings_add(c->f, "P022", SW_SEV_ERROR, NULL, 0, hint,
		                       "WHEEL has no Wheel-Version");
	if (strncmp(w->wheel_version, "1.", 2) != 0)
		return sw_findings_add(c->f, "P022", SW_SEV_ERROR, NULL, 0, hint,
		                       "Wheel-Version %s is not supported (installers know 1.x)",
		                       w->wheel_version);
	return check_tags(c, w, n);
}

/* P024: an sdist named {normalized_name}-{str(version)}.tar.gz exactly. */
static int check_sdist_name(struct pypi *c)
{
	const char *md_name = c->md ? sw_metadata_get(c->md, SW_MD_NAME) : NULL;
	const char *base = strrchr(c->a->path, '/');
	sw_buf want;
	int err = 0;
	if (!md_name || !c->version)
		return 0;
	base = base ? base + 1 : c->a->path;
	sw_buf_init(&want, 4096);
	pypi_wheel_name(&want, md_name);
	sw_buf_printf(&want, "-%s.tar.gz", sw_version_str(c->version));
	if ((err = sw_buf_error(&want)) == 0 && strcmp(base, sw_buf_cstr(&want)) != 0)
		err = sw_findings_add(
		        c->f, "P024", SW_SEV_ERROR, NULL, 0,
		        "Rebuild with a current backend: PEP 625 fixes the sdist name.",
		        "Filename '%s' is invalid, should be '%s'", base, sw_buf_cstr(&want));
	sw_buf_free(&want);
	return err;
}

/* P001: the parts packaging's parse_wheel_filename() validates: the name
 * of [A-Za-z0-9._] without "__", a PEP 440 version. */
static int wheel_name_parts(struct pypi *c, const sw_artifact_name *n)
{
	const char *hint = "Name the file as the build backend does.";
	if (strspn(n->name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._") !=
	            strlen(n->name) ||
	    strstr(n->name, "__"))
		return sw_findings_add(c->f, "P001", SW_SEV_ERROR, NULL, 0, hint,
		                       "invalid project name '%s' in the wheel file name", n->name);
	if (!c->name_version)
		return sw_findings_add(c->f, "P001", SW_SEV_ERROR, NULL, 0, hint,
		                       "invalid version '%s' in the wheel file name (PEP 440)",
		                       n->version);
	return 0;
}

int pypi_check_name(struct pypi *c)
{
	const sw_artifact_name *n = sw_artifact_filename(c->a);
	int err = 0;
	if (c->a->file_size > (uint64_t)100 * 1024 * 1024 &&
	    (err = sw_findings_add(c->f, "P027", SW_SEV_WARNING, NULL, 0,
	                           "Ask PyPI for a larger file limit, or ship less.",
	                           "the file is over PyPI's default limit of 100 MB")) < 0)
		return err;
	if (!n) {
		sw_artifact_name tmp;
		int perr = sw_artifact_name_parse(&tmp, c->a->path);
		sw_artifact_name_free(&tmp);
		if (perr == SW_ENOMEM)
			return perr;
		return sw_findings_add(c->f, "P001", SW_SEV_ERROR, NULL, 0,
		                       "Name the file as the build backend does.", "%s",
		                       sw_error_last());
	}
	if (c->a->kind != SW_ARTIFACT_WHEEL)
		return check_sdist_name(c);
	if ((err = wheel_name_parts(c, n)) < 0 || (err = name_vs_metadata(c, n)) < 0 ||
	    (err = check_dist_info(c, n)) < 0 || (err = check_wheel_file(c, n)) < 0)
		return err;
	return check_platforms(c, n->platform);
}
