/*
 * artifact/pypi_meta.c — the metadata rules PyPI applies at upload
 * (SPECS.md §1.5 item 3, 15, 16; packaging.metadata.Metadata's
 * validators): supported Metadata-Version, fields allowed by it, required
 * and well-formed Name and Version, no local version, single-line Summary
 * of at most 512 characters, known classifiers, SPDX License-Expression,
 * not both License and License-Expression, License-File paths valid and
 * present, Requires-Dist valid without direct URLs, Description-Content-Type,
 * Requires-Python, Dynamic, entry points.
 *
 * Codes: P006 metadata missing, P007 unparsable, P008 Metadata-Version
 * unsupported, P009 field newer than Metadata-Version, P010 local version,
 * P011 Summary, P012 classifier, P014 License-Expression, P015 License with
 * License-Expression, P016 License-File missing, P017 License-File path,
 * P018 Requires-Dist, P019 Description-Content-Type, P020 entry points,
 * P028 Name, P029 Dynamic, P030 Project-URL, P033 Requires-Python.
 * Unknown classifiers and license ids are errors while the shipped lists
 * are at most SW_PROJECT_LIST_FRESH_DAYS old, warnings afterwards.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "artifact/pypi_int.h"
#include "slipway/pep508.h"
#include "slipway/trove.h"

#define HINT_FIX "Fix it in pyproject.toml and rebuild."

static const char *const md_versions[] = {"1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4"};

/* Position of a Metadata-Version in the supported list, or -1. */
static int md_age(const char *v)
{
	for (size_t i = 0; v && i < SW_ARRAY_LEN(md_versions); i++)
		if (strcmp(v, md_versions[i]) == 0)
			return (int)i;
	return -1;
}

/* Whether a list dated "YYYY-MM-DD" is fresh on `today`. */
static int fresh(const char *date, int64_t today)
{
	int64_t day;
	return date && sw_project_date_parse(&day, date) == 0 &&
	       today - day <= SW_PROJECT_LIST_FRESH_DAYS;
}

/* P008/P009: supported version, and every field allowed by it. */
static int check_version_fields(struct pypi *c, const char *member)
{
	const char *mv = sw_metadata_get(c->md, SW_MD_METADATA_VERSION);
	int age = md_age(mv), err = 0;
	if (age < 0)
		return sw_findings_add(c->f, "P008", SW_SEV_ERROR, member, 0,
		                       "Rebuild with a backend that writes Metadata-Version 2.4 or "
		                       "lower.",
		                       "'%s' is not a valid metadata version", mv ? mv : "");
	for (int f = 0; f < SW_MD_FIELD_COUNT && !err; f++) {
		const char *since = sw_md_field_since((enum sw_md_field)f);
		int fa = md_age(since);
		if (!sw_metadata_count(c->md, (enum sw_md_field)f) || f == SW_MD_DESCRIPTION)
			continue;
		if (fa > age || (fa < 0 && since && strcmp(since, "2.4") > 0))
			err = sw_findings_add(
			        c->f, "P009", SW_SEV_ERROR, member, 0,
			        "Raise Metadata-Version (rebuild with a current backend).",
			        "%s introduced in metadata version %s, not %s",
			        sw_md_field_name((enum sw_md_field)f), since, mv);
	}
	return err;
}

/* P028/P004/P010/P011: Name, Version, Summary. */
static int check_basics(struct pypi *c, const char *member)
{
	const char *name = sw_metadata_get(c->md, SW_MD_NAME);
	const char *version = sw_metadata_get(c->md, SW_MD_VERSION);
	const char *summary = sw_metadata_get(c->md, SW_MD_SUMMARY);
	int err = 0;
	if (name && !sw_name_is_valid(name, strlen(name)))
		err = sw_findings_add(c->f, "P028", SW_SEV_ERROR, member, 0, HINT_FIX,
		                      "'%s' is invalid for Name", name);
	if (!err && version && !c->version)
		err = sw_findings_add(c->f, "P004", SW_SEV_ERROR, member, 0, HINT_FIX,
		                      "'%s' is invalid for Version (PEP 440)", version);
	if (!err && c->version && sw_version_has_local(c->version))
		err = sw_findings_add(c->f, "P010", SW_SEV_ERROR, member, 0,
		                      "Drop the '+local' part: it is for builds you do not upload.",
		                      "PyPI refuses local versions such as '%s'", version);
	if (!err && summary && strchr(summary, '\n'))
		err = sw_findings_add(c->f, "P011", SW_SEV_ERROR, member, 0, HINT_FIX,
		                      "Summary must be a single line");
	if (!err && summary && strlen(summary) > 512)
		err = sw_findings_add(c->f, "P011", SW_SEV_ERROR, member, 0, HINT_FIX,
		                      "Summary is longer than 512 characters");
	return err;
}

/* P012: classifiers on the trove list; Private :: blocks upload. */
static int check_classifiers(struct pypi *c, const char *member)
{
	int is_fresh = fresh(sw_project_trove_date(), c->today) ||
	               (c->trove_extra && fresh(c->trove_extra->date, c->today));
	int err = 0;
	for (size_t i = 0; i < sw_metadata_count(c->md, SW_MD_CLASSIFIER) && !err; i++) {
		const char *s = sw_metadata_value(c->md, SW_MD_CLASSIFIER, i);
		size_t n = strlen(s);
		if (n >= 10 && strncasecmp(s, "private ::", 10) == 0)
			err = sw_findings_add(c->f, "P012", SW_SEV_ERROR, member, 0,
			                      "This is intended: remove the classifier to publish.",
			                      "the classifier '%s' makes PyPI refuse the upload",
			                      s);
		else if (!sw_trove_is_known(s, n) && !sw_trove_list_contains(c->trove_extra, s, n))
			err = sw_findings_add(c->f, "P012",
			                      is_fresh ? SW_SEV_ERROR : SW_SEV_WARNING, member, 0,
			                      "Run `slipway classifiers --refresh` or check "
			                      "https://pypi.org/classifiers/.",
			                      is_fresh ? "'%s' is not a valid classifier"
			                               : "'%s' is not in the known classifiers "
			                                 "(the list may be old)",
			                      s);
	}
	return err;
}

/* P014/P015: License-Expression valid SPDX, not together with License. */
static int check_license(struct pypi *c, const char *member)
{
	const char *expr = sw_metadata_get(c->md, SW_MD_LICENSE_EXPRESSION);
	sw_spdx_error why;
	sw_buf canon;
	int err;
	if (!expr)
		return 0;
	if (sw_metadata_get(c->md, SW_MD_LICENSE) &&
	    (err = sw_findings_add(c->f, "P015", SW_SEV_ERROR, member, 0,
	                           "Keep License-Expression and drop the license table.",
	                           "License and License-Expression are both set")) < 0)
		return err;
	sw_buf_init(&canon, 64 * 1024);
	err = sw_spdx_canonicalize(&canon, expr, strlen(expr), &why);
	sw_buf_free(&canon);
	if (err == SW_EPARSE) {
		int stale = (why.problem == SW_SPDX_UNKNOWN_LICENSE ||
		             why.problem == SW_SPDX_UNKNOWN_EXCEPTION) &&
		            !fresh(sw_project_spdx_date(), c->today);
		return sw_findings_add(
		        c->f, "P014", stale ? SW_SEV_WARNING : SW_SEV_ERROR, member, 0,
		        "Use an SPDX expression such as 'MIT' or 'Apache-2.0 OR MIT'.",
		        "'%s' is invalid for License-Expression: %s", expr, sw_error_last());
	}
	return err == SW_ENOMEM ? err : 0;
}

/* Why a License-File path is invalid (packaging's rules), or NULL. */
static const char *license_path_problem(const char *p)
{
	if (strstr(p, ".."))
		return "parent directory indicators are not allowed";
	if (strchr(p, '*'))
		return "paths must be resolved";
	if (p[0] == '/' || p[0] == '\\' || (p[0] && p[1] == ':'))
		return "paths must be relative";
	if (strchr(p, '\\'))
		return "paths must use '/' delimiter";
	return NULL;
}

/* P016/P017: License-File paths valid and present in the artifact. */
static int check_license_files(struct pypi *c, const char *member)
{
	const char *mv = sw_metadata_get(c->md, SW_MD_METADATA_VERSION);
	int err = 0;
	for (size_t i = 0; i < sw_metadata_count(c->md, SW_MD_LICENSE_FILE) && !err; i++) {
		const char *p = sw_metadata_value(c->md, SW_MD_LICENSE_FILE, i), *why;
		char path[4096];
		size_t index;
		if ((why = license_path_problem(p)) != NULL) {
			err = sw_findings_add(c->f, "P017", SW_SEV_ERROR, member, 0, HINT_FIX,
			                      "'%s' is invalid for License-File, %s", p, why);
			continue;
		}
		if (md_age(mv) < md_age("2.4") || !c->a->dist_info)
			continue;
		snprintf(path, sizeof(path),
		         c->a->kind == SW_ARTIFACT_WHEEL ? "%s/licenses/%s" : "%s/%s",
		         c->a->dist_info, p);
		if (sw_artifact_member_find(&index, c->a, path) != 0)
			err = sw_findings_add(
			        c->f, "P016", SW_SEV_ERROR, member, 0,
			        "Check license-files in pyproject.toml and rebuild.",
			        "License-File %s does not exist in the distribution file "
			        "(expected %s)",
			        p, path);
	}
	sw_error_clear();
	return err;
}

/* P018: Requires-Dist valid PEP 508, without direct URL references. */
static int check_requirements(struct pypi *c, const char *member)
{
	int err = 0;
	for (size_t i = 0; i < sw_metadata_count(c->md, SW_MD_REQUIRES_DIST) && !err; i++) {
		const char *s = sw_metadata_value(c->md, SW_MD_REQUIRES_DIST, i);
		sw_requirement *req = NULL;
		int perr = sw_requirement_parse(&req, s, strlen(s));
		if (perr == SW_ENOMEM)
			return perr;
		if (perr < 0)
			err = sw_findings_add(c->f, "P018", SW_SEV_ERROR, member, 0, HINT_FIX,
			                      "'%s' is invalid for Requires-Dist: %s", s,
			                      sw_error_last());
		else if (sw_requirement_url(req))
			err = sw_findings_add(c->f, "P018", SW_SEV_ERROR, member, 0,
			                      "Depend on a released version from an index instead.",
			                      "Can't have direct dependency: %s", s);
		sw_requirement_free(req);
	}
	return err;
}

/* Finds parameter `key` in "type; k=v; ..." into val (quotes dropped). */
static int param(char *val, size_t size, const char *ct, const char *key)
{
	for (const char *p = strchr(ct, ';'); p; p = strchr(p + 1, ';')) {
		const char *k = p + 1, *eq;
		size_t n;
		while (*k == ' ' || *k == '\t')
			k++;
		if (!(eq = strchr(k, '=')) || (size_t)(eq - k) != strlen(key) ||
		    strncasecmp(k, key, strlen(key)) != 0)
			continue;
		eq++;
		n = strcspn(eq, ";");
		while (n && (eq[n - 1] == ' ' || eq[n - 1] == '\t'))
			n--;
		if (n >= 2 && eq[0] == '"' && eq[n - 1] == '"') {
			eq++;
			n -= 2;
		}
		snprintf(val, size, "%.*s", (int)n, eq);
		return 1;
	}
	return 0;
}

/* P019: Description-Content-Type as packaging accepts it. */
static int check_content_type(struct pypi *c, const char *member)
{
	static const char *const types[] = {"text/plain", "text/x-rst", "text/markdown"};
	const char *ct = sw_metadata_get(c->md, SW_MD_DESCRIPTION_CONTENT_TYPE);
	const char *hint =
	        "Use text/markdown, text/x-rst or text/plain (readme in pyproject.toml).";
	char val[128];
	size_t n;
	int known = 0;
	if (!ct)
		return 0;
	n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < SW_ARRAY_LEN(types); i++)
		known |= strlen(types[i]) == n && strncasecmp(ct, types[i], n) == 0;
	if (!known)
		return sw_findings_add(c->f, "P019", SW_SEV_ERROR, member, 0, hint,
		                       "Description-Content-Type must be one of text/plain, "
		                       "text/x-rst, text/markdown, not '%s'",
		                       ct);
	if (param(val, sizeof(val), ct, "charset") && strcmp(val, "UTF-8") != 0)
		return sw_findings_add(c->f, "P019", SW_SEV_ERROR, member, 0, hint,
		                       "Description-Content-Type can only specify the UTF-8 "
		                       "charset, not '%s'",
		                       val);
	if (n == 13 && param(val, sizeof(val), ct, "variant") && strcmp(val, "GFM") != 0 &&
	    strcmp(val, "CommonMark") != 0)
		return sw_findings_add(c->f, "P019", SW_SEV_ERROR, member, 0, hint,
		                       "valid Markdown variants for Description-Content-Type are "
		                       "GFM and CommonMark, not '%s'",
		                       val);
	return 0;
}

/* P033/P029/P030: Requires-Python, Dynamic, Project-URL labels. */
static int check_misc(struct pypi *c, const char *member)
{
	const char *rp = sw_metadata_get(c->md, SW_MD_REQUIRES_PYTHON);
	sw_specset *set = NULL;
	int err = 0;
	if (rp && (err = sw_specset_parse(&set, rp, strlen(rp))) < 0 && err != SW_ENOMEM)
		err = sw_findings_add(c->f, "P033", SW_SEV_ERROR, member, 0, HINT_FIX,
		                      "'%s' is invalid for Requires-Python", rp);
	sw_specset_free(set);
	for (size_t i = 0; !err && i < sw_metadata_count(c->md, SW_MD_DYNAMIC); i++) {
		const char *d = sw_metadata_value(c->md, SW_MD_DYNAMIC, i);
		enum sw_md_field f;
		if (sw_md_field_lookup(&f, d, strlen(d)) != 0)
			err = sw_findings_add(c->f, "P029", SW_SEV_ERROR, member, 0, HINT_FIX,
			                      "'%s' is not a valid dynamic field", d);
		else if (f == SW_MD_NAME || f == SW_MD_VERSION || f == SW_MD_METADATA_VERSION)
			err = sw_findings_add(c->f, "P029", SW_SEV_ERROR, member, 0, HINT_FIX,
			                      "'%s' is not allowed as a dynamic field", d);
	}
	for (size_t i = 0; !err && i < sw_metadata_count(c->md, SW_MD_PROJECT_URL); i++) {
		const char *label, *url;
		size_t ln, un;
		sw_md_project_url_split(sw_metadata_value(c->md, SW_MD_PROJECT_URL, i), &label, &ln,
		                        &url, &un);
		if (ln == 0 || ln > 32)
			err = sw_findings_add(c->f, "P030", SW_SEV_ERROR, member, 0, HINT_FIX,
			                      "Project-URL label '%.*s' must be 1 to 32 characters",
			                      (int)ln, label);
	}
	sw_error_clear();
	return err;
}

/* 1 if an entry point name matches [\w.-]+ (non-ASCII letters allowed). */
static int script_name_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (!(ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '.' || ch == '-'))
			return 0;
	}
	return 1;
}

/* P020: entry_points.txt valid; script names as PyPI wants them. */
static int check_entry_points(struct pypi *c)
{
	const sw_artifact *a = c->a;
	char member[4096];
	int err = 0;
	if (!a->has_eps)
		return 0;
	snprintf(member, sizeof(member), "%s/entry_points.txt", a->dist_info);
	if (a->ep_error)
		return sw_findings_add(c->f, "P020", SW_SEV_ERROR, member, 0, HINT_FIX,
		                       "invalid entry points: %s", a->ep_error);
	for (size_t i = 0; i < a->ep_count && !err; i++) {
		const sw_entry_point *e = &a->eps[i];
		if ((strcmp(e->group, "console_scripts") == 0 ||
		     strcmp(e->group, "gui_scripts") == 0) &&
		    !script_name_ok(e->name))
			err = sw_findings_add(
			        c->f, "P020", SW_SEV_ERROR, member, e->line, HINT_FIX,
			        "the script name '%s' is not made of letters, digits, "
			        "'_', '.' and '-'",
			        e->name);
	}
	return err;
}

int pypi_check_metadata(struct pypi *c)
{
	const sw_artifact *a = c->a;
	const char *file = a->kind == SW_ARTIFACT_WHEEL ? "METADATA" : "PKG-INFO";
	char member[4096];
	int err;
	snprintf(member, sizeof(member), "%s/%s", a->dist_info ? a->dist_info : "?", file);
	if (!a->md_text && !a->md_error)
		return sw_findings_add(c->f, "P006", SW_SEV_ERROR, NULL, 0,
		                       "Build with a PEP 517 backend: it writes the metadata.",
		                       "%s not found at %s", file, member);
	if (!c->md)
		return sw_findings_add(c->f, "P007", SW_SEV_ERROR, member, 0,
		                       "Rebuild with a current backend.", "%s cannot be parsed: %s",
		                       file, a->md_error);
	if ((err = check_version_fields(c, member)) < 0 || (err = check_basics(c, member)) < 0 ||
	    (err = check_classifiers(c, member)) < 0 || (err = check_license(c, member)) < 0 ||
	    (err = check_license_files(c, member)) < 0 ||
	    (err = check_requirements(c, member)) < 0 ||
	    (err = check_content_type(c, member)) < 0 || (err = check_misc(c, member)) < 0)
		return err;
	return a->kind == SW_ARTIFACT_WHEEL ? check_entry_points(c) : 0;
}

/* Parses a version if it is valid (NULL otherwise); SW_ENOMEM only. */
static int parse_version(sw_version **out, const char *text)
{
	int err;
	*out = NULL;
	if (!text)
		return 0;
	err = sw_version_parse(out, text, strlen(text));
	sw_error_clear();
	return err == SW_ENOMEM ? err : 0;
}

int sw_artifact_check_pypi(sw_findings *findings, const sw_artifact *a,
                           const sw_artifact_check_opts *opts)
{
	const sw_artifact_name *n = sw_artifact_filename(a);
	struct pypi c = {.f = findings, .a = a, .md = a->md};
	int err;
	c.today = opts && opts->today ? opts->today : (int64_t)(time(NULL) / 86400);
	c.trove_extra = opts ? opts->trove_extra : NULL;
	if ((err = parse_version(&c.version,
	                         a->md ? sw_metadata_get(a->md, SW_MD_VERSION) : NULL)) < 0 ||
	    (err = parse_version(&c.name_version, n ? n->version : NULL)) < 0)
		goto done;
	if ((err = pypi_check_name(&c)) < 0)
		goto done;
	err = pypi_check_metadata(&c);
done:
	sw_version_free(c.version);
	sw_version_free(c.name_version);
	return err;
}
