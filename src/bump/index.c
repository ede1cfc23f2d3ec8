/*
 * bump/index.c — "is this version already on the index?": fetches the
 * project's Simple API page (PEP 691 JSON or PEP 503 HTML, SPECS.md §3),
 * takes the version out of each file name (wheel: second '-' field;
 * sdist: after the last '-') or the JSON "versions" list, and compares
 * with PEP 440 equality. Network trouble is reported, never fatal.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "bump/bump_int.h"
#include "slipway/http.h"
#include "slipway/pep440.h"
#include "slipway/pep508.h"
#include "util/util.h"

#define PAGE_MAX ((size_t)32 * 1024 * 1024)

static const char *const sdist_exts[] = {".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar"};

/* 1 if `text` (len bytes) is a version equal to `want`. */
static int version_is(const char *text, size_t len, const sw_version *want)
{
	sw_version *v = NULL;
	int same;
	if (sw_version_parse(&v, text, len) < 0)
		return 0;
	same = sw_version_compare(v, want) == 0;
	sw_version_free(v);
	return same;
}

/* Whether a distribution file name is of project `name` at `want`. */
static int filename_is(const char *fn, size_t len, const char *name, const sw_version *want)
{
	const char *dash, *dash2;
	size_t n = strlen(name);
	if (len > 4 && memcmp(fn + len - 4, ".whl", 4) == 0) {
		if (!(dash = memchr(fn, '-', len)) ||
		    !(dash2 = memchr(dash + 1, '-', len - (size_t)(dash + 1 - fn))))
			return 0;
		return sw_name_equal(fn, (size_t)(dash - fn), name, n) &&
		       version_is(dash + 1, (size_t)(dash2 - dash - 1), want);
	}
	for (size_t k = 0; k < SW_ARRAY_LEN(sdist_exts); k++) {
		size_t el = strlen(sdist_exts[k]);
		if (len <= el || memcmp(fn + len - el, sdist_exts[k], el) != 0)
			continue;
		len -= el;
		for (dash = NULL, dash2 = fn;
		     (dash2 = memchr(dash2, '-', len - (size_t)(dash2 - fn))); dash2++)
			dash = dash2;
		return dash && sw_name_equal(fn, (size_t)(dash - fn), name, n) &&
		       version_is(dash + 1, len - (size_t)(dash + 1 - fn), want);
	}
	return 0;
}

/* A PEP 691 page: its "versions" list (PEP 700) and its files' names. */
static int json_has(const char *body, size_t len, const char *name, const sw_version *want)
{
	json_error_t jerr;
	json_t *root = json_loadb(body, len, 0, &jerr), *arr, *item;
	size_t i;
	int found = 0;
	if (!json_is_object(root)) {
		json_decref(root);
		return sw_error_set(SW_EPARSE, "the index's JSON page is not an object: %s",
		                    jerr.text);
	}
	json_array_foreach(json_object_get(root, "versions"), i, item)
	{
		if (json_is_string(item) &&
		    version_is(json_string_value(item), json_string_length(item), want))
			found = 1;
	}
	arr = json_object_get(root, "files");
	json_array_foreach(arr, i, item)
	{
		json_t *fn = json_object_get(item, "filename");
		if (json_is_string(fn) &&
		    filename_is(json_string_value(fn), json_string_length(fn), name, want))
			found = 1;
	}
	json_decref(root);
	return found;
}

/* Anchor texts of the HTML page: <a ...>FILENAME</a>. */
static int html_has(const char *body, size_t len, const char *name, const sw_version *want)
{
	for (size_t i = 0; i + 2 < len; i++) {
		const char *gt, *lt;
		if (body[i] != '<' || (body[i + 1] != 'a' && body[i + 1] != 'A') ||
		    (body[i + 2] != ' ' && body[i + 2] != '\t' && body[i + 2] != '\n' &&
		     body[i + 2] != '>'))
			continue;
		if (!(gt = memchr(body + i, '>', len - i)))
			return 0;
		if (!(lt = memchr(gt, '<', len - (size_t)(gt - body))))
			return 0;
		if (filename_is(gt + 1, (size_t)(lt - gt - 1), name, want))
			return 1;
		i = (size_t)(lt - body) - 1;
	}
	return 0;
}

int sw_index_page_has_version(const char *body, size_t len, const char *name, const char *version)
{
	sw_version *want = NULL;
	size_t i = 0;
	int rc;
	if ((rc = sw_version_parse(&want, version, strlen(version))) < 0)
		return rc;
	while (i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
		i++;
	rc = i < len && body[i] == '{' ? json_has(body, len, name, want)
	                               : html_has(body, len, name, want);
	sw_version_free(want);
	return rc;
}

int sw_bump_index_check(int *exists, const char *index_url, const char *project,
                        const char *version)
{
	sw_http_opts opts = {5, 10, 16, 5};
	sw_buf url, page;
	long status = 0;
	int err;
	*exists = 0;
	if (!project || !version)
		return sw_error_set(SW_EINVAL, "no project or version given");
	if (!index_url)
		index_url = "https://pypi.org/simple/";
	sw_buf_init(&url, 8192);
	sw_buf_init(&page, PAGE_MAX);
	sw_buf_puts(&url, index_url);
	if (url.len && url.ptr[url.len - 1] != '/')
		sw_buf_putc(&url, '/');
	sw_name_normalize(&url, project, strlen(project));
	sw_buf_putc(&url, '/');
	if ((err = sw_buf_error(&url)) < 0) {
		err = sw_error_set(err, "out of memory");
		goto done;
	}
	err = sw_http_get(&page, &status, url.ptr, &opts);
	if (err < 0 && status == 404) {
		err = 0; /* a project the index does not know has no versions */
		goto done;
	}
	if (err == 0 && (err = sw_index_page_has_version(page.ptr ? page.ptr : "", page.len,
	                                                 project, version)) >= 0) {
		*exists = err;
		err = 0;
	}
	if (err < 0 && err != SW_ENOMEM) {
		char why[1024]; /* the message is rewritten: copy it first */
		snprintf(why, sizeof(why), "%s", sw_error_last());
		err = sw_error_set(SW_ENETWORK, "could not check the index: %s", why);
	}
done:
	sw_buf_free(&url);
	sw_buf_free(&page);
	return err;
}
